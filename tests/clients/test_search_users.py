"""SearchUsers: criteria, filters, pages and counts; and the issue's provisioning scenario."""
import pytest

from conftest import (create_group, create_hours, create_queue, create_routing_profile,
                      create_security_profile, create_user, expect_error, hours_config,
                      queue_config)


def cond(field, value, cmp="EXACT"):
    return {"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": cmp}}


def search_all(connect, inst, page_size=None, **kw):
    """Every user found, following NextToken; returns (usernames, first ApproximateTotalCount)."""
    kw = dict(kw, InstanceId=inst.id)
    if page_size:
        kw["MaxResults"] = page_size
    names, total = [], None
    while True:
        r = connect.search_users(**kw)
        total = r["ApproximateTotalCount"] if total is None else total
        names += [u["Username"] for u in r["Users"]]
        if not r.get("NextToken"):
            return names, total
        kw["NextToken"] = r["NextToken"]


@pytest.fixture
def people(connect, instance):
    """An instance with five users in a two-level hierarchy, with tags."""
    inst = instance()
    top = create_group(connect, inst, "Support")["HierarchyGroupId"]
    sub = create_group(connect, inst, "Support Paris", ParentGroupId=top)["HierarchyGroupId"]
    other = create_group(connect, inst, "Sales")["HierarchyGroupId"]
    sp = create_security_profile(connect, inst, "Tier2")
    specs = [("alice.a", "Alice", "Martin", top, {"team": "red"}),
             ("alice.b", "Alicia", "Durand", sub, {"team": "blue"}),
             ("albert", "Albert", "Martin", sub, {"team": "red", "site": "paris"}),
             ("bob", "Bob", "Smith", other, {}),
             ("carol", "Carol", "Martinez", None, {"site": "paris"})]
    ids = {}
    for username, first, last, group, tags in specs:
        extra = {"HierarchyGroupId": group} if group else {}
        if tags:
            extra["Tags"] = tags
        if username == "albert":
            extra["SecurityProfileIds"] = [sp]
        ids[username] = create_user(connect, inst, Username=username,
                                    IdentityInfo={"FirstName": first, "LastName": last,
                                                  "Email": f"{username}@example.com"},
                                    **extra)["UserId"]
    return inst, {"top": top, "sub": sub, "other": other, "sp": sp, "ids": ids}


def test_username_prefix_and_exact(connect, people):
    inst, _ = people
    assert search_all(connect, inst, SearchCriteria=cond("Username", "al", "STARTS_WITH")) == \
        (["albert", "alice.a", "alice.b"], 3)
    assert search_all(connect, inst, SearchCriteria=cond("Username", "alice.a")) == (["alice.a"], 1)
    assert search_all(connect, inst, SearchCriteria=cond("Username", "alice")) == ([], 0)
    assert search_all(connect, inst, SearchCriteria=cond("Username", "zz", "STARTS_WITH")) == ([], 0)


def test_names_contains_and_combinations(connect, people):
    inst, d = people
    names, n = search_all(connect, inst, SearchCriteria=cond("LastName", "Martin", "CONTAINS"))
    assert sorted(names) == ["albert", "alice.a", "carol"] and n == 3
    names, _ = search_all(connect, inst, SearchCriteria={"AndConditions": [
        cond("LastName", "Martin"), cond("Username", "al", "STARTS_WITH")]})
    assert names == ["albert", "alice.a"]
    names, _ = search_all(connect, inst, SearchCriteria={"OrConditions": [
        cond("FirstName", "Bob"), cond("FirstName", "Carol")]})
    assert sorted(names) == ["bob", "carol"]
    names, _ = search_all(connect, inst, SearchCriteria=cond("SecurityProfileId", d["sp"]))
    assert names == ["albert"]
    names, _ = search_all(connect, inst, SearchCriteria=cond("ResourceId", d["ids"]["bob"]))
    assert names == ["bob"]
    names, _ = search_all(connect, inst, SearchCriteria=cond("RoutingProfileId", inst.routing_profile_id))
    assert len(names) == 5


def test_hierarchy_conditions(connect, people):
    inst, d = people

    def by_group(gid, match):
        crit = {"HierarchyGroupCondition": {"Value": gid, "HierarchyGroupMatchType": match}}
        return sorted(search_all(connect, inst, SearchCriteria=crit)[0])

    assert by_group(d["top"], "EXACT") == ["alice.a"]
    assert by_group(d["top"], "WITH_CHILD_GROUPS") == ["albert", "alice.a", "alice.b"]
    assert by_group(d["sub"], "WITH_CHILD_GROUPS") == ["albert", "alice.b"]
    assert by_group(d["other"], "EXACT") == ["bob"]


def test_tag_and_attribute_filters(connect, people):
    inst, d = people

    def filtered(f, **kw):
        return sorted(search_all(connect, inst, SearchFilter=f, **kw)[0])

    assert filtered({"TagFilter": {"TagCondition": {"TagKey": "team", "TagValue": "red"}}}) == \
        ["albert", "alice.a"]
    assert filtered({"TagFilter": {"AndConditions": [{"TagKey": "team", "TagValue": "red"},
                                                     {"TagKey": "site", "TagValue": "paris"}]}}) == \
        ["albert"]
    assert filtered({"TagFilter": {"OrConditions": [[{"TagKey": "team", "TagValue": "blue"}],
                                                    [{"TagKey": "site", "TagValue": "paris"}]]}}) == \
        ["albert", "alice.b", "carol"]
    assert filtered({"TagFilter": {"TagCondition": {"TagKey": "team", "TagValue": "red"}}},
                    SearchCriteria=cond("Username", "alb", "STARTS_WITH")) == ["albert"]
    assert filtered({"UserAttributeFilter": {"AndCondition": {
        "TagConditions": [{"TagKey": "team", "TagValue": "red"}],
        "HierarchyGroupCondition": {"Value": d["sub"], "HierarchyGroupMatchType": "EXACT"}}}}) == \
        ["albert"]


def test_summaries(connect, people):
    inst, d = people
    r = connect.search_users(InstanceId=inst.id, SearchCriteria=cond("Username", "albert"))
    (u,) = r["Users"]
    assert u["Id"] == d["ids"]["albert"] and u["Arn"].endswith(f"/agent/{u['Id']}")
    assert u["IdentityInfo"] == {"FirstName": "Albert", "LastName": "Martin"}
    assert u["Tags"] == {"team": "red", "site": "paris"}
    assert u["HierarchyGroupId"] == d["sub"] and u["SecurityProfileIds"] == [d["sp"]]
    assert u["RoutingProfileId"] == inst.routing_profile_id
    assert u["PhoneConfig"]["PhoneType"] == "SOFT_PHONE"


def test_after_contact_work_in_milliseconds(connect, instance):
    """SearchUsers gives AfterContactWorkTimeLimit in milliseconds, DescribeUser in seconds
    (the SearchUsers documentation)."""
    inst = instance()
    uid = create_user(connect, inst, Username="acw.user",
                      PhoneConfig={"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 30})["UserId"]
    assert connect.describe_user(InstanceId=inst.id, UserId=uid)["User"]["PhoneConfig"][
        "AfterContactWorkTimeLimit"] == 30
    (u,) = connect.search_users(InstanceId=inst.id, SearchCriteria=cond("Username", "acw.user"))["Users"]
    assert u["PhoneConfig"]["AfterContactWorkTimeLimit"] == 30000


@pytest.mark.parametrize("criteria", [None, cond("Username", "a", "STARTS_WITH")])
def test_pages(connect, people, criteria):
    inst, _ = people
    kw = {"SearchCriteria": criteria} if criteria else {}
    everything, total = search_all(connect, inst, **kw)
    paged, total2 = search_all(connect, inst, page_size=2, **kw)
    assert sorted(paged) == sorted(everything) and len(paged) == len(set(paged)) == total == total2
    r = connect.search_users(InstanceId=inst.id, MaxResults=2, **kw)
    assert len(r["Users"]) == 2 and r["ApproximateTotalCount"] == total and r["NextToken"]


def test_errors(connect, raw_connect, people):
    inst, _ = people
    with expect_error("InvalidParameterException", 400):
        connect.search_users(InstanceId=inst.id, SearchCriteria=cond("Password", "x"))
    with expect_error("InvalidParameterException", 400):
        connect.search_users(InstanceId=inst.id, NextToken="not-a-token")
    # a token of one query does not page another kind of query
    token = connect.search_users(InstanceId=inst.id, MaxResults=1)["NextToken"]
    with expect_error("InvalidParameterException", 400):
        connect.search_users(InstanceId=inst.id, NextToken=token, MaxResults=1,
                             SearchCriteria=cond("Username", "a", "STARTS_WITH"))
    with expect_error("InvalidParameterException", 400):
        raw_connect.search_users(InstanceId=inst.id, MaxResults=501)
    with expect_error("InvalidParameterException", 400):
        raw_connect.search_users(InstanceId=inst.id, SearchCriteria={"StringCondition": {
            "FieldName": "Username", "Value": "a", "ComparisonType": "FUZZY"}})
    with expect_error("ResourceNotFoundException", 404):
        connect.search_users(InstanceId="11111111-2222-4333-8444-555555555555")


def test_provisioning_scenario(connect, instance):
    """The issue's "Done when": a provisioning script builds hours, a queue, a routing
    profile, a security profile, a two-level hierarchy and users in them; finds them again by
    username, tag and hierarchy; and is refused when it deletes what is still in use."""
    inst = instance()
    hours = create_hours(connect, inst, "Support Hours", TimeZone="Europe/London",
                         Config=hours_config(("MONDAY", "TUESDAY", "WEDNESDAY"), (8, 0), (18, 0)))
    queue = create_queue(connect, inst, hours, "Support Queue", Description="first line")
    routing = create_routing_profile(
        connect, inst, queue, "Support Routing",
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1},
                            {"Channel": "CHAT", "Concurrency": 2}],
        QueueConfigs=[queue_config(queue, "VOICE"), queue_config(queue, "CHAT", 2, 15)])
    profile = create_security_profile(connect, inst, "Support Agents",
                                      Permissions=["BasicAgentAccess", "OutboundCallAccess"])
    connect.update_user_hierarchy_structure(InstanceId=inst.id, HierarchyStructure={
        "LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Team"}})
    region = create_group(connect, inst, "Europe")["HierarchyGroupId"]
    team = create_group(connect, inst, "London Support", ParentGroupId=region)["HierarchyGroupId"]
    users = {}
    for i in range(6):
        username = f"sup.agent{i}"
        users[username] = create_user(
            connect, inst, Username=username, SecurityProfileIds=[profile],
            RoutingProfileId=routing, HierarchyGroupId=team if i % 2 else region,
            Tags={"shift": "early" if i < 3 else "late"})["UserId"]
    create_user(connect, inst, Username="other.person")

    names, n = search_all(connect, inst, SearchCriteria=cond("Username", "sup.", "STARTS_WITH"))
    assert names == sorted(users) and n == 6
    names, _ = search_all(connect, inst, SearchFilter={"TagFilter": {"TagCondition": {
        "TagKey": "shift", "TagValue": "late"}}})
    assert sorted(names) == ["sup.agent3", "sup.agent4", "sup.agent5"]
    names, _ = search_all(connect, inst, SearchCriteria={"HierarchyGroupCondition": {
        "Value": region, "HierarchyGroupMatchType": "WITH_CHILD_GROUPS"}})
    assert sorted(names) == sorted(users)
    names, _ = search_all(connect, inst, SearchCriteria={"HierarchyGroupCondition": {
        "Value": team, "HierarchyGroupMatchType": "EXACT"}})
    assert sorted(names) == ["sup.agent1", "sup.agent3", "sup.agent5"]
    group = connect.describe_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=team)
    assert group["HierarchyGroup"]["HierarchyPath"]["LevelOne"]["Id"] == region

    for call, code in [
        (lambda: connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hours),
         "InvalidRequestException"),
        (lambda: connect.delete_queue(InstanceId=inst.id, QueueId=queue), "ResourceInUseException"),
        (lambda: connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=routing),
         "ResourceInUseException"),
        (lambda: connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=profile),
         "ResourceInUseException"),
        (lambda: connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=region),
         "ResourceInUseException"),
        (lambda: connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=team),
         "ResourceInUseException"),
    ]:
        with expect_error(code):
            call()
    # nothing changed
    assert connect.describe_queue(InstanceId=inst.id, QueueId=queue)["Queue"]["Name"] == "Support Queue"
    assert search_all(connect, inst, SearchCriteria=cond("Username", "sup.", "STARTS_WITH"))[1] == 6

    # taken apart in order, everything goes
    for uid in users.values():
        connect.delete_user(InstanceId=inst.id, UserId=uid)
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=team)
    connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=region)
    connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=profile)
    connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=routing)
    connect.delete_queue(InstanceId=inst.id, QueueId=queue)
    connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hours)
    assert search_all(connect, inst)[0] == ["other.person"]
