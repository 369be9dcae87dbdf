-- Helpers for the pgTAP tests, included with \i test/helpers.sql; they live
-- in pg_temp and vanish with the session.

-- The lines of EXPLAIN (COSTS OFF) for a query, for plan-shape assertions.
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  line text;
  plan text := '';
BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
    plan := plan || line || E'\n';
  END LOOP;
  RETURN plan;
END $$;

-- Settings that make the planner choose parallel plans even on small tables.
CREATE FUNCTION pg_temp.force_parallel() RETURNS void
LANGUAGE sql AS $$
  SELECT set_config('parallel_setup_cost', '0', true),
         set_config('parallel_tuple_cost', '0', true),
         set_config('min_parallel_table_scan_size', '0', true),
         set_config('max_parallel_workers_per_gather', '2', true);
$$;

-- Settings that forbid parallel plans.
CREATE FUNCTION pg_temp.forbid_parallel() RETURNS void
LANGUAGE sql AS $$
  SELECT set_config('max_parallel_workers_per_gather', '0', true);
$$;

-- SQLSTATE, message, detail and hint of the error a query raises, one per
-- line ('no error' if it raises none).
CREATE FUNCTION pg_temp.error_of(query text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
  st text; msg text; det text; hin text;
BEGIN
  EXECUTE query;
  RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
  GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hin = PG_EXCEPTION_HINT;
  RETURN concat_ws(E'\n', st, msg, det, hin);
END $$;
