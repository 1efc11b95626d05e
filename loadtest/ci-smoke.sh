#!/usr/bin/env bash
# CI's load test at a small size, so that the generator and the server's hot path cannot rot:
# builds and tests the generator, starts a fresh cluster-mode node from target/gochat-server.jar
# on ports 29090-29093, runs upstream's scenario with 50 members, 50 online, 50 senders, 3 rounds,
# and fails when anything was lost, duplicated, out of order or not stored, or when the node's
# own metrics (/actuator/prometheus on the management port) disagree with the generator's counts.
# Needs the jar (./mvnw package) and the services (scripts/test.sh starts them).
# The ports lie below Linux's ephemeral range (32768-60999): a port in it can be held at any
# moment as the local end of some outgoing connection, and the node then cannot bind it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/scripts/lib.sh"
use_jdk25
cd "$root"
[ -f target/gochat-server.jar ] || die "target/gochat-server.jar is missing: run ./mvnw -B -DskipTests package first"

say "building and testing the load generator"
(cd loadtest && ../mvnw -B -q verify)

log=target/loadtest-node.log
say "starting a cluster node on 127.0.0.1:29090/29091/29092, management 29093 (log in $log)"
"$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -jar target/gochat-server.jar \
  --app.mode=cluster --app.http-server-port=29090 --app.websocket-server-port=29091 --app.rpc-port=29092 \
  --management.server.port=29093 --jwt.sign-key=ci-smoke-example-key-not-a-secret \
  --app.password-strength=4 --log.target=console --log.level=warn >"$log" 2>&1 &
node=$!
trap 'kill "$node" 2>/dev/null; wait "$node" 2>/dev/null || true' EXIT
for ((i = 0; i < 90; i++)); do
  kill -0 "$node" 2>/dev/null || { tail -20 "$log"; die "the node exited; see $log"; }
  curl -fs http://127.0.0.1:29093/actuator/health/readiness 2>/dev/null | grep -q UP && break
  sleep 1
done
curl -fs http://127.0.0.1:29093/actuator/health/readiness | grep -q UP || die "the node did not come up within 90 s; see $log"

say "load test: 50 members, 50 online, 50 senders, 3 rounds"
loadtest/run.sh --phone 15500000000 --members 50 --online 50 --senders 50 --rounds 3 \
  --http http://127.0.0.1:29090 --ws ws://127.0.0.1:29091/ws --server-pid "$node" --json target/loadtest-smoke.json

# The node's metrics against the generator's counts, exactly (tolerance 0): messages accepted,
# pushes queued for this node's connections (= pushes received: none lost), retransmits ignored.
json=target/loadtest-smoke.json
metrics=$(curl -fs http://127.0.0.1:29093/actuator/prometheus) || die "cannot read /actuator/prometheus"
field() { grep -o "\"$1\" *: *[0-9]*" "$json" | head -1 | grep -o '[0-9]*$'; }
metric() { printf '%s\n' "$metrics" | grep "^$1" | grep -F "$2" | awk '{ s += $NF } END { printf "%d", s }'; }
check() { # what generator node
  if [ "$2" = "$3" ]; then say "metrics: $1 $3 (generator: $2)"; else die "metrics: $1 is $3 on the node, the generator counted $2"; fi
}
check "messages in (gochat_messages_in_total)" "$(field messagesSent)" "$(metric gochat_messages_in_total 'session="group"')"
check "pushes (gochat_pushes_total{route=local})" "$(field pushesReceived)" "$(metric gochat_pushes_total 'route="local"')"
check "retransmits (gochat_messages_retransmits_total)" "$(field retransmits)" "$(metric gochat_messages_retransmits_total '')"
