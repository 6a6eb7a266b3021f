"""Accounts: in strict mode every resource belongs to the signing key's account. Account B
can neither list, describe, update, delete nor reference anything of account A's, with the
errors Amazon Connect gives: an instance id of another account names nothing
(ResourceNotFoundException), a profile id of another account is not in the instance
(InvalidParameterException), and an ARN of another account is refused by IAM before Connect
looks (403 AccessDeniedException). See docs/rules.md ("Accounts").
"""
from __future__ import annotations

import boto3
import pytest
from botocore.config import Config

from conftest import (PASSWORD, REGION, Server, create_group, create_hours, create_queue,
                      create_routing_profile, create_security_profile, create_user,
                      expect_error, list_users, new_instance, random_account, user_request,
                      write_credentials)

ACCOUNT_A, ACCOUNT_B = random_account(), random_account()
KEY_A, KEY_B = "AKIDACCOUNTA", "AKIDACCOUNTB"
SECRET = "account-secret"


@pytest.fixture(scope="module")
def accounts(tmp_path_factory):
    base = tmp_path_factory.mktemp("accounts")
    creds = write_credentials(base / "credentials", {"a": (KEY_A, SECRET, ACCOUNT_A),
                                                     "b": (KEY_B, SECRET, ACCOUNT_B)})
    srv = Server(base / "data", base / "server.log", ["--credentials", str(creds)]).start()

    def client(key):
        return boto3.session.Session().client(
            "connect", endpoint_url=srv.endpoint, region_name=REGION, aws_access_key_id=key,
            aws_secret_access_key=SECRET, config=Config(retries={"total_max_attempts": 1}))

    yield client(KEY_A), client(KEY_B)
    assert srv.stop() == 0, srv.log_tail()


@pytest.fixture(scope="module")
def world(accounts):
    """Account A's instance with one of everything; account B's own instance."""
    a, b = accounts
    inst = new_instance(a, Tags={"owner": "a"})
    hours = create_hours(a, inst)
    queue = create_queue(a, inst, hours)
    rp = create_routing_profile(a, inst, queue)
    sp = create_security_profile(a, inst)
    group = create_group(a, inst)["HierarchyGroupId"]
    user = create_user(a, inst, RoutingProfileId=rp, SecurityProfileIds=[sp], HierarchyGroupId=group,
                       Tags={"k": "v"})
    mine = new_instance(b)
    return dict(a=a, b=b, inst=inst, hours=hours, queue=queue, rp=rp, sp=sp, group=group,
                user=user["UserId"], user_arn=user["UserArn"], mine=mine)


def snapshot(w):
    a, inst = w["a"], w["inst"]
    return (a.describe_instance(InstanceId=inst.id)["Instance"],
            [a.describe_user(InstanceId=inst.id, UserId=u["Id"])["User"] for u in list_users(a, inst.id)],
            a.list_tags_for_resource(resourceArn=w["user_arn"])["tags"])


def test_arns_carry_each_keys_account(world):
    assert world["inst"].arn.split(":")[4] == ACCOUNT_A
    assert world["mine"].arn.split(":")[4] == ACCOUNT_B
    assert world["user_arn"].split(":")[4] == ACCOUNT_A


def test_b_cannot_list_or_describe_a(world):
    a, b, inst = world["a"], world["b"], world["inst"]
    ids_b = [i["Id"] for i in b.list_instances()["InstanceSummaryList"]]
    assert world["mine"].id in ids_b and inst.id not in ids_b
    assert inst.id in [i["Id"] for i in a.list_instances()["InstanceSummaryList"]]
    calls = [
        lambda: b.describe_instance(InstanceId=inst.id),
        lambda: b.list_users(InstanceId=inst.id),
        lambda: b.describe_user(InstanceId=inst.id, UserId=world["user"]),
        lambda: b.list_security_profiles(InstanceId=inst.id),
        lambda: b.describe_security_profile(InstanceId=inst.id, SecurityProfileId=world["sp"]),
        lambda: b.list_routing_profiles(InstanceId=inst.id),
        lambda: b.describe_routing_profile(InstanceId=inst.id, RoutingProfileId=world["rp"]),
        lambda: b.list_queues(InstanceId=inst.id),
        lambda: b.describe_queue(InstanceId=inst.id, QueueId=world["queue"]),
        lambda: b.describe_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=world["hours"]),
        lambda: b.list_user_hierarchy_groups(InstanceId=inst.id),
        lambda: b.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=world["group"]),
        lambda: b.describe_user_hierarchy_structure(InstanceId=inst.id),
        lambda: b.search_users(InstanceId=inst.id),
        lambda: b.search_queues(InstanceId=inst.id),
        lambda: b.search_security_profiles(InstanceId=inst.id),
    ]
    for call in calls:
        with expect_error("ResourceNotFoundException", 404):
            call()


def test_b_cannot_change_or_delete_a(world):
    b, inst = world["b"], world["inst"]
    before = snapshot(world)
    calls = [
        lambda: b.update_user_identity_info(InstanceId=inst.id, UserId=world["user"],
                                            IdentityInfo={"FirstName": "Mallory", "LastName": "B"}),
        lambda: b.update_user_phone_config(InstanceId=inst.id, UserId=world["user"],
                                           PhoneConfig={"PhoneType": "SOFT_PHONE"}),
        lambda: b.update_user_security_profiles(InstanceId=inst.id, UserId=world["user"],
                                                SecurityProfileIds=[world["sp"]]),
        lambda: b.update_user_routing_profile(InstanceId=inst.id, UserId=world["user"],
                                              RoutingProfileId=world["rp"]),
        lambda: b.update_queue_name(InstanceId=inst.id, QueueId=world["queue"], Name="mine"),
        lambda: b.update_security_profile(InstanceId=inst.id, SecurityProfileId=world["sp"],
                                          Description="mine"),
        lambda: b.delete_user(InstanceId=inst.id, UserId=world["user"]),
        lambda: b.delete_queue(InstanceId=inst.id, QueueId=world["queue"]),
        lambda: b.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=world["group"]),
        lambda: b.delete_instance(InstanceId=inst.id),
        lambda: b.create_user(**user_request(inst, SecurityProfileIds=[world["sp"]],
                                             RoutingProfileId=world["rp"])),
        lambda: b.create_queue(InstanceId=inst.id, Name="q", HoursOfOperationId=world["hours"]),
        lambda: b.create_security_profile(InstanceId=inst.id, SecurityProfileName="sp"),
        lambda: b.create_user_hierarchy_group(InstanceId=inst.id, Name="g"),
    ]
    for call in calls:
        with expect_error("ResourceNotFoundException", 404):
            call()
    assert snapshot(world) == before


def test_b_cannot_reference_a_in_its_own_instance(world):
    b, mine = world["b"], world["mine"]
    for overrides in ({"SecurityProfileIds": [world["sp"]]}, {"RoutingProfileId": world["rp"]},
                      {"HierarchyGroupId": world["group"]}):
        with expect_error("InvalidParameterException", 400):
            create_user(b, mine, **overrides)
    with expect_error("InvalidParameterException", 400):
        b.create_queue(InstanceId=mine.id, Name="q-refs-a", HoursOfOperationId=world["hours"])
    with expect_error("InvalidParameterException", 400):
        create_routing_profile(b, mine, queue_id=world["queue"])
    assert list_users(b, mine.id) == []


def test_b_cannot_tag_a(world):
    b, before = world["b"], snapshot(world)
    for arn in (world["inst"].arn, world["user_arn"], world["inst"].arn + "/queue/" + world["queue"]):
        for call in (lambda: b.list_tags_for_resource(resourceArn=arn),
                     lambda: b.tag_resource(resourceArn=arn, tags={"owner": "b"}),
                     lambda: b.untag_resource(resourceArn=arn, tagKeys=["owner", "k"])):
            with expect_error("AccessDeniedException", 403) as err:
                call()
            assert ACCOUNT_B in err.message and arn in err.message
    # The same answer for an ARN of A's that does not exist: nothing can be learnt.
    with expect_error("AccessDeniedException", 403):
        b.list_tags_for_resource(resourceArn=world["inst"].arn[:-4] + "0000")
    assert snapshot(world) == before


def test_search_finds_nothing_of_a(world):
    b, mine = world["b"], world["mine"]
    create_user(b, mine, Username="only-b-user")
    found = b.search_users(InstanceId=mine.id)["Users"]
    assert [u["Username"] for u in found] == ["only-b-user"]


def test_names_are_per_account(world):
    """A's alias and usernames do not collide with B's."""
    a, b = world["a"], world["b"]
    alias = "shared-alias-" + ACCOUNT_A
    ia = new_instance(a, alias=alias)
    ib = new_instance(b, alias=alias)
    assert ia.id != ib.id
    for client, inst in ((a, ia), (b, ib)):
        create_user(client, inst, Username="same-name", Password=PASSWORD)
    a.delete_instance(InstanceId=ia.id)
    assert b.describe_instance(InstanceId=ib.id)["Instance"]["InstanceAlias"] == alias
