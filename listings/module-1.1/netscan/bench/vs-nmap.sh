#!/usr/bin/env bash
# Full 65,535-port TCP connect scan of 127.0.0.1: netscan against nmap -sT (-T5 and -T4).
#
# Run as root on Debian (it installs nmap and python3 with apt-get if they are missing):
#   RUNS=5 bash listings/module-1.1/netscan/bench/vs-nmap.sh
# It starts a few listeners on 127.0.0.1, checks that every scanner finds the same open set
# (the listeners plus whatever else this machine has listening on loopback), and prints, for
# RUNS runs of each (5 unless told), every time, the median and the range, and then the ratios
# of nmap to netscan. Like is compared with like: `netscan --no-detect` against `nmap -sT`,
# neither of which asks open ports what they are. netscan's default, with service detection,
# is timed too, to show what detection costs. Only 127.0.0.1 is scanned.
set -euo pipefail

RUNS=${RUNS:-5}
crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

need() {
    if ! command -v "$1" > /dev/null; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "vs-nmap: $1 is missing; install it or run as root" >&2
            exit 1
        fi
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" > /dev/null
    fi
}
need nmap nmap
need python3 python3

cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
# As root, the scans run in a network namespace of their own (unshare --net), whose loopback has
# nothing on it but the four listeners: no other program's port is probed, and every scanner
# must find exactly those four. Without root they scan this machine's loopback.
if [ "$(id -u)" -eq 0 ] && [ -z "${VS_NMAP_IN_NETNS:-}" ] && command -v unshare > /dev/null; then
    exec unshare --net env VS_NMAP_IN_NETNS=1 RUNS="$RUNS" bash "${BASH_SOURCE[0]}"
fi
# What a recorded run needs beside its figures: when, on what, and how busy the machine was.
read -r load_1min _ < /proc/loadavg
echo "$(date -u '+%Y-%m-%d %H:%M UTC'): $(nproc) cores, Linux $(uname -r)," \
    "$(nmap --version | head -n 1 | cut -d' ' -f1-3), $(rustc --version | cut -d' ' -f1-2)," \
    "load average $load_1min, RUNS=$RUNS"
if [ -n "${VS_NMAP_IN_NETNS:-}" ]; then
    ip link set lo up
    echo "in a network namespace of its own: only the four listeners are on its loopback"
fi
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

# Four listeners on ports the kernel picks, each accepting every connection and reading until
# the scanner closes it, without ever writing: silent services. (Accepting keeps the accept
# queues from filling up over many runs.) Their numbers go to a file.
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
    f.write(" ".join(map(str, ports)) + "\n")
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    for key, _ in selector.select():
        connection, _ = key.fileobj.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()
PY
listeners_pid=$!
for _ in $(seq 50); do [ -f "$work/listeners" ] && break; sleep 0.1; done
read -r -a listener_ports < "$work/listeners"

now() { date +%s.%N; }

# Each run prints its open ports, sorted, one line; the time goes to a file.
run_netscan() {
    "$netscan" 127.0.0.1 -p - "$@" --json |
        python3 -c 'import json, sys; r = json.load(sys.stdin); print(" ".join(str(p["port"]) for h in r["hosts"] for p in h["open"]))'
}
run_nmap() {
    nmap -sT -p- "$1" -n -Pn 127.0.0.1 -oG - |
        python3 -c '
import re, sys
ports = sorted(int(m.group(1)) for line in sys.stdin if "Ports:" in line
               for m in re.finditer(r"(\d+)/open/tcp", line))
print(" ".join(map(str, ports)))'
}

tools=(netscan nmap-T5 nmap-T4 netscan-detect)
declare -A runs
declare -A found
for tool in "${tools[@]}"; do
    times=()
    for _ in $(seq "$RUNS"); do
        start=$(now)
        case $tool in
            netscan) open=$(run_netscan --no-detect) ;;
            netscan-detect) open=$(run_netscan) ;;
            nmap-T5) open=$(run_nmap -T5) ;;
            nmap-T4) open=$(run_nmap -T4) ;;
        esac
        end=$(now)
        times+=("$(python3 -c "print(f'{$end - $start:.3f}')")")
        if [ -n "${found[$tool]:-}" ] && [ "${found[$tool]}" != "$open" ]; then
            echo "vs-nmap: $tool found different open sets across runs: ${found[$tool]} / $open" >&2
        fi
        found[$tool]=$open
    done
    runs[$tool]="${times[*]}"
done

# Every run, then the median and the range of each, then the ratios of nmap to netscan: of the
# medians, and of the fastest and the slowest runs, since nmap's times are not spread around one
# value (on the book's machines they fell in two clusters, about 1 s and about 2 s).
python3 - "${tools[@]}" <<PY
import statistics, sys
runs = {
$(for tool in "${tools[@]}"; do printf '    "%s": [%s],\n' "$tool" "${runs[$tool]// /, }"; done)
}
for tool in sys.argv[1:]:
    times = runs[tool]
    print(f"{tool:<15} runs: {' '.join(f'{t:.3f}' for t in times)} s  "
          f"median {statistics.median(times):.3f} s  range {min(times):.3f}-{max(times):.3f} s")
base = runs["netscan"]
for tool in ("nmap-T5", "nmap-T4"):
    other = runs[tool]
    print(f"{tool} / netscan --no-detect: median {statistics.median(other) / statistics.median(base):.1f}x, "
          f"fastest runs {min(other) / min(base):.1f}x, slowest runs {max(other) / max(base):.1f}x")
detect = runs["netscan-detect"]
print(f"service detection adds {statistics.median(detect) - statistics.median(base):.2f} s to netscan's median")
PY
for tool in "${tools[@]}"; do
    echo "open ports found by $tool: ${found[$tool]}"
done

status=0
for port in "${listener_ports[@]}"; do
    for tool in "${tools[@]}"; do
        case " ${found[$tool]} " in
            *" $port "*) ;;
            *) echo "vs-nmap: $tool missed listener port $port" >&2; status=1 ;;
        esac
    done
done
if [ "${found[netscan]}" != "${found[nmap-T5]}" ] || [ "${found[netscan]}" != "${found[nmap-T4]}" ] ||
    [ "${found[netscan]}" != "${found[netscan-detect]}" ]; then
    echo "vs-nmap: the open sets differ" >&2
    status=1
else
    echo "same open set: ${found[netscan]} (listeners started: ${listener_ports[*]})"
fi
exit "$status"
