-- GA-6 demo, part 3: a SYNTHETIC voter file consistent with the real GA-6 data.
--
-- Nobody in it is real. It is built so that its counts match the real data:
-- registered voters per precinct = the runoff's registered voters, runoff
-- voters per precinct = the runoff's ballots cast, April special voters add up
-- to the official 192,569, 2016 voters per precinct = the real 2016 ballots
-- cast; households sit at points inside their real precinct polygon.
-- Everything is deterministic: pseudo-random numbers are hashes of a key and
-- the seed below (hashtextextended), and ST_GeneratePoints takes a seed, so
-- two runs give identical tables. demo/README.md lists every assumption.
--
-- Uses canvass.apportion for exact integer splits: the window form
-- apportion(total, weight) OVER (...) and the array form apportion(total, weights[]).

\echo '== voterfile: synthetic voters, households and vote history'

-- The seed; run psql with -v seed=N for another, equally consistent, file.
\if :{?seed}
\else
\set seed 20170620
\endif

-- Sorts of a few million rows: keep them in memory; JIT compiling costs more
-- than it saves here (this session only, reset at the end).
SET work_mem = '256MB';
SET jit = off;

-- ---------------------------------------------------------------------------
-- Pseudo-random helpers: order-independent, a pure function of (seed, key).
-- ---------------------------------------------------------------------------
-- Uniform in [0, 1): the low 53 bits of a 64-bit hash.
CREATE FUNCTION ga6.u01(seed bigint, key text) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (hashtextextended(key, seed) & 9007199254740991)::float8 / 9007199254740992.0 $$;

-- Standard normal (Box-Muller on two independent uniforms).
CREATE FUNCTION ga6.gauss(seed bigint, key text) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT sqrt(-2.0 * ln(1.0 - ga6.u01(seed, key || '/a'))) * cos(2.0 * pi() * ga6.u01(seed, key || '/b')) $$;

CREATE FUNCTION ga6.inv_logit(x float8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT 1.0 / (1.0 + exp(-x)) $$;

CREATE FUNCTION ga6.logit(p float8) RETURNS float8
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT ln(p / (1.0 - p)) $$;

-- ---------------------------------------------------------------------------
-- Elections in the vote history.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.election (
    election_date  date PRIMARY KEY,
    election_type  text NOT NULL CHECK (election_type IN ('general', 'special', 'special_runoff')),
    name           text NOT NULL
);
INSERT INTO ga6.election VALUES
    ('2012-11-06', 'general',        '2012 general (President)'),
    ('2014-11-04', 'general',        '2014 general (midterm)'),
    ('2016-11-08', 'general',        '2016 general (President)'),
    ('2017-04-18', 'special',        '2017 special election, U.S. House 6 (18 candidates)'),
    ('2017-06-20', 'special_runoff', '2017 special runoff, U.S. House 6 (Handel v. Ossoff)');

-- ---------------------------------------------------------------------------
-- Per-precinct inputs from the real data (208 runoff precincts).
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE syn_precinct AS
WITH runoff AS (
    SELECT p.precinct_id, t.county, t.precinct, p.precinct_2016, p.area_km2, p.geom,
           t.registered_voters AS registered, t.ballots_cast AS runoff_ballots
    FROM ga6.precinct_turnout t
    JOIN ga6.precinct p ON p.county = t.county AND p.precinct_2017 = t.precinct
    WHERE t.election_date = '2017-06-20'
), votes AS (
    SELECT county, precinct,
           sum(votes) FILTER (WHERE party = 'DEM') AS dem,
           sum(votes) FILTER (WHERE party = 'REP') AS rep
    FROM ga6.precinct_result
    WHERE election_date = '2017-06-20' AND office = 'U.S. House'
    GROUP BY county, precinct
), special AS (
    -- April special: the official district total split over precincts in
    -- proportion to runoff ballots, by largest remainder (parts add up
    -- exactly): the window form of canvass.apportion.
    SELECT r.precinct_id,
           canvass.apportion(o.total, r.runoff_ballots::float8) OVER (ORDER BY r.precinct_id COLLATE "C") AS ballots
    FROM runoff r
    CROSS JOIN (SELECT sum(votes)::bigint AS total
                FROM ga6.official_total WHERE election_date = '2017-04-18') AS o
), general16 AS (
    -- 2016 ballots cast through the crosswalk. Split precincts: the 2016 count
    -- covers the whole precinct, so keep the GA-6 part, estimated by the ratio
    -- U.S. House 6 votes / top-of-ticket votes (split exactly by apportion).
    SELECT r.precinct_id, g.ballots_cast AS ballots_whole,
           s.us_house_6_votes::float8 / s.top_of_ticket_votes AS ga6_ratio,
           CASE WHEN s.precinct IS NULL THEN g.ballots_cast
                ELSE (canvass.apportion(g.ballots_cast,
                          ARRAY[s.us_house_6_votes::float8 / s.top_of_ticket_votes,
                                1.0 - s.us_house_6_votes::float8 / s.top_of_ticket_votes]))[1]
           END AS ballots_ga6
    FROM runoff r
    JOIN ga6.precinct_turnout g
      ON g.election_date = '2016-11-08' AND g.county = r.county AND g.precinct = r.precinct_2016
    LEFT JOIN ga6.split_precinct s
      ON s.election_date = g.election_date AND s.county = g.county AND s.precinct = g.precinct
)
SELECT r.precinct_id, r.county, r.precinct, r.geom,
       row_number() OVER (ORDER BY r.precinct_id COLLATE "C")::int AS ord,
       r.registered::int AS registered,
       r.runoff_ballots::int AS runoff_ballots,
       v.dem::float8 / (v.dem + v.rep) AS dem_share,
       sp.ballots::int AS special_ballots,
       g.ballots_whole::int AS g16_ballots_whole,
       g.ga6_ratio,
       g.ballots_ga6::int AS g16_ballots_ga6,
       least(g.ballots_ga6, r.registered)::int AS g16_ballots,     -- capped at the 2017 roll
       -- share of households in apartment buildings: 5% in the least dense
       -- precinct to 45% in the densest (registered voters per km2)
       0.05 + 0.40 * percent_rank() OVER (ORDER BY r.registered / r.area_km2, r.precinct_id COLLATE "C") AS apt_share
FROM runoff r
JOIN votes v USING (county, precinct)
JOIN special sp USING (precinct_id)
JOIN general16 g USING (precinct_id);

-- Registered after the 2016 general (about 7% of the roll) and after the April
-- special (about 1.2%), never so many that too few are left eligible to cast
-- the real 2016 / April counts.
ALTER TABLE syn_precinct
    ADD COLUMN n_new16 int, ADD COLUMN n_new_special int;
UPDATE syn_precinct
SET n_new16 = least(round(0.07 * registered), registered - g16_ballots),
    n_new_special = least(round(0.012 * registered), registered - special_ballots,
                          least(round(0.07 * registered), registered - g16_ballots));
ANALYZE syn_precinct;

DO $$
DECLARE r record; n int := 0;
BEGIN
    FOR r IN SELECT * FROM syn_precinct WHERE g16_ballots < g16_ballots_ga6 ORDER BY precinct_id LOOP
        RAISE NOTICE 'capped: % % (%) had % 2016 ballots in GA-6 but only % voters on the 2017 roll; the synthetic file uses %',
            r.county, r.precinct, r.precinct_id, r.g16_ballots_ga6, r.registered, r.g16_ballots;
        n := n + 1;
    END LOOP;
    RAISE NOTICE '% precinct(s) capped at registered voters for the 2016 general', n;
END $$;

-- ---------------------------------------------------------------------------
-- Households: 1-4 registered voters each, drawn one after another until the
-- precinct's registered voters are used up (the last one takes the rest).
-- Apartment households are smaller than single-family ones.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE syn_hh AS
WITH cand AS (
    SELECT p.precinct_id, p.ord, p.registered, h,
           ga6.u01(:seed, 'apt/' || p.precinct_id || '/' || h) < p.apt_share AS is_apt,
           ga6.u01(:seed, 'size/' || p.precinct_id || '/' || h) AS u
    FROM syn_precinct p, generate_series(1, p.registered) AS h
), sized AS (
    SELECT *, CASE WHEN is_apt THEN CASE WHEN u < 0.55 THEN 1 WHEN u < 0.90 THEN 2 WHEN u < 0.97 THEN 3 ELSE 4 END
                               ELSE CASE WHEN u < 0.30 THEN 1 WHEN u < 0.75 THEN 2 WHEN u < 0.90 THEN 3 ELSE 4 END
              END AS size0
    FROM cand
), placed AS (
    SELECT *, sum(size0) OVER (PARTITION BY ord ORDER BY h) - size0 + 1 AS first_voter
    FROM sized
)
SELECT precinct_id, ord, h, is_apt, first_voter::int,
       least(size0, registered - first_voter + 1)::int AS size
FROM placed
WHERE first_voter <= registered;

-- Apartment buildings: the precinct's apartment households, in order, fill
-- buildings of 6-59 voter households (mean about 24).
CREATE TEMP TABLE syn_apt AS
WITH apt AS (
    SELECT precinct_id, h, row_number() OVER (PARTITION BY precinct_id ORDER BY h) AS a
    FROM syn_hh WHERE is_apt
), n_apt AS (
    SELECT precinct_id, count(*) AS n FROM apt GROUP BY precinct_id
), bld AS (
    SELECT n.precinct_id, n.n, b,
           6 + floor(54 * ga6.u01(:seed, 'bld/' || n.precinct_id || '/' || b) ^ 2)::int AS bsize
    FROM n_apt n, generate_series(1, n.n) AS b
), bstart AS (
    SELECT *, sum(bsize) OVER (PARTITION BY precinct_id ORDER BY b) - bsize + 1 AS first_a
    FROM bld
)
SELECT apt.precinct_id, apt.h, bs.b AS apt_building
FROM bstart bs
JOIN apt ON apt.precinct_id = bs.precinct_id AND apt.a >= bs.first_a AND apt.a < bs.first_a + bs.bsize
WHERE bs.first_a <= bs.n;

-- Every building gets a point inside the precinct polygon (ST_GeneratePoints
-- with a seed per precinct). Buildings are numbered 1..k in each precinct:
-- apartment buildings first, then one house per single-family household.
-- ST_GeneratePoints can return one point more or fewer than asked for a
-- multipolygon (it rounds per part), so ask for 2% + 5 more and keep k of
-- them, chosen by hash: still a uniform sample of the polygon.
CREATE TEMP TABLE syn_bld AS
SELECT h.precinct_id, h.h,
       dense_rank() OVER (PARTITION BY h.ord
                          ORDER BY (a.apt_building IS NULL), coalesce(a.apt_building, h.h))::int AS k
FROM syn_hh h
LEFT JOIN syn_apt a USING (precinct_id, h);
ANALYZE syn_hh, syn_apt, syn_bld;

CREATE TEMP TABLE syn_point AS
SELECT precinct_id, k, geom
FROM (
    SELECT p.precinct_id, b.n, d.geom,
           row_number() OVER (PARTITION BY p.precinct_id
                              ORDER BY ga6.u01(:seed, 'pt/' || p.precinct_id || '/' || d.path[1]), d.path[1]) AS k
    FROM syn_precinct p
    JOIN (SELECT precinct_id, max(k) AS n FROM syn_bld GROUP BY precinct_id) b USING (precinct_id)
    CROSS JOIN LATERAL ST_Dump(ST_GeneratePoints(p.geom, (b.n + ceil(0.02 * b.n) + 5)::int,
                                                 (:seed + p.ord)::int)) AS d
) AS pts
WHERE k <= n;
ANALYZE syn_point;

CREATE TABLE ga6.household (
    household_id  bigint NOT NULL,
    precinct_id   text   NOT NULL,   -- polygon (ga6.precinct)
    building_id   bigint NOT NULL,   -- households at the same point share it
    units         int    NOT NULL,   -- households in the building: 1 for a house
    voters        int    NOT NULL CHECK (voters BETWEEN 1 AND 4),
    geom          geometry(Point, 4326) NOT NULL
);

INSERT INTO ga6.household (household_id, building_id, precinct_id, units, voters, geom)
SELECT row_number() OVER (ORDER BY h.ord, h.h),
       dense_rank() OVER (ORDER BY h.ord, b.k),
       h.precinct_id,
       count(*) OVER (PARTITION BY h.ord, b.k),
       h.size,
       pt.geom
FROM syn_hh h
JOIN syn_bld b USING (precinct_id, h)
JOIN syn_point pt ON pt.precinct_id = h.precinct_id AND pt.k = b.k
ORDER BY h.ord, h.h;

ALTER TABLE ga6.household
    ADD PRIMARY KEY (household_id),
    ADD FOREIGN KEY (precinct_id) REFERENCES ga6.precinct;

-- ---------------------------------------------------------------------------
-- Voters: age, registration date, turnout propensity z and party lean.
-- Ages: the first member of a household 19-65 (80%, flat) or 66-90 (20%,
-- thinning); a second member about the same age; a third or fourth an adult
-- child (head 43 or older) or a roommate aged 19-33.
-- Registration date. In each precinct voters are ranked by a hash; the first
-- n_new_special registered after the April special (2017-04-18 .. 2017-05-19),
-- the next ones up to n_new16 after the 2016 general (2016-11-08 .. 2017-04-17),
-- the rest before the 2016 general: an exponential time back (mean 12 years),
-- never before the year the voter turned 18.
CREATE TEMP TABLE syn_voter AS
WITH hh AS (
    -- household_id in the same order as above
    SELECT h.*, row_number() OVER (ORDER BY h.ord, h.h) AS household_id
    FROM syn_hh h
), member AS (
    SELECT hh.precinct_id, hh.ord, hh.household_id, hh.h, m,
           -- age of the first member: 80% aged 19-65 (flat), 20% aged 66-90 (thinning)
           (SELECT CASE WHEN u < 0.8 THEN 19 + floor(47 * u / 0.8)
                        ELSE 66 + floor(25 * ((u - 0.8) / 0.2) ^ 1.6) END
            FROM (SELECT ga6.u01(:seed, 'age/' || hh.household_id)) AS x(u))::int AS head_age
    FROM hh JOIN (VALUES (1), (2), (3), (4)) AS mm(m) ON mm.m <= hh.size
), aged AS (
    SELECT mb.*, ag.age, 2017 - ag.age AS birth_year
    FROM (SELECT member.*, row_number() OVER (ORDER BY ord, h, m) AS voter_id FROM member) AS mb
    CROSS JOIN LATERAL (
        SELECT CASE
                 WHEN mb.m = 1 THEN mb.head_age
                 -- partner: about the same age
                 WHEN mb.m = 2 THEN greatest(19, least(95, mb.head_age + round(5 * ga6.gauss(:seed, 'pa/' || mb.voter_id))))
                 -- third and fourth: adult children of an older head, else roommates
                 WHEN mb.head_age >= 43 THEN greatest(19, mb.head_age - 21 - floor(13 * ga6.u01(:seed, 'ca/' || mb.voter_id)))
                 ELSE 19 + floor(15 * ga6.u01(:seed, 'ra/' || mb.voter_id))
               END::int AS age
    ) AS ag
), ranked AS (
    SELECT a.*, p.n_new16, p.n_new_special,
           ga6.u01(:seed, 'rd/' || a.voter_id) AS u_date,
           row_number() OVER (PARTITION BY a.ord
                              ORDER BY ga6.u01(:seed, 'rk/' || a.voter_id), a.voter_id) AS rk
    FROM aged a JOIN syn_precinct p USING (precinct_id)
)
SELECT r.voter_id, r.household_id, r.precinct_id, r.ord, r.m, r.birth_year, r.age,
       CASE
           WHEN r.rk <= r.n_new_special THEN date '2017-04-18' + floor(32 * r.u_date)::int
           WHEN r.rk <= r.n_new16       THEN date '2016-11-08' + floor(161 * r.u_date)::int
           ELSE date '2016-11-07' - (
               SELECT CASE WHEN back <= span THEN back
                           ELSE floor(span * ga6.u01(:seed, 'rs/' || r.voter_id)) END::int
               FROM (SELECT floor(-12 * 365.25 * ln(1.0 - r.u_date)) AS back,
                            date '2016-11-07' - make_date(r.birth_year + 18, 1, 1) AS span) AS s)
       END AS registration_date,
       -- turnout propensity: household part + personal part + older votes more
       0.55 * ga6.gauss(:seed, 'zh/' || r.household_id)
     + 0.75 * ga6.gauss(:seed, 'zv/' || r.voter_id)
     + 0.35 * greatest(-2.0, least(2.0, (r.age - 50) / 15.0)) AS z,
       -- party lean: household part + personal part (standard normal)
       0.6 * ga6.gauss(:seed, 'sh/' || r.household_id)
     + 0.8 * ga6.gauss(:seed, 'sv/' || r.voter_id) AS lean
FROM ranked r;

CREATE INDEX ON syn_voter (voter_id);
ANALYZE syn_voter;

-- ---------------------------------------------------------------------------
-- Turnout targets per precinct and election. Runoff, April special and 2016:
-- from the real data (see syn_precinct). 2014 and 2012: about 55% and 75% of
-- eligible voters, shifted on the logit scale by how the precinct's runoff
-- turnout compares with the district's (58.2%).
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.turnout_target (
    precinct_id    text NOT NULL,
    county         text NOT NULL,
    precinct       text NOT NULL,
    election_date  date NOT NULL REFERENCES ga6.election,
    registered     int  NOT NULL,   -- on the 2017 roll
    eligible       int  NOT NULL,   -- of those, registered before election day
    voters         int  NOT NULL,   -- voters with a history row for this election
    basis          text NOT NULL,   -- where the count comes from
    PRIMARY KEY (precinct_id, election_date),
    CHECK (voters <= eligible AND eligible <= registered)
);

INSERT INTO ga6.turnout_target
WITH elig AS (
    SELECT v.precinct_id, e.election_date, count(*) AS eligible
    FROM syn_voter v JOIN ga6.election e ON v.registration_date < e.election_date
    GROUP BY v.precinct_id, e.election_date
), district AS (
    SELECT sum(runoff_ballots)::float8 / sum(registered) AS runoff_rate FROM syn_precinct
)
SELECT p.precinct_id, p.county, p.precinct, e.election_date, p.registered, coalesce(el.eligible, 0),
       CASE e.election_date
           WHEN '2017-06-20' THEN p.runoff_ballots
           WHEN '2017-04-18' THEN p.special_ballots
           WHEN '2016-11-08' THEN p.g16_ballots
           ELSE round(coalesce(el.eligible, 0) * ga6.inv_logit(
                    ga6.logit(CASE e.election_date WHEN '2014-11-04' THEN 0.55 ELSE 0.75 END)
                  + ga6.logit(p.runoff_ballots::float8 / p.registered) - ga6.logit(d.runoff_rate)))
       END,
       CASE e.election_date
           WHEN '2017-06-20' THEN 'real ballots cast'
           WHEN '2017-04-18' THEN 'official district total apportioned by runoff ballots'
           WHEN '2016-11-08' THEN
               CASE WHEN p.g16_ballots < p.g16_ballots_ga6 THEN 'real ballots cast, capped at registered'
                    WHEN p.ga6_ratio IS NOT NULL THEN 'real ballots cast x U.S. House 6 / President (split precinct)'
                    ELSE 'real ballots cast' END
           WHEN '2014-11-04' THEN 'about 55% of eligible, by precinct runoff turnout'
           ELSE 'about 75% of eligible, by precinct runoff turnout'
       END
FROM syn_precinct p
CROSS JOIN ga6.election e
CROSS JOIN district d
LEFT JOIN elig el ON el.precinct_id = p.precinct_id AND el.election_date = e.election_date;

-- ---------------------------------------------------------------------------
-- Vote history: for each election and precinct, rank the eligible voters by
-- propensity + election-specific noise and take exactly the target count.
-- The shared propensity makes voting correlated across elections.
-- ---------------------------------------------------------------------------
CREATE TABLE ga6.vote_history (
    voter_id       bigint NOT NULL,
    election_date  date   NOT NULL,
    election_type  text   NOT NULL
);

INSERT INTO ga6.vote_history
SELECT voter_id, election_date, election_type
FROM (
    SELECT v.voter_id, e.election_date, e.election_type, t.voters,
           row_number() OVER (PARTITION BY e.election_date, v.ord
                              ORDER BY v.z + 0.75 * ga6.gauss(:seed, e.key || v.voter_id) DESC,
                                       v.voter_id) AS rk
    FROM syn_voter v
    JOIN (SELECT *, 'vote/' || to_char(election_date, 'YYYYMMDD') || '/' AS key FROM ga6.election) AS e
      ON v.registration_date < e.election_date
    JOIN ga6.turnout_target t ON t.precinct_id = v.precinct_id AND t.election_date = e.election_date
) AS ranked
WHERE rk <= voters;

ALTER TABLE ga6.vote_history ADD PRIMARY KEY (voter_id, election_date);

-- ---------------------------------------------------------------------------
-- Party support: probability of supporting the Democrat,
-- inv_logit(a + 1.8 * lean), with a per precinct set (two Newton steps) so
-- that the mean over the precinct's synthetic runoff voters equals Ossoff's
-- real two-party share; then clipped to [0.01, 0.99] and rounded to 0.001.
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE syn_support AS
SELECT precinct_id, dem_share,
       -- start: the probit approximation to the logit-normal mean
       ga6.logit(dem_share) * sqrt(1 + pi() * 1.8 ^ 2 / 8) AS a
FROM syn_precinct;

CREATE TEMP TABLE syn_runoff_lean AS
SELECT v.precinct_id, v.lean
FROM syn_voter v
JOIN ga6.vote_history h ON h.voter_id = v.voter_id AND h.election_date = '2017-06-20';

UPDATE syn_support s
SET a = s.a + (s.dem_share - m.mean_p) / m.slope
FROM (SELECT l.precinct_id,
             -- numeric sums are exact, so the result does not depend on row order
             avg(ga6.inv_logit(s2.a + 1.8 * l.lean)::numeric)::float8 AS mean_p,
             avg((ga6.inv_logit(s2.a + 1.8 * l.lean) * (1 - ga6.inv_logit(s2.a + 1.8 * l.lean)))::numeric)::float8 AS slope
      FROM syn_runoff_lean l JOIN syn_support s2 USING (precinct_id)
      GROUP BY l.precinct_id) AS m
WHERE m.precinct_id = s.precinct_id;

UPDATE syn_support s
SET a = s.a + (s.dem_share - m.mean_p) / m.slope
FROM (SELECT l.precinct_id,
             -- numeric sums are exact, so the result does not depend on row order
             avg(ga6.inv_logit(s2.a + 1.8 * l.lean)::numeric)::float8 AS mean_p,
             avg((ga6.inv_logit(s2.a + 1.8 * l.lean) * (1 - ga6.inv_logit(s2.a + 1.8 * l.lean)))::numeric)::float8 AS slope
      FROM syn_runoff_lean l JOIN syn_support s2 USING (precinct_id)
      GROUP BY l.precinct_id) AS m
WHERE m.precinct_id = s.precinct_id;

CREATE TABLE ga6.voter (
    voter_id           bigint NOT NULL,
    household_id       bigint NOT NULL,
    county             text   NOT NULL,
    precinct           text   NOT NULL,   -- 2017 runoff precinct name
    precinct_id        text   NOT NULL,   -- polygon (ga6.precinct)
    registration_date  date   NOT NULL,
    birth_year         int    NOT NULL,
    party_support      float8 NOT NULL CHECK (party_support BETWEEN 0.01 AND 0.99)
);

INSERT INTO ga6.voter
SELECT v.voter_id, v.household_id, p.county, p.precinct, v.precinct_id, v.registration_date, v.birth_year,
       round(greatest(0.01, least(0.99, ga6.inv_logit(s.a + 1.8 * v.lean)))::numeric, 3)::float8
FROM syn_voter v
JOIN syn_precinct p USING (precinct_id)
JOIN syn_support s USING (precinct_id);

-- Keys once the rows are in (much faster than row by row).
ALTER TABLE ga6.voter
    ADD PRIMARY KEY (voter_id),
    ADD FOREIGN KEY (household_id) REFERENCES ga6.household,
    ADD FOREIGN KEY (precinct_id) REFERENCES ga6.precinct;
ALTER TABLE ga6.vote_history
    ADD FOREIGN KEY (voter_id) REFERENCES ga6.voter,
    ADD FOREIGN KEY (election_date) REFERENCES ga6.election;
CREATE INDEX ON ga6.voter (household_id);
CREATE INDEX ON ga6.voter (county, precinct);
CREATE INDEX ON ga6.household (precinct_id);
CREATE INDEX ON ga6.household (building_id);
CREATE INDEX ON ga6.household USING gist (geom);
CREATE INDEX ON ga6.vote_history (election_date);

ANALYZE ga6.election, ga6.household, ga6.voter, ga6.vote_history, ga6.turnout_target;

DROP TABLE syn_precinct, syn_hh, syn_apt, syn_bld, syn_point, syn_voter, syn_support, syn_runoff_lean;
RESET work_mem;
RESET jit;

-- ---------------------------------------------------------------------------
-- Verify the exact counts.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
    bad text;
    n   bigint;
    dev float8;
BEGIN
    -- registered voters per precinct = the runoff's registered voters
    SELECT string_agg(format('%s %s: %s voters, %s registered', t.county, t.precinct,
                             coalesce(v.n, 0), t.registered_voters), '; ')
      INTO bad
      FROM ga6.precinct_turnout t
      LEFT JOIN (SELECT county, precinct, count(*) AS n FROM ga6.voter GROUP BY county, precinct) v
             USING (county, precinct)
     WHERE t.election_date = '2017-06-20' AND coalesce(v.n, 0) <> t.registered_voters;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'synthetic voter file: voters per precinct differ from registered voters' USING DETAIL = bad;
    END IF;

    -- history rows per precinct and election = the target
    SELECT string_agg(format('%s %s %s: %s voted, target %s', t.county, t.precinct, t.election_date,
                             coalesce(h.n, 0), t.voters), '; ')
      INTO bad
      FROM ga6.turnout_target t
      LEFT JOIN (SELECT v.precinct_id, h.election_date, count(*) AS n
                 FROM ga6.vote_history h JOIN ga6.voter v USING (voter_id)
                 GROUP BY v.precinct_id, h.election_date) h USING (precinct_id, election_date)
     WHERE coalesce(h.n, 0) <> t.voters;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'synthetic voter file: vote history counts differ from the targets' USING DETAIL = bad;
    END IF;

    -- the targets themselves: runoff = real ballots cast per precinct ...
    SELECT string_agg(format('%s %s: target %s, real %s', t.county, t.precinct, t.voters, r.ballots_cast), '; ')
      INTO bad
      FROM ga6.turnout_target t
      JOIN ga6.precinct_turnout r ON r.election_date = t.election_date AND r.county = t.county AND r.precinct = t.precinct
     WHERE t.election_date = '2017-06-20' AND t.voters <> r.ballots_cast;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'synthetic voter file: runoff voters differ from real ballots cast' USING DETAIL = bad;
    END IF;

    -- ... and the district totals
    SELECT count(*) INTO n FROM ga6.voter;
    IF n <> 447826 THEN
        RAISE EXCEPTION 'synthetic voter file: % voters, expected 447826 (off by %)', n, n - 447826;
    END IF;
    SELECT count(*) INTO n FROM ga6.vote_history WHERE election_date = '2017-06-20';
    IF n <> 260455 THEN
        RAISE EXCEPTION 'synthetic voter file: % runoff voters, expected 260455 (off by %)', n, n - 260455;
    END IF;
    SELECT count(*) INTO n FROM ga6.vote_history WHERE election_date = '2017-04-18';
    IF n <> 192569 THEN
        RAISE EXCEPTION 'synthetic voter file: % April special voters, expected 192569 (off by %)', n, n - 192569;
    END IF;

    -- no vote before registration
    SELECT count(*) INTO n
      FROM ga6.vote_history h JOIN ga6.voter v USING (voter_id)
     WHERE v.registration_date >= h.election_date;
    IF n > 0 THEN
        RAISE EXCEPTION 'synthetic voter file: % history rows for elections before the voter registered', n;
    END IF;

    -- households: 1-4 voters, the count stored matches, units = households at the point
    SELECT count(*) INTO n
      FROM ga6.household h
      LEFT JOIN (SELECT household_id, count(*) AS c FROM ga6.voter GROUP BY household_id) v USING (household_id)
     WHERE coalesce(v.c, 0) <> h.voters;
    IF n > 0 THEN
        RAISE EXCEPTION 'synthetic voter file: % households whose voter count is wrong', n;
    END IF;
    SELECT count(*) INTO n
      FROM (SELECT building_id, max(units) AS units, count(*) AS c,
                   count(DISTINCT ST_AsBinary(geom)) AS points, count(DISTINCT precinct_id) AS precincts
            FROM ga6.household GROUP BY building_id) b
     WHERE units <> c OR points <> 1 OR precincts <> 1;
    IF n > 0 THEN
        RAISE EXCEPTION 'synthetic voter file: % buildings with inconsistent units or points', n;
    END IF;

    -- every household point lies inside its own precinct polygon
    SELECT count(*) INTO n
      FROM (SELECT DISTINCT ON (building_id) building_id, precinct_id, geom FROM ga6.household ORDER BY building_id) b
      JOIN ga6.precinct p USING (precinct_id)
     WHERE NOT ST_Intersects(p.geom, b.geom);
    IF n > 0 THEN
        RAISE EXCEPTION 'synthetic voter file: % building points outside their precinct polygon', n;
    END IF;

    -- party support: mean over each precinct's runoff voters near Ossoff's real share
    SELECT max(abs(s.mean_support - r.share)) INTO dev
      FROM (SELECT v.county, v.precinct, avg(v.party_support) AS mean_support
            FROM ga6.voter v JOIN ga6.vote_history h
              ON h.voter_id = v.voter_id AND h.election_date = '2017-06-20'
            GROUP BY v.county, v.precinct) s
      JOIN (SELECT county, precinct,
                   sum(votes) FILTER (WHERE party = 'DEM')::float8 / sum(votes) AS share
            FROM ga6.precinct_result WHERE election_date = '2017-06-20'
            GROUP BY county, precinct) r USING (county, precinct);
    IF dev > 0.01 THEN
        RAISE EXCEPTION 'synthetic voter file: mean party support of runoff voters is % points off the real share in some precinct',
            round((100 * dev)::numeric, 2);
    END IF;

    RAISE NOTICE 'synthetic voter file checks passed: voters and vote history match every precinct count; largest gap between mean support of runoff voters and Ossoff''s share: % points',
        round((100 * dev)::numeric, 2);
END
$$;
