# tap.sh: TAP helpers for the shell tests in test/sh, sourced.  The tests
# run with a private cluster up (PGHOST, PGPORT, PGUSER set) and PG_BIN
# naming its binaries.
tap_n=0
tap_failed=0
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -tA)

# ok COND_STATUS NAME: reports the exit status of the last check.
ok() {
    tap_n=$((tap_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $tap_n - $2"; else echo "not ok $tap_n - $2"; tap_failed=$((tap_failed + 1)); fi
}

# is GOT WANT NAME
is() {
    if [ "$1" = "$2" ]; then ok 0 "$3"; else ok 1 "$3"; printf '#   got:  %s\n#   want: %s\n' "$1" "$2"; fi
}

# done_testing: the plan line and the exit status.
done_testing() {
    echo "1..$tap_n"
    [ $tap_failed -eq 0 ]
}
