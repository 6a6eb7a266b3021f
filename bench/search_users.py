#!/usr/bin/env python3
"""SearchUsers by username prefix over many users.

Starts a release switchboard on a fresh data dir (or uses --endpoint), makes a SAML instance
(no password hashing, so users are created at the store's speed), creates --users users named
user000000, user000001, ... over keep-alive HTTP from --threads threads, then times SearchUsers
requests: prefixes of several widths (served by the name index), an exact username, and for
comparison a FirstName CONTAINS search that has to look at every user.

    cargo build --release -p switchboard
    python3 bench/search_users.py --users 100000

Requests carry a well-formed SigV4 Authorization header; switchboard accepts any key.
"""
import argparse
import datetime as dt
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")


def auth_headers():
    now = dt.datetime.now(dt.timezone.utc)
    return {"Content-Type": "application/json", "X-Amz-Date": now.strftime("%Y%m%dT%H%M%SZ"),
            "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIDBENCH/{now:%Y%m%d}/us-east-1/connect/"
                             f"aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=00"}


class Conn:
    def __init__(self, host, port):
        self.c = http.client.HTTPConnection(host, port, timeout=120)

    def call(self, method, path, body=None):
        payload = json.dumps(body) if body is not None else None
        try:
            self.c.request(method, path, body=payload, headers=auth_headers())
            r = self.c.getresponse()
        except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
            # The server closes keep-alive connections idle for --header-timeout (10 s):
            # reconnect, as HTTP client libraries do.
            self.c.close()
            self.c.request(method, path, body=payload, headers=auth_headers())
            r = self.c.getresponse()
        data = r.read()
        if r.status != 200:
            raise RuntimeError(f"{method} {path} -> {r.status} {data[:300]!r}")
        return json.loads(data) if data else {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=100_000)
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--endpoint", help="host:port of a running switchboard (default: start one)")
    ap.add_argument("--bin", default=str(TARGET / "release" / "switchboard"))
    args = ap.parse_args()

    proc, data_dir = None, None
    if args.endpoint:
        host, port = args.endpoint.rsplit(":", 1)
        port = int(port)
    else:
        host, port = "127.0.0.1", free_port()
        data_dir = tempfile.mkdtemp(prefix="sb-bench-")
        proc = subprocess.Popen([args.bin, "serve", "--listen", f"{host}:{port}", "--data-dir", data_dir],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                http.client.HTTPConnection(host, port, timeout=1).request("GET", "/health")
                break
            except OSError:
                time.sleep(0.05)
    try:
        c = Conn(host, port)
        iid = c.call("PUT", "/instance", {"IdentityManagementType": "SAML", "InstanceAlias": f"bench-{os.getpid()}-{int(time.time())}",
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})["Id"]
        sps = c.call("GET", f"/security-profiles-summary/{iid}")["SecurityProfileSummaryList"]
        rps = c.call("GET", f"/routing-profiles-summary/{iid}")["RoutingProfileSummaryList"]
        sp, rp = sps[0]["Id"], rps[0]["Id"]

        counter = iter(range(args.users))
        lock = threading.Lock()

        def worker():
            conn = Conn(host, port)
            while True:
                with lock:
                    i = next(counter, None)
                if i is None:
                    return
                conn.call("PUT", f"/users/{iid}", {
                    "Username": f"user{i:06d}", "IdentityInfo": {"FirstName": f"First{i % 977}", "LastName": "Bench"},
                    "PhoneConfig": {"PhoneType": "SOFT_PHONE"}, "SecurityProfileIds": [sp], "RoutingProfileId": rp,
                    "Tags": {"shard": str(i % 10)}})

        t0 = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.perf_counter() - t0
        print(f"created {args.users} users in {took:.1f}s ({args.users / took:.0f}/s)")

        def timed(label, criteria, reps=args.reps, max_results=100):
            body = {"InstanceId": iid, "MaxResults": max_results, "SearchCriteria": criteria}
            times, r = [], None
            for _ in range(reps):
                s = time.perf_counter()
                r = c.call("POST", "/search-users", body)
                times.append((time.perf_counter() - s) * 1000)
            times.sort()
            print(f"{label:<44} matches={r['ApproximateTotalCount']:>6} page={len(r['Users']):>3}  "
                  f"median {statistics.median(times):7.2f} ms  p95 {times[int(len(times) * 0.95) - 1]:7.2f} ms")

        def starts(prefix):
            return {"StringCondition": {"FieldName": "Username", "Value": prefix, "ComparisonType": "STARTS_WITH"}}

        n = args.users
        timed(f"Username EXACT user{n // 2:06d}", {"StringCondition": {
            "FieldName": "Username", "Value": f"user{n // 2:06d}", "ComparisonType": "EXACT"}})
        middle = f"user{n // 2:06d}"
        for width in (1, 2, 3, 4):
            timed(f"Username STARTS_WITH {middle[:-width]}", starts(middle[:-width]), reps=args.reps if width < 4 else max(5, args.reps // 5))
        timed(f"Username STARTS_WITH {middle[:-3]} AND FirstName STARTS_WITH First1",
              {"AndConditions": [starts(middle[:-3]),
                                 {"StringCondition": {"FieldName": "FirstName", "Value": "First1", "ComparisonType": "STARTS_WITH"}}]})
        timed("FirstName CONTAINS (no index: every user)", {"StringCondition": {
            "FieldName": "FirstName", "Value": "First42", "ComparisonType": "CONTAINS"}}, reps=max(3, args.reps // 10))
    finally:
        if proc:
            proc.terminate()
            proc.wait()
        if data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
