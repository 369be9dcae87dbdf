# common.sh: shell functions shared by test/run.sh, demo/run.sh and bench/,
# sourced, not run.  They install what canvass needs from Debian's packages
# (as root), build and install the extension, and run a private PostgreSQL
# cluster on a Unix socket of its own (listen_addresses='', so it never
# clashes with another server on the machine).

PG_MAJOR=${PG_MAJOR:-15}
# chromium renders the report and a turf packet in the tests (and doc/report.png),
# gdal-bin's ogr2ogr runs the export recipes, fonts-dejavu-core is the pages' font.
CANVASS_PACKAGES="make gcc postgresql-$PG_MAJOR postgresql-server-dev-$PG_MAJOR postgresql-$PG_MAJOR-postgis-3 postgresql-$PG_MAJOR-pgtap libtap-parser-sourcehandler-pgtap-perl chromium gdal-bin fonts-dejavu-core"

log() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the Debian packages that are missing, as root; checks the tools otherwise.
ensure_packages() {
    local missing="" p
    for p in $CANVASS_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "installing Debian packages:$missing"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $missing >/dev/null || die "apt-get install failed for:$missing"
    else
        command -v pg_config >/dev/null || die "pg_config not found and not root: install$missing, or run as root"
        log "not root: skipping apt; assuming PostgreSQL, PostGIS and pgTAP are installed (missing per dpkg:$missing)"
    fi
}

# Builds the extension with warnings as errors.
build() {
    log "building canvass (warnings are errors)"
    make -s COPT=-Werror >/dev/null || die "build failed"
}

# stage_install DIR: a private copy of the PostgreSQL installation that
# pg_config names (binaries, libraries with PostGIS and pgTAP, share files)
# under DIR/stage, with canvass installed into it by `make install
# DESTDIR=...`.  PostgreSQL finds its share and lib directories relative to
# its binaries, so the copy runs as is: tests and the demo need no write
# access to the system's PostgreSQL and never disturb another install.
# Sets PG_BIN to the copy's binaries.
stage_install() {
    local stage=$1/stage bindir sharedir pkglibdir d
    bindir=$(pg_config --bindir)
    sharedir=$(pg_config --sharedir)
    pkglibdir=$(pg_config --pkglibdir)
    log "installing canvass into a private copy of PostgreSQL in $stage"
    for d in "$(dirname "$bindir")" "$sharedir" "$pkglibdir"; do
        [ -d "$stage$d" ] && continue
        mkdir -p "$stage$(dirname "$d")"
        cp -a "$d" "$stage$d" || die "cannot copy $d"
    done
    make -s install DESTDIR="$stage" >/dev/null || die "make install failed"
    PG_BIN=$stage$bindir
    [ "$(id -u)" = 0 ] && chmod -R a+rX "$stage" 2>/dev/null
    return 0
}

# Runs a command as the cluster's owner: postgres when we are root, else
# ourselves.  From / as postgres, who may not enter the working directory
# (paths given to it are absolute).
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# cluster_start DIR PORT [SETTINGS]: initdb DIR/data unless it exists, then
# start it with its socket in DIR and any extra "-c name=value" SETTINGS.
# Needs PG_BIN (stage_install).  Exports PGHOST, PGPORT, PGUSER for psql.
cluster_start() {
    local dir=$1 port=$2 extra=${3:-} bin=$PG_BIN
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
            || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir"; }
    fi
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
            -o "-c listen_addresses='' -c unix_socket_directories='$dir' -p $port -c max_parallel_workers_per_gather=2 $extra" \
            start >/dev/null || { tail -20 "$dir/server.log" >&2; die "server did not start in $dir"; }
    fi
    export PGHOST=$dir PGPORT=$port PGUSER=postgres
}

# cluster_stop DIR: fast shutdown, quiet if it is not running.
cluster_stop() {
    as_owner "$PG_BIN/pg_ctl" -D "$1/data" -m fast -w stop >/dev/null 2>&1 || true
}
