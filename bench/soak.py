#!/usr/bin/env python3
"""Soak: mixed user load at a fixed rate for a long time, watching for growth.

Starts a release switchboard (SQLite data dir, or --database-url), makes a SAML instance and
--population users, then sends --rate requests a second for --minutes: CreateUser,
DescribeUser, ListUsers, SearchUsers, UpdateUserIdentityInfo / PhoneConfig /
SecurityProfiles and DeleteUser, creates and deletes balanced so that the number of users
stays near --population. The schedule is fixed (open loop): request i is due at start +
i/rate, whatever became of the earlier ones, and its latency counts from when it was due, so
a stall shows in the latencies instead of slowing the load (no coordinated omission).

Every --window seconds it samples the server's RSS and open file descriptors (/proc), the
database's connections (pg_stat_activity, PostgreSQL only) and the window's p99 latency,
and at the end says, for each, whether every sample after --warmup stays within 10% of the
median of those samples, and how the last minute compares with the first after warm-up.

    python3 bench/soak.py --minutes 10 [--database-url postgres://…/db]

Requests carry a well-formed SigV4 Authorization header; switchboard accepts any key.
"""
import argparse
import collections
import json
import os
import queue
import random
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from search_users import Conn, free_port

REPO = Path(__file__).resolve().parents[1]
TARGET = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")

# (operation, weight): creates and deletes share one weight, balanced around --population.
MIX = [("CreateOrDelete", 20), ("DescribeUser", 30), ("ListUsers", 10), ("SearchUsers", 10),
       ("UpdateUserIdentityInfo", 10), ("UpdateUserPhoneConfig", 10), ("UpdateUserSecurityProfiles", 10)]


class Load:
    def __init__(self, host, port, iid, sps, rp, population):
        self.host, self.port, self.iid, self.sps, self.rp = host, port, iid, sps, rp
        self.population = population
        self.users = []  # ids of live users
        self.lock = threading.Lock()
        self.serial = 0

    def create(self, conn):
        with self.lock:
            self.serial += 1
            n = self.serial
        uid = conn.call("PUT", f"/users/{self.iid}", {
            "Username": f"soak{n:08d}", "IdentityInfo": {"FirstName": f"First{n % 97}", "LastName": "Soak"},
            "PhoneConfig": {"PhoneType": "SOFT_PHONE"}, "SecurityProfileIds": [self.sps[0]], "RoutingProfileId": self.rp,
            "Tags": {"n": str(n % 10)}})["UserId"]
        with self.lock:
            self.users.append(uid)

    def pick(self, remove=False):
        with self.lock:
            if not self.users:
                return None
            i = random.randrange(len(self.users))
            if remove:
                self.users[i], self.users[-1] = self.users[-1], self.users[i]
                return self.users.pop()
            return self.users[i]

    def run(self, conn, op):
        iid = self.iid
        if op == "CreateOrDelete":
            with self.lock:
                grow = len(self.users) < self.population
            if grow:
                return "CreateUser", self.create(conn)
            uid = self.pick(remove=True)
            return "DeleteUser", conn.call("DELETE", f"/users/{iid}/{uid}")
        if op == "ListUsers":
            return op, conn.call("GET", f"/users-summary/{iid}?maxResults=100")
        if op == "SearchUsers":
            return op, conn.call("POST", "/search-users", {"InstanceId": iid, "MaxResults": 50, "SearchCriteria": {
                "StringCondition": {"FieldName": "Username", "Value": f"soak{random.randrange(100):02d}", "ComparisonType": "STARTS_WITH"}}})
        uid = self.pick()
        if uid is None:
            return "CreateUser", self.create(conn)
        if op == "DescribeUser":
            return op, conn.call("GET", f"/users/{iid}/{uid}")
        if op == "UpdateUserIdentityInfo":
            return op, conn.call("POST", f"/users/{iid}/{uid}/identity-info", {"IdentityInfo": {"FirstName": f"F{random.randrange(1000)}", "LastName": "Soak"}})
        if op == "UpdateUserPhoneConfig":
            return op, conn.call("POST", f"/users/{iid}/{uid}/phone-config", {"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": random.randrange(100)}})
        return op, conn.call("POST", f"/users/{iid}/{uid}/security-profiles", {"SecurityProfileIds": [random.choice(self.sps)]})


def rss_kb(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def pg_connections(url):
    if not url:
        return None
    db = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    out = subprocess.run(["psql", admin, "-Atc", f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'"],
                         capture_output=True, text=True, check=True).stdout
    return int(out.strip())


def verdict(name, values, unit):
    if not values or values[0] is None:
        return None
    med = statistics.median(values)
    worst = max(abs(v - med) for v in values) / med * 100 if med else 0.0
    per_min = max(1, len(values) // 10)
    first, last = statistics.mean(values[:per_min]), statistics.mean(values[-per_min:])
    drift = (last - first) / first * 100 if first else 0.0
    ok = worst <= 10
    print(f"{name:<16} median {med:>10.1f} {unit:<3} min {min(values):>10.1f}  max {max(values):>10.1f}  "
          f"widest {worst:5.1f}% from median  first→last {drift:+6.1f}%  {'FLAT (within 10%)' if ok else 'NOT within 10%'}")
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--rate", type=float, default=50, help="requests per second")
    ap.add_argument("--window", type=float, default=10, help="seconds per sample")
    ap.add_argument("--warmup", type=float, default=2, help="minutes left out of the verdict")
    ap.add_argument("--population", type=int, default=2000, help="users kept alive")
    ap.add_argument("--threads", type=int, default=16)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--database-url", help="PostgreSQL database to serve from (default: a SQLite data dir)")
    ap.add_argument("--bin", default=str(TARGET / "release" / "switchboard"))
    args = ap.parse_args()

    host, port = "127.0.0.1", args.port or free_port()
    data_dir = tempfile.mkdtemp(prefix="sb-soak-")
    store = ["--database-url", args.database_url] if args.database_url else ["--data-dir", data_dir]
    proc = subprocess.Popen([args.bin, "serve", "--listen", f"{host}:{port}", *store],
                            stdout=subprocess.DEVNULL, stderr=open(os.path.join(data_dir, "server.log"), "w"))
    try:
        for _ in range(300):
            try:
                Conn(host, port).call("GET", "/health")
                break
            except OSError:
                time.sleep(0.1)
        c = Conn(host, port)
        iid = c.call("PUT", "/instance", {"IdentityManagementType": "SAML", "InstanceAlias": f"soak-{os.getpid()}-{int(time.time())}",
                                          "InboundCallsEnabled": True, "OutboundCallsEnabled": True})["Id"]
        sps = [p["Id"] for p in c.call("GET", f"/security-profiles-summary/{iid}")["SecurityProfileSummaryList"]]
        rp = c.call("GET", f"/routing-profiles-summary/{iid}")["RoutingProfileSummaryList"][0]["Id"]
        load = Load(host, port, iid, sps, rp, args.population)
        for _ in range(args.population):
            load.create(c)
        # The server's connection pools open connections as concurrent requests need them, up
        # to their bound (SQLite: 8 readers, 3 fds each; PostgreSQL: 16 connections): a burst
        # of concurrent reads opens them all now, so that the soak sees them as warm-up and
        # not as growth.
        burst_end = time.monotonic() + 5

        def burst():
            conn = Conn(host, port)
            while time.monotonic() < burst_end:
                conn.call("GET", f"/users-summary/{iid}?maxResults=100")
        bursts = [threading.Thread(target=burst) for _ in range(48)]
        for b in bursts:
            b.start()
        for b in bursts:
            b.join()

        jobs = queue.Queue()
        done = []  # (finished at, latency s, op, ok)
        done_lock = threading.Lock()
        ops, weights = zip(*MIX)

        def worker():
            conn = Conn(host, port)
            while (job := jobs.get()) is not None:
                due, op = job
                try:
                    name, _ = load.run(conn, op)
                    ok = True
                except Exception as e:  # noqa: BLE001 - counted and shown, the soak carries on
                    name, ok = op, False
                    print(f"  error: {e}"[:300], flush=True)
                    conn = Conn(host, port)
                now = time.monotonic()
                with done_lock:
                    done.append((now, now - due, name, ok))

        workers = [threading.Thread(target=worker, daemon=True) for _ in range(args.threads)]
        for w in workers:
            w.start()

        start = time.monotonic()
        end = start + args.minutes * 60
        samples = []
        print(f"pid {proc.pid}; {args.rate:g} req/s for {args.minutes:g} min; one line per {args.window:g} s window", flush=True)
        print(f"{'t s':>5} {'rss MiB':>8} {'fds':>5} {'pg conns':>8} {'req':>6} {'errors':>6} {'p50 ms':>7} {'p99 ms':>7} {'backlog':>7}", flush=True)

        def sampler():
            seen = 0
            t = start + args.window
            while t <= end + 1e-6:
                time.sleep(max(0, t - time.monotonic()))
                with done_lock:
                    window = done[seen:]
                    seen = len(done)
                lat = sorted(x[1] for x in window)
                p = lambda q: lat[min(len(lat) - 1, int(len(lat) * q))] * 1000 if lat else 0.0  # noqa: E731
                s = dict(t=round(t - start), rss=rss_kb(proc.pid) / 1024, fds=len(os.listdir(f"/proc/{proc.pid}/fd")),
                         pg=pg_connections(args.database_url), n=len(window), errors=sum(not x[3] for x in window),
                         p50=p(0.5), p99=p(0.99), backlog=jobs.qsize())
                samples.append(s)
                print(f"{s['t']:>5} {s['rss']:>8.1f} {s['fds']:>5} {s['pg'] if s['pg'] is not None else '-':>8} {s['n']:>6} "
                      f"{s['errors']:>6} {s['p50']:>7.2f} {s['p99']:>7.2f} {s['backlog']:>7}", flush=True)
                t += args.window

        sampling = threading.Thread(target=sampler)
        sampling.start()
        i = 0
        while True:
            due = start + i / args.rate
            if due >= end:
                break
            time.sleep(max(0, due - time.monotonic()))
            jobs.put((due, random.choices(ops, weights)[0]))
            i += 1
        sampling.join()
        # Requests still queued when the time is up are not sent (the server is stopped).
        unsent = 0
        while True:
            try:
                jobs.get_nowait()
                unsent += 1
            except queue.Empty:
                break
        for _ in workers:
            jobs.put(None)
        if unsent:
            print(f"{unsent} requests were still waiting for a free client when the time was up: not sent")

        after = [s for s in samples if s["t"] > args.warmup * 60]
        total = collections.Counter(x[2] for x in done)
        errors = sum(not x[3] for x in done)
        print(f"\n{len(done)} requests ({', '.join(f'{k} {v}' for k, v in sorted(total.items()))}), {errors} failed; "
              f"{len(after)} windows after {args.warmup:g} min of warm-up:")
        results = [verdict("RSS", [s["rss"] for s in after], "MiB"), verdict("open fds", [s["fds"] for s in after], ""),
                   verdict("pg connections", [s["pg"] for s in after], ""), verdict("p99 latency", [s["p99"] for s in after], "ms")]
        print("SOAK " + ("FLAT" if all(r is not False for r in results) and not errors else "NOT FLAT"))
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
