-- night.sql: the GA-6 runoff of 2017-06-20 replayed as an election night.
-- The precinct x vote method units (demo/night_units.sql) report in a
-- seeded random order; at 25% and 50% of the vote counted, canvass.project
-- projects the result from the units that are in, against their 2016
-- baseline, beside the count so far and the final result.
\set ON_ERROR_STOP 1
\pset footer off
SET client_min_messages = warning;
\i demo/night_units.sql

CREATE TEMP TABLE night_order AS
SELECT id, sum(a + b) OVER (ORDER BY md5('1/' || id) ROWS UNBOUNDED PRECEDING) - (a + b) AS before
FROM unit;

\echo
\echo Election night, GA-6 runoff 2017: Handel (A) against Ossoff (B), projected from partial returns
SELECT st.counted || '%' AS counted,
       round((p->'counted'->>'a')::numeric) AS handel_so_far, round((p->'counted'->>'b')::numeric) AS ossoff_so_far,
       round((p->'projected'->>'a')::numeric) AS handel_projected, round((p->'projected'->>'b')::numeric) AS ossoff_projected,
       round(100 * (p->'projected'->>'margin_share')::numeric, 1) AS margin_points,
       round(100 * (p->'interval'->>'margin_share_lower')::numeric, 1) || ' to ' ||
       round(100 * (p->'interval'->>'margin_share_upper')::numeric, 1) AS interval_90
FROM (VALUES (25), (50)) st(counted),
LATERAL (SELECT canvass.project(CASE WHEN done THEN a ELSE 0 END, CASE WHEN done THEN b ELSE 0 END,
                                done, ba, bb, x, 0.9) AS p
         FROM (SELECT u.*, o.before < st.counted / 100.0 * (SELECT sum(a + b) FROM unit) AS done
               FROM unit u JOIN night_order o USING (id)) s) pr
UNION ALL
SELECT 'final', 134799, 125517, NULL, NULL, round(100 * (134799 - 125517) / 260316.0, 1), 'certified';
