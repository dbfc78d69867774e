#!/usr/bin/env bash
# The two tools with their defaults, which do different work: `netscan 127.0.0.1` scans its
# built-in list of common ports and asks every open one what it is (a banner wait, then an
# HTTP probe), `nmap -sT -n -Pn 127.0.0.1` scans nmap's 1,000 most common ports and asks
# nothing. One silent listener on port 8080 (in both lists) is the only open port.
#
#   bash listings/module-1.1/netscan/bench/defaults.sh     (as root; RUNS=3 unless told)
#
# It needs root, to run in a network namespace of its own (unshare --net) whose loopback holds
# nothing but that listener, so that port 8080 is free and no other program's ports are
# probed; without root, or without nmap, it says "skipped:" and why. It takes a few seconds,
# and its output is recorded in outputs/defaults.txt. Only 127.0.0.1 is scanned.
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
if [ -z "${DEFAULTS_IN_NETNS:-}" ]; then
    # Build first, outside the namespace, so that cargo's output stays out of the way.
    cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
    exec unshare --net env DEFAULTS_IN_NETNS=1 RUNS="$RUNS" bash "${BASH_SOURCE[0]}"
fi
ip link set lo up
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$crate_dir/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
netscan="$target_dir/release/netscan"

work=$(mktemp -d)
listener_pid=
cleanup() {
    if [ -n "$listener_pid" ]; then kill "$listener_pid" 2> /dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# A silent service on 8080: it accepts, reads until the scanner closes, and never writes, so
# that service detection waits out both of its timeouts.
python3 - "$work/ready" <<'PY' &
import socket, sys, threading

def serve(connection):
    try:
        while connection.recv(4096):
            pass
    except OSError:
        pass  # a reset from the scanner
    connection.close()

listener = socket.socket()
listener.bind(("127.0.0.1", 8080))
listener.listen(128)
open(sys.argv[1], "w").close()
while True:
    connection, _ = listener.accept()
    threading.Thread(target=serve, args=(connection,), daemon=True).start()
PY
listener_pid=$!
for _ in $(seq 50); do [ -f "$work/ready" ] && break; sleep 0.1; done

now() { date +%s.%N; }

# Each run writes the tool's output to a file; the time goes to a list.
netscan_times=()
nmap_times=()
for run in $(seq "$RUNS"); do
    start=$(now)
    "$netscan" 127.0.0.1 --json > "$work/netscan-$run.json"
    end=$(now)
    netscan_times+=("$start $end")
    start=$(now)
    nmap -sT -n -Pn 127.0.0.1 -oG - > "$work/nmap-$run.txt"
    end=$(now)
    nmap_times+=("$start $end")
done

python3 - "$work" "$RUNS" "${netscan_times[@]}" "${nmap_times[@]}" <<'PY'
import json, re, sys

work, runs = sys.argv[1], int(sys.argv[2])
spans = [tuple(map(float, span.split())) for span in sys.argv[3:]]
netscan_times = [end - start for start, end in spans[:runs]]
nmap_times = [end - start for start, end in spans[runs:]]

netscan_open, netscan_ports = set(), set()
for run in range(1, runs + 1):
    scan = json.load(open(f"{work}/netscan-{run}.json"))
    netscan_ports.add(scan["stats"]["scanned"])
    netscan_open.add(" ".join(str(p["port"]) for h in scan["hosts"] for p in h["open"]))
nmap_open, nmap_ports = set(), set()
for run in range(1, runs + 1):
    text = open(f"{work}/nmap-{run}.txt").read()
    # The ports line lists each port it shows, then how many it left out: "Ignored State:
    # closed (999)".
    listed = re.findall(r"(\d+)/(\w+)/tcp", text)
    ignored = sum(int(n) for n in re.findall(r"Ignored State: \S+ \((\d+)\)", text))
    nmap_ports.add(len(listed) + ignored)
    ports = sorted(int(port) for port, state in listed if state == "open")
    nmap_open.add(" ".join(map(str, ports)))

status = 0
for tool, found in (("netscan", netscan_open), ("nmap", nmap_open)):
    if found != {"8080"}:
        print(f"defaults: {tool} found {sorted(found)} open, not just 8080", file=sys.stderr)
        status = 1
if len(netscan_ports) != 1 or len(nmap_ports) != 1:
    print("defaults: the number of ports scanned changed between runs", file=sys.stderr)
    status = 1

def times(values):
    return " ".join(f"{t:.3f} s" for t in values)

print(f"one silent listener on 127.0.0.1:8080, in a network namespace of its own; {runs} runs each")
print(f"netscan 127.0.0.1             {min(netscan_ports):>5,} ports, detection on   "
      f"runs: {times(netscan_times)}  open: {' '.join(sorted(netscan_open))}")
print(f"nmap -sT -n -Pn 127.0.0.1     {min(nmap_ports):>5,} ports, no detection  "
      f"runs: {times(nmap_times)}  open: {' '.join(sorted(nmap_open))}")
sys.exit(status)
PY
