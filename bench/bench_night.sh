# bench_night.sh: the election-night backtest (`make backtest-night`, or
# `make bench BENCH=night`), sourced by bench/run.sh with a cluster running:
# replays the GA-6 runoff of 2017 (bench/backtest_night.sql) and prints the
# projection's errors beside the naive methods', the coverage of its 90%
# intervals and the time of the 1,200 projections; then the synthetic
# check (bench/synthetic_night.c): elections drawn from a known model on
# the same units and baselines, under six settings of the generator.
t0=$(date +%s.%N)
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -f bench/backtest_night.sql | grep -v '^$' || die "backtest failed"
t1=$(date +%s.%N)
echo "backtest: $(echo "$t1 - $t0" | bc) s for 1,200 nights (units built, replayed and scored)"
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -f demo/night_units.sql \
    -c "\\copy (SELECT county, precinct, method, ba, bb, x[1], x[2], x[3], x[4] FROM unit ORDER BY county, precinct, method) TO '$tmp/night_units.csv' CSV" \
    || die "cannot write the night's units"
${CC:-cc} -O2 -Isrc -o "$tmp/synthetic_night" bench/synthetic_night.c src/core/project.c src/core/lean.c -lm \
    || die "cannot build bench/synthetic_night.c"
for setting in signal none counties equal precinct interaction; do
    "$tmp/synthetic_night" "$tmp/night_units.csv" $setting || die "synthetic check failed"
done
