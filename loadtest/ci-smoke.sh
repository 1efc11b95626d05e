#!/usr/bin/env bash
# CI's load test at a small size, so that the generator and the server's hot path cannot rot:
# builds and tests the generator, starts a fresh cluster-mode node from target/gochat-server.jar
# on ports 39090-39093, runs upstream's scenario with 50 members, 50 online, 50 senders, 3 rounds,
# and fails when anything was lost, duplicated, out of order or not stored.
# Needs the jar (./mvnw package) and the services (scripts/test.sh starts them).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
cd "$root"
[ -f target/gochat-server.jar ] || die "target/gochat-server.jar is missing: run ./mvnw -B -DskipTests package first"

say "building and testing the load generator"
(cd loadtest && ../mvnw -B -q verify)

log=target/loadtest-node.log
say "starting a cluster node on 127.0.0.1:39090/39091/39092 (log in $log)"
"$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -jar target/gochat-server.jar \
  --app.mode=cluster --app.http-server-port=39090 --app.websocket-server-port=39091 --app.rpc-port=39092 \
  --management.server.port=39093 --jwt.sign-key=ci-smoke-example-key-not-a-secret \
  --app.password-strength=4 --log.target=console --log.level=warn >"$log" 2>&1 &
node=$!
trap 'kill "$node" 2>/dev/null; wait "$node" 2>/dev/null || true' EXIT
for ((i = 0; i < 90; i++)); do
  kill -0 "$node" 2>/dev/null || { tail -20 "$log"; die "the node exited; see $log"; }
  curl -fs http://127.0.0.1:39090/healthz 2>/dev/null | grep -q UP && break
  sleep 1
done
curl -fs http://127.0.0.1:39090/healthz | grep -q UP || die "the node did not come up within 90 s; see $log"

say "load test: 50 members, 50 online, 50 senders, 3 rounds"
loadtest/run.sh --phone 15500000000 --members 50 --online 50 --senders 50 --rounds 3 \
  --http http://127.0.0.1:39090 --ws ws://127.0.0.1:39091/ws --server-pid "$node" --json target/loadtest-smoke.json
