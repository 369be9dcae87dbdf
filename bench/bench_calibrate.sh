# bench_calibrate.sh: calibration and intervals at state scale (sourced by
# bench/run.sh; `make bench BENCH=calibrate`).
#
# Generates BENCH_VOTERS voters (default 5,000,000): a continuous score
# (every voter's distinct), a model-like score (768 distinct values, as a
# logit model of a few history flags gives), and 8 features (7 flags and an
# age band) with an outcome, on which a logit_fit model is fitted.  Then
# measures side by side in one session, parallel query off, each statement
# three times (the least taken), both the wall time and the backend's CPU
# time (utime + stime from /proc, which a busy machine does not inflate):
#   1. canvass.logit_shift(p, T) against sum(p) over the same scores
#      (goal: at most 1.5x), on the continuous and on the model-like scores;
#   2. canvass.turnout_interval(model, x) against
#      canvass.expected_turnout(canvass.logit_score(model, x)) over the same
#      voters (goal: at most 2x);
# and both again with 2 parallel workers (wall time).  Data is
# deterministic (hash-based, no random()).

N=${BENCH_VOTERS:-5000000}
Q=("${PSQL[@]}" -At)

log "calibrate: generating $N voters"
"${PSQL[@]}" <<SQL
DROP TABLE IF EXISTS cal_scores, cal_feat, cal_model CASCADE;
CREATE UNLOGGED TABLE cal_scores AS
SELECT id,
       1 / (1 + exp(-(((hashint8(id) & 2147483647) / 2147483648.0) * 6 - 3)))::float8 AS p,
       1 / (1 + exp(-((((hashint8(id) & 2147483647) % 768) / 767.0) * 6 - 3)))::float8 AS p_model
FROM generate_series(1, $N) id;
CREATE UNLOGGED TABLE cal_feat AS
SELECT id, (hashint8(id * 7) & 1023) < 300 + 60 * (hashint8(id) & 7) AS y,
       ARRAY[hashint8(id) & 1, hashint8(id) >> 1 & 1, hashint8(id) >> 2 & 1, hashint8(id) >> 3 & 1,
             hashint8(id) >> 4 & 1, hashint8(id) >> 5 & 1, hashint8(id) >> 6 & 1,
             1 + (hashint8(id) >> 8 & 7)]::float8[] AS x
FROM generate_series(1, $N) id;
VACUUM ANALYZE cal_scores;
VACUUM ANALYZE cal_feat;
CREATE TABLE cal_model AS SELECT canvass.logit_fit(y, x) AS m FROM cal_feat;
SQL
target=$(echo "$N * 0.6" | bc -l | xargs printf '%.0f')

# Runs each "name|sql" three times in one session (parallel workers as
# given) and prints "name wall_seconds cpu_seconds", the least of three.
measure() {
    local workers=$1
    shift
    local script item name sql
    script="SET max_parallel_workers_per_gather = $workers;
SELECT pg_backend_pid() AS pid \\gset
\\setenv BPID :pid
"
    for item in "$@"; do
        name=${item%%|*}
        sql=${item#*|}
        for _ in 1 2 3; do
            script+="\\! awk -v t=\$(date +%s.%N) '{print \"start $name\", t, (\$14 + \$15) / 100}' /proc/\$BPID/stat
$sql \\g /dev/null
\\! awk -v t=\$(date +%s.%N) '{print \"end $name\", t, (\$14 + \$15) / 100}' /proc/\$BPID/stat
"
        done
    done
    "${PSQL[@]}" -c "SELECT 1" >/dev/null
    printf '%s' "$script" | "${PSQL[@]}" -f - |
        awk '$1 == "start" { t0 = $3; c0 = $4 }
             $1 == "end" { w = $3 - t0; c = $4 - c0;
                           if (!($2 in bw) || w < bw[$2]) bw[$2] = w;
                           if (!($2 in bc) || c < bc[$2]) bc[$2] = c;
                           if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
             END { for (i = 1; i <= n; i++) printf "%s %.3f %.2f\n", order[i], bw[order[i]], bc[order[i]] }'
}

log "calibrate: logit_shift against sum(), turnout_interval against expected_turnout"
M="(SELECT m FROM cal_model)"
serial=$(measure 0 \
    "sum|SELECT sum(p) FROM cal_scores" \
    "shift|SELECT canvass.logit_shift(p, $target) FROM cal_scores" \
    "sum_model|SELECT sum(p_model) FROM cal_scores" \
    "shift_model|SELECT canvass.logit_shift(p_model, $target) FROM cal_scores" \
    "expected|SELECT canvass.expected_turnout(canvass.logit_score($M, x)) FROM cal_feat" \
    "interval|SELECT canvass.turnout_interval($M, x) FROM cal_feat")
parallel=$(measure 2 \
    "sum|SELECT sum(p) FROM cal_scores" \
    "shift|SELECT canvass.logit_shift(p, $target) FROM cal_scores" \
    "expected|SELECT canvass.expected_turnout(canvass.logit_score($M, x)) FROM cal_feat" \
    "interval|SELECT canvass.turnout_interval($M, x) FROM cal_feat")
same=$("${Q[@]}" -c "SET max_parallel_workers_per_gather = 0" -c "CREATE TEMP TABLE s0 AS SELECT canvass.logit_shift(p, $target) AS d FROM cal_scores" \
       -c "SET max_parallel_workers_per_gather = 2" -c "SELECT (SELECT d FROM s0) = canvass.logit_shift(p, $target) FROM cal_scores")
exact=$("${Q[@]}" -c "SELECT abs(sum(canvass.shift_score(p, d)) - $target) / $target FROM cal_scores, (SELECT canvass.logit_shift(p, $target) AS d FROM cal_scores) s" | xargs printf '%.1e')
distinct_model=$("${Q[@]}" -c "SELECT count(DISTINCT p_model) FROM cal_scores")

col() { echo "$1" | awk -v n="$2" -v c="$3" '$1 == n { print $c }'; }
ratio() { if [ "$(echo "$2 > 0" | bc -l)" = 1 ]; then echo "$1 / $2" | bc -l | xargs printf '%.2f'; else echo "n/a"; fi; }
line() {
    local a=$1 b=$2
    printf '%s: %s s wall, %s s CPU   against %s: %s s wall, %s s CPU   (%sx wall, %sx CPU)\n' \
        "$a" "$(col "$serial" "$a" 2)" "$(col "$serial" "$a" 3)" "$b" "$(col "$serial" "$b" 2)" "$(col "$serial" "$b" 3)" \
        "$(ratio "$(col "$serial" "$a" 2)" "$(col "$serial" "$b" 2)")" "$(ratio "$(col "$serial" "$a" 3)" "$(col "$serial" "$b" 3)")"
}
cat <<EOF
== calibration and intervals: $N voters, parallel workers off (least of 3 runs; CPU = the backend's)
logit_shift(p, $target), $N distinct scores
  $(line shift sum)
logit_shift(p, $target), $distinct_model distinct scores
  $(line shift_model sum_model)
turnout_interval(model, x), 8 features
  $(line interval expected)
with 2 parallel workers (wall): sum $(col "$parallel" sum 2) s, logit_shift $(col "$parallel" shift 2) s ($(ratio "$(col "$parallel" shift 2)" "$(col "$parallel" sum 2)")x); expected_turnout $(col "$parallel" expected 2) s, turnout_interval $(col "$parallel" interval 2) s ($(ratio "$(col "$parallel" interval 2)" "$(col "$parallel" expected 2)")x)
logit_shift parallel = serial to the bit: $same; shifted scores add up to the target within $exact relative
EOF
