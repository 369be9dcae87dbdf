-- backtest_night.sql: replays the GA-6 runoff of 2017-06-20 as an election
-- night and scores canvass.project against two naive methods.
--
-- Units: precinct x vote method of the election-night snapshot
-- (data/ga6_2017, 208 precincts x 3 methods; provisional ballots were all
-- counted later), with the 2016 general's U.S. House 6 votes of the same
-- precinct and method as the baseline and method and county indicators
-- as features: demo/night_units.sql builds them.  The final result is the
-- snapshot's total (134,595 - 124,893).
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

\i demo/night_units.sql

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
