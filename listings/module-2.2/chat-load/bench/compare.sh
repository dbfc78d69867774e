#!/usr/bin/env bash
# The Elixir chat and chat-rs under the same open-loop load, side by side.
#
#   bash bench/compare.sh                              # from listings/module-2.2/chat-load
#   RUNS=5 DURATION=30s bash bench/compare.sh
#   SIZES="1000:1" RATE=50 bash bench/compare.sh       # connections:rooms, space-separated
#
# For each size (connections dealt to rooms), RUNS times, each server is started fresh on a free
# loopback port and chat-load sends RATE messages a second for DURATION; the table gives the
# median of the runs and their range. Latency is from each message's intended send time to its
# delivery: "each delivery" counts every member's copy, "last of each" the moment the last
# member of the room had it. Memory per connection is the growth of the server's resident memory
# (VmRSS) from before the members connected to just after they had joined and the joins' traffic
# had stopped; the idle rows measure the same once the members have received nothing for IDLE
# (the Elixir chat's processes hibernate after 15 s without a message, as Phoenix's channels do).
#
# The server is pinned to CPU 0 (the BEAM with one scheduler, chat-rs with one worker thread),
# chat-load to CPU 1. The Elixir chat's history goes to a folder in DATA_PARENT, /dev/shm unless
# set, so that its flush per message (:file.datasync/1, which memory makes free) is not what this
# measures; DATA_PARENT=/var/tmp measures it on the disk. Loopback only.
#
# Needs mix (Debian: elixir erlang-cowlib erlang-jiffy); without it, prints "skipped:" and exits.
set -euo pipefail

SIZES=${SIZES:-"100:1 1000:1 10000:100"}
RATE=${RATE:-10}
DURATION=${DURATION:-10s}
RUNS=${RUNS:-3}
IDLE_SIZE=${IDLE_SIZE:-"10000:100"}
IDLE=${IDLE:-16s}
DATA_PARENT=${DATA_PARENT:-/dev/shm}
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build chat-load chat-rs

load() { # load OUT CONNECTIONS ROOMS DURATION QUIET
    if ! taskset -c 1 "$TARGET/release/chat-load" "http://127.0.0.1:$PORT" \
        --connections "$2" --rooms "$3" --rate "$RATE" --duration "$4" --quiet "$5" \
        --server-pid "$SERVER_PID" --json > "$1" 2> "$WORK/load.log"; then
        echo "compare.sh: chat-load failed:" >&2
        cat "$WORK/load.log" "$WORK/server.log" >&2
        exit 1
    fi
}

for run in $(seq "$RUNS"); do
    for size in $SIZES; do
        # Alternate which server goes first, so that a drift of the machine moves both alike.
        if [ $((run % 2)) -eq 1 ]; then order="elixir rust"; else order="rust elixir"; fi
        for server in $order; do
            start_server "$server"
            load "$WORK/$server-${size/:/-}-$run.json" "${size%:*}" "${size#*:}" "$DURATION" 500ms
            stop_server
        done
    done
done
for server in elixir rust; do
    start_server "$server"
    load "$WORK/$server-idle.json" "${IDLE_SIZE%:*}" "${IDLE_SIZE#*:}" 1s "$IDLE"
    stop_server
done

python3 - "$WORK" "$SIZES" "$RUNS" "$RATE" "$DURATION" "$IDLE_SIZE" "$IDLE" "$DATA_PARENT" << 'PY'
import json, statistics, sys

work, sizes, runs, rate, duration, idle_size, idle, data_parent = sys.argv[1:]
sizes, runs = sizes.split(), int(runs)
names = {"elixir": "chat (Elixir)", "rust": "chat-rs"}

def human(us):
    if us < 1000:
        return f"{us:.0f} µs"
    if us < 10_000:
        return f"{us / 1e3:.2f} ms"
    if us < 1_000_000:
        return f"{us / 1e3:.1f} ms"
    return f"{us / 1e6:.2f} s"

def kib(value):
    return f"{value:.1f} KiB/conn"


def spread(values, show):
    """The median, and the range when there are several runs."""
    middle = show(statistics.median(values))
    if len(values) == 1:
        return middle
    return f"{middle} ({show(min(values))} to {show(max(values))})"

def load(name):
    return json.load(open(f"{work}/{name}.json"))

def problems(report):
    found = []
    for key, label in [("lost", "lost"), ("rate_limited", "rate-limited"), ("refused", "refused"),
                       ("unanswered", "unanswered"), ("unsent_queue_full", "unsent (queue full)"),
                       ("unsent_connection_gone", "unsent (connection gone)"),
                       ("closed_by_server", "closed by the server")]:
        if report[key]:
            found.append(f"{report[key]} {label}")
    return found

print(f"{rate} messages/s for {duration} per run, {runs} runs: the median and (range); "
      f"server on CPU 0, chat-load on CPU 1; the Elixir chat's history in {data_parent}")
print()
header = (f"{'connections':<20} {'server':<14} {'last of each, p50':>26} "
          f"{'last of each, p99':>26} {'each delivery, p99':>26} {'memory per connection':>30}")
print(header)
notes = []
for size in sizes:
    connections, rooms = size.split(":")
    label = f"{int(connections):,} in {rooms} room{'s' if rooms != '1' else ''}"
    for server in ["elixir", "rust"]:
        reports = [load(f"{server}-{connections}-{rooms}-{run}") for run in range(1, runs + 1)]
        last = [r["last_delivery"] for r in reports]
        each = [r["delivery"] for r in reports]
        memory = [(r["memory"]["server_joined_kib"] - r["memory"]["server_before_kib"])
                  / r["connections"] for r in reports]
        bounded = any(p["lower_bound_from"] for p in last + each)
        print(f"{label:<20} {names[server]:<14} "
              f"{spread([p['p50_us'] for p in last], human):>26} "
              f"{spread([p['p99_us'] for p in last], human):>26} "
              f"{spread([p['p99_us'] for p in each], human):>26} "
              f"{spread(memory, kib):>30}")
        for run, report in enumerate(reports, 1):
            found = problems(report)
            if found or bounded:
                notes.append(f"{label}, {names[server]}, run {run}: "
                             + (", ".join(found) or "complete")
                             + ("; some percentiles are lower bounds" if bounded else ""))
print()
print("the joins took (median):")
for size in sizes:
    connections, rooms = size.split(":")
    ramps = {server: statistics.median(load(f"{server}-{connections}-{rooms}-{run}")["ramp_secs"]
                                       + load(f"{server}-{connections}-{rooms}-{run}")["settle_secs"]
                                       for run in range(1, runs + 1))
             for server in ["elixir", "rust"]}
    print(f"  {int(connections):,} in {rooms}: {names['elixir']} {ramps['elixir']:.1f} s, "
          f"{names['rust']} {ramps['rust']:.1f} s, until the last join's traffic had stopped")
print()
connections, rooms = idle_size.split(":")
print(f"memory with {int(connections):,} connections in {rooms} rooms, "
      f"after {idle} without a message:")
for server in ["elixir", "rust"]:
    report = load(f"{server}-idle")
    m = report["memory"]
    per = (m["server_joined_kib"] - m["server_before_kib"]) / report["connections"]
    print(f"  {names[server]:<14} {kib(per)}: {m['server_before_kib'] / 1024:.0f} MiB RSS before the "
          f"members connected, {m['server_joined_kib'] / 1024:.0f} MiB RSS with them")
    for problem in problems(report):
        notes.append(f"idle run, {names[server]}: {problem}")
print()
if notes:
    print("runs that were not complete:")
    for note in notes:
        print(f"  {note}")
else:
    print("every run complete: every message reached every member, none refused or lost, "
          "no connection closed by a server")
PY
