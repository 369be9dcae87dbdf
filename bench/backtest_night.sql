-- backtest_night.sql: replays the GA-6 runoff of 2017-06-20 as an election
-- night and scores canvass.project against two naive methods.
--
-- Units: precinct x vote method (election day, advance in person, absentee
-- by mail) of the election-night snapshot (data/ga6_2017, 208 precincts;
-- provisional ballots were all counted later), side A = Handel (REP),
-- B = Ossoff (DEM).  Baseline: the same precinct and method in the 2016
-- general for U.S. House 6 (Price, REP / Stooksbury, DEM), joined through
-- the precinct crosswalk (the snapshot spells three Cobb precincts the 2016
-- way, "Mount Bethel", and one DeKalb name with a trailing space).  Features: vote method and county indicators.
-- The final result is the snapshot's total (134,595 - 124,893).
--
-- Nights: 100 of each order, a unit reporting all its votes at once:
--   random       units in a random order (md5 of night and unit: seeded);
--   county       counties one after another in a random order, units
--                within a county in a random order;
--   early first  every advance and absentee unit first, then election day.
-- Stages: the first units of the order whose votes reach 10, 25, 50 and 75%
-- of the final total.  For each stage: the mean absolute error of the
-- projected margin (A - B as a share of A + B, in points), the share of
-- nights whose 90% interval covered the final margin in votes, and the same
-- error for the count so far and for uniform swing (the counted units'
-- turnout ratio and margin change applied to every other unit's baseline).
-- Run from the top of the source tree: psql -f bench/backtest_night.sql
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;

CREATE TEMP TABLE runoff_m (county text, precinct text, candidate text, party text, votes int,
  election_day int, absentee_by_mail int, advance_in_person int, provisional int,
  registered_voters int, ballots_cast int, snapshot text);
\copy runoff_m FROM 'data/ga6_2017/runoff_2017-06-20_precinct_by_method_election_night.csv' CSV HEADER
CREATE TEMP TABLE gen16 (county text, precinct text, office text, district text, candidate text,
  party text, votes int, election_day int, absentee_by_mail int, advance_in_person int, provisional int);
\copy gen16 FROM 'data/ga6_2017/general_2016-11-08_ga6_precinct.csv' CSV HEADER
CREATE TEMP TABLE xwalk (shp_district_id text, county text, shp_precinct_name text,
  precinct_2017_runoff text, precinct_2016_general text, precinct_2018_general text, note text);
\copy xwalk FROM 'data/ga6_2017/precinct_crosswalk.csv' CSV HEADER

-- One row per precinct and method, with its 2016 baseline (0 where none).
CREATE TEMP TABLE unit AS
WITH m(method) AS (VALUES ('election_day'), ('advance_in_person'), ('absentee_by_mail')),
r AS (
  SELECT county, precinct, method,
         sum(CASE method WHEN 'election_day' THEN election_day WHEN 'advance_in_person' THEN advance_in_person
                         ELSE absentee_by_mail END) FILTER (WHERE party = 'REP') AS a,
         sum(CASE method WHEN 'election_day' THEN election_day WHEN 'advance_in_person' THEN advance_in_person
                         ELSE absentee_by_mail END) FILTER (WHERE party = 'DEM') AS b
  FROM runoff_m, m GROUP BY county, precinct, method),
x AS (SELECT DISTINCT county, precinct_2017_runoff, precinct_2016_general FROM xwalk
      WHERE precinct_2017_runoff <> '' AND precinct_2016_general <> ''),
g AS (
  SELECT county, precinct, method,
         sum(CASE method WHEN 'election_day' THEN election_day WHEN 'advance_in_person' THEN advance_in_person
                         ELSE absentee_by_mail END) FILTER (WHERE party = 'REP') AS ba,
         sum(CASE method WHEN 'election_day' THEN election_day WHEN 'advance_in_person' THEN advance_in_person
                         ELSE absentee_by_mail END) FILTER (WHERE party = 'DEM') AS bb
  FROM gen16, m WHERE office = 'U.S. House' GROUP BY county, precinct, method)
SELECT row_number() OVER (ORDER BY r.county, r.precinct, r.method) AS id,
       r.county, r.precinct, r.method, r.a::float8 AS a, r.b::float8 AS b,
       coalesce(sum(g.ba), 0)::float8 AS ba, coalesce(sum(g.bb), 0)::float8 AS bb,
       ARRAY[(r.method = 'advance_in_person')::int, (r.method = 'absentee_by_mail')::int,
             (r.county = 'Cobb')::int, (r.county = 'DeKalb')::int]::float8[] AS x
FROM r LEFT JOIN x ON x.county = r.county AND x.precinct_2017_runoff = trim(r.precinct)
       LEFT JOIN g ON g.county = r.county AND g.method = r.method
                  AND g.precinct = coalesce(x.precinct_2016_general, trim(r.precinct))
GROUP BY r.county, r.precinct, r.method, r.a, r.b;

\echo units (precinct x method), final A - B, units without a baseline:
SELECT count(*) AS units, sum(a) AS handel, sum(b) AS ossoff,
       count(*) FILTER (WHERE ba + bb = 0) AS no_baseline FROM unit;

CREATE TEMP TABLE final AS SELECT sum(a) AS a, sum(b) AS b, sum(a + b) AS t FROM unit;

-- The orders: position of each unit on each night.
CREATE TEMP TABLE ord AS
SELECT o.kind, n.night, u.id,
       sum(u.a + u.b) OVER (PARTITION BY o.kind, n.night ORDER BY
         CASE o.kind WHEN 'random' THEN md5(n.night || '/' || u.id)
                     WHEN 'county' THEN md5(n.night || '/' || u.county) || md5(n.night || '/' || u.id)
                     ELSE (u.method = 'election_day')::int || md5(n.night || '/' || u.id) END
         ROWS UNBOUNDED PRECEDING) - (u.a + u.b) AS before
FROM unit u, generate_series(1, 100) n(night),
     (VALUES ('random'), ('county'), ('early first')) o(kind);

CREATE TEMP TABLE stage (s float8);
INSERT INTO stage VALUES (0.10), (0.25), (0.50), (0.75);

-- Which units have reported at each stage of each night.
CREATE TEMP TABLE rep AS
SELECT o.kind, o.night, st.s, u.*, o.before < st.s * f.t AS done
FROM ord o JOIN unit u USING (id) CROSS JOIN stage st CROSS JOIN final f;

-- The projection and the counted units' sums.
CREATE TEMP TABLE proj AS
SELECT kind, night, s,
       canvass.project(CASE WHEN done THEN a ELSE 0 END, CASE WHEN done THEN b ELSE 0 END,
                       done, ba, bb, x, 0.9) AS p,
       sum(a) FILTER (WHERE done) AS ca, sum(b) FILTER (WHERE done) AS cb,
       sum(ba) FILTER (WHERE done) AS cba, sum(bb) FILTER (WHERE done) AS cbb,
       sum(ba) AS tba, sum(bb) AS tbb
FROM rep GROUP BY kind, night, s;

-- Uniform swing: ratio = counted / its baseline, change = counted margin -
-- its baseline margin, applied to every unit not counted (the contest's
-- baseline margin where a unit has no baseline).
CREATE TEMP TABLE swing AS
SELECT p.kind, p.night, p.s,
       p.ca - p.cb + sum(CASE WHEN r.ba + r.bb > 0 THEN (r.ba + r.bb) * p.ratio
                              * greatest(-1, least(1, (r.ba - r.bb) / (r.ba + r.bb) + p.change)) ELSE 0 END) AS margin,
       p.ca + p.cb + sum((r.ba + r.bb) * p.ratio) AS total
FROM (SELECT *, (ca + cb) / (cba + cbb) AS ratio,
             (ca - cb) / (ca + cb) - (cba - cbb) / (cba + cbb) AS change FROM proj) p
JOIN rep r ON r.kind = p.kind AND r.night = p.night AND r.s = p.s AND NOT r.done
GROUP BY p.kind, p.night, p.s, p.ca, p.cb;

CREATE TEMP TABLE scored AS
SELECT p.kind, p.night, p.s,
       100 * abs((p.p->'projected'->>'margin_share')::float8 - (f.a - f.b) / f.t) AS err_model,
       100 * abs((p.ca - p.cb) / (p.ca + p.cb) - (f.a - f.b) / f.t) AS err_count,
       100 * abs(w.margin / w.total - (f.a - f.b) / f.t) AS err_swing,
       ((p.p->'interval'->>'margin_lower')::float8 <= f.a - f.b
        AND f.a - f.b <= (p.p->'interval'->>'margin_upper')::float8) AS covered,
       100 * ((p.p->'interval'->>'margin_share_upper')::float8
              - (p.p->'interval'->>'margin_share_lower')::float8) AS width,
       p.p->'interval' IS NULL OR p.p->'interval' = 'null' AS no_interval
FROM proj p JOIN swing w USING (kind, night, s) CROSS JOIN final f;

\echo
\echo Final margin (A - B) / (A + B) in points:
SELECT round((100 * (a - b) / t)::numeric, 2) AS final_margin_points FROM final;
\echo
\echo Mean absolute error of the margin (points), 90% interval coverage and mean width (points), 100 nights each:
SELECT kind AS "order", round((100 * s)::numeric) || '%' AS counted,
       round(avg(err_model)::numeric, 2) AS mae_project,
       round(avg(err_count)::numeric, 2) AS mae_count_so_far,
       round(avg(err_swing)::numeric, 2) AS mae_uniform_swing,
       round(avg(covered::int)::numeric, 2) AS coverage_90,
       round(avg(width)::numeric, 2) AS mean_width,
       count(*) FILTER (WHERE no_interval) AS nights_without_interval
FROM scored GROUP BY kind, s ORDER BY kind, s;
\echo
\echo All orders and stages together:
SELECT round(avg(err_model)::numeric, 2) AS mae_project,
       round(avg(err_count)::numeric, 2) AS mae_count_so_far,
       round(avg(err_swing)::numeric, 2) AS mae_uniform_swing,
       round(avg(covered::int)::numeric, 3) AS coverage_90
FROM scored;
