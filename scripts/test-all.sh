#!/usr/bin/env bash
# Runs every test of switchboard:
#   1. cargo test (unit and integration tests of every crate; with PostgreSQL, the store
#      tests run on it too);
#   2. the real-client suites against the release binary, each starting servers of its own:
#      tests/clients (boto3 and the AWS CLI v1, installed into a virtualenv), tests/js
#      (@aws-sdk/client-connect, node's test runner, `npm ci`) and tests/sdk-rust
#      (aws-sdk-connect, a cargo workspace of its own), on the embedded SQLite store and, when
#      one is reachable (SWITCHBOARD_TEST_PG_URL, default
#      postgres://postgres@127.0.0.1:5432/postgres), on PostgreSQL, each suite in a database
#      of its own;
#   3. tests/browser: the web console in Debian's headless chromium (chromium-driver, through
#      selenium, installed into the same virtualenv from tests/browser/requirements.txt), on
#      both stores too;
#   4. tests/kit (the Python package: the wheel built with maturin, installed into a fresh
#      virtualenv, and a pytest project using its fixtures, alone and under pytest-xdist; its
#      servers are throwaway SQLite ones, so it runs once);
#   5. bench: `bench/all.sh --quick`, every benchmark briefly with small sizes, checking only
#      that each one completes without a failed request (no timing is judged); once, in the
#      last round, its PostgreSQL cases in a database of its own. Needs wrk and hyperfine;
#      moto_server is installed into switchboard-bench/venv beside CARGO_TARGET_DIR.
# The suites share no state: once everything is built they run side by side, in one round
# per store (the Python suite with the SDK suites beside it). Each one writes to a log of its
# own; when it ends, its runner's closing lines are printed (the whole log if it failed), and
# the logs stay in the directory named at the start.
# Environment: CARGO_TARGET_DIR (reused between runs; the SDK suite's build too),
# SWITCHBOARD_VENV (default .venv), SWITCHBOARD_TEST_PG_URL, SWITCHBOARD_REQUIRE_PG=1 (fail
# instead of skipping the PostgreSQL pass when no PostgreSQL answers; CI sets it),
# SWITCHBOARD_SUITES (default "cargo python js rust browser kit bench": the ones to run).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
venv=${SWITCHBOARD_VENV:-$root/.venv}
suites=" ${SWITCHBOARD_SUITES:-cargo python js rust browser kit bench} "
want() { [[ $suites == *" $1 "* ]]; }
started=$SECONDS

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

logs=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-tests.XXXXXX")
echo "== logs in $logs"
databases=()
cleanup() {
    for db in "${databases[@]}"; do
        psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || echo "could not drop database $db" >&2
    done
}
trap cleanup EXIT

# new_database NAME: creates a database of its own on the PostgreSQL server (dropped at exit)
# and sets db_url to its URL (the server's URL with the path replaced).
new_database() {
    local db="switchboard_test_$(date +%s)_$$_$1"
    psql "$pg_url" -v ON_ERROR_STOP=1 -qc "CREATE DATABASE $db"
    databases+=("$db")
    db_url=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' "$pg_url" "$db")
}

# Background jobs, each with a log: start NAME COMMAND... ; finish (waits for all of them).
declare -A job_name=() job_start=()
failed=()
passed=()
start() {
    local name=$1
    shift
    "$@" >"$logs/$name.log" 2>&1 </dev/null &
    job_name[$!]=$name
    job_start[$!]=$SECONDS
}
# The test runners' closing lines in a log (pytest, cargo test, node --test), or its last lines.
summary() {
    grep -E '^(== (wheel|xdist|kit): |quick check: |test result: |ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) |[0-9]+ (passed|failed)|added [0-9]+ packages)' "$1" |
        grep -vE '^test result: ok\. 0 passed; 0 failed; 0 ignored' || tail -n 5 "$1"
}
finish() {
    local pid rc name
    while [ ${#job_name[@]} -gt 0 ]; do
        rc=0
        wait -n -p pid "${!job_name[@]}" || rc=$?
        name=${job_name[$pid]}
        if [ "$rc" = 0 ]; then
            echo "== $name: passed ($((SECONDS - job_start[$pid])) s)"
            summary "$logs/$name.log" | sed "s/^/[$name] /"
            passed+=("$name")
        else
            echo "== $name: FAILED (exit $rc, $((SECONDS - job_start[$pid])) s); its log ($logs/$name.log):"
            sed "s/^/[$name] /" "$logs/$name.log"
            failed+=("$name")
        fi
        unset "job_name[$pid]" "job_start[$pid]"
    done
}

# 1. Build everything (cargo builds one at a time: they share the target directory) while
#    the Python and JavaScript clients are installed.
if want python || want browser || want bench; then
    start setup-python bash -c '
        set -e
        [ -x "$1/bin/python" ] || python3 -m venv "$1"
        "$1/bin/python" -m pip install --quiet --disable-pip-version-check -r tests/clients/requirements.txt -r tests/browser/requirements.txt' _ "$venv"
fi
if want js; then
    start setup-js npm ci --prefix tests/js --no-audit --no-fund
fi
echo "== cargo build --release"
cargo build --release --locked -p switchboard
if want cargo; then
    echo "== cargo test --no-run"
    cargo test --workspace --locked --no-run
fi
if want rust; then
    echo "== tests/sdk-rust: cargo test --no-run (aws-sdk-connect is slow to build the first time)"
    cargo test --locked --manifest-path tests/sdk-rust/Cargo.toml --no-run
fi
if want kit; then
    # Here, while nothing runs the release binary: maturin may relink it.
    echo "== tests/kit: the wheel (maturin build)"
    SWITCHBOARD_KIT_DIR="$logs/kit" bash tests/kit/run.sh build
fi
finish
if [ ${#failed[@]} -gt 0 ]; then
    echo "set-up failed: ${failed[*]}" >&2
    exit 1
fi
passed=()

# 2. Run the suites side by side.
export SWITCHBOARD_BIN="$CARGO_TARGET_DIR/release/switchboard"
# on_store URL COMMAND...: COMMAND with SWITCHBOARD_DATABASE_URL=URL (PostgreSQL), or without
# it (SQLite) when URL is empty.
on_store() {
    if [ -n "$1" ]; then export SWITCHBOARD_DATABASE_URL=$1; else unset SWITCHBOARD_DATABASE_URL; fi
    shift
    "$@"
}
python_suite() { "$venv/bin/python" -m pytest tests/clients -q -p no:cacheprovider; }
browser_suite() { SWITCHBOARD_SCREENSHOTS="$logs/screenshots-${SWITCHBOARD_DATABASE_URL:+pg}" "$venv/bin/python" -m pytest tests/browser -q -p no:cacheprovider; }
js_suite() { (cd tests/js && node --test --test-reporter=spec); }
rust_suite() { cargo test --locked --manifest-path tests/sdk-rust/Cargo.toml --test sdk; }
cargo_suite() { cargo test --workspace --locked; }
kit_suite() { SWITCHBOARD_KIT_DIR="$logs/kit" bash tests/kit/run.sh test; }
# bench/all.sh --quick with the suites' virtualenv (boto3, the AWS CLI) first on PATH; its
# servers take free ports and temporary data dirs of their own.
bench_suite() {
    if [ -n "$1" ]; then export BENCH_DATABASE_URL=$1; else export BENCH_SKIP_PG=1; fi
    SWITCHBOARD_VENV=$venv bash bench/all.sh --quick
}

# Two rounds, one per store: the Python suite (the longest, and CPU-bound: two of it at once
# only slow each other down) with the SDK suites beside it, each in a database of its own on
# PostgreSQL; cargo test (its store tests use PostgreSQL when there is one) joins the last.
last_store=sqlite
[ -z "$pg_url" ] || last_store=postgres
run_round() {
    local store=$1 suite url= names=()
    for suite in python js rust browser; do
        want "$suite" || continue
        if [ "$store" = postgres ]; then
            new_database "$suite"
            url=$db_url
        fi
        start "$suite-$store" on_store "$url" "${suite}_suite"
        names+=("$suite-$store")
    done
    if [ "$store" = sqlite ] && want kit; then
        start kit kit_suite
        names+=(kit)
    fi
    if [ "$store" = "$last_store" ] && want cargo; then
        start cargo cargo_suite
        names+=(cargo)
    fi
    if [ "$store" = "$last_store" ] && want bench; then
        url=
        if [ -n "$pg_url" ]; then
            new_database bench
            url=$db_url
        fi
        start bench bench_suite "$url"
        names+=(bench)
    fi
    echo "== running side by side: ${names[*]} (each reports when it ends)"
    finish
}
run_round sqlite
if [ -n "$pg_url" ]; then
    run_round postgres
fi

echo "== $(( SECONDS - started )) s in all; logs in $logs"
if [ ${#failed[@]} -gt 0 ]; then
    echo "failed: ${failed[*]}"
fi
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
