"""PostgreSQL's faults, as a team running switchboard on a managed or shared database meets
them: TLS (sslmode and sslrootcert as libpq defines them), the database restarting or
stopping under load, a replica killed under load.

The faults are done to a PostgreSQL server of the test's own (pgcluster.py), never to the
shared one the rest of the suite runs on; the `require` test uses the shared one, which has
TLS on (Debian's default). Runs on the PostgreSQL pass (SWITCHBOARD_DATABASE_URL set), once.
What the load tests measured is printed (pytest -s shows it)."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from botocore.exceptions import BotoCoreError, ClientError

from conftest import BIN, DATABASE_URL, Server, free_port, list_users, new_instance, user_request
from pgcluster import Certs, Cluster, unavailable

pytestmark = [
    pytest.mark.skipif(not DATABASE_URL, reason="runs on the PostgreSQL pass (SWITCHBOARD_DATABASE_URL set)"),
    pytest.mark.skipif(DATABASE_URL is not None and unavailable() is not None,
                       reason=f"no PostgreSQL server of its own: {unavailable()}"),
]


@pytest.fixture(scope="module")
def certs():
    base = Path(tempfile.mkdtemp(prefix="switchboard-certs-", dir="/tmp"))
    os.chmod(base, 0o755)
    yield Certs(base)
    shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def tls_cluster(certs):
    cluster = Cluster(certs).start()
    yield cluster
    cluster.destroy()


@pytest.fixture
def cluster():
    cluster = Cluster().start()
    yield cluster
    cluster.destroy()


def with_params(url: str, **params: str) -> str:
    return url + ("&" if "?" in url else "?") + "&".join(f"{k}={v}" for k, v in params.items())


def ssl_of(sql, app: str) -> list[str]:
    """pg_stat_ssl.ssl of the connections switchboard made under application name `app`."""
    return sql(f"SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid) "
               f"WHERE a.application_name = '{app}'").split()


def shared_sql(statement: str) -> str:
    return subprocess.run(["psql", DATABASE_URL, "-Atqc", statement], check=True, capture_output=True,
                          text=True).stdout.strip()


def serve(tmp_path: Path, url: str, name: str = "server", args: list[str] = ()) -> Server:
    return Server(tmp_path / f"data-{name}", tmp_path / f"{name}.log", list(args), database_url=url).start()


def refused_start(tmp_path: Path, url: str) -> tuple[float, str]:
    """Starts `serve` on `url`, which must fail: (seconds it took, what it printed)."""
    started = time.monotonic()
    proc = subprocess.run([str(BIN), "serve", "--listen", f"127.0.0.1:{free_port()}", "--data-dir", str(tmp_path / "d"),
                           "--database-url", url], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0, f"started on {url}:\n{proc.stderr}"
    return time.monotonic() - started, proc.stderr


# -- TLS ------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode, tls", [("require", "t"), ("disable", "f")])
def test_sslmode_on_the_shared_postgresql(tmp_path, mode, tls):
    app = f"sb-{mode}-{uuid.uuid4().hex[:8]}"
    srv = serve(tmp_path, with_params(DATABASE_URL, sslmode=mode, application_name=app))
    try:
        new_instance(srv.client())
        seen = ssl_of(shared_sql, app)
        assert seen and set(seen) == {tls}, f"sslmode={mode}: connections with ssl {seen}"
    finally:
        srv.stop()


def test_verify_full_with_the_test_ca(tmp_path, tls_cluster, certs):
    url = tls_cluster.url("localhost", sslmode="verify-full", sslrootcert=str(certs.ca), application_name="sb-verify-full")
    srv = serve(tmp_path, url)
    try:
        client = srv.client()
        inst = new_instance(client)
        user = client.create_user(**user_request(inst))
        assert client.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"]["Id"] == user["UserId"]
        assert set(ssl_of(tls_cluster.sql, "sb-verify-full")) == {"t"}
    finally:
        srv.stop()


def test_verify_full_refuses_a_server_signed_by_another_ca(tmp_path, tls_cluster, certs):
    took, err = refused_start(tmp_path, tls_cluster.url("localhost", sslmode="verify-full", sslrootcert=str(certs.other_ca)))
    assert "TLS to PostgreSQL" in err and "refused the server" in err and "UnknownIssuer" in err, err
    assert took < 20, f"a certificate that cannot pass is not waited on for --database-wait ({took:.1f} s)"


def test_verify_full_refuses_another_host_name_verify_ca_does_not(tmp_path, tls_cluster, certs):
    # The certificate names localhost only; connecting to 127.0.0.1 fails the host check.
    took, err = refused_start(tmp_path, tls_cluster.url("127.0.0.1", sslmode="verify-full", sslrootcert=str(certs.ca)))
    assert "refused the server" in err and "not valid for name" in err, err
    srv = serve(tmp_path, tls_cluster.url("127.0.0.1", sslmode="verify-ca", sslrootcert=str(certs.ca)))
    try:
        new_instance(srv.client())
    finally:
        srv.stop()


def test_verify_ca_needs_its_root_file(tmp_path, tls_cluster):
    _, err = refused_start(tmp_path, tls_cluster.url(sslmode="verify-ca", sslrootcert="/nonexistent/root.pem"))
    assert "/nonexistent/root.pem" in err and "does not exist" in err, err


# -- The database goes away and comes back -------------------------------------------------

class Load:
    """Threads creating users (with a DescribeUser of each) through the replicas, no SDK
    retries: every answer is seen. Records what was acknowledged and every failure."""

    def __init__(self, servers: list[Server], inst, threads: int = 4):
        self.clients = [s.client(connect_timeout=2, read_timeout=60) for s in servers]
        self.inst = inst
        self.acknowledged: dict[str, str] = {}
        self.failures: list[tuple[float, str, float]] = []  # (when, code, seconds the call took)
        self.successes: list[float] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run, args=(n,), daemon=True) for n in range(threads)]

    def run(self, n: int) -> None:
        i = 0
        while not self.stopping.is_set():
            client = self.clients[(n + i) % len(self.clients)]
            name = f"load{n}x{i}"
            i += 1
            started = time.monotonic()
            try:
                uid = client.create_user(**user_request(self.inst, Username=name))["UserId"]
                client.describe_user(InstanceId=self.inst.id, UserId=uid)
            except (ClientError, BotoCoreError) as e:
                code = e.response["Error"]["Code"] if isinstance(e, ClientError) else type(e).__name__
                with self.lock:
                    self.failures.append((started, code, time.monotonic() - started))
                time.sleep(0.05)
                continue
            with self.lock:
                self.acknowledged[name] = uid
                self.successes.append(time.monotonic())

    def __enter__(self) -> "Load":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for t in self.threads:
            t.join(120)

    def served_after(self, moment: float) -> float | None:
        with self.lock:
            later = [t for t in self.successes if t > moment]
        return min(later) - moment if later else None

    def wait_served_after(self, moment: float, timeout: float = 60) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            recovered = self.served_after(moment)
            if recovered is not None:
                return recovered
            time.sleep(0.1)
        raise AssertionError(f"no request succeeded within {timeout} s of the database's return")


def assert_each_acknowledged_once(client, inst, acknowledged: dict[str, str]) -> None:
    listed = list_users(client, inst.id)
    by_name: dict[str, list[str]] = {}
    for u in listed:
        by_name.setdefault(u["Username"], []).append(u["Id"])
    lost = [n for n in acknowledged if n not in by_name]
    doubled = {n: ids for n, ids in by_name.items() if len(ids) > 1}
    wrong = {n: (acknowledged[n], by_name[n]) for n in acknowledged if n in by_name and by_name[n] != [acknowledged[n]]}
    assert not lost and not doubled and not wrong, f"lost {lost[:5]}, doubled {doubled}, other ids {wrong}"


def test_database_restart_and_stop_under_load(tmp_path, cluster):
    replicas = [serve(tmp_path, cluster.url(), f"replica-{n}", ["--database-timeout", "5"]) for n in range(2)]
    try:
        inst = new_instance(replicas[0].client())
        with Load(replicas, inst) as load:
            time.sleep(1.5)
            restarted = time.monotonic()
            cluster.restart()
            back_after_restart = load.wait_served_after(time.monotonic())
            time.sleep(1)

            stopped = time.monotonic()
            cluster.stop()
            time.sleep(1)
            health = [r.http("GET", "/health", auth=None, timeout=10) for r in replicas]
            assert [h.status for h in health] == [503, 503], "not ready while the database is down"
            assert health[0].json()["status"] == "unavailable"
            time.sleep(9)
            started = time.monotonic()
            cluster.start()
            back_after_stop = load.wait_served_after(started)
            time.sleep(1.5)
        assert [r.http("GET", "/health", auth=None).status for r in replicas] == [200, 200]

        codes = {code for _, code, _ in load.failures}
        assert codes <= {"InternalServiceException", "ThrottlingException"}, f"only retryable errors: {codes}"
        slowest = max((took for _, _, took in load.failures), default=0)
        assert slowest < 5 + 10, f"a failing request took {slowest:.1f} s (bound: --database-timeout 5)"
        during_restart = [f for f in load.failures if restarted <= f[0] < stopped]
        during_stop = [f for f in load.failures if stopped <= f[0]]
        assert_each_acknowledged_once(replicas[1].client(), inst, load.acknowledged)
        print(f"\nrestart: {len(during_restart)} requests failed, served again {back_after_restart:.2f} s after; "
              f"10 s stop: {len(during_stop)} failed, served again {back_after_stop:.2f} s after the start; "
              f"slowest failure {slowest:.2f} s; {len(load.acknowledged)} creates acknowledged, 0 lost")
    finally:
        for r in replicas:
            r.stop()


def test_a_replica_killed_under_load(tmp_path, cluster):
    a, b = (serve(tmp_path, cluster.url(), name) for name in ("replica-a", "replica-b"))
    try:
        inst = new_instance(a.client())
        with Load([a, b], inst) as load:
            time.sleep(2)
            a.kill()
            killed = time.monotonic()
            load.clients = load.clients[1:]  # the load balancer stops sending to it
            time.sleep(2)
            # A new replica joins (its start-up migration finds nothing to do) while b serves.
            c = serve(tmp_path, cluster.url(), "replica-c")
            load.clients.append(c.client())
            time.sleep(2)
        survivor_after = load.served_after(killed)
        assert survivor_after is not None, "the survivor carried on"
        assert_each_acknowledged_once(c.client(), inst, load.acknowledged)
        # Requests under way in the killed replica fail with it (not acknowledged); after the
        # kill, nothing fails.
        failed_after_kill = [f for f in load.failures if f[0] >= killed + 0.5]
        print(f"\nreplica killed: {len(load.acknowledged)} creates acknowledged, 0 lost; {len(load.failures)} requests "
              f"failed, all in the killed replica; the survivor served {survivor_after:.2f} s after the kill")
        assert not failed_after_kill, failed_after_kill
        c.stop()
    finally:
        b.stop()
