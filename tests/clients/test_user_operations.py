"""The user operations beyond the user's own record (issue 12, item 6), through boto3 and the
AWS CLI: traffic distribution groups and their agents, DeleteAllEntitySessions, the refused
operations (each answering 501 with its reason), what DescribeUser, ListUsers and SearchUsers
show of a user, and docs/user-operations.md kept equal to the model and the code."""
import datetime as dt
import re
import subprocess
import sys
import uuid

import pytest
from botocore import xform_name

from conftest import REGION, REPO, create_user, expect_error
from tfreplay import status_of, wait_for

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"
TABLE = REPO / "docs" / "user-operations.md"
TDG_ARN = re.compile(r"^arn:aws:connect:us-east-1:\d{12}:traffic-distribution-group/[a-f0-9-]{36}$")


# -- the table of user operations ----------------------------------------------------------------

def table_rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in TABLE.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] not in ("Operation", "---"):
            rows.append(tuple(cells))
    return rows


def test_the_table_is_what_the_model_and_the_code_make():
    p = subprocess.run([sys.executable, str(REPO / "scripts" / "user-operations.py"), "--check"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    rows = table_rows()
    assert {r[0] for r in rows} >= {"AssociateTrafficDistributionGroupUser", "ListUserNotifications",
                                    "UpdateUserNotificationStatus", "CreateUser", "DeleteAllEntitySessions"}
    undecided = [r[0] for r in rows if not r[2].startswith(("implemented", "refused"))]
    assert undecided == [], f"user operations neither implemented nor refused: {undecided}"
    for op, _, status, detail in rows:
        if status == "implemented":
            assert (REPO / detail.strip("`")).is_file(), f"{op}: {detail}"


def filler(shape):
    """A value of `shape` with its required members (the server answers a refused operation
    before it reads the input, so any value does)."""
    kind = shape.type_name
    if kind == "structure":
        return {name: filler(shape.members[name]) for name in shape.required_members}
    if kind == "list":
        return [filler(shape.member)]
    if kind == "map":
        return {}
    if kind in ("integer", "long"):
        return 1
    if kind in ("double", "float"):
        return 1.0
    if kind == "boolean":
        return False
    if kind == "timestamp":
        return dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    if kind == "blob":
        return b"x"
    return shape.enum[0] if shape.enum else UNKNOWN_ID


REFUSED = [(op, reason) for op, _, status, reason in table_rows() if status.startswith("refused")]


@pytest.mark.parametrize("op,reason", REFUSED, ids=[op for op, _ in REFUSED])
def test_each_refused_user_operation_says_why(raw_connect, op, reason):
    shape = raw_connect.meta.service_model.operation_model(op).input_shape
    with expect_error("NotImplementedException", 501) as err:
        getattr(raw_connect, xform_name(op))(**filler(shape))
    assert op in err.message and reason in err.message, err.message


def test_a_refused_operation_with_the_aws_cli(aws):
    rc, _, stderr = aws("connect", "monitor-contact", "--instance-id", UNKNOWN_ID,
                        "--contact-id", UNKNOWN_ID, "--user-id", UNKNOWN_ID)
    assert rc != 0 and "NotImplementedException" in stderr and "runs no contacts" in stderr, stderr


# -- traffic distribution groups ---------------------------------------------------------------------

def unique(prefix):
    """Group names are unique in the account's Region, which outlives a test's instances (and,
    on PostgreSQL, a run)."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def create_group(connect, inst, name=None, **kw):
    resp = connect.create_traffic_distribution_group(Name=name or unique("tdg"),
                                                     InstanceId=inst.id, **kw)
    return resp["Id"], resp["Arn"]


def describe_group(connect, group):
    return connect.describe_traffic_distribution_group(TrafficDistributionGroupId=group)["TrafficDistributionGroup"]


def active(connect, group):
    read = lambda: connect.describe_traffic_distribution_group(TrafficDistributionGroupId=group)
    return wait_for(status_of(read, ["TrafficDistributionGroup", "Status"]), ["CREATION_IN_PROGRESS"], ["ACTIVE"])


def group_users(connect, group, **kw):
    pages = connect.get_paginator("list_traffic_distribution_group_users").paginate(
        TrafficDistributionGroupId=group, **kw)
    return [u["UserId"] for p in pages for u in p["TrafficDistributionGroupUserSummaryList"]]


def test_create_describe_list_tags(connect, instance):
    inst = instance()
    name = unique("primary")
    gid, arn = create_group(connect, inst, name, Description="US east agents", Tags={"team": "a"})
    assert TDG_ARN.match(arn) and arn.endswith("/" + gid)
    first = describe_group(connect, gid)
    assert first["Status"] in ("CREATION_IN_PROGRESS", "ACTIVE")
    assert active(connect, gid) == "ACTIVE"
    g = describe_group(connect, arn)  # by ARN too
    assert g == {"Id": gid, "Arn": arn, "Name": name, "Description": "US east agents",
                 "InstanceArn": inst.arn, "Status": "ACTIVE", "Tags": {"team": "a"}, "IsDefault": False}
    [summary] = connect.list_traffic_distribution_groups(InstanceId=inst.id)["TrafficDistributionGroupSummaryList"]
    assert summary == {"Id": gid, "Arn": arn, "Name": name, "InstanceArn": inst.arn,
                       "Status": "ACTIVE", "IsDefault": False}
    # By the instance's ARN as well; and without InstanceId, among the Region's groups.
    assert [s["Id"] for s in connect.list_traffic_distribution_groups(InstanceId=inst.arn)
            ["TrafficDistributionGroupSummaryList"]] == [gid]
    every = [s["Id"] for p in connect.get_paginator("list_traffic_distribution_groups").paginate()
             for s in p["TrafficDistributionGroupSummaryList"]]
    assert gid in every
    # Tags through the tagging operations on the group's ARN.
    connect.tag_resource(resourceArn=arn, tags={"env": "prod"})
    connect.untag_resource(resourceArn=arn, tagKeys=["team"])
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"env": "prod"}
    assert describe_group(connect, gid)["Tags"] == {"env": "prod"}


def test_validation_duplicates_and_missing(connect, raw_connect, instance):
    inst = instance()
    dup = unique("dup")
    create_group(connect, inst, dup)
    with expect_error("ResourceConflictException", 409):
        create_group(connect, inst, dup)
    # The name is unique in the account's Region, whatever the instance.
    with expect_error("ResourceConflictException", 409):
        create_group(connect, instance(), dup)
    with expect_error("InvalidRequestException", 400):
        raw_connect.create_traffic_distribution_group(Name="x" * 129, InstanceId=inst.id)
    with expect_error("InvalidRequestException", 400):
        raw_connect.create_traffic_distribution_group(Name=" padded", InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.create_traffic_distribution_group(Name="nowhere", InstanceId=UNKNOWN_ID)
    assert [s["Name"] for s in connect.list_traffic_distribution_groups(InstanceId=inst.id)
            ["TrafficDistributionGroupSummaryList"]] == [dup]
    with expect_error("ResourceNotFoundException", 404):
        describe_group(connect, UNKNOWN_ID)
    with expect_error("InvalidRequestException", 400):
        raw_connect.describe_traffic_distribution_group(TrafficDistributionGroupId="not-a-uuid")
    # ListTrafficDistributionGroups models no ResourceNotFoundException either.
    with expect_error("InvalidRequestException", 400) as err:
        connect.list_traffic_distribution_groups(InstanceId=UNKNOWN_ID)
    assert UNKNOWN_ID in err.message
    # DeleteTrafficDistributionGroup models no ResourceNotFoundException.
    with expect_error("InvalidRequestException", 400):
        connect.delete_traffic_distribution_group(TrafficDistributionGroupId=UNKNOWN_ID)
    with expect_error("InvalidRequestException", 400):
        raw_connect.list_traffic_distribution_groups(MaxResults=11)


def test_groups_page_in_name_order(connect, instance):
    inst = instance()
    made = sorted(create_group(connect, inst, f"page-{uuid.uuid4().hex[:6]}-{i}")[0] for i in range(5))
    first = connect.list_traffic_distribution_groups(InstanceId=inst.id, MaxResults=2)
    assert len(first["TrafficDistributionGroupSummaryList"]) == 2 and first["NextToken"]
    pages = connect.get_paginator("list_traffic_distribution_groups").paginate(
        InstanceId=inst.id, PaginationConfig={"PageSize": 2})
    listed = [s for p in pages for s in p["TrafficDistributionGroupSummaryList"]]
    assert sorted(s["Id"] for s in listed) == made
    assert [s["Name"] for s in listed] == sorted(s["Name"] for s in listed)


def test_agents_join_leave_and_page(connect, instance):
    inst = instance()
    gid, arn = create_group(connect, inst)
    active(connect, gid)
    users = sorted(create_user(connect, inst)["UserId"] for _ in range(5))
    user_arn = connect.describe_user(InstanceId=inst.id, UserId=users[0])["User"]["Arn"]
    before = connect.describe_user(InstanceId=inst.id, UserId=users[1])["User"]
    connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=user_arn,
                                                      InstanceId=inst.id)
    for u in users[1:]:
        connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=arn, UserId=u,
                                                          InstanceId=inst.id)
    # Again with the same group: nothing changes, nobody is listed twice.
    connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=users[1],
                                                      InstanceId=inst.id)
    assert group_users(connect, gid) == users
    assert group_users(connect, gid, PaginationConfig={"PageSize": 2}) == users
    page = connect.list_traffic_distribution_group_users(TrafficDistributionGroupId=gid, MaxResults=2)
    assert [u["UserId"] for u in page["TrafficDistributionGroupUserSummaryList"]] == users[:2] and page["NextToken"]
    # The user itself is as it was: the association is the group's.
    assert connect.describe_user(InstanceId=inst.id, UserId=users[1])["User"] == before
    connect.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=users[0],
                                                         InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=users[0],
                                                             InstanceId=inst.id)
    # Deleting a user takes it out of its group.
    connect.delete_user(InstanceId=inst.id, UserId=users[4])
    assert group_users(connect, gid) == users[1:4]


def test_agent_errors(connect, instance):
    inst, other = instance(), instance()
    gid, _ = create_group(connect, inst)
    second, _ = create_group(connect, inst)
    active(connect, gid)
    active(connect, second)
    user = create_user(connect, inst)["UserId"]
    stranger = create_user(connect, other)["UserId"]
    assoc = connect.associate_traffic_distribution_group_user
    with expect_error("ResourceNotFoundException", 404):
        assoc(TrafficDistributionGroupId=gid, UserId=UNKNOWN_ID, InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        assoc(TrafficDistributionGroupId=UNKNOWN_ID, UserId=user, InstanceId=inst.id)
    # A user of another instance, or the request naming another instance than the group's.
    with expect_error("ResourceNotFoundException", 404):
        assoc(TrafficDistributionGroupId=gid, UserId=stranger, InstanceId=inst.id)
    with expect_error("InvalidRequestException", 400):
        assoc(TrafficDistributionGroupId=gid, UserId=stranger, InstanceId=other.id)
    assoc(TrafficDistributionGroupId=gid, UserId=user, InstanceId=inst.id)
    # An agent is in one group at most.
    with expect_error("ResourceConflictException", 409):
        assoc(TrafficDistributionGroupId=second, UserId=user, InstanceId=inst.id)
    assert group_users(connect, second) == []
    with expect_error("ResourceNotFoundException", 404):
        connect.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=second, UserId=user,
                                                             InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        group_users(connect, UNKNOWN_ID)


def test_delete_is_refused_while_agents_are_in_the_group(connect, instance):
    inst = instance()
    busy = unique("busy")
    gid, arn = create_group(connect, inst, busy)
    active(connect, gid)
    user = create_user(connect, inst)["UserId"]
    connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=user,
                                                      InstanceId=inst.id)
    with expect_error("ResourceInUseException", 409) as err:
        connect.delete_traffic_distribution_group(TrafficDistributionGroupId=gid)
    assert err.value.response.get("ResourceId") == arn
    assert describe_group(connect, gid)["Status"] == "ACTIVE"
    connect.disassociate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=user,
                                                         InstanceId=inst.id)
    connect.delete_traffic_distribution_group(TrafficDistributionGroupId=arn)
    with expect_error("ResourceNotFoundException", 404):
        describe_group(connect, gid)
    assert connect.list_traffic_distribution_groups(InstanceId=inst.id)["TrafficDistributionGroupSummaryList"] == []
    # The name is free again, and the user can join another group.
    gid2, _ = create_group(connect, inst, busy)
    active(connect, gid2)
    connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=gid2, UserId=user,
                                                      InstanceId=inst.id)
    assert group_users(connect, gid2) == [user]


def test_groups_are_of_their_region_and_go_with_their_instance(server, connect, instance):
    inst = instance()
    gid, arn = create_group(connect, inst)
    elsewhere = server.client(region="eu-west-2")
    with expect_error("ResourceNotFoundException", 404):
        elsewhere.describe_traffic_distribution_group(TrafficDistributionGroupId=gid)
    assert gid not in [s["Id"] for s in elsewhere.list_traffic_distribution_groups()["TrafficDistributionGroupSummaryList"]]
    name = describe_group(connect, gid)["Name"]
    connect.delete_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        describe_group(connect, gid)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=arn)
    assert gid not in [s["Id"] for p in connect.get_paginator("list_traffic_distribution_groups").paginate()
                       for s in p["TrafficDistributionGroupSummaryList"]]
    # Its name went with it.
    again, _ = create_group(connect, instance(), name)
    assert describe_group(connect, again)["Name"] == name


def test_traffic_distribution_groups_with_the_aws_cli(aws, connect, instance):
    inst = instance()
    name = unique("cli-group")
    rc, out, err = aws("connect", "create-traffic-distribution-group", "--name", name,
                       "--instance-id", inst.arn, "--tags", "k=v")
    assert rc == 0, err
    gid = out["Id"]
    active(connect, gid)
    user = create_user(connect, inst)["UserId"]
    rc, _, err = aws("connect", "associate-traffic-distribution-group-user",
                     "--traffic-distribution-group-id", gid, "--user-id", user, "--instance-id", inst.id)
    assert rc == 0, err
    rc, out, err = aws("connect", "list-traffic-distribution-group-users", "--traffic-distribution-group-id", gid)
    assert rc == 0 and out["TrafficDistributionGroupUserSummaryList"] == [{"UserId": user}], err
    rc, out, err = aws("connect", "describe-traffic-distribution-group", "--traffic-distribution-group-id", gid)
    assert rc == 0 and out["TrafficDistributionGroup"]["Tags"] == {"k": "v"}, err
    rc, _, err = aws("connect", "create-traffic-distribution-group", "--name", name, "--instance-id", inst.id)
    assert rc != 0 and "ResourceConflictException" in err
    rc, _, err = aws("connect", "delete-traffic-distribution-group", "--traffic-distribution-group-id", gid)
    assert rc != 0 and "ResourceInUseException" in err
    rc, _, err = aws("connect", "disassociate-traffic-distribution-group-user",
                     "--traffic-distribution-group-id", gid, "--user-id", user, "--instance-id", inst.id)
    assert rc == 0, err
    rc, out, err = aws("connect", "list-traffic-distribution-groups", "--instance-id", inst.id)
    assert rc == 0 and [g["Name"] for g in out["TrafficDistributionGroupSummaryList"]] == [name], err
    rc, _, err = aws("connect", "delete-traffic-distribution-group", "--traffic-distribution-group-id", gid)
    assert rc == 0, err


# -- DeleteAllEntitySessions -----------------------------------------------------------------------

def test_delete_all_entity_sessions(connect, sb, instance):
    inst = instance()
    user = create_user(connect, inst)
    connect.delete_all_entity_sessions(InstanceId=inst.id, EntityId=user["UserId"], EntityType="USER")
    connect.delete_all_entity_sessions(InstanceId=inst.id, EntityId=user["UserArn"], EntityType="USER")
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_all_entity_sessions(InstanceId=inst.id, EntityId=UNKNOWN_ID, EntityType="USER")
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_all_entity_sessions(InstanceId=instance().id, EntityId=user["UserId"], EntityType="USER")
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_all_entity_sessions(InstanceId=UNKNOWN_ID, EntityId=user["UserId"], EntityType="USER")
    # The AWS CLI v1 of the suite (botocore 1.43) predates the operation: switchboard's own
    # CLI, made from the same model as the server, has it.
    rc, _, err = sb("delete-all-entity-sessions", "--instance-id", inst.id,
                    "--entity-id", user["UserArn"], "--entity-type", "USER")
    assert rc == 0, err
    rc, _, err = sb("delete-all-entity-sessions", "--instance-id", inst.id,
                    "--entity-id", UNKNOWN_ID, "--entity-type", "USER")
    assert rc != 0 and "ResourceNotFoundException" in err, err
    # The user is still there: only sessions end.
    assert connect.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"]["Id"] == user["UserId"]


# -- what the reads show of a user ---------------------------------------------------------------------

def test_reads_show_exactly_the_model_members(server, connect, instance):
    """A user with proficiencies, an agent status and a traffic distribution group: DescribeUser,
    ListUsers and SearchUsers answer only the members of their shapes (the User shape has none
    for those: ListUserProficiencies, GetCurrentUserData and ListTrafficDistributionGroupUsers
    show them), as the raw JSON shows."""
    inst = instance()
    connect.create_predefined_attribute(InstanceId=inst.id, Name="Language", Values={"StringList": ["English"]})
    uid = create_user(connect, inst, Tags={"k": "v"})["UserId"]
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=[
        {"AttributeName": "Language", "AttributeValue": "English", "Level": 3.0}])
    statuses = connect.list_agent_statuses(InstanceId=inst.id)["AgentStatusSummaryList"]
    available = next(s["Id"] for s in statuses if s["Type"] == "ROUTABLE")
    connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=available)
    gid, _ = create_group(connect, inst)
    active(connect, gid)
    connect.associate_traffic_distribution_group_user(TrafficDistributionGroupId=gid, UserId=uid, InstanceId=inst.id)

    model = connect.meta.service_model
    members = lambda shape: set(model.shape_for(shape).members)
    described = server.http("GET", f"/users/{inst.id}/{uid}").json()["User"]
    assert set(described) <= members("User") and {"Tags", "IdentityInfo", "PhoneConfig"} <= set(described)
    listed = server.http("GET", f"/users-summary/{inst.id}").json()["UserSummaryList"]
    assert all(set(u) <= members("UserSummary") for u in listed) and uid in [u["Id"] for u in listed]
    found = server.http("POST", "/search-users", {"InstanceId": inst.id}).json()["Users"]
    assert [set(u) <= members("UserSearchSummary") for u in found] == [True]
    # ...and the operations that show them do.
    assert connect.list_user_proficiencies(InstanceId=inst.id, UserId=uid)["UserProficiencyList"] == [
        {"AttributeName": "Language", "AttributeValue": "English", "Level": 3.0}]
    assert group_users(connect, gid) == [uid]
    data = connect.get_current_user_data(InstanceId=inst.id, Filters={"Agents": [uid]})["UserDataList"]
    assert data[0]["Status"]["StatusArn"].endswith(available)


# -- notifications ---------------------------------------------------------------------------------

def notify(connect, inst, recipients, content=None, **kw):
    resp = connect.create_notification(InstanceId=inst.id, Recipients=recipients,
                                       Content=content or {"en_US": "Fire drill at 3pm"}, **kw)
    return resp["NotificationId"], resp["NotificationArn"]


def follow(call, key, **kw):
    """Every item of a List* operation boto3 has no paginator for, by NextToken."""
    out = []
    while True:
        page = call(**kw)
        out += page[key]
        if not page.get("NextToken"):
            return out
        kw["NextToken"] = page["NextToken"]


def user_notifications(connect, inst, user, **kw):
    return follow(connect.list_user_notifications, "UserNotifications", InstanceId=inst.id, UserId=user, **kw)


def test_notifications_reach_their_recipients(connect, instance):
    inst = instance()
    alice, bob = create_user(connect, inst), create_user(connect, inst)
    nid, arn = notify(connect, inst, [alice["UserArn"]], {"en_US": "Hi Alice", "fr_FR": "Salut"},
                      Priority="HIGH", Tags={"k": "v"})
    assert arn == f"{inst.arn}/notification/{nid}"
    everyone, _ = notify(connect, inst, [inst.arn])
    n = connect.describe_notification(InstanceId=inst.id, NotificationId=nid)["Notification"]
    assert n["Content"] == {"en_US": "Hi Alice", "fr_FR": "Salut"} and n["Priority"] == "HIGH"
    assert n["Recipients"] == [alice["UserArn"]] and n["Tags"] == {"k": "v"} and n["LastModifiedRegion"] == REGION
    # A week from creation unless told otherwise.
    assert (n["ExpiresAt"] - n["CreatedAt"]).total_seconds() == 7 * 24 * 3600
    assert connect.describe_notification(InstanceId=inst.id, NotificationId=everyone)["Notification"]["Priority"] == "LOW"

    mine = user_notifications(connect, inst, alice["UserId"])
    assert sorted(x["NotificationId"] for x in mine) == sorted([nid, everyone])
    first = next(x for x in mine if x["NotificationId"] == nid)
    assert first == {"NotificationId": nid, "NotificationStatus": "UNREAD", "InstanceId": inst.id,
                     "RecipientId": alice["UserId"], "Content": {"en_US": "Hi Alice", "fr_FR": "Salut"},
                     "Priority": "HIGH", "Source": "CUSTOMER", "CreatedAt": n["CreatedAt"], "ExpiresAt": n["ExpiresAt"]}
    assert [x["NotificationId"] for x in user_notifications(connect, inst, bob["UserId"])] == [everyone]
    # A user created later gets what was sent to the whole instance.
    carol = create_user(connect, inst)
    assert [x["NotificationId"] for x in user_notifications(connect, inst, carol["UserId"])] == [everyone]

    # Each recipient has its own status.
    connect.update_user_notification_status(InstanceId=inst.id, UserId=alice["UserId"], NotificationId=everyone, Status="READ")
    connect.update_user_notification_status(InstanceId=inst.id, UserId=bob["UserId"], NotificationId=everyone, Status="HIDDEN")
    status = lambda user: {x["NotificationId"]: x["NotificationStatus"] for x in user_notifications(connect, inst, user)}
    assert status(alice["UserId"]) == {nid: "UNREAD", everyone: "READ"}
    assert status(bob["UserId"]) == {everyone: "HIDDEN"} and status(carol["UserId"]) == {everyone: "UNREAD"}
    # Not sent to Bob.
    with expect_error("ResourceNotFoundException", 404):
        connect.update_user_notification_status(InstanceId=inst.id, UserId=bob["UserId"], NotificationId=nid, Status="READ")

    # New content reaches everyone; statuses stay; the status change left LastModifiedTime alone.
    before = connect.describe_notification(InstanceId=inst.id, NotificationId=everyone)["Notification"]
    assert before["LastModifiedTime"] == before["CreatedAt"]
    connect.update_notification_content(InstanceId=inst.id, NotificationId=everyone, Content={"en_US": "Moved to 4pm"})
    after = connect.describe_notification(InstanceId=inst.id, NotificationId=everyone)["Notification"]
    assert after["Content"] == {"en_US": "Moved to 4pm"} and after["LastModifiedTime"] >= before["LastModifiedTime"]
    assert [(x["Content"], x["NotificationStatus"]) for x in user_notifications(connect, inst, bob["UserId"])] == [
        ({"en_US": "Moved to 4pm"}, "HIDDEN")]

    # Tags through the tagging operations; deletion removes it for everyone.
    connect.tag_resource(resourceArn=arn, tags={"k2": "v2"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v", "k2": "v2"}
    connect.delete_notification(InstanceId=inst.id, NotificationId=everyone)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_notification(InstanceId=inst.id, NotificationId=everyone)
    assert status(alice["UserId"]) == {nid: "UNREAD"} and status(bob["UserId"]) == {}
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_notification(InstanceId=inst.id, NotificationId=everyone)


def test_notification_errors(connect, raw_connect, instance):
    inst, other = instance(), instance()
    user = create_user(connect, inst)
    stranger = create_user(connect, other)
    with expect_error("InvalidParameterException", 400) as err:
        notify(connect, inst, [inst.arn], {"en_US": "x" * 251})
    assert "250" in err.message
    notify(connect, inst, [inst.arn], {"en_US": "x" * 250})
    with expect_error("InvalidParameterException", 400):
        raw_connect.create_notification(InstanceId=inst.id, Recipients=[inst.arn], Content={"xx_XX": "hi"})
    with expect_error("InvalidParameterException", 400):
        raw_connect.create_notification(InstanceId=inst.id, Recipients=[inst.arn] * 201, Content={"en_US": "hi"})
    # Recipients: a user of another instance, another instance, a user that does not exist.
    with expect_error("InvalidParameterException", 400):
        notify(connect, inst, [stranger["UserArn"]])
    with expect_error("InvalidParameterException", 400):
        notify(connect, inst, [other.arn])
    with expect_error("ResourceNotFoundException", 404):
        notify(connect, inst, [f"{inst.arn}/agent/{UNKNOWN_ID}"])
    with expect_error("ResourceNotFoundException", 404):
        notify(connect, inst, [inst.arn], PredefinedNotificationId="welcome")
    with expect_error("InvalidParameterException", 400):
        notify(connect, inst, [inst.arn], ExpiresAt=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    with expect_error("ResourceNotFoundException", 404):
        connect.create_notification(InstanceId=UNKNOWN_ID, Recipients=[inst.arn], Content={"en_US": "hi"})
    with expect_error("ResourceNotFoundException", 404):
        user_notifications(connect, inst, UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_user_notification_status(InstanceId=inst.id, UserId=user["UserId"],
                                                NotificationId=UNKNOWN_ID, Status="READ")
    with expect_error("InvalidParameterException", 400):
        raw_connect.update_user_notification_status(InstanceId=inst.id, UserId=user["UserId"],
                                                    NotificationId=UNKNOWN_ID, Status="GONE")
    with expect_error("ResourceNotFoundException", 404):
        connect.update_notification_content(InstanceId=inst.id, NotificationId=UNKNOWN_ID, Content={"en_US": "x"})
    # Nothing refused was made: one notification, the 250-character one.
    assert len(connect.list_notifications(InstanceId=inst.id)["NotificationSummaryList"]) == 1


def test_notifications_page(connect, instance):
    inst = instance()
    user = create_user(connect, inst)
    made = sorted(notify(connect, inst, [user["UserArn"]], {"en_US": f"n{i}"})[0] for i in range(5))
    page = connect.list_notifications(InstanceId=inst.id, MaxResults=2)
    assert len(page["NotificationSummaryList"]) == 2 and page["NextToken"]
    listed = [n["Id"] for n in follow(connect.list_notifications, "NotificationSummaryList", InstanceId=inst.id, MaxResults=2)]
    assert listed == made
    page = connect.list_user_notifications(InstanceId=inst.id, UserId=user["UserId"], MaxResults=3)
    assert len(page["UserNotifications"]) == 3 and page["NextToken"]
    assert [n["NotificationId"] for n in user_notifications(connect, inst, user["UserId"], MaxResults=2)] == made


def test_notifications_with_the_aws_cli(aws, connect, instance):
    inst = instance()
    user = create_user(connect, inst)
    rc, out, err = aws("connect", "create-notification", "--instance-id", inst.id,
                       "--recipients", user["UserArn"], "--content", "en_US=Hello")
    assert rc == 0, err
    nid = out["NotificationId"]
    rc, out, err = aws("connect", "list-user-notifications", "--instance-id", inst.id, "--user-id", user["UserId"])
    assert rc == 0 and [(n["NotificationId"], n["NotificationStatus"]) for n in out["UserNotifications"]] == [(nid, "UNREAD")], err
    rc, _, err = aws("connect", "update-user-notification-status", "--instance-id", inst.id, "--user-id", user["UserId"],
                     "--notification-id", nid, "--status", "READ")
    assert rc == 0, err
    rc, out, err = aws("connect", "list-user-notifications", "--instance-id", inst.id, "--user-id", user["UserId"])
    assert rc == 0 and out["UserNotifications"][0]["NotificationStatus"] == "READ", err
    rc, _, err = aws("connect", "update-user-notification-status", "--instance-id", inst.id, "--user-id", UNKNOWN_ID,
                     "--notification-id", nid, "--status", "READ")
    assert rc != 0 and "ResourceNotFoundException" in err
