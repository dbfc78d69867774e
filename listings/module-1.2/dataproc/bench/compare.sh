#!/usr/bin/env bash
# Compares dataproc's engines and thread counts with read-only passes and with the classic Unix
# pipelines, on one generated log of about 1 GB.
#
#   RUNS=5 bash listings/module-1.2/dataproc/bench/compare.sh
#
# It makes RUNS repetitions (5 unless told). One repetition runs every command once, in order,
# so the runs of one command are spread over the whole script instead of bunched together, and
# the two runs that a speed-up compares are minutes apart at most, not RUNS commands apart. For
# each command it prints the median, fastest and slowest wall time, the throughput at the
# median, and the median CPU time. The speed-up column divides, repetition by repetition, the
# wall time of the pipeline engine on one thread by the command's, and prints the median of
# those ratios with the lowest and highest: a range, not the best run.
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
baseline="dataproc pipeline 1 thread"
commands=(
    "read: wc -l :: wc -l '$LOG'"
    "read: dd O_DIRECT (cold) :: dd if='$LOG' iflag=direct bs=4M of=/dev/null status=none"
    "dataproc sequential :: '$bin' '$LOG' --engine sequential --top 10"
    "$baseline :: '$bin' '$LOG' --engine pipeline --threads 1 --top 10"
    "dataproc pipeline 2 threads :: '$bin' '$LOG' --engine pipeline --threads 2 --top 10"
    "dataproc rayon 1 thread :: '$bin' '$LOG' --engine rayon --threads 1 --top 10"
    "dataproc rayon 2 threads :: '$bin' '$LOG' --engine rayon --threads 2 --top 10"
    "awk one pass (status, paths) :: awk '{s[\$9]++; p[\$7]++} END {for (k in s) print s[k], k; for (k in p) print p[k], k}' '$LOG' | sort -rn | head -20"
    "awk | sort | uniq -c (paths) :: awk '{print \$7}' '$LOG' | sort | uniq -c | sort -rn | head -10"
)

printf 'file: %s, %s bytes, %s lines; %s repetitions; %s cores; load average %s\n\n' \
    "$LOG" "$bytes" "$(wc -l < "$LOG")" "$RUNS" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
declare -A wall cpu # indexed by "command number,repetition"
for rep in $(seq "$RUNS"); do
    echo "repetition $rep of $RUNS" >&2
    for i in "${!commands[@]}"; do
        command=${commands[$i]#* :: }
        # %e wall, %U + %S CPU time of the command and all its children (the whole pipeline)
        /usr/bin/time -f '%e %U %S' -o "$timing" bash -c "$command" > /dev/null
        read -r seconds user system < "$timing"
        wall[$i,$rep]=$seconds
        cpu[$i,$rep]=$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')
    done
done

# The wall times of command $1 in repetition order, one line.
walls() { for rep in $(seq "$RUNS"); do printf '%s ' "${wall[$1,$rep]}"; done; }
cpus() { for rep in $(seq "$RUNS"); do printf '%s ' "${cpu[$1,$rep]}"; done; }
base=""
for i in "${!commands[@]}"; do
    if [ "${commands[$i]%% :: *}" = "$baseline" ]; then base=$i; fi
done

printf '%-30s %8s %6s %6s %7s %6s  %s\n' \
    "command" "median s" "min s" "max s" "MB/s" "cpu s" "vs 1 thr: median (min-max)"
for i in "${!commands[@]}"; do
    name=${commands[$i]%% :: *}
    ratio=yes
    case $name in read:*) ratio=no ;; esac # a pass that does not analyse is no baseline's rival
    awk -v n="$name" -v by="$bytes" -v w="$(walls "$i")" -v c="$(cpus "$i")" \
        -v b="$(walls "$base")" -v ratio="$ratio" '
        function median(a, k,   sorted, j) {
            for (j = 1; j <= k; j++) sorted[j] = a[j]
            asort_numeric(sorted, k)
            return k % 2 ? sorted[(k + 1) / 2] : (sorted[k / 2] + sorted[k / 2 + 1]) / 2
        }
        function asort_numeric(a, k,   j, m, t) { # insertion sort: k is small
            for (j = 2; j <= k; j++) for (m = j; m > 1 && a[m - 1] > a[m]; m--) {
                t = a[m]; a[m] = a[m - 1]; a[m - 1] = t
            }
        }
        BEGIN {
            k = split(w, walls, " "); split(c, cpus, " "); split(b, base, " ")
            lo = hi = walls[1]
            for (j = 1; j <= k; j++) {
                if (walls[j] < lo) lo = walls[j]
                if (walls[j] > hi) hi = walls[j]
                ratios[j] = base[j] / (walls[j] > 0 ? walls[j] : 0.01)
            }
            m = median(walls, k)
            speedup = "-"
            if (ratio == "yes") {
                rlo = rhi = ratios[1]
                for (j = 1; j <= k; j++) {
                    if (ratios[j] < rlo) rlo = ratios[j]
                    if (ratios[j] > rhi) rhi = ratios[j]
                }
                speedup = sprintf("%.2fx (%.2fx-%.2fx)", median(ratios, k), rlo, rhi)
            }
            printf "%-30s %8.2f %6.2f %6.2f %7.0f %6.2f  %s\n", n, m, lo, hi, by / 1e6 / m,
                median(cpus, k), speedup
        }'
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
