# bench_night.sh: the election-night backtest (`make backtest-night`, or
# `make bench BENCH=night`), sourced by bench/run.sh with a cluster running:
# replays the GA-6 runoff of 2017 (bench/backtest_night.sql) and prints the
# projection's errors beside the naive methods', and the coverage of its
# 90% intervals.
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -f bench/backtest_night.sql | grep -v '^$' || die "backtest failed"
