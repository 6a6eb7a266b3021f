#!/usr/bin/env bash
# The Python package's own tests (scripts/test-all.sh runs them as the suite `kit`):
#   1. builds the wheel with maturin (`maturin build --release`: the release binary of
#      CARGO_TARGET_DIR is reused when it is up to date) and prints its size;
#   2. installs it, with pytest and pytest-xdist, into a fresh virtualenv;
#   3. runs the small pytest project in tests/kit/project, which uses the plugin's fixtures
#      as a user's test suite would: once in one process, once under `pytest -n 4` (each
#      worker with a server of its own, which is checked).
#   tests/kit/run.sh [build|test|all]   (default all): scripts/test-all.sh builds the wheel in
#   its build phase, while no other suite runs (maturin may relink the release binary the
#   other suites start servers from), and tests it beside them later.
# Environment: CARGO_TARGET_DIR, SWITCHBOARD_KIT_DIR (where the virtualenvs and the wheel go;
# default a new directory under /var/tmp, removed at the end), SWITCHBOARD_KIT_BUILD_VENV
# (a virtualenv with maturin to reuse; default one made in SWITCHBOARD_KIT_DIR).
set -euo pipefail
stage=${1:-all}
cd "$(dirname "$0")/../.."
root=$PWD
if [ -n "${SWITCHBOARD_KIT_DIR:-}" ]; then
    work=$SWITCHBOARD_KIT_DIR
    mkdir -p "$work"
else
    work=$(mktemp -d /var/tmp/switchboard-kit.XXXXXX)
    trap 'rm -rf "$work"' EXIT
fi
# The project must use the binary installed with the wheel, not the one the other suites use.
unset SWITCHBOARD_BIN SWITCHBOARD_DATABASE_URL
t0=$SECONDS

if [ "$stage" != test ]; then
    build_venv=${SWITCHBOARD_KIT_BUILD_VENV:-$work/build-venv}
    if [ ! -x "$build_venv/bin/maturin" ]; then
        python3 -m venv "$build_venv"
        "$build_venv/bin/python" -m pip install --quiet --disable-pip-version-check "maturin>=1.5,<2"
    fi
    rm -rf "$work/wheels"
    "$build_venv/bin/maturin" build --release --locked --quiet --out "$work/wheels"
    wheel=$(ls "$work/wheels"/*.whl)
    echo "== wheel: $(basename "$wheel"), $(du -k "$wheel" | cut -f1) KiB ($((SECONDS - t0)) s to build)"
    python3 -m zipfile -l "$wheel" | sed 's/^/   /'
    [ "$stage" = build ] && exit 0
fi
wheel=$(ls "$work/wheels"/*.whl)

venv=$work/venv
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheel" pytest pytest-xdist
echo "== installed into a fresh virtualenv ($((SECONDS - t0)) s)"

cd "$root/tests/kit/project"
echo "== pytest (one process)"
"$venv/bin/python" -m pytest -q
echo "== pytest -n 4"
export KIT_ENDPOINTS_FILE=$work/endpoints
rm -f "$KIT_ENDPOINTS_FILE"
"$venv/bin/python" -m pytest -q -n 4 -p xdist
workers=$(cut -d' ' -f1 "$KIT_ENDPOINTS_FILE" | sort -u | wc -l)
servers=$(cut -d' ' -f2 "$KIT_ENDPOINTS_FILE" | sort -u | wc -l)
echo "== xdist: $workers worker(s) reported, $servers server(s)"
if [ "$workers" -lt 2 ] || [ "$workers" != "$servers" ]; then
    echo "each xdist worker must have a server of its own" >&2
    exit 1
fi
echo "== kit: $((SECONDS - t0)) s in all"
