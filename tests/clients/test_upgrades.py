"""Upgrades: the data each released version wrote (tests/clients/fixtures/v*/, made by
upgrade_fixture.py and never changed) opens with this binary, which migrates it, and every
List and Describe answers as that version answered (members added since may be there too;
none may be gone or changed). A database written by a newer switchboard is refused."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from conftest import BIN, DATABASE_URL, Server, free_port, new_instance, user_request
from upgrade_fixture import FIXTURES, crawl

VERSIONS = sorted(p.name for p in FIXTURES.glob("v*"))


def assert_answers_as_before(old, new, where: str = "") -> None:
    """Every member of the old answer is in the new one with the same value; lists keep their
    length and order."""
    if isinstance(old, dict):
        assert isinstance(new, dict), f"{where}: {new!r} is not an object"
        for k, v in old.items():
            assert k in new, f"{where}.{k} is gone"
            assert_answers_as_before(v, new[k], f"{where}.{k}")
    elif isinstance(old, list):
        assert isinstance(new, list) and len(new) == len(old), f"{where}: {len(old)} items before, now {new!r}"
        for i, (a, b) in enumerate(zip(old, new)):
            assert_answers_as_before(a, b, f"{where}[{i}]")
    else:
        assert old == new, f"{where}: {old!r} before, {new!r} now"


def answers_as_before(server: Server, version: str) -> int:
    before = json.loads((FIXTURES / version / "answers.json").read_text())
    now = json.loads(json.dumps(crawl(server.client()), default=str))
    assert [(a["operation"], a["params"]) for a in now] == [(a["operation"], a["params"]) for a in before], \
        "the same calls find the same things"
    for old, new in zip(before, now):
        assert_answers_as_before(old["answer"], new["answer"], f"{old['operation']}({old['params']})")
    # And the migrated store takes writes.
    client = server.client()
    inst = new_instance(client)
    client.create_user(**user_request(inst))
    return len(before)


@pytest.fixture
def pg_database():
    if not DATABASE_URL:
        pytest.skip("needs the PostgreSQL pass (SWITCHBOARD_DATABASE_URL)")
    name = f"sb_upgrade_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", DATABASE_URL, "-qc", f"CREATE DATABASE {name}"], check=True)
    yield DATABASE_URL.split("?")[0].rsplit("/", 1)[0] + "/" + name
    subprocess.run(["psql", DATABASE_URL, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


@pytest.mark.parametrize("version", VERSIONS)
def test_sqlite_data_dir_of_an_older_version(tmp_path, version):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / version / "sqlite", data)
    srv = Server(data, tmp_path / "server.log", database_url=None).start()
    try:
        assert answers_as_before(srv, version) > 50
    finally:
        assert srv.stop() == 0


@pytest.mark.parametrize("version", VERSIONS)
def test_postgres_dump_of_an_older_version(tmp_path, version, pg_database):
    subprocess.run(["psql", pg_database, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(FIXTURES / version / "postgres.sql")],
                   check=True, capture_output=True)
    srv = Server(tmp_path / "data", tmp_path / "server.log", database_url=pg_database).start()
    try:
        assert answers_as_before(srv, version) > 50
    finally:
        assert srv.stop() == 0


def refused(tmp_path: Path, *store: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "SWITCHBOARD_DATABASE_URL"}
    proc = subprocess.run([str(BIN), "serve", "--listen", f"127.0.0.1:{free_port()}", *store],
                          capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode != 0, "a newer schema was opened"
    return proc.stderr


def test_a_newer_schema_is_refused(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / VERSIONS[-1] / "sqlite", data)
    with sqlite3.connect(data / "switchboard.db") as db:
        db.execute("INSERT INTO schema_migrations (version) VALUES (9999)")
    err = refused(tmp_path, "--data-dir", str(data))
    assert "schema is at version 9999" in err and "downgrades are not supported" in err, err
    with sqlite3.connect(data / "switchboard.db") as db:
        assert db.execute("SELECT MAX(version) FROM schema_migrations").fetchone() == (9999,), "left as it was"


def test_a_newer_postgres_schema_is_refused(tmp_path, pg_database):
    subprocess.run(["psql", pg_database, "-q", "-v", "ON_ERROR_STOP=1", "-f", str(FIXTURES / VERSIONS[-1] / "postgres.sql")],
                   check=True, capture_output=True)
    subprocess.run(["psql", pg_database, "-qc", "INSERT INTO schema_migrations (version) VALUES (9999)"], check=True)
    err = refused(tmp_path, "--database-url", pg_database, "--database-wait", "1")
    assert "schema is at version 9999" in err and "downgrades are not supported" in err, err
