#!/usr/bin/env bash
# DescribeUser's latency while passwords are hashed (issue 16, item 2): a fixed-rate
# DescribeUser prober (bench/probe.py) against one server, first idle, then while
# `switchboard import-users` imports USERS users, every row with a password
# (argon2id at --password-hashing standard, the default). Prints RESULT lines and the
# ratio of the busy p99 to the idle one (goal: at most 3).
#   bench/describe-during-import.sh [USERS, default 10000] [RATE req/s, default 100] [SECONDS, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-10000}
rate=${2:-100}
secs=${3:-20}
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard >&2
    SWITCHBOARD_BIN=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
python=${BENCH_PYTHON:-python3}
work=$(mktemp -d)
trap 'kill ${server:-} ${import:-} 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SWITCHBOARD_LOG=warn "$SWITCHBOARD_BIN" serve --listen 127.0.0.1:$port --data-dir "$work/data" ${BENCH_SERVE_ARGS:-} &
server=$!
url=http://127.0.0.1:$port
until curl -sf $url/health >/dev/null; do sleep 0.1; done
eval "$("$python" bench/setup.py $url)"
"$python" - "$work/users.csv" "$users" <<'PY'
import csv, sys
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["username", "password", "first_name", "last_name", "routing_profile", "security_profiles"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"user{i:06d}", "Passw0rd!x", f"First{i}", f"Last{i}", "Basic Routing Profile", "Agent"])
PY
describe=$url/users/$SAML_INSTANCE/$USER
idle=$("$python" bench/probe.py "$describe" "$rate" "$secs")
echo "describe-idle $idle"
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1 AWS_ENDPOINT_URL=$url
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
started=$(date +%s.%N)
"$SWITCHBOARD_BIN" import-users --instance-id "$CM_INSTANCE" "$work/users.csv" >"$work/import.log" 2>&1 &
import=$!
sleep 2  # the import's up-front checks; then it is sending
busy=$("$python" bench/probe.py "$describe" "$rate" "$secs")
echo "describe-during-import $busy"
wait $import
import=
finished=$(date +%s.%N)
summary=$(tail -n 1 "$work/import.log")
echo "import RESULT users=$users seconds=$("$python" -c "print(f'{$finished - $started:.1f}')") summary=\"$summary\""
"$python" - "$idle" "$busy" <<'PY'
import sys
idle, busy = ({k: float(v) for k, v in (x.split("=") for x in line.split()[1:])} for line in sys.argv[1:3])
errors = int(idle["errors"] + busy["errors"])
print(f"FIGURE id=describe-p99-during-import-vs-idle value={busy['p99_ms'] / idle['p99_ms']:.2f} target=<=3 errors={errors} "
      f"detail=p99 idle {idle['p99_ms']:.2f} ms, during the import {busy['p99_ms']:.2f} ms")
if idle["errors"] or busy["errors"]:
    sys.exit("some requests failed")
PY
