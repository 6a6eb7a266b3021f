"""Quick connects: their configuration (the sub-config of their type; the user, queue and
flow exist, the flow of the right type), List/Search, and the references they make and
queues make to them (ResourceInUseException, or InvalidRequestException where an operation's
error list lacks it)."""
import pytest

from conftest import create_queue, create_user, expect_error

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"
IN_USE = ("ResourceInUseException", "InvalidRequestException")


def flow_id(connect, inst, name):
    return next(s["Id"] for p in connect.get_paginator("list_contact_flows").paginate(InstanceId=inst.id)
                for s in p["ContactFlowSummaryList"] if s["Name"] == name)


def create(connect, inst, config, name="qc"):
    return connect.create_quick_connect(InstanceId=inst.id, Name=name, QuickConnectConfig=config)["QuickConnectId"]


def names(connect, inst, **kw):
    return sorted(s["Name"] for p in connect.get_paginator("list_quick_connects").paginate(InstanceId=inst.id, **kw)
                  for s in p["QuickConnectSummaryList"])


def test_user_and_queue_quick_connects_need_flows_of_their_type(connect, instance):
    inst = instance()
    user = create_user(connect, inst)["UserId"]
    queue = create_queue(connect, inst)
    agent_transfer = flow_id(connect, inst, "Default agent transfer")
    queue_transfer = flow_id(connect, inst, "Default queue transfer")
    to_user = {"QuickConnectType": "USER", "UserConfig": {"UserId": user, "ContactFlowId": agent_transfer}}
    to_queue = {"QuickConnectType": "QUEUE", "QueueConfig": {"QueueId": queue, "ContactFlowId": queue_transfer}}
    with expect_error("InvalidParameterException", 400):
        create(connect, inst, {**to_user, "UserConfig": {"UserId": user, "ContactFlowId": queue_transfer}})
    with expect_error("InvalidParameterException", 400):
        create(connect, inst, {**to_queue, "QueueConfig": {"QueueId": queue, "ContactFlowId": agent_transfer}})
    with expect_error("InvalidParameterException", 400):
        create(connect, inst, {**to_user, "UserConfig": {"UserId": UNKNOWN_ID, "ContactFlowId": agent_transfer}})
    with expect_error("InvalidParameterException", 400):
        create(connect, inst, {"QuickConnectType": "USER", "PhoneConfig": {"PhoneNumber": "+15550000001"}})
    with expect_error("InvalidParameterException", 400):
        create(connect, inst, {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "555-0001"}})
    assert names(connect, inst) == []

    u = create(connect, inst, to_user, "to-user")
    q = create(connect, inst, to_queue, "to-queue")
    p = create(connect, inst, {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15550000001"}}, "to-phone")
    assert names(connect, inst) == ["to-phone", "to-queue", "to-user"]
    assert names(connect, inst, QuickConnectTypes=["USER", "QUEUE"]) == ["to-queue", "to-user"]
    with expect_error("DuplicateResourceException", 409):
        create(connect, inst, to_user, "to-user")

    # What a quick connect uses cannot be deleted under it.
    with expect_error(IN_USE, (400, 409)):
        connect.delete_user(InstanceId=inst.id, UserId=user)
    with expect_error(IN_USE, (400, 409)):
        connect.delete_queue(InstanceId=inst.id, QueueId=queue)
    with expect_error(IN_USE, (400, 409)):
        connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=agent_transfer)
    # Moving the user quick connect to a phone number frees the user.
    connect.update_quick_connect_config(InstanceId=inst.id, QuickConnectId=u, QuickConnectConfig={
        "QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15550000002"}})
    assert connect.list_quick_connects(InstanceId=inst.id, QuickConnectTypes=["USER"])["QuickConnectSummaryList"] == []
    connect.delete_user(InstanceId=inst.id, UserId=user)
    connect.delete_quick_connect(InstanceId=inst.id, QuickConnectId=q)
    connect.delete_queue(InstanceId=inst.id, QueueId=queue)
    found = connect.search_quick_connects(InstanceId=inst.id, SearchCriteria={"StringCondition": {
        "FieldName": "name", "Value": "to-", "ComparisonType": "STARTS_WITH"}})
    assert sorted(x["QuickConnectId"] for x in found["QuickConnects"]) == sorted([u, p])


def test_queue_quick_connects_are_references(connect, instance):
    inst = instance()
    qc = create(connect, inst, {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+15550000001"}})
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        create_queue(connect, inst, QuickConnectIds=[UNKNOWN_ID])
    queue = create_queue(connect, inst)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.associate_queue_quick_connects(InstanceId=inst.id, QueueId=queue, QuickConnectIds=[qc, UNKNOWN_ID])
    assert connect.list_queue_quick_connects(InstanceId=inst.id, QueueId=queue)["QuickConnectSummaryList"] == []
    connect.associate_queue_quick_connects(InstanceId=inst.id, QueueId=queue, QuickConnectIds=[qc, qc])
    listed = connect.list_queue_quick_connects(InstanceId=inst.id, QueueId=queue)
    assert [(s["Id"], s["Name"], s["QuickConnectType"]) for s in listed["QuickConnectSummaryList"]] == [(qc, "qc", "PHONE_NUMBER")]
    assert "LastModifiedTime" in listed
    with expect_error(IN_USE, (400, 409)):
        connect.delete_quick_connect(InstanceId=inst.id, QuickConnectId=qc)
    connect.disassociate_queue_quick_connects(InstanceId=inst.id, QueueId=queue, QuickConnectIds=[qc])
    connect.delete_quick_connect(InstanceId=inst.id, QuickConnectId=qc)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_quick_connect(InstanceId=inst.id, QuickConnectId=qc)


def test_an_instance_goes_with_its_quick_connects_and_flows(connect, instance):
    inst = instance()
    user = create_user(connect, inst)["UserId"]
    transfer = flow_id(connect, inst, "Default agent transfer")
    qc = create(connect, inst, {"QuickConnectType": "USER", "UserConfig": {"UserId": user, "ContactFlowId": transfer}})
    create_queue(connect, inst, QuickConnectIds=[qc])
    connect.delete_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_instance(InstanceId=inst.id)


def test_flow_quick_connects(connect, instance):
    inst = instance()
    inbound = flow_id(connect, inst, "Sample inbound flow (first contact experience)")
    qc = create(connect, inst, {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": inbound}})
    config = connect.describe_quick_connect(InstanceId=inst.id, QuickConnectId=qc)["QuickConnect"]["QuickConnectConfig"]
    assert config == {"QuickConnectType": "FLOW", "FlowConfig": {"ContactFlowId": inbound}}
    with expect_error(IN_USE, (400, 409)):
        connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=inbound)
