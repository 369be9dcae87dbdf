-- GA-6 demo, part 2: check what was loaded against the official totals.
-- Every check is one row (what, expected, actual); the DO block at the end
-- raises an exception naming each failed check and the difference.

\echo '== check: loaded data against official totals'

SET client_min_messages = warning;
DROP TABLE IF EXISTS pg_temp.load_check;
RESET client_min_messages;
CREATE TEMP TABLE load_check (
    seq       serial,
    what      text    NOT NULL,
    expected  numeric NOT NULL,
    actual    numeric             -- NULL counts as a failure
);

-- 2017-06-20 runoff: the official totals are the published ones ...
INSERT INTO load_check (what, expected, actual)
SELECT 'runoff official total, ' || c.candidate, c.expected, o.votes
FROM (VALUES ('Karen Handel', 134799), ('Jon Ossoff', 125517)) AS c(candidate, expected)
LEFT JOIN ga6.official_total o ON o.election_date = '2017-06-20' AND o.candidate = c.candidate;

-- ... and the certified precinct rows add up to them, candidate by candidate.
INSERT INTO load_check (what, expected, actual)
SELECT 'runoff sum of precincts = official total, ' || o.candidate, o.votes,
       (SELECT sum(r.votes) FROM ga6.precinct_result r
        WHERE r.election_date = o.election_date AND r.office = 'U.S. House' AND r.candidate = o.candidate)
FROM ga6.official_total o
WHERE o.election_date = '2017-06-20';

-- County subtotals as in the source files' TOTAL rows (see data/ga6_2017/README.md).
INSERT INTO load_check (what, expected, actual)
SELECT format('runoff %s subtotal, %s', c.county, c.candidate), c.expected,
       (SELECT sum(votes) FROM ga6.precinct_result r
        WHERE r.election_date = '2017-06-20' AND r.county = c.county AND r.candidate = c.candidate)
FROM (VALUES ('Cobb', 'Karen Handel', 45688), ('Cobb', 'Jon Ossoff', 33114),
             ('DeKalb', 'Karen Handel', 24117), ('DeKalb', 'Jon Ossoff', 33928),
             ('Fulton', 'Karen Handel', 64994), ('Fulton', 'Jon Ossoff', 58475)) AS c(county, candidate, expected);

INSERT INTO load_check (what, expected, actual) VALUES
  ('runoff precincts with results', 208,
   (SELECT count(DISTINCT (county, precinct)) FROM ga6.precinct_result WHERE election_date = '2017-06-20')),
  ('runoff precincts with turnout', 208,
   (SELECT count(*) FROM ga6.precinct_turnout WHERE election_date = '2017-06-20')),
  ('runoff precincts with results but no turnout row', 0,
   (SELECT count(DISTINCT (r.county, r.precinct)) FROM ga6.precinct_result r
    LEFT JOIN ga6.precinct_turnout t USING (election_date, county, precinct)
    WHERE r.election_date = '2017-06-20' AND t.precinct IS NULL)),
  ('runoff registered voters', 447826,
   (SELECT sum(registered_voters) FROM ga6.precinct_turnout WHERE election_date = '2017-06-20')),
  ('runoff ballots cast', 260455,
   (SELECT sum(ballots_cast) FROM ga6.precinct_turnout WHERE election_date = '2017-06-20')),
  ('runoff precincts with more votes than ballots', 0,
   (SELECT count(*) FROM ga6.precinct_turnout t
    WHERE t.election_date = '2017-06-20'
      AND t.ballots_cast < (SELECT sum(votes) FROM ga6.precinct_result r
                            WHERE r.election_date = t.election_date AND r.county = t.county
                              AND r.precinct = t.precinct))),
  ('runoff precincts with more ballots than registered voters', 0,
   (SELECT count(*) FROM ga6.precinct_turnout
    WHERE election_date = '2017-06-20' AND ballots_cast > registered_voters)),
  -- Geometry.
  ('precinct polygons', 216, (SELECT count(*) FROM ga6.precinct)),
  ('invalid or empty polygons', 0,
   (SELECT count(*) FROM ga6.precinct WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom))),
  ('polygons with no result names (the 5 unnamed slivers)', 5,
   (SELECT count(*) FROM ga6.precinct WHERE precinct_2017 IS NULL AND precinct_2016 IS NULL
                                         AND shp_precinct_name IS NULL)),
  ('runoff precincts without a polygon', 0,
   (SELECT count(*) FROM ga6.precinct_turnout t
    LEFT JOIN ga6.precinct p ON p.county = t.county AND p.precinct_2017 = t.precinct
    WHERE t.election_date = '2017-06-20' AND p.precinct_id IS NULL)),
  ('polygon area / district area, parts per million off 1', 0,
   (SELECT round(abs(sum(p.area_km2) / d.area_km2 - 1) * 1e6)
    FROM ga6.precinct p, ga6.district d GROUP BY d.area_km2)),
  -- 2017-04-18 special (district level only).
  ('April special official total', 192569,
   (SELECT sum(votes) FROM ga6.official_total WHERE election_date = '2017-04-18')),
  ('April special candidates', 18,
   (SELECT count(*) FROM ga6.official_total WHERE election_date = '2017-04-18')),
  -- 2016 general.
  ('2016 precincts with results', 210,
   (SELECT count(DISTINCT (county, precinct)) FROM ga6.precinct_result WHERE election_date = '2016-11-08')),
  ('2016 precincts with turnout', 210,
   (SELECT count(*) FROM ga6.precinct_turnout WHERE election_date = '2016-11-08')),
  ('2016 President naive sum, Trump (data README)', 163743,
   (SELECT sum(votes) FROM ga6.precinct_result
    WHERE election_date = '2016-11-08' AND office = 'President' AND candidate = 'Donald J. Trump')),
  ('2016 President naive sum, Clinton (data README)', 163147,
   (SELECT sum(votes) FROM ga6.precinct_result
    WHERE election_date = '2016-11-08' AND office = 'President' AND candidate = 'Hillary Clinton')),
  ('2016 split precincts', 9, (SELECT count(*) FROM ga6.split_precinct)),
  ('2016 split precincts missing from the results', 0,
   (SELECT count(*) FROM ga6.split_precinct s
    WHERE NOT EXISTS (SELECT FROM ga6.precinct_result r
                      WHERE r.election_date = s.election_date AND r.county = s.county
                        AND r.precinct = s.precinct)));

-- 2016 U.S. House 6: the precinct sums equal the official totals, in total and by method.
INSERT INTO load_check (what, expected, actual)
SELECT format('2016 U.S. House 6 %s, %s', m.method, o.candidate), m.official, m.precincts
FROM ga6.official_total o
CROSS JOIN LATERAL (
    SELECT sum(r.votes) AS votes, sum(r.election_day) AS election_day,
           sum(r.absentee_by_mail) AS absentee_by_mail,
           sum(r.advance_in_person) AS advance_in_person, sum(r.provisional) AS provisional
    FROM ga6.precinct_result r
    WHERE r.election_date = o.election_date AND r.office = 'U.S. House' AND r.district = 6
      AND r.candidate = o.candidate) AS s
CROSS JOIN LATERAL (VALUES
    (1, 'votes',             o.votes,             s.votes),
    (2, 'election day',      o.election_day,      s.election_day),
    (3, 'absentee by mail',  o.absentee_by_mail,  s.absentee_by_mail),
    (4, 'advance in person', o.advance_in_person, s.advance_in_person),
    (5, 'provisional',       o.provisional,       s.provisional)) AS m(k, method, official, precincts)
WHERE o.election_date = '2016-11-08'
ORDER BY o.candidate, m.k;

-- Election-night method snapshot: its totals as documented (below the certified ones).
INSERT INTO load_check (what, expected, actual)
SELECT 'runoff election-night snapshot total, ' || c.candidate, c.expected,
       (SELECT sum(votes) FROM ga6.runoff_by_method m WHERE m.candidate = c.candidate)
FROM (VALUES ('Karen Handel', 134595), ('Jon Ossoff', 124893)) AS c(candidate, expected);

SELECT what AS "check", expected, actual,
       CASE WHEN actual IS NOT DISTINCT FROM expected THEN 'ok' ELSE 'FAILED' END AS result
FROM load_check ORDER BY seq;

DO $$
DECLARE
    failed text;
    n_all  int;
BEGIN
    SELECT count(*) INTO n_all FROM load_check;
    SELECT string_agg(format('%s: expected %s, got %s (%s)', what, expected,
                             coalesce(actual::text, 'nothing'),
                             CASE WHEN actual IS NULL THEN 'missing'
                                  ELSE 'off by ' || (actual - expected)::text END),
                      E'\n' ORDER BY seq)
      INTO failed
      FROM load_check WHERE actual IS DISTINCT FROM expected;
    IF failed IS NOT NULL THEN
        RAISE EXCEPTION 'GA-6 load check failed'
            USING DETAIL = failed,
                  HINT = 'Compare the files in data/ga6_2017 with the checks in its README.md.';
    END IF;
    RAISE NOTICE 'GA-6 load checks passed: % of % checks ok', n_all, n_all;
END
$$;
