-- canvass-since: 0.3.0
--
-- Typed results for dashboards.  plan_scorecard, expected_turnout and
-- logit_fit return jsonb, which BI tools (Metabase, Grafana, Superset) must
-- unpack key by key; these read one such result into a typed row (or rows),
-- every column of one fixed type.  They run with search_path pg_catalog, so
-- no operator or cast they use is resolved through the caller's path.
--

CREATE FUNCTION scorecard_row(scorecard jsonb,
    OUT districts bigint, OUT uncontested bigint, OUT seats double precision,
    OUT seat_share double precision, OUT vote_share double precision,
    OUT mean_share double precision, OUT median_share double precision,
    OUT efficiency_gap double precision, OUT efficiency_gap_majority double precision,
    OUT efficiency_gap_simplified double precision, OUT mean_median double precision,
    OUT partisan_bias double precision, OUT declination double precision,
    OUT declination_scaled double precision, OUT lopsided_margin double precision,
    OUT competitive bigint, OUT swing double precision, OUT uncontested_treatment text,
    OUT uncontested_share double precision, OUT competitive_lo double precision,
    OUT competitive_hi double precision)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT ($1 ->> 'districts')::bigint, ($1 ->> 'uncontested')::bigint, ($1 ->> 'seats')::float8,
         ($1 ->> 'seat_share')::float8, ($1 ->> 'vote_share')::float8,
         ($1 ->> 'mean_share')::float8, ($1 ->> 'median_share')::float8,
         ($1 ->> 'efficiency_gap')::float8, ($1 ->> 'efficiency_gap_majority')::float8,
         ($1 ->> 'efficiency_gap_simplified')::float8, ($1 ->> 'mean_median')::float8,
         ($1 ->> 'partisan_bias')::float8, ($1 ->> 'declination')::float8,
         ($1 ->> 'declination_scaled')::float8, ($1 ->> 'lopsided_margin')::float8,
         ($1 ->> 'competitive')::bigint, ($1 ->> 'swing')::float8, $1 ->> 'uncontested_treatment',
         ($1 ->> 'uncontested_share')::float8, ($1 ->> 'competitive_lo')::float8,
         ($1 ->> 'competitive_hi')::float8
$$;
COMMENT ON FUNCTION scorecard_row(jsonb) IS
'plan_scorecard''s jsonb as a typed row, for dashboards';

CREATE FUNCTION expected_turnout_row(result jsonb,
    OUT voters bigint, OUT expected double precision, OUT sd double precision,
    OUT low double precision, OUT high double precision)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT ($1 ->> 'voters')::bigint, ($1 ->> 'expected')::float8, ($1 ->> 'sd')::float8,
         ($1 ->> 'low')::float8, ($1 ->> 'high')::float8
$$;
COMMENT ON FUNCTION expected_turnout_row(jsonb) IS
'expected_turnout''s jsonb as a typed row, for dashboards';

CREATE FUNCTION logit_summary(model jsonb,
    OUT features integer, OUT log_likelihood double precision, OUT iterations integer,
    OUT converged boolean, OUT rows bigint, OUT weight double precision,
    OUT successes double precision, OUT patterns bigint, OUT skipped bigint)
RETURNS record
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT ($1 ->> 'features')::integer, ($1 ->> 'log_likelihood')::float8,
         ($1 ->> 'iterations')::integer, ($1 ->> 'converged')::boolean,
         ($1 -> 'n' ->> 'rows')::bigint, ($1 -> 'n' ->> 'weight')::float8,
         ($1 -> 'n' ->> 'successes')::float8, ($1 -> 'n' ->> 'patterns')::bigint,
         ($1 -> 'n' ->> 'skipped')::bigint
$$;
COMMENT ON FUNCTION logit_summary(jsonb) IS
'logit_fit''s model: its fit and counts as a typed row, for dashboards';

CREATE FUNCTION logit_coefficients(model jsonb)
RETURNS TABLE (term integer, coefficient double precision, std_error double precision,
               z double precision, p double precision)
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
  SELECT (i - 1)::integer, ($1 -> 'coefficients' ->> (i - 1)::integer)::float8,
         ($1 -> 'std_errors' ->> (i - 1)::integer)::float8,
         ($1 -> 'z' ->> (i - 1)::integer)::float8, ($1 -> 'p' ->> (i - 1)::integer)::float8
  FROM generate_series(1, CASE WHEN jsonb_typeof($1 -> 'coefficients') = 'array'
                               THEN jsonb_array_length($1 -> 'coefficients') ELSE 0 END) i
$$;
COMMENT ON FUNCTION logit_coefficients(jsonb) IS
'logit_fit''s model: one row per term (0 the intercept, i the feature x[i]) with its coefficient, standard error, z and p';
