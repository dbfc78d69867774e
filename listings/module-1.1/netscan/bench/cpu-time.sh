#!/usr/bin/env bash
# Where a full scan's time goes: `/usr/bin/time` on full 65,535-port scans of 127.0.0.1 by
# `netscan --no-detect` and by `nmap -sT -T5`, RUNS runs each (3 unless told), with the
# elapsed, user and system time of each run, the system time per port, and the CPU time over the
# elapsed time (above 1.0x, the process kept more than one core busy). Then two scans of just
# the four listeners, which accept and say nothing: without and with service detection, whose
# cost is time per open port.
#
#   bash listings/module-1.1/netscan/bench/cpu-time.sh     (as root; RUNS=3 unless told)
#
# It needs root, to run in a network namespace of its own (unshare --net) whose loopback holds
# nothing but those four listeners, on ports the kernel picks; without root, or without nmap
# or GNU time, it says "skipped:" and why. Every scan must find exactly the four listeners open.
# It takes ten seconds or so, and its output is recorded in outputs/cpu-time.txt. Only
# 127.0.0.1 is scanned.
set -euo pipefail

RUNS=${RUNS:-3}
crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
    echo "skipped: needs root and unshare, to run in a network namespace of its own"
    exit 0
fi
for tool in nmap python3 ip; do
    if ! command -v "$tool" > /dev/null; then
        echo "skipped: $tool is missing (Debian: apt-get install nmap python3 iproute2)"
        exit 0
    fi
done
# GNU time, not the shell's `time` keyword: it reports the child's user and system time.
if [ ! -x /usr/bin/time ]; then
    echo "skipped: /usr/bin/time is missing (Debian: apt-get install time)"
    exit 0
fi
if [ -z "${CPU_TIME_IN_NETNS:-}" ]; then
    # Build first, outside the namespace, so that cargo's output stays out of the way.
    cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
    exec unshare --net env CPU_TIME_IN_NETNS=1 RUNS="$RUNS" bash "${BASH_SOURCE[0]}"
fi
ip link set lo up
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$crate_dir/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
netscan="$target_dir/release/netscan"

work=$(mktemp -d)
listeners_pid=
cleanup() {
    if [ -n "$listeners_pid" ]; then kill "$listeners_pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# Four silent listeners on ports the kernel picks, each accepting every connection and reading
# until the scanner closes it. Their numbers go to a file.
python3 - "$work/listeners" <<'PY' &
import os, selectors, socket, sys, threading

def serve(connection):
    try:
        while connection.recv(4096):
            pass
    except OSError:
        pass  # a reset from the scanner
    connection.close()

selector = selectors.DefaultSelector()
ports = []
for _ in range(4):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    selector.register(listener, selectors.EVENT_READ)
    ports.append(listener.getsockname()[1])
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(" ".join(map(str, sorted(ports))) + "\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    for key, _ in selector.select():
        connection, _ = key.fileobj.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()
PY
listeners_pid=$!
for _ in $(seq 100); do [ -f "$work/listeners" ] && break; sleep 0.1; done
read -r -a listener_ports < "$work/listeners"
listeners=$(IFS=,; echo "${listener_ports[*]}")

# Each run: the label it is printed with, the scanner's output and GNU time's "elapsed user
# system" in seconds, in files named after the run.
runs=()
timed() {
    local name=$1 label=$2
    shift 2
    /usr/bin/time -f "%e %U %S" -o "$work/$name.time" "$@" > "$work/$name.out"
    runs+=("$name|$label")
}
for run in $(seq "$RUNS"); do
    timed "netscan-$run" "netscan 127.0.0.1 -p - --no-detect" \
        "$netscan" 127.0.0.1 -p - --no-detect --json
done
for run in $(seq "$RUNS"); do
    timed "nmap-$run" "nmap -sT -p- -T5 -n -Pn 127.0.0.1" \
        nmap -sT -p- -T5 -n -Pn 127.0.0.1 -oG -
done
timed listeners-no-detect "netscan 127.0.0.1 -p <listeners> --no-detect" \
    "$netscan" 127.0.0.1 -p "$listeners" --no-detect --json
timed listeners-detect "netscan 127.0.0.1 -p <listeners>" \
    "$netscan" 127.0.0.1 -p "$listeners" --json

python3 - "$work" "${listener_ports[*]}" "${runs[@]}" <<'PY'
import json, re, sys

work, listeners = sys.argv[1], sorted(map(int, sys.argv[2].split()))
status = 0

def scanned_and_open(name):
    text = open(f"{work}/{name}.out").read()
    if name.startswith("nmap"):
        # The ports line lists each port it shows, then how many it left out: "Ignored State:
        # closed (65531)".
        listed = re.findall(r"(\d+)/(\w+)/tcp", text)
        ignored = sum(int(n) for n in re.findall(r"Ignored State: \S+ \((\d+)\)", text))
        return len(listed) + ignored, sorted(int(p) for p, state in listed if state == "open")
    scan = json.loads(text)
    return scan["stats"]["scanned"], sorted(p["port"] for h in scan["hosts"] for p in h["open"])

print("4 silent listeners on 127.0.0.1, in a network namespace of its own; "
      "/usr/bin/time on each run")
print(f"{'command':<44} {'ports':>6} {'open':>5} {'elapsed':>9} {'user':>8} {'sys':>8} "
      f"{'sys per port':>13} {'CPU / elapsed':>14}")
for entry in sys.argv[3:]:
    name, label = entry.split("|", 1)
    elapsed, user, system = map(float, open(f"{work}/{name}.time").read().split()[-3:])
    scanned, found = scanned_and_open(name)
    if found != listeners:
        print(f"cpu-time: {label} found {found} open, not the listeners {listeners}",
              file=sys.stderr)
        status = 1
    # GNU time counts in hundredths of a second, so the per-port and per-core figures are only
    # worth printing for the full scans.
    per_port = f"{system / scanned * 1e6:.1f} µs" if scanned > 1000 else "-"
    busy = f"{(user + system) / elapsed:.1f}x" if scanned > 1000 and elapsed > 0 else "-"
    print(f"{label:<44} {scanned:>6} {len(found):>5} {elapsed:>7.2f} s {user:>6.2f} s "
          f"{system:>6.2f} s {per_port:>13} {busy:>14}")
sys.exit(status)
PY
