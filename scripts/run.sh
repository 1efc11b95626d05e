#!/usr/bin/env bash
# Builds and starts one node (REST 9090, WebSocket 9091, gRPC 9092) with the settings in
# application.yaml, after making sure MariaDB, Redis and RabbitMQ answer on 127.0.0.1.
# Extra arguments are passed to the server, e.g. --app.http-server-port=9190.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
ensure_services "$root"
cd "$root"
say "building target/gochat-server.jar"
./mvnw -B -q -DskipTests package
exec "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED \
  -jar target/gochat-server.jar "$@"
