#!/usr/bin/env bash
# Runs every test: unit tests, standalone-mode tests, and cluster-mode integration tests against
# the real MariaDB, Redis, RabbitMQ and etcd on 127.0.0.1 (started, or installed on Debian as
# root, when missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
ensure_services "$root"
cd "$root"
say "running ./mvnw -B verify"
exec ./mvnw -B verify "$@"
