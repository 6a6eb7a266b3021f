"""DescribeUser, ListUsers (pagination), DeleteUser and the UpdateUser* operations."""
import datetime as dt

import pytest

from conftest import (REGION, assert_validation_message, create_group, create_user,
                      describe_user, expect_error, list_users, user_without_volatile,
                      wait_for_clock_past)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"
UNKNOWN_INSTANCE = "00000000-0000-4000-8000-000000000000"


def comparable(user: dict) -> dict:
    """User minus volatile fields, with empty / absent members treated alike."""
    return {k: v for k, v in user_without_volatile(user).items() if v not in (None, "", [], {})}


# -- DescribeUser ------------------------------------------------------------------------------

def test_describe_user_fields(connect, instance):
    inst = instance()
    t0 = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    resp = create_user(connect, inst, Username="alice",
                       IdentityInfo={"FirstName": "Alice", "LastName": "Liddell",
                                     "Email": "alice@example.com"})
    user = describe_user(connect, inst, resp["UserId"])
    assert user["Id"] == resp["UserId"]
    assert user["Arn"] == resp["UserArn"]
    assert user["Username"] == "alice"
    assert user["IdentityInfo"] == {"FirstName": "Alice", "LastName": "Liddell",
                                    "Email": "alice@example.com"}
    assert user["SecurityProfileIds"] == [inst.security_profile_id("Agent")]
    assert user["RoutingProfileId"] == inst.routing_profile_id
    assert not user.get("HierarchyGroupId")
    assert isinstance(user["LastModifiedTime"], dt.datetime)
    assert t0 <= user["LastModifiedTime"] <= dt.datetime.now(dt.timezone.utc) + \
        dt.timedelta(seconds=5)
    assert user["LastModifiedRegion"] == REGION
    assert "Password" not in user


def test_describe_unknown_user(connect, instance):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user(InstanceId=inst.id, UserId=UNKNOWN_ID)


def test_describe_user_unknown_instance(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user(InstanceId=UNKNOWN_INSTANCE, UserId=user_id)


def test_user_is_not_visible_through_another_instance(connect, instance):
    a, b = instance(), instance()
    user_id = create_user(connect, a)["UserId"]
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user(InstanceId=b.id, UserId=user_id)
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_user(InstanceId=b.id, UserId=user_id)
    assert describe_user(connect, a, user_id)["Id"] == user_id


# -- ListUsers ---------------------------------------------------------------------------------

def test_list_users_empty_instance(connect, instance):
    page = connect.list_users(InstanceId=instance().id)
    assert page["UserSummaryList"] == []
    assert not page.get("NextToken")


def test_list_users_pages_each_user_exactly_once(connect, instance):
    inst = instance()
    created = {}
    for i in range(25):
        resp = create_user(connect, inst, Username=f"user{i:02d}")
        created[resp["UserId"]] = (f"user{i:02d}", resp["UserArn"])
    seen = []
    pages = 0
    kwargs = {"InstanceId": inst.id, "MaxResults": 7}
    while True:
        page = connect.list_users(**kwargs)
        pages += 1
        assert len(page["UserSummaryList"]) <= 7
        for s in page["UserSummaryList"]:
            seen.append(s["Id"])
            assert (s["Username"], s["Arn"]) == created[s["Id"]]
            assert isinstance(s["LastModifiedTime"], dt.datetime)
            assert s["LastModifiedRegion"] == REGION
        token = page.get("NextToken")
        if not token:
            break
        assert isinstance(token, str) and token
        kwargs["NextToken"] = token
        assert pages < 30, "pagination does not end"
    assert sorted(seen) == sorted(created), "every user exactly once"
    assert pages >= 4


def test_list_users_paginator(connect, instance):
    inst = instance()
    ids = {create_user(connect, inst)["UserId"] for _ in range(12)}
    pages = list(connect.get_paginator("list_users").paginate(
        InstanceId=inst.id, PaginationConfig={"PageSize": 5}))
    listed = [s["Id"] for p in pages for s in p["UserSummaryList"]]
    assert sorted(listed) == sorted(ids)
    assert len(pages) >= 3
    full = connect.get_paginator("list_users").paginate(InstanceId=inst.id).build_full_result()
    assert sorted(s["Id"] for s in full["UserSummaryList"]) == sorted(ids)


def test_list_users_max_results_bounds_accepted(connect, instance):
    inst = instance()
    for _ in range(3):
        create_user(connect, inst)
    assert len(connect.list_users(InstanceId=inst.id, MaxResults=1)["UserSummaryList"]) == 1
    assert len(connect.list_users(InstanceId=inst.id, MaxResults=1000)["UserSummaryList"]) == 3


@pytest.mark.parametrize("max_results", [0, 1001, -1])
def test_list_users_max_results_out_of_range(raw_connect, instance, max_results):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.list_users(InstanceId=inst.id, MaxResults=max_results)
    assert_validation_message(err.message, "maxResults")


@pytest.mark.parametrize("token", ["garbage", "!!!", "eyJvZmZzZXQiOiAtNX0=", "A" * 2000])
def test_list_users_invalid_next_token(connect, instance, token):
    inst = instance()
    create_user(connect, inst)
    with expect_error(("InvalidParameterException", "InvalidRequestException"), 400):
        connect.list_users(InstanceId=inst.id, NextToken=token)


def test_list_users_paging_survives_deletes(connect, instance):
    """A user deleted while a client pages must not make it miss users it has not seen yet."""
    inst = instance()
    ids = {create_user(connect, inst)["UserId"] for _ in range(10)}
    first = connect.list_users(InstanceId=inst.id, MaxResults=4)
    seen = [s["Id"] for s in first["UserSummaryList"]]
    connect.delete_user(InstanceId=inst.id, UserId=seen[0])
    rest = []
    kwargs = {"InstanceId": inst.id, "MaxResults": 4, "NextToken": first["NextToken"]}
    while True:
        page = connect.list_users(**kwargs)
        rest += [s["Id"] for s in page["UserSummaryList"]]
        if not page.get("NextToken"):
            break
        kwargs["NextToken"] = page["NextToken"]
    assert sorted(seen + rest) == sorted(ids)


# -- DeleteUser --------------------------------------------------------------------------------

def test_delete_user(connect, instance):
    inst = instance()
    keep = create_user(connect, inst, Username="keeper")["UserId"]
    gone = create_user(connect, inst, Username="leaver")["UserId"]
    resp = connect.delete_user(InstanceId=inst.id, UserId=gone)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user(InstanceId=inst.id, UserId=gone)
    assert [u["Id"] for u in list_users(connect, inst.id)] == [keep]
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_user(InstanceId=inst.id, UserId=gone)


def test_username_reusable_after_delete(connect, instance):
    inst = instance()
    first = create_user(connect, inst, Username="again")["UserId"]
    connect.delete_user(InstanceId=inst.id, UserId=first)
    second = create_user(connect, inst, Username="again")["UserId"]
    assert second != first
    assert describe_user(connect, inst, second)["Username"] == "again"
    assert [u["Username"] for u in list_users(connect, inst.id)] == ["again"]


def test_deleted_user_tags_are_gone(connect, instance):
    inst = instance()
    resp = create_user(connect, inst, Tags={"k": "v"})
    connect.delete_user(InstanceId=inst.id, UserId=resp["UserId"])
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=resp["UserArn"])


# -- UpdateUser* -------------------------------------------------------------------------------

def check_update(connect, inst, user_id, update, changes, may_change=()):
    """Run update(); DescribeUser must show exactly `changes` (None = removed) on top of what
    it showed before (members in may_change are not compared), with LastModifiedTime bumped."""
    before = describe_user(connect, inst, user_id)
    wait_for_clock_past(before["LastModifiedTime"])
    resp = update()
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    after = describe_user(connect, inst, user_id)
    assert after["LastModifiedTime"] > before["LastModifiedTime"]
    assert after["LastModifiedRegion"] == REGION
    expected = dict(before)
    for k, v in changes.items():
        expected[k] = v
    got, want = comparable(after), comparable(expected)
    for k in may_change:
        got.pop(k, None)
        want.pop(k, None)
    assert got == want
    return after


def check_unchanged_after_error(connect, inst, user_id, update, code, status):
    before = describe_user(connect, inst, user_id)
    with expect_error(code, status) as err:
        update()
    assert describe_user(connect, inst, user_id) == before, "a failed update changed the user"
    return err


PER_CHANNEL = ("AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs",
               "PersistentConnectionConfigs")


def test_update_identity_info(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    info = {"FirstName": "Grace", "LastName": "Hopper", "Email": "grace@example.com",
            "SecondaryEmail": "ghopper@example.org", "Mobile": "+12025550199"}
    check_update(connect, inst, user_id,
                 lambda: connect.update_user_identity_info(InstanceId=inst.id, UserId=user_id,
                                                           IdentityInfo=info),
                 {"IdentityInfo": info})


def test_update_phone_config(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    pc = {"PhoneType": "DESK_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 90,
          "DeskPhoneNumber": "+14155550177"}
    after = check_update(connect, inst, user_id,
                         lambda: connect.update_user_phone_config(
                             InstanceId=inst.id, UserId=user_id, PhoneConfig=pc),
                         {}, may_change=("PhoneConfig",) + PER_CHANNEL)
    got = dict(after["PhoneConfig"])
    got.pop("PersistentConnection", None)
    assert got == pc


def test_update_security_profiles(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    new = [inst.security_profile_id("Admin"), inst.security_profile_id("QualityAnalyst")]
    after = check_update(connect, inst, user_id,
                         lambda: connect.update_user_security_profiles(
                             InstanceId=inst.id, UserId=user_id, SecurityProfileIds=new),
                         {}, may_change=("SecurityProfileIds",))
    assert sorted(after["SecurityProfileIds"]) == sorted(new)


def test_update_routing_profile(connect, instance):
    # A new instance has a single routing profile, so the update sets the same one again:
    # it must still succeed and count as a modification.
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    check_update(connect, inst, user_id,
                 lambda: connect.update_user_routing_profile(
                     InstanceId=inst.id, UserId=user_id, RoutingProfileId=inst.routing_profile_id),
                 {"RoutingProfileId": inst.routing_profile_id})


def test_update_hierarchy_set_and_remove(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    group_id = create_group(connect, inst)["HierarchyGroupId"]
    check_update(connect, inst, user_id,
                 lambda: connect.update_user_hierarchy(InstanceId=inst.id, UserId=user_id,
                                                       HierarchyGroupId=group_id),
                 {"HierarchyGroupId": group_id})
    after = check_update(connect, inst, user_id,
                         lambda: connect.update_user_hierarchy(InstanceId=inst.id,
                                                               UserId=user_id),
                         {"HierarchyGroupId": None})
    assert not after.get("HierarchyGroupId")


UPDATE_CALLS = {
    "identity-info": lambda c, i, u, ctx: c.update_user_identity_info(
        InstanceId=i, UserId=u, IdentityInfo={"FirstName": "A", "LastName": "B"}),
    "phone-config": lambda c, i, u, ctx: c.update_user_phone_config(
        InstanceId=i, UserId=u, PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": False,
                                             "AfterContactWorkTimeLimit": 0}),
    "security-profiles": lambda c, i, u, ctx: c.update_user_security_profiles(
        InstanceId=i, UserId=u, SecurityProfileIds=[ctx.security_profile_id("Agent")]),
    "routing-profile": lambda c, i, u, ctx: c.update_user_routing_profile(
        InstanceId=i, UserId=u, RoutingProfileId=ctx.routing_profile_id),
    "hierarchy": lambda c, i, u, ctx: c.update_user_hierarchy(InstanceId=i, UserId=u),
}


@pytest.mark.parametrize("op", list(UPDATE_CALLS))
def test_update_unknown_user(connect, instance, op):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        UPDATE_CALLS[op](connect, inst.id, UNKNOWN_ID, inst)


@pytest.mark.parametrize("op", list(UPDATE_CALLS))
def test_update_unknown_instance(connect, instance, op):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    with expect_error("ResourceNotFoundException", 404):
        UPDATE_CALLS[op](connect, UNKNOWN_INSTANCE, user_id, inst)


@pytest.mark.parametrize("source", ["unknown", "other-instance"])
def test_update_security_profiles_bad_reference(connect, instance, source):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    ref = UNKNOWN_ID if source == "unknown" else instance().security_profile_id("Admin")
    check_unchanged_after_error(
        connect, inst, user_id,
        lambda: connect.update_user_security_profiles(
            InstanceId=inst.id, UserId=user_id,
            SecurityProfileIds=[inst.security_profile_id("Admin"), ref]),
        "InvalidParameterException", 400)


@pytest.mark.parametrize("source", ["unknown", "other-instance"])
def test_update_routing_profile_bad_reference(connect, instance, source):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    ref = UNKNOWN_ID if source == "unknown" else instance().routing_profile_id
    check_unchanged_after_error(
        connect, inst, user_id,
        lambda: connect.update_user_routing_profile(InstanceId=inst.id, UserId=user_id,
                                                    RoutingProfileId=ref),
        "InvalidParameterException", 400)


@pytest.mark.parametrize("source", ["unknown", "other-instance"])
def test_update_hierarchy_bad_reference(connect, instance, source):
    inst = instance()
    group_id = create_group(connect, inst)["HierarchyGroupId"]
    user_id = create_user(connect, inst, HierarchyGroupId=group_id)["UserId"]
    ref = UNKNOWN_ID if source == "unknown" else \
        create_group(connect, instance())["HierarchyGroupId"]
    check_unchanged_after_error(
        connect, inst, user_id,
        lambda: connect.update_user_hierarchy(InstanceId=inst.id, UserId=user_id,
                                              HierarchyGroupId=ref),
        "InvalidParameterException", 400)


@pytest.mark.parametrize("pc", [
    {"PhoneType": "DESK_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0},
    {"PhoneType": "DESK_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 0,
     "DeskPhoneNumber": "555-1234"},
], ids=["desk-phone-without-number", "not-e164"])
def test_update_phone_config_invalid(connect, instance, pc):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    check_unchanged_after_error(
        connect, inst, user_id,
        lambda: connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id,
                                                 PhoneConfig=pc),
        "InvalidParameterException", 400)


def test_update_security_profiles_model_constraints(raw_connect, instance):
    inst = instance()
    user_id = create_user(raw_connect, inst)["UserId"]
    err = check_unchanged_after_error(
        raw_connect, inst, user_id,
        lambda: raw_connect.update_user_security_profiles(InstanceId=inst.id, UserId=user_id,
                                                          SecurityProfileIds=[]),
        "InvalidParameterException", 400)
    assert_validation_message(err.message, "securityProfileIds")


def test_update_identity_info_model_constraints(raw_connect, instance):
    inst = instance()
    user_id = create_user(raw_connect, inst)["UserId"]
    err = check_unchanged_after_error(
        raw_connect, inst, user_id,
        lambda: raw_connect.update_user_identity_info(
            InstanceId=inst.id, UserId=user_id,
            IdentityInfo={"FirstName": "F" * 256, "LastName": "L"}),
        "InvalidParameterException", 400)
    assert_validation_message(err.message, "firstName")
