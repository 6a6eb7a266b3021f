#!/usr/bin/env bash
# Regenerates the checked-in service model from botocore on PyPI, in one command:
#
#     scripts/update-model.sh            # the newest botocore
#     scripts/update-model.sh 1.44.8     # a given version
#
# It installs botocore into a throwaway virtualenv and runs scripts/trim-model.py, which
# writes model/connect-2017-08-08.json (shapes and operations), the paginators and the
# documentation the CLI's help reads. Rebuild afterwards: the Rust types, routes and
# validators are generated from the model at build time.
set -euo pipefail
cd "$(dirname "$0")/.."
version=${1:-}
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "botocore${version:+==$version}"
"$venv/bin/python" scripts/trim-model.py
