#!/usr/bin/env bash
# switchboard's throughput benchmark: GET /health against the API operations, on one
# server, in one run, with wrk on the same machine. Reports req/s and the ratios that
# BENCHMARKS.md quotes.
#   bench/run.sh [seconds per case, default 10] [connections, default 32]
# Needs wrk (Debian package) and boto3; builds the release binary unless SWITCHBOARD_BIN is set.
# BENCH_CASES="health describe-instance" runs only those cases (default: all); BENCH_PORT
# (default 8499) and BENCH_SERVE_ARGS (e.g. --database-url URL) configure the server.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard >/dev/null
    SWITCHBOARD_BIN=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
command -v wrk >/dev/null || { echo "bench/run.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
port=${BENCH_PORT:-8499}
data=$(mktemp -d)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
SWITCHBOARD_LOG=warn "$SWITCHBOARD_BIN" serve --listen 127.0.0.1:$port --data-dir "$data" ${BENCH_SERVE_ARGS:-} &
pid=$!
for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/health >/dev/null && break; sleep 0.1; done
url=http://127.0.0.1:$port
eval "$(python3 bench/setup.py $url)"

run() { # name method path [body template] [connections]
    local name=$1 method=$2 path=$3 body=${4:-} c=${5:-$conns}
    local line
    [[ " ${BENCH_CASES:-$name} " == *" $name "* ]] || return 0
    line=$(METHOD=$method BODY_TEMPLATE=$body wrk -t2 -c$c -d${secs}s --timeout 10s -s bench/wrk.lua "$url$path" | grep '^RESULT')
    echo "$name $line"
}
saml_body='{"Username":"u%s","IdentityInfo":{"FirstName":"Bench","LastName":"User"},"PhoneConfig":{"PhoneType":"SOFT_PHONE"},"SecurityProfileIds":["'$SAML_SP'"],"RoutingProfileId":"'$SAML_RP'"}'
cm_body='{"Username":"u%s","Password":"Passw0rd!","IdentityInfo":{"FirstName":"Bench","LastName":"User"},"SecurityProfileIds":["'$CM_SP'"],"RoutingProfileId":"'$CM_RP'"}'
results=$(
    run health GET /health
    run create-user PUT /users/$SAML_INSTANCE "$saml_body"
    # argon2id (19 MiB, 2 passes) is deliberately slow: a few connections saturate the cores.
    run create-user-with-password PUT /users/$CM_INSTANCE "$cm_body" 4
    run describe-user GET /users/$SAML_INSTANCE/$USER
    run describe-instance GET /instance/$SAML_INSTANCE
    run list-users GET "/users-summary/$SAML_INSTANCE?maxResults=100"
)
echo "$results"
python3 - "$results" <<'PY'
import sys
rows = {}
for line in sys.argv[1].splitlines():
    name, _, *kv = line.split()
    rows[name] = dict(x.split("=") for x in kv)
health = float(rows["health"]["rps"])
print(f"\n{'case':28} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'vs /health':>10} {'errors':>7}")
for name, r in rows.items():
    print(f"{name:28} {float(r['rps']):>10.0f} {float(r['p50_ms']):>8.2f} {float(r['p99_ms']):>8.2f} {float(r['rps'])/health:>10.2f} {r['errors']:>7}")
if any(int(r["errors"]) for r in rows.values()):
    sys.exit("some requests failed")
PY
