-- pgTAP: election dates as text.  psycopg2 and psycopg send a Python list
-- of str as text[] and an empty list as an untyped '{}'; propensity,
-- votes_in_last and voted_dates take them (before: 42883, no function
-- matches), read each element as a date written YYYY-MM-DD, and give what
-- the date[] form gives on the same dates.  Untyped literals stay
-- unambiguous: they go to the text forms, typed date[] arrays to the date[]
-- forms.  Expected values are counted by hand in the comments.
\i test/helpers.sql
BEGIN;
SELECT plan(43);

-- matrix: canvass.propensity(text[],date,text[],text[],text,double precision,double precision)
-- matrix: canvass.propensity(text,date,text,text[],text,double precision,double precision)
-- matrix: canvass.votes_in_last(text[],text[],integer)
-- matrix: canvass.votes_in_last(text,text,integer)
-- matrix: canvass.voted_dates(text[],text[])
-- matrix: canvass.voted_dates(text[],text)

-- "n of the last m": the last 2 of the calendar 2018-11-06, 2020-11-03,
-- 2022-11-08 are 2020-11-03 and 2022-11-08; a voter who voted on 2020-11-03
-- voted in 1 of them.
SELECT is(canvass.votes_in_last(ARRAY['2020-11-03'], ARRAY['2018-11-06', '2020-11-03', '2022-11-08'], 2), 1,
          'votes_in_last with text[] dates, as psycopg sends a list of str: 1 of the last 2');
SELECT is(canvass.votes_in_last('{2020-11-03}', '{2018-11-06,2020-11-03,2022-11-08}', 2), 1,
          'votes_in_last with untyped literals is not ambiguous: 1 of the last 2');
SELECT is(canvass.votes_in_last('{2020-11-03}', '{2018-11-06,2020-11-03,2022-11-08}'::date[], 2), 1,
          'an untyped voted beside a date[] calendar: 1 of the last 2');
SELECT is(canvass.votes_in_last(ARRAY['2020-11-03'], '{2018-11-06,2020-11-03,2022-11-08}', 2), 1,
          'a text[] voted beside an untyped calendar: 1 of the last 2');
SELECT is(canvass.votes_in_last(voted => ARRAY['2020-11-03', NULL], elections => ARRAY['2018-11-06', '2020-11-03'], m => 2), 1,
          'named arguments, and a NULL element of voted ignored as in the date[] form: 1 of the last 2');

-- A constant calendar over several rows: the executor fills a constant
-- argument once per query, and every row reads it as it came.  Marks X, blank,
-- then NULL, X, then D, X against 2013-05-07, 2015-11-03.
SELECT is((SELECT array_agg(canvass.voted_dates(ARRAY[a, b], '{2013-05-07,2015-11-03}')::text ORDER BY i)
           FROM (VALUES (1, 'X', ''), (2, NULL, 'X'), (3, 'D', 'X')) v(i, a, b)),
          ARRAY['{2013-05-07}', '{2015-11-03}', '{2013-05-07,2015-11-03}'],
          'a constant literal calendar over three rows: each row''s marked days');

-- Which form an argument reaches: a date[] goes to the date[] form, which
-- reads 11/03/2020 under DateStyle MDY; the text forms read YYYY-MM-DD only,
-- so an untyped '{11/03/2020}' now reaches a text form and is refused.
SET LOCAL DateStyle = 'ISO, MDY';
SELECT is(canvass.votes_in_last('{11/03/2020}'::date[], '{2018-11-06,2020-11-03,2022-11-08}'::date[], 2), 1,
          'a typed date[] reaches the date[] form');
SELECT is(pg_temp.error_of($$SELECT canvass.votes_in_last('{2020-11-03}', '{2018-11-06,11/03/2020}', 2)$$),
          E'22007\nvotes_in_last elections element 2 is not a date written YYYY-MM-DD: "11/03/2020"'
          '\nDates passed as text are read in the ISO form year-month-day only, such as 2020-11-03.'
          '\nWrite the dates as YYYY-MM-DD, or pass a date[]: send date values (datetime.date in Python) rather than strings, or cast the array with ::date[].',
          'an untyped literal reaches a text form: another date style is 22007, naming the element and the fix');

-- propensity, README's example by hand: calendar 2016-11-08, 2018-11-06
-- (generals), 2020-03-03 (primary), 2020-11-03 (general); registered
-- 2017-01-01, voted 2018-11-06 and 2020-03-03.  2016 does not count;
-- weights 2^(-728/365.25/4) = 0.7079 (2018), 0.5 x 2^(-245/365.25/4) =
-- 0.4451 (primary), 1 (2020-11-03): (0.7079 + 0.4451) / 2.1531 = 0.5355.
CREATE TEMP TABLE hist AS SELECT
  ARRAY['2018-11-06', '2020-03-03'] AS voted,
  ARRAY['2016-11-08', '2018-11-06', '2020-03-03', '2020-11-03'] AS cal,
  ARRAY['general', 'general', 'primary', 'general'] AS kinds;
SELECT is((SELECT round(canvass.propensity(voted, '2017-01-01', cal, kinds, target_kind => 'general')::numeric, 4) FROM hist),
          0.5355, 'propensity with text[] dates: 0.5355, as computed by hand');
SELECT is((SELECT canvass.propensity(voted, '2017-01-01', cal, kinds, 'general', 4, 0.5) FROM hist),
          (SELECT canvass.propensity(voted::date[], '2017-01-01', cal::date[], kinds, 'general', 4, 0.5) FROM hist),
          'propensity with text[] dates equals the date[] form to the last bit');
SELECT is(round(canvass.propensity('{2018-11-06,2020-03-03}', '2017-01-01', '{2016-11-08,2018-11-06,2020-03-03,2020-11-03}',
                                   '{general,general,primary,general}', target_kind => 'general')::numeric, 4),
          0.5355, 'propensity with untyped literals is not ambiguous: 0.5355');
-- registered NULL: 2016 counts too, weight 2^(-1456/365.25/4) = 0.5012:
-- 1.1531 / (0.5012 + 2.1531) = 0.4344.
SELECT is((SELECT round(canvass.propensity(voted, NULL, cal, kinds, 'general')::numeric, 4) FROM hist), 0.4344,
          'propensity with text[] dates, registered NULL: 0.4344, as computed by hand');

-- voted_dates: marks X, blank, D against three dates: the first and third.
SELECT is(canvass.voted_dates(ARRAY['X', '', 'D'], ARRAY['2018-11-06', '2020-11-03', '2022-11-08']),
          '{2018-11-06,2022-11-08}'::date[], 'voted_dates with a text[] calendar: the marked days');
SELECT is(canvass.voted_dates(ARRAY['X', '', 'D'], '{2018-11-06,2020-11-03,2022-11-08}'),
          '{2018-11-06,2022-11-08}'::date[], 'voted_dates with an untyped calendar is not ambiguous');

-- Empty lists, as a client sends [].
SELECT is(canvass.votes_in_last('{}', '{}', 2), 0, 'untyped empty arrays: 0 votes');
SELECT is(canvass.votes_in_last(ARRAY[]::text[], ARRAY[]::text[], 2), 0, 'empty text[] arrays: 0 votes');
SELECT is(canvass.propensity(ARRAY[]::text[], NULL, ARRAY[]::text[], ARRAY[]::text[]), NULL,
          'propensity over an empty calendar: NULL, no election counts');
SELECT is(canvass.voted_dates(ARRAY[]::text[], '{}'), '{}'::date[], 'voted_dates of nothing: an empty array');

-- NULL in each argument, as the date[] forms treat it.
SELECT is(canvass.votes_in_last(NULL::text[], ARRAY['2018-11-06', '2020-11-03'], 2), 0, 'voted NULL: no vote, 0');
SELECT is(canvass.votes_in_last(ARRAY['2020-11-03'], NULL::text[], 2), NULL, 'elections NULL: NULL');
SELECT is(canvass.votes_in_last(ARRAY['2020-11-03'], ARRAY['2020-11-03'], NULL), NULL, 'm NULL: NULL');
SELECT is(canvass.votes_in_last(NULL, NULL, 2), NULL, 'untyped NULLs resolve (to the text form): NULL');
SELECT is((SELECT canvass.propensity(NULL::text[], '2017-01-01', cal, kinds) FROM hist), 0::float8,
          'propensity, voted NULL: eligible elections, none voted: 0');
SELECT is((SELECT canvass.propensity(voted, '2017-01-01', NULL::text[], kinds) FROM hist), NULL, 'propensity, elections NULL: NULL');
SELECT is((SELECT canvass.propensity(voted, '2017-01-01', cal, NULL) FROM hist), NULL, 'propensity, kinds NULL: NULL');
SELECT is(canvass.voted_dates(NULL, ARRAY['2020-11-03']), NULL, 'voted_dates is strict: NULL marks, NULL');
SELECT is(canvass.voted_dates(ARRAY['X'], NULL::text[]), NULL, 'voted_dates is strict: NULL elections, NULL');
SELECT is(pg_temp.error_of($$SELECT canvass.votes_in_last(ARRAY['2020-11-03'], ARRAY['2020-11-03', NULL], 2)$$),
          E'22004\nelection calendar must not contain NULL\nElement 2 is NULL.\nList every election of the calendar with its date.',
          'a NULL calendar element is 22004, as in the date[] form');

-- Elements that are not dates.  A day past its month's end is 22008 as
-- PostgreSQL's date input gives it; 2021 is not a leap year (28 days in
-- February), 2020 is (29).
SELECT is(pg_temp.error_of($$SELECT canvass.votes_in_last(ARRAY['2020-11-03', '2021-02-29'], ARRAY['2020-11-03'], 2)$$),
          E'22008\nvotes_in_last voted element 2 is not a date: "2021-02-29"\nMonth 02 of 2021 has 28 days.'
          '\nCorrect the date, or pass a date[] built from date values.',
          '2021-02-29 is 22008, naming the element');
SELECT is(canvass.votes_in_last(ARRAY['2020-02-29'], ARRAY['2020-02-29'], 1), 1, '2020-02-29 is a date (leap year)');
SELECT is(pg_temp.error_of($$SELECT canvass.voted_dates(ARRAY['X'], ARRAY['2020-13-01'])$$),
          E'22008\nvoted_dates elections element 1 is not a date: "2020-13-01"\nThere is no month 13.'
          '\nCorrect the date, or pass a date[] built from date values.', 'month 13 is 22008');
SELECT is(pg_temp.error_of($$SELECT canvass.voted_dates(ARRAY['X'], ARRAY['0000-01-01'])$$),
          E'22008\nvoted_dates elections element 1 is not a date: "0000-01-01"\nThere is no year 0000; years run from 0001.'
          '\nCorrect the date, or pass a date[] built from date values.', 'year 0000 is 22008');
-- 'today' and 'infinity' would make the answer depend on the clock or mean
-- no election: only YYYY-MM-DD is read, so the functions stay immutable.
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.votes_in_last(ARRAY['today'], ARRAY['2020-11-03'], 1)$$), E'\n', 2),
          'votes_in_last voted element 1 is not a date written YYYY-MM-DD: "today"', '''today'' is 22007');
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.propensity('{2020-11-03}', NULL, '{infinity}', '{general}')$$), E'\n', 2),
          'propensity elections element 1 is not a date written YYYY-MM-DD: "infinity"', '''infinity'' is 22007');
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.votes_in_last(ARRAY[' 2020-11-03'], ARRAY['2020-11-03'], 1)$$), E'\n', 1),
          '22007', 'a leading space is 22007');
SELECT is(split_part(pg_temp.error_of(format('SELECT canvass.votes_in_last(ARRAY[%L], ARRAY[''2020-11-03''], 1)', repeat('9', 100000))), E'\n', 2),
          'votes_in_last voted element 1 is not a date written YYYY-MM-DD: "9999999999999999999999999999999999999999..."',
          'a long element is quoted to its first 40 characters');
SELECT is(pg_temp.error_of($$SELECT canvass.votes_in_last('{2020-11-03}', 'x', 1)$$),
          E'22P02\nmalformed array literal: "x"\nArray value must start with "{" or dimension information.\n',
          'a malformed literal is 22P02, from array input');
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.votes_in_last('{2020-11-03}', '{{2020-11-03},{2020-11-04}}', 1)$$), E'\n', 2),
          'election calendar must be a one-dimensional array', 'a two-dimensional calendar is refused as in the date[] form');
SELECT is(split_part(pg_temp.error_of($$SELECT canvass.votes_in_last(ARRAY['2020-11-03'], ARRAY['2020-11-03', '2020-11-03'], 1)$$), E'\n', 3),
          'Element 2 repeats 2020-11-03.', 'a repeated calendar date is refused as in the date[] form');

-- DateStyle does not change what the text forms read.
SET LOCAL DateStyle = 'SQL, DMY';
SELECT is(canvass.voted_dates(ARRAY['X', 'X'], ARRAY['2020-03-04', '2020-04-03']),
          ARRAY[make_date(2020, 3, 4), make_date(2020, 4, 3)], 'under DateStyle SQL, DMY 2020-03-04 is still March 4');
RESET DateStyle;

SELECT is((SELECT array_agg(DISTINCT provolatile::text || proparallel::text) FROM pg_proc
           WHERE pronamespace = 'canvass'::regnamespace AND proname IN ('propensity', 'votes_in_last', 'voted_dates')),
          ARRAY['is'], 'every form is immutable and parallel safe');

-- A million days written as text: the calendar 1900-01-01 + 0 .. 999,999 and
-- votes on every fourth day; the 1,000 most recent days are offsets 999,000
-- .. 999,999, of which 250 are multiples of 4.
CREATE TEMP TABLE big AS
  SELECT (SELECT array_agg((date '1900-01-01' + i)::text ORDER BY i) FROM generate_series(0, 999999) i) AS cal,
         (SELECT array_agg((date '1900-01-01' + i)::text ORDER BY i) FROM generate_series(0, 999999, 4) i) AS voted;
SELECT is((SELECT canvass.votes_in_last(voted, cal, 1000) FROM big), 250, 'votes_in_last, a million days as text: 250 of the last 1000');
-- Reading text takes 13 bytes per date: 100,000 dates need 1,300,000 bytes,
-- ceil(1,300,000 / 1024) = 1270 kB, past the 1024 kB of max_memory 1MB.
SET LOCAL canvass.max_memory = '1MB';
SELECT is((SELECT pg_temp.error_of(format('SELECT canvass.voted_dates(%L::text[], %L::text[])', array_fill('X'::text, ARRAY[100000]), cal[1:100000])) FROM big),
          E'53400\nvoted_dates would need 1270 kB of working memory, more than canvass.max_memory (1024 kB)'
          '\nThe input has 100000 dates written as text, at about 13 bytes each.'
          '\nPass one voter''s history and the elections it can hold. Or raise the limit for this session, for example SET canvass.max_memory = ''4GB''.',
          'reading a calendar as text is checked against canvass.max_memory');

SELECT * FROM finish();
ROLLBACK;
