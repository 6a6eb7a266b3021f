"""Agent statuses (Create/Describe/List/Search/UpdateAgentStatus), PutUserStatus and
GetCurrentUserData, through boto3 and the AWS CLI."""
import pytest

from conftest import (REGION, create_group, create_queue, create_routing_profile, create_user,
                      describe_user, expect_error, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def statuses(connect, inst, **kw) -> dict[str, dict]:
    """Every status summary of the instance by name, through the paginator."""
    return {s["Name"]: s for p in connect.get_paginator("list_agent_statuses")
            .paginate(InstanceId=inst.id, **kw) for s in p["AgentStatusSummaryList"]}


def describe(connect, inst, sid) -> dict:
    return connect.describe_agent_status(InstanceId=inst.id, AgentStatusId=sid)["AgentStatus"]


def create(connect, inst, name, state="ENABLED", **kw) -> str:
    return connect.create_agent_status(InstanceId=inst.id, Name=name, State=state,
                                       **kw)["AgentStatusId"]


def user_data(connect, inst, **filters) -> list[dict]:
    out, kw = [], {"InstanceId": inst.id, "Filters": filters}
    while True:
        page = connect.get_current_user_data(**kw)
        out += page["UserDataList"]
        if not page.get("NextToken"):
            return out
        kw["NextToken"] = page["NextToken"]


def test_new_instance_has_the_system_statuses(connect, instance):
    inst = instance()
    found = statuses(connect, inst)
    assert set(found) == {"Available", "Offline"}
    assert (found["Available"]["Type"], found["Offline"]["Type"]) == ("ROUTABLE", "OFFLINE")
    available = describe(connect, inst, found["Available"]["Id"])
    assert available["State"] == "ENABLED" and available["DisplayOrder"] == 1
    assert available["AgentStatusARN"] == f"{inst.arn}/agent-state/{available['AgentStatusId']}"
    assert available["LastModifiedRegion"] == REGION
    assert describe(connect, inst, found["Offline"]["Id"])["DisplayOrder"] == 2


def test_create_describe_list_filter(connect, instance):
    inst = instance()
    resp = connect.create_agent_status(InstanceId=inst.id, Name="Lunch", Description="Out to lunch",
                                       State="ENABLED", DisplayOrder=3, Tags={"team": "ops"})
    sid = resp["AgentStatusId"]
    assert is_uuid(sid) and resp["AgentStatusARN"] == f"{inst.arn}/agent-state/{sid}"
    s = describe(connect, inst, sid)
    assert (s["Name"], s["Description"], s["Type"], s["State"], s["DisplayOrder"], s["Tags"]) == \
        ("Lunch", "Out to lunch", "CUSTOM", "ENABLED", 3, {"team": "ops"})
    assert set(statuses(connect, inst)) == {"Available", "Offline", "Lunch"}
    assert set(statuses(connect, inst, AgentStatusTypes=["CUSTOM"])) == {"Lunch"}
    assert set(statuses(connect, inst, AgentStatusTypes=["ROUTABLE", "OFFLINE"])) == {"Available", "Offline"}
    assert statuses(connect, inst)["Lunch"]["Arn"] == resp["AgentStatusARN"]


def test_pagination(connect, instance):
    inst = instance()
    for n in range(5):
        create(connect, inst, f"Break {n}")
    pages = list(connect.get_paginator("list_agent_statuses")
                 .paginate(InstanceId=inst.id, PaginationConfig={"PageSize": 2}))
    assert [len(p["AgentStatusSummaryList"]) for p in pages] == [2, 2, 2, 1]
    ids = [s["Id"] for p in pages for s in p["AgentStatusSummaryList"]]
    assert len(set(ids)) == 7
    pages = list(connect.get_paginator("search_agent_statuses")
                 .paginate(InstanceId=inst.id, PaginationConfig={"PageSize": 3}))
    assert [len(p["AgentStatuses"]) for p in pages] == [3, 3, 1]
    assert all(p["ApproximateTotalCount"] == 7 for p in pages)


def test_validation_and_missing(connect, raw_connect, instance):
    inst = instance()
    before = statuses(connect, inst)
    for bad in [{"DisplayOrder": 0}, {"DisplayOrder": 51}, {"Name": ""}, {"Name": "x" * 128},
                {"State": "PAUSED"}, {"Description": ""}]:
        req = {"InstanceId": inst.id, "Name": "Bad", "State": "ENABLED", **bad}
        with expect_error("InvalidParameterException", 400):
            raw_connect.create_agent_status(**req)
    assert statuses(connect, inst) == before
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_agent_status(InstanceId=inst.id, AgentStatusId=UNKNOWN_ID, Name="x")
    with expect_error("ResourceNotFoundException", 404):
        connect.create_agent_status(InstanceId=UNKNOWN_ID, Name="x", State="ENABLED")


def test_names_are_unique(connect, instance):
    inst = instance()
    sid = create(connect, inst, "Training")
    with expect_error("DuplicateResourceException", 409):
        create(connect, inst, "Training")
    with expect_error("DuplicateResourceException", 409):
        create(connect, inst, "Available")
    with expect_error("DuplicateResourceException", 409):
        connect.update_agent_status(InstanceId=inst.id, AgentStatusId=sid, Name="Offline")
    assert describe(connect, inst, sid)["Name"] == "Training"
    # Another instance may use the name.
    create(connect, instance(), "Training")


def test_update(connect, instance):
    inst = instance()
    sid = create(connect, inst, "Break", Description="short", DisplayOrder=5)
    t0 = describe(connect, inst, sid)["LastModifiedTime"]
    connect.update_agent_status(InstanceId=inst.id, AgentStatusId=sid, Name="Coffee",
                                State="DISABLED", DisplayOrder=7)
    s = describe(connect, inst, sid)
    assert (s["Name"], s["Description"], s["State"], s["DisplayOrder"]) == ("Coffee", "short", "DISABLED", 7)
    assert s["LastModifiedTime"] >= t0 and s["Type"] == "CUSTOM"
    connect.update_agent_status(InstanceId=inst.id, AgentStatusId=sid, ResetOrderNumber=True, Description="")
    s = describe(connect, inst, sid)
    assert "DisplayOrder" not in s and "Description" not in s
    with expect_error("InvalidRequestException", 400):
        connect.update_agent_status(InstanceId=inst.id, AgentStatusId=sid, DisplayOrder=2,
                                    ResetOrderNumber=True)
    assert "DisplayOrder" not in describe(connect, inst, sid)


def test_system_statuses_can_be_renamed_not_disabled(connect, instance):
    inst = instance()
    found = statuses(connect, inst)
    available, offline = found["Available"]["Id"], found["Offline"]["Id"]
    connect.update_agent_status(InstanceId=inst.id, AgentStatusId=available, Name="Ready")
    assert describe(connect, inst, available)["Name"] == "Ready"
    for sid in (available, offline):
        with expect_error("InvalidRequestException", 400):
            connect.update_agent_status(InstanceId=inst.id, AgentStatusId=sid, State="DISABLED")
        assert describe(connect, inst, sid)["State"] == "ENABLED"


def test_search(connect, instance):
    inst = instance()
    lunch = create(connect, inst, "Lunch", Description="eating", DisplayOrder=4, Tags={"kind": "break"})
    create(connect, inst, "Training", state="DISABLED", Tags={"kind": "work"})

    def names(**kw):
        r = connect.search_agent_statuses(InstanceId=inst.id, **kw)
        assert r["ApproximateTotalCount"] == len(r["AgentStatuses"])
        return sorted(s["Name"] for s in r["AgentStatuses"])

    def cond(field, value, comparison="EXACT"):
        return {"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": comparison}}

    assert names() == ["Available", "Lunch", "Offline", "Training"]
    assert names(SearchCriteria=cond("name", "L", "STARTS_WITH")) == ["Lunch"]
    assert names(SearchCriteria=cond("description", "eat", "CONTAINS")) == ["Lunch"]
    assert names(SearchCriteria=cond("state", "DISABLED")) == ["Training"]
    assert names(SearchCriteria=cond("type", "CUSTOM")) == ["Lunch", "Training"]
    assert names(SearchCriteria=cond("displayOrder", "4")) == ["Lunch"]
    assert names(SearchCriteria=cond("resourceID", lunch)) == ["Lunch"]
    assert names(SearchCriteria={"OrConditions": [cond("type", "ROUTABLE"), cond("type", "OFFLINE")]}) == \
        ["Available", "Offline"]
    tag = {"AttributeFilter": {"TagCondition": {"TagKey": "kind", "TagValue": "work"}}}
    assert names(SearchFilter=tag) == ["Training"]
    full = connect.search_agent_statuses(InstanceId=inst.id, SearchCriteria=cond("resourceID", lunch))
    assert full["AgentStatuses"][0]["Tags"] == {"kind": "break"}
    with expect_error("InvalidParameterException", 400):
        names(SearchCriteria=cond("color", "red"))


def test_tags(connect, instance):
    inst = instance()
    sid = create(connect, inst, "Meeting", Tags={"a": "1"})
    arn = describe(connect, inst, sid)["AgentStatusARN"]
    connect.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    connect.untag_resource(resourceArn=arn, tagKeys=["a"])
    assert describe(connect, inst, sid)["Tags"] == {"b": "2"}


def test_put_user_status_and_current_user_data(connect, instance):
    inst = instance()
    uid = create_user(connect, inst)["UserId"]
    found = statuses(connect, inst)
    before = describe_user(connect, inst, uid)

    # A new user is reported Offline, with the slots of its routing profile, no contacts.
    [data] = user_data(connect, inst, Agents=[uid])
    assert data["User"] == {"Id": uid, "Arn": before["Arn"]}
    assert data["RoutingProfile"]["Id"] == inst.routing_profile_id
    assert data["Status"]["StatusName"] == "Offline" and "StatusStartTimestamp" not in data["Status"]
    assert data["Contacts"] == [] and data["MaxSlotsByChannel"] == {"VOICE": 1, "CHAT": 2, "TASK": 1}
    assert set(data["AvailableSlotsByChannel"].values()) == {0}
    assert set(data["ActiveSlotsByChannel"].values()) == {0}

    connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=found["Available"]["Id"])
    [data] = user_data(connect, inst, Agents=[before["Arn"]])
    assert data["Status"]["StatusName"] == "Available"
    assert data["Status"]["StatusArn"] == found["Available"]["Arn"]
    since = data["Status"]["StatusStartTimestamp"]
    assert data["AvailableSlotsByChannel"] == data["MaxSlotsByChannel"]
    # The same status again keeps its start; the user's configuration is unchanged.
    connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=found["Available"]["Id"])
    assert user_data(connect, inst, Agents=[uid])[0]["Status"]["StatusStartTimestamp"] == since
    assert describe_user(connect, inst, uid) == before

    lunch = create(connect, inst, "Lunch")
    connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=lunch)
    [data] = user_data(connect, inst, Agents=[uid])
    assert data["Status"]["StatusName"] == "Lunch" and set(data["AvailableSlotsByChannel"].values()) == {0}
    # A renamed status shows its new name.
    connect.update_agent_status(InstanceId=inst.id, AgentStatusId=lunch, Name="Long lunch")
    assert user_data(connect, inst, Agents=[uid])[0]["Status"]["StatusName"] == "Long lunch"


def test_put_user_status_refusals(connect, instance):
    inst = instance()
    uid = create_user(connect, inst)["UserId"]
    disabled = create(connect, inst, "Gone", state="DISABLED")
    with expect_error("InvalidRequestException", 400):
        connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=disabled)
    with expect_error("ResourceNotFoundException", 404):
        connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=UNKNOWN_ID)
    offline = statuses(connect, inst)["Offline"]["Id"]
    with expect_error("ResourceNotFoundException", 404):
        connect.put_user_status(InstanceId=inst.id, UserId=UNKNOWN_ID, AgentStatusId=offline)
    # A status of another instance is not one of this instance's.
    other = statuses(connect, instance())["Offline"]["Id"]
    with expect_error("ResourceNotFoundException", 404):
        connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=other)
    assert "StatusStartTimestamp" not in user_data(connect, inst, Agents=[uid])[0]["Status"]


def test_current_user_data_filters(connect, instance):
    inst = instance()
    queue = create_queue(connect, inst)
    rp = create_routing_profile(connect, inst, queue)
    parent = create_group(connect, inst)["HierarchyGroupId"]
    child = create_group(connect, inst, ParentGroupId=parent)["HierarchyGroupId"]
    a = create_user(connect, inst, RoutingProfileId=rp, HierarchyGroupId=child)["UserId"]
    b = create_user(connect, inst)["UserId"]

    def ids(**filters):
        return sorted(d["User"]["Id"] for d in user_data(connect, inst, **filters))

    assert ids() == sorted([a, b])
    assert ids(RoutingProfiles=[rp]) == [a]
    assert ids(RoutingProfiles=[inst.routing_profile_id]) == [b]
    assert ids(Queues=[queue]) == [a]
    assert ids(UserHierarchyGroups=[parent]) == [a]
    assert ids(Agents=[b, UNKNOWN_ID]) == [b]
    assert ids(ContactFilter={"ContactStates": ["CONNECTED"]}) == []
    [data] = user_data(connect, inst, Agents=[a])
    path = data["HierarchyPath"]
    assert (path["LevelOne"]["Id"], path["LevelTwo"]["Id"]) == (parent, child)
    assert path["LevelTwo"]["Arn"].endswith(f"/agent-group/{child}")
    with expect_error("InvalidRequestException", 400):
        user_data(connect, inst, Agents=[a], RoutingProfiles=[rp])
    # Pages.
    page = connect.get_current_user_data(InstanceId=inst.id, Filters={}, MaxResults=1)
    assert len(page["UserDataList"]) == 1 and page["ApproximateTotalCount"] == 2 and page["NextToken"]


def test_aws_cli(aws, connect, instance):
    inst = instance()
    r = aws("connect", "create-agent-status", "--instance-id", inst.id, "--name", "Break",
            "--state", "ENABLED", "--display-order", "3")
    assert r.rc == 0, r.err
    sid = r.out["AgentStatusId"]
    r = aws("connect", "list-agent-statuses", "--instance-id", inst.id, "--agent-status-types", "CUSTOM")
    assert r.rc == 0 and [s["Id"] for s in r.out["AgentStatusSummaryList"]] == [sid], r
    uid = create_user(connect, inst)["UserId"]
    r = aws("connect", "put-user-status", "--instance-id", inst.id, "--user-id", uid,
            "--agent-status-id", sid)
    assert r.rc == 0, r.err
    r = aws("connect", "get-current-user-data", "--instance-id", inst.id,
            "--filters", f"Agents={uid}")
    assert r.rc == 0 and r.out["UserDataList"][0]["Status"]["StatusName"] == "Break", r
    r = aws("connect", "create-agent-status", "--instance-id", inst.id, "--name", "Break",
            "--state", "ENABLED")
    assert r.rc != 0 and "DuplicateResourceException" in r.err
