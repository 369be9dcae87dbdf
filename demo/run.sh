#!/usr/bin/env bash
# run.sh: the GA-6 demo (`make demo`); `make demo-stop` stops its server.
#
# Installs what it needs (Debian packages, as root), builds canvass, installs
# it into a private copy of PostgreSQL kept with the demo's cluster in .demo/
# (git-ignored), starts that cluster (or reuses it), loads the real GA-6 data
# and a synthetic voter file into schema ga6, prints the report and writes it
# as a page, demo/out/report.html, with turf packets in demo/out/packets/.  The
# server is left running so the results can be explored with the psql line
# printed at the end.  Running it again rebuilds everything from scratch.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

port=${CANVASS_DEMO_PORT:-54329}
dir=$PWD/.demo
# The server runs as postgres when we are root: it must reach the directory.
if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$PWD" 2>/dev/null; then
    dir=/var/tmp/canvass-demo-$(printf '%s' "$PWD" | md5sum | cut -c1-8)
    log "postgres cannot enter $PWD: the demo cluster lives in $dir"
fi

if [ "${1:-}" = stop ]; then
    PG_BIN=$dir/stage$(pg_config --bindir)
    cluster_stop "$dir"
    log "demo server stopped ($dir)"
    exit 0
fi

ensure_packages
build
mkdir -p "$dir"
chmod 755 "$dir"
stage_install "$dir"
# A server already running keeps the old library in open sessions only; the
# demo's new session loads the one just installed.
cluster_start "$dir" "$port"

psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)
"${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'canvass_demo'" | grep -q 1 \
    || "${psql[@]}" -d postgres -c "CREATE DATABASE canvass_demo"
"${psql[@]}" -d canvass_demo -c "DROP EXTENSION IF EXISTS canvass CASCADE" \
    -c "CREATE EXTENSION canvass CASCADE" 2>&1 | grep -v '^NOTICE' || true

log "running the GA-6 demo"
start=$(date +%s)
"${psql[@]}" -d canvass_demo -f demo/ga6.sql
"${psql[@]}" -d canvass_demo -f demo/night.sql
"${psql[@]}" -d canvass_demo -f demo/report_html.sql
log "demo finished in $(( $(date +%s) - start )) s"
cat <<TXT

Explore the results (schema ga6):
  psql -h $dir -p $port -U postgres canvass_demo
Stop the server with: make demo-stop

The report as a page (maps and tables, one self-contained file; open it in a browser):
  $PWD/demo/out/report.html
Turf packets to print (map with the route and numbered stops, walk list):
  $(ls "$PWD"/demo/out/packets/*.html | tr '\n' ' ')
TXT
