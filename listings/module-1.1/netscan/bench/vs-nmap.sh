#!/usr/bin/env bash
# Full 65,535-port TCP connect scan of 127.0.0.1: netscan against nmap -sT (-T5 and -T4).
#
# Run as root on Debian (it installs nmap and python3 with apt-get if they are missing):
#   bash listings/module-1.1/netscan/bench/vs-nmap.sh
# It starts a few listeners on 127.0.0.1, checks that every scanner finds the same open set
# (the listeners plus whatever else this machine has listening on loopback), and prints the
# median of RUNS runs of each and the ratios. Only 127.0.0.1 is scanned.
set -euo pipefail

RUNS=${RUNS:-3}
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

# Four listeners on ports the kernel picks; their numbers go to a file.
python3 - "$work/listeners" <<'PY' &
import socket, sys, time
sockets = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    sockets.append(s)
with open(sys.argv[1] + ".tmp", "w") as f:
    f.write(" ".join(str(s.getsockname()[1]) for s in sockets) + "\n")
import os
os.rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(3600)
PY
listeners_pid=$!
for _ in $(seq 50); do [ -f "$work/listeners" ] && break; sleep 0.1; done
read -r -a listener_ports < "$work/listeners"

now() { date +%s.%N; }

# Each run prints its open ports, sorted, one line; the time goes to a file.
run_netscan() {
    "$netscan" 127.0.0.1 -p - --no-detect --json |
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

declare -A median
declare -A found
for tool in netscan nmap-T5 nmap-T4; do
    times=()
    for _ in $(seq "$RUNS"); do
        start=$(now)
        case $tool in
            netscan) open=$(run_netscan) ;;
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
    median[$tool]=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(((RUNS + 1) / 2))p")
    printf '%-8s runs: %s s  median %s s  open: %s\n' "$tool" "${times[*]}" "${median[$tool]}" "$open"
done

status=0
for port in "${listener_ports[@]}"; do
    for tool in netscan nmap-T5 nmap-T4; do
        case " ${found[$tool]} " in
            *" $port "*) ;;
            *) echo "vs-nmap: $tool missed listener port $port" >&2; status=1 ;;
        esac
    done
done
if [ "${found[netscan]}" != "${found[nmap-T5]}" ] || [ "${found[netscan]}" != "${found[nmap-T4]}" ]; then
    echo "vs-nmap: the open sets differ" >&2
    status=1
else
    echo "same open set: ${found[netscan]} (listeners started: ${listener_ports[*]})"
fi
python3 -c "
n, t5, t4 = ${median[netscan]}, ${median[nmap-T5]}, ${median[nmap-T4]}
print(f'nmap -T5 / netscan: {t5 / n:.1f}x   nmap -T4 / netscan: {t4 / n:.1f}x')"
exit "$status"
