#!/usr/bin/env bash
# Runs every test of switchboard:
#   1. cargo test (unit and integration tests of every crate);
#   2. the real-client suite (tests/clients: boto3 and the AWS CLI, installed into a
#      virtualenv) against the release binary on the embedded SQLite store;
#   3. the same suite on PostgreSQL when one is reachable (SWITCHBOARD_TEST_PG_URL,
#      default postgres://postgres@127.0.0.1:5432/postgres), in a database of its own.
#      cargo test then also runs the store tests on that PostgreSQL.
# Environment: CARGO_TARGET_DIR (reused between runs), SWITCHBOARD_VENV (default .venv),
# SWITCHBOARD_TEST_PG_URL, SWITCHBOARD_REQUIRE_PG=1 (fail instead of skipping the
# PostgreSQL pass when no PostgreSQL answers; CI sets it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
venv=${SWITCHBOARD_VENV:-$root/.venv}

pg_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if command -v psql >/dev/null && psql "$pg_url" -Atqc "SELECT 1" >/dev/null 2>&1; then
    export SWITCHBOARD_TEST_PG_URL=$pg_url
    echo "== PostgreSQL answers at $pg_url: both stores are tested"
elif [ "${SWITCHBOARD_REQUIRE_PG:-}" = 1 ]; then
    echo "no PostgreSQL answers at $pg_url (psql: $(command -v psql || echo missing)), and SWITCHBOARD_REQUIRE_PG=1" >&2
    exit 1
else
    echo "== no PostgreSQL answers at $pg_url: SQLite only"
    pg_url=
    unset SWITCHBOARD_TEST_PG_URL
fi

echo "== cargo build --release"
cargo build --release --locked -p switchboard
echo "== cargo test"
cargo test --workspace --locked

echo "== real-client suite: python environment ($venv)"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/clients/requirements.txt
export SWITCHBOARD_BIN="$CARGO_TARGET_DIR/release/switchboard"

echo "== real-client suite on SQLite"
"$venv/bin/python" -m pytest tests/clients -q -p no:cacheprovider

if [ -n "$pg_url" ]; then
    db="switchboard_test_$(date +%s)_$$"
    # The same server, another database: the URL with its path replaced.
    db_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$pg_url" "$db")
    psql "$pg_url" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
    trap 'psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || echo "could not drop database $db" >&2' EXIT
    echo "== real-client suite on PostgreSQL (database $db)"
    SWITCHBOARD_DATABASE_URL=$db_url "$venv/bin/python" -m pytest tests/clients -q -p no:cacheprovider
fi
