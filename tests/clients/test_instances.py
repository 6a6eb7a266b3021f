"""CreateInstance / DescribeInstance / ListInstances / DeleteInstance and the resources every
new instance comes with."""
import datetime as dt
import re

import pytest

from conftest import (ACCOUNT, BASIC_HOURS, BASIC_QUEUE, BASIC_ROUTING_PROFILE,
                      DEFAULT_SECURITY_PROFILES, REGION, create_instance, create_user,
                      expect_error, is_uuid, unique_alias)

INSTANCE_ARN = re.compile(rf"^arn:aws:connect:{REGION}:{ACCOUNT}:instance/(?P<id>[^/]+)$")


def test_create_instance_returns_uuid_and_arn(connect):
    resp = connect.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                   InstanceAlias=unique_alias(), InboundCallsEnabled=True,
                                   OutboundCallsEnabled=True)
    assert is_uuid(resp["Id"]), resp
    assert resp["Arn"] == f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{resp['Id']}"
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_describe_instance_returns_what_was_created(connect):
    alias = unique_alias()
    before = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    resp = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                   InboundCallsEnabled=True, OutboundCallsEnabled=False,
                                   Tags={"team": "blue", "cost-center": "42"})
    inst = connect.describe_instance(InstanceId=resp["Id"])["Instance"]
    assert inst["Id"] == resp["Id"]
    assert inst["Arn"] == resp["Arn"]
    assert inst["IdentityManagementType"] == "CONNECT_MANAGED"
    assert inst["InstanceAlias"] == alias
    assert inst["InstanceStatus"] == "ACTIVE"
    assert inst["InboundCallsEnabled"] is True
    assert inst["OutboundCallsEnabled"] is False
    assert inst["Tags"] == {"team": "blue", "cost-center": "42"}
    assert isinstance(inst["CreatedTime"], dt.datetime)
    after = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=5)
    assert before <= inst["CreatedTime"] <= after, inst["CreatedTime"]


@pytest.mark.parametrize("identity", ["SAML", "EXISTING_DIRECTORY"])
def test_other_identity_types(connect, identity):
    resp = create_instance(connect, identity, InboundCallsEnabled=False)
    inst = connect.describe_instance(InstanceId=resp["Id"])["Instance"]
    assert inst["IdentityManagementType"] == identity
    assert inst["InboundCallsEnabled"] is False
    assert inst["OutboundCallsEnabled"] is True
    assert inst["InstanceStatus"] == "ACTIVE"


def test_existing_directory_requires_directory_id(connect):
    with expect_error("InvalidRequestException", 400):
        connect.create_instance(IdentityManagementType="EXISTING_DIRECTORY",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)


@pytest.mark.parametrize("directory_id", ["d-123", "d-12345678zz", "x-1234567890"])
def test_existing_directory_rejects_malformed_directory_id(raw_connect, directory_id):
    # d-123 breaks the model's length, the others its pattern ^d-[0-9a-f]{10}$.
    with expect_error("InvalidRequestException", 400):
        raw_connect.create_instance(IdentityManagementType="EXISTING_DIRECTORY",
                                    DirectoryId=directory_id,
                                    InboundCallsEnabled=True, OutboundCallsEnabled=True)


@pytest.mark.parametrize("identity", ["CONNECT_MANAGED", "SAML"])
def test_alias_required_for_connect_managed_and_saml(connect, identity):
    with expect_error("InvalidRequestException", 400):
        connect.create_instance(IdentityManagementType=identity,
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)


def test_duplicate_alias_is_rejected(connect):
    # CreateInstance models no DuplicateResourceException (docs/rules.md, Errors).
    alias = unique_alias()
    create_instance(connect, alias=alias)
    with expect_error("InvalidRequestException", 400):
        create_instance(connect, alias=alias)
    matching = [i for page in connect.get_paginator("list_instances").paginate()
                for i in page["InstanceSummaryList"] if i.get("InstanceAlias") == alias]
    assert len(matching) == 1


@pytest.mark.parametrize("alias", ["bad_alias!", "d-looks-like-a-directory", "x" * 46, "-lead"])
def test_alias_must_match_model(raw_connect, alias):
    # CreateInstance models no InvalidParameterException: validation errors are
    # InvalidRequestException, in the same words.
    with expect_error("InvalidRequestException", 400) as err:
        raw_connect.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                    InstanceAlias=alias, InboundCallsEnabled=True,
                                    OutboundCallsEnabled=True)
    assert err.message.startswith("1 validation error detected"), err.message
    assert "instanceAlias" in err.message


def test_missing_required_members_are_rejected_by_the_server(raw_connect):
    with expect_error("InvalidRequestException", 400) as err:
        raw_connect.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                    InstanceAlias=unique_alias())
    # inboundCallsEnabled and outboundCallsEnabled are both missing
    assert err.message.startswith("2 validation errors detected"), err.message
    assert "inboundCallsEnabled" in err.message and "outboundCallsEnabled" in err.message


def test_unknown_identity_type_is_rejected(raw_connect):
    with expect_error("InvalidRequestException", 400) as err:
        raw_connect.create_instance(IdentityManagementType="LDAP", InstanceAlias=unique_alias(),
                                    InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert "identityManagementType" in err.message


def test_list_instances_pages_through_everything(connect):
    mine = {create_instance(connect)["Id"] for _ in range(3)}
    seen: list[str] = []
    kwargs = {"MaxResults": 10}
    while True:
        page = connect.list_instances(**kwargs)
        assert len(page["InstanceSummaryList"]) <= 10
        for s in page["InstanceSummaryList"]:
            seen.append(s["Id"])
            if s["Id"] in mine:
                assert INSTANCE_ARN.match(s["Arn"]).group("id") == s["Id"]
                assert s["IdentityManagementType"] == "CONNECT_MANAGED"
                assert s["InstanceStatus"] == "ACTIVE"
                assert s["InstanceAlias"]
                assert isinstance(s["CreatedTime"], dt.datetime)
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    assert len(seen) == len(set(seen)), "an instance was listed twice"
    assert mine <= set(seen)


def test_list_instances_max_results_one(connect):
    create_instance(connect)
    create_instance(connect)
    page = connect.list_instances(MaxResults=1)
    assert len(page["InstanceSummaryList"]) == 1
    assert page.get("NextToken")
    page2 = connect.list_instances(MaxResults=1, NextToken=page["NextToken"])
    assert len(page2["InstanceSummaryList"]) == 1
    assert page2["InstanceSummaryList"][0]["Id"] != page["InstanceSummaryList"][0]["Id"]


@pytest.mark.parametrize("max_results", [0, 11])
def test_list_instances_max_results_range(raw_connect, max_results):
    with expect_error("InvalidRequestException", 400) as err:
        raw_connect.list_instances(MaxResults=max_results)
    assert err.message.startswith("1 validation error detected"), err.message
    assert "maxResults" in err.message


def test_delete_instance_removes_it_and_its_users(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    connect.delete_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user(InstanceId=inst.id, UserId=user_id)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_users(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_security_profiles(InstanceId=inst.id)
    listed = {i["Id"] for p in connect.get_paginator("list_instances").paginate()
              for i in p["InstanceSummaryList"]}
    assert inst.id not in listed
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_instance(InstanceId=inst.id)


@pytest.mark.parametrize("call", [
    lambda c, i: c.describe_instance(InstanceId=i),
    lambda c, i: c.delete_instance(InstanceId=i),
    lambda c, i: c.list_users(InstanceId=i),
    lambda c, i: c.list_security_profiles(InstanceId=i),
    lambda c, i: c.list_routing_profiles(InstanceId=i),
    lambda c, i: c.list_queues(InstanceId=i),
    lambda c, i: c.list_hours_of_operations(InstanceId=i),
    lambda c, i: c.list_user_hierarchy_groups(InstanceId=i),
], ids=["describe", "delete", "list-users", "list-security-profiles",
        "list-routing-profiles", "list-queues", "list-hours", "list-groups"])
def test_unknown_instance_is_404(connect, call):
    with expect_error("ResourceNotFoundException", 404):
        call(connect, "00000000-0000-4000-8000-000000000000")


# -- the resources a new instance comes with ---------------------------------------------------

def test_default_security_profiles(connect, instance):
    inst = instance()
    summaries = [s for p in connect.get_paginator("list_security_profiles")
                 .paginate(InstanceId=inst.id) for s in p["SecurityProfileSummaryList"]]
    assert sorted(s["Name"] for s in summaries) == sorted(DEFAULT_SECURITY_PROFILES)
    for s in summaries:
        assert is_uuid(s["Id"]), s
        assert s["Arn"] == f"{inst.arn}/security-profile/{s['Id']}"
    assert len({s["Id"] for s in summaries}) == 4


def test_default_routing_profile(connect, instance):
    inst = instance()
    summaries = connect.list_routing_profiles(InstanceId=inst.id)["RoutingProfileSummaryList"]
    assert [s["Name"] for s in summaries] == [BASIC_ROUTING_PROFILE]
    (rp,) = summaries
    assert is_uuid(rp["Id"])
    assert rp["Arn"] == f"{inst.arn}/routing-profile/{rp['Id']}"


def test_default_queue(connect, instance):
    inst = instance()
    queues = connect.list_queues(InstanceId=inst.id)["QueueSummaryList"]
    basic = [q for q in queues if q.get("Name") == BASIC_QUEUE]
    assert len(basic) == 1, queues
    (q,) = basic
    assert q["QueueType"] == "STANDARD"
    assert is_uuid(q["Id"])
    assert q["Arn"] == f"{inst.arn}/queue/{q['Id']}"


def test_default_hours_of_operation(connect, instance):
    inst = instance()
    hours = connect.list_hours_of_operations(InstanceId=inst.id)["HoursOfOperationSummaryList"]
    assert [h["Name"] for h in hours] == [BASIC_HOURS]
    (h,) = hours
    assert is_uuid(h["Id"])
    assert h["Arn"] == f"{inst.arn}/operating-hours/{h['Id']}"


def test_default_resources_belong_to_their_instance(connect, instance):
    a, b = instance(), instance()
    assert set(a.security_profiles.values()).isdisjoint(b.security_profiles.values())
    assert a.routing_profile_id != b.routing_profile_id
