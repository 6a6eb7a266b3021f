#!/usr/bin/env bash
# Password hashing (BENCHMARKS.md): USERS users, every row with a password, imported with
# `switchboard import-users` into a fresh local server with `--password-hashing standard`,
# then into another with `--password-hashing fast`, in one run; wall times and their ratio.
#   scripts/bench-passwords.sh [USERS] [MODES]     (default 1000, "standard fast")
# Each import's time is printed as a FIGURE line too (bench/all.sh collects them; issue 16's
# target for fast hashing: 10,000 users in <= 20 s). SWITCHBOARD_BIN: the binary to measure
# (default: the release build, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
users=${1:-1000}
modes=${2:-standard fast}
bin=${SWITCHBOARD_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --locked -p switchboard >&2
    bin="$CARGO_TARGET_DIR/release/switchboard"
fi
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
python3 - "$work/users.csv" "$users" <<'PY'
import csv, sys
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["username", "password", "first_name", "last_name", "routing_profile", "security_profiles"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"user{i:06d}", "Passw0rd!x", f"First{i}", f"Last{i}", "Basic Routing Profile", "Agent"])
PY
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null
for mode in $modes; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    "$bin" serve --listen 127.0.0.1:$port --data-dir "$work/data-$mode" --password-hashing "$mode" 2>"$work/server-$mode.log" &
    server=$!
    until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.1; done
    export AWS_ENDPOINT_URL=http://127.0.0.1:$port
    iid=$("$bin" create-instance --identity-management-type CONNECT_MANAGED --instance-alias "bench-$mode" \
          --inbound-calls-enabled --outbound-calls-enabled --query Id --output text)
    start=$(date +%s.%N)
    "$bin" import-users --instance-id "$iid" "$work/users.csv" | tail -n 1
    end=$(date +%s.%N)
    python3 -c "print(f'$mode: {$users} users with passwords imported in {$end - $start:.1f} s ({$users / ($end - $start):.0f} users/s)')"
    # import-users exits non-zero when a row fails (set -e ends the script), so errors=0 here.
    target=$([ "$mode" = fast ] && [ "$users" = 10000 ] && echo "<=20" || echo "-")
    python3 -c "print(f'FIGURE id=import-$users-users-passwords-$mode-seconds value={$end - $start:.1f} target=$target errors=0 detail={$users / ($end - $start):.0f} users/s')"
    kill $server; wait $server 2>/dev/null || true
done
