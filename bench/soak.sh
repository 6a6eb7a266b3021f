#!/usr/bin/env bash
# Soak (issue 15, item 10): bench/soak.py's mixed user load at a fixed rate on one store, with
# RSS, open fds, PostgreSQL connections and p99 latency sampled every 10 s. Not part of CI.
#   bench/soak.sh [minutes, default 10] [sqlite|postgres, default sqlite] [req/s, default 50]
# PostgreSQL: SWITCHBOARD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# a fresh database is created for the run and dropped afterwards. Builds the release binary
# unless SWITCHBOARD_BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:-10}
store=${2:-sqlite}
rate=${3:-50}
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard >/dev/null
    SWITCHBOARD_BIN=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
py=${PYTHON:-python3}
case $store in
sqlite) exec "$py" bench/soak.py --bin "$SWITCHBOARD_BIN" --minutes "$minutes" --rate "$rate" ${SOAK_ARGS:-} ;;
postgres)
    admin_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
    db=${SOAK_DB:-switchboard_soak_$$}
    psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
    trap 'psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    "$py" bench/soak.py --bin "$SWITCHBOARD_BIN" --minutes "$minutes" --rate "$rate" --database-url "${admin_url%/*}/$db" ${SOAK_ARGS:-} ;;
*) echo "usage: bench/soak.sh [minutes] [sqlite|postgres] [req/s]" >&2; exit 2 ;;
esac
