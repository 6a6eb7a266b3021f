#!/usr/bin/env bash
# CLI benchmarks (BENCHMARKS.md): a cold `switchboard describe-user` against
# `aws connect describe-user` on the same server (hyperfine), and 10,000 users imported
# with `switchboard import-users` into a local server (wall time).
#   scripts/bench-cli.sh [USERS]        (default 10000; needs hyperfine and the AWS CLI)
# USERS=0 skips the import. The describe-user ratio is printed as a FIGURE line too (bench/all.sh
# collects it). BENCH_QUICK=1: 2 runs each, no warm-up. SWITCHBOARD_BIN: the binary to
# measure (default: the release build, built first).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
users=${1:-10000}
bin=${SWITCHBOARD_BIN:-}
if [ -z "$bin" ]; then
    cargo build --release --locked -p switchboard >&2
    bin="$CARGO_TARGET_DIR/release/switchboard"
fi
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --listen 127.0.0.1:$port --data-dir "$work/data" 2>"$work/server.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.1; done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_ENDPOINT_URL=http://127.0.0.1:$port
iid=$("$bin" create-instance --identity-management-type CONNECT_MANAGED --instance-alias bench \
      --inbound-calls-enabled --outbound-calls-enabled --query Id --output text)
uid=$("$bin" create-user --instance-id "$iid" --username bench --password 'Passw0rd!' \
      --identity-info FirstName=B,LastName=N --security-profile-ids \
      "$("$bin" list-security-profiles --instance-id "$iid" --query "SecurityProfileSummaryList[?Name=='Agent'].Id" --output text)" \
      --routing-profile-id "$("$bin" list-routing-profiles --instance-id "$iid" --query 'RoutingProfileSummaryList[0].Id' --output text)" \
      --query UserId --output text)
runs="--warmup 3 --runs 30"
[ "${BENCH_QUICK:-}" != 1 ] || runs="--warmup 0 --runs 2"
echo "== cold describe-user: switchboard vs aws ($(aws --version 2>&1 | cut -d' ' -f1), hyperfine $runs -N)"
hyperfine $runs -N --export-json "$work/cli.json" \
  "$bin describe-user --instance-id $iid --user-id $uid" \
  "aws connect describe-user --endpoint-url http://127.0.0.1:$port --instance-id $iid --user-id $uid"
# hyperfine fails the run when a command exits non-zero, so both answered every time.
python3 - "$work/cli.json" <<'PY'
import json, sys
sb, aws = json.load(open(sys.argv[1]))["results"]
print(f"FIGURE id=cli-describe-user-vs-aws value={aws['mean'] / sb['mean']:.1f} target=>=40 errors=0 "
      f"detail=switchboard {sb['mean'] * 1000:.1f} ms (user {sb['user'] * 1000:.1f}, sys {sb['system'] * 1000:.1f}) vs aws {aws['mean'] * 1000:.0f} ms, hyperfine -N, {len(sb['times'])} runs")
PY
[ "$users" -gt 0 ] || exit 0
echo "== import-users: $users users"
python3 - "$work/users.csv" "$users" <<'PY'
import csv, sys
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["username", "password", "first_name", "last_name", "routing_profile", "security_profiles", "tags"])
    for i in range(int(sys.argv[2])):
        w.writerow([f"user{i:06d}", "Passw0rd!x", f"First{i}", f"Last{i}", "Basic Routing Profile", "Agent", f"seq={i}"])
PY
start=$(date +%s.%N)
"$bin" import-users --instance-id "$iid" "$work/users.csv"
end=$(date +%s.%N)
python3 -c "print(f'import of $users users: {$end - $start:.1f} s wall')"
