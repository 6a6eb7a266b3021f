"""Races between a check in one request and a write in another: each pair of racing requests
is started together, many times over, and afterwards what the store holds must still obey
the rule that the check enforces."""
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from conftest import create_user, new_instance

ROUNDS = 25


def structure(depth: int) -> dict:
    names = ["LevelOne", "LevelTwo", "LevelThree", "LevelFour", "LevelFive"]
    return {names[i]: {"Name": f"L{i + 1}"} for i in range(depth)}


def together(*calls):
    """Runs the calls at once (a barrier before each); their results or ClientErrors."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except ClientError as e:
            return e

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_removing_a_hierarchy_level_while_a_group_is_created_at_it(server):
    """UpdateUserHierarchyStructure refuses to remove a level that has groups;
    CreateUserHierarchyGroup refuses a level the structure does not define. Raced, they must
    never leave a group at a level the structure lacks."""
    a, b = server.client(max_pool_connections=4), server.client(max_pool_connections=4)
    outcomes = {"level removed": 0, "group created": 0, "both refused": 0}
    for _ in range(ROUNDS):
        inst = new_instance(a)
        a.update_user_hierarchy_structure(InstanceId=inst.id, HierarchyStructure=structure(3))
        top = a.create_user_hierarchy_group(InstanceId=inst.id, Name="top")["HierarchyGroupId"]
        mid = a.create_user_hierarchy_group(InstanceId=inst.id, Name="mid", ParentGroupId=top)["HierarchyGroupId"]
        removed, created = together(
            lambda: a.update_user_hierarchy_structure(InstanceId=inst.id, HierarchyStructure=structure(2)),
            lambda: b.create_user_hierarchy_group(InstanceId=inst.id, Name="low", ParentGroupId=mid))
        levels = a.describe_user_hierarchy_structure(InstanceId=inst.id)["HierarchyStructure"]
        depth = len(levels)
        groups = [a.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=g["Id"])["HierarchyGroup"]
                  for g in a.list_user_hierarchy_groups(InstanceId=inst.id)["UserHierarchyGroupSummaryList"]]
        deepest = max(int(g["LevelId"]) for g in groups)
        assert deepest <= depth, f"a group at level {deepest} under a structure of {depth} levels " \
                                 f"(update: {removed!r}, create: {created!r})"
        if isinstance(removed, ClientError):
            assert removed.response["Error"]["Code"] == "ResourceInUseException", removed.response
        if isinstance(created, ClientError):
            assert created.response["Error"]["Code"] == "InvalidRequestException", created.response
        assert (depth == 2) == (not isinstance(removed, ClientError)), "the structure is as its update was answered"
        assert (deepest == 3) == (not isinstance(created, ClientError)), "the groups are as the create was answered"
        key = "level removed" if depth == 2 else "group created" if deepest == 3 else "both refused"
        outcomes[key] += 1
    print(f"\n{ROUNDS} rounds: {outcomes}")


def test_dropping_an_attribute_value_while_a_user_is_given_it(server):
    """UpdatePredefinedAttribute refuses to drop a value a user holds as a proficiency;
    AssociateUserProficiencies refuses a value the attribute lacks. Raced, they must never
    leave a user holding a value its attribute lacks."""
    a, b = server.client(max_pool_connections=4), server.client(max_pool_connections=4)
    inst = new_instance(a, "SAML")
    outcomes = {"value dropped": 0, "user given it": 0, "both refused": 0}
    for i in range(ROUNDS):
        name = f"Language{i}"
        a.create_predefined_attribute(InstanceId=inst.id, Name=name, Values={"StringList": ["English", "French"]})
        user = create_user(a, inst, Username=f"agent{i}")["UserId"]
        dropped, given = together(
            lambda: a.update_predefined_attribute(InstanceId=inst.id, Name=name, Values={"StringList": ["English"]}),
            lambda: b.associate_user_proficiencies(InstanceId=inst.id, UserId=user, UserProficiencies=[
                {"AttributeName": name, "AttributeValue": "French", "Level": 3.0}]))
        values = a.describe_predefined_attribute(InstanceId=inst.id, Name=name)["PredefinedAttribute"]["Values"]["StringList"]
        held = [(p["AttributeName"], p["AttributeValue"]) for p in
                a.list_user_proficiencies(InstanceId=inst.id, UserId=user)["UserProficiencyList"]]
        assert all(v in values for n, v in held if n == name), f"user holds {held}, attribute has {values} " \
                                                               f"(update: {dropped!r}, associate: {given!r})"
        if isinstance(dropped, ClientError):
            assert dropped.response["Error"]["Code"] == "InvalidRequestException", dropped.response
        if isinstance(given, ClientError):
            assert given.response["Error"]["Code"] == "InvalidParameterException", given.response
        assert (values == ["English"]) == (not isinstance(dropped, ClientError)), "the values are as the update was answered"
        assert ((name, "French") in held) == (not isinstance(given, ClientError)), "the user is as the associate was answered"
        key = "value dropped" if values == ["English"] else "user given it" if held else "both refused"
        outcomes[key] += 1
    print(f"\n{ROUNDS} rounds: {outcomes}")


def test_deleting_a_traffic_distribution_group_while_an_agent_joins_it(server):
    """DeleteTrafficDistributionGroup refuses while agents are associated with the group;
    AssociateTrafficDistributionGroupUser needs the group. Raced, an agent must never stay
    associated with a deleted group."""
    a, b = server.client(max_pool_connections=4), server.client(max_pool_connections=4)
    inst = new_instance(a, "SAML")
    outcomes = {"group deleted": 0, "agent joined": 0, "both refused": 0}
    for i in range(ROUNDS):
        group = a.create_traffic_distribution_group(Name=f"tdg-{uuid.uuid4().hex[:10]}", InstanceId=inst.id)["Id"]
        while a.describe_traffic_distribution_group(TrafficDistributionGroupId=group)["TrafficDistributionGroup"]["Status"] != "ACTIVE":
            time.sleep(0.05)
        user = create_user(a, inst, Username=f"member{i}")["UserId"]
        deleted, joined = together(
            lambda: a.delete_traffic_distribution_group(TrafficDistributionGroupId=group),
            lambda: b.associate_traffic_distribution_group_user(TrafficDistributionGroupId=group, UserId=user, InstanceId=inst.id))
        try:
            a.describe_traffic_distribution_group(TrafficDistributionGroupId=group)
            exists = True
        except ClientError as e:
            assert e.response["Error"]["Code"] == "ResourceNotFoundException", e.response
            exists = False
        members = a.list_traffic_distribution_group_users(TrafficDistributionGroupId=group)["TrafficDistributionGroupUserSummaryList"] \
            if exists else []
        assert exists or not isinstance(joined, dict), f"the agent joined a group that was deleted (delete: {deleted!r})"
        assert exists == isinstance(deleted, ClientError), "the group is as its delete was answered"
        assert bool(members) == (not isinstance(joined, ClientError)), "the agent is as its association was answered"
        if isinstance(deleted, ClientError):
            assert deleted.response["Error"]["Code"] == "ResourceInUseException", deleted.response
        if isinstance(joined, ClientError):
            assert joined.response["Error"]["Code"] == "ResourceNotFoundException", joined.response
        key = "group deleted" if not exists else "agent joined" if members else "both refused"
        outcomes[key] += 1
        if members:
            a.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=group, UserId=user, InstanceId=inst.id)
        if exists:
            a.delete_traffic_distribution_group(TrafficDistributionGroupId=group)
    print(f"\n{ROUNDS} rounds: {outcomes}")
