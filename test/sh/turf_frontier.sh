#!/usr/bin/env bash
# The benchmark's compactness-against-stability tool (bench/turf_frontier.c)
# builds in each variant the benchmark compiles, and measures what it says:
# distances of a cut checked by hand, nothing moved when no door is added,
# and little moved when one is.
set -u
. "$(dirname "$0")/tap.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/canvass-frontier-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT

# Precinct 1: two rows of 60 doors, 5 m apart along x, the rows 1,000 m apart
# in y, so 2 turfs of 60 (target 60) are the two rows.  Distances to a row's
# centre: |x - 147.5| for x = 0, 5, ..., 295: mean 75 m; the 95th percentile
# (percentile_cont over the 120 distances, four times each of 2.5, 7.5, ...,
# 147.5) is at position 0.95 * 119 = 113.05 of the sorted list, where ranks
# 112-115 all hold 142.5: 142.5.
awk 'BEGIN { for (r = 0; r < 2; r++) for (i = 0; i < 60; i++) printf "1,%d,%d\n", i * 5, r * 1000 }' >"$dir/doors.csv"
: >"$dir/none.csv"
echo "1,2.5,0" >"$dir/one.csv"

${CC:-cc} -O2 -Isrc -o "$dir/frontier" bench/turf_frontier.c src/core/turf*.c src/core/grid.c src/core/sort.c -lm 2>"$dir/cc.err"
ok $? "turf_frontier builds once"
for v in "TURF_REFINE=0:bisection" "TURF_ROUNDS_FROM_LOG2K=64:no-cycles" ":released" "TURF_ROUNDS_FROM_LOG2K=-8:12-rounds"; do
    label=${v#*:}
    tune=${v%%:*}
    out=$(env $tune "$dir/frontier" "$dir/doors.csv" "$dir/none.csv" 60 "$label")
    is "$(printf '%s' "$out" | awk '{ print $3, $6, $9 }')" "75.00 142.50 0.00%" \
       "$label: two rows: mean 75 m, p95 142.5 m, nothing moves without new doors"
    out=$(env $tune "$dir/frontier" "$dir/doors.csv" "$dir/one.csv" 60 "$label")
    moved=$(printf '%s' "$out" | awk '{ sub("%", "", $9); print $9 }')
    awk -v m="$moved" 'BEGIN { exit !(m <= 5) }'
    ok $? "$label: one new door between two doors of a row moves at most 5% ($moved%)"
done
done_testing
