#!/usr/bin/env bash
# Streaming export and import (issue 15, item 8): N users imported into an empty store, then
# exported, on SQLite and on PostgreSQL, with time, peak RSS (/usr/bin/time -v) and size.
#   bench/export.sh [users, default 100000] [sqlite|postgres|both, default both]
# PostgreSQL: SWITCHBOARD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres);
# a fresh database is created for the run and dropped afterwards. Builds the release binary
# unless SWITCHBOARD_BIN is set.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-100000}
stores=${2:-both}
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard >/dev/null
    SWITCHBOARD_BIN=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
py=${PYTHON:-python3}
if [ "$stores" != postgres ]; then
    "$py" bench/export.py "$users" --bin "$SWITCHBOARD_BIN"
fi
if [ "$stores" != sqlite ]; then
    admin_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
    db=${EXPORT_DB:-switchboard_export_$$}
    psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db" >/dev/null
    trap 'psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    "$py" bench/export.py "$users" --bin "$SWITCHBOARD_BIN" --database-url "${admin_url%/*}/$db"
fi
