#!/usr/bin/env bash
# CreateUser / DescribeUser throughput on the SQLite store and on PostgreSQL, one after the
# other in one invocation (same binary, same machine, same load generator), and issue 16's
# figures from them as FIGURE lines (bench/all.sh collects those).
#   bench/stores.sh [seconds per case, default 10] [connections, default 32]
# PostgreSQL: BENCH_DATABASE_URL (a database of the caller's, used as it is), or else a fresh
# database on SWITCHBOARD_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres),
# created for the run and dropped afterwards; BENCH_SKIP_PG=1 (or no psql) runs SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
echo "== SQLite (data dir, synchronous=FULL, group commit)"
failed=0
bench/run.sh "$secs" "$conns" | tee -a "$out" | sed -n '/^case/,$p' || failed=1
pg_url=${BENCH_DATABASE_URL:-}
if [ -z "$pg_url" ] && [ "${BENCH_SKIP_PG:-}" != 1 ] && command -v psql >/dev/null; then
    admin_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
    db=switchboard_bench_$$
    psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
    trap 'rm -f "$out"; psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null' EXIT
    pg_url=${admin_url%/*}/$db
fi
if [ -n "$pg_url" ]; then
    echo "== PostgreSQL (${pg_url%%\?*})"
    BENCH_SERVE_ARGS="--database-url $pg_url" bench/run.sh "$secs" "$conns" | sed 's/^/pg-/' | tee -a "$out" | sed -n '/^pg-case/,$p' | sed 's/^pg-//' || failed=1
else
    echo "== PostgreSQL: not run (no BENCH_DATABASE_URL and no psql, or BENCH_SKIP_PG=1)"
fi
python3 - "$out" "$secs" "$conns" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    name, tag, *kv = line.split() + ["", ""]
    if tag == "RESULT":
        rows[name] = {k: float(v) for k, v in (x.split("=") for x in kv if x)}
load = f"wrk {sys.argv[2]} s, {sys.argv[3]} connections"
def figure(fid, num, den, target):
    if num not in rows or den not in rows:
        return
    n, d = rows[num], rows[den]
    print(f"FIGURE id={fid} value={n['rps'] / d['rps']:.3f} target={target} errors={int(n['errors'] + d['errors'])} "
          f"detail={n['rps']:.0f} vs {d['rps']:.0f} req/s ({load})")
figure("sqlite-create-user-saml-vs-health", "create-user", "health", ">=0.25")
figure("sqlite-describe-user-vs-health", "describe-user", "health", ">=0.4")
figure("pg-create-user-vs-sqlite", "pg-create-user", "create-user", ">=0.5")
errors = sum(int(r["errors"]) for r in rows.values())
print(f"FIGURE id=stores-requests-failed value={errors} target=<=0 errors={errors} detail=every case of both stores")
PY
exit $failed
