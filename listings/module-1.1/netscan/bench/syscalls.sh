#!/usr/bin/env bash
# What a closed port costs in system calls: `strace -f -c` counts every call of
# `netscan --no-detect` and of `nmap -sT -T5` scanning ports 1-5000 of 127.0.0.1, where nobody
# listens, and this prints the calls each scanner made per port scanned, for the calls a connect
# scan makes per port (and fcntl and epoll_ctl, which netscan avoids). Counts do not depend on
# the machine's speed, so this output is compared like any other; times under strace mean
# nothing and are not shown (bench/cpu-time.sh measures them, without strace).
#
#   bash listings/module-1.1/netscan/bench/syscalls.sh     (as root; PORTS=1-5000 unless told)
#
# Five thousand ports rather than all of them, because strace stops the scanner twice per
# system call and a full scan under it takes about a minute; the calls per port are the same.
# It needs root, to run in a network namespace of its own (unshare --net) whose loopback has no
# listener at all, so that every port is closed; without root, strace or nmap it says
# "skipped:" and why. It takes a few seconds, and its output is recorded in
# outputs/syscalls.txt. Only 127.0.0.1 is scanned.
set -euo pipefail

PORTS=${PORTS:-1-5000}
crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
    echo "skipped: needs root and unshare, to run in a network namespace of its own"
    exit 0
fi
for tool in strace nmap python3 ip; do
    if ! command -v "$tool" > /dev/null; then
        echo "skipped: $tool is missing (Debian: apt-get install strace nmap python3 iproute2)"
        exit 0
    fi
done
if [ -z "${SYSCALLS_IN_NETNS:-}" ]; then
    # Build first, outside the namespace, so that cargo's output stays out of the way.
    cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
    exec unshare --net env SYSCALLS_IN_NETNS=1 PORTS="$PORTS" bash "${BASH_SOURCE[0]}"
fi
ip link set lo up
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$crate_dir/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
netscan="$target_dir/release/netscan"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# -f follows every thread (netscan's runtime has one per core); -c counts instead of printing
# each call; -o keeps the counts apart from the scanner's own output.
strace -f -c -o "$work/netscan.strace" \
    "$netscan" 127.0.0.1 -p "$PORTS" --no-detect --json > "$work/netscan.out"
strace -f -c -o "$work/nmap.strace" \
    nmap -sT -p "$PORTS" -T5 -n -Pn 127.0.0.1 -oG - > "$work/nmap.out"

python3 - "$work" "$PORTS" <<'PY'
import json, re, sys

work, ports = sys.argv[1], sys.argv[2]
calls = ["socket", "setsockopt", "fcntl", "connect", "getsockopt", "close", "epoll_ctl"]

def counts(name):
    # strace -c's table: "% time  seconds  usecs/call  calls  [errors]  syscall"; the errors
    # column is empty for calls that never failed, so the count is the fourth field either way.
    found = {}
    for line in open(f"{work}/{name}.strace"):
        fields = line.split()
        if len(fields) >= 5 and fields[0][0].isdigit() and fields[3].isdigit():
            found[fields[-1]] = int(fields[3])
    return found

netscan = json.load(open(f"{work}/netscan.out"))
scanned = netscan["stats"]["scanned"]
status = 0
if netscan["stats"]["closed"] != scanned:
    print(f"syscalls: netscan found {netscan['stats']} rather than every port closed",
          file=sys.stderr)
    status = 1
nmap_text = open(f"{work}/nmap.out").read()
if re.search(r"\d+/open/", nmap_text):
    print("syscalls: nmap found an open port in a namespace with no listener", file=sys.stderr)
    status = 1

print(f"{scanned:,} closed ports of 127.0.0.1, in a network namespace of its own; "
      f"strace -f -c, calls per port scanned")
print(f"{'scanner':<44}" + "".join(f"{call:>12}" for call in calls) + f"{'together':>10}")
for name, label in (("netscan", f"netscan 127.0.0.1 -p {ports} --no-detect"),
                    ("nmap", f"nmap -sT -p {ports} -T5 -n -Pn 127.0.0.1")):
    found = counts(name)
    per_port = [found.get(call, 0) / scanned for call in calls]
    print(f"{label:<44}" + "".join(f"{value:>12.1f}" for value in per_port)
          + f"{sum(per_port):>10.1f}")
sys.exit(status)
PY
