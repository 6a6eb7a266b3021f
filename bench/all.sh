#!/usr/bin/env bash
# Every benchmark of issue 16, one after the other in one run, and ONE table of their figures,
# each with its target and whether it was met. BENCHMARKS.md quotes that table.
#   bench/all.sh            full sizes (about 10-15 minutes here)
#   bench/all.sh --quick    every case briefly, with small sizes; checks only that every case
#                           completes without a failed request (no timing is judged), for CI
#                           (scripts/test-all.sh's `bench` suite)
#
# A case is a command that prints, among anything else, lines of the form
#   FIGURE id=<figure> value=<number> target=<>=N|<=N|-> errors=<failed requests> detail=<text>
# and exits non-zero when it fails. A case whose script is not there is reported as
# "not run (script missing)", so a case can be listed here before its script lands; one that
# runs but prints no FIGURE line is reported as such. To add a case: one `case_def` line below.
#
# Environment: SWITCHBOARD_BIN (default: the release build, built first); SWITCHBOARD_VENV (a
# virtualenv with boto3 and the AWS CLI, put first on PATH; default .venv when it exists);
# BENCH_DATABASE_URL (a PostgreSQL database for the cases that measure PostgreSQL; default: a
# fresh one on SWITCHBOARD_TEST_PG_URL, or postgres://postgres@127.0.0.1:5432/postgres,
# dropped at the end; with no PostgreSQL answering they run on SQLite only); BENCH_PORT (the port
# bench/run.sh's servers listen on; default: one that is free at the start); BENCH_MOTO_VENV (moto_server's
# virtualenv; default /var/tmp/switchboard-bench/venv, or in --quick mode
# switchboard-bench/venv beside CARGO_TARGET_DIR; moto[server] is installed there when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
quick=0
[ "${1:-}" != --quick ] || quick=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
venv=${SWITCHBOARD_VENV:-$root/.venv}
[ ! -x "$venv/bin/python" ] || export PATH="$venv/bin:$PATH"
if [ -z "${SWITCHBOARD_BIN:-}" ]; then
    cargo build --release --locked -p switchboard
    SWITCHBOARD_BIN=$CARGO_TARGET_DIR/release/switchboard
fi
export SWITCHBOARD_BIN BENCH_QUICK=$quick
if [ $quick = 1 ]; then
    export BENCH_MOTO_VENV=${BENCH_MOTO_VENV:-$(dirname "$CARGO_TARGET_DIR")/switchboard-bench/venv}
fi
for tool in wrk hyperfine aws curl; do
    command -v $tool >/dev/null || { echo "bench/all.sh needs $tool (wrk, hyperfine: apt-get install; aws: pip install awscli)" >&2; exit 1; }
done

work=$(mktemp -d)
cleanup=()
trap 'for c in "${cleanup[@]}"; do eval "$c"; done; rm -rf "$work"' EXIT
if [ -z "${BENCH_DATABASE_URL:-}" ]; then
    admin_url=${SWITCHBOARD_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
    if command -v psql >/dev/null && psql "$admin_url" -Atqc 'SELECT 1' >/dev/null 2>&1; then
        db=switchboard_bench_all_$$
        psql "$admin_url" -qc "CREATE DATABASE $db" >/dev/null
        cleanup+=("psql '$admin_url' -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)' >/dev/null")
        export BENCH_DATABASE_URL=${admin_url%/*}/$db
    else
        echo "== no PostgreSQL answers at $admin_url: the PostgreSQL figures are not measured"
        export BENCH_SKIP_PG=1
    fi
fi
export BENCH_PORT=${BENCH_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}

# case_def NAME "FULL COMMAND" "QUICK COMMAND": the case's script is the command's first word
# with a slash in it.
names=() full=() brief=()
case_def() { names+=("$1"); full+=("$2"); brief+=("$3"); }
case_def stores        "bench/stores.sh 10 32"                 "bench/stores.sh 1 4"
case_def moto          "bench/moto.sh 10 32"                   "bench/moto.sh 1 4"
case_def cli           "scripts/bench-cli.sh 0"                "scripts/bench-cli.sh 0"
case_def passwords     "scripts/bench-passwords.sh 10000 fast" "scripts/bench-passwords.sh 20 fast"
# Cases whose scripts other work adds: wired in here already.
case_def search-users  "python3 bench/search_users.py --bin $SWITCHBOARD_BIN --users 100000" \
                       "python3 bench/search_users.py --bin $SWITCHBOARD_BIN --users 300 --reps 2"
case_def import-users  "scripts/bench-import.sh 10000"         "scripts/bench-import.sh 200"
case_def million-users "bench/million.sh 1000000 20 32"          "bench/million.sh 2000 1 4"
case_def describe-under-import "bench/describe-during-import.sh 10000 100 20" "bench/describe-during-import.sh 40 20 2"

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
echo "== bench/all.sh$([ $quick = 0 ] || echo ' --quick') on $(nproc) cores, $started, load average $load_start"
echo "== $("$SWITCHBOARD_BIN" --version), logs in $work"
results=$work/results
: >"$results"
for i in "${!names[@]}"; do
    name=${names[$i]}
    cmd=${full[$i]}
    [ $quick = 0 ] || cmd=${brief[$i]}
    script=
    for word in $cmd; do
        [[ $word != */* ]] || { script=$word; break; }
    done
    if [ ! -f "$script" ]; then
        echo "== $name: not run ($script missing)"
        echo "CASE name=$name status=missing script=$script" >>"$results"
        continue
    fi
    echo "== $name: $cmd (load average $(load))"
    t0=$SECONDS
    rc=0
    # shellcheck disable=SC2086
    $cmd >"$work/$name.log" 2>&1 </dev/null || rc=$?
    grep '^FIGURE ' "$work/$name.log" | sed "s/^FIGURE /FIGURE case=$name /" >>"$results" || true
    echo "CASE name=$name status=$rc seconds=$((SECONDS - t0)) log=$work/$name.log" >>"$results"
    if [ $rc != 0 ]; then
        echo "== $name: FAILED (exit $rc); its log:"
        sed "s/^/[$name] /" "$work/$name.log"
    else
        echo "== $name: done in $((SECONDS - t0)) s"
    fi
done
load_end=$(load)
echo
python3 - "$results" "$quick" "$load_start" "$load_end" <<'PY'
import sys
results, quick, load_start, load_end = sys.argv[1], sys.argv[2] == "1", sys.argv[3], sys.argv[4]
def fields(line):
    head, _, detail = line.partition(" detail=")
    f = dict(x.split("=", 1) for x in head.split()[1:])
    f["detail"] = detail.strip()
    return f
cases, figures = [], []
for line in open(results):
    (cases if line.startswith("CASE ") else figures).append(fields(line))
def judge(f):
    if int(f["errors"]):
        return "FAILED" if quick else "missed (failed requests)"
    if quick:
        return "ok"
    t, v = f["target"], float(f["value"])
    if t == "-":
        return "-"
    ok = v >= float(t[2:]) if t.startswith(">=") else v <= float(t[2:])
    return "met" if ok else "missed"
rows = []
bad = 0
for c in cases:
    mine = [f for f in figures if f["case"] == c["name"]]
    if c["status"] == "missing":
        rows.append((c["name"], "-", "-", "-", f"not run (script missing: {c['script']})", ""))
        continue
    for f in mine:
        verdict = judge(f)
        bad += verdict == "FAILED"
        rows.append((c["name"], f["id"], f["value"], f["target"], verdict, f["detail"]))
    if c["status"] != "0":
        bad += 1
        rows.append((c["name"], "-", "-", "-", f"FAILED (exit {c['status']}, log {c['log']})", ""))
    elif not mine:
        rows.append((c["name"], "-", "-", "-", "ran; prints no FIGURE line (not wired in)", ""))
head = ("case", "figure", "value", "target", "quick check" if quick else "result", "detail")
widths = [max(len(str(r[i])) for r in rows + [head]) for i in range(5)]
for r in [head] + rows:
    print("  ".join(str(x).ljust(w) for x, w in zip(r, widths)) + "  " + r[5])
print(f"\nload average (1, 5, 15 min): {load_start} at the start, {load_end} at the end")
if quick:
    print(f"quick check: {'every case completed without a failed request' if not bad else f'{bad} failure(s)'}")
sys.exit(1 if bad else 0)
PY
