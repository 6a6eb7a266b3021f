"""Terraform replay: `aws_connect_user_hierarchy_structure`, `aws_connect_user_hierarchy_group`
and their data sources.

docs/terraform-provider.md, sections aws_connect_user_hierarchy_structure,
aws_connect_user_hierarchy_group and Data sources, gives the provider's calls
(`user_hierarchy_structure.go`, `user_hierarchy_group.go` and their data sources):
- structure (ID = the instance ID): Create and Update are UpdateUserHierarchyStructure with the
  whole structure; Read is DescribeUserHierarchyStructure; Delete is
  UpdateUserHierarchyStructure with no levels, ResourceNotFoundException tolerated;
- group (ID `instance:group`): CreateUserHierarchyGroup (ParentGroupId when set); Read is
  DescribeUserHierarchyGroup; Update is UpdateUserHierarchyGroupName; parent_group_id is
  ForceNew and never read back; Delete does NOT tolerate ResourceNotFoundException."""
from functools import partial

from conftest import expect_error
from tfreplay import (assert_gone, assert_no_empty_objects, assert_reads_as_resource, changed,
                      data_source_both_ways, delete_tolerating_gone, find_by_name, import_id,
                      replay_lifecycle, split_import_id, tags_in, tags_out, update_tags)

LEVELS = (("LevelOne", "level_one"), ("LevelTwo", "level_two"), ("LevelThree", "level_three"),
          ("LevelFour", "level_four"), ("LevelFive", "level_five"))


def flatten_levels(value: dict) -> list[dict]:
    """A HierarchyStructure or HierarchyPath as the provider flattens it: one block with the
    levels present, each {arn, id, name}."""
    return [{argument: [{"arn": value[member].get("Arn", ""), "id": value[member].get("Id", ""),
                         "name": value[member].get("Name", "")}]
             for member, argument in LEVELS if member in value}]


def expand_structure(blocks: list[dict]) -> dict:
    if not blocks:
        return {}
    return {member: {"Name": blocks[0][argument][0]["name"]}
            for member, argument in LEVELS if blocks[0].get(argument)}


# -- structure ---------------------------------------------------------------------------------

def read_structure(connect, instance_id: str) -> dict:
    structure = connect.describe_user_hierarchy_structure(InstanceId=instance_id)["HierarchyStructure"]
    for member, _ in LEVELS:
        if member in structure:
            assert_no_empty_objects(structure[member])
    return {"hierarchy_structure": flatten_levels(structure), "instance_id": instance_id}


class HierarchyStructure:
    """The provider's functions for aws_connect_user_hierarchy_structure (ID = instance ID)."""
    computed = ("arn", "id")

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        self.connect.update_user_hierarchy_structure(
            HierarchyStructure=expand_structure(config["hierarchy_structure"]), InstanceId=config["instance_id"])
        return config["instance_id"]

    def read(self, rid: str) -> dict:
        return read_structure(self.connect, rid)

    @staticmethod
    def expected(config: dict) -> dict:
        return {"hierarchy_structure": config["hierarchy_structure"], "instance_id": config["instance_id"]}

    @staticmethod
    def import_id(state: dict) -> str:
        return state["instance_id"]

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        if changed(old, new, "hierarchy_structure"):
            self.connect.update_user_hierarchy_structure(
                HierarchyStructure=expand_structure(new["hierarchy_structure"]), InstanceId=rid)

    def delete(self, rid: str) -> None:
        delete_tolerating_gone(lambda: self.connect.update_user_hierarchy_structure(
            HierarchyStructure={}, InstanceId=rid))

    def gone(self, rid: str) -> None:
        """The structure is the instance's: after Delete it has no levels left."""
        assert self.read(rid)["hierarchy_structure"] == [{}], "Delete must remove every level"


def structure(*names: str) -> list[dict]:
    return [{argument: [{"name": name}] for (_, argument), name in zip(LEVELS, names)}]


def test_hierarchy_structure_lifecycle(connect, instance):
    inst = instance()
    config = {"instance_id": inst.id, "hierarchy_structure": structure("Site", "Team")}
    updated = {"instance_id": inst.id, "hierarchy_structure": structure("Region", "Team", "Squad", "Pod", "Seat")}
    state = replay_lifecycle(HierarchyStructure(connect), config, updated)
    levels = state["hierarchy_structure"][0]
    assert all(levels[a][0]["arn"].startswith(inst.arn) and levels[a][0]["id"] for _, a in LEVELS)


def test_hierarchy_structure_fewer_levels(connect, instance):
    """An update that drops the lower levels (no group uses them) leaves only the others."""
    inst = instance()
    config = {"instance_id": inst.id, "hierarchy_structure": structure("Site", "Team", "Squad")}
    replay_lifecycle(HierarchyStructure(connect), config, {**config, "hierarchy_structure": structure("Site")})


def test_hierarchy_structure_of_a_deleted_instance(connect, instance):
    """Gone: the instance deleted outside Terraform; Read finds ResourceNotFoundException
    (removed from state) and Delete takes it as success."""
    inst = instance()
    hierarchy = HierarchyStructure(connect)
    rid = hierarchy.create({"instance_id": inst.id, "hierarchy_structure": structure("Site")})
    connect.delete_instance(InstanceId=inst.id)
    assert_gone(lambda: hierarchy.read(rid))
    hierarchy.delete(rid)


def test_hierarchy_structure_data_source(connect, instance):
    """aws_connect_user_hierarchy_structure data source: DescribeUserHierarchyStructure."""
    inst = instance()
    hierarchy = HierarchyStructure(connect)
    config = {"instance_id": inst.id, "hierarchy_structure": structure("Site", "Team")}
    resource_state = hierarchy.read(hierarchy.create(config))
    assert read_structure(connect, inst.id) == resource_state


# -- groups ------------------------------------------------------------------------------------

def read_group(connect, instance_id: str, group_id: str) -> dict:
    group = connect.describe_user_hierarchy_group(InstanceId=instance_id, HierarchyGroupId=group_id)["HierarchyGroup"]
    assert_no_empty_objects(group)
    return {
        "arn": group["Arn"],
        "hierarchy_group_id": group["Id"],
        "hierarchy_path": flatten_levels(group["HierarchyPath"]) if "HierarchyPath" in group else [],
        "instance_id": instance_id,
        "level_id": group.get("LevelId", ""),
        "name": group["Name"],
        "tags": tags_out(group.get("Tags")),
    }


class HierarchyGroup:
    """The provider's functions for aws_connect_user_hierarchy_group (ID `instance:group`)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"InstanceId": config["instance_id"], "Name": config["name"], **tags_in(config)}
        if config.get("parent_group_id"):
            request["ParentGroupId"] = config["parent_group_id"]
        group_id = self.connect.create_user_hierarchy_group(**request)["HierarchyGroupId"]
        return import_id(config["instance_id"], group_id)

    def read(self, rid: str) -> dict:
        return read_group(self.connect, *split_import_id(rid, 2))

    @staticmethod
    def expected(config: dict) -> dict:
        # parent_group_id is not read back: state keeps the configured value (and an import
        # loses it, a provider limitation: docs/terraform-provider.md).
        return {"instance_id": config["instance_id"], "name": config["name"], "tags": config.get("tags", {})}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["hierarchy_group_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        assert old.get("parent_group_id") == new.get("parent_group_id"), "parent_group_id is ForceNew"
        if changed(old, new, "name"):
            instance_id, group_id = split_import_id(rid, 2)
            self.connect.update_user_hierarchy_group_name(HierarchyGroupId=group_id, InstanceId=instance_id,
                                                          Name=new["name"])

    def delete(self, rid: str) -> None:
        instance_id, group_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: self.connect.delete_user_hierarchy_group(
            HierarchyGroupId=group_id, InstanceId=instance_id), tolerate_not_found=False)

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.read(rid))


def with_structure(connect, inst, *names: str) -> None:
    HierarchyStructure(connect).create({"instance_id": inst.id, "hierarchy_structure": structure(*names)})


def test_hierarchy_group_lifecycle(connect, instance):
    inst = instance()
    with_structure(connect, inst, "Site", "Team")
    config = {"instance_id": inst.id, "name": "Lisbon", "tags": {"Name": "Example User Hierarchy Group"}}
    state = replay_lifecycle(HierarchyGroup(connect), config,
                             {**config, "name": "Lisbon (main site)", "tags": {"Key2": "Value2"}})
    assert state["hierarchy_path"][0]["level_one"][0]["name"] == "Lisbon (main site)"


def test_hierarchy_group_child_lifecycle(connect, instance):
    """A child group (parent_group_id): its path holds the parent at level one and itself at
    level two; renaming the parent shows in the child's path."""
    inst = instance()
    with_structure(connect, inst, "Site", "Team")
    groups = HierarchyGroup(connect)
    parent_rid = groups.create({"instance_id": inst.id, "name": "Lisbon"})
    parent = groups.read(parent_rid)
    config = {"instance_id": inst.id, "name": "Tier 1", "parent_group_id": parent["hierarchy_group_id"]}
    state = replay_lifecycle(groups, config, {**config, "name": "Tier 1 support"})
    path = state["hierarchy_path"][0]
    assert path["level_one"] == [{"arn": parent["arn"], "id": parent["hierarchy_group_id"], "name": "Lisbon"}]
    assert path["level_two"][0]["name"] == "Tier 1 support"
    assert state["level_id"] == read_structure(connect, inst.id)["hierarchy_structure"][0]["level_two"][0]["id"]
    groups.delete(parent_rid)
    # With the groups gone the structure's own Delete can remove every level.
    HierarchyStructure(connect).delete(inst.id)
    HierarchyStructure(connect).gone(inst.id)


def test_hierarchy_group_delete_does_not_tolerate_gone(connect, instance):
    """This provider version's Delete fails on ResourceNotFoundException (as against Connect):
    destroying a group deleted outside Terraform is an error."""
    inst = instance()
    with_structure(connect, inst, "Site")
    groups = HierarchyGroup(connect)
    rid = groups.create({"instance_id": inst.id, "name": "Deleted twice"})
    groups.delete(rid)
    with expect_error("ResourceNotFoundException", 404):
        groups.delete(rid)


def group_data_source(connect, instance_id: str, *, hierarchy_group_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_user_hierarchy_group data source (SDK v1): by id
    DescribeUserHierarchyGroup; by name ListUserHierarchyGroups (60 a page), the first with
    that name, then Describe."""
    if hierarchy_group_id is None:
        hierarchy_group_id = find_by_name(connect.list_user_hierarchy_groups, "UserHierarchyGroupSummaryList", name, 60,
                                exactly_one=False, InstanceId=instance_id)["Id"]
    return read_group(connect, instance_id, hierarchy_group_id)


def test_hierarchy_group_data_source(connect, instance):
    inst = instance()
    with_structure(connect, inst, "Site", "Team")
    groups = HierarchyGroup(connect)
    parent = groups.read(groups.create({"instance_id": inst.id, "name": "Lisbon"}))
    config = {"instance_id": inst.id, "name": "Tier 1", "parent_group_id": parent["hierarchy_group_id"],
              "tags": {"team": "t1"}}
    resource_state = groups.read(groups.create(config))
    by_name = data_source_both_ways(partial(group_data_source, connect, inst.id), "hierarchy_group_id", "Tier 1")
    assert_reads_as_resource(by_name, resource_state, groups.expected(config))
