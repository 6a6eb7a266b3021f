"""Security profiles: Create/Describe/List/Update/Delete/SearchSecurityProfiles and
ListSecurityProfilePermissions."""
import pytest

from conftest import (DEFAULT_SECURITY_PROFILES, create_group, create_security_profile,
                      create_user, expect_error, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, sp):
    return connect.describe_security_profile(InstanceId=inst.id,
                                             SecurityProfileId=sp)["SecurityProfile"]


def permissions(connect, inst, sp, **kw):
    return [p for page in connect.get_paginator("list_security_profile_permissions").paginate(
        InstanceId=inst.id, SecurityProfileId=sp, **kw) for p in page["Permissions"]]


def test_create_describe_list(connect, instance):
    inst = instance()
    resp = connect.create_security_profile(
        InstanceId=inst.id, SecurityProfileName="Supervisors", Description="watch queues",
        Permissions=["Users.View", "Queues.View", "Users.View"], Tags={"k": "v"},
        AllowedAccessControlTags={"team": "red"})
    sp = resp["SecurityProfileId"]
    assert is_uuid(sp) and resp["SecurityProfileArn"] == f"{inst.arn}/security-profile/{sp}"
    p = describe(connect, inst, sp)
    assert (p["SecurityProfileName"], p["Description"], p["OrganizationResourceId"]) == \
        ("Supervisors", "watch queues", inst.id)
    assert p["Tags"] == {"k": "v"} and p["AllowedAccessControlTags"] == {"team": "red"}
    assert "LastModifiedTime" in p
    assert permissions(connect, inst, sp) == ["Users.View", "Queues.View"]
    listed = {s["Name"] for p in connect.get_paginator("list_security_profiles").paginate(
        InstanceId=inst.id) for s in p["SecurityProfileSummaryList"]}
    assert listed == set(DEFAULT_SECURITY_PROFILES) | {"Supervisors"}


def test_default_profiles_have_permissions(connect, instance):
    inst = instance()
    admin = permissions(connect, inst, inst.security_profile_id("Admin"))
    agent = permissions(connect, inst, inst.security_profile_id("Agent"))
    assert "BasicAgentAccess" in agent and "Users.Create" in admin
    assert len(admin) > len(agent)
    # pages of 5 give the same list
    assert permissions(connect, inst, inst.security_profile_id("Admin"),
                       PaginationConfig={"PageSize": 5}) == admin


def test_name_rules(connect, raw_connect, instance):
    inst = instance()
    with expect_error("DuplicateResourceException", 409):
        create_security_profile(connect, inst, "Agent")
    with expect_error("InvalidParameterException", 400) as err:
        create_security_profile(raw_connect, inst, "bad/name")
    assert err.message.startswith("1 validation error detected"), err.message


def test_update(connect, instance):
    inst = instance()
    sp = create_security_profile(connect, inst, Description="before", Permissions=["Users.View"])
    t0 = describe(connect, inst, sp)["LastModifiedTime"]
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp,
                                    Permissions=["Queues.View", "Queues.Edit"])
    p = describe(connect, inst, sp)
    assert p["Description"] == "before" and p["LastModifiedTime"] >= t0
    assert permissions(connect, inst, sp) == ["Queues.View", "Queues.Edit"]
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp, Description="after")
    assert describe(connect, inst, sp)["Description"] == "after"
    assert permissions(connect, inst, sp) == ["Queues.View", "Queues.Edit"]


def test_hierarchy_restriction_references_group(connect, instance):
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    sp = create_security_profile(connect, inst, AllowedAccessControlHierarchyGroupId=gid)
    assert describe(connect, inst, sp)["AllowedAccessControlHierarchyGroupId"] == gid
    with expect_error("ResourceInUseException", 409):
        connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp,
                                        AllowedAccessControlHierarchyGroupId=UNKNOWN_ID)
    assert describe(connect, inst, sp)["AllowedAccessControlHierarchyGroupId"] == gid


def test_delete_and_in_use(connect, instance):
    inst = instance()
    sp = create_security_profile(connect, inst)
    user = create_user(connect, inst, SecurityProfileIds=[sp])["UserId"]
    with expect_error("ResourceInUseException", 409):
        connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=sp)
    describe(connect, inst, sp)
    connect.update_user_security_profiles(InstanceId=inst.id, UserId=user,
                                          SecurityProfileIds=[inst.security_profile_id("Agent")])
    connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=sp)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, sp)


@pytest.mark.parametrize("call", ["describe", "update", "delete", "permissions"])
def test_unknown_profile(connect, instance, call):
    inst = instance()
    calls = {
        "describe": lambda: describe(connect, inst, UNKNOWN_ID),
        "update": lambda: connect.update_security_profile(InstanceId=inst.id,
                                                          SecurityProfileId=UNKNOWN_ID,
                                                          Description="x"),
        "delete": lambda: connect.delete_security_profile(InstanceId=inst.id,
                                                          SecurityProfileId=UNKNOWN_ID),
        "permissions": lambda: connect.list_security_profile_permissions(
            InstanceId=inst.id, SecurityProfileId=UNKNOWN_ID),
    }
    with expect_error("ResourceNotFoundException", 404):
        calls[call]()


def test_search(connect, instance):
    inst = instance()
    a = create_security_profile(connect, inst, "Team Lead", Description="leads",
                                Tags={"dept": "ops"})

    def search(**kw):
        r = connect.search_security_profiles(InstanceId=inst.id, **kw)
        return r["SecurityProfiles"], r["ApproximateTotalCount"]

    found, n = search(SearchCriteria={"StringCondition": {
        "FieldName": "name", "Value": "Lead", "ComparisonType": "CONTAINS"}})
    assert n == 1 and found[0]["Id"] == a and found[0]["SecurityProfileName"] == "Team Lead"
    assert found[0]["Tags"] == {"dept": "ops"}
    found, n = search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "dept", "TagValue": "ops"}}})
    assert [f["Id"] for f in found] == [a]
    _, n = search(SearchCriteria={"OrConditions": [
        {"StringCondition": {"FieldName": "name", "Value": "Admin", "ComparisonType": "EXACT"}},
        {"StringCondition": {"FieldName": "name", "Value": "Agent", "ComparisonType": "EXACT"}}]})
    assert n == 2
    _, n = search()
    assert n == len(DEFAULT_SECURITY_PROFILES) + 1
    with expect_error("InvalidParameterException", 400):
        search(SearchCriteria={"StringCondition": {"FieldName": "Permissions", "Value": "x",
                                                   "ComparisonType": "EXACT"}})
