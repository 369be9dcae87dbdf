--
-- apportion: integer split of a total by largest remainder (Hamilton).
-- Expected values: DOMAIN.md's Hamilton examples and the hand computations
-- in the comments (quota = total * weight / sum of weights; floors first,
-- then one more to the largest remainders; ties to the larger weight, then
-- to the earlier row).
--

-- Array form: DOMAIN.md section 2.
SELECT canvass.apportion(101, ARRAY[1, 1, 1]::float8[] ) AS "34,34,33";   -- 33.67 each
SELECT canvass.apportion(7, ARRAY[.5, .3, .2]) AS "4,2,1";                -- 3.5 2.1 1.4
SELECT canvass.apportion(10, ARRAY[.62, .27, .11]) AS "6,3,1";            -- 6.2 2.7 1.1
SELECT canvass.apportion(1, ARRAY[.2, .5, .3]) AS "0,1,0";                -- .2 .5 .3

-- Hand computations.
SELECT canvass.apportion(10, ARRAY[1, 3]) AS "2,8";        -- 2.5 7.5: tie, larger weight
SELECT canvass.apportion(10, ARRAY[3, 1]) AS "8,2";        -- same, other order
SELECT canvass.apportion(3, ARRAY[1, 1, 1, 1]) AS "1,1,1,0";  -- .75 each, by position
SELECT canvass.apportion(5, ARRAY[0, 0]) AS "3,2";         -- all zero: even split
SELECT canvass.apportion(10, ARRAY[0, 1, 0]) AS "0,10,0";  -- zero beside positive
SELECT canvass.apportion(0, ARRAY[.4, .6]) AS "0,0";       -- nothing to split
-- 2^62 = 4611686018427387904 = 3 * 1537228672809129301 + 1
SELECT canvass.apportion(4611686018427387904, ARRAY[1, 1, 1]);
-- 2^63 - 1 over halves: 4611686018427387903.5 each, the first takes the odd one
SELECT canvass.apportion(9223372036854775807, ARRAY[.5, .5]);

-- NULL elements stay NULL and take no part; bounds are kept.
SELECT canvass.apportion(10, ARRAY[1, NULL, 1]) AS "5,NULL,5";
SELECT canvass.apportion(3, '[0:2]={1,2,NULL}'::float8[]) AS "[0:2]={1,2,NULL}";
SELECT canvass.apportion(5, ARRAY[NULL, NULL]::float8[]) AS "NULL,NULL";
SELECT canvass.apportion(5, '{}'::float8[]) AS "empty";
-- STRICT: a NULL total or array gives NULL.
SELECT canvass.apportion(NULL, ARRAY[1, 2]) IS NULL AS "null total",
       canvass.apportion(5, NULL::float8[]) IS NULL AS "null array";

-- Bad input: each with its message, detail and hint.
SELECT canvass.apportion(-1, ARRAY[1, 2]);
SELECT canvass.apportion(5, '{1,NaN}'::float8[]);
SELECT canvass.apportion(5, '{1,Infinity}'::float8[]);
SELECT canvass.apportion(5, '{-Infinity,1}'::float8[]);
SELECT canvass.apportion(5, '[3:4]={1,-0.5}'::float8[]);
SELECT canvass.apportion(5, ARRAY[[1, 2], [3, 4]]);
SELECT canvass.apportion(5, ARRAY['a', 'b']);

-- Window form: the same examples as partitions.
CREATE TEMP TABLE parts (unit text, part int, total bigint, weight float8);
INSERT INTO parts VALUES
  ('thirds', 1, 101, 1), ('thirds', 2, 101, 1), ('thirds', 3, 101, 1),
  ('halves', 1, 7, .5), ('halves', 2, 7, .3), ('halves', 3, 7, .2),
  ('tie', 1, 10, 1), ('tie', 2, 10, 3),
  ('quarters', 1, 3, 1), ('quarters', 2, 3, 1), ('quarters', 3, 3, 1), ('quarters', 4, 3, 1),
  ('zeros', 1, 5, 0), ('zeros', 2, 5, 0),
  ('nulls', 1, 10, 1), ('nulls', 2, 10, NULL), ('nulls', 3, 10, 1),
  ('all null', 1, 4, NULL), ('all null', 2, 4, NULL),
  ('null total', 1, NULL, 1), ('null total', 2, NULL, 2);

-- thirds 34,34,33; halves 4,2,1; tie 2,8; quarters 1,1,1,0; zeros 3,2;
-- nulls 5,NULL,5; all null and null total: NULL.
SELECT unit, part, weight,
       canvass.apportion(total, weight) OVER (PARTITION BY unit ORDER BY part)
FROM parts ORDER BY unit, part;

-- Window order breaks exact ties: descending order moves the extra seats.
SELECT unit, part,
       canvass.apportion(total, weight) OVER (PARTITION BY unit ORDER BY part DESC)
FROM parts WHERE unit IN ('quarters', 'zeros') ORDER BY unit, part;

-- The whole partition is used whatever the frame; shares add up to the total.
SELECT unit, sum(share) AS total
FROM (SELECT unit, canvass.apportion(total, weight)
        OVER (PARTITION BY unit ORDER BY part ROWS BETWEEN CURRENT ROW AND CURRENT ROW) AS share
      FROM parts) s
GROUP BY unit ORDER BY unit;

-- No PARTITION BY: the whole input is one partition.  7 over 1:2:4 is exact.
SELECT w, canvass.apportion(7, w) OVER (ORDER BY w) FROM (VALUES (1.0), (2.0), (4.0)) v(w);

-- Bad input in a partition names the row (1-based, in window order).
SELECT canvass.apportion(total, weight) OVER (PARTITION BY unit ORDER BY part)
FROM (VALUES ('a', 1, 10::bigint, 1.0::float8), ('a', 2, 11, 1.0)) v(unit, part, total, weight);
SELECT canvass.apportion(total, weight) OVER (PARTITION BY unit ORDER BY part)
FROM (VALUES ('a', 1, 10::bigint, 1.0::float8), ('a', 2, NULL, 1.0)) v(unit, part, total, weight);
SELECT canvass.apportion(total, weight) OVER (ORDER BY part)
FROM (VALUES (1, 10::bigint, 1.0::float8), (2, 10, 'NaN'), (3, 10, -1)) v(part, total, weight);
SELECT canvass.apportion(total, weight) OVER (ORDER BY part)
FROM (VALUES (1, -10::bigint, 1.0::float8)) v(part, total, weight);
SELECT canvass.apportion(total, weight) OVER (ORDER BY part)
FROM (VALUES (1, 10::bigint, '-Infinity'::float8)) v(part, total, weight);
-- A window function needs OVER.
SELECT canvass.apportion(10, 1.0::float8);
