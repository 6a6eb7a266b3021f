"""Races between a check in one request and a write in another: each pair of racing requests
is started together, many times over, and afterwards what the store holds must still obey
the rule that the check enforces."""
import threading
from concurrent.futures import ThreadPoolExecutor

from botocore.exceptions import ClientError

from conftest import new_instance

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
