#!/usr/bin/env bash
# The two designs of Step 4 on full 65,535-port scans of 127.0.0.1 without service detection:
# netscan's pool of workers (10, 100, 1,000 and 3,000 of them) and one task per port with a
# semaphore of 1,000 permits, netscan's first version. The scans are made by
# examples/workers.rs, through the library, which checks that every scan found exactly the
# listeners open, and prints the median wall time and CPU time of RUNS runs (3 unless told).
#
#   bash listings/module-1.1/netscan/bench/workers.sh     (as root; RUNS=3 unless told)
#
# It needs root, to run in a network namespace of its own (unshare --net) whose loopback holds
# nothing but four listeners on ports the kernel picks; without root it says "skipped:" and why.
# It takes about ten seconds, and its output is recorded in outputs/workers.txt. Only 127.0.0.1
# is scanned.
set -euo pipefail

RUNS=${RUNS:-3}
crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "$(id -u)" -ne 0 ] || ! command -v unshare > /dev/null; then
    echo "skipped: needs root and unshare, to run in a network namespace of its own"
    exit 0
fi
for tool in python3 ip; do
    if ! command -v "$tool" > /dev/null; then
        echo "skipped: $tool is missing (Debian: apt-get install python3 iproute2)"
        exit 0
    fi
done
if [ -z "${WORKERS_IN_NETNS:-}" ]; then
    # Build first, outside the namespace, so that cargo's output stays out of the way.
    cargo build --quiet --release --example workers --manifest-path "$crate_dir/Cargo.toml"
    exec unshare --net env WORKERS_IN_NETNS=1 RUNS="$RUNS" bash "${BASH_SOURCE[0]}"
fi
ip link set lo up
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$crate_dir/Cargo.toml" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
workers="$target_dir/release/examples/workers"

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

echo "full scans of 127.0.0.1 (65,535 ports, no detection), 4 listeners, in a network namespace" \
    "of its own; $RUNS runs each"
"$workers" --runs "$RUNS" "${listener_ports[@]}"
