#!/usr/bin/env bash
# Builds (when the sources changed) and starts one node (REST 9090, WebSocket 9091/ws, gRPC 9092 in
# cluster mode, management 9093 on 127.0.0.1) with the settings of application.yaml. Extra
# arguments go to the server, e.g. --app.http-server-port=9190.
#
#   scripts/run.sh                      standalone (the default): needs nothing but a JDK 25
#   scripts/run.sh --app.mode=cluster   cluster: first makes sure MariaDB, Redis, RabbitMQ and
#                                       etcd answer on 127.0.0.1 (starting or installing them);
#                                       needs the token key shared by all nodes, e.g.
#                                       JWT_SIGNKEY=$(openssl rand -base64 32) or --jwt.sign-key=...
# The node starts from a JDK AOT cache (target/aot, see scripts/aot-cache.sh): classes come loaded
# and linked and the JIT has the training run's method profiles, so the first messages are served
# by compiled code sooner. When the cache is missing or was made for another jar, a training run (about a
# minute, with the same arguments) makes it first. GOCHAT_AOT=0 starts without it.
#
#
# The heap is set explicitly: GOCHAT_HEAP (default 512m) is -Xms and -Xmx, and the JVM exits on an
# OutOfMemoryError (a supervisor restarts it) instead of serving errors. GOCHAT_JAVA_OPTS adds options.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
mode=${APP_MODE:-standalone}
key=${JWT_SIGNKEY:-}
http_port=${APP_HTTPSERVERPORT:-9090}
ws_port=${APP_WEBSOCKETSERVERPORT:-9091}
rpc_port=${APP_RPCPORT:-9092}
management_port=${MANAGEMENT_SERVER_PORT:-9093}
data_dir=${APP_DATADIR:-./data}
for arg in "$@"; do
  case "$arg" in
    --app.mode=*) mode=${arg#--app.mode=} ;;
    --app.http-server-port=*) http_port=${arg#*=} ;;
    --app.websocket-server-port=*) ws_port=${arg#*=} ;;
    --app.rpc-port=*) rpc_port=${arg#*=} ;;
    --management.server.port=*) management_port=${arg#*=} ;;
    --app.data-dir=*) data_dir=${arg#*=} ;;
    --jwt.sign-key=*) key=${arg#--jwt.sign-key=} ;;
  esac
done
cd "$root"

# A node already running: say so before building, not with a stack trace after.
lock="$data_dir/gochat.lock"
if [ "$mode" = standalone ] && [ -s "$lock" ]; then
  holder=$(tr -dc '0-9' <"$lock")
  if [ -n "$holder" ] && kill -0 "$holder" 2>/dev/null && grep -q java "/proc/$holder/cmdline" 2>/dev/null; then
    die "a node (pid $holder) already runs on the data directory $data_dir: stop it (kill $holder) or pass --app.data-dir=<another directory>"
  fi
fi
ports="$http_port:--app.http-server-port $ws_port:--app.websocket-server-port $management_port:--management.server.port"
[ "$mode" = cluster ] && ports="$ports $rpc_port:--app.rpc-port"
for entry in $ports; do
  port=${entry%%:*}
  if [ "$port" != 0 ] && listening "$port"; then
    die "port $port is already in use (is a node running? check with: ss -ltnp | grep :$port); stop it or pass ${entry#*:}=<another port>"
  fi
done

if [ "$mode" = cluster ]; then
  # the node refuses to start without it, unless an application.yaml of your own sets it
  [ -n "$key" ] || say "cluster mode needs jwt.sign-key (the same on every node): e.g. export JWT_SIGNKEY=\$(openssl rand -base64 32)"
  ensure_services "$root"
fi

jar=target/gochat-server.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml proto application.yaml sql -newer "$jar" -print -quit)" ]; then
  say "building $jar (the first build downloads about 190 MB; each step is shown)"
  # one line per build step instead of 90 silent seconds; everything on failure
  build_log=target/build.log
  mkdir -p target
  ./mvnw -B -DskipTests package >"$build_log.tmp" 2>&1 </dev/null &
  pid=$!
  shown=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 2
    total=$(grep -c '^\[INFO\] --- ' "$build_log.tmp" 2>/dev/null || true)
    if [ "${total:-0}" -gt "$shown" ]; then
      grep '^\[INFO\] --- ' "$build_log.tmp" | tail -n +"$((shown + 1))" | sed -E 's/^\[INFO\] --- ([^ ]+).*/[gochat]   build: \1/'
      shown=$total
    fi
  done
  if ! wait "$pid"; then
    mv "$build_log.tmp" "$build_log"
    tail -40 "$build_log"
    die "the build failed; the whole output is in $build_log"
  fi
  mv "$build_log.tmp" "$build_log"
  say "built $jar"
else
  say "$jar is up to date"
fi
heap=${GOCHAT_HEAP:-512m}
# the training run of scripts/aot-cache.sh uses the same flags: the JVM refuses a cache made with others
GOCHAT_JVM_FLAGS="-Xms$heap -Xmx$heap -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED ${GOCHAT_JAVA_OPTS:-}"
export GOCHAT_JVM_FLAGS
if [ "${GOCHAT_AOT:-1}" = 0 ]; then
  # shellcheck disable=SC2086
  exec "$JAVA_HOME/bin/java" $GOCHAT_JVM_FLAGS -jar "$jar" "$@"
fi
# the cache fits one jar: its content, not its time, says whether the cache is stale
if [ ! -f target/aot/gochat-server.aot ] || [ "$(sha256sum <"$jar")" != "$(cat target/aot/jar.sha256 2>/dev/null)" ]; then
  "$root/scripts/aot-cache.sh" "$@"
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $GOCHAT_JVM_FLAGS \
  -XX:AOTCache=target/aot/gochat-server.aot -jar target/aot/app/gochat-server.jar "$@"
