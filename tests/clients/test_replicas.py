"""Replicas: two `switchboard serve` processes on one PostgreSQL database behave as one
service. Runs only on the PostgreSQL pass (SWITCHBOARD_DATABASE_URL set)."""
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.exceptions import ClientError

from conftest import DATABASE_URL, create_user, describe_user, expect_error, list_users, new_instance, user_request

pytestmark = pytest.mark.skipif(
    not DATABASE_URL,
    reason="replicas need a shared database: set SWITCHBOARD_DATABASE_URL (scripts/test-all.sh does on its PostgreSQL pass)")

NAMES = 40
ATTEMPTS_PER_NAME = 4  # two through each replica
THREADS = 16


@pytest.fixture
def replicas(spawn_server):
    a, b = spawn_server(log_name="replica-a.log"), spawn_server(log_name="replica-b.log")
    return a.client(max_pool_connections=THREADS), b.client(max_pool_connections=THREADS)


def test_racing_creates_through_two_replicas_leave_each_username_once(replicas):
    a, b = replicas
    inst = new_instance(a)
    inst.client = b  # the instance's default resources are looked up through the other replica
    names = [f"race{n:03d}" for n in range(NAMES)]
    attempts = [(name, (a, b)[i % 2]) for name in names for i in range(ATTEMPTS_PER_NAME)]
    random.Random(5).shuffle(attempts)

    def attempt(job):
        name, client = job
        try:
            return name, client, client.create_user(**user_request(inst, Username=name))["UserId"]
        except ClientError as e:
            return name, client, e

    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(attempt, attempts))

    winners: dict[str, list[tuple[object, str]]] = {name: [] for name in names}
    for name, client, result in outcomes:
        if isinstance(result, ClientError):
            err = result.response
            assert (err["Error"]["Code"], err["ResponseMetadata"]["HTTPStatusCode"]) == \
                ("DuplicateResourceException", 409), f"{name}: {err['Error']}"
        else:
            winners[name].append((client, result))
    lost = {n: len(w) for n, w in winners.items() if len(w) != 1}
    assert not lost, f"usernames created other than exactly once: {lost}"

    # Both replicas list every username exactly once, with the winner's id.
    expected = {name: w[0][1] for name, w in winners.items()}
    for client in (a, b):
        listed = list_users(client, inst.id, page_size=13)
        assert sorted(u["Username"] for u in listed) == sorted(names)
        assert {u["Username"]: u["Id"] for u in listed} == expected
    # Every user is described alike through the replica that did not create it.
    for name, [(creator, user_id)] in winners.items():
        other = b if creator is a else a
        assert describe_user(other, inst.id, user_id) == describe_user(creator, inst.id, user_id)


def test_writes_through_one_replica_are_seen_by_the_other(replicas):
    a, b = replicas
    inst = new_instance(a)
    via_a = create_user(a, inst)["UserId"]
    via_b = create_user(b, inst)["UserId"]
    assert describe_user(b, inst.id, via_a)["Id"] == via_a
    assert describe_user(a, inst.id, via_b)["Id"] == via_b
    # No replica keeps a stale copy: an update and a delete through one are seen by the other.
    describe_user(b, inst.id, via_a)  # b has read it before the change
    a.update_user_identity_info(InstanceId=inst.id, UserId=via_a,
                                IdentityInfo={"FirstName": "Changed", "LastName": "ViaA"})
    assert describe_user(b, inst.id, via_a)["IdentityInfo"]["FirstName"] == "Changed"
    b.delete_user(InstanceId=inst.id, UserId=via_a)
    with expect_error("ResourceNotFoundException", 404):
        a.describe_user(InstanceId=inst.id, UserId=via_a)
    # A username is unique across replicas, not per replica.
    taken = describe_user(a, inst.id, via_b)["Username"]
    with expect_error("DuplicateResourceException", 409):
        create_user(a, inst, Username=taken)
    # Deleting the instance through one replica removes it for the other.
    b.delete_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        a.describe_user(InstanceId=inst.id, UserId=via_b)


def test_next_tokens_from_one_replica_continue_on_the_other(replicas):
    a, b = replicas
    inst = new_instance(a)
    made = {create_user((a, b)[n % 2], inst, Username=f"page{n:02d}")["UserId"] for n in range(23)}
    pages, kwargs = [], {"InstanceId": inst.id, "MaxResults": 5}
    for turn in range(100):
        page = (a, b)[turn % 2].list_users(**kwargs)  # each page from the other replica
        pages.append([u["Id"] for u in page["UserSummaryList"]])
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    seen = [i for p in pages for i in p]
    assert len(pages) == 5 and all(len(p) == 5 for p in pages[:4])
    assert len(seen) == len(set(seen)), "a user was listed twice across replicas"
    assert set(seen) == made, "a user was lost between replicas' pages"
    assert seen == [u["Id"] for u in list_users(a, inst.id)], "pages continue in one order"
