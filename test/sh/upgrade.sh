#!/usr/bin/env bash
# Upgrades: every released version (a frozen sql/canvass--X.Y.Z.sql) installs,
# updates through the chain of upgrade scripts to the current version, and
# then has exactly the objects of a fresh install of the current version:
# the same functions with the same labels, bodies and aggregate support
# functions, the same types, casts and privileges, in the same schemas (the
# aggregates' support functions in canvass_internal).
set -u
. "$(dirname "$0")/tap.sh"

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" canvass.control)
released=$(ls sql/canvass--*.sql | sed -n 's|^sql/canvass--\([0-9.]*\)\.sql$|\1|p' | grep -vx "$current" | sort -V)

# One line per object of the extension, in a canonical order.
describe="
SELECT string_agg(line, E'\n' ORDER BY line) FROM (
  SELECT pg_describe_object(d.classid, d.objid, d.objsubid) ||
         coalesce(' | ' || (SELECT concat_ws(' ', p.prokind, p.provolatile, p.proparallel, p.proisstrict,
                                             p.prosecdef, p.prorettype::regtype, p.proretset, p.probin, p.prosrc,
                                             pg_get_function_arguments(p.oid), p.proacl)
                            FROM pg_proc p WHERE d.classid = 'pg_proc'::regclass AND p.oid = d.objid), '') ||
         coalesce(' | ' || (SELECT concat_ws(' ', a.aggtransfn, a.aggfinalfn, a.aggcombinefn, a.aggserialfn,
                                             a.aggdeserialfn, a.aggtranstype::regtype, a.agginitval, a.aggkind)
                            FROM pg_aggregate a WHERE d.classid = 'pg_proc'::regclass AND a.aggfnoid = d.objid), '') AS line
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
  WHERE e.extname = 'canvass' AND d.deptype = 'e'
  UNION ALL
  SELECT 'schema ' || nspname || ' owner ' || nspowner::regrole || ' acl ' || coalesce(nspacl::text, '')
  FROM pg_namespace WHERE nspname IN ('canvass', 'canvass_internal')
) s"

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS canvass_fresh" -c "CREATE DATABASE canvass_fresh"
"${PSQL[@]}" -d canvass_fresh -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
ok $? "fresh install of $current"
fresh=$("${PSQL[@]}" -d canvass_fresh -c "$describe")
[ -n "$fresh" ]
ok $? "a fresh install has objects to compare"

[ -n "$released" ]
ok $? "there is at least one earlier release to update from"
for v in $released; do
    db=canvass_from_${v//./_}
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
    "${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass VERSION '$v' CASCADE" >/dev/null 2>&1
    ok $? "install release $v"
    "${PSQL[@]}" -d "$db" -c "ALTER EXTENSION canvass UPDATE"
    ok $? "update $v to the current version through the chain"
    is "$("${PSQL[@]}" -d "$db" -c "SELECT extversion FROM pg_extension WHERE extname = 'canvass'")" "$current" \
       "release $v updated reports version $current"
    upgraded=$("${PSQL[@]}" -d "$db" -c "$describe")
    if [ "$upgraded" = "$fresh" ]; then
        ok 0 "release $v updated to $current has the objects of a fresh install"
    else
        ok 1 "release $v updated to $current has the objects of a fresh install"
        echo "# A part of sql/parts new in $current needs the first line '-- canvass-since: $current'"
        echo "# so that make puts it in the upgrade script too.  Fresh (<) against updated (>):"
        diff <(printf '%s\n' "$fresh") <(printf '%s\n' "$upgraded") | head -20 | sed 's/^/# /'
    fi
    "${PSQL[@]}" -d postgres -c "DROP DATABASE $db"
done
"${PSQL[@]}" -d postgres -c "DROP DATABASE canvass_fresh"
done_testing
