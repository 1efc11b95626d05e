#!/usr/bin/env bash
# Runs the attacks of docs/security.md ("Limits") against a fresh standalone node, one node per
# attack, and prints one JSON line per attack: a legitimate user's message round trip (p50, p99,
# max), its messages not acknowledged, the node's peak RSS and the OutOfMemoryErrors in its log.
#
#   loadtest/attack.sh                                   all attacks, target/gochat-server.jar, 512m heap
#   loadtest/attack.sh --jar /tmp/old.jar --heap 2g sync-flood
#   loadtest/attack.sh --seconds 20 none sync-flood idle-sockets login-flood
#
# Options: --jar (server jar), --heap (-Xms/-Xmx of the node, "default" for none), --seconds
# (length of each attack, default 30), --port-base (REST port; WebSocket +1, gRPC +2, management +3; default
# 20390), --node-opt (extra node argument, repeatable), --generator-opt (extra argument of the
# attack scenario, repeatable, e.g. --generator-opt --sockets=19000). Traffic goes to 127.0.0.0/8 only and
# each attack is bounded in time. The node runs with password-strength 10 (the default).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../scripts/lib.sh
source "$here/../scripts/lib.sh"
use_jdk25

jar="$here/../target/gochat-server.jar"
heap=512m
seconds=30
port=20390
node_opts=()
generator_opts=()
attacks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --heap) heap=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --port-base) port=$2; shift 2 ;;
    --node-opt) node_opts+=("$2"); shift 2 ;;
    --generator-opt) generator_opts+=("$2"); shift 2 ;;
    -*) die "unknown option $1" ;;
    *) attacks+=("$1"); shift ;;
  esac
done
[ ${#attacks[@]} -gt 0 ] || attacks=(none sync-flood idle-sockets login-flood)
[ -f "$jar" ] || die "no server jar at $jar (build it: ./mvnw -B -q -DskipTests package)"
loadtest="$here/target/gochat-loadtest.jar"
if [ ! -f "$loadtest" ] || [ -n "$(find "$here/src/main" "$here/pom.xml" -newer "$loadtest" -print -quit)" ]; then
  (cd "$here" && ../mvnw -B -q -DskipTests package) || die "the load generator did not build"
fi

heap_opts=()
[ "$heap" = default ] || heap_opts=(-Xms"$heap" -Xmx"$heap")
for attack in "${attacks[@]}"; do
  work=$(mktemp -d /tmp/gochat-attack.XXXXXX)
  log="$work/node.log"
  # run in the work directory: only the jar's own application.yaml applies
  (cd "$work" && exec "$JAVA_HOME/bin/java" "${heap_opts[@]}" -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError \
    -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -jar "$jar" \
    --app.mode=standalone --app.data-dir="$work/data" --app.http-server-port="$port" \
    --app.websocket-server-port=$((port + 1)) --app.rpc-port=$((port + 2)) \
    --management.server.port=$((port + 3)) --log.target=console --log.level=info "${node_opts[@]}") >"$log" 2>&1 &
  node=$!
  for _ in $(seq 1 240); do
    grep -q "Started GoChatApplication" "$log" && break
    kill -0 "$node" 2>/dev/null || die "the node exited: $log"
    sleep 1
  done
  "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders -jar "$loadtest" attack --attack "$attack" \
    --http "http://127.0.0.1:$port" --ws-port $((port + 1)) --seconds "$seconds" \
    --server-pid "$node" --server-log "$log" "${generator_opts[@]}" || say "attack $attack: the generator failed"
  alive=yes
  kill -0 "$node" 2>/dev/null || alive="no (exited)"
  say "attack $attack: node alive after the attack: $alive; log $log"
  kill "$node" 2>/dev/null || true
  wait "$node" 2>/dev/null || true
done
