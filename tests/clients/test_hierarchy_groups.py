"""CreateUserHierarchyGroup / DescribeUserHierarchyGroup / ListUserHierarchyGroups /
DeleteUserHierarchyGroup, and their interplay with users."""
import datetime as dt

import pytest

from conftest import (REGION, create_group, create_user, describe_user, expect_error, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def group_ids(connect, inst):
    return sorted(g["Id"] for p in connect.get_paginator("list_user_hierarchy_groups")
                  .paginate(InstanceId=inst.id) for g in p["UserHierarchyGroupSummaryList"])


def test_create_and_describe_top_group(connect, instance):
    inst = instance()
    t0 = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    resp = connect.create_user_hierarchy_group(InstanceId=inst.id, Name="Support EMEA",
                                               Tags={"region": "emea"})
    gid = resp["HierarchyGroupId"]
    assert is_uuid(gid)
    assert resp["HierarchyGroupArn"] == f"{inst.arn}/agent-group/{gid}"
    g = connect.describe_user_hierarchy_group(InstanceId=inst.id,
                                              HierarchyGroupId=gid)["HierarchyGroup"]
    assert g["Id"] == gid
    assert g["Arn"] == resp["HierarchyGroupArn"]
    assert g["Name"] == "Support EMEA"
    assert g["LevelId"] == "1"
    assert g["HierarchyPath"]["LevelOne"]["Id"] == gid
    assert g["HierarchyPath"]["LevelOne"]["Arn"] == resp["HierarchyGroupArn"]
    assert g["HierarchyPath"]["LevelOne"]["Name"] == "Support EMEA"
    assert not g["HierarchyPath"].get("LevelTwo")
    assert g["Tags"] == {"region": "emea"}
    assert isinstance(g["LastModifiedTime"], dt.datetime)
    assert g["LastModifiedTime"] >= t0
    assert g["LastModifiedRegion"] == REGION


def test_child_group(connect, instance):
    inst = instance()
    parent = create_group(connect, inst, "Parent")["HierarchyGroupId"]
    child = create_group(connect, inst, "Child", ParentGroupId=parent)["HierarchyGroupId"]
    g = connect.describe_user_hierarchy_group(InstanceId=inst.id,
                                              HierarchyGroupId=child)["HierarchyGroup"]
    assert g["LevelId"] == "2"
    assert g["HierarchyPath"]["LevelOne"]["Id"] == parent
    assert g["HierarchyPath"]["LevelOne"]["Name"] == "Parent"
    assert g["HierarchyPath"]["LevelTwo"]["Id"] == child


@pytest.mark.parametrize("source", ["unknown", "other-instance"])
def test_unknown_parent_group(connect, instance, source):
    inst = instance()
    parent = UNKNOWN_ID if source == "unknown" else \
        create_group(connect, instance())["HierarchyGroupId"]
    with expect_error(status="4xx"):
        create_group(connect, inst, ParentGroupId=parent)
    assert group_ids(connect, inst) == []


def test_list_groups(connect, instance):
    inst = instance()
    made = {}
    for name in ("Alpha", "Beta", "Gamma"):
        r = create_group(connect, inst, name)
        made[r["HierarchyGroupId"]] = (name, r["HierarchyGroupArn"])
    summaries = connect.list_user_hierarchy_groups(
        InstanceId=inst.id)["UserHierarchyGroupSummaryList"]
    assert {s["Id"]: (s["Name"], s["Arn"]) for s in summaries} == made


def test_list_groups_paginates(connect, instance):
    inst = instance()
    ids = sorted(create_group(connect, inst)["HierarchyGroupId"] for _ in range(5))
    pages = list(connect.get_paginator("list_user_hierarchy_groups").paginate(
        InstanceId=inst.id, PaginationConfig={"PageSize": 2}))
    assert len(pages) >= 3
    assert sorted(g["Id"] for p in pages for g in p["UserHierarchyGroupSummaryList"]) == ids


def test_groups_are_per_instance(connect, instance):
    a, b = instance(), instance()
    gid = create_group(connect, a, "Same")["HierarchyGroupId"]
    create_group(connect, b, "Same")  # same name in another instance is fine
    assert gid not in group_ids(connect, b)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user_hierarchy_group(InstanceId=b.id, HierarchyGroupId=gid)


def test_duplicate_group_name(connect, instance):
    inst = instance()
    create_group(connect, inst, "Dupe")
    with expect_error("DuplicateResourceException", 409):
        create_group(connect, inst, "Dupe")
    assert len(group_ids(connect, inst)) == 1


def test_delete_group(connect, instance):
    inst = instance()
    keep = create_group(connect, inst)["HierarchyGroupId"]
    gone = create_group(connect, inst)["HierarchyGroupId"]
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gone)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gone)
    assert group_ids(connect, inst) == [keep]
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gone)


def test_deleted_group_cannot_be_assigned(connect, instance):
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    with expect_error("InvalidParameterException", 400):
        create_user(connect, inst, HierarchyGroupId=gid)


def test_group_name_reusable_after_delete(connect, instance):
    inst = instance()
    gid = create_group(connect, inst, "Phoenix")["HierarchyGroupId"]
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    assert create_group(connect, inst, "Phoenix")["HierarchyGroupId"] != gid


def test_delete_group_in_use(connect, instance):
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    user_id = create_user(connect, inst, HierarchyGroupId=gid)["UserId"]
    with expect_error("ResourceInUseException", 409):
        connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    # still there, user still in it
    connect.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    assert describe_user(connect, inst, user_id)["HierarchyGroupId"] == gid
    # once the user leaves the group, it can be deleted
    connect.update_user_hierarchy(InstanceId=inst.id, UserId=user_id)
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    assert group_ids(connect, inst) == []


def test_delete_group_after_its_user_is_deleted(connect, instance):
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    user_id = create_user(connect, inst, HierarchyGroupId=gid)["UserId"]
    connect.delete_user(InstanceId=inst.id, UserId=user_id)
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    assert group_ids(connect, inst) == []


def test_describe_unknown_group(connect, instance):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=UNKNOWN_ID)


def test_group_in_unknown_instance(connect):
    with expect_error("ResourceNotFoundException", 404):
        connect.create_user_hierarchy_group(InstanceId="00000000-0000-4000-8000-000000000000",
                                            Name="Nowhere")


def test_group_name_required_by_server(raw_connect, instance):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.create_user_hierarchy_group(InstanceId=inst.id)
    assert err.message.startswith("1 validation error detected"), err.message
    assert "name" in err.message
    assert group_ids(raw_connect, inst) == []
