-- GA-6 demo, part 4: the report a field director reads.
-- Counts with thousands separators, percentages to one decimal.

\pset footer off

\qecho
\qecho '================================================================'
\qecho ' GA-6 special runoff, 2017-06-20 (certified precinct results)'
\qecho '================================================================'
\qecho 'Two-party shares; turnout = ballots cast / registered voters.'

WITH v AS (
    SELECT county, precinct,
           sum(votes) FILTER (WHERE candidate = 'Karen Handel') AS handel,
           sum(votes) FILTER (WHERE candidate = 'Jon Ossoff')   AS ossoff
    FROM ga6.precinct_result
    WHERE election_date = '2017-06-20' AND office = 'U.S. House'
    GROUP BY county, precinct
), c AS (
    SELECT grouping(v.county) AS is_total, coalesce(v.county, 'GA-6 total') AS area,
           count(*) AS precincts,
           sum(handel) AS handel, sum(ossoff) AS ossoff,
           sum(t.ballots_cast) AS ballots, sum(t.registered_voters) AS registered
    FROM v
    JOIN ga6.precinct_turnout t
      ON t.election_date = '2017-06-20' AND t.county = v.county AND t.precinct = v.precinct
    GROUP BY ROLLUP (v.county)
)
SELECT area                                                     AS "county",
       precincts                                                AS "precincts",
       to_char(handel, '9,999,999')                             AS "Handel (R)",
       to_char(ossoff, '9,999,999')                             AS "Ossoff (D)",
       round((100.0 * handel / (handel + ossoff))::numeric, 1)     AS "Handel %",
       round((100.0 * ossoff / (handel + ossoff))::numeric, 1)     AS "Ossoff %",
       to_char(100.0 * (handel - ossoff) / (handel + ossoff), 'S90.0') AS "margin R-D pts",
       to_char(ballots, '9,999,999')                            AS "ballots",
       to_char(registered, '9,999,999')                         AS "registered",
       round((100.0 * ballots / registered)::numeric, 1)           AS "turnout %"
FROM c
ORDER BY is_total, area;

\qecho
\qecho '================================================================'
\qecho ' 2016 President inside GA-6'
\qecho '================================================================'
\qecho 'The 2016 results cover 210 precincts with U.S. House 6 votes; 9 of them lie'
\qecho 'only partly in GA-6, so their President votes include voters outside it.'
\qecho 'Estimate: in each split precinct the share inside GA-6 is'
\qecho 'U.S. House 6 votes / President votes, and the precinct''s candidates x'
\qecho '(inside, outside) table is rounded with canvass.apportion_table: whole votes,'
\qecho 'each candidate keeping its total and the inside part its share of the votes.'
\qecho 'Shares are of all President votes (Trump, Clinton, Johnson).'

CREATE TEMP VIEW pres_2016 AS
WITH pres AS (
    SELECT r.county, r.precinct, r.candidate, r.votes,
           s.us_house_6_votes AS h, s.top_of_ticket_votes AS t,
           s.us_house_6_votes::float8 / s.top_of_ticket_votes AS inside_ratio
    FROM ga6.precinct_result r
    LEFT JOIN ga6.split_precinct s
      ON s.election_date = r.election_date AND s.county = r.county AND s.precinct = r.precinct
    WHERE r.election_date = '2016-11-08' AND r.office = 'President'
),
split AS (
    SELECT county, precinct, array_agg(candidate ORDER BY candidate) AS candidates,
           canvass.apportion_table(array_agg(votes ORDER BY candidate),
                                   ARRAY[min(h), min(t) - min(h)]::float8[]) AS tab
    FROM pres WHERE h IS NOT NULL
    GROUP BY county, precinct
)
SELECT p.county, p.precinct, p.candidate, p.votes, p.inside_ratio,
       coalesce(s.tab[array_position(s.candidates, p.candidate)][1], p.votes) AS votes_inside
FROM pres p LEFT JOIN split s USING (county, precinct);

WITH m AS (
    SELECT 1 AS k, 'naive: all 210 precincts, whole' AS method,
           sum(votes) FILTER (WHERE candidate = 'Donald J. Trump') AS trump,
           sum(votes) FILTER (WHERE candidate = 'Hillary Clinton') AS clinton,
           sum(votes) FILTER (WHERE candidate = 'Gary Johnson')    AS johnson,
           sum(votes) AS total
    FROM pres_2016
    UNION ALL
    SELECT 2, 'the 201 whole precincts only, split ones left out',
           sum(votes) FILTER (WHERE candidate = 'Donald J. Trump'),
           sum(votes) FILTER (WHERE candidate = 'Hillary Clinton'),
           sum(votes) FILTER (WHERE candidate = 'Gary Johnson'),
           sum(votes)
    FROM pres_2016 WHERE inside_ratio IS NULL
    UNION ALL
    SELECT 3, 'estimate: 9 split precincts apportioned',
           sum(votes_inside) FILTER (WHERE candidate = 'Donald J. Trump'),
           sum(votes_inside) FILTER (WHERE candidate = 'Hillary Clinton'),
           sum(votes_inside) FILTER (WHERE candidate = 'Gary Johnson'),
           sum(votes_inside)
    FROM pres_2016
)
SELECT method                                                   AS "method",
       to_char(trump, '9,999,999')                              AS "Trump",
       to_char(clinton, '9,999,999')                            AS "Clinton",
       to_char(johnson, '9,999,999')                            AS "Johnson",
       round((100.0 * trump / total)::numeric, 1)                  AS "Trump %",
       round((100.0 * clinton / total)::numeric, 1)                AS "Clinton %",
       to_char(100.0 * (trump - clinton) / total, 'S90.0')      AS "margin Trump-Clinton pts"
FROM m ORDER BY k;

\qecho 'Published district figure: about Trump +1.5.'
\qecho
\qecho 'The 9 split precincts (President votes inside GA-6 / outside):'

SELECT county, precinct,
       round((100 * max(inside_ratio))::numeric, 1) AS "inside %",
       to_char(sum(votes) FILTER (WHERE candidate = 'Donald J. Trump'), '99,999') AS "Trump",
       (sum(votes_inside) FILTER (WHERE candidate = 'Donald J. Trump'))::text || ' / ' ||
       (sum(votes - votes_inside) FILTER (WHERE candidate = 'Donald J. Trump'))::text AS "Trump in / out",
       to_char(sum(votes) FILTER (WHERE candidate = 'Hillary Clinton'), '99,999') AS "Clinton",
       (sum(votes_inside) FILTER (WHERE candidate = 'Hillary Clinton'))::text || ' / ' ||
       (sum(votes - votes_inside) FILTER (WHERE candidate = 'Hillary Clinton'))::text AS "Clinton in / out"
FROM pres_2016
WHERE inside_ratio IS NOT NULL
GROUP BY county, precinct
ORDER BY county, precinct;

DROP VIEW pres_2016;

\qecho
\qecho '================================================================'
\qecho ' Synthetic voter file (generated, not real people)'
\qecho '================================================================'

SELECT (SELECT count(*) FROM ga6.voter)                                 AS "voters",
       (SELECT count(*) FROM ga6.household)                             AS "households",
       (SELECT count(DISTINCT building_id) FROM ga6.household)          AS "buildings (points)",
       (SELECT count(DISTINCT building_id) FROM ga6.household WHERE units > 1) AS "multi-unit buildings",
       (SELECT count(*) FROM ga6.household WHERE units > 1)             AS "households in them";

\qecho 'Vote history rows (one per voter who voted) by election:'

SELECT e.election_date AS "election", e.election_type AS "type",
       count(DISTINCT t.precinct_id)                                        AS "precincts",
       sum(t.eligible)                                                      AS "eligible",
       sum(t.voters)                                                        AS "history rows",
       round((100.0 * sum(t.voters) / sum(t.eligible))::numeric, 1)            AS "% of eligible",
       round((100.0 * sum(t.voters) / sum(t.registered))::numeric, 1)          AS "% of 2017 roll"
FROM ga6.election e
JOIN ga6.turnout_target t USING (election_date)
GROUP BY e.election_date, e.election_type
ORDER BY e.election_date;

\qecho 'Precincts whose 2016 count is not simply the real ballots cast (split precincts'
\qecho 'Marietta 5B and Fulton 02J have no voters on the 2017 GA-6 roll, so none here):'

SELECT t.county, t.precinct, g.ballots_cast AS "real 2016 ballots (whole precinct)",
       t.voters AS "synthetic 2016 voters", t.registered AS "2017 roll", t.basis AS "how"
FROM ga6.turnout_target t
JOIN ga6.precinct p USING (precinct_id)
JOIN ga6.precinct_turnout g
  ON g.election_date = t.election_date AND g.county = p.county AND g.precinct = p.precinct_2016
WHERE t.election_date = '2016-11-08' AND t.basis <> 'real ballots cast'
ORDER BY t.county, t.precinct;

\pset footer on
