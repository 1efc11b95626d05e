#!/usr/bin/env bash
# Makes a JDK 25 AOT cache (JEP 483/514/515: classes loaded and linked, and method profiles) for
# target/gochat-server.jar by a training run: the jar is extracted to target/aot/app (the AOT cache
# only holds classes loaded from plain jars on the class path, not from the nested jars of the
# executable jar), a node is started from there with -XX:AOTCacheOutput and the arguments given,
# the load generator drives group rounds through it, and the node is stopped: on exit the JVM writes
# target/aot/gochat-server.aot. scripts/run.sh then starts the node with -XX:AOTCache=... .
#
#   scripts/aot-cache.sh [node arguments]       train a node on the ports the arguments name
# By default the training node runs standalone, in a temporary data directory: training users and
# their messages never reach a cluster's database. A cluster node started from that cache still
# loads its cluster-only classes (RabbitMQ, Redis, gRPC, etcd clients) and profiles them at run
# time. AOT_TRAINING_MODE=cluster trains a cluster node instead, with the arguments given: point
# them at services kept for training (a database, a Redis database and a RabbitMQ vhost of their
# own, e.g. --spring.data.redis.database=15), never at a live cluster's, since the training
# registers users and stores their messages there.
# AOT_TRAINING="--members 200 --online 200 --senders 200 --rounds 10" sets the training load.
# Needs the jar built (scripts/run.sh builds it); builds the load generator when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
cd "$root"
jar=target/gochat-server.jar
[ -f "$jar" ] || die "$jar is missing: build it first (./mvnw -B -q -DskipTests package)"
http_port=9090 ws_port=9091
strength=(--app.password-strength=4)
training_args=()
training_mode=${AOT_TRAINING_MODE:-standalone}
case "$training_mode" in
  standalone|cluster) ;;
  *) die "AOT_TRAINING_MODE=$training_mode (expected: standalone or cluster)" ;;
esac
for arg in "$@"; do
  case "$arg" in
    --app.mode=*) continue ;;
  esac
  training_args+=("$arg")
  case "$arg" in
    --app.http-server-port=*) http_port=${arg#*=} ;;
    --app.websocket-server-port=*) ws_port=${arg#*=} ;;
    # given twice, Spring would bind "4,4"
    --app.password-strength=*) strength=() ;;
  esac
done
rm -rf target/aot
mkdir -p target/aot
"$JAVA_HOME/bin/java" -Djarmode=tools -jar "$jar" extract --destination target/aot/app >/dev/null
data_dir=$(mktemp -d)
say "AOT training run: $training_mode node on 127.0.0.1:$http_port, log in target/aot/training.log"
# the flags must be those the node runs with (scripts/run.sh), else the JVM refuses the cache
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${GOCHAT_JVM_FLAGS:--XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED} \
  -XX:AOTCacheOutput=target/aot/gochat-server.aot -jar target/aot/app/gochat-server.jar \
  --app.data-dir="$data_dir" "${strength[@]}" "${training_args[@]}" --app.mode="$training_mode" >target/aot/training.log 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$data_dir"' EXIT
for _ in $(seq 1 600); do
  kill -0 "$pid" 2>/dev/null || die "the training node exited, see target/aot/training.log"
  curl -s -o /dev/null -m 1 "http://127.0.0.1:$http_port/" && break
  sleep 0.2
done
# shellcheck disable=SC2086
"$root/loadtest/run.sh" group --http "http://127.0.0.1:$http_port" --ws "ws://127.0.0.1:$ws_port/ws" \
  --phone 19900000000 --no-db-check --timeout 60 \
  ${AOT_TRAINING:---members 200 --online 200 --senders 200 --rounds 10} >target/aot/training-load.log 2>&1 ||
  say "the training load reported a problem (see target/aot/training-load.log); the cache is made anyway"
kill -0 "$pid" 2>/dev/null || die "the training node exited during the training load, see target/aot/training.log"
kill -TERM "$pid"
wait "$pid" || true
trap 'rm -rf "$data_dir"' EXIT
[ -f target/aot/gochat-server.aot ] || die "no AOT cache was written, see target/aot/training.log"
sha256sum <"$jar" >target/aot/jar.sha256
say "AOT cache: target/aot/gochat-server.aot ($(du -h target/aot/gochat-server.aot | cut -f1))"
