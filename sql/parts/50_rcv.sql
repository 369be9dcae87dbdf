-- canvass-since: 0.3.0
--
-- Ranked-choice tabulation with RCTab's rules (one seat, or several by
-- single transferable vote): rcv_tabulate, an aggregate
-- over one row per ballot (identical rankings kept once with their count,
-- under parallel query), and rcv_rounds, its rounds as rows.
--

CREATE FUNCTION canvass_internal.rcv_tabulate_trans(internal, text[], jsonb)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_rcv_trans'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.rcv_tabulate_combine(internal, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_rcv_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION canvass_internal.rcv_tabulate_serial(internal)
RETURNS bytea
AS 'MODULE_PATHNAME', 'canvass_rcv_serial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.rcv_tabulate_deserial(bytea, internal)
RETURNS internal
AS 'MODULE_PATHNAME', 'canvass_rcv_deserial'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION canvass_internal.rcv_tabulate_final(internal)
RETURNS jsonb
AS 'MODULE_PATHNAME', 'canvass_rcv_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE rcv_tabulate(ranking text[], rules jsonb) (
    SFUNC = canvass_internal.rcv_tabulate_trans,
    STYPE = internal,
    FINALFUNC = canvass_internal.rcv_tabulate_final,
    COMBINEFUNC = canvass_internal.rcv_tabulate_combine,
    SERIALFUNC = canvass_internal.rcv_tabulate_serial,
    DESERIALFUNC = canvass_internal.rcv_tabulate_deserial,
    PARALLEL = SAFE
);

COMMENT ON AGGREGATE rcv_tabulate(text[], jsonb) IS
'ranked-choice count (instant runoff, or single transferable vote for several seats) of one ballot per row under an RCTab contest config; every round as jsonb';

CREATE FUNCTION rcv_rounds(result jsonb,
                           OUT round integer, OUT candidate text, OUT votes numeric,
                           OUT status text, OUT transfer numeric, OUT percent numeric)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'canvass_rcv_rounds'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION rcv_rounds(jsonb) IS
'the rounds of an rcv_tabulate result as rows: votes, status, transfer to the next round and RCTab''s % of vote per candidate';
