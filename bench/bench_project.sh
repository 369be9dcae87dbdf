# bench_project.sh: speed of canvass.project (`make bench BENCH=project`),
# sourced by bench/run.sh with a cluster running.  A night of 3,000
# precincts x 3 vote methods (9,000 units, three features, half of them
# complete), projected in SQL (best of five runs) and in the C core alone
# (bench/project_speed.c).  Goal: under 100 ms.
"$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 <<'SQL' || die "project benchmark failed"
CREATE TEMP TABLE night AS
SELECT i, (i % 3) AS method,
       round(tb * (1 + mb) / 2)::float8 AS ba, round(tb * (1 - mb) / 2)::float8 AS bb,
       hashint4(i + 7) % 2 = 0 AS complete, tb, mb
FROM (SELECT i, 100 + (abs(hashint4(i)) % 900) AS tb, (abs(hashint4(i + 1)) % 600 - 300) / 1000.0 AS mb
      FROM generate_series(0, 8999) i) s;
CREATE TEMP TABLE t AS
SELECT *, round(tb * (0.8 + 0.1 * method) * (1 + mb + 0.05 * (method - 1)) / 2 * CASE WHEN complete THEN 1 ELSE 0.3 END)::float8 AS a,
          round(tb * (0.8 + 0.1 * method) * (1 - mb - 0.05 * (method - 1)) / 2 * CASE WHEN complete THEN 1 ELSE 0.3 END)::float8 AS b,
          ARRAY[(method = 1)::int, (method = 2)::int, (i / 3) % 7]::float8[] AS x
FROM night;
\timing on
SELECT (canvass.project(a, b, complete, ba, bb, x, 0.9))->'projected'->>'margin' FROM t;
SELECT (canvass.project(a, b, complete, ba, bb, x, 0.9))->'projected'->>'margin' FROM t;
SELECT (canvass.project(a, b, complete, ba, bb, x, 0.9))->'projected'->>'margin' FROM t;
SELECT (canvass.project(a, b, complete, ba, bb, x, 0.9))->'projected'->>'margin' FROM t;
SELECT (canvass.project(a, b, complete, ba, bb, x, 0.9))->'projected'->>'margin' FROM t;
SQL
${CC:-cc} -O2 -Isrc -o "$tmp/project_speed" bench/project_speed.c src/core/project.c src/core/lean.c -lm && "$tmp/project_speed"
