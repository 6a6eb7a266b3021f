#!/usr/bin/env bash
# A million users in one instance (issue 16, item 4): one `switchboard serve` on a fresh
# store, CreateUser (SAML instance, signed, durable) driven by wrk in rounds of SECONDS
# until USERS exist; after each round its create rate, the users so far and the server's
# RSS (the first and the last rounds give the rates over the first and the last users).
# After a one-second warm-up (a few hundred users) and after the last round, DescribeUser
# and ListUsers (first page of 100) under wrk, for their latencies. At the end the store's
# size per user.
#   bench/million.sh [USERS, default 1000000] [SECONDS a round, default 20] [connections, default 32]
# SQLite by default; BENCH_SERVE_ARGS="--database-url URL" for PostgreSQL (its size is then
# pg_database_size). Prints RESULT lines and a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
users=${1:-1000000}
secs=${2:-20}
conns=${3:-32}
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard >&2
    SWITCHBOARD_BIN=${CARGO_TARGET_DIR:-target}/release/switchboard
fi
python=${BENCH_PYTHON:-python3}
command -v wrk >/dev/null || { echo "bench/million.sh needs wrk (apt-get install wrk)" >&2; exit 1; }
data=$(mktemp -d)
results=$(mktemp)
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data" "$results"' EXIT
say() { echo "$*" | tee -a "$results"; }
port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
SWITCHBOARD_LOG=warn "$SWITCHBOARD_BIN" serve --listen 127.0.0.1:$port --data-dir "$data" ${BENCH_SERVE_ARGS:-} &
pid=$!
url=http://127.0.0.1:$port
until curl -sf $url/health >/dev/null; do sleep 0.1; done
eval "$("$python" bench/setup.py $url)"
body='{"Username":"u%s","IdentityInfo":{"FirstName":"Bench","LastName":"User"},"PhoneConfig":{"PhoneType":"SOFT_PHONE"},"SecurityProfileIds":["'$SAML_SP'"],"RoutingProfileId":"'$SAML_RP'"}'
rss_mb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' /proc/$pid/status; }
hwm_mb() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' /proc/$pid/status; }
# create SECONDS PREFIX: creates users for that long.
create() {
    METHOD=PUT BODY_TEMPLATE=$body PREFIX=$2 wrk -t2 -c$conns -d${1}s --timeout 30s -s bench/wrk.lua "$url/users/$SAML_INSTANCE" | grep '^RESULT'
}
field() { echo "$1" | sed "s/.* $2=\([0-9.]*\).*/\1/"; }
reads() { # label
    say "describe-user-$1 $(METHOD=GET wrk -t2 -c4 -d5s -s bench/wrk.lua "$url/users/$SAML_INSTANCE/$USER" | grep '^RESULT')"
    say "list-users-$1 $(METHOD=GET wrk -t2 -c4 -d5s -s bench/wrk.lua "$url/users-summary/$SAML_INSTANCE?maxResults=100" | grep '^RESULT')"
}
line=$(METHOD=PUT BODY_TEMPLATE=$body PREFIX=w wrk -t1 -c1 -d1s -s bench/wrk.lua "$url/users/$SAML_INSTANCE" | grep '^RESULT')
say "warm-up $line"
reads first
made=$(field "$line" requests)
n=0
while [ "$made" -lt "$users" ]; do
    line=$(create "$secs" "r$n")
    made=$((made + $(field "$line" requests) - $(field "$line" errors)))
    say "create-round-$n $line users=$made rss_mb=$(rss_mb) hwm_mb=$(hwm_mb)"
    n=$((n + 1))
done
reads end
count=$("$python" - "$url" "$SAML_INSTANCE" <<'PY'
import sys, boto3
c = boto3.client("connect", endpoint_url=sys.argv[1], region_name="us-east-1", aws_access_key_id="AKIDBENCH", aws_secret_access_key="x")
print(c.search_users(InstanceId=sys.argv[2], MaxResults=1)["ApproximateTotalCount"])
PY
)
case " ${BENCH_SERVE_ARGS:-} " in
    *--database-url*) url_db=$(echo "$BENCH_SERVE_ARGS" | sed 's/.*--database-url \([^ ]*\).*/\1/'); bytes=$(psql "$url_db" -Atc "SELECT pg_database_size(current_database())");;
    *) sync; bytes=$(du -sb "$data" | cut -f1);;
esac
say "store RESULT users=$count bytes=$bytes bytes_per_user=$((bytes / count)) rss_mb=$(rss_mb) hwm_mb=$(hwm_mb)"
# The figures of issue 16 (bench/all.sh collects the FIGURE lines).
"$python" - "$results" <<'PY'
import re, sys
lines = [l for l in open(sys.argv[1]).read().splitlines() if " RESULT " in l]
rows = {l.split()[0]: {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", l)} for l in lines}
rounds = [r for name, r in rows.items() if name.startswith("create-round-")]
errors = int(sum(r.get("errors", 0) for r in rows.values()))
store = rows["store"]
def figure(fid, value, target, detail):
    print(f"FIGURE id={fid} value={value} target={target} errors={errors} detail={detail}")
figure("million-users-created", int(store["users"]), "-", f"{len(rounds)} rounds")
figure("million-create-rate-last-vs-first", f"{rounds[-1]['rps'] / rounds[0]['rps']:.2f}", ">=0.8",
       f"first round {rounds[0]['rps']:.0f}/s, last {rounds[-1]['rps']:.0f}/s")
figure("million-server-rss-mb", f"{store['hwm_mb']:.0f}", "<=200", f"peak; {store['rss_mb']:.0f} MB at the end")
figure("million-bytes-per-user", int(store["bytes_per_user"]), "-", "store size / users")
for case in ("describe-user", "list-users"):
    first, end = rows[f"{case}-first"], rows[f"{case}-end"]
    figure(f"million-{case}-p50-end-vs-first", f"{end['p50_ms'] / first['p50_ms']:.2f}", "<=1.5",
           f"p50 {first['p50_ms']:.2f} ms -> {end['p50_ms']:.2f} ms, p99 {first['p99_ms']:.2f} -> {end['p99_ms']:.2f} ms")
if errors:
    sys.exit("some requests failed")
PY
