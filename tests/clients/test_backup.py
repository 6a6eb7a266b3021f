"""Online backup: `switchboard backup` while `serve` runs under a create load. Restoring the
copy gives a store that passes its integrity check and holds every write acknowledged before
the backup began (and nothing twice); the writers are not stopped for more than a moment.
SQLite: a database file (`--data-dir`); PostgreSQL: a snapshot read in one transaction
(`--database-url`), restored with `switchboard import`."""
from __future__ import annotations

import sqlite3
import subprocess
import threading
import time
import uuid

from botocore.exceptions import ClientError

from conftest import BIN, DATABASE_URL, Server, list_users, new_instance, user_request


class CreateLoad(threading.Thread):
    """Creates users one after another; keeps (name, id, when acknowledged, seconds taken)."""

    def __init__(self, client, inst):
        super().__init__(daemon=True)
        self.client, self.inst = client, inst
        self.done: list[tuple[str, str, float, float]] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        n = 0
        while not self.stopping.is_set():
            name, started = f"b{n}", time.monotonic()
            n += 1
            try:
                uid = self.client.create_user(**user_request(self.inst, Username=name))["UserId"]
            except ClientError:
                continue
            self.done.append((name, uid, time.monotonic(), time.monotonic() - started))

    def stop(self) -> None:
        self.stopping.set()
        self.join(60)


def backup_under_load(tmp_path, srv: Server, store_args: list[str]):
    client = srv.client()
    inst = new_instance(client)
    load = CreateLoad(client, inst)
    load.start()
    time.sleep(2)
    began = time.monotonic()
    out = tmp_path / "backup"
    subprocess.run([str(BIN), "backup", *store_args, "-o", str(out)], check=True, capture_output=True, timeout=120)
    ended = time.monotonic()
    time.sleep(1)
    load.stop()
    before = {name: uid for name, uid, at, _ in load.done if at < began}
    during = [took for _, _, at, took in load.done if began <= at <= ended + 1]
    assert before, "writes were acknowledged before the backup"
    return inst, out, before, len(load.done), max(during, default=0)


def assert_restored(client, inst, before: dict[str, str], total: int, slowest: float, took_backup: str) -> None:
    listed = list_users(client, inst.id)
    names = [u["Username"] for u in listed]
    assert len(names) == len(set(names)), "nothing twice"
    restored = {u["Username"]: u["Id"] for u in listed}
    missing = [n for n in before if restored.get(n) != before[n]]
    assert not missing, f"acknowledged before the backup but not restored: {missing[:5]}"
    print(f"\n{took_backup}: {len(before)} writes acknowledged before the backup all restored "
          f"({len(restored)} in the copy, {total} acknowledged in all); slowest create during the backup {slowest * 1000:.0f} ms")


def test_sqlite_backup_under_load(tmp_path):
    if DATABASE_URL:
        import pytest
        pytest.skip("the SQLite pass backs up a data dir")
    srv = Server(tmp_path / "data", tmp_path / "server.log", database_url=None).start()
    try:
        inst, out, before, total, slowest = backup_under_load(tmp_path, srv, ["--data-dir", str(tmp_path / "data")])
    finally:
        assert srv.stop() == 0
    with sqlite3.connect(out) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    out.rename(restored_dir / "switchboard.db")
    restored = Server(restored_dir, tmp_path / "restored.log", database_url=None).start()
    try:
        assert_restored(restored.client(), inst, before, total, slowest, "SQLite backup")
    finally:
        assert restored.stop() == 0


def test_postgres_backup_under_load(tmp_path):
    if not DATABASE_URL:
        import pytest
        pytest.skip("the PostgreSQL pass backs up a database")
    srv = Server(tmp_path / "data", tmp_path / "server.log").start()
    try:
        inst, out, before, total, slowest = backup_under_load(tmp_path, srv, ["--database-url", DATABASE_URL])
    finally:
        assert srv.stop() == 0
    name = f"sb_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", DATABASE_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        url = DATABASE_URL.split("?")[0].rsplit("/", 1)[0] + "/" + name
        subprocess.run([str(BIN), "import", "--database-url", url, str(out)], check=True, capture_output=True, timeout=120)
        restored = Server(tmp_path / "data2", tmp_path / "restored.log", database_url=url).start()
        try:
            assert_restored(restored.client(), inst, before, total, slowest, "PostgreSQL backup")
        finally:
            assert restored.stop() == 0
    finally:
        subprocess.run(["psql", DATABASE_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
