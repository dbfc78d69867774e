#!/usr/bin/env bash
# Closed loop against open loop, on a server that stops answering for 500 ms every 2 s.
#
#   bash bench/compare.sh                         # from listings/module-2.1/loadgen
#   DURATION=30s RATE=2000 bash bench/compare.sh  # DURATION a multiple of 2 s: whole stall cycles
#
# Runs wrk and `loadgen --closed-loop` (closed loop: each connection sends its next request when
# the previous answer is in) and then loadgen at RATE requests per second whatever happens (open
# loop) against examples/stall_server.rs, and prints their percentiles side by side. Loopback only. On a
# machine with two CPUs or more the server is pinned to CPU 0 and the load to CPU 1.
#
# Needs wrk, python3 and taskset; as root on Debian it installs what is missing with apt-get.
set -euo pipefail

# Three stall cycles per run: enough to show the point, short enough for CI (three runs).
DURATION=${DURATION:-6s}
RATE=${RATE:-1000}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-16}
LOADGEN_CONNECTIONS=${LOADGEN_CONNECTIONS:-64}
STALL_EVERY_MS=2000
STALL_FOR_MS=500
ADDR=127.0.0.1:18093
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$HERE"

need() { # need COMMAND PACKAGE
    if ! command -v "$1" > /dev/null; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "compare.sh: $1 is missing; install the $2 package or run as root" >&2
            exit 1
        fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null
    fi
}
need wrk wrk
need python3 python3
need taskset util-linux

WORK=$(mktemp -d)
# Cargo's own messages ("Blocking waiting for file lock...") would change the recorded output:
# keep them for when the build fails.
if ! cargo build -q --release --bin loadgen --example stall_server 2> "$WORK/build.log"; then
    cat "$WORK/build.log" >&2
    exit 1
fi
TARGET=$(cargo metadata --format-version 1 --no-deps 2> /dev/null |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2> /dev/null || true
        wait "$SERVER_PID" 2> /dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [ "$(nproc)" -ge 2 ]; then
    on_server=(taskset -c 0)
    on_load=(taskset -c 1)
    placement="server on CPU 0, load on CPU 1"
else
    on_server=()
    on_load=()
    placement="server and load share this machine's only CPU"
fi

# A fresh server for each tool, so that both runs start at the same point of the stall cycle.
start_server() {
    "${on_server[@]}" "$TARGET/release/examples/stall_server" "$ADDR" \
        "${STALL_EVERY_MS}ms" "${STALL_FOR_MS}ms" > "$WORK/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        grep -q '^stall_server on' "$WORK/server.log" && return 0
        sleep 0.05
    done
    echo "compare.sh: the stall server did not start:" >&2
    cat "$WORK/server.log" >&2
    exit 1
}
stop_server() {
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2> /dev/null || true
    SERVER_PID=
}

start_server
"${on_load[@]}" wrk -t1 -c"$WRK_CONNECTIONS" -d"$DURATION" --latency "http://$ADDR/" > "$WORK/wrk.txt"
stop_server

start_server
"${on_load[@]}" "$TARGET/release/loadgen" --closed-loop --duration "$DURATION" \
    --connections "$WRK_CONNECTIONS" --json "http://$ADDR/" > "$WORK/closed.json"
stop_server

start_server
"${on_load[@]}" "$TARGET/release/loadgen" --rate "$RATE" --duration "$DURATION" \
    --connections "$LOADGEN_CONNECTIONS" --json "http://$ADDR/" > "$WORK/loadgen.json"
stop_server

python3 - "$WORK/wrk.txt" "$WORK/closed.json" "$WORK/loadgen.json" "$DURATION" "$WRK_CONNECTIONS" \
    "$STALL_EVERY_MS" "$STALL_FOR_MS" "$placement" << 'PY'
import json, re, sys

wrk_file, closed_file, loadgen_file, duration, wrk_connections, every_ms, stall_ms, placement = sys.argv[1:]
wrk = open(wrk_file).read()
closed = json.load(open(closed_file))
report = json.load(open(loadgen_file))

def micros(text):
    """wrk prints 350.00us, 1.20ms, 1.00s."""
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 1, "ms": 1e3, "s": 1e6}[unit]

def human(us):
    if us < 1000:
        return f"{us:.0f} µs"
    if us < 10_000:
        return f"{us / 1e3:.2f} ms"
    if us < 1_000_000:
        return f"{us / 1e3:.1f} ms"
    return f"{us / 1e6:.2f} s"

def rate(per_second):
    return f"{per_second:,.0f} req/s"

wrk_rate = float(re.search(r"^Requests/sec:\s+([\d.]+)", wrk, re.M).group(1))
wrk_pct = {p: micros(v) for p, v in re.findall(r"^\s+(50|90|99)%\s+(\S+)", wrk, re.M)}
wrk_max = micros(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", wrk, re.M).group(1))
for problem in re.findall(r"^\s*(Socket errors:.*|Non-2xx.*)$", wrk, re.M):
    print(f"wrk reported: {problem}")

print(f"stall_server: a {stall_ms} ms stall every {every_ms} ms; {placement}; {duration} per run")
print()
header = f"{'':42} {'throughput':>13} {'p50':>9} {'p90':>9} {'p99':>9} {'p99.9':>9} {'max':>9}"
print(header)
print(f"{'wrk -t1 -c' + wrk_connections + ' (closed loop)':42} {rate(wrk_rate):>13} "
      f"{human(wrk_pct['50']):>9} {human(wrk_pct['90']):>9} {human(wrk_pct['99']):>9} "
      f"{'-':>9} {human(wrk_max):>9}")
def row(label, run, key):
    p = run[key]
    print(f"{label:42} {rate(run['achieved_rate']):>13} "
          f"{human(p['p50_us']):>9} {human(p['p90_us']):>9} {human(p['p99_us']):>9} "
          f"{human(p['p99_9_us']):>9} {human(p['max_us']):>9}")

row(f"loadgen --closed-loop -c{wrk_connections}", closed, "service_time")
offered = f"{report['offered_rate']:,.0f}/s"
row(f"loadgen {offered}, from intended start", report, "latency")
row(f"loadgen {offered}, from actual send", report, "service_time")
print()
print(f"loadgen --closed-loop: {closed['errors']} errors, {closed['timeouts']} timeouts")
print(f"loadgen {offered}: {report['sent']} requests sent, {report['responses']} responses, "
      f"{report['errors']} errors, {report['timeouts']} timeouts, {report['unsent']} unsent")
queue, lag = report["queue_wait"], report["pacer_lag"]
print(f"loadgen {offered}: waiting for a free connection p90 {human(queue['p90_us'])}, "
      f"p99 {human(queue['p99_us'])}; pacer lag p99 {human(lag['p99_us'])}; "
      f"{report['stalled']} requests found all {report['max_outstanding']} slots taken")
share = int(stall_ms) / int(every_ms)
print(f"time stalled: {share:.0%} of the run, so about {share:.0%} of requests due during a stall")
print(f"wrk, Little's law: {wrk_connections} requests always in flight / {rate(wrk_rate)} = "
      f"{human(int(wrk_connections) / wrk_rate * 1e6)} mean time per request")
print(f"wrk, server time: answering {1 - share:.0%} of the run, at most "
      f"{1 - share:.2f} / {rate(wrk_rate)} = {human((1 - share) / wrk_rate * 1e6)} per request")
PY
