"""Terraform replay: the aws_connect_prompt data source (prompt_data_source.go): ListPrompts,
60 a page, all pages, the first with the name; no DescribePrompt. The provider's test looks
up "Beep.wav" in a new instance. (The prompt *resource* is not in any released provider;
docs/terraform-provider.md, "aws_connect_prompt".)"""
from tfreplay import paginate


def test_prompt_data_source(connect, instance):
    inst = instance()
    summaries = paginate(connect.list_prompts, "PromptSummaryList", 60, InstanceId=inst.id)
    beep = next(s for s in summaries if s["Name"] == "Beep.wav")
    state = {"arn": beep["Arn"], "prompt_id": beep["Id"], "name": beep["Name"]}
    assert state["arn"] == f"{inst.arn}/prompt/{state['prompt_id']}"

    # A prompt made by the API is found the same way, until it is deleted.
    created = connect.create_prompt(InstanceId=inst.id, Name="welcome.wav", S3Uri="s3://bucket/welcome.wav")
    summaries = paginate(connect.list_prompts, "PromptSummaryList", 60, InstanceId=inst.id)
    assert [s["Id"] for s in summaries if s["Name"] == "welcome.wav"] == [created["PromptId"]]
    connect.delete_prompt(InstanceId=inst.id, PromptId=created["PromptId"])
    summaries = paginate(connect.list_prompts, "PromptSummaryList", 60, InstanceId=inst.id)
    assert not [s for s in summaries if s["Name"] == "welcome.wav"]
