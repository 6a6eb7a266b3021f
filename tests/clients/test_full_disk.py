"""A full disk: the SQLite data dir on a small tmpfs that fills. Creates then fail with
InternalServiceException and a log line saying the disk is full, nothing half-written
remains, reads keep working, and once space is freed writes succeed again without a
restart. Runs on the SQLite pass, as root (it mounts the tmpfs)."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from conftest import DATABASE_URL, Server, list_users, new_instance, user_request


@pytest.fixture
def small_disk():
    if DATABASE_URL:
        pytest.skip("the SQLite pass tests the data dir's disk")
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = Path(tempfile.mkdtemp(prefix="switchboard-small-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
    mount.rmdir()


def fill(path: Path) -> None:
    """Writes `path` until the file system has no room left."""
    with open(path, "wb", buffering=0) as f:
        for size in (65536, 512):
            try:
                while f.write(b"\0" * size):
                    pass
            except OSError:
                pass


def test_a_full_disk_fails_writes_cleanly_and_recovers(tmp_path, small_disk):
    srv = Server(small_disk / "data", tmp_path / "server.log", database_url=None).start()
    try:
        client = srv.client()
        inst = new_instance(client)
        acknowledged = {}
        for n in range(5):
            name = f"before{n}"
            acknowledged[name] = client.create_user(**user_request(inst, Username=name))["UserId"]

        filler = small_disk / "filler"
        fill(filler)
        failures = []
        for n in range(40):
            name = f"full{n}"
            try:
                acknowledged[name] = client.create_user(**user_request(inst, Username=name))["UserId"]
            except ClientError as e:
                failures.append((e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]))
        assert failures, "the disk was full, yet every create succeeded"
        assert set(failures) == {("InternalServiceException", 500)}, failures
        assert "disk is full" in srv.log_tail(20000), "the log says why"

        # Reads keep working, and show exactly what was acknowledged.
        assert client.describe_instance(InstanceId=inst.id)["Instance"]["Id"] == inst.id
        listed = {u["Username"]: u["Id"] for u in list_users(client, inst.id)}
        assert listed == acknowledged, "nothing half-written, nothing acknowledged lost"

        # Space back: writes succeed again, no restart.
        filler.unlink()
        acknowledged["after"] = client.create_user(**user_request(inst, Username="after"))["UserId"]
        listed = {u["Username"]: u["Id"] for u in list_users(client, inst.id)}
        assert listed == acknowledged
        print(f"\nfull disk: {len(failures)} creates refused with InternalServiceException, "
              f"{len(acknowledged)} acknowledged and all present; writes back once space was freed")
    finally:
        assert srv.stop() == 0
    with sqlite3.connect(small_disk / "data" / "switchboard.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
