"""Contact flows: the default flows, Create/Describe/List/Search, the content check (the flow
language's structure, InvalidContactFlowException with its problems), status and state, and
the Update* operations."""
import hashlib
import json

from conftest import REGION, create_queue, expect_error, is_uuid

DEFAULT_FLOWS = {
    "Default agent hold": "AGENT_HOLD",
    "Default agent transfer": "AGENT_TRANSFER",
    "Default agent whisper": "AGENT_WHISPER",
    "Default customer hold": "CUSTOMER_HOLD",
    "Default customer queue": "CUSTOMER_QUEUE",
    "Default customer whisper": "CUSTOMER_WHISPER",
    "Default outbound": "OUTBOUND_WHISPER",
    "Default queue transfer": "QUEUE_TRANSFER",
    "Sample inbound flow (first contact experience)": "CONTACT_FLOW",
}


def content(text="Hello", start="greet", next_action="bye"):
    return json.dumps({"Version": "2019-10-30", "StartAction": start, "Actions": [
        {"Identifier": "greet", "Type": "MessageParticipant", "Parameters": {"Text": text},
         "Transitions": {"NextAction": next_action, "Errors": [], "Conditions": []}},
        {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})


def flows(connect, inst, **kw):
    return {s["Name"]: s for p in connect.get_paginator("list_contact_flows").paginate(InstanceId=inst.id, **kw)
            for s in p["ContactFlowSummaryList"]}


def describe(connect, inst, flow_id):
    return connect.describe_contact_flow(InstanceId=inst.id, ContactFlowId=flow_id)["ContactFlow"]


def create(connect, inst, name="Sales", **kw):
    kw.setdefault("Type", "CONTACT_FLOW")
    kw.setdefault("Content", content())
    return connect.create_contact_flow(InstanceId=inst.id, Name=name, **kw)


def test_a_new_instance_has_the_default_flows(connect, instance):
    inst = instance()
    listed = flows(connect, inst)
    assert {n: s["ContactFlowType"] for n, s in listed.items()} == DEFAULT_FLOWS
    for summary in listed.values():
        assert summary["ContactFlowState"] == "ACTIVE" and summary["ContactFlowStatus"] == "PUBLISHED"
        flow = describe(connect, inst, summary["Id"])
        assert flow["Arn"] == f"{inst.arn}/contact-flow/{summary['Id']}"
        assert json.loads(flow["Content"])["Version"] == "2019-10-30"
    only = flows(connect, inst, ContactFlowTypes=["AGENT_TRANSFER", "QUEUE_TRANSFER"])
    assert set(only) == {"Default agent transfer", "Default queue transfer"}


def test_create_describe(connect, instance):
    inst = instance()
    body = content()
    resp = create(connect, inst, Description="inbound", Tags={"team": "sales"})
    fid = resp["ContactFlowId"]
    assert is_uuid(fid) and resp["ContactFlowArn"] == f"{inst.arn}/contact-flow/{fid}"
    assert resp["FlowContentSha256"] == hashlib.sha256(body.encode()).hexdigest()
    flow = describe(connect, inst, fid)
    assert (flow["Name"], flow["Type"], flow["Description"], flow["Content"]) == ("Sales", "CONTACT_FLOW", "inbound", body)
    assert (flow["State"], flow["Status"], flow["Tags"]) == ("ACTIVE", "PUBLISHED", {"team": "sales"})
    assert flow["LastModifiedRegion"] == REGION and flow["FlowContentSha256"] == resp["FlowContentSha256"]
    assert connect.list_tags_for_resource(resourceArn=flow["Arn"])["tags"] == {"team": "sales"}
    with expect_error("DuplicateResourceException", 409):
        create(connect, inst)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, "11111111-2222-4333-8444-555555555555")


def test_invalid_content_is_refused_with_its_problems(connect, instance):
    inst = instance()
    before = flows(connect, inst)
    with expect_error("InvalidContactFlowException", 400) as e:
        create(connect, inst, Content=content(start="nowhere", next_action="gone"))
    problems = [p["message"] for p in e.value.response["problems"]]
    assert len(problems) == 2
    assert any("nowhere" in p for p in problems) and any("gone" in p for p in problems)
    with expect_error("InvalidContactFlowException", 400) as e:
        create(connect, inst, Content="{not json")
    assert len(e.value.response["problems"]) == 1
    with expect_error("InvalidContactFlowException", 400):
        create(connect, inst, Content=json.dumps({"StartAction": "a", "Actions": [{"Identifier": "a", "Type": "T"}]}))
    assert flows(connect, inst) == before


def test_saved_flows_are_not_validated(connect, instance):
    inst = instance()
    fid = create(connect, inst, Status="SAVED", Content='{"draft": true}')["ContactFlowId"]
    flow = describe(connect, inst, fid)
    assert (flow["Status"], flow["Content"]) == ("SAVED", '{"draft": true}')
    connect.update_contact_flow_content(InstanceId=inst.id, ContactFlowId=fid, Content='{"still": "draft"}')
    # A published flow's new content is checked, and a refusal changes nothing.
    pid = create(connect, inst, name="Published")["ContactFlowId"]
    with expect_error("InvalidContactFlowException", 400):
        connect.update_contact_flow_content(InstanceId=inst.id, ContactFlowId=pid, Content=content(next_action="x"))
    assert describe(connect, inst, pid)["Content"] == content()
    connect.update_contact_flow_content(InstanceId=inst.id, ContactFlowId=pid, Content=content("Bye"))
    flow = describe(connect, inst, pid)
    assert flow["Content"] == content("Bye")
    assert flow["FlowContentSha256"] == hashlib.sha256(content("Bye").encode()).hexdigest()


def test_name_metadata_and_state(connect, instance):
    inst = instance()
    fid = create(connect, inst, Description="d1")["ContactFlowId"]
    connect.update_contact_flow_name(InstanceId=inst.id, ContactFlowId=fid, Name="Renamed")
    assert (describe(connect, inst, fid)["Name"], describe(connect, inst, fid)["Description"]) == ("Renamed", "d1")
    with expect_error("DuplicateResourceException", 409):
        connect.update_contact_flow_name(InstanceId=inst.id, ContactFlowId=fid, Name="Default outbound")
    connect.update_contact_flow_metadata(InstanceId=inst.id, ContactFlowId=fid, ContactFlowState="ARCHIVED",
                                         Description="old")
    flow = describe(connect, inst, fid)
    assert (flow["Name"], flow["Description"], flow["State"]) == ("Renamed", "old", "ARCHIVED")
    assert flows(connect, inst)["Renamed"]["ContactFlowState"] == "ARCHIVED"
    connect.update_contact_flow_metadata(InstanceId=inst.id, ContactFlowId=fid, ContactFlowState="ACTIVE")
    assert describe(connect, inst, fid)["State"] == "ACTIVE"


def test_search(connect, instance):
    inst = instance()
    sales = create(connect, inst, Tags={"team": "sales"})["ContactFlowId"]
    saved = create(connect, inst, name="Draft", Status="SAVED", Type="CUSTOMER_QUEUE")["ContactFlowId"]

    def search(**kw):
        r = connect.search_contact_flows(InstanceId=inst.id, **kw)
        return sorted(f["Id"] for f in r["ContactFlows"]), r["ApproximateTotalCount"]

    assert search(SearchCriteria={"StringCondition": {"FieldName": "name", "Value": "Sales", "ComparisonType": "EXACT"}}) == ([sales], 1)
    assert search(SearchCriteria={"StatusCondition": "SAVED"}) == ([saved], 1)
    queue_flows, n = search(SearchCriteria={"TypeCondition": "CUSTOMER_QUEUE"})
    assert saved in queue_flows and n == 2  # and "Default customer queue"
    assert search(SearchFilter={"FlowAttributeFilter": {"TagCondition": {"TagKey": "team", "TagValue": "sales"}}}) == ([sales], 1)
    both = {"AndCondition": {"ContactFlowTypeCondition": {"ContactFlowType": "CUSTOMER_QUEUE"},
                             "TagConditions": [{"TagKey": "team"}]}}
    assert search(SearchFilter={"FlowAttributeFilter": both}) == ([], 0)
    connect.update_contact_flow_metadata(InstanceId=inst.id, ContactFlowId=sales, ContactFlowState="ARCHIVED")
    assert search(SearchCriteria={"StateCondition": "ARCHIVED"}) == ([sales], 1)


def test_delete(connect, instance):
    inst = instance()
    fid = create(connect, inst)["ContactFlowId"]
    connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=fid)
    assert "Sales" not in flows(connect, inst)
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=fid)


def test_a_queue_s_outbound_whisper_flow_is_a_reference(connect, instance):
    inst = instance()
    whisper = flows(connect, inst)["Default outbound"]["Id"]
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        create_queue(connect, inst, OutboundCallerConfig={"OutboundFlowId": "11111111-2222-4333-8444-555555555555"})
    queue = create_queue(connect, inst, OutboundCallerConfig={"OutboundFlowId": whisper})
    with expect_error(("ResourceInUseException", "InvalidRequestException"), (400, 409)):
        connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=whisper)
    connect.delete_queue(InstanceId=inst.id, QueueId=queue)
    connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=whisper)
