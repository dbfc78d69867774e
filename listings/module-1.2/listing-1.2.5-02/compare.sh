#!/bin/sh
# Sorts the same generated file with extsort and with GNU sort under the same 4 MiB budget,
# checks that both outputs are identical, and prints the timings and peak memory. Everything
# happens in a temporary directory that is removed at the end.
set -eu
MB=${MB:-50}
cargo build -q --release
bin=$(cargo metadata -q --format-version 1 --no-deps |
    sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')/release/extsort
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs a command; prints its wall-clock time, and whether its peak resident memory stayed
# under 8 MiB (the exact figure varies by a few hundred KiB from run to run).
measure() {
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/stdout"
    awk '{ printf "%5.2f s  peak RSS %s", $1, ($2 <= 8192 ? "under 8 MiB" : "OVER 8 MiB") }' "$work/time"
}

"$bin" gen --mb "$MB" --seed 7 "$work/in.log" >/dev/null
echo "input: $(wc -l <"$work/in.log") lines, $(wc -c <"$work/in.log") bytes"
echo "extsort sort --budget 4M           $(measure "$bin" sort --budget 4M --temp "$work" "$work/in.log" "$work/ours.txt")"
sed 's/ in [0-9.]* s$//' "$work/stdout"
echo "LC_ALL=C sort -S 4M                $(measure env LC_ALL=C sort -S 4M -T "$work" -o "$work/gnu.txt" "$work/in.log")"
echo "LC_ALL=C sort -S 4M --parallel=1   $(measure env LC_ALL=C sort -S 4M --parallel=1 -T "$work" -o "$work/gnu1.txt" "$work/in.log")"
cmp "$work/ours.txt" "$work/gnu.txt" && cmp "$work/gnu.txt" "$work/gnu1.txt" && echo "outputs identical: yes"
