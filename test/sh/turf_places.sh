#!/usr/bin/env bash
# The benchmark's second generator and figures tool (bench/turf_places.c)
# builds and measures what it says: distances of a cut checked by hand, a
# building that is a turf by itself, and a generator that depends only on
# its seed.
set -u
. "$(dirname "$0")/tap.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/canvass-places-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT

${CC:-cc} -O2 -Isrc -Itest/c -o "$dir/places" bench/turf_places.c src/core/turf*.c src/core/grid.c src/core/sort.c -lm 2>"$dir/cc.err"
ok $? "turf_places builds"

# Precinct 1: two rows of 60 houses, 5 m apart along x, the rows 1,000 m
# apart in y: 2 turfs of 60 (target 60) are the two rows.  Distances to a
# row's centre: |x - 147.5| for x = 0, 5, ..., 295: mean 75 m; the 95th
# percentile (percentile_cont over the 120 distances, four times each of
# 2.5, 7.5, ..., 147.5) is at position 0.95 * 119 = 113.05 of the sorted
# list, where ranks 112-115 all hold 142.5: 142.5.  The two turfs' hulls are
# segments (no area): no overlap; both are turfs of houses, of 60 doors, the
# mean: none off.
awk 'BEGIN { for (r = 0; r < 2; r++) for (i = 0; i < 60; i++) printf "1,rows,%d,%d,0\n", i * 5, r * 1000 }' >"$dir/rows.csv"
out=$("$dir/places" cut "$dir/rows.csv" 60 | awk '$1 == "all"')
is "$(printf '%s' "$out" | awk '{ print $2, $3, $4, $5, $6, $7, $8, $10 }')" "1 2 120 75.00 142.50 0 0/2 0" \
   "two rows: 1 precinct, 2 turfs, 120 doors, mean 75 m, p95 142.5 m, no overlap, no turf of houses off, balanced"

# Precinct 2: 60 houses in a row (x = 0, 5, ..., 295) and a building of 60
# units at (147.5, 40): 120 doors, k = 2.  The building is as heavy as the
# mean turf (120 / 2), so it is a turf by itself and the row the other: one
# turf of houses (60 doors, its own mean: not off), sizes equal (balanced).
awk 'BEGIN { for (i = 0; i < 60; i++) printf "2,bldg,%d,0,0\n", i * 5; for (u = 0; u < 60; u++) printf "2,bldg,147.5,40,7\n" }' >"$dir/bldg.csv"
out=$("$dir/places" cut "$dir/bldg.csv" 60 | awk '$1 == "all"')
# distances: the row's 60 doors as above (sum 60 x 75 = 4,500 m), the
# building's 60 at its own point (0 m): mean 4,500 / 120 = 37.5 m.
is "$(printf '%s' "$out" | awk '{ print $3, $5, $8, $10 }')" "2 37.50 0/1 0" \
   "a building of 60 beside a row of 60: a turf by itself, mean 37.5 m, the row one turf of houses"

# The generator depends only on its seed: the same seed twice gives the same
# rows, another seed other rows; 5 kinds of 16 precincts each.
"$dir/places" gen 7 >"$dir/a.csv"
"$dir/places" gen 7 >"$dir/b.csv"
"$dir/places" gen 8 >"$dir/c.csv"
cmp -s "$dir/a.csv" "$dir/b.csv"
ok $? "gen: the same seed gives the same rows"
! cmp -s "$dir/a.csv" "$dir/c.csv"
ok $? "gen: another seed gives other rows"
is "$(cut -d, -f1,2 "$dir/a.csv" | sort -u | cut -d, -f2 | sort | uniq -c | awk '{ printf "%s:%s ", $2, $1 }')" \
   "culdesac:16 dense:16 grid:16 rural:16 suburb:16 " "gen: 16 precincts of each of the 5 kinds"
done_testing
