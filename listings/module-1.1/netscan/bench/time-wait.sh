#!/usr/bin/env bash
# What SO_LINGER 0 buys a scanner: a full 65,535-port scan of 127.0.0.1 with netscan's default
# (SO_LINGER 0, so closing a connection sends a reset) and with --graceful-close (a FIN, as an
# ordinary client closes), and the sockets each leaves in TIME_WAIT afterwards, counted with
# `ss -tan state time-wait`.
#
#   bash listings/module-1.1/netscan/bench/time-wait.sh
#
# As root it runs in a network namespace of its own (unshare --net), whose loopback carries
# nothing but this experiment, so every TIME_WAIT socket counted is the scan's, and its output
# is the one recorded in outputs/time-wait.txt. Without root it says "skipped:" unless you set
# TIME_WAIT_ON_HOST=1: then it runs on the machine's loopback and counts only the sockets
# towards its own listeners, and the "other ports" count includes whatever else the machine is
# doing. Only 127.0.0.1 is scanned.
set -euo pipefail

crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "$(id -u)" -eq 0 ] && [ -z "${TIME_WAIT_IN_NETNS:-}" ] && command -v unshare > /dev/null; then
    # Build first, outside the namespace, so that cargo's output stays out of the way.
    cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
    exec unshare --net env TIME_WAIT_IN_NETNS=1 bash "${BASH_SOURCE[0]}"
fi
if [ -z "${TIME_WAIT_IN_NETNS:-}" ] && [ -z "${TIME_WAIT_ON_HOST:-}" ]; then
    echo "skipped: needs root and unshare to run in a network namespace of its own" \
        "(or set TIME_WAIT_ON_HOST=1 to run on this machine's loopback)"
    exit 0
fi
if [ -n "${TIME_WAIT_IN_NETNS:-}" ]; then
    ip link set lo up
    where="in a network namespace of its own"
else
    where="on this machine's loopback"
fi
for tool in python3 ss; do
    if ! command -v "$tool" > /dev/null; then
        echo "time-wait: $tool is missing (Debian: apt-get install python3 iproute2)" >&2
        exit 1
    fi
done

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

# Four listeners on ports the kernel picks, each accepting every connection, reading until the
# client closes or resets, and closing its side: an ordinary server. Their ports go to a file.
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
ours="( dport = :${listener_ports[0]} or dport = :${listener_ports[1]} or dport = :${listener_ports[2]} or dport = :${listener_ports[3]} )"

# Sockets of ours still closing (FIN_WAIT, LAST_ACK...) are given up to 2 s to settle, so that
# what is counted is where each connection ends up.
settle() {
    for _ in $(seq 200); do
        [ "$(ss -Htan state fin-wait-1 state fin-wait-2 state closing state last-ack "$ours" | wc -l)" -eq 0 ] && return
        sleep 0.01
    done
}
count_ours() { ss -Htan state time-wait dst 127.0.0.1 "$ours" | wc -l; }
count_all() { ss -Htan state time-wait dst 127.0.0.1 | wc -l; }

echo "4 listeners on 127.0.0.1 that read until the scanner closes, then close, $where"
echo "close with                ports  open  of them ours  closed  new in TIME_WAIT: to ours  to other ports"
for mode in reset graceful; do
    before_ours=$(count_ours)
    before_all=$(count_all)
    flags=()
    label="RST (SO_LINGER 0)"
    if [ "$mode" = graceful ]; then
        flags=(--graceful-close)
        label="FIN (--graceful-close)"
    fi
    "$netscan" 127.0.0.1 -p - --no-detect --json "${flags[@]}" > "$work/scan.json"
    settle
    python3 - "$work/scan.json" "${listener_ports[*]}" "$label" \
        "$(($(count_ours) - before_ours))" "$(($(count_all) - before_all))" <<'PY'
import json, sys
scan = json.load(open(sys.argv[1]))
listeners = set(map(int, sys.argv[2].split()))
found = {p["port"] for h in scan["hosts"] for p in h["open"]}
stats = scan["stats"]
print(f"{sys.argv[3]:<24} {stats['scanned']:>6} {stats['open']:>5} {len(found & listeners):>13} "
      f"{stats['closed']:>7} {sys.argv[4]:>25} {int(sys.argv[5]) - int(sys.argv[4]):>15}")
PY
done
