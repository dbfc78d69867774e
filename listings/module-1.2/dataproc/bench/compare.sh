#!/usr/bin/env bash
# Compares dataproc's engines and thread counts with read-only passes and with the classic Unix
# pipelines, on one generated log of about 1 GB.
#
#   RUNS=5 bash listings/module-1.2/dataproc/bench/compare.sh
#
# It makes RUNS repetitions (5 unless told). One repetition runs every command once, in an order
# shuffled anew for each repetition (reproducibly: SEED, 1 unless told, picks the orders), so
# the runs of one command are spread over the whole script, no command always runs just after
# another, and the two runs that a speed-up compares come from the same repetition: at most one
# repetition apart (tens of seconds on the 1 GB log), not RUNS repetitions apart. For each command it prints the median, fastest and slowest wall time,
# the throughput at the median, the median CPU time and the median CPU time stolen from this
# virtual machine by its host while the command ran (from /proc/stat, all cores together). The
# speed-up column divides, repetition by repetition, the wall time of the pipeline engine on one
# thread by the command's, and prints the median of those ratios with the lowest and highest: a
# range, not the best run.
#
# It ends with one `--stats` run of the pipeline on two threads and the two ceilings the chapter
# compares the speed-up with: Amdahl's law, from the share of that run's work done on one thread
# (merge and finish), and the CPU time, which two cores cannot spend in less than half of it.
#
# The log goes to $LOG (default /tmp/dataproc-bench.log, never into the repository) and is kept
# between runs of the script; LINES sets its size when it has to be generated.
set -euo pipefail

RUNS=${RUNS:-5}
SEED=${SEED:-1}
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

printf 'file: %s, %s bytes, %s lines; %s repetitions in shuffled order (seed %s); %s cores; load average %s\n\n' \
    "$LOG" "$bytes" "$(wc -l < "$LOG")" "$RUNS" "$SEED" "$(nproc)" "$(cut -d' ' -f1 /proc/loadavg)"

ticks=$(getconf CLK_TCK)
# Steal time so far, in clock ticks, all cores: time the host ran something else while this
# virtual machine had work to do. It is the eighth number of the `cpu` line of /proc/stat.
stolen() { awk '$1 == "cpu" {print $9; exit}' /proc/stat; }
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
declare -A wall cpu steal # indexed by "command number,repetition"
rep_steal=()
for rep in $(seq "$RUNS"); do
    # A Fisher-Yates shuffle seeded by SEED and the repetition: the same orders on every run.
    order=$(awk -v n=${#commands[@]} -v seed=$((SEED * 1000 + rep)) 'BEGIN {
        srand(seed)
        for (i = 0; i < n; i++) at[i] = i
        for (i = n - 1; i > 0; i--) { j = int(rand() * (i + 1)); t = at[i]; at[i] = at[j]; at[j] = t }
        for (i = 0; i < n; i++) printf "%d ", at[i]
    }')
    echo "repetition $rep of $RUNS, commands in the order" $order >&2
    rep_started=$(stolen)
    for i in $order; do
        command=${commands[$i]#* :: }
        before=$(stolen)
        # %e wall, %U + %S CPU time of the command and all its children (the whole pipeline)
        /usr/bin/time -f '%e %U %S' -o "$timing" bash -c "$command" > /dev/null
        after=$(stolen)
        read -r seconds user system < "$timing"
        wall[$i,$rep]=$seconds
        cpu[$i,$rep]=$(awk -v u="$user" -v s="$system" 'BEGIN {printf "%.2f", u + s}')
        steal[$i,$rep]=$(awk -v t=$((after - before)) -v hz="$ticks" 'BEGIN {printf "%.2f", t / hz}')
    done
    rep_steal+=("$(awk -v t=$(($(stolen) - rep_started)) -v hz="$ticks" 'BEGIN {printf "%.2f", t / hz}')")
done

# The values of command $1 in repetition order, one line.
walls() { for rep in $(seq "$RUNS"); do printf '%s ' "${wall[$1,$rep]}"; done; }
cpus() { for rep in $(seq "$RUNS"); do printf '%s ' "${cpu[$1,$rep]}"; done; }
steals() { for rep in $(seq "$RUNS"); do printf '%s ' "${steal[$1,$rep]}"; done; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR] = $1} END {print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
number() { # the index of the command called $1
    for i in "${!commands[@]}"; do
        if [ "${commands[$i]%% :: *}" = "$1" ]; then echo "$i"; fi
    done
}
base=$(number "$baseline")

printf '%-30s %8s %6s %6s %7s %6s %7s  %s\n' \
    "command" "median s" "min s" "max s" "MB/s" "cpu s" "steal s" "vs 1 thr: median (min-max)"
for i in "${!commands[@]}"; do
    name=${commands[$i]%% :: *}
    ratio=yes
    case $name in read:*) ratio=no ;; esac # a pass that does not analyse is no baseline's rival
    awk -v n="$name" -v by="$bytes" -v w="$(walls "$i")" -v c="$(cpus "$i")" -v st="$(steals "$i")" \
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
            k = split(w, walls, " "); split(c, cpus, " "); split(st, steals, " "); split(b, base, " ")
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
            printf "%-30s %8.2f %6.2f %6.2f %7.0f %6.2f %7.2f  %s\n", n, m, lo, hi, by / 1e6 / m,
                median(cpus, k), median(steals, k), speedup
        }'
done
printf '\nsteal time per repetition, s: %s\n' "${rep_steal[*]}"
printf 'load average at the end: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"

# Same answer? The top 10 paths by dataproc and by the sort pipeline (names only: awk also counts
# the seventh field of malformed lines, so its counts can differ by a few).
ours=$("$bin" "$LOG" --json --top 10 | sed -n 's/.*"path": "\(.*\)",/\1/p')
theirs=$(awk '{print $7}' "$LOG" | sort | uniq -c | sort -k1,1rn -k2 | awk 'NR <= 10 {print $2}')
if [ "$ours" = "$theirs" ]; then echo; echo "top 10 paths: same as the Unix pipeline"; else
    echo; echo "top 10 paths DIFFER:"; paste <(echo "$ours") <(echo "$theirs"); exit 1; fi
echo
"$bin" "$LOG" --threads 2 --stats 2> "$timing" > /dev/null
cat "$timing"

# The two ceilings for two threads. Amdahl: s is the share of the --stats run's work that ran on
# one thread after the workers were done (merge and finish), against the workers' summed parsing.
# CPU: the pipeline on two threads used the median CPU time of the table, which two cores cannot
# spend in less than half that wall time.
echo
awk '
    $1 == "parse" { parse = $2 }
    $1 == "merge" { merge = $2 }
    $1 == "finish" { finish = $2 }
    END {
        serial = merge + finish; s = serial / (parse + serial)
        printf "Amdahl: merge + finish %.3f s of %.3f s of work (with the workers'"'"' parsing): s = %.1f%%, at most %.2fx on 2 cores\n",
            serial, parse + serial, 100 * s, 1 / (s + (1 - s) / 2)
    }' "$timing"
pipeline_2=$(number "dataproc pipeline 2 threads")
cpu_2=$(cpus "$pipeline_2" | median)
wall_1=$(walls "$base" | median)
awk -v c="$cpu_2" -v t="$wall_1" 'BEGIN {
    printf "CPU: the pipeline on 2 threads used %.2f s of CPU (median), at least %.2f s of wall time on 2 cores: at most %.2fx over the %.2f s of 1 thread (median)\n",
        c, c / 2, t / (c / 2), t
}'
