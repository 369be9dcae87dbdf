#!/usr/bin/env bash
# report_png.sh: doc/report.png, the picture of the demo's report page in
# README (`make report-png`): the top of demo/out/report.html (the district
# maps and one precinct's turfs) as headless Chromium draws it.  Runs the
# demo first when the page is not there.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
[ -f demo/out/report.html ] || bash demo/run.sh
chromium=$(command -v chromium || command -v chromium-browser) || die "chromium is not installed (Debian package chromium)"
profile=$(mktemp -d "${TMPDIR:-/tmp}/canvass-chromium.XXXXXX")
trap 'rm -rf "$profile"' EXIT
mkdir -p doc
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
    --proxy-server=127.0.0.1:9 --user-data-dir="$profile" --window-size=1200,1640 \
    --screenshot="$PWD/doc/report.png" "file://$PWD/demo/out/report.html" 2>/dev/null
log "wrote doc/report.png"
