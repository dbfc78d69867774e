#!/usr/bin/env bash
# Where a worker's time goes, two ways, for the pipeline engine with one worker on a generated
# log of about 200 MB:
#
# 1. callgrind counts the instructions each function executes, callees included. The count is
#    the same on every run (it does not depend on the load of the machine), but an instruction
#    that waits for memory counts as one, like any other.
# 2. perf samples the CPU clock 2,000 times a second and records the function that was running.
#    This measures time, cache misses included. It uses the `cpu-clock` software event, which
#    works in virtual machines that expose no hardware counters.
#
#   bash listings/module-1.2/dataproc/bench/profile.sh
#
# Needs valgrind and perf (Debian: apt-get install valgrind linux-perf; perf may need
# `sysctl kernel.perf_event_paranoid=1` when not run as root). The log goes to $LOG (default
# /tmp/dataproc-profile.log), never into the repository, and is kept between runs.
set -euo pipefail

LINES=${LINES:-1500000}
LOG=${LOG:-/tmp/dataproc-profile.log}
for tool in valgrind callgrind_annotate perf; do
    command -v "$tool" > /dev/null || { echo "profile.sh: $tool is not installed" >&2; exit 1; }
done
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
cargo build -q --release
bin=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/dataproc
if [ ! -f "$LOG" ]; then
    "$bin" gen --lines "$LINES" --seed 1 --malformed 0.01 --out "$LOG" > /dev/null
fi
run=("$bin" "$LOG" --engine pipeline --threads 1 --no-progress)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf 'profile of: dataproc %s --engine pipeline --threads 1, %s bytes\n\n' "$LOG" "$(stat -c %s "$LOG")"

valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" "${run[@]}" \
    > /dev/null 2> "$out/valgrind.log"
# Inclusive counts, as shares of the worker's whole job (`Partial::add_chunk`, which finds the
# lines of a chunk, parses each and counts the records).
callgrind_annotate --inclusive=yes "$out/callgrind.out" 2> /dev/null | awk '
    function count(text) { gsub(",", "", text); return text + 0 }
    /:dataproc::stats::Partial::add_chunk /   { chunk = count($1) }
    /:dataproc::parse::parse_line /           { parse = count($1) }
    /:dataproc::stats::Partial::add_record /  { record = count($1) }
    /:core::hash::BuildHasher::hash_one /     { hash += count($1) } # one per key type
    END {
        if (chunk == 0) { print "profile.sh: no add_chunk in the callgrind profile"; exit 1 }
        print "instructions (callgrind), callees included, share of the worker'"'"'s add_chunk"
        printf "  %-44s %14.0f  %5.1f%%\n", "add_chunk: the whole job", chunk, 100
        printf "  %-44s %14.0f  %5.1f%%\n", "parse_line: parsing", parse, 100 * parse / chunk
        printf "  %-44s %14.0f  %5.1f%%\n", "add_record: counting", record, 100 * record / chunk
        printf "  %-44s %14.0f  %5.1f%%\n", "  of which hash_one: SipHash", hash, 100 * hash / chunk
        rest = chunk - parse - record
        printf "  %-44s %14.0f  %5.1f%%\n", "the rest: finding lines, malformed lines", rest,
            100 * rest / chunk
    }'

echo
perf record -q -e cpu-clock -F 2000 -g -o "$out/perf.data" "${run[@]}" > /dev/null 2>&1
perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2> /dev/null |
    awk '/^ +[0-9.]+%/ {sub(/ +- +- *$/, ""); print}' > "$out/perf.txt"
echo "time (perf, cpu-clock samples), grouped by what the functions do"
awk '{
    percent = $1 + 0
    if ($0 ~ /\[k\]/) group = "kernel: read(), scheduling, page faults"
    else if ($0 ~ /add_record|memcmp|Hasher|hash_one|hashbrown|btree/) group = "counting: add_record, memcmp, SipHash"
    else if ($0 ~ /dataproc::parse::|dataproc::time::|memchr|add_chunk|add_line/) group = "parsing and finding lines: parse_*, memchr"
    else if ($0 ~ /memset/) group = "reader: zeroing buffers (memset)"
    else group = "everything else"
    total[group] += percent
} END {
    split("counting: add_record, memcmp, SipHash|parsing and finding lines: parse_*, memchr|" \
        "reader: zeroing buffers (memset)|kernel: read(), scheduling, page faults|everything else",
        order, "|")
    for (i = 1; i <= 5; i++) printf "  %6.1f%%  %s\n", total[order[i]], order[i]
}' "$out/perf.txt"
echo
echo "time (perf), each function alone, callees not included, top 12"
awk '{percent = $1; sub(/^ +[0-9.]+% +/, ""); printf "  %7s  %s\n", percent, $0; if (++n == 12) exit}' \
    "$out/perf.txt"
