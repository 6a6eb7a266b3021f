"""Throwaway servers for test suites: `serve --listen 127.0.0.1:0` (the bound address on
stdout), `--ephemeral` (a temporary data dir removed at exit), `--seed FILE` (a snapshot
loaded into an empty store) and `POST /_switchboard/reset` (back to empty or to the seed;
refused in strict mode unless `--allow-reset`).

These servers keep their data in SQLite whatever the suite's store: a reset empties the whole
store, which on the suite's shared PostgreSQL database would take the other tests' data along
(the store's replace-everything restore is tested on both stores in crates/server).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import urllib.request

from conftest import (BIN, create_instance, create_user, expect_error, new_instance,
                      unique_alias, write_credentials)


def all_ids(client) -> set[str]:
    return {i["Id"] for i in client.list_instances()["InstanceSummaryList"]}


def usernames(client, instance_id: str) -> set[str]:
    return {u["Username"] for u in client.list_users(InstanceId=instance_id)["UserSummaryList"]}


def test_port_zero_prints_the_bound_address_once_ready(launch):
    a, b = launch("--ephemeral"), launch("--ephemeral")
    assert set(a.line) == {"switchboard", "listen", "endpoint_url"} and a.line["switchboard"] == "ready"
    host, port = a.line["listen"].rsplit(":", 1)
    assert host == "127.0.0.1" and int(port) > 0
    assert a.line["endpoint_url"] == f"http://127.0.0.1:{port}"
    assert a.line["listen"] != b.line["listen"], "two servers on port 0 get two ports"
    # Ready means ready: the first request after the line is served.
    assert urllib.request.urlopen(a.endpoint + "/health").status == 200
    iid = create_instance(a.client())["Id"]
    assert all_ids(a.client()) == {iid} and all_ids(b.client()) == set(), "each has a store of its own"
    assert a.stop() == 0 and b.stop() == 0


def test_ephemeral_data_lives_in_a_temporary_directory_removed_at_exit(launch, tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    cwd_before = set(Path.cwd().iterdir())
    s = launch("--ephemeral", env={"TMPDIR": str(tmp)})
    create_user(s.client(), new_instance(s.client()))
    [data_dir] = list(tmp.iterdir())
    assert data_dir.name.startswith("switchboard-ephemeral-") and any(data_dir.iterdir())
    assert s.stop() == 0
    assert list(tmp.iterdir()) == [], "the data dir is gone once serve exits"
    assert set(Path.cwd().iterdir()) == cwd_before, "no ./switchboard-data left behind"


def test_ephemeral_is_refused_with_a_database_url(launch):
    s = launch("--ephemeral", "--database-url", "postgres://nobody@127.0.0.1:1/none", expect_ready=False)
    assert s.stop(signal_it=False) == 2
    assert "cannot be used with" in s.stderr


def test_reset_empties_the_store(launch):
    s = launch("--ephemeral")
    c = s.client()
    inst = new_instance(c, alias=unique_alias())
    create_user(c, inst)
    create_instance(c)
    assert s.reset(sign=None) == (200, {"records": 0}), "without --credentials anyone may reset"
    assert all_ids(c) == set()
    with expect_error("ResourceNotFoundException", 404):
        c.describe_instance(InstanceId=inst.id)
    # The store works on after a reset, names freed by it included.
    again = create_instance(c, alias=inst.alias)
    assert all_ids(c) == {again["Id"]}
    assert s.stop() == 0


@pytest.fixture
def snapshot(spawn_server, tmp_path):
    """A snapshot (switchboard export) of an instance with one user, jdoe: (path, instance)."""
    data = tmp_path / "source-data"
    source = spawn_server(data_dir=data)
    inst = new_instance(source.client())
    create_user(source.client(), inst, Username="jdoe")
    source.stop()
    path = tmp_path / "seed.json"
    args = ["--database-url", os.environ["SWITCHBOARD_DATABASE_URL"]] if os.environ.get("SWITCHBOARD_DATABASE_URL") else ["--data-dir", str(data)]
    subprocess.run([str(BIN), "export", *args, "-o", str(path)], check=True, capture_output=True)
    if os.environ.get("SWITCHBOARD_DATABASE_URL"):
        # The suite's database holds every other test's data too: keep this instance's only.
        doc = json.loads(path.read_text())
        doc["records"] = [r for r in doc["records"] if inst.id in (r["id"], r["instance"])]
        path.write_text(json.dumps(doc))
    return path, inst


def test_seed_loads_a_snapshot_and_reset_restores_it(launch, snapshot):
    path, inst = snapshot
    records = len(json.loads(path.read_text())["records"])
    s = launch("--ephemeral", "--seed", str(path))
    c = s.client()
    assert all_ids(c) == {inst.id}
    assert usernames(c, inst.id) == {"jdoe"}
    create_user(c, inst, Username="added")
    c.create_queue(InstanceId=inst.id, Name="added", HoursOfOperationId=c.list_hours_of_operations(
        InstanceId=inst.id)["HoursOfOperationSummaryList"][0]["Id"])
    jdoe = {u["Username"]: u["Id"] for u in c.list_users(InstanceId=inst.id)["UserSummaryList"]}["jdoe"]
    c.delete_user(InstanceId=inst.id, UserId=jdoe)
    assert usernames(c, inst.id) == {"added"}
    create_instance(c)
    assert s.reset() == (200, {"records": records})
    assert all_ids(c) == {inst.id}
    assert usernames(c, inst.id) == {"jdoe"}, "the seed's user is back, the added one gone"
    assert "added" not in {q.get("Name") for q in c.list_queues(InstanceId=inst.id)["QueueSummaryList"]}
    assert s.reset() == (200, {"records": records}), "a reset from the seed state changes nothing"
    assert usernames(c, inst.id) == {"jdoe"}
    assert s.stop() == 0


def test_seed_is_not_loaded_into_a_store_that_holds_data(launch, snapshot, tmp_path):
    path, inst = snapshot
    data = tmp_path / "kept"
    first = launch("--data-dir", str(data))
    mine = create_instance(first.client())["Id"]
    assert first.stop() == 0
    s = launch("--data-dir", str(data), "--seed", str(path))
    assert all_ids(s.client()) == {mine}, "what the store held stays, and the seed is not added"
    assert s.stop() == 0


def test_a_bad_seed_stops_start_up(launch, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something-else", "version": 1, "records": []}')
    s = launch("--ephemeral", "--seed", str(bad), expect_ready=False)
    assert s.stop(signal_it=False) == 1
    assert "seed snapshot" in s.stderr and "not a switchboard snapshot" in s.stderr
    s = launch("--ephemeral", "--seed", str(tmp_path / "missing.json"), expect_ready=False)
    assert s.stop(signal_it=False) == 1 and "missing.json" in s.stderr


def test_strict_mode_refuses_reset_unless_allowed(launch, tmp_path):
    creds = write_credentials(tmp_path / "credentials", {"a": ("AKIDRESETA", "secret-a", "111111111111")})
    strict = launch("--ephemeral", "--credentials", str(creds))
    status, body = strict.reset(sign=("AKIDRESETA", "secret-a"))
    assert (status, body["type"]) == (403, "AccessDeniedException")
    assert "--allow-reset" in body["Message"]
    c = strict.client("AKIDRESETA", "secret-a")
    create_instance(c)
    assert len(all_ids(c)) == 1, "nothing was reset"

    allowed = launch("--ephemeral", "--credentials", str(creds), "--allow-reset")
    c = allowed.client("AKIDRESETA", "secret-a")
    create_instance(c)
    assert allowed.reset(sign=None)[0] == 403, "unsigned: refused"
    assert allowed.reset(sign=("AKIDRESETA", "wrong"))[0] == 403, "a bad signature: refused"
    assert allowed.reset(sign=("AKIDUNKNOWN", "secret-a"))[0] == 403, "an unknown key: refused"
    assert len(all_ids(c)) == 1
    assert allowed.reset(sign=("AKIDRESETA", "secret-a")) == (200, {"records": 0})
    assert all_ids(c) == set()
    assert strict.stop() == 0 and allowed.stop() == 0
