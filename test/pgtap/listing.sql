-- pgTAP: what `\df canvass.*` lists.  Schema canvass holds only the
-- functions users call, each named in README's Reference table; the
-- support functions of the aggregates live in schema canvass_internal
-- (test/pgtap/hardening.sql).  The names come from README's Reference
-- table (the function names of its first column), not from a list kept
-- here.
\set reference_names `sed -n '/^## Reference$/,/^## [^R]/p' README.md | grep '^| .' | cut -d'|' -f2 | grep -oE '[a-z_]+\(' | tr -d '(' | sort -u`
BEGIN;
SELECT plan(3);

CREATE TEMP TABLE reference_names AS
  SELECT trim(name) AS name FROM regexp_split_to_table(:'reference_names', E'\n') name WHERE trim(name) <> '';

SELECT cmp_ok((SELECT count(*)::int FROM reference_names), '>', 0, 'README''s Reference table is read (names found)');
SELECT is((SELECT array_agg(DISTINCT p.proname::text ORDER BY p.proname::text) FROM pg_proc p
           WHERE p.pronamespace = 'canvass'::regnamespace
             AND p.proname NOT IN (SELECT name FROM reference_names)),
          NULL, 'every function in schema canvass is named in README''s Reference table');
SELECT is((SELECT array_agg(r.name ORDER BY r.name) FROM reference_names r
           WHERE NOT EXISTS (SELECT 1 FROM pg_proc p WHERE p.pronamespace = 'canvass'::regnamespace AND p.proname = r.name)),
          NULL, 'every function README''s Reference table names is in schema canvass');

SELECT * FROM finish();
ROLLBACK;
