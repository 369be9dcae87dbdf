#!/usr/bin/env bash
# The test-only setting canvass.debug_point_reader is superuser-only in
# every session, including those that set it before canvass's library is
# loaded: PostgreSQL keeps such a value as a placeholder, and when the
# library defines the setting (PGC_SUSET) an ordinary role's value is
# dropped with a warning, so the role's geometry is read the 'auto' way
# (a line: 22023 "takes points"), not by the serialized reader.  A
# superuser's placeholder is kept.  (After the library is loaded, SET by
# an ordinary role is 42501: test/pgtap/hardening.sql.)
set -u
. "$(dirname "$0")/tap.sh"
db=canvass_debug_setting
role=canvass_test_debug_plain
"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" 2>/dev/null
"${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" -c "DROP ROLE IF EXISTS $role" \
    -c "CREATE ROLE $role LOGIN" -c "GRANT USAGE ON SCHEMA canvass TO $role" >/dev/null 2>&1
ok $? "a database with canvass and an ordinary role"

line="SELECT canvass.walk_order('LINESTRING(0 0, 1 1)'::geometry) OVER ()"

# Fresh sessions: SET comes before any canvass function loads the library.
out=$("$PG_BIN/psql" -X -q -tA -d "$db" -U "$role" -v VERBOSITY=verbose \
    -c "SET canvass.debug_point_reader = 'serialized'" -c "$line" -c "SHOW canvass.debug_point_reader" 2>&1)
printf '%s\n' "$out" | grep -q '^WARNING:  42501: permission denied to set parameter "canvass.debug_point_reader"'
ok $? "an ordinary role's earlier value is dropped with a 42501 warning as the library loads"
printf '%s\n' "$out" | grep -q '^ERROR:  22023: walk_order takes points, not LineString'
ok $? "... and its line is read the 'auto' way (22023)"
is "$(printf '%s\n' "$out" | tail -1)" "auto" "... and the setting is 'auto'"

out=$("$PG_BIN/psql" -X -q -tA -d "$db" -v VERBOSITY=verbose \
    -c "SET canvass.debug_point_reader = 'serialized'" -c "$line" 2>&1)
printf '%s\n' "$out" | grep -q "^ERROR:  22023: walk_order reads only serialized points when canvass.debug_point_reader is 'serialized'"
ok $? "a superuser's earlier value is kept (the serialized reader's 22023)"

"${PSQL[@]}" -d postgres -c "DROP DATABASE $db" -c "DROP ROLE $role" >/dev/null 2>&1
done_testing
