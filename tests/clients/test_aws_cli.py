"""The AWS CLI v1 (`aws connect ...`) against switchboard: shorthand, JSON and list syntax,
--cli-input-json (inline and file://), tags, errors and exit codes."""
import json

from conftest import (DEFAULT_SECURITY_PROFILES, PASSWORD, describe_user, list_users,
                      unique_alias)

# AWS CLI v1 exits 255 when the service answers with an error (254 is CLI v2's code).
CLI_SERVICE_ERROR_RC = 255


def assert_ok(result):
    rc, out, err = result
    assert rc == 0, f"aws exited {rc}: {err}"
    return out


def test_cli_instance_commands(aws):
    alias = unique_alias("cli")
    created = assert_ok(aws("connect", "create-instance",
                            "--identity-management-type", "CONNECT_MANAGED",
                            "--instance-alias", alias,
                            "--inbound-calls-enabled", "--no-outbound-calls-enabled"))
    assert created["Arn"].endswith(f":instance/{created['Id']}")
    described = assert_ok(aws("connect", "describe-instance", "--instance-id", created["Id"]))
    inst = described["Instance"]
    assert inst["Id"] == created["Id"]
    assert inst["InstanceAlias"] == alias
    assert inst["IdentityManagementType"] == "CONNECT_MANAGED"
    assert inst["InboundCallsEnabled"] is True and inst["OutboundCallsEnabled"] is False
    assert inst["InstanceStatus"] == "ACTIVE"
    sps = assert_ok(aws("connect", "list-security-profiles", "--instance-id", created["Id"]))
    assert sorted(s["Name"] for s in sps["SecurityProfileSummaryList"]) == \
        sorted(DEFAULT_SECURITY_PROFILES)
    assert_ok(aws("connect", "delete-instance", "--instance-id", created["Id"]))


def test_cli_create_user_shorthand_list_and_tags(aws, connect, instance):
    """(a) shorthand structures, (c) list syntax, (e) --tags k=v; then describe-user,
    list-users and delete-user through the CLI too."""
    inst = instance()
    sp1, sp2 = inst.security_profile_id("Agent"), inst.security_profile_id("QualityAnalyst")
    created = assert_ok(aws(
        "connect", "create-user", "--instance-id", inst.id, "--username", "jdoe",
        "--password", PASSWORD,
        "--identity-info", "FirstName=John,LastName=Doe,Email=j@example.com",
        "--phone-config", "PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0",
        "--security-profile-ids", sp1, sp2,
        "--routing-profile-id", inst.routing_profile_id,
        "--tags", "team=blue,site=sfo"))
    assert created["UserArn"] == f"{inst.arn}/agent/{created['UserId']}"

    user = assert_ok(aws("connect", "describe-user", "--instance-id", inst.id,
                         "--user-id", created["UserId"]))["User"]
    assert user["Username"] == "jdoe"
    assert user["IdentityInfo"] == {"FirstName": "John", "LastName": "Doe",
                                    "Email": "j@example.com"}
    assert user["PhoneConfig"]["PhoneType"] == "SOFT_PHONE"
    assert user["PhoneConfig"]["AutoAccept"] is False
    assert user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 0
    assert sorted(user["SecurityProfileIds"]) == sorted([sp1, sp2])
    assert user["RoutingProfileId"] == inst.routing_profile_id
    assert user["Tags"] == {"team": "blue", "site": "sfo"}
    assert "Password" not in user
    assert isinstance(user["LastModifiedTime"], (int, float, str))

    listed = assert_ok(aws("connect", "list-users", "--instance-id", inst.id))
    assert [(u["Id"], u["Username"]) for u in listed["UserSummaryList"]] == \
        [(created["UserId"], "jdoe")]

    assert_ok(aws("connect", "delete-user", "--instance-id", inst.id,
                  "--user-id", created["UserId"]))
    rc, _, err = aws("connect", "describe-user", "--instance-id", inst.id,
                     "--user-id", created["UserId"])
    assert rc == CLI_SERVICE_ERROR_RC
    assert "An error occurred (ResourceNotFoundException) when calling the DescribeUser " \
           "operation" in err
    assert list_users(connect, inst.id) == []


def test_cli_create_user_json_syntax(aws, connect, instance):
    """(b) the same options in JSON syntax, plus a per-channel list of structures."""
    inst = instance()
    identity = {"FirstName": "Jane", "LastName": "Roe", "Email": "jane@example.com",
                "SecondaryEmail": "jr@example.org", "Mobile": "+14155550100"}
    phone = {"PhoneType": "DESK_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 15,
             "DeskPhoneNumber": "+14155550123"}
    created = assert_ok(aws(
        "connect", "create-user", "--instance-id", inst.id, "--username", "jroe",
        "--password", PASSWORD,
        "--identity-info", json.dumps(identity),
        "--phone-config", json.dumps(phone),
        "--voice-enhancement-configs", "Channel=VOICE,VoiceEnhancementMode=VOICE_ISOLATION",
        "--security-profile-ids", json.dumps([inst.security_profile_id("Admin")]),
        "--routing-profile-id", inst.routing_profile_id))
    user = describe_user(connect, inst, created["UserId"])
    assert user["IdentityInfo"] == identity
    got_phone = dict(user["PhoneConfig"])
    got_phone.pop("PersistentConnection", None)
    assert got_phone == phone
    assert user["SecurityProfileIds"] == [inst.security_profile_id("Admin")]
    assert {"Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"} in \
        user["VoiceEnhancementConfigs"]


def _cli_input(inst, username):
    return {
        "InstanceId": inst.id,
        "Username": username,
        "Password": PASSWORD,
        "IdentityInfo": {"FirstName": "Input", "LastName": "Json"},
        "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": True,
                        "AfterContactWorkTimeLimit": 7},
        "SecurityProfileIds": [inst.security_profile_id("Agent")],
        "RoutingProfileId": inst.routing_profile_id,
        "Tags": {"via": "cli-input-json"},
    }


def test_cli_input_json_inline(aws, connect, instance):
    inst = instance()
    doc = _cli_input(inst, "inline")
    created = assert_ok(aws("connect", "create-user", "--cli-input-json", json.dumps(doc)))
    user = describe_user(connect, inst, created["UserId"])
    assert user["Username"] == "inline"
    assert user["IdentityInfo"] == doc["IdentityInfo"]
    assert user["PhoneConfig"]["AutoAccept"] is True
    assert user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 7
    assert user["Tags"] == {"via": "cli-input-json"}


def test_cli_input_json_file_with_override(aws, connect, instance, tmp_path):
    inst = instance()
    path = tmp_path / "create-user.json"
    path.write_text(json.dumps(_cli_input(inst, "fromfile")))
    # an option given on the command line overrides the file's value
    created = assert_ok(aws("connect", "create-user", "--cli-input-json", f"file://{path}",
                            "--username", "overridden"))
    assert describe_user(connect, inst, created["UserId"])["Username"] == "overridden"
    assert [u["Username"] for u in list_users(connect, inst.id)] == ["overridden"]


def test_cli_duplicate_username_error(aws, connect, instance):
    inst = instance()
    args = ["connect", "create-user", "--instance-id", inst.id, "--username", "twice",
            "--password", PASSWORD, "--identity-info", "FirstName=A,LastName=B",
            "--security-profile-ids", inst.security_profile_id("Agent"),
            "--routing-profile-id", inst.routing_profile_id]
    assert_ok(aws(*args))
    rc, out, err = aws(*args)
    assert rc == CLI_SERVICE_ERROR_RC, (rc, out, err)
    assert "An error occurred (DuplicateResourceException) when calling the CreateUser " \
           "operation:" in err
    assert PASSWORD not in err
    assert len(list_users(connect, inst.id)) == 1


def test_cli_server_side_validation_error(aws, connect, instance):
    inst = instance()
    rc, _, err = aws("connect", "create-user", "--instance-id", inst.id,
                     "--username", "x" * 21, "--password", PASSWORD,
                     "--identity-info", "FirstName=A,LastName=B",
                     "--security-profile-ids", inst.security_profile_id("Agent"),
                     "--routing-profile-id", inst.routing_profile_id)
    assert rc == CLI_SERVICE_ERROR_RC
    assert "An error occurred (InvalidParameterException) when calling the CreateUser " \
           "operation" in err
    assert list_users(connect, inst.id) == []


def test_cli_update_and_hierarchy(aws, connect, instance):
    inst = instance()
    user_id = connect.create_user(InstanceId=inst.id, Username="upd", Password=PASSWORD,
                                  IdentityInfo={"FirstName": "U", "LastName": "P"},
                                  SecurityProfileIds=[inst.security_profile_id("Agent")],
                                  RoutingProfileId=inst.routing_profile_id)["UserId"]
    group = assert_ok(aws("connect", "create-user-hierarchy-group", "--instance-id", inst.id,
                          "--name", "CLI group"))
    assert_ok(aws("connect", "update-user-hierarchy", "--instance-id", inst.id,
                  "--user-id", user_id, "--hierarchy-group-id", group["HierarchyGroupId"]))
    assert_ok(aws("connect", "update-user-phone-config", "--instance-id", inst.id,
                  "--user-id", user_id, "--phone-config",
                  "PhoneType=DESK_PHONE,DeskPhoneNumber=+14155550188,AutoAccept=true,"
                  "AfterContactWorkTimeLimit=3"))
    user = describe_user(connect, inst, user_id)
    assert user["HierarchyGroupId"] == group["HierarchyGroupId"]
    assert user["PhoneConfig"]["DeskPhoneNumber"] == "+14155550188"
    tags = assert_ok(aws("connect", "list-tags-for-resource", "--resource-arn",
                         group["HierarchyGroupArn"]))
    assert tags.get("tags", {}) == {}


FLOW_CONTENT = {"Version": "2019-10-30", "StartAction": "hello", "Actions": [
    {"Identifier": "hello", "Type": "MessageParticipant", "Parameters": {"Text": "Hello"},
     "Transitions": {"NextAction": "bye", "Errors": [], "Conditions": []}},
    {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}


def test_cli_contact_flow_commands(aws, instance, tmp_path):
    """create-contact-flow with --content file://, list by type, archive, a refused content
    with its problems, delete."""
    inst = instance()
    path = tmp_path / "flow.json"
    path.write_text(json.dumps(FLOW_CONTENT, indent=2))
    created = assert_ok(aws("connect", "create-contact-flow", "--instance-id", inst.id, "--name", "Main IVR",
                            "--type", "CONTACT_FLOW", "--content", f"file://{path}", "--tags", "team=ivr"))
    assert created["ContactFlowArn"] == f"{inst.arn}/contact-flow/{created['ContactFlowId']}"
    flow = assert_ok(aws("connect", "describe-contact-flow", "--instance-id", inst.id,
                         "--contact-flow-id", created["ContactFlowId"]))["ContactFlow"]
    assert json.loads(flow["Content"]) == FLOW_CONTENT and flow["Tags"] == {"team": "ivr"}
    listed = assert_ok(aws("connect", "list-contact-flows", "--instance-id", inst.id,
                           "--contact-flow-types", "CONTACT_FLOW"))["ContactFlowSummaryList"]
    assert sorted(f["Name"] for f in listed) == ["Main IVR", "Sample inbound flow (first contact experience)"]
    assert_ok(aws("connect", "update-contact-flow-metadata", "--instance-id", inst.id,
                  "--contact-flow-id", created["ContactFlowId"], "--contact-flow-state", "ARCHIVED"))
    rc, _, err = aws("connect", "update-contact-flow-content", "--instance-id", inst.id,
                     "--contact-flow-id", created["ContactFlowId"], "--content", '{"Version": "2019-10-30"}')
    assert rc == CLI_SERVICE_ERROR_RC and "InvalidContactFlowException" in err
    assert_ok(aws("connect", "delete-contact-flow", "--instance-id", inst.id, "--contact-flow-id", created["ContactFlowId"]))


def test_cli_quick_connect_commands(aws, instance):
    """create-quick-connect with shorthand config, offer it on a queue, list both ways."""
    inst = instance()
    created = assert_ok(aws("connect", "create-quick-connect", "--instance-id", inst.id, "--name", "Front desk",
                            "--quick-connect-config", "QuickConnectType=PHONE_NUMBER,PhoneConfig={PhoneNumber=+15550001111}"))
    qc = created["QuickConnectId"]
    assert created["QuickConnectARN"] == f"{inst.arn}/transfer-destination/{qc}"
    listed = assert_ok(aws("connect", "list-quick-connects", "--instance-id", inst.id,
                           "--quick-connect-types", "PHONE_NUMBER"))["QuickConnectSummaryList"]
    assert [(q["Name"], q["QuickConnectType"]) for q in listed] == [("Front desk", "PHONE_NUMBER")]
    queues = assert_ok(aws("connect", "list-queues", "--instance-id", inst.id))["QueueSummaryList"]
    queue = next(q["Id"] for q in queues if q["Name"] == "BasicQueue")
    assert_ok(aws("connect", "associate-queue-quick-connects", "--instance-id", inst.id, "--queue-id", queue,
                  "--quick-connect-ids", qc))
    offered = assert_ok(aws("connect", "list-queue-quick-connects", "--instance-id", inst.id, "--queue-id", queue))
    assert [q["Id"] for q in offered["QuickConnectSummaryList"]] == [qc]
    prompts = assert_ok(aws("connect", "list-prompts", "--instance-id", inst.id))["PromptSummaryList"]
    assert "Beep.wav" in {p["Name"] for p in prompts}


def test_cli_instance_attributes(aws, instance):
    """update-/describe-/list-instance-attribute(s): the CLI pages ListInstanceAttributes
    (7 a page) into one list of every attribute."""
    inst = instance(OutboundCallsEnabled=False)
    assert_ok(aws("connect", "update-instance-attribute", "--instance-id", inst.id,
                  "--attribute-type", "CONTACTFLOW_LOGS", "--value", "true"))
    described = assert_ok(aws("connect", "describe-instance-attribute", "--instance-id", inst.id,
                              "--attribute-type", "CONTACTFLOW_LOGS"))
    assert described == {"Attribute": {"AttributeType": "CONTACTFLOW_LOGS", "Value": "true"}}
    listed = assert_ok(aws("connect", "list-instance-attributes", "--instance-id", inst.id))
    values = {a["AttributeType"]: a["Value"] for a in listed["Attributes"]}
    assert len(values) == 14 and "NextToken" not in listed
    assert (values["CONTACTFLOW_LOGS"], values["OUTBOUND_CALLS"], values["EARLY_MEDIA"]) == ("true", "false", "true")
    rc, _, err = aws("connect", "update-instance-attribute", "--instance-id", inst.id,
                     "--attribute-type", "EARLY_MEDIA", "--value", "maybe")
    assert rc == CLI_SERVICE_ERROR_RC
    assert "An error occurred (InvalidParameterException) when calling the UpdateInstanceAttribute operation" in err


def test_cli_storage_config_and_integrations(aws, instance):
    """associate-instance-storage-config with shorthand, then the integrations: a Lambda
    function, a Lex bot and an approved origin, listed and removed."""
    inst = instance()
    associated = assert_ok(aws("connect", "associate-instance-storage-config", "--instance-id", inst.id,
                               "--resource-type", "CALL_RECORDINGS",
                               "--storage-config", "StorageType=S3,S3Config={BucketName=recordings,BucketPrefix=calls}"))
    configs = assert_ok(aws("connect", "list-instance-storage-configs", "--instance-id", inst.id,
                            "--resource-type", "CALL_RECORDINGS"))["StorageConfigs"]
    assert configs == [{"AssociationId": associated["AssociationId"], "StorageType": "S3",
                        "S3Config": {"BucketName": "recordings", "BucketPrefix": "calls"}}]

    arn = "arn:aws:lambda:us-east-1:123456789012:function:lookup"
    assert_ok(aws("connect", "associate-lambda-function", "--instance-id", inst.id, "--function-arn", arn))
    assert assert_ok(aws("connect", "list-lambda-functions", "--instance-id", inst.id))["LambdaFunctions"] == [arn]
    rc, _, err = aws("connect", "associate-lambda-function", "--instance-id", inst.id, "--function-arn", arn)
    assert rc == CLI_SERVICE_ERROR_RC and "(ResourceConflictException)" in err

    assert_ok(aws("connect", "associate-bot", "--instance-id", inst.id, "--lex-bot", "Name=OrderFlowers,LexRegion=us-east-1"))
    bots = assert_ok(aws("connect", "list-bots", "--instance-id", inst.id, "--lex-version", "V1"))["LexBots"]
    assert bots == [{"LexBot": {"Name": "OrderFlowers", "LexRegion": "us-east-1"}}]

    # AWS CLI v1 fetches a parameter value that is an http(s) URL (its cli_follow_urlparam
    # setting), so an origin goes in as JSON.
    origin = json.dumps({"InstanceId": inst.id, "Origin": "https://www.example.com"})
    assert_ok(aws("connect", "associate-approved-origin", "--cli-input-json", origin))
    assert assert_ok(aws("connect", "list-approved-origins", "--instance-id", inst.id))["Origins"] == ["https://www.example.com"]
    assert_ok(aws("connect", "disassociate-approved-origin", "--cli-input-json", origin))
    assert assert_ok(aws("connect", "list-approved-origins", "--instance-id", inst.id))["Origins"] == []
