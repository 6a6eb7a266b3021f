"""Prompts (the defaults, Create/Describe/List/Search/Update/Delete; the S3 URI is kept, not
fetched) and contact flow modules (their content check, state, list filter, search)."""
import json

from conftest import REGION, expect_error, is_uuid

DEFAULT_PROMPTS = {"Beep.wav", "CustomerHold.wav", "CustomerQueue.wav", "Music_Jazz_MyTimetoFly_Inst.wav",
                   "Music_Pop_ThisAndThatIsLife_Inst.wav", "Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav",
                   "Music_Rock_EverywhereTheSunShines_Inst.wav"}

MODULE = json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
    {"Identifier": "a", "Type": "EndFlowModuleExecution", "Parameters": {}, "Transitions": {}}]})


def prompts(connect, inst):
    return {s["Name"]: s for p in connect.get_paginator("list_prompts").paginate(InstanceId=inst.id)
            for s in p["PromptSummaryList"]}


def test_prompts(connect, instance):
    inst = instance()
    assert set(prompts(connect, inst)) == DEFAULT_PROMPTS
    # An S3 URI that points nowhere is accepted: switchboard never fetches it.
    resp = connect.create_prompt(InstanceId=inst.id, Name="hello.wav", Description="greeting",
                                 S3Uri="s3://no-such-bucket/hello.wav", Tags={"lang": "en"})
    pid = resp["PromptId"]
    assert is_uuid(pid) and resp["PromptARN"] == f"{inst.arn}/prompt/{pid}"
    p = connect.describe_prompt(InstanceId=inst.id, PromptId=pid)["Prompt"]
    assert (p["Name"], p["Description"], p["Tags"], p["LastModifiedRegion"]) == ("hello.wav", "greeting", {"lang": "en"}, REGION)
    assert "S3Uri" not in p
    with expect_error("DuplicateResourceException", 409):
        connect.create_prompt(InstanceId=inst.id, Name="Beep.wav", S3Uri="s3://b/beep.wav")
    with expect_error("InvalidParameterException", 400):
        connect.create_prompt(InstanceId=inst.id, Name="x.wav", S3Uri="ftp://b/x.wav")
    updated = connect.update_prompt(InstanceId=inst.id, PromptId=pid, Name="hi.wav", S3Uri="s3://b/hi.wav")
    assert (updated["PromptId"], updated["PromptARN"]) == (pid, resp["PromptARN"])
    p = connect.describe_prompt(InstanceId=inst.id, PromptId=pid)["Prompt"]
    assert (p["Name"], p["Description"]) == ("hi.wav", "greeting")
    found = connect.search_prompts(InstanceId=inst.id, SearchCriteria={"StringCondition": {
        "FieldName": "name", "Value": "Music_", "ComparisonType": "STARTS_WITH"}})
    assert found["ApproximateTotalCount"] == 4 and all(p["Name"].startswith("Music_") for p in found["Prompts"])
    found = connect.search_prompts(InstanceId=inst.id, SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "lang"}}})
    assert [p["PromptId"] for p in found["Prompts"]] == [pid]
    connect.delete_prompt(InstanceId=inst.id, PromptId=pid)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_prompt(InstanceId=inst.id, PromptId=pid)


def test_contact_flow_modules(connect, instance):
    inst = instance()
    resp = connect.create_contact_flow_module(InstanceId=inst.id, Name="Auth", Content=MODULE, Tags={"k": "v"})
    mid = resp["Id"]
    assert resp["Arn"] == f"{inst.arn}/flow-module/{mid}"
    with expect_error("InvalidContactFlowModuleException", 400) as e:
        connect.create_contact_flow_module(InstanceId=inst.id, Name="Bad", Content='{"Version": "2019-10-30"}')
    assert len(e.value.response["Problems"]) == 2  # Actions and StartAction
    with expect_error("DuplicateResourceException", 409):
        connect.create_contact_flow_module(InstanceId=inst.id, Name="Auth", Content=MODULE)
    with expect_error("InvalidContactFlowModuleException", 400):
        connect.update_contact_flow_module_content(InstanceId=inst.id, ContactFlowModuleId=mid, Content="[]")
    m = connect.describe_contact_flow_module(InstanceId=inst.id, ContactFlowModuleId=mid)["ContactFlowModule"]
    assert (m["Content"], m["State"], m["Status"], m["Tags"]) == (MODULE, "ACTIVE", "PUBLISHED", {"k": "v"})

    connect.update_contact_flow_module_metadata(InstanceId=inst.id, ContactFlowModuleId=mid, State="ARCHIVED")
    listed = connect.list_contact_flow_modules(InstanceId=inst.id)["ContactFlowModulesSummaryList"]
    assert [(s["Name"], s["State"]) for s in listed] == [("Auth", "ARCHIVED")]
    assert connect.list_contact_flow_modules(InstanceId=inst.id, ContactFlowModuleState="ACTIVE")["ContactFlowModulesSummaryList"] == []
    found = connect.search_contact_flow_modules(InstanceId=inst.id, SearchCriteria={"StateCondition": "ARCHIVED"})
    assert [m["Id"] for m in found["ContactFlowModules"]] == [mid] and found["ApproximateTotalCount"] == 1
    connect.delete_contact_flow_module(InstanceId=inst.id, ContactFlowModuleId=mid)
    assert connect.list_contact_flow_modules(InstanceId=inst.id)["ContactFlowModulesSummaryList"] == []
