#!/usr/bin/env bash
# Latency against offered load, open-loop: requests sent at fixed rates, whatever the server
# does, so that a slow answer cannot slow down the arrivals behind it (as it does with wrk).
#
#   LOADGEN=/path/to/loadgen bench/sweep.sh          # rates from a measured saturation
#   LOADGEN=... RATES=1000,5000,10000 bench/sweep.sh # rates of your choosing
#
# The load generator is listings/module-2.1/loadgen (`cargo build -p loadgen --release`); this
# script runs it once per rate and prints its table row by row, each row followed by how busy
# the server's core and the load generator's core were during that run (CPU time over the
# run's wall time). The rates are fractions of each server's capacity: offered load above it
# only measures how fast a queue grows. The capacity is 1 / (the server's CPU time per request),
# measured during a 5 s wrk run from /proc/PID/stat, as bench/wrk.sh does, rather than wrk's
# requests/s, which measure wrk whenever wrk is the busier side. catalog runs with its default
# log level (info).
#
# Loopback only. The server is pinned to CPU 0 with one Tokio worker thread and the load
# generator to CPU 1, as in bench/wrk.sh. Every run is bounded by DURATION per rate (whole
# seconds: 10s). Needs wrk and GNU time (Debian: apt-get install wrk time).
set -euo pipefail

LOADGEN=${LOADGEN:?set LOADGEN to the load generator binary (cargo build -p loadgen --release)}
DURATION=${DURATION:-10s}
if [[ ! $DURATION =~ ^[0-9]+s$ ]]; then
  echo "DURATION must be whole seconds, such as 10s (got $DURATION)" >&2
  exit 2
fi
FRACTIONS=${FRACTIONS:-0.1,0.25,0.5,0.7,0.85}
HELLO_ADDR=127.0.0.1:18093
CATALOG_ADDR=127.0.0.1:18094
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"

# shellcheck source=lib.sh
source bench/lib.sh

# rates URL -> comma-separated rates: FRACTIONS of the server's capacity at URL
rates() {
  if [[ -n "${RATES:-}" ]]; then
    echo "$RATES"
    return
  fi
  local before after requests capacity
  before=$(cpu_ticks "$SERVER_PID")
  requests=$(taskset -c 1 wrk -t1 -c32 -d5s "$1" | awk '/requests in/ {print $1}')
  after=$(cpu_ticks "$SERVER_PID")
  if ((after == before)); then
    echo "the server at $1 used no measurable CPU time during the capacity run" >&2
    exit 1
  fi
  capacity=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%d", n / (t / hz) }')
  echo "capacity at $1: $capacity requests/s (1 / server CPU time per request, over $requests requests)" >&2
  awk -v r="$capacity" -v f="$FRACTIONS" 'BEGIN {
    n = split(f, parts, ","); out = ""
    for (i = 1; i <= n; i++) out = out (i > 1 ? "," : "") int(r * parts[i])
    print out }'
}

# sweep NAME URL: one loadgen run per rate, each row followed by how busy the server's core
# (CPU 0) and the load generator (CPU 1) were during it: CPU time over the wall time of that
# run, which lasts DURATION plus the time to start and to wait for the last answers. A row where
# the load generator is near 100% measures the load generator: it cannot send on time, and the
# lateness counts in the latencies, which are measured from each request's intended start.
sweep() {
  local list rate header="" hz
  list=$(rates "$2")
  hz=$(getconf CLK_TCK)
  echo "== $1: $2 at $list requests/s, $DURATION each"
  for rate in ${list//,/ }; do
    local before after server loadgen
    before=$(cpu_ticks "$SERVER_PID")
    # %e: wall seconds; %U and %S: the load generator's user and system CPU seconds.
    if ! /usr/bin/time -f '%e %U %S' -o "$WORK/loadgen.time" \
      taskset -c 1 "$LOADGEN" --sweep "$rate" --duration "$DURATION" "$2" >"$WORK/row.txt" 2>"$WORK/loadgen.log"; then
      echo "loadgen failed at $rate requests/s:" >&2
      cat "$WORK/loadgen.log" >&2
      exit 1
    fi
    after=$(cpu_ticks "$SERVER_PID")
    if [[ -z "$header" ]]; then
      header=$(grep -m1 'offered' "$WORK/row.txt")
      echo "$header  server  loadgen"
    fi
    read -r server loadgen < <(tail -n 1 "$WORK/loadgen.time" | awk -v t=$((after - before)) -v hz="$hz" \
      '{ printf "%d %d\n", 100 * t / hz / $1, 100 * ($2 + $3) / $1 }')
    printf '%s  %5s%%  %6s%%\n' "$(grep -A1 'offered' "$WORK/row.txt" | tail -n 1)" "$server" "$loadgen"
  done
}

taskset -c 0 "$HELLO" "$HELLO_ADDR" 1 2>/dev/null &
SERVER_PID=$!
wait_ready "$HELLO_ADDR"
sweep "hello GET / (text)" "http://$HELLO_ADDR/"
stop_server

rm -f "$WORK"/bench.db*
taskset -c 0 "$BIN" --addr "$CATALOG_ADDR" --db "$WORK/bench.db" --workers 1 \
  --drain-delay-ms 0 2>/dev/null &
SERVER_PID=$!
wait_ready "$CATALOG_ADDR"
seed_product "$CATALOG_ADDR"
sweep "catalog GET /products/1 sqlite" "http://$CATALOG_ADDR/products/1"
stop_server
