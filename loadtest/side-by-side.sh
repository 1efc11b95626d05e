#!/usr/bin/env bash
# Runs the same group scenario against two GoChat nodes in turns (A, B, A, B, ...) so that the noise
# of a shared machine hits both, and prints each turn, the ratio A/B per pair and the spread.
#
# A turn starts its node with the given command (a fresh process: the JVM has compiled nothing yet),
# times start-up to the first HTTP answer, runs --warm single rounds (the first is the fresh node's
# first round, the last the warm round), then one run of --rounds rounds, and stops the node. The
# node's CPU time (utime + stime of /proc/<pid>/stat) is read when the client starts sending and when
# the last delivery arrived. After the client finished, the rows stored since the run started are
# counted until all are there (or --rows-timeout passed).
#
# Both nodes must use the same database (--db), which holds the message table whose size is stated.
# Give each node its own Redis/RabbitMQ vhost if they could run at once; this script runs them
# strictly in turns. Each run registers its users afresh (phone numbers from --phone up).
#
#   loadtest/side-by-side.sh \
#     --a-name java --a-start 'java -jar target/gochat-server.jar --app.mode=cluster ...' \
#     --a-http http://127.0.0.1:19190 --a-ws ws://127.0.0.1:19191 \
#     --b-name go --b-start 'cd /path/to/a/gochat/node/you/built && exec ./gochat' \
#     --b-http http://127.0.0.1:19290 --b-ws ws://127.0.0.1:19291 \
#     --db gochat_bench --pairs 3 --client ours
#
# --client ours       this project's generator (loadtest/run.sh group): it also reports duplicated and
#                     out-of-order pushes
# --client CMD        any client with upstream GoChat's ws_benchmark flags (-http -ws -pn -gn -on -sn -tn)
#                     that exits after the last receipt and prints "RESULT elapsed_ms=N received=N
#                     expected=N", and prints a line containing 开始计时 when it starts sending (as
#                     upstream's does)
# Start commands run under bash; they must exec the node (the pid started is the node's pid).
# --a-after/--b-after CMD runs after each turn of that side, once its node stopped: e.g. to empty the
# node's message queue of rows not stored within --rows-timeout, so that the next turn of either
# side does not pay for them (say so when reporting: those rows were not stored by that node).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

pairs=3 warm=4 rounds=10 members=500 online=500 senders=500 client=ours db=gochat_bench
mysql_cmd="mysql -uroot" phone=14000000000 out=/tmp/side-by-side rows_timeout=60 start_timeout=120
declare -A name start http ws after
usage() { sed -n '2,32p' "$0"; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --a-name) name[a]=$2 ;; --a-start) start[a]=$2 ;; --a-http) http[a]=$2 ;; --a-ws) ws[a]=$2 ;;
    --b-name) name[b]=$2 ;; --b-start) start[b]=$2 ;; --b-http) http[b]=$2 ;; --b-ws) ws[b]=$2 ;;
    --a-after) after[a]=$2 ;; --b-after) after[b]=$2 ;;
    --pairs) pairs=$2 ;; --warm) warm=$2 ;; --rounds) rounds=$2 ;; --members) members=$2 ;;
    --online) online=$2 ;; --senders) senders=$2 ;; --client) client=$2 ;; --db) db=$2 ;;
    --mysql) mysql_cmd=$2 ;; --phone) phone=$2 ;; --out) out=$2 ;; --rows-timeout) rows_timeout=$2 ;;
    --start-timeout) start_timeout=$2 ;;
    -h|--help) usage ;;
    *) echo "unknown option $1" >&2; usage ;;
  esac
  shift 2
done
for s in a b; do
  [ -n "${start[$s]:-}" ] && [ -n "${http[$s]:-}" ] && [ -n "${ws[$s]:-}" ] || { echo "--$s-start, --$s-http and --$s-ws are required" >&2; exit 2; }
  name[$s]=${name[$s]:-$s}
done
mkdir -p "$out"
sql() { $mysql_cmd -N -B "$db" -e "$1"; }
now_ms() { date +%s%3N; }
hz=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
node_pid=""
stop_node() {
  if [ -n "$node_pid" ] && kill -0 "$node_pid" 2>/dev/null; then
    kill "$node_pid"
    for _ in $(seq 1 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$node_pid" 2>/dev/null || true
  fi
  node_pid=""
}
trap stop_node EXIT

# one client run against side $1 with $2 rounds; sets: elapsed_ms received expected cpu_s rows_s rows_ok,
# and dup lost ooo (only this project's generator tells them; "-" for another client)
run_client() {
  local s=$1 r=$2 log=$3 base pn cpu0="" cpu1="" line t
  base=$(sql "SELECT COALESCE(MAX(id), 0) FROM message")
  pn=$phone; phone=$((phone + members))
  elapsed_ms="" received="" expected="" dup="-" lost="-" ooo="-"
  if [ "$client" = ours ]; then
    cmd=("$here/run.sh" group --http "${http[$s]}" --ws "${ws[$s]}/ws" --phone "$pn" --members "$members"
      --online "$online" --senders "$senders" --rounds "$r" --no-db-check --timeout 120 --json "$log.json")
    start_mark="sending" end_mark="deliveries done"
  else
    read -r -a cmd <<<"$client"
    cmd+=(-http "${http[$s]}" -ws "${ws[$s]}" -pn "$pn" -gn "$members" -on "$online" -sn "$senders" -tn "$r")
    start_mark="开始计时" end_mark="RESULT"
  fi
  while IFS= read -r line; do
    printf '%s %s\n' "$(now_ms)" "$line" >>"$log"
    case "$line" in
      *"$start_mark"*) cpu0=$(cpu_ticks "$node_pid") ;;
    esac
    case "$line" in
      *"$end_mark"*) cpu1=$(cpu_ticks "$node_pid"); t=$(now_ms) ;;
    esac
    case "$line" in
      RESULT*) eval "$(sed 's/^RESULT //' <<<"$line")" ;;
    esac
  done < <("${cmd[@]}" 2>&1)
  [ -n "$cpu1" ] || t=$(now_ms)
  if [ "$client" = ours ] && [ -f "$log.json" ]; then
    eval "$(python3 - "$log.json" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
d = j["deliveries"]
print(f'elapsed_ms={d["durationMs"]} received={d["received"]} expected={d["expected"]} dup={d["duplicated"] + d["duplicatedAcks"]} lost={d["lost"]} ooo={d["outOfOrder"]}')
EOF
)"
  fi
  cpu_s=$( [ -n "$cpu0" ] && [ -n "$cpu1" ] && awk -v a="$cpu0" -v b="$cpu1" -v hz="$hz" 'BEGIN{printf "%.2f", (b-a)/hz}' || echo "")
  # rows: every member's copy of every message
  local want=$((r * senders * members)) got=0 deadline=$(( $(now_ms) + rows_timeout * 1000 ))
  while :; do
    got=$(sql "SELECT COUNT(*) FROM message WHERE id > $base")
    [ "$got" -ge "$want" ] && break
    [ "$(now_ms)" -ge "$deadline" ] && break
    sleep 0.2
  done
  rows_s=$(awk -v a="$t" -v b="$(now_ms)" 'BEGIN{printf "%.1f", (b-a)/1000}')
  rows_ok="$got/$want"
}

results="$out/results.tsv"
printf 'pair\tside\tname\tstartup_ms\tfresh_ms\twarm_ms\trounds_ms\treceived\texpected\tdup\tlost\tout_of_order\tcpu_s\tcpu_s_per_M\trows\trows_after_s\trows_in_table\n' >"$results"
rows_before=$(sql "SELECT COUNT(*) FROM message")
echo "message table: $rows_before rows before the first run; client: $client; $members members, $online online, $senders senders; $rounds rounds"

turn() { # pair side
  local p=$1 s=$2 t0 startup fresh warm_ms i log
  log="$out/$p-${name[$s]}"
  rm -f "$log".*
  t0=$(now_ms)
  bash -c "${start[$s]}" >"$log.node.log" 2>&1 &
  node_pid=$!
  until curl -s -o /dev/null -m 1 "${http[$s]}/" ; do
    kill -0 "$node_pid" 2>/dev/null || { echo "${name[$s]} exited during start-up, see $log.node.log" >&2; exit 1; }
    [ $(( $(now_ms) - t0 )) -lt $((start_timeout * 1000)) ] || { echo "${name[$s]} did not answer in ${start_timeout}s" >&2; exit 1; }
    sleep 0.05
  done
  startup=$(( $(now_ms) - t0 ))
  fresh="" warm_ms=""
  for i in $(seq 1 "$warm"); do
    run_client "$s" 1 "$log.round$i"
    [ "$i" = 1 ] && fresh=$elapsed_ms
    warm_ms=$elapsed_ms
  done
  run_client "$s" "$rounds" "$log.rounds"
  local per_m
  per_m=$(awk -v c="$cpu_s" -v n="$received" 'BEGIN{ if (c != "" && n > 0) printf "%.1f", c / (n / 1e6); }')
  stop_node
  [ -z "${after[$s]:-}" ] || bash -c "${after[$s]}" >>"$log.node.log" 2>&1 || true
  local in_table
  in_table=$(sql "SELECT COUNT(*) FROM message")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$s" "${name[$s]}" "$startup" "$fresh" "$warm_ms" \
    "$elapsed_ms" "$received" "$expected" "$dup" "$lost" "$ooo" "$cpu_s" "$per_m" "$rows_ok" "$rows_s" "$in_table" >>"$results"
  printf '  %-6s start-up %5s ms | 1st round (fresh) %5s ms | round %s %5s ms | %s rounds %6s ms, %s/%s received, dup %s, lost %s, out of order %s | node CPU %s s = %s s per million deliveries | rows %s, all %s s after the last delivery | table %s rows\n' \
    "${name[$s]}" "$startup" "$fresh" "$warm" "$warm_ms" "$rounds" "$elapsed_ms" "$received" "$expected" "$dup" "$lost" "$ooo" "$cpu_s" "$per_m" "$rows_ok" "$rows_s" "$in_table"
}

for p in $(seq 1 "$pairs"); do
  echo "pair $p"
  turn "$p" a
  turn "$p" b
done

python3 - "$results" "${name[a]}" "${name[b]}" <<'EOF'
import csv, sys, statistics
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
a, b = sys.argv[2], sys.argv[3]
cols = [("startup_ms", "start-up to first answer, ms"), ("fresh_ms", "1st round on a fresh node, ms"),
        ("warm_ms", "last single round (warm), ms"), ("rounds_ms", "all rounds, ms"),
        ("cpu_s_per_M", "node CPU s per million deliveries")]
def num(v):
    try: return float(v)
    except (TypeError, ValueError): return None
def spread(xs):
    xs = [x for x in xs if x is not None]
    if not xs: return "-"
    return f"{min(xs):g} / {statistics.median(xs):g} / {max(xs):g}"
print(f"\n{'':38} {a + ' min/median/max':>26} {b + ' min/median/max':>26} {a + '/' + b + ' per pair':>32}")
pairs = sorted({r["pair"] for r in rows}, key=int)
for key, label in cols:
    xa = [num(r[key]) for r in rows if r["name"] == a]
    xb = [num(r[key]) for r in rows if r["name"] == b]
    ratios = []
    for p in pairs:
        va = [num(r[key]) for r in rows if r["pair"] == p and r["name"] == a]
        vb = [num(r[key]) for r in rows if r["pair"] == p and r["name"] == b]
        if va and vb and va[0] is not None and vb[0]:
            ratios.append(round(va[0] / vb[0], 2))
    print(f"{label:38} {spread(xa):>26} {spread(xb):>26} {' '.join(map(str, ratios)) + ' (' + spread(ratios) + ')':>32}")
EOF
echo "message table: $(sql "SELECT COUNT(*) FROM message") rows after the last run; per-run logs in $out"
