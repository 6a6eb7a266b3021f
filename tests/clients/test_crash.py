"""Crash safety: concurrent CreateUser load, SIGKILL at random points twenty times, restart on
the same data dir (or database) after each. Every create acknowledged with 200 must exist
exactly once, with the id it was acknowledged with; only creates in flight at a kill may have
happened without an answer. On SQLite the database passes `PRAGMA integrity_check`, both
right after a kill (before switchboard opens it again) and after the final clean stop.

Bounded: about a second of load per round; the whole test takes well under 90 s.
"""
from __future__ import annotations

import datetime as dt
import http.client
import json
import random
import sqlite3
import threading
import time

from conftest import (ACCESS_KEY, BASIC_ROUTING_PROFILE, DATABASE_URL, PASSWORD, REGION,
                      assert_users_exactly, create_instance, routing_profiles, security_profiles)

KILLS = 20
THREADS = 6
SEED = 6_2026


def auth_headers() -> dict[str, str]:
    now = dt.datetime.now(dt.timezone.utc)
    return {"Content-Type": "application/json",
            "X-Amz-Date": now.strftime("%Y%m%dT%H%M%SZ"),
            "Authorization": f"AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{now:%Y%m%d}/{REGION}/connect/"
                             f"aws4_request, SignedHeaders=host;x-amz-date, Signature=00"}


class Load:
    """THREADS workers sending CreateUser with fresh usernames over keep-alive connections
    until the server dies under them."""

    def __init__(self, port: int, instance_id: str, sp: str, rp: str, round_no: int):
        self.port, self.instance_id, self.sp, self.rp, self.round_no = port, instance_id, sp, rp, round_no
        self.acknowledged: dict[str, str] = {}
        self.in_flight: set[str] = set()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.n = 0
        self.threads = [threading.Thread(target=self.worker, daemon=True) for _ in range(THREADS)]

    def next_name(self) -> str:
        with self.lock:
            self.n += 1
            return f"k{self.round_no:02d}x{self.n:05d}"

    def worker(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        while True:
            name = self.next_name()
            body = json.dumps({"Username": name, "Password": PASSWORD,
                               "IdentityInfo": {"FirstName": "Crash", "LastName": name},
                               "PhoneConfig": {"PhoneType": "SOFT_PHONE"},
                               "SecurityProfileIds": [self.sp], "RoutingProfileId": self.rp})
            with self.lock:
                self.in_flight.add(name)
            try:
                conn.request("PUT", f"/users/{self.instance_id}", body=body, headers=auth_headers())
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this create may or may not have happened
            with self.lock:
                if resp.status == 200:
                    self.acknowledged[name] = json.loads(data)["UserId"]
                    self.in_flight.discard(name)
                else:
                    self.errors.append(f"{name}: {resp.status} {data[:200]!r}")
                    self.in_flight.discard(name)

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def join(self) -> None:
        for t in self.threads:
            t.join(15)
        assert not any(t.is_alive() for t in self.threads), "a load thread hangs after the kill"


def integrity_check(db_path) -> str:
    conn = sqlite3.connect(str(db_path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def test_acknowledged_creates_survive_twenty_kill_9s(spawn_server, tmp_path):
    started = time.monotonic()
    rng = random.Random(SEED)
    data_dir = tmp_path / "data"
    db_path = data_dir / "switchboard.db"
    srv = spawn_server(data_dir, "crash-00.log")
    client = srv.client(connect_timeout=2, read_timeout=10)
    instance_id = create_instance(client)["Id"]
    sp = security_profiles(client, instance_id)["Agent"]
    rp = routing_profiles(client, instance_id)[BASIC_ROUTING_PROFILE]

    acknowledged: dict[str, str] = {}
    maybe: set[str] = set()
    per_round: list[int] = []
    for round_no in range(KILLS):
        load = Load(srv.port, instance_id, sp, rp, round_no)
        load.start()
        time.sleep(rng.uniform(0.2, 1.5))  # the kill comes at a random point of the load
        srv.kill()
        load.join()
        assert not load.errors, load.errors[:5]
        acknowledged.update(load.acknowledged)
        maybe |= load.in_flight
        per_round.append(len(load.acknowledged))
        if not DATABASE_URL:
            # what the kill left behind is a sound database (SQLite recovers the WAL here)
            assert integrity_check(db_path) == "ok"
        srv = spawn_server(data_dir, f"crash-{round_no + 1:02d}.log")

    assert sum(1 for n in per_round if n > 0) >= KILLS // 2, f"too few rounds saw acknowledged creates: {per_round}"
    client = srv.client(connect_timeout=2, read_timeout=30)
    by_name = assert_users_exactly(client, instance_id, acknowledged, maybe, last_name=lambda name: name)

    assert srv.stop() == 0, srv.log_tail()
    if not DATABASE_URL:
        assert integrity_check(db_path) == "ok"
    print(f"{len(acknowledged)} acknowledged creates over {KILLS} kills ({per_round}), "
          f"{len(set(by_name) & maybe)} of {len(maybe)} unanswered ones happened; "
          f"{time.monotonic() - started:.1f}s")
