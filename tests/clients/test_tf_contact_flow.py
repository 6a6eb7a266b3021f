"""Terraform replay: aws_connect_contact_flow (resource and data source), as
docs/terraform-provider.md gives the provider's calls (contact_flow.go,
contact_flow_data_source.go)."""
import json

from tfreplay import assert_gone, assert_no_empty_objects, import_id, paginate, split_import_id

# The provider's own test content (internal/service/connect/test-fixtures): a message, then
# a disconnect.
FLOW = {
    "Version": "2019-10-30",
    "StartAction": "12345678-1234-1234-1234-123456789012",
    "Actions": [
        {"Identifier": "12345678-1234-1234-1234-123456789012", "Type": "MessageParticipant",
         "Transitions": {"NextAction": "abcdef-abcd-abcd-abcd-abcdefghijkl", "Errors": [], "Conditions": []},
         "Parameters": {"Text": "Thanks for calling the sample flow!"}},
        {"Identifier": "abcdef-abcd-abcd-abcd-abcdefghijkl", "Type": "DisconnectParticipant",
         "Transitions": {}, "Parameters": {}},
    ],
}


def updated_flow():
    flow = json.loads(json.dumps(FLOW))
    flow["Actions"][0]["Parameters"]["Text"] = "Thanks for calling the updated sample flow!"
    return flow


def read(connect, instance_id, flow_id):
    """The resource's Read: DescribeContactFlow, into state."""
    flow = connect.describe_contact_flow(InstanceId=instance_id, ContactFlowId=flow_id)["ContactFlow"]
    assert_no_empty_objects(flow)
    return {"arn": flow["Arn"], "contact_flow_id": flow["Id"], "content": json.loads(flow["Content"]),
            "description": flow.get("Description", ""), "name": flow["Name"], "type": flow["Type"],
            "tags": flow.get("Tags", {})}


def test_contact_flow_resource(connect, instance):
    inst = instance()
    # Create, then the Read that ends it.
    created = connect.create_contact_flow(InstanceId=inst.id, Name="tf-flow", Type="CONTACT_FLOW",
                                          Description="Test Contact Flow Description",
                                          Content=json.dumps(FLOW), Tags={"Name": "Test Contact Flow"})
    flow_id = created["ContactFlowId"]
    state = read(connect, inst.id, flow_id)
    assert state == {"arn": created["ContactFlowArn"], "contact_flow_id": flow_id, "content": FLOW,
                     "description": "Test Contact Flow Description", "name": "tf-flow",
                     "type": "CONTACT_FLOW", "tags": {"Name": "Test Contact Flow"}}
    assert state["arn"] == f"{inst.arn}/contact-flow/{flow_id}"

    # Update in place: tags first (the interceptor), then name/description, then content.
    connect.untag_resource(resourceArn=state["arn"], tagKeys=["Name"])
    connect.tag_resource(resourceArn=state["arn"], tags={"Name": "Updated", "Key2": "v2"})
    connect.update_contact_flow_name(InstanceId=inst.id, ContactFlowId=flow_id, Name="tf-flow-2",
                                     Description="Updated description")
    connect.update_contact_flow_content(InstanceId=inst.id, ContactFlowId=flow_id,
                                        Content=json.dumps(updated_flow()))
    state = read(connect, inst.id, flow_id)
    assert (state["name"], state["description"], state["content"], state["tags"]) == \
        ("tf-flow-2", "Updated description", updated_flow(), {"Name": "Updated", "Key2": "v2"})

    # Import: the ID is instance:flow, and Read runs on it.
    instance_id, imported_id = split_import_id(import_id(inst.id, flow_id), 2)
    assert read(connect, instance_id, imported_id) == state

    # Delete, and the read after it is "gone".
    connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=flow_id)
    assert_gone(lambda: connect.describe_contact_flow(InstanceId=inst.id, ContactFlowId=flow_id))
    # Delete tolerates "not found".
    assert_gone(lambda: connect.delete_contact_flow(InstanceId=inst.id, ContactFlowId=flow_id))


def test_contact_flow_data_source(connect, instance):
    inst = instance()
    created = connect.create_contact_flow(InstanceId=inst.id, Name="tf-ds-flow", Type="CONTACT_FLOW",
                                          Content=json.dumps(FLOW), Tags={"k": "v"})
    # By name: ListContactFlows (60 a page, no type filter), exactly that name, then Describe.
    summaries = paginate(connect.list_contact_flows, "ContactFlowSummaryList", 60, InstanceId=inst.id)
    matches = [s for s in summaries if s["Name"] == "tf-ds-flow"]
    assert len(matches) == 1 and matches[0]["Id"] == created["ContactFlowId"]
    by_name = read(connect, inst.id, matches[0]["Id"])
    # By id: Describe only.
    assert read(connect, inst.id, created["ContactFlowId"]) == by_name
    assert by_name["tags"] == {"k": "v"} and by_name["content"] == FLOW
    # The default flows are there to be looked up by name, with their types.
    default = [s for s in summaries if s["Name"] == "Default queue transfer"]
    assert len(default) == 1 and default[0]["ContactFlowType"] == "QUEUE_TRANSFER"
    assert read(connect, inst.id, default[0]["Id"])["type"] == "QUEUE_TRANSFER"
