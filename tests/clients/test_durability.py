"""Durability: an acknowledged write survives kill -9; a SIGTERM restart keeps everything;
passwords never reach the disk or the log in clear text."""
import os
import threading
import time

from botocore.exceptions import ClientError

from conftest import (ACCOUNT, REGION, BASIC_ROUTING_PROFILE, DATABASE_URL, PASSWORD, Counter, create_instance,
                      assert_users_exactly, expect_error, routing_profiles, security_profiles)

TOTAL_USERS = 200
THREADS = 8
KILL_AFTER = 70  # acknowledged creates before the kill -9: well inside the load


def _prepare(client):
    inst = create_instance(client)
    sp = security_profiles(client, inst["Id"])["Agent"]
    rp = routing_profiles(client, inst["Id"])[BASIC_ROUTING_PROFILE]
    return inst["Id"], sp, rp


def _user_request(instance_id, sp, rp, n, password=PASSWORD):
    return dict(InstanceId=instance_id, Username=f"load{n:04d}", Password=password,
                IdentityInfo={"FirstName": "Load", "LastName": f"User {n}"},
                PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False,
                             "AfterContactWorkTimeLimit": 0},
                SecurityProfileIds=[sp], RoutingProfileId=rp)


def _assert_users_exactly(client, instance_id, acknowledged, may_exist=()):
    return assert_users_exactly(client, instance_id, acknowledged, may_exist,
                                last_name=lambda name: f"User {int(name[4:])}")


def test_acknowledged_creates_survive_kill_9(spawn_server, tmp_path):
    data_dir = tmp_path / "data"
    srv = spawn_server(data_dir, "first.log")
    client = srv.client(connect_timeout=2, read_timeout=10)
    instance_id, sp, rp = _prepare(client)

    counter = Counter(TOTAL_USERS)
    acknowledged: dict[str, str] = {}
    attempted: set[str] = set()
    unexpected: list[str] = []
    lock = threading.Lock()
    enough = threading.Event()
    killed = threading.Event()

    def worker():
        while True:
            n = counter.next()
            if n is None:
                return
            req = _user_request(instance_id, sp, rp, n)
            with lock:
                attempted.add(req["Username"])
            try:
                resp = client.create_user(**req)
            except ClientError as e:
                if not killed.is_set():
                    with lock:
                        unexpected.append(f"{req['Username']}: {e}")
                continue
            except Exception as e:  # connection refused / reset once the server is dead
                if not killed.is_set():
                    with lock:
                        unexpected.append(f"{req['Username']}: {e!r}")
                return
            with lock:
                if resp["ResponseMetadata"]["HTTPStatusCode"] != 200:
                    unexpected.append(f"{req['Username']}: {resp['ResponseMetadata']}")
                    continue
                acknowledged[req["Username"]] = resp["UserId"]
                if len(acknowledged) >= KILL_AFTER:
                    enough.set()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(THREADS)]
    for t in threads:
        t.start()
    assert enough.wait(60), f"load did not reach {KILL_AFTER} creates: {unexpected[:3]}"
    killed.set()
    srv.kill()
    for t in threads:
        t.join(30)
    assert not any(t.is_alive() for t in threads)
    assert not unexpected, unexpected[:5]
    with lock:
        acked = dict(acknowledged)
        in_flight = set(attempted) - set(acked)
    assert len(acked) < TOTAL_USERS, "the kill came after the load had finished"

    # restart on the same data dir: every acknowledged user is there, exactly once
    srv2 = spawn_server(data_dir, "second.log")
    client2 = srv2.client()
    by_name = _assert_users_exactly(client2, instance_id, acked, may_exist=in_flight)

    # the restarted server keeps working: a new user, and uniqueness still enforced
    resp = client2.create_user(**_user_request(instance_id, sp, rp, 9999))
    acked_after = {n: by_name[n] for n in by_name}
    acked_after["load9999"] = resp["UserId"]
    with expect_error("DuplicateResourceException", 409):
        client2.create_user(**_user_request(instance_id, sp, rp, int(next(iter(acked))[4:])))

    # a plain SIGTERM restart keeps everything too
    assert srv2.stop() == 0
    srv3 = spawn_server(data_dir, "third.log")
    _assert_users_exactly(srv3.client(), instance_id, acked_after)
    assert srv3.stop() == 0


def test_sigterm_restart_keeps_everything(spawn_server, tmp_path):
    data_dir = tmp_path / "data"
    srv = spawn_server(data_dir, "first.log")
    client = srv.client()
    instance_id, sp, rp = _prepare(client)
    group = client.create_user_hierarchy_group(InstanceId=instance_id, Name="Durable",
                                               Tags={"g": "1"})
    created = {}
    for n in range(5):
        req = _user_request(instance_id, sp, rp, n)
        created[req["Username"]] = client.create_user(
            **req, HierarchyGroupId=group["HierarchyGroupId"], Tags={"n": str(n)})["UserId"]
    client.delete_user(InstanceId=instance_id, UserId=created.pop("load0004"))
    client.update_user_phone_config(InstanceId=instance_id, UserId=created["load0000"],
                                    PhoneConfig={"PhoneType": "DESK_PHONE", "AutoAccept": True,
                                                 "AfterContactWorkTimeLimit": 9,
                                                 "DeskPhoneNumber": "+14155550111"})
    client.tag_resource(resourceArn=f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{instance_id}",
                        tags={"kept": "yes"})
    before_users = {u: client.describe_user(InstanceId=instance_id, UserId=i)["User"]
                    for u, i in created.items()}
    before_instance = client.describe_instance(InstanceId=instance_id)["Instance"]

    t0 = time.monotonic()
    assert srv.stop() == 0
    assert time.monotonic() - t0 < 10

    srv2 = spawn_server(data_dir, "second.log")
    client2 = srv2.client()
    assert client2.describe_instance(InstanceId=instance_id)["Instance"] == before_instance
    _assert_users_exactly(client2, instance_id, created)
    for name, user_id in created.items():
        assert client2.describe_user(InstanceId=instance_id, UserId=user_id)["User"] == \
            before_users[name]
    g = client2.describe_user_hierarchy_group(InstanceId=instance_id,
                                              HierarchyGroupId=group["HierarchyGroupId"])
    assert g["HierarchyGroup"]["Name"] == "Durable"
    assert g["HierarchyGroup"]["Tags"] == {"g": "1"}
    # the default resources were not seeded a second time
    assert sorted(security_profiles(client2, instance_id)) == \
        ["Admin", "Agent", "CallCenterManager", "QualityAnalyst"]
    assert srv2.stop() == 0


def test_password_not_stored_or_logged_in_clear(spawn_server, tmp_path):
    data_dir = tmp_path / "data"
    srv = spawn_server(data_dir, "server.log")
    client = srv.client()
    instance_id, sp, rp = _prepare(client)
    secret = "Cl3arText-Needle-Zx9"
    for n in range(3):
        client.create_user(**_user_request(instance_id, sp, rp, n, password=secret))
    # a rejected request carrying the password must not leak it either
    with expect_error("DuplicateResourceException", 409):
        client.create_user(**_user_request(instance_id, sp, rp, 0, password=secret))
    assert srv.stop() == 0  # flushes whatever is buffered

    needles = [secret.encode("utf-8"), secret.encode("utf-16-le")]
    files = [os.path.join(root, f) for root, _, names in os.walk(data_dir) for f in names]
    if not DATABASE_URL:
        assert files, "the data dir is empty: where did the users go?"
    for path in files + [str(srv.log_path)]:
        with open(path, "rb") as fh:
            content = fh.read()
        for needle in needles:
            assert needle not in content, f"clear-text password found in {path}"
