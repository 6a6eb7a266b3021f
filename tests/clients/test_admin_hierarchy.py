"""The user hierarchy: Update/DescribeUserHierarchyStructure, UpdateUserHierarchyGroupName,
SearchUserHierarchyGroups, and groups placed at the structure's levels."""
from conftest import REGION, create_group, expect_error

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def structure(connect, inst):
    return connect.describe_user_hierarchy_structure(InstanceId=inst.id)["HierarchyStructure"]


def set_levels(connect, inst, *names):
    keys = ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")
    connect.update_user_hierarchy_structure(
        InstanceId=inst.id, HierarchyStructure={k: {"Name": n} for k, n in zip(keys, names)})


def describe_group(connect, inst, gid):
    return connect.describe_user_hierarchy_group(InstanceId=inst.id,
                                                 HierarchyGroupId=gid)["HierarchyGroup"]


def test_structure_starts_empty_and_is_set(connect, instance):
    inst = instance()
    assert structure(connect, inst) == {}
    set_levels(connect, inst, "Region", "Site")
    s = structure(connect, inst)
    assert set(s) == {"LevelOne", "LevelTwo"}
    assert (s["LevelOne"]["Id"], s["LevelOne"]["Name"]) == ("1", "Region")
    assert s["LevelTwo"]["Arn"] == f"{inst.arn}/agent-group-level/2"
    assert s["LevelTwo"]["LastModifiedRegion"] == REGION
    # rename a level, add three more
    set_levels(connect, inst, "Area", "Site", "Team", "Squad", "Pair")
    s = structure(connect, inst)
    assert [s[k]["Name"] for k in ("LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive")] \
        == ["Area", "Site", "Team", "Squad", "Pair"]


def test_levels_must_be_contiguous(connect, instance):
    inst = instance()
    with expect_error("InvalidParameterException", 400):
        connect.update_user_hierarchy_structure(
            InstanceId=inst.id, HierarchyStructure={"LevelOne": {"Name": "A"},
                                                    "LevelThree": {"Name": "C"}})
    assert structure(connect, inst) == {}


def test_groups_follow_the_structure(connect, instance):
    inst = instance()
    set_levels(connect, inst, "Region")
    top = create_group(connect, inst, "EMEA")["HierarchyGroupId"]
    assert describe_group(connect, inst, top)["LevelId"] == "1"
    with expect_error("InvalidRequestException", 400):
        create_group(connect, inst, "Paris", ParentGroupId=top)
    set_levels(connect, inst, "Region", "Site")
    child = create_group(connect, inst, "Paris", ParentGroupId=top)["HierarchyGroupId"]
    assert describe_group(connect, inst, child)["LevelId"] == "2"
    # a level with groups cannot be removed
    with expect_error("ResourceInUseException", 409):
        set_levels(connect, inst, "Region")
    assert set(structure(connect, inst)) == {"LevelOne", "LevelTwo"}
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=child)
    set_levels(connect, inst, "Region")
    assert set(structure(connect, inst)) == {"LevelOne"}


def test_rename_group_and_paths(connect, instance):
    inst = instance()
    top = create_group(connect, inst, "Americas")["HierarchyGroupId"]
    child = create_group(connect, inst, "NYC", ParentGroupId=top)["HierarchyGroupId"]
    connect.update_user_hierarchy_group_name(InstanceId=inst.id, HierarchyGroupId=top,
                                             Name="North America")
    assert describe_group(connect, inst, top)["Name"] == "North America"
    path = describe_group(connect, inst, child)["HierarchyPath"]
    assert path["LevelOne"]["Name"] == "North America" and path["LevelTwo"]["Id"] == child
    with expect_error("DuplicateResourceException", 409):
        connect.update_user_hierarchy_group_name(InstanceId=inst.id, HierarchyGroupId=child,
                                                 Name="North America")
    with expect_error("ResourceNotFoundException", 404):
        connect.update_user_hierarchy_group_name(InstanceId=inst.id, HierarchyGroupId=UNKNOWN_ID,
                                                 Name="x")
    assert describe_group(connect, inst, child)["Name"] == "NYC"


def test_search_groups(connect, instance):
    inst = instance()
    top = create_group(connect, inst, "Support", Tags={"kind": "ops"})["HierarchyGroupId"]
    a = create_group(connect, inst, "Support Paris", ParentGroupId=top)["HierarchyGroupId"]
    create_group(connect, inst, "Sales")

    def search(**kw):
        r = connect.search_user_hierarchy_groups(InstanceId=inst.id, **kw)
        return r["UserHierarchyGroups"], r["ApproximateTotalCount"]

    found, n = search(SearchCriteria={"StringCondition": {
        "FieldName": "name", "Value": "Support", "ComparisonType": "STARTS_WITH"}})
    assert n == 2 and {g["Id"] for g in found} == {top, a}
    found, n = search(SearchCriteria={"StringCondition": {
        "FieldName": "parentId", "Value": top, "ComparisonType": "EXACT"}})
    assert [g["Id"] for g in found] == [a]
    assert found[0]["HierarchyPath"]["LevelOne"]["Name"] == "Support"
    found, n = search(SearchFilter={"AttributeFilter": {"TagCondition": {"TagKey": "kind",
                                                                         "TagValue": "ops"}}})
    assert [g["Id"] for g in found] == [top]
    found, n = search(SearchCriteria={"StringCondition": {
        "FieldName": "levelId", "Value": "1", "ComparisonType": "EXACT"}})
    assert n == 2


def test_unknown_instance(connect):
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_user_hierarchy_structure(InstanceId=UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_user_hierarchy_structure(InstanceId=UNKNOWN_ID,
                                                HierarchyStructure={"LevelOne": {"Name": "x"}})
