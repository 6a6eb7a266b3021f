#!/usr/bin/env bash
# DescribeInstance on switchboard and on moto_server (moto's stand-alone server, the usual way
# to fake AWS in tests) under the same wrk load, one after the other in one invocation; prints
# the ratio as a FIGURE line (bench/all.sh collects it; issue 16's goal: >= 50x).
#   bench/moto.sh [seconds per case, default 10] [connections, default 32]
# moto_server comes from the virtualenv BENCH_MOTO_VENV (default /var/tmp/switchboard-bench/venv),
# into which moto[server] is installed from PyPI when it is missing there.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${2:-32}
venv=${BENCH_MOTO_VENV:-/var/tmp/switchboard-bench/venv}
moto_version=5.2.5
if [ ! -x "$venv/bin/moto_server" ]; then
    echo "== installing moto[server]==$moto_version into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$moto_version"
fi
echo "== switchboard"
sb=$(BENCH_CASES="health describe-instance" bench/run.sh "$secs" "$conns")
echo "$sb" | sed -n '/^case/,$p'
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$venv/bin/moto_server" -H 127.0.0.1 -p "$port" >"$work/moto.log" 2>&1 &
moto=$!
trap 'kill $moto 2>/dev/null; wait $moto 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -so /dev/null http://127.0.0.1:$port/moto-api/ && break; sleep 0.2; done
iid=$("$venv/bin/python" - "http://127.0.0.1:$port" <<'PY'
import sys, boto3
c = boto3.client("connect", endpoint_url=sys.argv[1], region_name="us-east-1",
                 aws_access_key_id="AKIDBENCH", aws_secret_access_key="x")
print(c.create_instance(IdentityManagementType="SAML", InstanceAlias="bench-moto",
                        InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"])
PY
)
echo "== moto_server $("$venv/bin/python" -c 'import moto; print(moto.__version__)')"
line=$(METHOD=GET wrk -t2 -c"$conns" -d"${secs}s" --timeout 10s -s bench/wrk.lua "http://127.0.0.1:$port/instance/$iid" | grep '^RESULT')
echo "describe-instance $line"
python3 - "$(echo "$sb" | grep '^describe-instance RESULT')" "$line" "$secs" "$conns" <<'PY'
import sys
sb, moto = ({k: float(v) for k, v in (x.split("=") for x in line.split() if "=" in x)} for line in sys.argv[1:3])
print(f"FIGURE id=describe-instance-vs-moto value={sb['rps'] / moto['rps']:.1f} target=>=50 errors={int(sb['errors'] + moto['errors'])} "
      f"detail=switchboard {sb['rps']:.0f} vs moto_server {moto['rps']:.0f} req/s (wrk {sys.argv[3]} s, {sys.argv[4]} connections)")
PY
