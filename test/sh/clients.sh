#!/usr/bin/env bash
# Clients: canvass driven from Python as an analyst drives it, through
# psycopg2 and psycopg 3 (text and binary parameters), with their own
# adaptation of Python values: a list of str (sent as text[] by psycopg2,
# untyped by psycopg 3), a list of datetime.date (date[]), an empty list,
# Decimal and int totals, and typed rows read back as Python values.  Each
# expected value is worked out by hand in the comment above it.  A client
# module that is not installed (Debian: python3-psycopg2, python3-psycopg)
# is a TAP skip.
set -u
. "$(dirname "$0")/tap.sh"

py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3)
if [ -z "$py" ]; then
    echo "1..0 # SKIP no python3"
    exit 0
fi

"${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS canvass_clients" -c "CREATE DATABASE canvass_clients"
"${PSQL[@]}" -d canvass_clients -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
ok $? "canvass installs in a database for the clients"

# The Python side prints TAP lines without numbers ("ok - name"); they are
# numbered here, after the line above.
out=$(PGDATABASE=canvass_clients "$py" - <<'EOF'
import datetime
import decimal
import importlib

D = datetime.date

# README's propensity example: calendar 2016-11-08, 2018-11-06 (generals),
# 2020-03-03 (primary), 2020-11-03 (general); registered 2017-01-01; voted
# 2018-11-06 and 2020-03-03.  2016 does not count; weights
# 2^(-728/365.25/4) = 0.70795, 0.5 x 2^(-245/365.25/4) = 0.44513, 1:
# (0.70795 + 0.44513) / 2.15308 = 0.53555.
cal = ['2016-11-08', '2018-11-06', '2020-03-03', '2020-11-03']
kinds = ['general', 'general', 'primary', 'general']
voted = ['2018-11-06', '2020-03-03']
cal_d = [D.fromisoformat(x) for x in cal]
voted_d = [D.fromisoformat(x) for x in voted]

checks = [
    ('propensity, dates as lists of str',
     'SELECT round(canvass.propensity(%s, %s, %s, %s, target_kind => %s)::numeric, 5)',
     (voted, '2017-01-01', cal, kinds, 'general'), decimal.Decimal('0.53555')),
    ('propensity, dates as lists of datetime.date',
     'SELECT round(canvass.propensity(%s, %s, %s, %s, target_kind => %s)::numeric, 5)',
     (voted_d, D(2017, 1, 1), cal_d, kinds, 'general'), decimal.Decimal('0.53555')),
    ('propensity, str dates with a datetime.date registration',
     'SELECT round(canvass.propensity(%s, %s, %s, %s, target_kind => %s)::numeric, 5)',
     (voted, D(2017, 1, 1), cal, kinds, 'general'), decimal.Decimal('0.53555')),
    # no election in an empty calendar counts: NULL
    ('propensity, empty lists: None',
     'SELECT canvass.propensity(%s, %s, %s, %s)', ([], None, [], []), None),
    # the last 2 elections are 2020-03-03 and 2020-11-03: voted in 1
    ('votes_in_last, lists of str', 'SELECT canvass.votes_in_last(%s, %s, %s)', (voted, cal, 2), 1),
    ('votes_in_last, lists of datetime.date', 'SELECT canvass.votes_in_last(%s, %s, %s)', (voted_d, cal_d, 2), 1),
    ('votes_in_last, an empty voted list', 'SELECT canvass.votes_in_last(%s, %s, %s)', ([], cal, 4), 0),
    # marks X, blank, D, X: the first, third and fourth days
    ('voted_dates, a calendar of str', 'SELECT canvass.voted_dates(%s, %s)',
     (['X', '', 'D', 'X'], cal), [D(2016, 11, 8), D(2020, 3, 3), D(2020, 11, 3)]),
    ('voted_dates, a calendar of datetime.date', 'SELECT canvass.voted_dates(%s, %s)',
     (['X', '', 'D', 'X'], cal_d), [D(2016, 11, 8), D(2020, 3, 3), D(2020, 11, 3)]),
    # a str that is no ISO date: 22007, naming the element
    ('a date written 11/03/2020 is refused with 22007',
     'SELECT canvass.votes_in_last(%s, %s, %s)', (['11/03/2020'], cal, 2), ('22007', 'voted element 1')),
    # 100 by 1 : 3 is 25 : 75; an empty list of weights shares nothing
    ('apportion, a Decimal total', 'SELECT canvass.apportion(%s, %s)', (decimal.Decimal(100), [1.0, 3.0]), [25, 75]),
    ('apportion, an int total and an empty list', 'SELECT canvass.apportion(%s, %s)', (100, []), []),
    ('apportion, a total past 2^31 (bigint)', 'SELECT canvass.apportion(%s, %s)', (3 * 10**9, [1, 2]), [10**9, 2 * 10**9]),
    # Wilson interval of 40 of 100 at 95%, z = 1.959964: centre
    # (0.4 + z^2/200) / (1 + z^2/100) = 0.403698, half-width
    # z sqrt(0.0024 + z^2/40000) / (1 + z^2/100) = 0.094298
    # (statsmodels' proportion_confint(40, 100, method='wilson') agrees).
    ('share_ci read as typed columns', 'SELECT round(lower::numeric, 6), round(upper::numeric, 6) FROM canvass.share_ci(%s, %s)',
     (40, 100), (decimal.Decimal('0.309401'), decimal.Decimal('0.497997'))),
    # p = 0.5, 0.25, 1: expected 1.75, sd sqrt(0.25 + 0.1875 + 0) = 0.661438
    ('expected_turnout_row read as typed columns',
     'SELECT r.voters, r.expected, round(r.sd::numeric, 6) FROM canvass.expected_turnout_row('
     '(SELECT canvass.expected_turnout(p) FROM unnest(%s::float8[]) p)) r',
     ([0.5, 0.25, 1.0],), (3, 1.75, decimal.Decimal('0.661438'))),
]


def run(name, connect, cursor_args):
    try:
        module = importlib.import_module(name)
    except ImportError:
        for label, _, _, _ in checks:
            print(f'ok - {name}: {label} # SKIP {name} is not installed')
        return
    conn = connect(module)
    conn.autocommit = True
    cur = conn.cursor(**cursor_args)
    tag = name + (' (binary)' if cursor_args else '')
    for label, query, params, want in checks:
        try:
            cur.execute(query, params)
            row = cur.fetchone()
            got = row[0] if len(row) == 1 else tuple(row)
        except Exception as e:
            code = getattr(e, 'pgcode', None) or getattr(getattr(e, 'diag', None), 'sqlstate', None)
            got = (code, str(e).splitlines()[0])
            if isinstance(want, tuple) and len(want) == 2 and isinstance(want[1], str) \
                    and code == want[0] and want[1] in got[1]:
                got = want
        if got == want:
            print(f'ok - {tag}: {label}')
        else:
            print(f'not ok - {tag}: {label}')
            print(f'#   got:  {got!r}')
            print(f'#   want: {want!r}')
    conn.close()


run('psycopg2', lambda m: m.connect(''), {})
run('psycopg', lambda m: m.connect(''), {})
run('psycopg', lambda m: m.connect(''), {'binary': True})
EOF
)
while IFS= read -r line; do
    case $line in
        'ok - '*) tap_n=$((tap_n + 1)); echo "ok $tap_n - ${line#ok - }" ;;
        'not ok - '*) tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - ${line#not ok - }" ;;
        *) echo "$line" ;;
    esac
done <<<"$out"
[ -n "$out" ]
ok $? "the Python side ran"

"${PSQL[@]}" -d postgres -c "DROP DATABASE canvass_clients"
done_testing
