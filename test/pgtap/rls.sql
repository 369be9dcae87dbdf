-- pgTAP: row-level security for field data.  A canvasser's login sees only
-- the voters of the turfs assigned to it, an organiser sees its region, the
-- data team sees everything, and canvass's functions change nothing about
-- that: no SECURITY DEFINER function in the extension, and dashboard views
-- declared security_invoker apply the caller's policies.  Expected counts
-- are worked out from the fixture by hand in the comments.
\i test/helpers.sql
BEGIN;
SELECT plan(14);

-- Fixture: 2 regions x 2 turfs x 5 voters = 20 voters.
--   turf 1, 2 in north; turf 3, 4 in south.  Ann is assigned turf 1, Bob
--   turfs 2 and 3 (across regions), Cy none.  Nora organises north.
CREATE ROLE canvass_test_ann NOLOGIN;
CREATE ROLE canvass_test_bob NOLOGIN;
CREATE ROLE canvass_test_cy NOLOGIN;
CREATE ROLE canvass_test_nora NOLOGIN;
CREATE ROLE canvass_test_data NOLOGIN;
CREATE ROLE canvass_test_canvassers NOLOGIN;
GRANT canvass_test_canvassers TO canvass_test_ann, canvass_test_bob, canvass_test_cy;

CREATE TABLE field_turf (turf_id int PRIMARY KEY, region text NOT NULL);
CREATE TABLE field_voter (voter_id int PRIMARY KEY, turf_id int REFERENCES field_turf,
                          support float8, geom geometry(Point, 4326));
CREATE TABLE field_assignment (turf_id int REFERENCES field_turf, canvasser name);
CREATE TABLE field_organiser (region text, organiser name);
INSERT INTO field_turf VALUES (1, 'north'), (2, 'north'), (3, 'south'), (4, 'south');
INSERT INTO field_voter
  SELECT i, (i - 1) / 5 + 1, (i % 10) / 10.0, ST_SetSRID(ST_MakePoint(-84.3 + i * 0.001, 33.9), 4326)
  FROM generate_series(1, 20) i;
INSERT INTO field_assignment VALUES (1, 'canvass_test_ann'), (2, 'canvass_test_bob'), (3, 'canvass_test_bob');
INSERT INTO field_organiser VALUES ('north', 'canvass_test_nora');

ALTER TABLE field_voter ENABLE ROW LEVEL SECURITY;
CREATE POLICY canvasser_sees_own_turfs ON field_voter FOR SELECT TO canvass_test_canvassers
  USING (turf_id IN (SELECT turf_id FROM field_assignment WHERE canvasser = current_user));
CREATE POLICY organiser_sees_region ON field_voter FOR SELECT TO canvass_test_nora
  USING (turf_id IN (SELECT t.turf_id FROM field_turf t JOIN field_organiser o USING (region)
                     WHERE o.organiser = current_user));
CREATE POLICY data_team_sees_all ON field_voter FOR SELECT TO canvass_test_data USING (true);
GRANT SELECT ON field_voter, field_turf, field_assignment, field_organiser TO
  canvass_test_canvassers, canvass_test_nora, canvass_test_data;

-- A dashboard view built on canvass: 100 doors-knocked goals per turf,
-- apportioned over the voters the caller can see.
CREATE VIEW field_walk_goal WITH (security_invoker = true) AS
  SELECT voter_id, turf_id,
         canvass.apportion(100, support) OVER (PARTITION BY turf_id ORDER BY voter_id) AS goal
  FROM field_voter;
GRANT SELECT ON field_walk_goal TO canvass_test_canvassers, canvass_test_nora, canvass_test_data;

SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
           JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'canvass' WHERE p.prosecdef),
          0::bigint, 'no canvass function is SECURITY DEFINER');

SET LOCAL ROLE canvass_test_ann;
SELECT is((SELECT count(*) FROM field_voter), 5::bigint, 'a canvasser sees the 5 voters of its one turf');
SELECT is((SELECT array_agg(DISTINCT turf_id) FROM field_voter), ARRAY[1], 'and only turf 1');
SELECT is((SELECT count(*) FROM field_walk_goal), 5::bigint, 'the security_invoker view shows it the same 5');
SELECT is((SELECT sum(goal) FROM field_walk_goal), 100::numeric,
          'canvass functions in the view work on what it can see (goals add up to 100 for its turf)');
RESET ROLE;

SET LOCAL ROLE canvass_test_bob;
SELECT is((SELECT count(*) FROM field_voter), 10::bigint, 'a canvasser with two turfs sees their 10 voters');
SELECT is((SELECT array_agg(DISTINCT turf_id ORDER BY turf_id) FROM field_voter), ARRAY[2, 3], 'turfs 2 and 3, across regions');
RESET ROLE;

SET LOCAL ROLE canvass_test_cy;
SELECT is((SELECT count(*) FROM field_voter), 0::bigint, 'a canvasser with no turf sees nobody');
SELECT is((SELECT count(*) FROM field_walk_goal), 0::bigint, 'not even through the view');
RESET ROLE;

SET LOCAL ROLE canvass_test_nora;
SELECT is((SELECT count(*) FROM field_voter), 10::bigint, 'the north organiser sees the 10 voters of turfs 1 and 2');
SELECT is((SELECT sum(goal) FROM field_walk_goal), 200::numeric, 'and 100 doors of goal per turf, 2 turfs');
RESET ROLE;

SET LOCAL ROLE canvass_test_data;
SELECT is((SELECT count(*) FROM field_voter), 20::bigint, 'the data team sees all 20 voters');
SELECT is((SELECT sum(goal) FROM field_walk_goal), 400::numeric, 'and all four turfs'' goals');
RESET ROLE;

-- Without security_invoker the view would run with its owner's rights and
-- leak every row to a canvasser: the pattern depends on it.
CREATE VIEW field_leaky AS SELECT voter_id FROM field_voter;
GRANT SELECT ON field_leaky TO canvass_test_canvassers;
SET LOCAL ROLE canvass_test_cy;
SELECT is((SELECT count(*) FROM field_leaky), 20::bigint,
          'a view without security_invoker, owned by a superuser, shows all 20 rows (why the pattern needs it)');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
