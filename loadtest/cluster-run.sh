#!/usr/bin/env bash
# One group-scenario run against one or two fresh cluster nodes on this machine, for comparing a
# two-node cluster with one node, or one build with another, in turns (A, B, A, B, ...).
#
# Starts an etcd of its own (port --etcd-port, a temporary data directory: no other cluster's nodes
# are seen), then --nodes nodes from --jar, one per address of --ips (same ports on each address,
# the same --jwt.sign-key), all on the machine's MariaDB, Redis and RabbitMQ; runs --warm one-round
# generator runs (JIT warm-up, not reported), then the measured run with the generator's connections
# alternating between the nodes (so senders and receivers are spread over both); reads each node's
# push-order counters from /actuator/prometheus; stops the nodes and etcd. Prints the generator's
# summary and one line
#   RUN <label> nodes=N lost=L dup=D outOfOrder=O perSecond=R durationMs=T held=H givenUp=G result=...
# which is also appended to --summary FILE (tab-separated) when given.
#
#   loadtest/cluster-run.sh --nodes 2 --label two-nodes --summary /tmp/runs.tsv -- \
#     --members 500 --online 500 --senders 500 --rounds 5
#   for i in 1 2; do                       # interleaved: machine noise hits both sides
#     loadtest/cluster-run.sh --nodes 2 --label two --summary /tmp/runs.tsv -- --rounds 5
#     loadtest/cluster-run.sh --nodes 1 --label one --summary /tmp/runs.tsv -- --rounds 5
#   done
#
# Options (before --; what follows -- goes to loadtest/run.sh group):
#   --nodes 1|2        nodes to start (default 2)
#   --jar PATH         server jar (default target/gochat-server.jar)
#   --ips A,B          node addresses (default 127.0.0.2,127.0.0.3); the first takes the REST calls
#   --port P           HTTP port; WebSocket P+1, gRPC P+2, management P+3 (default 21090)
#   --etcd-port P      the etcd of this run (default 22379; peer port P+1)
#   --sign-key K       --jwt.sign-key of every node (default: a fixed example key)
#   --warm N           one-round warm-up runs before the measured one (default 1)
#   --label L          names the run in the RUN line (default: nodes-N)
#   --summary FILE     appends the RUN line's fields to FILE
#   --node-arg ARG     an extra argument for every node (repeatable)
# Node logs: target/cluster-run-<ip>.log. Needs the machine's services (scripts/run.sh starts them)
# and, on a shared machine, exclusive use of them while it runs.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=../scripts/lib.sh
source "$root/scripts/lib.sh"

nodes=2 jar="$root/target/gochat-server.jar" ips=127.0.0.2,127.0.0.3 port=21090 etcd_port=22379
sign_key=cluster-run-example-key-not-a-secret warm=1 label="" summary="" node_args=()
usage() { sed -n '2,37p' "$0"; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes=$2; shift 2 ;; --jar) jar=$2; shift 2 ;; --ips) ips=$2; shift 2 ;;
    --port) port=$2; shift 2 ;; --etcd-port) etcd_port=$2; shift 2 ;; --sign-key) sign_key=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;; --label) label=$2; shift 2 ;; --summary) summary=$2; shift 2 ;;
    --node-arg) node_args+=("$2"); shift 2 ;;
    --) shift; break ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
done
generator_args=("$@")
label=${label:-nodes-$nodes}
[ -f "$jar" ] || die "$jar is missing: run ./mvnw -B -DskipTests package first"
use_jdk25
IFS=, read -r -a all_ips <<<"$ips"
[ "${#all_ips[@]}" -ge "$nodes" ] || die "--ips names ${#all_ips[@]} addresses for $nodes nodes"
node_ips=("${all_ips[@]:0:$nodes}")

pids=() etcd_pid="" etcd_dir=$(mktemp -d /tmp/cluster-run-etcd.XXXXXX)
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -n "$etcd_pid" ] && { kill "$etcd_pid" 2>/dev/null || true; wait "$etcd_pid" 2>/dev/null || true; }
  rm -rf "$etcd_dir"
}
trap cleanup EXIT

etcd --data-dir "$etcd_dir/data" --listen-client-urls "http://127.0.0.1:$etcd_port" \
  --advertise-client-urls "http://127.0.0.1:$etcd_port" --listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
  --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
  --initial-cluster "default=http://127.0.0.1:$((etcd_port + 1))" >"$etcd_dir/etcd.log" 2>&1 &
etcd_pid=$!
wait_for_port "$etcd_port" etcd 30

mkdir -p "$root/target"
ws=""
for ip in "${node_ips[@]}"; do
  "$JAVA_HOME/bin/java" -XX:+UseCompactObjectHeaders --enable-native-access=ALL-UNNAMED -jar "$jar" \
    --app.mode=cluster --app.ip="$ip" --app.http-server-port="$port" --app.websocket-server-port=$((port + 1)) \
    --app.rpc-port=$((port + 2)) --management.server.port=$((port + 3)) --management.server.address="$ip" \
    --etcd.endpoints="http://127.0.0.1:$etcd_port" --jwt.sign-key="$sign_key" --app.password-strength=4 \
    --log.target=console --log.level=warn "${node_args[@]}" >"$root/target/cluster-run-$ip.log" 2>&1 &
  pids+=($!)
  ws="${ws:+$ws,}ws://$ip:$((port + 1))/ws"
done
for i in "${!node_ips[@]}"; do
  ip=${node_ips[$i]}
  for ((t = 0; t < 120; t++)); do
    kill -0 "${pids[$i]}" 2>/dev/null || { tail -20 "$root/target/cluster-run-$ip.log"; die "node $ip exited"; }
    curl -fs "http://$ip:$((port + 3))/actuator/health/readiness" 2>/dev/null | grep -q UP && break
    sleep 1
  done
  curl -fs "http://$ip:$((port + 3))/actuator/health/readiness" | grep -q UP || die "node $ip not up within 120 s"
done
say "$nodes node(s) up: $ws"

http="http://${node_ips[0]}:$port"
for ((w = 1; w <= warm; w++)); do
  say "warm-up run $w"
  "$here/run.sh" group --http "$http" --ws "$ws" "${generator_args[@]}" --rounds 1 >/dev/null 2>&1 || true
done
json=$(mktemp /tmp/cluster-run.XXXXXX.json)
status=0
"$here/run.sh" group --http "$http" --ws "$ws" "${generator_args[@]}" --json "$json" || status=$?

counter() { # ip metric
  curl -fs "http://$1:$((port + 3))/actuator/prometheus" | awk -v m="$2" '$1 ~ "^"m"({|$)" { s += $NF } END { printf "%d", s }'
}
held=0 given_up=0
for ip in "${node_ips[@]}"; do
  held=$((held + $(counter "$ip" gochat_pushes_held_total)))
  given_up=$((given_up + $(counter "$ip" gochat_pushes_gaps_given_up_total)))
done
line=$(python3 - "$json" "$label" "$nodes" "$held" "$given_up" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
d = j["deliveries"]
fields = [
    ("nodes", sys.argv[3]), ("lost", d.get("lost")), ("dup", d.get("duplicated")),
    ("outOfOrder", d.get("outOfOrder")), ("perSecond", d.get("perSecond")),
    ("durationMs", d.get("durationMs")), ("held", sys.argv[4]), ("givenUp", sys.argv[5]),
    ("result", "PASS" if j.get("passed") else "FAIL"),
]
print(sys.argv[2] + "\t" + "\t".join(f"{k}={v}" for k, v in fields))
EOF
)
rm -f "$json"
echo "RUN ${line//$'\t'/ }"
[ -n "$summary" ] && printf '%s\t%s\n' "$(date -u +%FT%TZ)" "$line" >>"$summary"
exit "$status"
