"""Regions: an instance lives in the Region whose credential scope created it. From any other
Region it, and everything in it, does not exist (ResourceNotFoundException); listings show
the caller's Region only; an ARN of another Region names nothing; aliases stay unique per
account across Regions (they form the access URL); quotas and throttling count per Region.
Two accounts in strict mode, two Regions. See docs/rules.md ("Regions").
"""
from __future__ import annotations

import uuid

import boto3
import pytest
from botocore.config import Config

from conftest import (Server, create_group, create_hours, create_queue, create_routing_profile,
                      create_security_profile, create_user, expect_error, list_users, new_instance,
                      random_account, unique_alias, user_request, write_credentials)

ACCOUNT_A, ACCOUNT_B = random_account(), random_account()
KEY_A, KEY_B = "AKIDREGIONSA", "AKIDREGIONSB"
SECRET = "regions-secret"
EAST, WEST = "us-east-1", "eu-west-2"


def client_for(srv: Server, key: str, region: str):
    return boto3.session.Session().client(
        "connect", endpoint_url=srv.endpoint, region_name=region, aws_access_key_id=key,
        aws_secret_access_key=SECRET, config=Config(retries={"total_max_attempts": 1}))


def strict_server(base, *extra: str, accounts: tuple[str, str] = (ACCOUNT_A, ACCOUNT_B)) -> Server:
    """KEY_A acts in accounts[0], KEY_B in accounts[1]. (Servers on one PostgreSQL database
    share their data: a server of its own for counting needs accounts of its own.)"""
    creds = write_credentials(base / "credentials", {"a": (KEY_A, SECRET, accounts[0]),
                                                     "b": (KEY_B, SECRET, accounts[1])})
    return Server(base / "data", base / "server.log", ["--credentials", str(creds), *extra]).start()


@pytest.fixture(scope="module")
def clients(tmp_path_factory):
    srv = strict_server(tmp_path_factory.mktemp("regions"))
    yield {(k, r): client_for(srv, key, r) for k, key in (("a", KEY_A), ("b", KEY_B)) for r in (EAST, WEST)}
    assert srv.stop() == 0, srv.log_tail()


@pytest.fixture(scope="module")
def world(clients):
    """Account A: an instance in us-east-1 with one of everything, and one in eu-west-2."""
    east = clients["a", EAST]
    inst = new_instance(east, Tags={"where": "east"})
    hours = create_hours(east, inst)
    queue = create_queue(east, inst, hours)
    rp = create_routing_profile(east, inst, queue)
    sp = create_security_profile(east, inst)
    group = create_group(east, inst)["HierarchyGroupId"]
    user = create_user(east, inst, RoutingProfileId=rp, SecurityProfileIds=[sp], HierarchyGroupId=group,
                       Tags={"k": "v"})
    west_inst = new_instance(clients["a", WEST])
    return dict(inst=inst, hours=hours, queue=queue, rp=rp, sp=sp, group=group, user=user["UserId"],
                user_arn=user["UserArn"], west=west_inst)


def state(clients, w):
    """What account A's us-east-1 instance holds, as seen from us-east-1."""
    east, inst = clients["a", EAST], w["inst"]
    return (east.describe_instance(InstanceId=inst.id)["Instance"],
            [east.describe_user(InstanceId=inst.id, UserId=u["Id"])["User"] for u in list_users(east, inst.id)],
            east.describe_queue(InstanceId=inst.id, QueueId=w["queue"])["Queue"],
            east.list_tags_for_resource(resourceArn=w["user_arn"])["tags"])


def ids(client) -> list[str]:
    out = []
    for page in client.get_paginator("list_instances").paginate():
        out += [i["Id"] for i in page["InstanceSummaryList"]]
    return out


def test_arns_name_the_region_that_created_them(world):
    assert world["inst"].arn.split(":")[3] == EAST
    assert world["west"].arn.split(":")[3] == WEST
    assert world["user_arn"].split(":")[3] == EAST


def test_list_instances_shows_the_callers_region_only(clients, world):
    inst, west = world["inst"].id, world["west"].id
    assert ids(clients["a", EAST]) == [inst]
    assert ids(clients["a", WEST]) == [west]
    assert ids(clients["b", EAST]) == [] and ids(clients["b", WEST]) == []
    summary = clients["a", WEST].list_instances()["InstanceSummaryList"][0]
    assert summary["Arn"].split(":")[3] == WEST


def test_another_region_finds_nothing_in_the_instance(clients, world):
    w, inst = world, world["inst"]
    x = clients["a", WEST]
    calls = [
        lambda: x.describe_instance(InstanceId=inst.id),
        lambda: x.list_users(InstanceId=inst.id),
        lambda: x.describe_user(InstanceId=inst.id, UserId=w["user"]),
        lambda: x.list_security_profiles(InstanceId=inst.id),
        lambda: x.describe_security_profile(InstanceId=inst.id, SecurityProfileId=w["sp"]),
        lambda: x.list_security_profile_permissions(InstanceId=inst.id, SecurityProfileId=w["sp"]),
        lambda: x.list_routing_profiles(InstanceId=inst.id),
        lambda: x.describe_routing_profile(InstanceId=inst.id, RoutingProfileId=w["rp"]),
        lambda: x.list_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=w["rp"]),
        lambda: x.list_queues(InstanceId=inst.id),
        lambda: x.describe_queue(InstanceId=inst.id, QueueId=w["queue"]),
        lambda: x.list_hours_of_operations(InstanceId=inst.id),
        lambda: x.describe_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=w["hours"]),
        lambda: x.list_user_hierarchy_groups(InstanceId=inst.id),
        lambda: x.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=w["group"]),
        lambda: x.describe_user_hierarchy_structure(InstanceId=inst.id),
        lambda: x.search_users(InstanceId=inst.id),
        lambda: x.search_queues(InstanceId=inst.id),
        lambda: x.search_routing_profiles(InstanceId=inst.id),
        lambda: x.search_security_profiles(InstanceId=inst.id),
        lambda: x.search_hours_of_operations(InstanceId=inst.id),
        lambda: x.search_user_hierarchy_groups(InstanceId=inst.id),
    ]
    for call in calls:
        with expect_error("ResourceNotFoundException", 404):
            call()


def test_another_region_changes_nothing_in_the_instance(clients, world):
    w, inst = world, world["inst"]
    x = clients["a", WEST]
    before = state(clients, w)
    calls = [
        lambda: x.create_user(**user_request(inst, SecurityProfileIds=[w["sp"]], RoutingProfileId=w["rp"])),
        lambda: x.update_user_identity_info(InstanceId=inst.id, UserId=w["user"],
                                            IdentityInfo={"FirstName": "Other", "LastName": "Region"}),
        lambda: x.update_user_phone_config(InstanceId=inst.id, UserId=w["user"],
                                           PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True}),
        lambda: x.update_user_security_profiles(InstanceId=inst.id, UserId=w["user"], SecurityProfileIds=[w["sp"]]),
        lambda: x.update_user_routing_profile(InstanceId=inst.id, UserId=w["user"], RoutingProfileId=w["rp"]),
        lambda: x.update_user_hierarchy(InstanceId=inst.id, UserId=w["user"]),
        lambda: x.update_queue_name(InstanceId=inst.id, QueueId=w["queue"], Name="renamed"),
        lambda: x.update_queue_status(InstanceId=inst.id, QueueId=w["queue"], Status="DISABLED"),
        lambda: x.update_routing_profile_name(InstanceId=inst.id, RoutingProfileId=w["rp"], Name="renamed"),
        lambda: x.update_security_profile(InstanceId=inst.id, SecurityProfileId=w["sp"], Description="x"),
        lambda: x.update_user_hierarchy_structure(InstanceId=inst.id,
                                                  HierarchyStructure={"LevelOne": {"Name": "x"}}),
        lambda: x.create_queue(InstanceId=inst.id, Name="q", HoursOfOperationId=w["hours"]),
        lambda: x.create_security_profile(InstanceId=inst.id, SecurityProfileName="sp-west"),
        lambda: x.create_user_hierarchy_group(InstanceId=inst.id, Name="g-west"),
        lambda: x.delete_user(InstanceId=inst.id, UserId=w["user"]),
        lambda: x.delete_queue(InstanceId=inst.id, QueueId=w["queue"]),
        lambda: x.delete_instance(InstanceId=inst.id),
    ]
    for call in calls:
        with expect_error("ResourceNotFoundException", 404):
            call()
    assert state(clients, w) == before


def test_an_arn_of_another_region_names_nothing(clients, world):
    w = world
    east_arns = [w["inst"].arn, w["user_arn"], f"{w['inst'].arn}/queue/{w['queue']}"]
    before = state(clients, w)
    x = clients["a", WEST]
    for arn in east_arns:
        for call in (lambda: x.list_tags_for_resource(resourceArn=arn),
                     lambda: x.tag_resource(resourceArn=arn, tags={"from": "west"}),
                     lambda: x.untag_resource(resourceArn=arn, tagKeys=["k", "where"])):
            with expect_error("ResourceNotFoundException", 404):
                call()
    # The caller's own Region with another Region's ARN of the same ids: not the resource.
    east = clients["a", EAST]
    for arn in east_arns:
        elsewhere = arn.replace(f":{EAST}:", f":{WEST}:")
        with expect_error("ResourceNotFoundException", 404):
            east.list_tags_for_resource(resourceArn=elsewhere)
        with expect_error("ResourceNotFoundException", 404):
            east.tag_resource(resourceArn=elsewhere, tags={"via": "wrong-arn"})
    # Another account's ARN stays an IAM refusal, whatever the Region.
    with expect_error("AccessDeniedException", 403):
        clients["b", EAST].list_tags_for_resource(resourceArn=w["user_arn"])
    with expect_error("AccessDeniedException", 403):
        clients["b", WEST].tag_resource(resourceArn=w["user_arn"], tags={"b": "b"})
    assert state(clients, w) == before
    assert east.list_tags_for_resource(resourceArn=w["inst"].arn)["tags"] == {"where": "east"}


def test_last_modified_region_is_the_instances(clients, world):
    w = world
    east, inst = clients["a", EAST], w["inst"]
    east.update_user_identity_info(InstanceId=inst.id, UserId=w["user"],
                                   IdentityInfo={"FirstName": "Still", "LastName": "East"})
    user = east.describe_user(InstanceId=inst.id, UserId=w["user"])["User"]
    assert user["LastModifiedRegion"] == EAST
    assert {u["LastModifiedRegion"] for u in list_users(east, inst.id)} == {EAST}
    west, wi = clients["a", WEST], w["west"]
    made = create_user(west, wi)
    assert west.describe_user(InstanceId=wi.id, UserId=made["UserId"])["User"]["LastModifiedRegion"] == WEST
    assert made["UserArn"].split(":")[3] == WEST
    for q in west.list_queues(InstanceId=wi.id)["QueueSummaryList"]:
        assert q["LastModifiedRegion"] == WEST and q["Arn"].split(":")[3] == WEST


def test_aliases_are_unique_per_account_across_regions(clients):
    alias = unique_alias("rg")
    made = new_instance(clients["a", EAST], alias=alias)
    # The alias is the access URL's label (https://ALIAS.my.connect.aws), which names no Region.
    with expect_error(("DuplicateResourceException", "InvalidRequestException"), (400, 409)):
        new_instance(clients["a", WEST], alias=alias)
    other = new_instance(clients["b", WEST], alias=alias)
    assert other.id != made.id
    clients["a", EAST].delete_instance(InstanceId=made.id)
    again = new_instance(clients["a", WEST], alias=alias)
    assert again.arn.split(":")[3] == WEST
    for inst, c in ((again, clients["a", WEST]), (other, clients["b", WEST])):
        c.delete_instance(InstanceId=inst.id)


def test_client_tokens_are_per_account_and_region(clients):
    t = str(uuid.uuid4())
    answers = []
    for who in (("a", EAST), ("a", WEST), ("b", EAST)):
        answers.append(clients[who].create_instance(
            IdentityManagementType="CONNECT_MANAGED", InstanceAlias=unique_alias("rg"),
            InboundCallsEnabled=True, OutboundCallsEnabled=True, ClientToken=t))
    assert len({a["Id"] for a in answers}) == 3
    for who, a in zip((("a", EAST), ("a", WEST), ("b", EAST)), answers):
        clients[who].delete_instance(InstanceId=a["Id"])


def test_instance_quota_counts_per_region(tmp_path):
    srv = strict_server(tmp_path, "--quotas", "aws", accounts=(random_account(), random_account()))
    try:
        east, west = client_for(srv, KEY_A, EAST), client_for(srv, KEY_A, WEST)
        first = new_instance(east)
        new_instance(east)
        with expect_error("ServiceQuotaExceededException", 402) as err:
            new_instance(east)
        assert EAST in err.message
        # The quota is the account's in each Region.
        new_instance(west)
        new_instance(west)
        with expect_error("ServiceQuotaExceededException", 402):
            new_instance(west)
        # Another account has quotas of its own.
        new_instance(client_for(srv, KEY_B, EAST))
        east.delete_instance(InstanceId=first.id)
        new_instance(east)
        assert len(ids(east)) == 2 and len(ids(west)) == 2
    finally:
        assert srv.stop() == 0, srv.log_tail()


def test_throttling_counts_per_region(tmp_path):
    # A bucket of 3 that does not refill in the test's lifetime.
    srv = strict_server(tmp_path, "--throttle", "0.0001/3", accounts=(random_account(), random_account()))
    try:
        east, west = client_for(srv, KEY_A, EAST), client_for(srv, KEY_A, WEST)
        for _ in range(3):
            east.list_instances()
        with expect_error("ThrottlingException", 429):
            east.list_instances()
        for _ in range(3):
            west.list_instances()
        with expect_error("ThrottlingException", 429):
            west.list_instances()
    finally:
        assert srv.stop() == 0, srv.log_tail()
