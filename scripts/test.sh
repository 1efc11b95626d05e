#!/usr/bin/env bash
# Runs every test: unit tests, standalone-mode tests (the web page's in headless Chromium), and
# cluster-mode integration tests against the real MariaDB, Redis, RabbitMQ and etcd on 127.0.0.1
# (started, or installed on Debian as root, when missing; so is Chromium).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
ensure_services "$root"
ensure_chromium
cd "$root"
say "running ./mvnw -B verify"
exec ./mvnw -B verify "$@"
