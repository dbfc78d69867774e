#!/usr/bin/env bash
# The Elixir chat driven by tsung, an independent load tool, and by chat-load, in one run.
#
#   bash bench/tsung.sh                      # from listings/module-2.2/chat-load
#   USERS=2000 MESSAGES=20 bash bench/tsung.sh
#
# USERS members, each alone in a room of its own, join over RAMP seconds and then each sends
# MESSAGES messages, one a second, so the chat gets USERS messages a second. tsung times each
# message from its send to the first frame back (the broadcast, or the reply: a lone member gets
# both) and reports a mean and a maximum; chat-load, at the same rate, times each delivery from
# its intended send and reports percentiles. A fresh chat for each tool, pinned to CPU 0; the
# tool on CPU 1. Beside the latencies, what each tool itself cost: its CPU time and its peak
# resident memory.
#
# tsung runs as a distributed Erlang node, so this starts epmd on 127.0.0.1 (and stops it after,
# if it was not running before) and keeps Erlang distribution on loopback. Loopback only.
#
# The chat keeps its history on /dev/shm, as in compare.sh.
#
# Needs mix and tsung (Debian: elixir erlang-cowlib erlang-jiffy tsung); as root it installs tsung
# with apt-get, and without mix it prints "skipped:" and exits.
set -euo pipefail

USERS=${USERS:-1000}
MESSAGES=${MESSAGES:-10}
RAMP=${RAMP:-5}
DATA_PARENT=/dev/shm
STARTED_EPMD=
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cleanup_more() {
    if [ -n "$STARTED_EPMD" ]; then
        epmd -kill > /dev/null 2>&1 || true
    fi
}
if ! command -v tsung > /dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "skipped: tsung is not installed (Debian: apt-get install tsung)"
        exit 0
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tsung > /dev/null
fi
build chat-load

# Runs a command on CPU 1 and writes its CPU seconds and peak RSS (of it and everything it
# started and waited for) to a JSON file.
measured() { # measured OUT.json COMMAND...
    local out=$1
    shift
    python3 - "$out" "$@" << 'PY'
import json, resource, subprocess, sys
out, command = sys.argv[1], sys.argv[2:]
status = subprocess.call(["taskset", "-c", "1", *command])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
json.dump({"status": status, "cpu_s": usage.ru_utime + usage.ru_stime,
           "max_rss_kib": usage.ru_maxrss}, open(out, "w"))
sys.exit(status)
PY
}

# tsung's controller is an Erlang node: epmd and the node's own port on loopback only.
if ! epmd -names > /dev/null 2>&1; then
    ERL_EPMD_ADDRESS=127.0.0.1 epmd -daemon
    STARTED_EPMD=1
fi
export ERL_EPMD_ADDRESS=127.0.0.1
export ERL_FLAGS="-kernel inet_dist_use_interface {127,0,0,1}"

start_server elixir
cat > "$WORK/chat.xml" << XML
<?xml version="1.0"?>
<!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
<tsung loglevel="warning" version="1.0">
  <clients>
    <client host="localhost" use_controller_vm="true" maxusers="$USERS"/>
  </clients>
  <servers>
    <server host="127.0.0.1" port="$PORT" type="tcp"/>
  </servers>
  <load>
    <arrivalphase phase="1" duration="$((2 * RAMP))" unit="second">
      <!-- tsung starts users at random (Poisson) times: a phase twice as long as the ramp, with
           a cap, starts all of them in about the ramp. -->
      <users maxnumber="$USERS" arrivalrate="$((USERS / RAMP))" unit="second"/>
    </arrivalphase>
  </load>
  <sessions>
    <session name="member" probability="100" type="ts_websocket">
      <request>
        <websocket type="connect" path="/socket/websocket?vsn=2.0.0"/>
      </request>
      <request subst="true">
        <websocket type="message" frame="text">["1","1","room:t%%_tsung_userid%%","phx_join",{"user":"t%%_tsung_userid%%"}]</websocket>
      </request>
      <!-- The join's second frame, the presence state, arrives during this pause. -->
      <thinktime value="$RAMP" random="false"/>
      <for from="1" to="$MESSAGES" var="n">
        <transaction name="msg">
          <request subst="true">
            <websocket type="message" frame="text">["1","%%_n%%","room:t%%_tsung_userid%%","new_msg",{"body":"hi"}]</websocket>
          </request>
        </transaction>
        <thinktime value="1" random="false"/>
      </for>
      <request>
        <websocket type="close"/>
      </request>
    </session>
  </sessions>
</tsung>
XML
if ! measured "$WORK/tsung-cost.json" tsung -n -l "$WORK/log" -f "$WORK/chat.xml" start \
    > "$WORK/tsung.out" 2>&1; then
    echo "tsung.sh: tsung failed:" >&2
    cat "$WORK/tsung.out" >&2
    exit 1
fi
stop_server

start_server elixir
if ! measured "$WORK/chat-load-cost.json" "$TARGET/release/chat-load" "http://127.0.0.1:$PORT" \
    --connections "$USERS" --rooms "$USERS" --rate "$USERS" --duration "${MESSAGES}s" --json \
    > "$WORK/chat-load.json" 2> "$WORK/chat-load.err"; then
    echo "tsung.sh: chat-load failed:" >&2
    cat "$WORK/chat-load.err" >&2
    exit 1
fi
stop_server

python3 - "$WORK" "$USERS" "$MESSAGES" << 'PY'
import glob, json, re, sys

work, users, messages = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])

def human(ms):
    return f"{ms * 1000:.0f} µs" if ms < 1 else f"{ms:.2f} ms"

# tsung.log holds a dump every 10 s: per transaction, the interval's count, mean, standard
# deviation, max and min, then the mean and the count of the run before this interval.
log = open(glob.glob(f"{work}/log/*/tsung.log")[0]).read()
rows = re.findall(r"^stats: tr_msg (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) (\d+)$", log, re.M)
if not rows:
    sys.exit("tsung.sh: tsung recorded no message transactions; see its log")
count = sum(int(r[0]) for r in rows)
mean = sum(int(r[0]) * float(r[1]) for r in rows) / count
worst = max(float(r[3]) for r in rows if int(r[0]) > 0)
best = min(float(r[4]) for r in rows if int(r[0]) > 0)
errors = {}
for name, n in re.findall(r"^stats: (error_\S+) (\d+) \d+$", log, re.M):
    errors[name] = errors.get(name, 0) + int(n)

report = json.load(open(f"{work}/chat-load.json"))
delivery = report["delivery"]
cost = {tool: json.load(open(f"{work}/{tool}-cost.json")) for tool in ["tsung", "chat-load"]}

print(f"{users:,} members, each alone in its room, {messages} messages each, {users:,} messages/s; "
      "chat on CPU 0, the tool on CPU 1")
print()
tsung_latency = f"mean {human(mean)}, min {human(best)}, max {human(worst)} (send to first frame)"
us = lambda v: human(v / 1000)
load_latency = (f"p50 {us(delivery['p50_us'])}, p99 {us(delivery['p99_us'])}, "
                f"max {us(delivery['max_us'])} (intended send to delivery)")
print(f"{'tool':<10} {'messages timed':>15} {'latency':<62} {'tool CPU':>10} {'tool peak memory':>18}")
for tool, timed, latency in [("tsung", count, tsung_latency),
                             ("chat-load", delivery["count"], load_latency)]:
    print(f"{tool:<10} {timed:>15,} {latency:<62} {cost[tool]['cpu_s']:>8.1f} s "
          f"{cost[tool]['max_rss_kib'] / 1024:>10.0f} MiB RSS")
print()
print("tsung errors: " + (", ".join(f"{n} {name}" for name, n in sorted(errors.items())) or "none"))
problems = [f"{report[k]} {k}" for k in ["lost", "rate_limited", "refused", "unanswered",
                                           "unsent_queue_full", "unsent_connection_gone",
                                           "closed_by_server"] if report[k]]
print("chat-load: " + (", ".join(problems) or "every message delivered, none refused or lost"))
PY
