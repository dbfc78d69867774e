#!/usr/bin/env bash
# Throughput: catalog against a minimal axum hello-world, on this machine, in one run.
#
#   bench/wrk.sh                  # one 10 s run per scenario
#   RUNS=3 DURATION=10s bench/wrk.sh
#
# Loopback only. The server is pinned to CPU 0 with one Tokio worker thread, wrk to CPU 1 with
# one thread, so the two do not fight over a core (this machine has 2). wrk is closed-loop: its
# 32 connections each send the next request as soon as the last answer arrives, so the server's
# core is always busy, and a request's latency is mostly time spent queued behind the others.
# What a run measures well is throughput, and from it the server's cost per request: with one
# core saturated, 1,000,000 / (requests/s) is the CPU time in microseconds one request takes
# (its service time). Prints requests/s, that service time, and the ratio of each scenario's
# throughput to hello (text). Latency against offered load is bench/sweep.sh's job.
set -euo pipefail

RUNS=${RUNS:-1}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
HELLO_ADDR=127.0.0.1:18091
CATALOG_ADDR=127.0.0.1:18092
HERE=$(cd "$(dirname "$0")/.." && pwd)
cd "$HERE"

cargo build -q --release --bin catalog --example hello
TARGET=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
BIN="$TARGET/release/catalog"
HELLO="$TARGET/release/examples/hello"
WORK=$(mktemp -d)
SERVER_PID=""

stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

wait_ready() {
  for _ in $(seq 1 100); do
    if curl -fs "http://$1/health" >/dev/null 2>&1 || curl -fs "http://$1/" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  echo "server at $1 did not start" >&2
  exit 1
}

# run_wrk NAME URL [LUA] -> prints one row per run
run_wrk() {
  local name=$1 url=$2 script=${3:-}
  local args=(-t1 -c"$CONNECTIONS" -d"$DURATION" --latency)
  [[ -n "$script" ]] && args+=(-s "$script")
  for run in $(seq 1 "$RUNS"); do
    local out rps p50 service
    out=$(taskset -c 1 wrk "${args[@]}" "$url")
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    if grep -q "Non-2xx" <<<"$out"; then
      # A shed request (503) is cheaper than a served one: it would flatter the throughput.
      echo "warning: $name had non-2xx responses: $(grep Non-2xx <<<"$out")" >&2
    fi
    service=$(awk -v r="$rps" 'BEGIN { printf "%.1f", 1e6 / r }')
    printf '%-34s %4s %12s %12s %10s\n' "$name" "$run" "$rps" "$service" "$p50"
    printf '%s\t%s\t%s\n' "$name" "$rps" "$service" >>"$WORK/rows.tsv"
  done
}

# The run with the median requests/s of each scenario, and its ratio to hello (text).
summary() {
  echo
  echo "median of $RUNS run(s) per scenario; us/request = 1e6 / (req/s); ratio = req/s / hello GET / (text)"
  printf '%-34s %12s %12s %8s\n' scenario "req/s" "us/request" ratio
  awk -F'\t' '
    { name[NR] = $1; rps[NR] = $2; svc[NR] = $3
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
    END {
      for (i = 1; i <= n; i++) {
        k = 0
        for (r = 1; r <= NR; r++) if (name[r] == order[i]) idx[++k] = r
        for (a = 1; a <= k; a++) for (b = a + 1; b <= k; b++)
          if (rps[idx[b]] + 0 < rps[idx[a]] + 0) { t = idx[a]; idx[a] = idx[b]; idx[b] = t }
        m = idx[int((k + 1) / 2)]
        if (i == 1) base = rps[m]
        printf "%-34s %12s %12s %8.2f\n", order[i], rps[m], svc[m], rps[m] / base
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
  curl -fs -o /dev/null -H 'content-type: application/json' \
    -d '{"sku":"BENCH-1","name":"Bench","price_cents":100,"stock":1}' "http://$CATALOG_ADDR/products"
}

echo "wrk -t1 -c$CONNECTIONS -d$DURATION; server: 1 Tokio worker on CPU 0; wrk on CPU 1; $(nproc) CPUs"
printf '%-34s %4s %12s %12s %10s\n' scenario run "req/s" "us/request" "p50 (queued)"

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

start_catalog sqlite info
run_wrk "catalog GET sqlite, log info" "http://$CATALOG_ADDR/products/1"
stop_server

summary
