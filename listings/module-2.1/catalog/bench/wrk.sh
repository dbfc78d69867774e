#!/usr/bin/env bash
# Throughput: catalog against a minimal axum hello-world, on this machine, in one run.
#
#   bench/wrk.sh                  # one 10 s run per scenario
#   RUNS=3 DURATION=10s bench/wrk.sh   # three rounds, every scenario once per round
#
# Loopback only. The server is pinned to CPU 0 with one Tokio worker thread, wrk to CPU 1 with
# one thread, so the two do not fight over a core (this machine has 2). wrk is closed-loop: its
# 32 connections each send the next request as soon as the last answer arrives. That keeps the
# server's core busy only if wrk can keep up; a fast server outruns one wrk thread, and then
# requests/s measures wrk. So the script also reads the server's CPU time (utime + stime of
# every thread, from /proc/PID/stat) before and after each run, and reports
#
#   cpu us/req   the server's CPU time per request: its cost, whether it was saturated or not
#   util         that CPU time over the run's wall time, on the server's one core
#
# A run below 95% utilization is marked "*": its requests/s is not the server's capacity and
# the summary leaves it out of the requests/s column. The ratio compares costs: hello's CPU
# time per request over the scenario's, which is what the ratio of throughputs would be with
# both servers saturated. Latency against offered load is bench/sweep.sh's job.
set -euo pipefail

RUNS=${RUNS:-1}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
HELLO_ADDR=127.0.0.1:18091
CATALOG_ADDR=127.0.0.1:18092
MIN_UTIL=${MIN_UTIL:-95}
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"
TICKS=$(getconf CLK_TCK)

# shellcheck source=lib.sh
source bench/lib.sh

# run_wrk NAME URL [LUA] -> one run of round $ROUND, printed as a row
run_wrk() {
  local name=$1 url=$2 script=${3:-}
  local args=(-t1 -c"$CONNECTIONS" -d"$DURATION" --latency)
  [[ -n "$script" ]] && args+=(-s "$script")
  local run=$ROUND
  local out rps p50 requests before after began ended cpu util mark
  before=$(cpu_ticks "$SERVER_PID")
  began=$(date +%s.%N)
  out=$(taskset -c 1 wrk "${args[@]}" "$url")
  ended=$(date +%s.%N)
  after=$(cpu_ticks "$SERVER_PID")
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then
    # A shed request (503) is cheaper than a served one: it would flatter the throughput.
    echo "warning: $name had non-2xx responses: $(grep Non-2xx <<<"$out")" >&2
  fi
  read -r cpu util < <(awk -v t=$((after - before)) -v hz="$TICKS" -v n="$requests" \
    -v b="$began" -v e="$ended" 'BEGIN { s = t / hz; printf "%.1f %.0f\n", s * 1e6 / n, 100 * s / (e - b) }')
  mark=""
  ((util < MIN_UTIL)) && mark="*"
  printf '%-40s %3s %11s %11s %5s%% %-1s %10s\n' "$name" "$run" "$rps" "$cpu" "$util" "$mark" "$p50"
  printf '%s\t%s\t%s\t%s\n' "$name" "$rps" "$cpu" "$util" >>"$WORK/rows.tsv"
}

# Per scenario: the median requests/s of its saturated runs, the median CPU time per request of
# all its runs, and hello (text)'s CPU time per request over that.
summary() {
  echo
  echo "median of $RUNS run(s) per scenario; req/s only from runs at >= $MIN_UTIL% server CPU;"
  echo "ratio = hello GET / (text) cpu us/req / this scenario's (the throughput ratio at saturation)"
  printf '%-40s %11s %11s %8s\n' scenario "req/s" "cpu us/req" ratio
  awk -F'\t' -v min="$MIN_UTIL" '
    function median(list, k,    a, b, t) {
      for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++)
        if (list[b] + 0 < list[a] + 0) { t = list[a]; list[a] = list[b]; list[b] = t }
      return list[int((k + 1) / 2)]
    }
    { name[NR] = $1; rps[NR] = $2; cpu[NR] = $3; util[NR] = $4
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END {
      for (i = 1; i <= n; i++) {
        k = 0; s = 0; delete c; delete r
        for (x = 1; x <= NR; x++) if (name[x] == order[i]) {
          c[++k] = cpu[x]
          if (util[x] + 0 >= min) r[++s] = rps[x]
        }
        m = median(c, k)
        if (i == 1) base = m
        printf "%-40s %11s %11.1f %8.2f\n", order[i], (s ? median(r, s) : "-"), m, base / m
      }
    }' "$WORK/rows.tsv"
}

start_catalog() { # start_catalog STORE LOG
  rm -f "$WORK"/bench.db*
  # --drain-delay-ms 0: nobody polls /ready here, and the next scenario needs the port at once.
  taskset -c 0 "$BIN" --addr "$CATALOG_ADDR" --db "$WORK/bench.db" --store "$1" --log "$2" \
    --workers 1 --drain-delay-ms 0 2>/dev/null &
  SERVER_PID=$!
  wait_ready "$CATALOG_ADDR"
  seed_product "$CATALOG_ADDR"
}

echo "wrk -t1 -c$CONNECTIONS -d$DURATION; server: 1 Tokio worker on CPU 0; wrk on CPU 1; $(nproc) CPUs"
printf '%-40s %3s %11s %11s %6s %1s %10s\n' scenario run "req/s" "cpu us/req" util "" "p50 (queued)"

# The scenarios run in rounds, each round all of them in turn, so that a machine that speeds up
# or slows down during the script (a virtual one does) moves every scenario alike, and the
# medians of the rounds are compared. Each round starts every server afresh.
for ROUND in $(seq 1 "$RUNS"); do
  taskset -c 0 "$HELLO" "$HELLO_ADDR" 1 2>/dev/null &
  SERVER_PID=$!
  wait_ready "$HELLO_ADDR"
  run_wrk "hello GET / (text)" "http://$HELLO_ADDR/"
  run_wrk "hello GET /json" "http://$HELLO_ADDR/json"
  stop_server

  start_catalog memory warn
  run_wrk "catalog GET /products/1 memory" "http://$CATALOG_ADDR/products/1"
  run_wrk "catalog POST /products memory" "http://$CATALOG_ADDR/products" bench/post.lua
  stop_server

  start_catalog sqlite warn
  run_wrk "catalog GET /products/1 sqlite" "http://$CATALOG_ADDR/products/1"
  run_wrk "catalog POST /products sqlite" "http://$CATALOG_ADDR/products" bench/post.lua
  stop_server

  # The binary's default log level: one line per request.
  start_catalog sqlite info
  run_wrk "catalog GET sqlite, log info (default)" "http://$CATALOG_ADDR/products/1"
  stop_server
done

summary
