#!/usr/bin/env bash
# Cost per request, in counts that do not depend on how busy the machine is:
#
#   instructions/request   user-space instructions of every thread of the server, counted by
#                          valgrind's callgrind while wrk sends requests (the server runs about
#                          50 times slower under valgrind). The median of RUNS runs, and their
#                          range: the count is not quite fixed, since idle threads spin and back
#                          off a little before they sleep (crossbeam's channel, Tokio's workers),
#                          and how long depends on timing.
#   syscalls/request       system calls of the server, and
#   switches/request       context switches of its threads, both counted by `perf stat` with
#                          software events while wrk runs at full speed (one run)
#
#   bench/profile.sh                      # hello, catalog memory, sqlite, sqlite at --log info
#   RUNS=5 bench/profile.sh
#   CATALOG_BIN=/path/to/catalog CATALOG_FLAGS= bench/profile.sh
#                                         # another build of catalog (an older one may not
#                                         # know --drain-delay-ms: CATALOG_FLAGS replaces it)
#
# Needs valgrind, linux-perf and wrk (Debian: apt-get install valgrind linux-perf wrk).
# Loopback only; each measurement is bounded by its wrk duration.
set -euo pipefail

DURATION=${DURATION:-8s}
RUNS=${RUNS:-3}
PORT=${PORT:-18095}
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"

cargo build -q --release --bin catalog --example hello
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
BIN=${CATALOG_BIN:-$TARGET/release/catalog}
FLAGS=${CATALOG_FLAGS---drain-delay-ms 0}
HELLO="$TARGET/release/examples/hello"
WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill -INT "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

wait_ready() {
  for _ in $(seq 1 300); do
    if curl -fs -o /dev/null "http://127.0.0.1:$PORT/health" || curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; then
      return 0
    fi
    sleep 0.1
  done
  echo "server on port $PORT did not start" >&2
  exit 1
}

seed_product() {
  curl -fs -o /dev/null -H 'content-type: application/json' \
    -d '{"sku":"BENCH-1","name":"Bench","price_cents":100,"stock":1}' "http://127.0.0.1:$PORT/products" || true
}

requests_of() { awk '/requests in/ {print $1}' <<<"$1"; }

# server_command KIND -> the command line of one scenario's server
server_command() {
  case $1 in
    hello) echo "$HELLO 127.0.0.1:$PORT 1" ;;
    memory) echo "$BIN --addr 127.0.0.1:$PORT --store memory --log warn --workers 1 $FLAGS" ;;
    sqlite) echo "$BIN --addr 127.0.0.1:$PORT --db $WORK/bench.db --log warn --workers 1 $FLAGS" ;;
    sqlite-info) echo "$BIN --addr 127.0.0.1:$PORT --db $WORK/bench.db --log info --workers 1 $FLAGS" ;;
  esac
}

# spread KIND PATH -> "median min-max" of RUNS callgrind runs
spread() {
  local runs=()
  for _ in $(seq 1 "$RUNS"); do
    runs+=("$(instructions "$1" "$2")")
  done
  printf '%s\n' "${runs[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%d %d-%d\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# instructions KIND PATH -> instructions per request under callgrind
instructions() {
  local kind=$1 path=$2 out="$WORK/callgrind.out"
  rm -f "$WORK"/bench.db*
  # shellcheck disable=SC2046
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$out" \
    $(server_command "$kind") >/dev/null 2>"$WORK/valgrind.log" &
  SERVER_PID=$!
  wait_ready
  seed_product
  wrk -t1 -c32 -d2s "http://127.0.0.1:$PORT$path" >/dev/null # warm up: caches, statements
  callgrind_control -i on "$SERVER_PID" >/dev/null 2>&1
  local result
  result=$(wrk -t1 -c32 -d"$DURATION" "http://127.0.0.1:$PORT$path")
  callgrind_control -i off "$SERVER_PID" >/dev/null 2>&1
  stop_server
  local total
  total=$(callgrind_annotate "$out" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo $((total / $(requests_of "$result")))
}

# counts KIND PATH -> "syscalls/request switches/request" at full speed
counts() {
  local kind=$1 path=$2
  rm -f "$WORK"/bench.db*
  # shellcheck disable=SC2046
  taskset -c 0 $(server_command "$kind") 2>/dev/null &
  SERVER_PID=$!
  wait_ready
  seed_product
  wrk -t1 -c32 -d2s "http://127.0.0.1:$PORT$path" >/dev/null
  perf stat -e raw_syscalls:sys_enter,context-switches -x, -o "$WORK/stat.csv" -p "$SERVER_PID" &
  local perf_pid=$!
  local result
  result=$(taskset -c 1 wrk -t1 -c32 -d"$DURATION" "http://127.0.0.1:$PORT$path")
  kill -INT "$perf_pid"
  wait "$perf_pid" 2>/dev/null || true
  stop_server
  awk -F, -v r="$(requests_of "$result")" '
    /sys_enter/ { sc = $1 } /context-switches/ { cs = $1 }
    END { printf "%.2f %.2f\n", sc / r, cs / r }' "$WORK/stat.csv"
}

echo "instructions: median and range of $RUNS callgrind runs; syscalls and switches: one perf stat run"
printf '%-30s %14s %15s %10s %10s\n' scenario instr/request range syscalls switches
for scenario in "hello /:hello:/" "catalog GET memory:memory:/products/1" \
  "catalog GET sqlite:sqlite:/products/1" "catalog GET sqlite, log info:sqlite-info:/products/1"; do
  IFS=: read -r name kind path <<<"$scenario"
  read -r ir range < <(spread "$kind" "$path")
  read -r sc cs < <(counts "$kind" "$path")
  printf '%-30s %14s %15s %10s %10s\n' "$name" "$ir" "$range" "$sc" "$cs"
done
