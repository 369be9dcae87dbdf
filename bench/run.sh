#!/usr/bin/env bash
# run.sh: the benchmarks (`make bench`, or `make bench BENCH=name`).
#
# Each bench/bench_NAME.sh is sourced with a private cluster running
# (PGHOST, PGPORT, PGUSER set, database canvass_bench with canvass created)
# and prints its figures as ratios against its anchor measured in the same
# run.  The cluster lives in a temporary directory and is removed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

ensure_packages postgresql-$PG_MAJOR-pgrouting python3-scipy
build
tmp=$(mktemp -d "${TMPDIR:-/tmp}/canvass-bench.XXXXXX")
chmod 755 "$tmp"
trap 'cluster_stop "$tmp"; rm -rf "$tmp"' EXIT
stage_install "$tmp"
cluster_start "$tmp" 54323 "-c fsync=off -c shared_buffers=1GB -c work_mem=256MB -c maintenance_work_mem=1GB -c max_parallel_workers_per_gather=2 -c jit=off"
PSQL=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE canvass_bench"
"${PSQL[@]}" -d canvass_bench -c "CREATE EXTENSION canvass CASCADE" 2>&1 | grep -v NOTICE || true
export PGDATABASE=canvass_bench

for f in bench/bench_${BENCH:-*}.sh; do
    [ -f "$f" ] || die "no benchmark $f"
    log "benchmark $f"
    # shellcheck disable=SC1090
    . "$f"
done
