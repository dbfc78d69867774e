#!/usr/bin/env bash
# Why a server's core reads busy at a low request rate: system calls, context switches and CPU
# time per request at fixed open-loop rates (loadgen), against wrk keeping 32 connections busy.
#
#   LOADGEN=/path/to/loadgen bench/wakeups.sh
#   LOADGEN=... RATES=1000,3000 bench/wakeups.sh
#
# Counts come from `perf stat` with software events on every thread of the server
# (raw_syscalls:sys_enter, context-switches, task-clock). Server on CPU 0 (one Tokio worker),
# load on CPU 1, loopback only, 10 s per measurement. Needs linux-perf, wrk and curl.
set -euo pipefail

LOADGEN=${LOADGEN:?set LOADGEN to the load generator binary (cargo build -p loadgen --release)}
RATES=${RATES:-3000,7500}
ADDR=127.0.0.1:18096
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"

# shellcheck source=lib.sh
source bench/lib.sh

# measure NAME COMMAND... -> one row: the counts of the server while COMMAND runs, per request
measure() {
  local name=$1
  shift
  perf stat -e raw_syscalls:sys_enter,context-switches,task-clock -x, -o "$WORK/stat.csv" \
    -p "$SERVER_PID" &
  local perf_pid=$! out requests
  sleep 0.3
  out=$("$@" 2>&1)
  kill -INT "$perf_pid"
  wait "$perf_pid" 2>/dev/null || true
  # loadgen reports "N responses", wrk "N requests in".
  requests=$(grep -oE '[0-9,]+ responses|[0-9]+ requests in' <<<"$out" | head -n 1 | tr -d ',' | awk '{ print $1 }')
  awk -F, -v n="$requests" -v name="$name" '
    /sys_enter/ { sc = $1 } /context-switches/ { cs = $1 } /task-clock/ { tc = $1 }
    END { printf "%-32s %8d %10.2f %10.2f %14.1f\n", name, n, sc / n, cs / n, tc * 1000 / n }' "$WORK/stat.csv"
}

printf '%-32s %8s %10s %10s %14s\n' "server, load" requests syscalls switches "cpu us/req"
for server in hello catalog; do
  if [[ $server == hello ]]; then
    taskset -c 0 "$HELLO" "$ADDR" 1 2>/dev/null &
    SERVER_PID=$!
    url="http://$ADDR/"
    wait_ready "$ADDR"
  else
    taskset -c 0 "$BIN" --addr "$ADDR" --db "$WORK/bench.db" --workers 1 \
      --drain-delay-ms 0 2>/dev/null &
    SERVER_PID=$!
    url="http://$ADDR/products/1"
    wait_ready "$ADDR"
    seed_product "$ADDR"
  fi
  taskset -c 1 wrk -t1 -c32 -d2s "$url" >/dev/null # warm up
  for rate in ${RATES//,/ }; do
    measure "$server, open loop $rate/s" taskset -c 1 "$LOADGEN" --rate "$rate" --duration 10s "$url"
  done
  measure "$server, wrk -c32 (saturated)" taskset -c 1 wrk -t1 -c32 -d10s "$url"
  stop_server
done
