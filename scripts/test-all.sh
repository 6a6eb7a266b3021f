#!/usr/bin/env bash
# Runs every test of switchboard:
#   1. cargo test (unit and integration tests of every crate);
#   2. the real-client suite (tests/clients: boto3 and the AWS CLI, installed into a
#      virtualenv) against the release binary on the embedded SQLite store;
#   3. the same suite on PostgreSQL when one is reachable (SWITCHBOARD_TEST_PG_URL,
#      default postgres://postgres@127.0.0.1:5432/postgres), in a database of its own.
# Environment: CARGO_TARGET_DIR (reused between runs), SWITCHBOARD_VENV (default .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
venv=${SWITCHBOARD_VENV:-$root/.venv}

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
