"""Secrets: members the model marks `sensitive` (passwords, names, emails, phone numbers)
never reach a log line, even at SWITCHBOARD_LOG=trace (which turns on the debug logs of
hyper, tokio-postgres, ...), and a password never reaches the data either: only its argon2
hash is stored.

The test creates users with distinctive values, updates them, sends requests that fail
validation with those values in them, then greps the whole log and every byte of the data
dir (SQLite database, WAL and shared memory) -- or, on PostgreSQL, the rows as text.
"""
from __future__ import annotations

import os
import subprocess
import uuid

import pytest

from conftest import DATABASE_URL, expect_error, new_instance, user_request

MARK = uuid.uuid4().hex[:8]
PASSWORD = f"Pw{MARK}Zq9x"  # 8-64, lower, upper, digit
SENSITIVE = {
    "first name": f"Fñ{MARK}first",
    "last name": f"Ln{MARK}last",
    "email": f"mail{MARK}@example.com",
    "secondary email": f"alt{MARK}@example.org",
    "mobile": "+1415555" + str(int(MARK, 16) % 10000).rjust(4, "0"),
    "desk phone": "+1206555" + str(int(MARK[::-1], 16) % 10000).rjust(4, "0"),
    "new first name": f"Nu{MARK}renamed",
    "new desk phone": "+1312555" + str(int(MARK, 16) % 9999).rjust(4, "0"),
}


@pytest.fixture
def traced(spawn_server):
    return spawn_server(log_name="trace.log", env={"SWITCHBOARD_LOG": "trace"})


def exercise(srv):
    c = srv.client()
    raw = srv.client(validate=False)
    inst = new_instance(c)
    req = user_request(inst, Password=PASSWORD,
                       IdentityInfo={"FirstName": SENSITIVE["first name"],
                                     "LastName": SENSITIVE["last name"],
                                     "Email": SENSITIVE["email"],
                                     "SecondaryEmail": SENSITIVE["secondary email"],
                                     "Mobile": SENSITIVE["mobile"]},
                       PhoneConfig={"PhoneType": "DESK_PHONE", "AutoAccept": False,
                                    "AfterContactWorkTimeLimit": 0,
                                    "DeskPhoneNumber": SENSITIVE["desk phone"]})
    user = c.create_user(**req)["UserId"]
    c.update_user_identity_info(InstanceId=inst.id, UserId=user,
                                IdentityInfo={"FirstName": SENSITIVE["new first name"],
                                              "LastName": SENSITIVE["last name"],
                                              "Email": SENSITIVE["email"]})
    c.update_user_phone_config(InstanceId=inst.id, UserId=user,
                               PhoneConfig={"PhoneType": "DESK_PHONE",
                                            "DeskPhoneNumber": SENSITIVE["new desk phone"]})
    described = c.describe_user(InstanceId=inst.id, UserId=user)["User"]
    assert described["IdentityInfo"]["FirstName"] == SENSITIVE["new first name"]
    # Failing validations, with the sensitive values in the request.
    with expect_error("InvalidParameterException") as err:  # too long a first name
        raw.update_user_identity_info(InstanceId=inst.id, UserId=user,
                                      IdentityInfo={"FirstName": SENSITIVE["first name"] * 30,
                                                    "LastName": SENSITIVE["last name"]})
    assert SENSITIVE["first name"] not in err.message and "Sensitive Data Redacted" in err.message
    with expect_error("InvalidParameterException") as err:  # a password outside the policy
        raw.create_user(**{**req, "Username": "weak" + MARK, "Password": PASSWORD.lower()})
    assert PASSWORD.lower() not in err.message
    with expect_error("InvalidParameterException"):  # not E.164
        raw.update_user_phone_config(InstanceId=inst.id, UserId=user,
                                     PhoneConfig={"PhoneType": "DESK_PHONE",
                                                  "DeskPhoneNumber": SENSITIVE["desk phone"] + "x"})
    with expect_error("DuplicateResourceException"):  # the same username again, same password
        c.create_user(**req)
    with expect_error("InvalidParameterException"):  # a malformed email in a valid request
        raw.update_user_identity_info(InstanceId=inst.id, UserId=user,
                                      IdentityInfo={"FirstName": SENSITIVE["first name"],
                                                    "LastName": SENSITIVE["last name"],
                                                    "SecondaryEmail": "x" + SENSITIVE["email"] + "@"})
    # An unrouted request logs at debug level: proof below that debug logging was on.
    assert srv.http("GET", "/no-such-route").status == 404
    return inst, user


def assert_absent(blob: bytes, what: str, where: str):
    assert what.encode("utf-8") not in blob, f"{what!r} found in {where}"


def test_no_secret_in_logs_or_data(traced):
    inst, user = exercise(traced)
    assert traced.stop() == 0
    log = traced.log_path.read_bytes()
    assert b" DEBUG " in log, "debug logging was not on"
    assert_absent(log, PASSWORD, "the log")
    for name, value in SENSITIVE.items():
        assert_absent(log, value, f"the log ({name})")
    if DATABASE_URL:
        out = subprocess.run(["psql", DATABASE_URL, "-Atc",
                              f"SELECT r::text FROM resources r WHERE instance = '{inst.id}' OR id = '{inst.id}'"],
                             capture_output=True, check=True).stdout
        assert SENSITIVE["new first name"].encode() in out, "the query did not find the user"
        assert_absent(out, PASSWORD, "the PostgreSQL rows")
        assert b"$argon2id$" in out
    else:
        files = [p for p in traced.data_dir.rglob("*") if p.is_file()]
        assert any(p.name.endswith(".db") or p.suffix in (".sqlite", ".sqlite3") or "wal" in p.name
                   for p in files) or files, "no data files"
        seen_name = False
        for p in files:
            data = p.read_bytes()
            assert_absent(data, PASSWORD, str(p))
            seen_name |= SENSITIVE["new first name"].encode() in data
        assert seen_name, "the data dir does not hold the user at all: wrong place greped"


def test_no_secret_in_logs_while_running(traced):
    """The WAL too, before any checkpoint at shutdown."""
    exercise(traced)
    if not DATABASE_URL:
        for p in traced.data_dir.rglob("*"):
            if p.is_file():
                assert_absent(p.read_bytes(), PASSWORD, str(p))
    log = traced.log_path.read_bytes()
    assert_absent(log, PASSWORD, "the log")
    for name, value in SENSITIVE.items():
        assert_absent(log, value, f"the log ({name})")


def stored_secret(srv, username: str) -> str:
    """The stored password hash of the user named `username`, read from the store itself."""
    sql = f"SELECT secret FROM resources WHERE kind = 'agent' AND name = '{username}'"
    if DATABASE_URL:
        return subprocess.run(["psql", DATABASE_URL, "-Atqc", sql], check=True, capture_output=True, text=True).stdout.strip()
    import sqlite3
    with sqlite3.connect(srv.data_dir / "switchboard.db") as db:
        return db.execute(sql).fetchone()[0]


@pytest.mark.parametrize("hashing, params", [("standard", "m=19456,t=2,p=1"), ("fast", "m=1024,t=1,p=1")])
def test_password_hashing_setting(spawn_server, hashing, params):
    """`--password-hashing fast` still stores a salted argon2id hash that records its (lower)
    parameters; the default is argon2's own. Two users with one password get two hashes."""
    srv = spawn_server(args=["--password-hashing", hashing])
    client = srv.client()
    inst = new_instance(client)
    names = [f"h{hashing[0]}{n}{MARK}" for n in range(2)]
    for name in names:
        client.create_user(**user_request(inst, Username=name, Password=PASSWORD))
    hashes = [stored_secret(srv, name) for name in names]
    for h in hashes:
        assert h.startswith(f"$argon2id$v=19${params}$"), h
        assert PASSWORD not in h
    assert hashes[0] != hashes[1], "each hash has a salt of its own"
