#!/usr/bin/env bash
# The GA-6 report page (demo/report_html.sql) and a turf packet
# (canvass.turf_packet), rendered by headless Chromium with the network
# shut off: each gets a screenshot PNG, and the page Chromium built (its DOM,
# dumped with --dump-dom) is checked: one map path per precinct on both
# district maps (216 polygons, data/ga6_2017/README.md), one region per
# turf of the precinct shown and one route per turf of two stops or more
# (the counts the cut itself gives, in the map's data attributes), the
# numbered stops of the packet (as many as its summary says), and no
# resource asked for outside the file (no src, href or url(), and no
# failed load in Chromium's log).
#
# The pages come from test/sh/ga6_scenarios.sh, which runs the whole demo
# and writes them into $TEST_TMP/ga6_report; run alone, this test runs the
# demo itself first.
set -u
. "$(dirname "$0")/tap.sh"
dir=${TEST_TMP:-/tmp}/ga6_report
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}

if [ ! -f "$dir/report.html" ]; then
    db=canvass_render_test
    "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
    "${PSQL[@]}" -d "$db" -c "CREATE EXTENSION canvass CASCADE" >/dev/null 2>&1
    "${PSQL[@]}" -d "$db" -f demo/ga6.sql >/dev/null 2>&1 &&
        "${PSQL[@]}" -d "$db" -v out="$dir" -f demo/report_html.sql >/dev/null 2>&1
    ok $? "the demo and its page run (demo/ga6.sql, demo/report_html.sql)"
    "${PSQL[@]}" -d postgres -c "DROP DATABASE $db" >/dev/null
fi
packet=$(ls "$dir"/packets/*.html 2>/dev/null | head -1)
[ -f "$dir/report.html" ] && [ -n "$packet" ]
ok $? "the report and the packets are written ($dir)"
[ -x "$chromium" ]
ok $? "headless Chromium is installed (Debian package chromium)"

# render FILE: the screenshot FILE.png, the DOM FILE.dom and the log FILE.log.
# No network: every proxy lookup goes to a closed port, and the page is a
# local file with no resource of its own to fetch.
render() {
    local f=$1 size=$2 flags
    flags=(--headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check
           --disable-extensions --disable-background-networking --disable-sync
           --proxy-server=127.0.0.1:9 --proxy-bypass-list='<-loopback>'
           --user-data-dir="$TEST_TMP/chromium-profile" --enable-logging=stderr --v=0
           --hide-scrollbars --window-size="$size")
    timeout 120 "$chromium" "${flags[@]}" --screenshot="$f.png" "file://$f" >"$f.log" 2>&1 &&
        timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$f" >"$f.dom" 2>>"$f.log"
}
count() { grep -o "$2" "$1" | wc -l; }

render "$dir/report.html" 1200,2600
ok $? "Chromium renders the report"
[ -s "$dir/report.html.png" ] && [ "$(head -c 8 "$dir/report.html.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
ok $? "the report's screenshot is a PNG ($dir/report.html.png)"
dom=$dir/report.html.dom
is "$(count "$dom" '<path class="precinct"')" 216 "margin map: one path per precinct (216)"
is "$(count "$dom" '<path class="goal"')" 216 "goal map: one path per precinct (216)"
is "$(count "$dom" '<path class="district"')" 2 "both maps outline the district"
is "$(count "$dom" 'class="\(precinct\|goal\)" data-precinct="[^"]*" fill="#[0-9a-f]\{6\}" d="M')" 432 \
   "every precinct path of both maps is filled with a colour and drawn"
turfs=$(grep -o 'id="turf-map"[^>]*' "$dom" | sed -E 's/.*data-turfs="([0-9]+)".*/\1/')
routes=$(grep -o 'id="turf-map"[^>]*' "$dom" | sed -E 's/.*data-routes="([0-9]+)".*/\1/')
[ -n "$turfs" ] && [ "$turfs" -ge 8 ] && [ "$turfs" -le 12 ]
ok $? "the precinct shown has 8 to 12 turfs (it has ${turfs:-none})"
is "$(count "$dom" '<path class="turf-region"')" "$turfs" "turf map: one region per turf of the cut"
is "$(count "$dom" '<path class="route"')" "$routes" "turf map: one route per turf of two stops or more"
is "$(count "$dom" '<text class="turf-label"')" "$turfs" "turf map: every turf numbered"
[ "$(count "$dom" '<table')" -ge 8 ]
ok $? "the text report's tables are there ($(count "$dom" '<table') tables)"
is "$(grep -cE '(src|href)=|url\(|@import' "$dir/report.html")" 0 "the report asks for no outside resource"
is "$(grep -ciE 'Failed to load resource|net::ERR' "$dir/report.html.log")" 0 "Chromium's log shows no failed load"

render "$packet" 850,1100
ok $? "Chromium renders a packet"
[ -s "$packet.png" ]
ok $? "the packet's screenshot is written ($packet.png)"
pdom=$packet.dom
stops=$(grep -oE '[0-9]+ doors, [0-9]+ stops' "$pdom" | sed -E 's/.* ([0-9]+) stops/\1/')
doors=$(grep -oE '[0-9]+ doors, [0-9]+ stops' "$pdom" | sed -E 's/^([0-9]+) doors.*/\1/')
[ -n "$stops" ] && [ "$stops" -gt 1 ]
ok $? "the packet's summary counts its stops (${stops:-none})"
is "$(count "$pdom" '<g class="stop')" "$stops" "packet map: one numbered marker per stop"
is "$(count "$pdom" '<g class="stop start"')" 1 "packet map: one start"
# The stop labels as "cx cy r number", one a line, from the DOM Chromium built.
labels=$(grep -oE '<g class="stop[^"]*"[^>]*><circle cx="[^"]*" cy="[^"]*" r="[^"]*"(/>|></circle>)<text[^>]*>[^<]*</text>' "$pdom" |
         sed -E 's/.*cx="([^"]*)" cy="([^"]*)" r="([^"]*)".*>([^<]*)<\/text>$/\1 \2 \3 \4/')
is "$(printf '%s\n' "$labels" | grep -c .)" "$stops" "packet map: every stop label read from the DOM (circle and number)"
# Each stop's number once: the labels' numbers are the walk list's knock
# numbers, each once.
is "$(printf '%s\n' "$labels" | awk '{print $4}' | sort -n | tr '\n' ' ')" \
   "$(grep -oE '<td class="knock">[0-9-]+' "$pdom" | sed 's/.*>//' | sort -n | uniq | tr '\n' ' ')" \
   "packet map: every stop's number shown once"
# No two label circles overlap: centres at least r1 + r2 apart.
overlaps=$(printf '%s\n' "$labels" | awk '{x[NR]=$1; y[NR]=$2; r[NR]=$3; k[NR]=$4}
    END {for (i = 1; i <= NR; i++) for (j = i + 1; j <= NR; j++)
             if ((x[i]-x[j])^2 + (y[i]-y[j])^2 < (r[i]+r[j])^2) print k[i] "/" k[j]}')
is "$overlaps" "" "packet map: no two stop labels overlap (pairs overlapping: ${overlaps:-none})"
is "$(count "$pdom" '<path class="route"')" 1 "packet map: the route drawn"
is "$(count "$pdom" '<path class="region"')" 1 "packet map: the turf's region drawn"
is "$(count "$pdom" '<td class="knock">')" "$doors" "walk list: one row per door"
is "$(grep -cE '(src|href)=|url\(|@import' "$packet")" 0 "the packet asks for no outside resource"
is "$(grep -ciE 'Failed to load resource|net::ERR' "$packet.log")" 0 "Chromium's log shows no failed load for the packet"
done_testing
