-- canvass-since: 0.2.0
--
-- Turnout targets: propensity from vote history.
--

CREATE FUNCTION propensity(voted date[], registered date, elections date[], kinds text[],
                           target_kind text DEFAULT NULL,
                           half_life double precision DEFAULT 4,
                           other_kind_weight double precision DEFAULT 0.5)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_propensity'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION propensity(date[], date, date[], text[], text, double precision, double precision) IS
'recency- and kind-weighted share of the elections a voter was eligible for that the voter voted in';

CREATE FUNCTION votes_in_last(voted date[], elections date[], m integer)
RETURNS integer
AS 'MODULE_PATHNAME', 'canvass_votes_in_last'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION votes_in_last(date[], date[], integer) IS
'"n of the last m": how many of the m most recent elections of the calendar the voter voted in';

CREATE FUNCTION voted_dates(marks text[], elections date[])
RETURNS date[]
AS 'MODULE_PATHNAME', 'canvass_voted_dates'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION voted_dates(text[], date[]) IS
'wide history layouts: the election dates whose mark is not blank (X, or a party letter for a primary)';
