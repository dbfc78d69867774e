#!/usr/bin/env bash
# Compares dataproc's engines and thread counts with read-only passes and with the classic Unix
# pipeline, on one generated log of about 1 GB. Prints the median wall time of RUNS runs of each
# command (5 unless told) and the throughput that gives.
#
#   RUNS=5 bash listings/module-1.2/dataproc/bench/compare.sh
#
# The log goes to $LOG (default /tmp/dataproc-bench.log, never into the repository) and is kept
# between runs of the script; LINES sets its size when it has to be generated.
set -euo pipefail

RUNS=${RUNS:-5}
LINES=${LINES:-7500000}
LOG=${LOG:-/tmp/dataproc-bench.log}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build -q --release
bin=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/dataproc

if [ ! -f "$LOG" ]; then
    "$bin" gen --lines "$LINES" --seed 1 --malformed 0.01 --out "$LOG"
fi
bytes=$(stat -c %s "$LOG")
cat "$LOG" > /dev/null # warm the page cache: every run below reads from memory, except dd's

export LC_ALL=C # byte-wise sort and awk: much faster than locale-aware collation, and what we want
commands=(
    "read: wc -l :: wc -l '$LOG'"
    "read: dd O_DIRECT (cold) :: dd if='$LOG' iflag=direct bs=4M of=/dev/null status=none"
    "dataproc sequential :: '$bin' '$LOG' --engine sequential --top 10"
    "dataproc pipeline 1 thread :: '$bin' '$LOG' --engine pipeline --threads 1 --top 10"
    "dataproc pipeline 2 threads :: '$bin' '$LOG' --engine pipeline --threads 2 --top 10"
    "dataproc rayon 1 thread :: '$bin' '$LOG' --engine rayon --threads 1 --top 10"
    "dataproc rayon 2 threads :: '$bin' '$LOG' --engine rayon --threads 2 --top 10"
    "awk one pass (status, paths) :: awk '{s[\$9]++; p[\$7]++} END {for (k in s) print s[k], k; for (k in p) print p[k], k}' '$LOG' | sort -rn | head -20"
    "awk | sort | uniq -c (paths) :: awk '{print \$7}' '$LOG' | sort | uniq -c | sort -rn | head -10"
)

median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

printf 'file: %s, %s bytes, %s lines; %s runs each; %s cores; load average %s\n\n' \
    "$LOG" "$bytes" "$(wc -l < "$LOG")" "$RUNS" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"
printf '%-30s %9s %8s %9s %9s\n' "command" "median s" "MB/s" "vs 1 thr" "cpu s"
base=""
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
for entry in "${commands[@]}"; do
    name=${entry%% :: *}
    command=${entry#* :: }
    walls=()
    cpus=()
    for _ in $(seq "$RUNS"); do
        # %e wall, %U + %S CPU time of the command and all its children (the whole pipeline)
        /usr/bin/time -f '%e %U %S' -o "$timing" bash -c "$command" > /dev/null
        walls+=("$(awk '{print $1}' "$timing")")
        cpus+=("$(awk '{printf "%.2f", $2 + $3}' "$timing")")
    done
    med=$(printf '%s\n' "${walls[@]}" | median)
    cpu=$(printf '%s\n' "${cpus[@]}" | median)
    if [ "$name" = "dataproc pipeline 1 thread" ]; then base=$med; fi
    ratio=$(awk -v b="$base" -v m="$med" 'BEGIN {if (b == "") print "-"; else printf "%.2fx", b / m}')
    awk -v n="$name" -v m="$med" -v by="$bytes" -v r="$ratio" -v c="$cpu" \
        'BEGIN {printf "%-30s %9.2f %8.0f %9s %9.2f\n", n, m, by / 1e6 / m, r, c}'
done
printf '\nload average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

# Same answer? The top 10 paths by dataproc and by the sort pipeline (names only: awk also counts
# the seventh field of malformed lines, so its counts can differ by a few).
ours=$("$bin" "$LOG" --json --top 10 | sed -n 's/.*"path": "\(.*\)",/\1/p')
theirs=$(awk '{print $7}' "$LOG" | sort | uniq -c | sort -k1,1rn -k2 | awk 'NR <= 10 {print $2}')
if [ "$ours" = "$theirs" ]; then echo; echo "top 10 paths: same as the Unix pipeline"; else
    echo; echo "top 10 paths DIFFER:"; paste <(echo "$ours") <(echo "$theirs"); exit 1; fi
echo
"$bin" "$LOG" --threads 2 --stats > /dev/null
