#!/usr/bin/env bash
# Builds and starts one node (REST 9090, WebSocket 9091/ws, gRPC 9092 in cluster mode) with the
# settings of application.yaml. Extra arguments go to the server, e.g. --app.http-server-port=9190.
#
#   scripts/run.sh                      standalone (the default): needs nothing but a JDK 25
#   scripts/run.sh --app.mode=cluster   cluster: first makes sure MariaDB, Redis, RabbitMQ and
#                                       etcd answer on 127.0.0.1 (starting or installing them);
#                                       needs the token key shared by all nodes, e.g.
#                                       JWT_SIGNKEY=$(openssl rand -base64 32) or --jwt.sign-key=...
#
# The heap is set explicitly: GOCHAT_HEAP (default 512m) is -Xms and -Xmx, and the JVM exits on an
# OutOfMemoryError (a supervisor restarts it) instead of serving errors. GOCHAT_JAVA_OPTS adds options.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
mode=${APP_MODE:-standalone}
key=${JWT_SIGNKEY:-}
for arg in "$@"; do
  case "$arg" in
    --app.mode=*) mode=${arg#--app.mode=} ;;
    --jwt.sign-key=*) key=${arg#--jwt.sign-key=} ;;
  esac
done
if [ "$mode" = cluster ]; then
  # the node refuses to start without it, unless an application.yaml of your own sets it
  [ -n "$key" ] || say "cluster mode needs jwt.sign-key (the same on every node): e.g. export JWT_SIGNKEY=\$(openssl rand -base64 32)"
  ensure_services "$root"
fi
cd "$root"
say "building target/gochat-server.jar"
./mvnw -B -q -DskipTests package
heap=${GOCHAT_HEAP:-512m}
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" -Xms"$heap" -Xmx"$heap" -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError \
  -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED ${GOCHAT_JAVA_OPTS:-} \
  -jar target/gochat-server.jar "$@"
