"""Resource exhaustion: no single caller can crash switchboard, push its memory past the bound
the README states (section "Limits"), or cost a well-behaved client running alongside a 5xx.

Each test starts a server of its own, attacks it while sampling the process (peak RSS from
/proc/<pid>/status, open descriptors from /proc/<pid>/fd) and while a well-behaved client
reads an instance every few milliseconds, then checks the bounds and that client's answers.
Set SWITCHBOARD_EXHAUSTION_REPORT to a file to get each attack's numbers as JSON lines.

The attacks (issue 17): a TagResource body with thousands of bad tag keys; hundreds of
concurrent CreateUsers with passwords that will be refused; searches over 20,000 hierarchy
groups; hundreds of concurrent searches against the reader pool; large bodies held open
before authentication; repeated query parameters; a path with `//` signed by botocore.
"""
from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import http.client
import json
import os
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.parse
import uuid
from pathlib import Path

import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest

import conftest
from conftest import (ACCESS_KEY, PASSWORD, REGION, SECRET_KEY, HttpResponse, create_group,
                      expect_error, new_instance, random_account, user_request, write_credentials)

# The bounds the README states (section "Limits").
PEAK_RSS_MIB = 256
# Descriptors besides the attack's own connections: the listener, the log, the database
# connections (SQLite: the writer and at most 8 readers, 3 files each; PostgreSQL: 16
# sockets) and the runtime's own.
SPARE_FDS = 64


# -- measuring ---------------------------------------------------------------------------------

def status_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def open_fds(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


class Watch:
    """Samples a server's RSS and descriptors while an attack runs, and drives a well-behaved
    client beside it (signed DescribeInstance calls, each answer's status recorded)."""

    def __init__(self, srv: conftest.Server, instance_id: str, name: str):
        self.srv, self.instance_id, self.name = srv, instance_id, name
        self.pid = srv.proc.pid
        self.rss_before = status_kib(self.pid, "VmRSS") // 1024
        self.fds_before = open_fds(self.pid)
        self.peak_rss = self.rss_before
        self.peak_fds = self.fds_before
        self.statuses: list[int] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._sample, daemon=True),
                         threading.Thread(target=self._client, daemon=True)]

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, ValueError):
                self.peak_rss = max(self.peak_rss, status_kib(self.pid, "VmRSS") // 1024)
                self.peak_fds = max(self.peak_fds, open_fds(self.pid))
            time.sleep(0.02)

    def _client(self) -> None:
        while not self._stop.is_set():
            try:
                status = self.srv.http("GET", f"/instance/{self.instance_id}", timeout=60).status
            except OSError:
                status = 599  # no answer at all counts as a server failure
            self.statuses.append(status)
            time.sleep(0.02)

    def __enter__(self) -> "Watch":
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(timeout=120)
        alive = self.srv.proc.poll() is None
        if alive:
            self.peak_rss = max(self.peak_rss, status_kib(self.pid, "VmHWM") // 1024)
        # The attack's connections close; the server may notice only once a wait ends (10 s).
        deadline = time.monotonic() + 15
        while alive and open_fds(self.pid) > self.fds_before + SPARE_FDS and time.monotonic() < deadline:
            time.sleep(0.2)
        self.fds_after = open_fds(self.pid) if alive else None
        report = os.environ.get("SWITCHBOARD_EXHAUSTION_REPORT")
        if report:
            with open(report, "a") as f:
                f.write(json.dumps({
                    "attack": self.name, "store": "postgres" if conftest.DATABASE_URL else "sqlite",
                    "alive": alive, "rss_before_mib": self.rss_before, "peak_rss_mib": self.peak_rss,
                    "fds_before": self.fds_before, "peak_fds": self.peak_fds, "fds_after": self.fds_after,
                    "client_calls": len(self.statuses),
                    "client_5xx": sum(1 for s in self.statuses if s >= 500),
                    "client_ok": sum(1 for s in self.statuses if s == 200),
                }) + "\n")

    def check(self, attack_fds: int = 0) -> None:
        """The server is alive, stayed under the stated bounds, and the well-behaved client
        got answers and never a 5xx."""
        assert self.srv.proc.poll() is None, f"the server died:\n{self.srv.log_tail()}"
        assert self.peak_rss <= PEAK_RSS_MIB, f"{self.name}: peak RSS {self.peak_rss} MiB > {PEAK_RSS_MIB} MiB"
        assert self.peak_fds <= self.fds_before + attack_fds + SPARE_FDS, \
            f"{self.name}: {self.peak_fds} descriptors open (before: {self.fds_before}, attack: {attack_fds})"
        assert self.fds_after <= self.fds_before + SPARE_FDS, \
            f"{self.name}: {self.fds_after} descriptors still open after the attack (before: {self.fds_before})"
        errors = [s for s in self.statuses if s >= 500]
        assert not errors, f"{self.name}: the well-behaved client got {len(errors)} 5xx of {len(self.statuses)}"
        assert 200 in self.statuses, f"{self.name}: the well-behaved client got no answer: {self.statuses[:20]}"


# -- raw signed requests -----------------------------------------------------------------------

def signed_headers(srv: conftest.Server, method: str, path: str, body: bytes = b"",
                   key: str = ACCESS_KEY, secret: str = SECRET_KEY) -> dict[str, str]:
    """Headers of a request signed by botocore's SigV4Auth (`path` includes the query)."""
    hdrs = {"Content-Type": "application/json"} if body else {}
    req = botocore.awsrequest.AWSRequest(method=method, url=srv.endpoint + path, data=body, headers=hdrs)
    botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "connect", REGION).add_auth(req)
    return dict(req.headers.items())


def send(srv: conftest.Server, method: str, path: str, body: bytes = b"",
         headers: dict[str, str] | None = None, timeout: float = 120) -> HttpResponse:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or signed_headers(srv, method, path, body))
        resp = conn.getresponse()
        return HttpResponse(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def at_once(n: int, call) -> list:
    """Runs call(i) for i < n on n threads released together; returns the results (or the
    exceptions raised)."""
    barrier = threading.Barrier(n)

    def run(i):
        barrier.wait()
        try:
            return call(i)
        except Exception as e:  # noqa: BLE001 - the caller looks at what happened
            return e

    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(run, range(n)))


def statuses(results: list) -> dict:
    out: dict = {}
    for r in results:
        key = r.status if isinstance(r, HttpResponse) else type(r).__name__
        out[key] = out.get(key, 0) + 1
    return out


@pytest.fixture
def target(spawn_server):
    """A server of the test's own and a fresh instance in it."""
    def make(args: list[str] = ()):
        srv = spawn_server(args=list(args))
        inst = new_instance(srv.client())
        return srv, inst
    return make


# -- 1. validation messages ----------------------------------------------------------------------

def bad_tags(n: int) -> dict[str, str]:
    # "aws:" keys break the TagKey pattern; each is 64 characters, as in the review's body
    return {f"aws:{i:060d}": "v" for i in range(n)}


def test_thousands_of_bad_tag_keys_get_a_short_answer(target):
    srv, inst = target()
    body = json.dumps({"tags": bad_tags(4600)}).encode()
    assert len(body) > 320_000
    path = "/tags/" + urllib.parse.quote(inst.arn, safe="")
    with Watch(srv, inst.id, "validation: 330 KB TagResource, 4,600 bad keys") as w:
        results = at_once(8, lambda i: send(srv, "POST", path, body))
    w.check(attack_fds=8)
    for r in results:
        assert isinstance(r, HttpResponse), r
        assert r.status == 400, r
        message = r.json()["Message"]
        assert message.startswith("4601 validation errors detected: "), message[:200]
        assert message.endswith("; and 4591 more"), message[-200:]
        assert len(r.body) < 32_000, f"{len(r.body)} bytes"
    # nothing was tagged
    assert srv.client().list_tags_for_resource(resourceArn=inst.arn).get("tags", {}) == {}


def test_a_huge_bad_body_on_an_unimplemented_operation_is_cheap(target):
    srv, inst = target()
    body = json.dumps({"Name": "x", "Status": "PUBLISHED", "Content": {}, "Tags": bad_tags(4600)}).encode()
    with Watch(srv, inst.id, "validation: 330 KB CreateView (not implemented)") as w:
        results = at_once(8, lambda i: send(srv, "PUT", f"/views/{inst.id}", body))
    w.check(attack_fds=8)
    for r in results:
        assert isinstance(r, HttpResponse) and r.status == 501, r
        assert r.header("x-amzn-ErrorType") == "NotImplementedException"
        assert len(r.body) < 1000


# -- 2. password hashing -----------------------------------------------------------------------

def test_refused_create_users_hash_nothing(target):
    srv, inst = target()
    body = json.dumps({**user_request(inst, Password=PASSWORD), "SecurityProfileIds": [str(uuid.uuid4())]}).encode()
    path = f"/users/{inst.id}"
    with Watch(srv, inst.id, "argon2: 600 concurrent refused CreateUsers with passwords") as w:
        results = at_once(600, lambda i: send(srv, "PUT", path, body))
    w.check(attack_fds=600)
    assert statuses(results) == {400: 600}, statuses(results)
    assert all("does not exist" in r.json()["Message"] for r in results)
    # and the user was not created
    assert srv.client().list_users(InstanceId=inst.id)["UserSummaryList"] == []


def test_concurrent_hashing_is_bounded_and_queued(target):
    srv, inst = target()
    path = f"/users/{inst.id}"

    def create(i):
        body = json.dumps(user_request(inst, Username=f"hash{i}", Password=PASSWORD)).encode()
        return send(srv, "PUT", path, body)

    with Watch(srv, inst.id, "argon2: 100 concurrent valid CreateUsers with passwords") as w:
        results = at_once(100, create)
    w.check(attack_fds=100)
    counts = statuses(results)
    # each one is either created or throttled (retryable), never a 5xx
    assert set(counts) <= {200, 429}, counts
    throttled = [r for r in results if r.status == 429]
    assert all(r.header("x-amzn-ErrorType") == "ThrottlingException" for r in throttled)
    users = srv.client().list_users(InstanceId=inst.id)["UserSummaryList"]
    assert len(users) == counts.get(200, 0)


# -- 3. searches over a large instance ---------------------------------------------------------

GROUPS = 20_000
USERS = 2_000


def copies(kind: str, old_id: str, old_name: str, prefix: str, n: int) -> list[str]:
    """SQL (the same on SQLite and PostgreSQL, whose schemas are one) that copies a record
    and its references n - 1 times, as ids `{old_id}-{i}` named `{prefix}{i}`."""
    rows = (f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n - 1}) "
            "SELECT r.*, n.i FROM {table} r, n WHERE r.{id} = '" + old_id + "' AND r.{kind} = '" + kind + "'")
    new_id = f"'{old_id}-' || i"
    return [
        "INSERT INTO resources (account, instance, kind, id, name, body, secret) "
        f"SELECT account, instance, kind, {new_id}, '{prefix}' || i, "
        f"replace(replace(body, '{old_id}', {new_id}), '\"{old_name}\"', '\"{prefix}' || i || '\"'), secret "
        f"FROM ({rows.format(table='resources', id='id', kind='kind')}) c",
        "INSERT INTO refs (account, instance, from_kind, from_id, to_kind, to_id) "
        f"SELECT account, instance, from_kind, {new_id}, to_kind, to_id "
        f"FROM ({rows.format(table='refs', id='from_id', kind='from_kind')}) c",
    ]


def run_sql(srv: conftest.Server, statements: list[str]) -> None:
    """Runs statements on the server's store, beside it (neither store caches anything)."""
    if conftest.DATABASE_URL:
        subprocess.run(["psql", conftest.DATABASE_URL, "-q", "-v", "ON_ERROR_STOP=1", "-1",
                        "-c", "; ".join(statements)], check=True, capture_output=True)
    else:
        db = sqlite3.connect(srv.data_dir / "switchboard.db", timeout=30)
        with db:
            for sql in statements:
                db.execute(sql)
        db.close()


@pytest.fixture
def big_instance(target):
    """A server with an instance holding 20,000 hierarchy groups and 2,000 users: one group
    and one user made by the API, then copied in the store."""
    srv, inst = target()
    client = srv.client()
    group = create_group(client, inst, name="g-0")["HierarchyGroupId"]
    user = client.create_user(**user_request(inst, Username="u-0"))["UserId"]
    run_sql(srv, copies("agent-group", group, "g-0", "g-", GROUPS) + copies("agent", user, "u-0", "u-", USERS))
    return srv, inst


def test_searches_over_20000_groups_follow_the_page_size(big_instance):
    srv, inst = big_instance
    body = json.dumps({"InstanceId": inst.id, "MaxResults": 1}).encode()
    with Watch(srv, inst.id, "search: 8 concurrent SearchUserHierarchyGroups over 20,000 groups") as w:
        results = at_once(8, lambda i: send(srv, "POST", "/search-user-hierarchy-groups", body))
    w.check(attack_fds=8)
    for r in results:
        assert isinstance(r, HttpResponse) and r.status == 200, r
        page = r.json()
        assert page["ApproximateTotalCount"] == GROUPS
        assert len(page["UserHierarchyGroups"]) == 1 and page["NextToken"]
    # the pages still walk the whole instance in order, with paths up to date
    client = srv.client()
    first = client.search_user_hierarchy_groups(InstanceId=inst.id, MaxResults=100)
    second = client.search_user_hierarchy_groups(InstanceId=inst.id, MaxResults=100, NextToken=first["NextToken"])
    ids = [g["Id"] for g in first["UserHierarchyGroups"] + second["UserHierarchyGroups"]]
    assert ids == sorted(ids) and len(set(ids)) == 200
    g = second["UserHierarchyGroups"][0]
    assert g["HierarchyPath"]["LevelOne"]["Id"] == g["Id"]
    found = client.search_user_hierarchy_groups(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "Name", "Value": "g-19999", "ComparisonType": "EXACT"}})
    assert [x["Name"] for x in found["UserHierarchyGroups"]] == ["g-19999"]
    assert found["ApproximateTotalCount"] == 1


# -- 4. the database connection pool -----------------------------------------------------------

def test_hundreds_of_concurrent_searches_queue_for_the_pool(big_instance):
    # Each search reads every user (no index serves the criteria), in batches of 1,000.
    srv, inst = big_instance
    body = json.dumps({"InstanceId": inst.id, "MaxResults": 1, "SearchCriteria": {
        "StringCondition": {"FieldName": "FirstName", "Value": "nobody", "ComparisonType": "EXACT"}}}).encode()
    with Watch(srv, inst.id, "pool: 700 concurrent SearchUsers over 2,000 users") as w:
        results = at_once(700, lambda i: send(srv, "POST", "/search-users", body))
    w.check(attack_fds=700)
    counts = statuses(results)
    assert set(counts) <= {200, 429}, counts
    assert counts.get(200, 0) > 0
    assert all(r.json()["ApproximateTotalCount"] == 0 for r in results if r.status == 200)
    assert all(r.header("x-amzn-ErrorType") == "ThrottlingException" for r in results if r.status == 429)


def test_a_pool_of_one_still_answers_everyone(target):
    srv, inst = target(["--database-pool-size", "1"])
    body = json.dumps({"InstanceId": inst.id}).encode()
    with Watch(srv, inst.id, "pool: 200 concurrent searches on a pool of one") as w:
        results = at_once(200, lambda i: send(srv, "POST", "/search-queues", body))
    w.check(attack_fds=200)
    counts = statuses(results)
    assert set(counts) <= {200, 429}, counts
    assert counts.get(200, 0) > 0


# -- 5. bodies held before authentication --------------------------------------------------------

def hold_bodies(srv: conftest.Server, n: int, size: int, hold: float) -> list[socket.socket]:
    """n connections that each announce a `size`-byte CreateUser body, send all of it but the
    last byte, and keep the connection open for `hold` seconds."""
    now = dt.datetime.now(dt.timezone.utc)
    head = (f"PUT /users/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {size}\r\nX-Amz-Date: {now:%Y%m%dT%H%M%SZ}\r\n"
            f"Authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{now:%Y%m%d}/{REGION}/connect/"
            f"aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n\r\n").encode()
    body = b'{"Username": "' + b"x" * (size - 16) + b'"}'
    assert len(body) == size
    socks: list[socket.socket] = []

    def attack(i):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=hold + 30)
        socks.append(s)
        with contextlib.suppress(OSError):
            s.sendall(head + body[:-1])
            time.sleep(hold)

    at_once(n, attack)
    return socks


def test_large_bodies_before_authentication_share_a_budget(target):
    srv, inst = target()
    with Watch(srv, inst.id, "bodies: 300 connections each holding a 1 MiB body unfinished") as w:
        socks = hold_bodies(srv, 300, (1 << 20) - 1024, hold=5)
    for s in socks:
        s.close()
    w.check(attack_fds=300)
    # and the server is as it was
    assert srv.client().describe_instance(InstanceId=inst.id)["Instance"]["Id"] == inst.id


def test_a_body_over_the_budget_is_throttled_not_dropped(target):
    srv, inst = target()
    socks = []
    try:
        # 80 × ~1 MiB waiting bodies spend the 64 MiB budget
        holder = threading.Thread(target=lambda: socks.extend(hold_bodies(srv, 80, (1 << 20) - 1024, hold=18)))
        holder.start()
        time.sleep(3)
        big = json.dumps({**user_request(inst, Password=PASSWORD), "Extra": "y" * (512 << 10)}).encode()
        r = send(srv, "PUT", f"/users/{inst.id}", big)
        assert r.status == 429 and r.header("x-amzn-ErrorType") == "ThrottlingException", r
        # small requests do not wait on the budget
        assert srv.client().describe_instance(InstanceId=inst.id)["Instance"]["Id"] == inst.id
        holder.join()
    finally:
        for s in socks:
            s.close()


# -- 6. repeated query parameters ----------------------------------------------------------------

@pytest.mark.parametrize("query", ["maxResults=1&maxResults=3", "maxResults=3&maxResults=1",
                                   "nextToken=a&nextToken=b"])
def test_repeated_single_value_query_parameters_are_refused(target, query):
    srv, inst = target()
    with Watch(srv, inst.id, "query: repeated parameter") as w:
        r = send(srv, "GET", f"/users-summary/{inst.id}?{query}")
    w.check()
    assert r.status == 400 and r.header("x-amzn-ErrorType") == "InvalidParameterException", r
    member = query.split("=")[0]
    message = r.json()["Message"]
    assert message.startswith("1 validation error detected: ") and f"at '{member}'" in message, message


def test_a_list_query_parameter_takes_every_value(target):
    srv, inst = target()
    client = srv.client()
    client.tag_resource(resourceArn=inst.arn, tags={"a": "1", "b": "2", "c": "3"})
    path = "/tags/" + urllib.parse.quote(inst.arn, safe="") + "?tagKeys=a&tagKeys=b"
    assert send(srv, "DELETE", path).status == 200
    assert client.list_tags_for_resource(resourceArn=inst.arn)["tags"] == {"c": "3"}


# -- 7. paths with `//` signed by botocore -------------------------------------------------------

def test_double_slashes_signed_by_botocore_are_accepted(spawn_server, tmp_path):
    account = random_account()
    creds = write_credentials(tmp_path / "credentials", {"a": ("AKIDSLASH", "slash-secret", account)})
    srv = spawn_server(args=["--credentials", str(creds)])
    inst = new_instance(srv.client(access_key="AKIDSLASH", secret_key="slash-secret"))
    for path in (f"//instance/{inst.id}", f"/instance//{inst.id}", f"/instance/{inst.id}//"):
        r = send(srv, "GET", path, headers=signed_headers(srv, "GET", path, key="AKIDSLASH", secret="slash-secret"))
        assert r.status == 200, (path, r)
        assert r.json()["Instance"]["Id"] == inst.id
    # a tampered signature over the same path is still refused
    path = f"//instance/{inst.id}"
    headers = signed_headers(srv, "GET", path, key="AKIDSLASH", secret="wrong")
    r = send(srv, "GET", path, headers=headers)
    assert r.status == 403 and r.header("x-amzn-ErrorType") == "InvalidSignatureException", r
