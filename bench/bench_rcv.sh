# bench_rcv.sh: ranked-choice tabulation at city scale (sourced by bench/run.sh).
#
# Generates BENCH_BALLOTS ballots (default 1,000,000) over 13 candidates,
# each ranking 1 to 5 of them (candidate popularity skewed, 1 in 40 ranks
# skipped, 1 in 60 an overvote), as one text[] per ballot.  Then measures,
# in the same run, best of 3 each:
#   1. the anchor: one plain pass over the rankings, sum(cardinality(ranking));
#   2. canvass.rcv_tabulate over the same rows under a full RCTab config
#      (batch elimination, alwaysSkipToNextRank), parallel workers off and on;
#   3. the same for 3 seats (fractional surplus transfers), serial.
# Prints times and the ratio tabulate / plain pass (goal: at most 3x).
# Data is deterministic (hash-based, no random()).

N=${BENCH_BALLOTS:-1000000}
Q=("${PSQL[@]}" -At)

# Best of three runs of one SQL statement in one session, in seconds, as
# psql's \timing reports it (no connection time), with the given settings.
best_of_3() {
    local settings=$1 sql=$2
    printf '%s;\n\\timing on\n%s;\n%s;\n%s;\n' "$settings" "$sql" "$sql" "$sql" |
        "${PSQL[@]}" -At 2>&1 | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | sort -g | head -1 |
        xargs -I{} echo "scale=4; {} / 1000" | bc -l | xargs printf '%.2f'
}

log "rcv: generating $N ballots"
"${PSQL[@]}" <<SQL
DROP TABLE IF EXISTS rcv_ballots, rcv_config;
DROP FUNCTION IF EXISTS rcv_u(bigint, int);
-- rcv_u(a, b): a uniform number in [0, 1) from two integers.
CREATE FUNCTION rcv_u(a bigint, b int) RETURNS float8 IMMUTABLE PARALLEL SAFE LANGUAGE sql
  AS \$\$ SELECT (hashint8(a * 64 + b) & 2147483647) / 2147483648.0 \$\$;
CREATE TABLE rcv_ballots AS
SELECT id, (SELECT array_agg(CASE WHEN rcv_u(id, 10 + k) < 0.025 THEN NULL
                                  WHEN rcv_u(id, 20 + k) < 1.0 / 60
                                    THEN 'Candidate ' || c || '|Candidate ' || (c % 13 + 1)
                                  ELSE 'Candidate ' || c END ORDER BY k)
            FROM (SELECT k, 1 + floor(13 * power(rcv_u(id, k), 1.6))::int AS c
                  FROM generate_series(1, 1 + floor(5 * rcv_u(id, 0))::int) k) r) AS ranking
FROM generate_series(1, $N) id;
CREATE TABLE rcv_config AS
SELECT jsonb_build_object(
  'candidates', (SELECT jsonb_agg(jsonb_build_object('name', 'Candidate ' || n, 'excluded', false) ORDER BY n)
                 FROM generate_series(1, 13) n),
  'cvrFileSources', jsonb_build_array(jsonb_build_object('overvoteDelimiter', '|')),
  'rules', jsonb_build_object('tiebreakMode', 'useCandidateOrder', 'overvoteRule', 'alwaysSkipToNextRank',
                              'winnerElectionMode', 'singleWinnerMajority', 'numberOfWinners', '1',
                              'maxSkippedRanksAllowed', '1', 'maxRankingsAllowed', '5',
                              'minimumVoteThreshold', '0', 'batchElimination', true,
                              'exhaustOnDuplicateCandidate', false)) AS c;
VACUUM ANALYZE rcv_ballots;
SQL
marks=$("${Q[@]}" -c "SELECT sum(cardinality(ranking)) FROM rcv_ballots")
log "rcv: $N ballots, $marks ranks"

SERIAL="SET max_parallel_workers_per_gather = 0"
PARALLEL="SET max_parallel_workers_per_gather = 2"
TAB="SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM rcv_config)) FROM rcv_ballots"
t_plain=$(best_of_3 "$SERIAL" "SELECT sum(cardinality(ranking)) FROM rcv_ballots")
t_tab=$(best_of_3 "$SERIAL" "$TAB")
t_plain_p=$(best_of_3 "$PARALLEL" "SELECT sum(cardinality(ranking)) FROM rcv_ballots")
t_tab_p=$(best_of_3 "$PARALLEL" "$TAB")
# the same ballots for 3 seats (single transferable vote, fractional surpluses)
STV="SELECT canvass.rcv_tabulate(ranking, (SELECT c || jsonb_build_object('rules', c->'rules' ||
       '{\"winnerElectionMode\": \"multiWinnerAllowMultipleWinnersPerRound\", \"numberOfWinners\": \"3\"}') FROM rcv_config)) FROM rcv_ballots"
t_stv=$(best_of_3 "$SERIAL" "$STV")
summary=$("${Q[@]}" -c "SELECT r#>>'{summary,rounds}' || ' rounds, ' || (r#>>'{summary,distinctRankings}') || ' distinct rankings, winner ' || (r#>>'{summary,winner}')
                        FROM (SELECT canvass.rcv_tabulate(ranking, (SELECT c FROM rcv_config)) AS r FROM rcv_ballots) s")

echo "rcv: $N ballots, $marks ranks; $summary"
printf 'rcv: plain pass sum(cardinality(ranking))  serial %6ss  parallel %6ss\n' "$t_plain" "$t_plain_p"
printf 'rcv: canvass.rcv_tabulate                 serial %6ss  parallel %6ss\n' "$t_tab" "$t_tab_p"
printf 'rcv: canvass.rcv_tabulate, 3 seats          serial %6ss  (%.2fx the plain pass)\n' "$t_stv" "$(echo "$t_stv / $t_plain" | bc -l)"
printf 'rcv: ratio tabulate / plain pass           serial %6.2fx  parallel %6.2fx  (goal <= 3x)\n' \
    "$(echo "$t_tab / $t_plain" | bc -l)" "$(echo "$t_tab_p / $t_plain_p" | bc -l)"
