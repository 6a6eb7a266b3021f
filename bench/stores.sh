#!/usr/bin/env bash
# CreateUser / DescribeUser throughput on the SQLite store and on PostgreSQL, one after the
# other in one invocation (same binary, same machine, same load generator).
#   bench/stores.sh [seconds per case, default 10] [connections, default 32]
# PostgreSQL: SWITCHBOARD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# a fresh database is created for the run and dropped afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
admin_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
db=switchboard_bench_$$
psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
trap 'psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
echo "== SQLite (data dir, synchronous=FULL, group commit)"
bench/run.sh "${1:-10}" "${2:-32}" | sed -n '/^case/,$p'
echo "== PostgreSQL (${admin_url%/*}/$db)"
BENCH_SERVE_ARGS="--database-url ${admin_url%/*}/$db" bench/run.sh "${1:-10}" "${2:-32}" | sed -n '/^case/,$p'
