-- canvass-since: 0.2.0

--
-- District shares: intervals and lean
--

CREATE FUNCTION share_ci(successes double precision, trials double precision,
                         confidence double precision DEFAULT 0.95,
                         OUT lower double precision, OUT upper double precision)
RETURNS record
AS 'MODULE_PATHNAME', 'canvass_share_ci'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION share_ci(double precision, double precision, double precision) IS
'Wilson score interval of the share successes/trials at the given confidence; NULL when trials is 0';

CREATE FUNCTION pvi(share double precision, national_share double precision,
                    prev_share double precision, prev_national_share double precision,
                    latest_weight double precision DEFAULT 0.75)
RETURNS double precision
AS 'MODULE_PATHNAME', 'canvass_pvi'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pvi(double precision, double precision, double precision, double precision, double precision) IS
'Cook partisan voting index in points: district minus national two-party share, latest election weighted latest_weight (0.75 since 2022, 0.5 before); positive favours the party whose shares are given';

CREATE FUNCTION pvi_label(lean double precision, a_letter text DEFAULT 'D', b_letter text DEFAULT 'R')
RETURNS text
AS 'MODULE_PATHNAME', 'canvass_pvi_label'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION pvi_label(double precision, text, text) IS
'Cook label of a lean in points: D+x for positive, R+x for negative, rounded half away from zero; EVEN when |lean| < 0.5';
