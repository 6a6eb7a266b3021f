"""Routing profiles: Create/Describe/List/Delete/SearchRoutingProfiles, the UpdateRoutingProfile*
operations (UpdateRoutingProfileAgentAvailabilityTimer among them) and the queue
associations, manual assignment queues included (ListRoutingProfileManualAssignmentQueues)."""
import pytest

from conftest import (BASIC_ROUTING_PROFILE, create_queue, create_routing_profile, create_user,
                      expect_error, is_uuid, queue_config)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, rp):
    return connect.describe_routing_profile(InstanceId=inst.id,
                                            RoutingProfileId=rp)["RoutingProfile"]


def searched(connect, inst, rp):
    """The profile as SearchRoutingProfiles returns it (with AssociatedQueueIds, which
    DescribeRoutingProfile does not populate)."""
    found = connect.search_routing_profiles(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "resourceId", "Value": rp, "ComparisonType": "EXACT"}})
    [profile] = found["RoutingProfiles"]
    return profile


def rp_queues(connect, inst, rp, **kw):
    """{(queue id, channel): (priority, delay)} over all pages."""
    out = {}
    for page in connect.get_paginator("list_routing_profile_queues").paginate(
            InstanceId=inst.id, RoutingProfileId=rp, **kw):
        for s in page["RoutingProfileQueueConfigSummaryList"]:
            out[(s["QueueId"], s["Channel"])] = (s["Priority"], s["Delay"])
    return out


def test_create_describe_list(connect, instance):
    inst = instance()
    q1, q2 = create_queue(connect, inst, name="Q1"), create_queue(connect, inst, name="Q2")
    resp = connect.create_routing_profile(
        InstanceId=inst.id, Name="Tier 1", Description="first line", DefaultOutboundQueueId=q1,
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1},
                            {"Channel": "CHAT", "Concurrency": 3}],
        QueueConfigs=[queue_config(q1, "VOICE", 1, 0), queue_config(q2, "CHAT", 2, 30),
                      queue_config(q2, "VOICE", 5, 10)],
        Tags={"tier": "1"})
    rp = resp["RoutingProfileId"]
    assert is_uuid(rp) and resp["RoutingProfileArn"] == f"{inst.arn}/routing-profile/{rp}"
    p = describe(connect, inst, rp)
    assert (p["Name"], p["Description"], p["DefaultOutboundQueueId"]) == ("Tier 1", "first line", q1)
    assert p["InstanceId"] == inst.id and p["Tags"] == {"tier": "1"}
    assert p["NumberOfAssociatedQueues"] == 2
    assert sorted(searched(connect, inst, rp)["AssociatedQueueIds"]) == sorted([q1, q2])
    assert {m["Channel"]: m["Concurrency"] for m in p["MediaConcurrencies"]} == {"VOICE": 1, "CHAT": 3}
    assert p["IsDefault"] is False
    assert rp_queues(connect, inst, rp) == {(q1, "VOICE"): (1, 0), (q2, "CHAT"): (2, 30),
                                            (q2, "VOICE"): (5, 10)}
    page = connect.list_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=rp)
    names = {s["QueueId"]: (s["QueueName"], s["QueueArn"])
             for s in page["RoutingProfileQueueConfigSummaryList"]}
    assert names[q1] == ("Q1", f"{inst.arn}/queue/{q1}")
    assert "LastModifiedTime" in page
    listed = {s["Name"] for s in connect.list_routing_profiles(InstanceId=inst.id)[
        "RoutingProfileSummaryList"]}
    assert listed == {"Tier 1", BASIC_ROUTING_PROFILE}


def test_default_profile_queues(connect, instance):
    inst = instance()
    p = describe(connect, inst, inst.routing_profile_id)
    assert p["IsDefault"] is True
    queues = rp_queues(connect, inst, inst.routing_profile_id)
    assert {ch for _, ch in queues} == {"VOICE", "CHAT", "TASK"}
    with expect_error("InvalidRequestException", 400):
        connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=inst.routing_profile_id)


def test_list_queues_paginates(connect, instance):
    inst = instance()
    qs = [create_queue(connect, inst) for _ in range(3)]
    rp = create_routing_profile(connect, inst, qs[0], QueueConfigs=[
        queue_config(q, ch) for q in qs for ch in ("VOICE", "CHAT")])
    pages = list(connect.get_paginator("list_routing_profile_queues").paginate(
        InstanceId=inst.id, RoutingProfileId=rp, PaginationConfig={"PageSize": 4}))
    assert [len(p["RoutingProfileQueueConfigSummaryList"]) for p in pages] == [4, 2]
    assert len(rp_queues(connect, inst, rp)) == 6


def test_unknown_queue_refused(connect, instance):
    inst = instance()
    q = create_queue(connect, inst)
    for kw in ({"DefaultOutboundQueueId": UNKNOWN_ID},
               {"QueueConfigs": [queue_config(q), queue_config(UNKNOWN_ID, "CHAT")]}):
        with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
            create_routing_profile(connect, inst, q, name="Nope", **kw)
    names = {s["Name"] for s in connect.list_routing_profiles(InstanceId=inst.id)[
        "RoutingProfileSummaryList"]}
    assert "Nope" not in names


def test_repeated_queue_channel_refused(connect, instance):
    inst = instance()
    q = create_queue(connect, inst)
    with expect_error("InvalidParameterException", 400):
        create_routing_profile(connect, inst, q, QueueConfigs=[queue_config(q), queue_config(q, priority=2)])


def test_duplicate_name(connect, instance):
    inst = instance()
    with expect_error("DuplicateResourceException", 409):
        create_routing_profile(connect, inst, name=BASIC_ROUTING_PROFILE)


def test_update_name_concurrency_outbound(connect, instance):
    inst = instance()
    q1 = create_queue(connect, inst)
    rp = create_routing_profile(connect, inst, q1, name="Before")
    connect.update_routing_profile_name(InstanceId=inst.id, RoutingProfileId=rp, Name="After",
                                        Description="new words")
    p = describe(connect, inst, rp)
    assert (p["Name"], p["Description"]) == ("After", "new words")
    with expect_error("DuplicateResourceException", 409):
        connect.update_routing_profile_name(InstanceId=inst.id, RoutingProfileId=rp,
                                            Name=BASIC_ROUTING_PROFILE)
    with expect_error("InvalidRequestException", 400):
        connect.update_routing_profile_name(InstanceId=inst.id, RoutingProfileId=rp)

    connect.update_routing_profile_concurrency(
        InstanceId=inst.id, RoutingProfileId=rp,
        MediaConcurrencies=[{"Channel": "CHAT", "Concurrency": 5},
                            {"Channel": "VOICE", "Concurrency": 1}])
    p = describe(connect, inst, rp)
    assert {m["Channel"]: m["Concurrency"] for m in p["MediaConcurrencies"]} == {"VOICE": 1, "CHAT": 5}

    q2 = create_queue(connect, inst)
    connect.update_routing_profile_default_outbound_queue(InstanceId=inst.id, RoutingProfileId=rp,
                                                          DefaultOutboundQueueId=q2)
    assert describe(connect, inst, rp)["DefaultOutboundQueueId"] == q2
    with expect_error("ResourceInUseException", 409):
        connect.delete_queue(InstanceId=inst.id, QueueId=q2)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.update_routing_profile_default_outbound_queue(
            InstanceId=inst.id, RoutingProfileId=rp, DefaultOutboundQueueId=UNKNOWN_ID)
    assert describe(connect, inst, rp)["DefaultOutboundQueueId"] == q2


def test_concurrency_range_checked_by_server(raw_connect, instance):
    inst = instance()
    rp = create_routing_profile(raw_connect, inst)
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.update_routing_profile_concurrency(
            InstanceId=inst.id, RoutingProfileId=rp,
            MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 11}])
    assert err.message.startswith("1 validation error detected"), err.message


def test_associate_update_disassociate_queues(connect, instance):
    inst = instance()
    q1, q2, q3 = (create_queue(connect, inst) for _ in range(3))
    rp = create_routing_profile(connect, inst, q1)
    connect.associate_routing_profile_queues(
        InstanceId=inst.id, RoutingProfileId=rp,
        QueueConfigs=[queue_config(q2, "CHAT", 3, 5), queue_config(q3, "VOICE", 4, 0)])
    assert rp_queues(connect, inst, rp) == {(q1, "VOICE"): (1, 0), (q2, "CHAT"): (3, 5),
                                            (q3, "VOICE"): (4, 0)}
    assert describe(connect, inst, rp)["NumberOfAssociatedQueues"] == 3

    connect.update_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=rp,
                                          QueueConfigs=[queue_config(q2, "CHAT", 9, 99)])
    assert rp_queues(connect, inst, rp)[(q2, "CHAT")] == (9, 99)
    with expect_error("InvalidParameterException", 400):  # q2 has no VOICE config
        connect.update_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=rp,
                                              QueueConfigs=[queue_config(q2, "VOICE", 1, 0)])

    with expect_error("ResourceInUseException", 409):
        connect.delete_queue(InstanceId=inst.id, QueueId=q3)
    connect.disassociate_routing_profile_queues(
        InstanceId=inst.id, RoutingProfileId=rp,
        QueueReferences=[{"QueueId": q3, "Channel": "VOICE"}, {"QueueId": q2, "Channel": "CHAT"}])
    assert rp_queues(connect, inst, rp) == {(q1, "VOICE"): (1, 0)}
    assert describe(connect, inst, rp)["NumberOfAssociatedQueues"] == 1
    assert searched(connect, inst, rp)["AssociatedQueueIds"] == [q1]
    connect.delete_queue(InstanceId=inst.id, QueueId=q3)  # no longer in use

    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.associate_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=rp,
                                                 QueueConfigs=[queue_config(UNKNOWN_ID)])
    assert rp_queues(connect, inst, rp) == {(q1, "VOICE"): (1, 0)}


def test_delete_and_in_use(connect, instance):
    inst = instance()
    rp = create_routing_profile(connect, inst)
    user = create_user(connect, inst, RoutingProfileId=rp)["UserId"]
    with expect_error("ResourceInUseException", 409):
        connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=rp)
    describe(connect, inst, rp)
    connect.update_user_routing_profile(InstanceId=inst.id, UserId=user,
                                        RoutingProfileId=inst.routing_profile_id)
    connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=rp)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, rp)


@pytest.mark.parametrize("call", ["describe", "delete", "name", "queues", "associate", "timer",
                                  "manual"])
def test_unknown_profile(connect, instance, call):
    inst = instance()
    q = create_queue(connect, inst)
    calls = {
        "describe": lambda: describe(connect, inst, UNKNOWN_ID),
        "delete": lambda: connect.delete_routing_profile(InstanceId=inst.id,
                                                         RoutingProfileId=UNKNOWN_ID),
        "name": lambda: connect.update_routing_profile_name(InstanceId=inst.id,
                                                            RoutingProfileId=UNKNOWN_ID, Name="x"),
        "queues": lambda: connect.list_routing_profile_queues(InstanceId=inst.id,
                                                              RoutingProfileId=UNKNOWN_ID),
        "associate": lambda: connect.associate_routing_profile_queues(
            InstanceId=inst.id, RoutingProfileId=UNKNOWN_ID, QueueConfigs=[queue_config(q)]),
        "timer": lambda: connect.update_routing_profile_agent_availability_timer(
            InstanceId=inst.id, RoutingProfileId=UNKNOWN_ID,
            AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND"),
        "manual": lambda: connect.list_routing_profile_manual_assignment_queues(
            InstanceId=inst.id, RoutingProfileId=UNKNOWN_ID),
    }
    with expect_error("ResourceNotFoundException", 404):
        calls[call]()


def test_search(connect, instance):
    inst = instance()
    a = create_routing_profile(connect, inst, name="Tier 1", Tags={"level": "1"})
    b = create_routing_profile(connect, inst, name="Tier 2")

    def search(**kw):
        r = connect.search_routing_profiles(InstanceId=inst.id, **kw)
        return sorted(p["RoutingProfileId"] for p in r["RoutingProfiles"]), r["ApproximateTotalCount"]

    cond = {"StringCondition": {"FieldName": "name", "Value": "Tier", "ComparisonType": "STARTS_WITH"}}
    assert search(SearchCriteria=cond) == (sorted([a, b]), 2)
    assert search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "level", "TagValue": "1"}}}) \
        == ([a], 1)
    assert search()[1] == 3
    found = connect.search_routing_profiles(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "resourceId", "Value": b, "ComparisonType": "EXACT"}})
    assert found["RoutingProfiles"][0]["Name"] == "Tier 2"


# --- Agent availability timer ----------------------------------------------------------------

def test_agent_availability_timer(connect, raw_connect, instance, aws):
    inst = instance()
    rp = create_routing_profile(connect, inst)
    assert describe(connect, inst, rp)["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    t0 = describe(connect, inst, rp)["LastModifiedTime"]
    connect.update_routing_profile_agent_availability_timer(
        InstanceId=inst.id, RoutingProfileId=rp, AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND")
    p = describe(connect, inst, rp)
    assert p["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND" and p["LastModifiedTime"] >= t0
    rc, _, err = aws("connect", "update-routing-profile-agent-availability-timer",
                     "--instance-id", inst.id, "--routing-profile-id", rp,
                     "--agent-availability-timer", "TIME_SINCE_LAST_ACTIVITY")
    assert rc == 0, err
    assert describe(connect, inst, rp)["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.update_routing_profile_agent_availability_timer(
            InstanceId=inst.id, RoutingProfileId=rp, AgentAvailabilityTimer="LONGEST_IDLE")
    assert err.message.startswith("1 validation error detected"), err.message
    assert describe(connect, inst, rp)["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    # The instance's default profile takes it too.
    connect.update_routing_profile_agent_availability_timer(
        InstanceId=inst.id, RoutingProfileId=inst.routing_profile_id,
        AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND")
    assert describe(connect, inst, inst.routing_profile_id)["AgentAvailabilityTimer"] == \
        "TIME_SINCE_LAST_INBOUND"


# --- Manual assignment queues ----------------------------------------------------------------

def manual_config(queue_id, channel="CHAT"):
    return {"QueueReference": {"QueueId": queue_id, "Channel": channel}}


def manual_queues(connect, inst, rp, **kw):
    """[(queue id, channel, name, ARN)] over all pages, in order."""
    return [(s["QueueId"], s["Channel"], s["QueueName"], s["QueueArn"])
            for page in connect.get_paginator("list_routing_profile_manual_assignment_queues").paginate(
                InstanceId=inst.id, RoutingProfileId=rp, **kw)
            for s in page["RoutingProfileManualAssignmentQueueConfigSummaryList"]]


def test_manual_assignment_queues(connect, instance):
    inst = instance()
    q1, q2, q3 = (create_queue(connect, inst, name=f"Manual {i}") for i in (1, 2, 3))
    rp = create_routing_profile(connect, inst, q1, ManualAssignmentQueueConfigs=[
        manual_config(q1, "CHAT"), manual_config(q2, "TASK"), manual_config(q2, "EMAIL")])
    expected = [(q1, "CHAT", "Manual 1", f"{inst.arn}/queue/{q1}"),
                (q2, "TASK", "Manual 2", f"{inst.arn}/queue/{q2}"),
                (q2, "EMAIL", "Manual 2", f"{inst.arn}/queue/{q2}")]
    assert manual_queues(connect, inst, rp) == expected
    pages = list(connect.get_paginator("list_routing_profile_manual_assignment_queues").paginate(
        InstanceId=inst.id, RoutingProfileId=rp, PaginationConfig={"PageSize": 2}))
    assert [len(p["RoutingProfileManualAssignmentQueueConfigSummaryList"]) for p in pages] == [2, 1]
    assert "LastModifiedTime" in pages[0] and "LastModifiedRegion" in pages[0]
    # They are not the automatic queues.
    assert rp_queues(connect, inst, rp) == {(q1, "VOICE"): (1, 0)}
    p = searched(connect, inst, rp)
    assert p["NumberOfAssociatedManualAssignmentQueues"] == 2
    assert p["AssociatedManualAssignmentQueueIds"] == [q1, q2]

    connect.associate_routing_profile_queues(InstanceId=inst.id, RoutingProfileId=rp,
                                             ManualAssignmentQueueConfigs=[manual_config(q3)])
    assert manual_queues(connect, inst, rp)[-1][:2] == (q3, "CHAT")
    with expect_error("ResourceInUseException", 409):  # a manual queue is in use too
        connect.delete_queue(InstanceId=inst.id, QueueId=q3)
    connect.disassociate_routing_profile_queues(
        InstanceId=inst.id, RoutingProfileId=rp,
        ManualAssignmentQueueReferences=[{"QueueId": q3, "Channel": "CHAT"},
                                         {"QueueId": q2, "Channel": "TASK"}])
    assert [(q, ch) for q, ch, _, _ in manual_queues(connect, inst, rp)] == [(q1, "CHAT"), (q2, "EMAIL")]
    connect.delete_queue(InstanceId=inst.id, QueueId=q3)

    # Missing queues and repeated pairs are refused, on create and on associate.
    with expect_error("InvalidParameterException", 400):
        create_routing_profile(connect, inst, q1, name="No such manual queue",
                               ManualAssignmentQueueConfigs=[manual_config(UNKNOWN_ID)])
    with expect_error("InvalidParameterException", 400):
        create_routing_profile(connect, inst, q1, name="Twice",
                               ManualAssignmentQueueConfigs=[manual_config(q1), manual_config(q1)])
    with expect_error("InvalidParameterException", 400):
        connect.associate_routing_profile_queues(
            InstanceId=inst.id, RoutingProfileId=rp,
            ManualAssignmentQueueConfigs=[manual_config(UNKNOWN_ID, "TASK")])
    assert len(manual_queues(connect, inst, rp)) == 2
    names = {s["Name"] for s in connect.list_routing_profiles(InstanceId=inst.id)[
        "RoutingProfileSummaryList"]}
    assert not names & {"No such manual queue", "Twice"}

    # A profile without them lists none.
    assert manual_queues(connect, inst, inst.routing_profile_id) == []


def test_manual_assignment_queues_cli(aws, connect, instance):
    inst = instance()
    q = create_queue(connect, inst, name="Picked")
    rp = create_routing_profile(connect, inst, q)
    rc, _, err = aws("connect", "associate-routing-profile-queues", "--instance-id", inst.id,
                     "--routing-profile-id", rp, "--manual-assignment-queue-configs",
                     f"QueueReference={{QueueId={q},Channel=TASK}}")
    assert rc == 0, err
    rc, out, err = aws("connect", "list-routing-profile-manual-assignment-queues",
                       "--instance-id", inst.id, "--routing-profile-id", rp)
    assert rc == 0, err
    [summary] = out["RoutingProfileManualAssignmentQueueConfigSummaryList"]
    assert (summary["QueueId"], summary["Channel"], summary["QueueName"]) == (q, "TASK", "Picked")
