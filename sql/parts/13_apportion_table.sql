-- canvass-since: 0.3.0
--
-- District shares: apportion_table
--
-- A table of integers with both margins exact: each row (a candidate's
-- votes) keeps its total, each column (a part of a split precinct) keeps its
-- total, and every cell is the floor or the ceiling of its quota fitted by
-- iterative proportional fitting; of those roundings, the closest to the
-- quotas in sum |x - q| (controlled rounding, by min-cost flow).
--

CREATE FUNCTION apportion_table(row_totals bigint[], col_weights double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_table_weights'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION apportion_table(bigint[], double precision[]) IS
'rows x columns integers: each row total split in proportion to col_weights, column totals the rows'' sum apportioned by col_weights; both margins exact';

CREATE FUNCTION apportion_table(row_totals bigint[], col_totals bigint[], seed double precision[])
RETURNS bigint[]
AS 'MODULE_PATHNAME', 'canvass_apportion_table_seed'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION apportion_table(bigint[], bigint[], double precision[]) IS
'rows x columns integers: the seed fitted to both totals by iterative proportional fitting, rounded keeping both margins exact';
