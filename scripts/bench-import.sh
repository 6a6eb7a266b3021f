#!/usr/bin/env bash
# import-users at scale (BENCHMARKS.md, "import-users"). For each ROWS: a CSV of ROWS users
# without passwords (names, email, routing profile, security profile, a tag), a fresh local
# release server (SQLite, a SAML instance), then
#   check   the same CSV with its last row made invalid: the up-front pass over every row,
#           then the refusal (exit 252, nothing sent);
#   import  the CSV imported (`created ROWS, skipped 0, failed 0`);
# each with its wall time, the client's CPU time and its peak RSS (/usr/bin/time -v).
#   scripts/bench-import.sh [ROWS...]          (default: 10000 100000)
#   BENCH_CHECK_ONLY=1 scripts/bench-import.sh 1000000    only the up-front pass
#   SWITCHBOARD_BIN=/path/to/switchboard ...   another build (e.g. main's, for a before/after)
#   BENCH_PORT=9150                            the server's port (default: a free one)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
sizes=${*:-10000 100000}
bin=${SWITCHBOARD_BIN:-$CARGO_TARGET_DIR/release/switchboard}
[ -n "${SWITCHBOARD_BIN:-}" ] || cargo build --release --locked -p switchboard >&2
work=$(mktemp -d)
trap 'kill ${server:-} 2>/dev/null || true; rm -rf "$work"' EXIT
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null

# "label rows": one timed run of import-users; prints a table row.
timed() {
    local label=$1 rows=$2 file=$3 rc=0
    /usr/bin/time -v -o "$work/time" "$bin" import-users --instance-id "$iid" "$file" --report "$work/report.csv" \
        >"$work/out" 2>"$work/err" || rc=$?
    python3 - "$label" "$rows" "$rc" "$work/time" "$work/out" "$work/err" <<'PY'
import re, sys
label, rows, rc, tfile, out, err = sys.argv[1], int(sys.argv[2]), sys.argv[3], *sys.argv[4:]
t = open(tfile).read()
def field(name):
    return re.search(re.escape(name) + r":\s*(.+)", t).group(1).strip()
wall = 0.0
for part in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":"):
    wall = wall * 60 + float(part)
cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
rss = int(field("Maximum resident set size (kbytes)")) / 1024
result = (open(out).read().strip() or open(err).read().strip().splitlines()[0])[:60]
print(f"| {rows:,} | {label} | {wall:.1f} s | {rows / wall:,.0f} rows/s | {cpu:.1f} s | {rss:.0f} MB | exit {rc}: {result} |")
# For bench/all.sh (issue 16: 10,000 users without passwords in <= 10 s; client RSS < 100 MB).
failed = int(rc != ("0" if label == "import" else "252"))
target = "<=10" if (label, rows) == ("import", 10000) else "-"
print(f"FIGURE id=import-users-{label}-{rows}-rows-seconds value={wall:.1f} target={target} errors={failed} detail={rows / wall:,.0f} rows/s")
print(f"FIGURE id=import-users-{label}-{rows}-rows-client-rss-mb value={rss:.0f} target=<=100 errors={failed} detail=peak, /usr/bin/time -v")
PY
}

echo "| rows | pass | wall time | rate | client CPU | client peak RSS | result |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for rows in $sizes; do
    python3 - "$work/users.csv" "$work/check.csv" "$rows" <<'PY'
import sys
path, check, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
head = "username,first_name,last_name,email,routing_profile,security_profiles,tags\n"
with open(path, "w") as f, open(check, "w") as c:
    f.write(head)
    c.write(head)
    for i in range(n):
        line = f"user{i:07d},First{i},Last{i},user{i}@example.com,Basic Routing Profile,Agent,team=t{i % 7}\n"
        f.write(line)
        c.write(line if i < n - 1 else line.replace(",Agent,", ",NoSuchProfile,"))
PY
    port=${BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    rm -rf "$work/data"
    "$bin" serve --listen 127.0.0.1:$port --data-dir "$work/data" >/dev/null 2>"$work/server.log" &
    server=$!
    until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 0.1; done
    export AWS_ENDPOINT_URL=http://127.0.0.1:$port
    iid=$("$bin" create-instance --identity-management-type SAML --instance-alias "bench-import-$rows" \
          --inbound-calls-enabled --outbound-calls-enabled --query Id --output text)
    timed check "$rows" "$work/check.csv"
    [ -n "${BENCH_CHECK_ONLY:-}" ] || timed import "$rows" "$work/users.csv"
    kill $server; wait $server 2>/dev/null || true
    server=
done
