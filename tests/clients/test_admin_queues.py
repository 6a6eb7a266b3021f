"""Queues: Create/Describe/List/Delete/SearchQueues and the UpdateQueue* operations."""
import pytest

from conftest import (BASIC_QUEUE, REGION, create_hours, create_queue, create_routing_profile,
                      expect_error, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, qid):
    return connect.describe_queue(InstanceId=inst.id, QueueId=qid)["Queue"]


def queue_ids(connect, inst, **kw):
    return sorted(q["Id"] for p in connect.get_paginator("list_queues")
                  .paginate(InstanceId=inst.id, **kw) for q in p["QueueSummaryList"])


def test_create_describe_list(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    resp = connect.create_queue(InstanceId=inst.id, Name="Billing", Description="money",
                                HoursOfOperationId=hid, MaxContacts=7, Tags={"team": "fin"},
                                OutboundCallerConfig={"OutboundCallerIdName": "ACME"})
    qid = resp["QueueId"]
    assert is_uuid(qid) and resp["QueueArn"] == f"{inst.arn}/queue/{qid}"
    q = describe(connect, inst, qid)
    assert (q["Name"], q["Description"], q["HoursOfOperationId"], q["MaxContacts"]) == \
        ("Billing", "money", hid, 7)
    assert q["Status"] == "ENABLED" and q["Tags"] == {"team": "fin"}
    assert q["OutboundCallerConfig"] == {"OutboundCallerIdName": "ACME"}
    assert q["LastModifiedRegion"] == REGION
    summaries = {s["Id"]: s for s in connect.list_queues(InstanceId=inst.id)["QueueSummaryList"]}
    assert summaries[qid]["Name"] == "Billing" and summaries[qid]["QueueType"] == "STANDARD"
    assert qid in queue_ids(connect, inst, QueueTypes=["STANDARD"])
    assert queue_ids(connect, inst, QueueTypes=["AGENT"]) == []


def test_unknown_hours_refused(connect, instance):
    inst = instance()
    before = queue_ids(connect, inst)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        create_queue(connect, inst, UNKNOWN_ID)
    assert queue_ids(connect, inst) == before


def test_duplicate_name(connect, instance):
    inst = instance()
    with expect_error("DuplicateResourceException", 409):
        create_queue(connect, inst, name=BASIC_QUEUE)


def test_update_name_status_max_contacts_hours(connect, instance):
    inst = instance()
    qid = create_queue(connect, inst, name="Old", Description="d1", MaxContacts=3)
    t0 = describe(connect, inst, qid)["LastModifiedTime"]
    connect.update_queue_name(InstanceId=inst.id, QueueId=qid, Name="New")
    q = describe(connect, inst, qid)
    assert (q["Name"], q["Description"]) == ("New", "d1") and q["LastModifiedTime"] >= t0
    connect.update_queue_name(InstanceId=inst.id, QueueId=qid, Description="d2")
    assert describe(connect, inst, qid)["Description"] == "d2"
    with expect_error("DuplicateResourceException", 409):
        connect.update_queue_name(InstanceId=inst.id, QueueId=qid, Name=BASIC_QUEUE)
    with expect_error("InvalidRequestException", 400):
        connect.update_queue_name(InstanceId=inst.id, QueueId=qid)
    assert describe(connect, inst, qid)["Name"] == "New"

    connect.update_queue_status(InstanceId=inst.id, QueueId=qid, Status="DISABLED")
    assert describe(connect, inst, qid)["Status"] == "DISABLED"
    connect.update_queue_max_contacts(InstanceId=inst.id, QueueId=qid, MaxContacts=50)
    assert describe(connect, inst, qid)["MaxContacts"] == 50
    connect.update_queue_max_contacts(InstanceId=inst.id, QueueId=qid)
    assert "MaxContacts" not in describe(connect, inst, qid)

    new_hours = create_hours(connect, inst)
    old_hours = describe(connect, inst, qid)["HoursOfOperationId"]
    connect.update_queue_hours_of_operation(InstanceId=inst.id, QueueId=qid,
                                            HoursOfOperationId=new_hours)
    assert describe(connect, inst, qid)["HoursOfOperationId"] == new_hours
    # the old hours are free now, the new ones are held
    connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=old_hours)
    with expect_error("InvalidRequestException", 400):
        connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=new_hours)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.update_queue_hours_of_operation(InstanceId=inst.id, QueueId=qid,
                                                HoursOfOperationId=UNKNOWN_ID)
    assert describe(connect, inst, qid)["HoursOfOperationId"] == new_hours


def test_status_enum_checked_by_server(raw_connect, instance):
    inst = instance()
    qid = create_queue(raw_connect, inst)
    with expect_error("InvalidParameterException", 400):
        raw_connect.update_queue_status(InstanceId=inst.id, QueueId=qid, Status="PAUSED")


def test_delete_and_in_use(connect, instance):
    inst = instance()
    qid = create_queue(connect, inst)
    rp = create_routing_profile(connect, inst, qid)
    with expect_error("ResourceInUseException", 409):
        connect.delete_queue(InstanceId=inst.id, QueueId=qid)
    describe(connect, inst, qid)
    connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=rp)
    connect.delete_queue(InstanceId=inst.id, QueueId=qid)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, qid)
    assert qid not in queue_ids(connect, inst)


@pytest.mark.parametrize("call", ["describe", "delete", "status", "name"])
def test_unknown_queue(connect, instance, call):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        {"describe": lambda: describe(connect, inst, UNKNOWN_ID),
         "delete": lambda: connect.delete_queue(InstanceId=inst.id, QueueId=UNKNOWN_ID),
         "status": lambda: connect.update_queue_status(InstanceId=inst.id, QueueId=UNKNOWN_ID,
                                                       Status="ENABLED"),
         "name": lambda: connect.update_queue_name(InstanceId=inst.id, QueueId=UNKNOWN_ID,
                                                   Name="x")}[call]()


def test_search(connect, instance):
    inst = instance()
    a = create_queue(connect, inst, name="Support L1", Description="first line")
    b = create_queue(connect, inst, name="Support L2", Tags={"tier": "2"})
    create_queue(connect, inst, name="Sales")

    def search(**kw):
        r = connect.search_queues(InstanceId=inst.id, **kw)
        return sorted(q["QueueId"] for q in r["Queues"]), r["ApproximateTotalCount"]

    def cond(field, value, cmp):
        return {"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": cmp}}

    assert search(SearchCriteria=cond("name", "Support", "STARTS_WITH")) == (sorted([a, b]), 2)
    assert search(SearchCriteria=cond("description", "line", "CONTAINS")) == ([a], 1)
    assert search(SearchCriteria={"OrConditions": [cond("name", "Support L1", "EXACT"),
                                                   cond("resourceId", b, "EXACT")]}) == \
        (sorted([a, b]), 2)
    assert search(SearchCriteria={"AndConditions": [cond("name", "Support", "STARTS_WITH"),
                                                    cond("name", "L2", "CONTAINS")]}) == ([b], 1)
    assert search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "tier"}}}) == ([b], 1)
    assert search(SearchCriteria={"QueueTypeCondition": "STANDARD"})[1] == 4
    # pages
    r1 = connect.search_queues(InstanceId=inst.id, MaxResults=3)
    r2 = connect.search_queues(InstanceId=inst.id, MaxResults=3, NextToken=r1["NextToken"])
    assert len(r1["Queues"]) == 3 and len(r2["Queues"]) == 1 and "NextToken" not in r2
    assert {q["QueueId"] for q in r1["Queues"] + r2["Queues"]} >= {a, b}
    found = connect.search_queues(InstanceId=inst.id,
                                  SearchCriteria=cond("name", "Support L2", "EXACT"))["Queues"]
    assert found[0]["Name"] == "Support L2" and found[0]["Tags"] == {"tier": "2"}


def test_outbound_caller_config_left_out_until_set(connect, instance, aws):
    """A queue without an outbound caller config has no OutboundCallerConfig member (an empty
    one is a Terraform diff); UpdateQueueOutboundCallerConfig replaces it, and one of no
    members removes it."""
    inst = instance()
    qid = create_queue(connect, inst, name="Plain")
    assert "OutboundCallerConfig" not in describe(connect, inst, qid)
    basic = next(s["Id"] for s in connect.list_queues(InstanceId=inst.id)["QueueSummaryList"]
                 if s.get("Name") == BASIC_QUEUE)
    assert "OutboundCallerConfig" not in describe(connect, inst, basic)

    connect.update_queue_outbound_caller_config(
        InstanceId=inst.id, QueueId=qid, OutboundCallerConfig={"OutboundCallerIdName": "ACME"})
    assert describe(connect, inst, qid)["OutboundCallerConfig"] == {"OutboundCallerIdName": "ACME"}
    rc, _, err = aws("connect", "update-queue-outbound-caller-config", "--instance-id", inst.id,
                     "--queue-id", qid, "--outbound-caller-config", "OutboundCallerIdName=Support")
    assert rc == 0, err
    assert describe(connect, inst, qid)["OutboundCallerConfig"] == {"OutboundCallerIdName": "Support"}
    searched = connect.search_queues(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "name", "Value": "Plain", "ComparisonType": "EXACT"}})["Queues"]
    assert searched[0]["OutboundCallerConfig"] == {"OutboundCallerIdName": "Support"}

    connect.update_queue_outbound_caller_config(InstanceId=inst.id, QueueId=qid, OutboundCallerConfig={})
    assert "OutboundCallerConfig" not in describe(connect, inst, qid)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_queue_outbound_caller_config(
            InstanceId=inst.id, QueueId=UNKNOWN_ID, OutboundCallerConfig={"OutboundCallerIdName": "x"})
