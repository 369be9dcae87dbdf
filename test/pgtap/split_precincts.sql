-- pgTAP: the README's split-precinct recipe on the real GA-6 2016 results
-- (data/ga6_2017).  Expected values: the whole-precinct sums published in
-- data/ga6_2017/README.md (Trump 163,743, Clinton 163,147, Johnson 16,717),
-- the published district figure of about Trump +1.5 points, and the exact
-- fractional split computed here in numeric, which the whole-vote split may
-- differ from by less than one vote per split precinct, and each precinct's
-- largest-remainder split written out in numeric.
BEGIN;
SELECT plan(14);

CREATE TABLE general_2016 (county text, precinct text, office text, district text,
  candidate text, party text, votes bigint, election_day bigint,
  absentee_by_mail bigint, advance_in_person bigint, provisional bigint);
\copy general_2016 FROM 'data/ga6_2017/general_2016-11-08_ga6_precinct.csv' WITH (FORMAT csv, HEADER)
CREATE TABLE split_precincts (election_date date, county text, precinct text,
  us_house_6_votes bigint, top_of_ticket_office text, top_of_ticket_votes bigint, ratio float8);
\copy split_precincts FROM 'data/ga6_2017/split_precincts_2016.csv' WITH (FORMAT csv, HEADER)

CREATE TABLE president AS
  SELECT g.county, g.precinct, g.candidate, g.votes, s.us_house_6_votes, s.top_of_ticket_votes,
         CASE WHEN s.precinct IS NULL THEN g.votes
              ELSE (canvass.apportion(g.votes,
                      ARRAY[s.us_house_6_votes, s.top_of_ticket_votes - s.us_house_6_votes]::float8[]))[1]
         END AS inside
  FROM general_2016 g LEFT JOIN split_precincts s USING (county, precinct)
  WHERE g.office = 'President';

SELECT is((SELECT count(DISTINCT (county, precinct)) FROM president WHERE us_house_6_votes IS NOT NULL), 9::bigint,
          'all 9 split precincts join the results');
SELECT results_eq($$SELECT candidate, sum(votes) FROM president GROUP BY candidate ORDER BY candidate$$,
                  $$VALUES ('Donald J. Trump', 163743::numeric), ('Gary Johnson', 16717), ('Hillary Clinton', 163147)$$,
                  'whole-precinct sums: the published 163,743 / 16,717 / 163,147');
-- Largest remainder over two parts, written out: the inside quota q =
-- votes x h / t rounds up when its fraction is above 1/2 (then the outside
-- part's is below), down when below, and a tie (exactly 1/2) goes to the
-- larger weight, h against t - h.
SELECT is((SELECT count(*) FROM (
             SELECT inside, q, us_house_6_votes AS h, top_of_ticket_votes AS t
             FROM president, LATERAL (SELECT votes * us_house_6_votes::numeric / top_of_ticket_votes AS q) x
             WHERE top_of_ticket_votes IS NOT NULL) y
           WHERE inside <> CASE WHEN q - floor(q) > 0.5 THEN ceil(q)
                                WHEN q - floor(q) < 0.5 THEN floor(q)
                                WHEN h >= t - h THEN ceil(q) ELSE floor(q) END),
          0::bigint, 'every split part is its largest-remainder share, computed here in numeric');
SELECT is((SELECT max(abs(sum_inside - exact)) < 9 FROM (
             SELECT candidate, sum(inside) AS sum_inside,
                    sum(CASE WHEN top_of_ticket_votes IS NULL THEN votes
                             ELSE votes * us_house_6_votes::numeric / top_of_ticket_votes END) AS exact
             FROM president GROUP BY candidate) x),
          true, 'apportioned totals are within 9 votes of the exact fractional split');
SELECT results_eq($$SELECT candidate, sum(inside) FROM president GROUP BY candidate ORDER BY candidate$$,
                  $$VALUES ('Donald J. Trump', 159995::numeric), ('Gary Johnson', 16143), ('Hillary Clinton', 155023)$$,
                  'apportioned totals as the README shows them');
SELECT is((SELECT round(100.0 * sum(inside) FILTER (WHERE candidate = 'Donald J. Trump') / sum(inside), 1) FROM president),
          48.3, 'Trump 48.3% inside GA-6');
SELECT is((SELECT round(100.0 * sum(inside) FILTER (WHERE candidate = 'Hillary Clinton') / sum(inside), 1) FROM president),
          46.8, 'Clinton 46.8% inside GA-6');
SELECT is((SELECT round(100.0 * (sum(inside) FILTER (WHERE candidate = 'Donald J. Trump')
                                 - sum(inside) FILTER (WHERE candidate = 'Hillary Clinton')) / sum(inside), 1) FROM president),
          1.5, 'Trump +1.5 points: the published district figure (the naive sum gives +0.2)');

-- The README's recipe: each split precinct's candidates x (inside, outside)
-- table rounded with both margins exact by apportion_table.  Checked
-- against the rule written out in numeric: the inside part's total is the
-- largest-remainder share N h / t of the precinct's presidential votes N
-- (a tie to the larger weight); each candidate's inside quota is
-- votes x inside / N; with two parts, the rounding closest to the quotas
-- rounds up the inside quotas with the largest fractions, as many as the
-- inside total needs (rounding one up moves both its cells by 1 - f
-- instead of f).
CREATE TABLE split_table AS
WITH split AS (
  SELECT g.county, g.precinct,
         array_agg(g.candidate ORDER BY g.candidate) AS candidates,
         canvass.apportion_table(array_agg(g.votes ORDER BY g.candidate),
                                 ARRAY[s.us_house_6_votes, s.top_of_ticket_votes - s.us_house_6_votes]::float8[]) AS t
  FROM general_2016 g JOIN split_precincts s USING (county, precinct)
  WHERE g.office = 'President'
  GROUP BY g.county, g.precinct, s.us_house_6_votes, s.top_of_ticket_votes)
SELECT county, precinct, c.candidate, t[c.i][1] AS inside, t[c.i][2] AS outside
FROM split, unnest(candidates) WITH ORDINALITY c(candidate, i);

CREATE TABLE split_rule AS
WITH n AS (
  SELECT county, precinct, sum(votes) AS n, min(us_house_6_votes) AS h, min(top_of_ticket_votes) AS t
  FROM president WHERE us_house_6_votes IS NOT NULL GROUP BY 1, 2),
part AS (
  SELECT county, precinct, n,
         floor(n * h::numeric / t) + CASE WHEN n * h::numeric / t - floor(n * h::numeric / t) > 0.5 THEN 1
                                          WHEN n * h::numeric / t - floor(n * h::numeric / t) < 0.5 THEN 0
                                          WHEN h >= t - h THEN 1 ELSE 0 END AS inside_total
  FROM n),
q AS (
  SELECT p.county, p.precinct, p.candidate, p.votes, part.inside_total,
         p.votes * part.inside_total::numeric / part.n AS q
  FROM president p JOIN part USING (county, precinct)),
ranked AS (
  SELECT *, row_number() OVER (PARTITION BY county, precinct ORDER BY q - floor(q) DESC) AS r,
         inside_total - sum(floor(q)) OVER (PARTITION BY county, precinct) AS ups
  FROM q)
SELECT county, precinct, candidate, votes, q, floor(q) + CASE WHEN r <= ups THEN 1 ELSE 0 END AS inside,
       inside_total
FROM ranked;

SELECT is((SELECT count(*) FROM split_table), 27::bigint, '9 split precincts x 3 candidates');
SELECT is((SELECT count(*) FROM split_table t JOIN split_rule r USING (county, precinct, candidate)
           WHERE t.inside + t.outside <> r.votes), 0::bigint, 'every candidate keeps its precinct votes');
SELECT is((SELECT count(*) FROM (SELECT county, precinct, sum(t.inside) AS s, min(r.inside_total) AS want
                                 FROM split_table t JOIN split_rule r USING (county, precinct, candidate)
                                 GROUP BY 1, 2) x WHERE s <> want), 0::bigint,
          'every split precinct''s inside votes add up to its inside share of the presidential votes');
SELECT is((SELECT count(*) FROM split_table t JOIN split_rule r USING (county, precinct, candidate)
           WHERE t.inside <> r.inside), 0::bigint,
          'every inside cell is the closest rounding written out in numeric');
SELECT is((SELECT count(*) FROM (SELECT county, precinct, sum(inside) AS s FROM president
                                 WHERE us_house_6_votes IS NOT NULL GROUP BY 1, 2) x
           JOIN (SELECT county, precinct, min(inside_total) AS want FROM split_rule GROUP BY 1, 2) y USING (county, precinct)
           WHERE s <> want), 1::bigint,
          'the per-candidate recipe misses the inside total in one precinct (Marietta 5B: 1 against 2)');
SELECT results_eq($$SELECT g.candidate, sum(coalesce(t.inside, g.votes))
                    FROM general_2016 g LEFT JOIN split_table t USING (county, precinct, candidate)
                    WHERE g.office = 'President' GROUP BY g.candidate ORDER BY g.candidate$$,
                  $$VALUES ('Donald J. Trump', 159996::numeric), ('Gary Johnson', 16143), ('Hillary Clinton', 155023)$$,
                  'district totals of the table recipe as the README shows them');

SELECT * FROM finish();
ROLLBACK;
