"""Terraform replay: aws_connect_contact_flow_module (resource and data source), as
docs/terraform-provider.md gives the provider's calls (contact_flow_module.go,
contact_flow_module_data_source.go)."""
import json

from tfreplay import assert_gone, assert_no_empty_objects, import_id, paginate, split_import_id

# The provider's own test content (test-fixtures/connect_contact_flow_module.json).
MODULE = {
    "Version": "2019-10-30",
    "StartAction": "12345678-1234-1234-1234-123456789012",
    "Actions": [
        {"Identifier": "12345678-1234-1234-1234-123456789012", "Parameters": {"Text": "Hello contact flow module"},
         "Transitions": {"NextAction": "abcdef-abcd-abcd-abcd-abcdefghijkl", "Errors": [], "Conditions": []},
         "Type": "MessageParticipant"},
        {"Identifier": "abcdef-abcd-abcd-abcd-abcdefghijkl", "Type": "DisconnectParticipant",
         "Parameters": {}, "Transitions": {}},
    ],
    "Settings": {"InputParameters": [], "OutputParameters": [], "Transitions": [
        {"DisplayName": "Success", "ReferenceName": "Success", "Description": ""},
        {"DisplayName": "Error", "ReferenceName": "Error", "Description": ""}]},
}


def updated_module():
    module = json.loads(json.dumps(MODULE))
    module["Actions"][0]["Parameters"]["Text"] = "Hello updated contact flow module"
    return module


def read(connect, instance_id, module_id):
    """Read: DescribeContactFlowModule, into state (the data source also keeps state and status)."""
    m = connect.describe_contact_flow_module(InstanceId=instance_id, ContactFlowModuleId=module_id)["ContactFlowModule"]
    assert_no_empty_objects(m)
    return {"arn": m["Arn"], "contact_flow_module_id": m["Id"], "content": json.loads(m["Content"]),
            "description": m.get("Description", ""), "name": m["Name"], "tags": m.get("Tags", {}),
            "state": m["State"], "status": m["Status"]}


def test_contact_flow_module_resource(connect, instance):
    inst = instance()
    created = connect.create_contact_flow_module(InstanceId=inst.id, Name="tf-module", Description="Test Module",
                                                 Content=json.dumps(MODULE), Tags={"Name": "Test Module"})
    module_id = created["Id"]
    state = read(connect, inst.id, module_id)
    assert state == {"arn": created["Arn"], "contact_flow_module_id": module_id, "content": MODULE,
                     "description": "Test Module", "name": "tf-module", "tags": {"Name": "Test Module"},
                     "state": "ACTIVE", "status": "PUBLISHED"}
    assert state["arn"] == f"{inst.arn}/flow-module/{module_id}"

    connect.untag_resource(resourceArn=state["arn"], tagKeys=["Name"])
    connect.tag_resource(resourceArn=state["arn"], tags={"Name": "Updated"})
    connect.update_contact_flow_module_metadata(InstanceId=inst.id, ContactFlowModuleId=module_id,
                                                Name="tf-module-2", Description="Updated")
    connect.update_contact_flow_module_content(InstanceId=inst.id, ContactFlowModuleId=module_id,
                                               Content=json.dumps(updated_module()))
    state = read(connect, inst.id, module_id)
    assert (state["name"], state["description"], state["content"], state["tags"]) == \
        ("tf-module-2", "Updated", updated_module(), {"Name": "Updated"})

    instance_id, imported_id = split_import_id(import_id(inst.id, module_id), 2)
    assert read(connect, instance_id, imported_id) == state

    connect.delete_contact_flow_module(InstanceId=inst.id, ContactFlowModuleId=module_id)
    assert_gone(lambda: connect.describe_contact_flow_module(InstanceId=inst.id, ContactFlowModuleId=module_id))
    assert_gone(lambda: connect.delete_contact_flow_module(InstanceId=inst.id, ContactFlowModuleId=module_id))


def test_contact_flow_module_data_source(connect, instance):
    inst = instance()
    created = connect.create_contact_flow_module(InstanceId=inst.id, Name="tf-ds-module", Content=json.dumps(MODULE))
    summaries = paginate(connect.list_contact_flow_modules, "ContactFlowModulesSummaryList", 60, InstanceId=inst.id)
    matches = [s for s in summaries if s["Name"] == "tf-ds-module"]
    assert len(matches) == 1 and matches[0]["Id"] == created["Id"]
    assert read(connect, inst.id, matches[0]["Id"]) == read(connect, inst.id, created["Id"])
