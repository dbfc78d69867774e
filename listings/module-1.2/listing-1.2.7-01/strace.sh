#!/usr/bin/env bash
# Which system calls each mutex makes under contention: the first mix of Listing 1.2.7-1 (95% reads
# of one key) on two threads, five runs of 800,000 operations, traced with strace, once for std's
# Mutex and once for parking_lot's.
#
#   bash listings/module-1.2/listing-1.2.7-01/strace.sh            # what the book shows
#   COUNTS=1 bash listings/module-1.2/listing-1.2.7-01/strace.sh   # with the counts as well
#
# The counts change a lot from run to run: how often the two threads collide depends on when the
# scheduler runs them, and tracing slows every system call down. So by default the script prints
# only what the two locks' source code predicts and what every traced run has shown: which calls
# each lock makes at all. Only the worker threads' futex calls are counted; the main thread's wait
# for the workers to finish, and its thread start-up, are not the lock's doing.
set -euo pipefail

if ! command -v strace > /dev/null; then
    echo "skipped: strace is not installed (Debian: apt-get install strace)"
    exit 0
fi

crate_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cargo build --quiet --release --manifest-path "$crate_dir/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$crate_dir/Cargo.toml" |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
binary="$target_dir/release/listing-1-2-7-01"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# How many lines of the given trace files match an extended regular expression (0 if none).
count() {
    local pattern=$1
    shift
    if [ "$#" -eq 0 ]; then
        echo 0
        return
    fi
    cat "$@" | { grep -E -c "$pattern" || true; }
}

yes_or_no() {
    if [ "$1" -gt 0 ]; then echo "yes"; else echo "no"; fi
}

echo "95% reads of 1 key, 2 threads, 5 runs, under strace -ff; calls by the worker threads"
for lock in "std Mutex" "parking_lot Mutex"; do
    dir="$work/${lock// /-}"
    mkdir "$dir"
    # -ff writes one file per thread, so no call is split across lines by another thread's.
    if ! strace -ff -o "$dir/trace" -e trace=execve,futex,sched_yield \
        "$binary" "$lock" 2 > "$dir/stdout" 2> "$dir/stderr"; then
        echo "skipped: strace cannot trace here: $(head -n 1 "$dir/stderr")"
        exit 0
    fi
    # The thread whose trace holds the execve is the main thread; the others are the workers.
    workers=()
    for file in "$dir"/trace.*; do
        if ! grep -q '^execve(' "$file"; then workers+=("$file"); fi
    done
    yields=$(count '^sched_yield\(' "${workers[@]}")
    waits=$(count '^futex\(.*FUTEX_WAIT' "${workers[@]}")
    wakes=$(count '^futex\(.*FUTEX_WAKE' "${workers[@]}")
    idle_wakes=$(count '^futex\(.*FUTEX_WAKE.*\) += 0$' "${workers[@]}")
    echo "$lock"
    case "$lock" in
        std*)
            # std's mutex never yields its core: it spins, then calls futex_wait (which returns
            # at once if the word has changed meanwhile). Its unlock wakes whenever the word says
            # 2, and a woken thread always stores 2 again, so some wakes find nobody asleep.
            echo "  called sched_yield:                     $(yes_or_no "$yields")"
            echo "  called futex_wait:                      $(yes_or_no "$waits")"
            echo "  made FUTEX_WAKE calls that woke nobody: $(yes_or_no "$idle_wakes")"
            ;;
        parking_lot*)
            # parking_lot spins, then yields its core up to seven times before it parks. How
            # often it then parks, and so how often an unlock wakes it, depends on the run: in
            # some runs, never.
            echo "  called sched_yield:                     $(yes_or_no "$yields")"
            ;;
    esac
    if [ -n "${COUNTS:-}" ]; then
        echo "  counts: sched_yield $yields, FUTEX_WAIT $waits, FUTEX_WAKE $wakes (woke nobody: $idle_wakes)"
    fi
done
