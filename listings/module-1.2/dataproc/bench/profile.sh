#!/usr/bin/env bash
# Where a worker's time goes, for the pipeline engine with one worker on a generated log of about
# 200 MB, measured three ways. Every figure the chapter quotes from a profile is printed here.
#
# 1. callgrind counts the instructions each function executes, callees included. The count is
#    the same on every run, whatever else the machine is doing, but an instruction that waits
#    for memory counts as one, like any other.
# 2. callgrind's cache simulator, run twice: once with the last level the size of one core's L2
#    (1 MiB, 8-way, as on this Zen 4 machine), once the size of the L3 (32 MiB, 16-way), since it
#    models only two levels. It counts the simulated misses of each instruction
#    (--dump-instr=yes), and addr2line tells which line of `add_record` an instruction belongs
#    to, through the inlined hash-map code. A model: no prefetcher, no other core, and the
#    kernel's copies into the read buffers are not simulated.
# 3. perf samples the CPU clock (FREQ times a second, 20,000 unless told) and records where the
#    program was. This is time, stalls included, but a sample lands on the instruction that was
#    holding things up (often one just after a load that missed), not on all the work in flight:
#    a share of samples says where the time was spent waiting, not what removing a function
#    would save. The `cpu-clock` software event works in virtual machines that expose no
#    hardware counters.
#
#   bash listings/module-1.2/dataproc/bench/profile.sh
#
# Needs valgrind, perf and binutils (Debian: apt-get install valgrind linux-perf binutils; perf
# may need `sysctl kernel.perf_event_paranoid=1` when not run as root). It builds the release
# profile with line tables added (a `profiling` profile defined below through environment
# variables, in target/profiling: the release binary is left alone). The log goes to $LOG
# (default /tmp/dataproc-profile.log), never into the repository, and is kept between runs.
set -euo pipefail

LINES=${LINES:-1500000}
LOG=${LOG:-/tmp/dataproc-profile.log}
FREQ=${FREQ:-20000}
for tool in valgrind perf addr2line nm; do
    command -v "$tool" > /dev/null || { echo "profile.sh: $tool is not installed" >&2; exit 1; }
done
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
# Line tables only: they map instructions to source lines and do not change the code.
export CARGO_PROFILE_PROFILING_INHERITS=release CARGO_PROFILE_PROFILING_DEBUG=line-tables-only
cargo build -q --profile profiling
bin=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/profiling/dataproc
if [ ! -f "$LOG" ]; then
    "$bin" gen --lines "$LINES" --seed 1 --malformed 0.01 --out "$LOG" > /dev/null
fi
run=("$bin" "$LOG" --engine pipeline --threads 1 --no-progress)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
record_fn=dataproc::stats::Partial::add_record
record_at=$(nm -C "$bin" | awk -v f="$record_fn" '$3 == f && !found {print $1; found = 1}')
[ -n "$record_at" ] || { echo "profile.sh: no $record_fn in $bin" >&2; exit 1; }
source_file="$here/src/stats.rs"

printf 'profile of: dataproc %s --engine pipeline --threads 1, %s bytes\n' "$LOG" "$(stat -c %s "$LOG")"
# One run outside the profilers: the keys the maps hold, and the worker's time per line.
stats=$("${run[@]}" --stats --json 2>&1 > "$out/report.json")
lines=$(sed -n 's/^  "lines": \([0-9]*\),$/\1/p' "$out/report.json")
echo "$stats" | sed -n 's/^distinct */distinct keys: /p'
echo "$stats" | awk -v lines="$lines" '$1 == "parse" {
    printf "one worker, no profiler: %s s parsing and counting %d lines, %.0f ns per line (--stats)\n",
        $2, lines, $2 * 1e9 / lines }'
echo

# The line of `add_record` each address (hex, one per line on stdin) belongs to: the outermost
# frame addr2line reports, past the inlined map code. "?" when it has none in stats.rs.
record_lines() {
    sed 's/^/0x/' | addr2line -a -i -e "$bin" | awk '
        function flush() { if (addr != "") print addr, (last ~ /stats\.rs:[0-9]+$/ ? last : "?") }
        /^0x/ { flush(); addr = tolower($0); sub(/^0x0*/, "", addr); next }
        { last = $0 }
        END { flush() }' | sed 's/ .*stats\.rs:/ /'
}

# Reads a callgrind file written with --dump-instr=yes --compress-strings=no --compress-pos=no.
# Prints "total <Ir> <D1 read misses> <LL read misses>", "calls <calls to add_record>",
# "fn <name> <inclusive Ir> <own Ir> <own D1mr> <own LLmr>" for the functions of interest, and
# for each instruction address of add_record "addr <address> <Ir> <D1mr> <LLmr>", its own costs
# plus those of the calls made from it.
callgrind_costs() {
    awk -v record="$record_fn" '
        BEGIN {
            split("dataproc::stats::Partial::add_chunk|dataproc::parse::parse_line|" record "|" \
                  "core::hash::BuildHasher::hash_one|dataproc::stats::Partial::finish", names, "|")
            for (i in names) want[names[i]] = 1
        }
        /^events:/ { for (i = 2; i <= NF; i++) column[$i] = i + 1 } # after address and line
        /^summary:/ { print "total", $(column["Ir"] - 1), $(column["D1mr"] - 1), $(column["DLmr"] - 1) }
        /^fn=/ { fn = substr($0, 4); next }
        /^cfn=/ { callee = substr($0, 5); next }
        /^calls=/ { call = 1; split(substr($0, 7), n, " "); if (callee == record) calls += n[1]; next }
        /^0x/ {
            ir = $(column["Ir"]) + 0; d1 = $(column["D1mr"]) + 0; ll = $(column["DLmr"]) + 0
            if (fn in want) {
                incl[fn] += ir # one hash_one per key type: their costs add up
                if (!call) { own[fn] += ir; own_d1[fn] += d1; own_ll[fn] += ll }
            }
            if (fn ~ /^memchr::/ && !call) { memchr_d1 += d1; memchr_ll += ll } # the chunks, read
            if (fn == record) {
                address = tolower($1); sub(/^0x0*/, "", address)
                a_ir[address] += ir; a_d1[address] += d1; a_ll[address] += ll
            }
            call = 0 # the cost line after calls= is the call: the callee, inclusive
            next
        }
        END {
            print "calls", calls + 0
            printf "memchr %.0f %.0f\n", memchr_d1, memchr_ll
            for (f in want) printf "fn %s %.0f %.0f %.0f %.0f\n", f, incl[f], own[f], own_d1[f], own_ll[f]
            for (a in a_ir) printf "addr %s %.0f %.0f %.0f\n", a, a_ir[a], a_d1[a], a_ll[a]
        }' "$1"
}

for level in L2 L3; do
    case $level in
        L2) last=1048576,8,64 ;;
        L3) last=33554432,16,64 ;;
    esac
    if ! valgrind --tool=callgrind --cache-sim=yes --I1=32768,8,64 --D1=32768,8,64 --LL="$last" \
        --dump-instr=yes --compress-strings=no --compress-pos=no \
        --callgrind-out-file="$out/callgrind-$level.out" "${run[@]}" > /dev/null 2> "$out/valgrind.log"; then
        cat "$out/valgrind.log" >&2
        exit 1
    fi
    callgrind_costs "$out/callgrind-$level.out" > "$out/costs-$level.txt"
done
grep -q "^addr $(echo "$record_at" | sed 's/^0*//') " "$out/costs-L2.txt" ||
    { echo "profile.sh: callgrind's addresses are not the binary's" >&2; exit 1; }

# Inclusive counts, as shares of the worker's whole job (`Partial::add_chunk`, which finds the
# lines of a chunk, parses each and counts the records), and `finish` as a share of the program.
awk -v record="$record_fn" '
    $1 == "total" { total = $2 }
    $1 == "fn" { incl[$2] = $3; own[$2] = $4 }
    END {
        chunk = incl["dataproc::stats::Partial::add_chunk"]
        if (chunk == 0) { print "profile.sh: no add_chunk in the callgrind profile"; exit 1 }
        parse = incl["dataproc::parse::parse_line"]; count = incl[record]
        hash = incl["core::hash::BuildHasher::hash_one"]
        print "instructions (callgrind), callees included, share of the worker'"'"'s add_chunk"
        printf "  %-44s %14.0f  %5.1f%%\n", "add_chunk: the whole job", chunk, 100
        printf "  %-44s %14.0f  %5.1f%%\n", "parse_line: parsing", parse, 100 * parse / chunk
        printf "  %-44s %14.0f  %5.1f%%\n", "add_record: counting", count, 100 * count / chunk
        printf "  %-44s %14.0f  %5.1f%%\n", "  of which hash_one: SipHash", hash, 100 * hash / chunk
        rest = chunk - parse - count
        printf "  %-44s %14.0f  %5.1f%%\n", "the rest: finding lines, malformed lines", rest, 100 * rest / chunk
        print ""
        print "instructions (callgrind), share of the whole program"
        printf "  %-44s %14.0f  %5.1f%%\n", "the whole program", total, 100
        printf "  %-44s %14.0f  %5.1f%%\n", "add_chunk, callees included", chunk, 100 * chunk / total
        f = incl["dataproc::stats::Partial::finish"]
        printf "  %-44s %14.0f  %5.1f%%\n", "finish (the report), callees included", f, 100 * f / total
        printf "  %-44s %14.0f  %5.1f%%\n", "add_record, its own instructions", own[record], 100 * own[record] / total
    }' "$out/costs-L2.txt"
echo

echo "cache misses (callgrind's simulator: D1 32 KiB 8-way; last level 1 MiB 8-way = L2, or 32 MiB 16-way = L3)"
for level in L2 L3; do
    awk -v level="$level" -v record="$record_fn" '
        $1 == "total" { d1 = $3; ll = $4 }
        $1 == "calls" { calls = $2 }
        $1 == "fn" && $2 == record { own_d1 = $5; own_ll = $6 }
        $1 == "memchr" { memchr_d1 = $2; memchr_ll = $3 }
        END {
            if (level == "L2") {
                printf "  %-44s %14.0f\n", "records counted (calls to add_record)", calls
                printf "  %-44s %14.0f\n", "D1 read misses, whole program", d1
                printf "  %-44s %14.0f  %5.1f%%  %.2f per record\n", "  in add_record'"'"'s own instructions", own_d1, 100 * own_d1 / d1, own_d1 / calls
            }
            printf "  %-44s %14.0f\n", level " read misses, whole program", ll
            printf "  %-44s %14.0f  %5.1f%%  %.2f per record\n", "  in add_record'"'"'s own instructions", own_ll, 100 * own_ll / ll, own_ll / calls
            printf "  %-44s %14.0f  %5.1f%%\n", "  in memchr (reading the chunks)", memchr_ll, 100 * memchr_ll / ll
        }' "$out/costs-$level.txt"
done
echo
echo "add_record by line of src/stats.rs, callees included (the hashing, memcmp): instructions and simulated read misses"
awk '$1 == "addr" {print $2}' "$out/costs-L2.txt" | record_lines > "$out/record-lines.txt"
printf '  %-50s %11s %6s %9s %9s %9s\n' "line" "instr" "" "D1" "L2" "L3"
awk -v source="$source_file" '
    FNR == 1 { file++ }
    file == 1 { at[$1] = $2; next }
    $1 != "addr" { next }
    { line = ($2 in at) ? at[$2] : "?"; seen[line] = 1 }
    file == 2 { ir[line] += $3; d1[line] += $4; l2[line] += $5; total_ir += $3; total_l2 += $5 }
    file == 3 { l3[line] += $5 }
    END {
        for (n = 1; (getline text < source) > 0; n++) code[n] = text
        for (line = 1; line < n; line++) if (line in seen) show(line)
        if ("?" in seen) show("?")
    }
    function show(line,   text) {
        text = line == "?" ? "(no line of stats.rs)" : line ": " code[line]
        gsub(/^ +| +$/, "", text); sub(/: +/, ": ", text)
        printf "  %-50s %11.0f %5.1f%% %9.0f %9.0f %9.0f\n", substr(text, 1, 50), ir[line],
            100 * ir[line] / total_ir, d1[line], l2[line], l3[line]
    }' "$out/record-lines.txt" "$out/costs-L2.txt" "$out/costs-L3.txt"
echo

# Without -g: a release build has no frame pointers, so call stacks would be guesses, and each
# sample is charged to the function it landed in (its "self" time) anyway.
perf record -q -e cpu-clock -F "$FREQ" -o "$out/perf.data" -- "${run[@]}" > /dev/null
perf script -i "$out/perf.data" -F pid,tid,ip,sym,symoff,dso > "$out/samples.txt"
awk -v record="$record_fn" '
    function group_of(sym, dso) {
        if (dso == "[kernel.kallsyms]") return "kernel"
        if (sym ~ /add_record|memcmp|Hasher|hash_one|hashbrown|btree/) return "counting"
        if (sym ~ /dataproc::parse::|dataproc::time::|memchr|add_chunk|add_line/) return "parsing"
        if (sym ~ /memset/) return "memset"
        return "other"
    }
    {
        split($1, ids, "/"); worker = ids[1] != ids[2] # every thread but the main one, the reader
        dso = $NF; gsub(/^\(|\)$/, "", dso)
        sym = $0; sub(/^ *[^ ]+ +[^ ]+ +/, "", sym); sub(/ +\([^(]*\)$/, "", sym)
        off = ""
        if (match(sym, /\+0x[0-9a-f]+$/)) { off = substr(sym, RSTART + 3); sym = substr(sym, 1, RSTART - 1) }
        g = group_of(sym, dso); all[g]++; total++
        if (worker) { mine[g]++; workers++ }
        count[sym]++
        if (sym == record && off != "") offsets[off]++
    }
    END {
        printf "samples %d %d\n", total, workers
        n = split("counting parsing memset kernel other", order, " ")
        for (i = 1; i <= n; i++) printf "group %s %d %d\n", order[i], all[order[i]], mine[order[i]]
        for (s in count) printf "fn %d %s\n", count[s], s
        for (o in offsets) printf "off %s %d\n", o, offsets[o]
    }' "$out/samples.txt" > "$out/perf.txt"

awk -v freq="$FREQ" '
    $1 == "samples" { all = $2; workers = $3 }
    $1 == "group" { n++; name[n] = $2; in_all[n] = $3; in_worker[n] = $4 }
    END {
        label["counting"] = "counting: add_record, memcmp, SipHash"
        label["parsing"] = "parsing and finding lines: parse_*, memchr"
        label["memset"] = "reader: zeroing buffers (memset)"
        label["kernel"] = "kernel: read(), scheduling, page faults"
        label["other"] = "everything else"
        printf "time (perf record -e cpu-clock -F %d), samples by what the functions do\n", freq
        printf "  %-44s %15s %15s\n", "", "whole process", "worker thread"
        printf "  %-44s %8d %6s %8d %6s\n", "all samples", all, "100%", workers, "100%"
        for (i = 1; i <= n; i++)
            printf "  %-44s %8d %5.0f%% %8d %5.0f%%\n", label[name[i]], in_all[i], 100 * in_all[i] / all,
                in_worker[i], 100 * in_worker[i] / workers
    }' "$out/perf.txt"
echo
echo "time (perf), each function alone (callees not included), whole process, top 12"
awk '$1 == "samples" { all = $2 } $1 == "fn" { n = $2; sub(/^fn [0-9]+ /, ""); print n, 100 * n / all, $0 }' \
    "$out/perf.txt" | sort -k1,1nr | awk 'NR <= 12' | awk '{n = $1; p = $2; $1 = $2 = ""; sub(/^ +/, ""); printf "  %7d %4.0f%%  %s\n", n, p, $0}'
echo
echo "add_record's own samples by line of src/stats.rs (the line of the sampled instruction)"
awk '$1 == "off" {print $2, $3}' "$out/perf.txt" | while read -r offset samples; do
    printf '%x %s\n' $((16#$record_at + 16#$offset)) "$samples"
done > "$out/offsets.txt"
cut -d' ' -f1 "$out/offsets.txt" | record_lines > "$out/sample-lines.txt"
awk -v source="$source_file" '
    FNR == 1 { file++ }
    file == 1 { at[$1] = $2; next }
    { line = ($1 in at) ? at[$1] : "?"; samples[line] += $2; total += $2 }
    END {
        for (n = 1; (getline text < source) > 0; n++) code[n] = text
        for (line = 1; line < n; line++) if (line in samples) show(line)
        if ("?" in samples) show("?")
    }
    function show(line,   text) {
        text = line == "?" ? "(no line of stats.rs)" : line ": " code[line]
        gsub(/^ +| +$/, "", text); sub(/: +/, ": ", text)
        printf "  %-50s %8d %5.0f%%\n", substr(text, 1, 50), samples[line], 100 * samples[line] / total
    }' "$out/sample-lines.txt" "$out/offsets.txt"
