"""Security profiles: Create/Describe/List/Update/Delete/SearchSecurityProfiles,
ListSecurityProfilePermissions/Applications/FlowModules/AIAgents, and
Associate/Disassociate/ListEntitySecurityProfiles."""
import pytest

from conftest import (DEFAULT_SECURITY_PROFILES, create_group, create_queue,
                      create_security_profile, create_user, describe_user, expect_error, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, sp):
    return connect.describe_security_profile(InstanceId=inst.id,
                                             SecurityProfileId=sp)["SecurityProfile"]


def permissions(connect, inst, sp, **kw):
    return [p for page in connect.get_paginator("list_security_profile_permissions").paginate(
        InstanceId=inst.id, SecurityProfileId=sp, **kw) for p in page["Permissions"]]


def test_create_describe_list(connect, instance):
    inst = instance()
    resp = connect.create_security_profile(
        InstanceId=inst.id, SecurityProfileName="Supervisors", Description="watch queues",
        Permissions=["Users.View", "Queues.View", "Users.View"], Tags={"k": "v"},
        AllowedAccessControlTags={"team": "red"})
    sp = resp["SecurityProfileId"]
    assert is_uuid(sp) and resp["SecurityProfileArn"] == f"{inst.arn}/security-profile/{sp}"
    p = describe(connect, inst, sp)
    assert (p["SecurityProfileName"], p["Description"], p["OrganizationResourceId"]) == \
        ("Supervisors", "watch queues", inst.id)
    assert p["Tags"] == {"k": "v"} and p["AllowedAccessControlTags"] == {"team": "red"}
    assert "LastModifiedTime" in p
    assert permissions(connect, inst, sp) == ["Users.View", "Queues.View"]
    listed = {s["Name"] for p in connect.get_paginator("list_security_profiles").paginate(
        InstanceId=inst.id) for s in p["SecurityProfileSummaryList"]}
    assert listed == set(DEFAULT_SECURITY_PROFILES) | {"Supervisors"}


def test_default_profiles_have_permissions(connect, instance):
    inst = instance()
    admin = permissions(connect, inst, inst.security_profile_id("Admin"))
    agent = permissions(connect, inst, inst.security_profile_id("Agent"))
    assert "BasicAgentAccess" in agent and "Users.Create" in admin
    assert len(admin) > len(agent)
    # pages of 5 give the same list
    assert permissions(connect, inst, inst.security_profile_id("Admin"),
                       PaginationConfig={"PageSize": 5}) == admin


def test_name_rules(connect, raw_connect, instance):
    inst = instance()
    with expect_error("DuplicateResourceException", 409):
        create_security_profile(connect, inst, "Agent")
    with expect_error("InvalidParameterException", 400) as err:
        create_security_profile(raw_connect, inst, "bad/name")
    assert err.message.startswith("1 validation error detected"), err.message


def test_update(connect, instance):
    inst = instance()
    sp = create_security_profile(connect, inst, Description="before", Permissions=["Users.View"])
    t0 = describe(connect, inst, sp)["LastModifiedTime"]
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp,
                                    Permissions=["Queues.View", "Queues.Edit"])
    p = describe(connect, inst, sp)
    assert p["Description"] == "before" and p["LastModifiedTime"] >= t0
    assert permissions(connect, inst, sp) == ["Queues.View", "Queues.Edit"]
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp, Description="after")
    assert describe(connect, inst, sp)["Description"] == "after"
    assert permissions(connect, inst, sp) == ["Queues.View", "Queues.Edit"]


def test_hierarchy_restriction_references_group(connect, instance):
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    sp = create_security_profile(connect, inst, AllowedAccessControlHierarchyGroupId=gid)
    assert describe(connect, inst, sp)["AllowedAccessControlHierarchyGroupId"] == gid
    with expect_error("ResourceInUseException", 409):
        connect.delete_user_hierarchy_group(InstanceId=inst.id, HierarchyGroupId=gid)
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp,
                                        AllowedAccessControlHierarchyGroupId=UNKNOWN_ID)
    assert describe(connect, inst, sp)["AllowedAccessControlHierarchyGroupId"] == gid


def test_delete_and_in_use(connect, instance):
    inst = instance()
    sp = create_security_profile(connect, inst)
    user = create_user(connect, inst, SecurityProfileIds=[sp])["UserId"]
    with expect_error("ResourceInUseException", 409):
        connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=sp)
    describe(connect, inst, sp)
    connect.update_user_security_profiles(InstanceId=inst.id, UserId=user,
                                          SecurityProfileIds=[inst.security_profile_id("Agent")])
    connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=sp)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, sp)


@pytest.mark.parametrize("call", ["describe", "update", "delete", "permissions", "applications",
                                  "flow_modules", "ai_agents"])
def test_unknown_profile(connect, instance, call):
    inst = instance()
    calls = {
        "describe": lambda: describe(connect, inst, UNKNOWN_ID),
        "update": lambda: connect.update_security_profile(InstanceId=inst.id,
                                                          SecurityProfileId=UNKNOWN_ID,
                                                          Description="x"),
        "delete": lambda: connect.delete_security_profile(InstanceId=inst.id,
                                                          SecurityProfileId=UNKNOWN_ID),
        "permissions": lambda: connect.list_security_profile_permissions(
            InstanceId=inst.id, SecurityProfileId=UNKNOWN_ID),
        "applications": lambda: connect.list_security_profile_applications(
            InstanceId=inst.id, SecurityProfileId=UNKNOWN_ID),
        "flow_modules": lambda: connect.list_security_profile_flow_modules(
            InstanceId=inst.id, SecurityProfileId=UNKNOWN_ID),
        "ai_agents": lambda: connect.list_security_profile_ai_agents(
            InstanceId=inst.id, SecurityProfileId=UNKNOWN_ID),
    }
    with expect_error("ResourceNotFoundException", 404):
        calls[call]()


def test_search(connect, instance):
    inst = instance()
    a = create_security_profile(connect, inst, "Team Lead", Description="leads",
                                Tags={"dept": "ops"})

    def search(**kw):
        r = connect.search_security_profiles(InstanceId=inst.id, **kw)
        return r["SecurityProfiles"], r["ApproximateTotalCount"]

    found, n = search(SearchCriteria={"StringCondition": {
        "FieldName": "name", "Value": "Lead", "ComparisonType": "CONTAINS"}})
    assert n == 1 and found[0]["Id"] == a and found[0]["SecurityProfileName"] == "Team Lead"
    assert found[0]["Tags"] == {"dept": "ops"}
    found, n = search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "dept", "TagValue": "ops"}}})
    assert [f["Id"] for f in found] == [a]
    _, n = search(SearchCriteria={"OrConditions": [
        {"StringCondition": {"FieldName": "name", "Value": "Admin", "ComparisonType": "EXACT"}},
        {"StringCondition": {"FieldName": "name", "Value": "Agent", "ComparisonType": "EXACT"}}]})
    assert n == 2
    _, n = search()
    assert n == len(DEFAULT_SECURITY_PROFILES) + 1
    with expect_error("InvalidParameterException", 400):
        search(SearchCriteria={"StringCondition": {"FieldName": "Permissions", "Value": "x",
                                                   "ComparisonType": "EXACT"}})


# --- Applications, flow modules, AI agents, access control members -----------------------

MCP = {"Namespace": "arn:aws:bedrock-agentcore:us-east-1:123456789012:gateway/tools",
       "ApplicationPermissions": ["lookup_order", "refund"], "Type": "MCP"}
CRM = {"Namespace": "crm.example.com", "ApplicationPermissions": ["ACCESS"],
       "Type": "THIRD_PARTY_APPLICATION"}
WIKI = {"Namespace": "wiki.example.com", "ApplicationPermissions": ["ACCESS"],
        "Type": "THIRD_PARTY_APPLICATION"}
AGENT_ARN = "arn:aws:wisdom:us-east-1:123456789012:ai-agent/11111111-2222-4333-8444-555555555555/" \
            "66666666-7777-4888-9999-000000000000"


def listed(connect, inst, op, key, sp, **kw):
    """All pages of a ListSecurityProfile* operation, and the last page."""
    pages = list(connect.get_paginator(op).paginate(InstanceId=inst.id, SecurityProfileId=sp, **kw))
    return [e for p in pages for e in p[key]], pages


def applications(connect, inst, sp, **kw):
    return listed(connect, inst, "list_security_profile_applications", "Applications", sp, **kw)[0]


def flow_modules(connect, inst, sp, **kw):
    return listed(connect, inst, "list_security_profile_flow_modules", "AllowedFlowModules", sp, **kw)[0]


def test_access_members_stored_and_returned(connect, instance):
    """Applications, AllowedFlowModules and AllowedAIAgents come back from their List*
    operations in the order given; AllowedAccessControlTags, TagRestrictedResources and
    HierarchyRestrictedResources from DescribeSecurityProfile."""
    inst = instance()
    gid = create_group(connect, inst)["HierarchyGroupId"]
    modules = [{"Type": "MCP", "FlowModuleId": f"module-{i}"} for i in range(3)]
    sp = create_security_profile(
        connect, inst, "Tools", Applications=[MCP, CRM], AllowedFlowModules=modules,
        AllowedAIAgents=[{"Arn": AGENT_ARN, "Type": "THIRD_PARTY"}],
        AllowedAccessControlTags={"team": "red", "site": "lisbon"},
        TagRestrictedResources=["User", "RoutingProfile"], HierarchyRestrictedResources=["User"],
        AllowedAccessControlHierarchyGroupId=gid)
    p = describe(connect, inst, sp)
    assert p["AllowedAccessControlTags"] == {"team": "red", "site": "lisbon"}
    assert p["TagRestrictedResources"] == ["User", "RoutingProfile"]
    assert p["HierarchyRestrictedResources"] == ["User"]
    assert "Applications" not in p  # the SecurityProfile shape has no such member

    assert applications(connect, inst, sp) == [MCP, CRM]
    assert applications(connect, inst, sp, PaginationConfig={"PageSize": 1}) == [MCP, CRM]
    page = connect.list_security_profile_applications(InstanceId=inst.id, SecurityProfileId=sp)
    assert page["LastModifiedTime"] == p["LastModifiedTime"]
    assert page["LastModifiedRegion"] == p["LastModifiedRegion"]
    got, pages = listed(connect, inst, "list_security_profile_flow_modules", "AllowedFlowModules",
                        sp, PaginationConfig={"PageSize": 2})
    assert got == modules and [len(p["AllowedFlowModules"]) for p in pages] == [2, 1]
    agents = connect.list_security_profile_ai_agents(InstanceId=inst.id, SecurityProfileId=sp)
    assert agents["AllowedAIAgents"] == [{"Arn": AGENT_ARN, "Type": "THIRD_PARTY"}]

    # Update replaces what it is given and keeps the rest.
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp, Applications=[WIKI],
                                    AllowedAccessControlTags={"team": "blue"})
    assert applications(connect, inst, sp) == [WIKI]
    assert flow_modules(connect, inst, sp) == modules
    p = describe(connect, inst, sp)
    assert p["AllowedAccessControlTags"] == {"team": "blue"}
    assert p["TagRestrictedResources"] == ["User", "RoutingProfile"]
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp, Applications=[],
                                    AllowedFlowModules=[])
    assert applications(connect, inst, sp) == [] and flow_modules(connect, inst, sp) == []

    # A profile created without them lists none.
    plain = create_security_profile(connect, inst)
    assert applications(connect, inst, plain) == [] and flow_modules(connect, inst, plain) == []


def test_list_token_bound_to_its_list(connect, instance):
    inst = instance()
    modules = [{"Type": "MCP", "FlowModuleId": f"m{i}"} for i in range(3)]
    sp = create_security_profile(connect, inst, Applications=[MCP, CRM, WIKI],
                                 AllowedFlowModules=modules)
    first = connect.list_security_profile_applications(InstanceId=inst.id, SecurityProfileId=sp,
                                                       MaxResults=1)
    assert first["Applications"] == [MCP] and first["NextToken"]
    with expect_error("InvalidParameterException", 400):
        connect.list_security_profile_flow_modules(InstanceId=inst.id, SecurityProfileId=sp,
                                                   NextToken=first["NextToken"])
    rest = connect.list_security_profile_applications(InstanceId=inst.id, SecurityProfileId=sp,
                                                      NextToken=first["NextToken"])
    assert rest["Applications"] == [CRM, WIKI] and "NextToken" not in rest


@pytest.mark.parametrize("members", [
    {"HierarchyRestrictedResources": ["User", "Queue"]},
    {"Applications": [dict(CRM, ApplicationPermissions=["ACCESS", "WRITE"])]},
    {"Applications": [MCP, dict(MCP, ApplicationPermissions=["other_tool"])]},
    {"AllowedFlowModules": [{"Type": "MCP", "FlowModuleId": "m1"}, {"Type": "MCP", "FlowModuleId": "m1"}]},
    {"AllowedAIAgents": [{"Arn": AGENT_ARN}, {"Arn": AGENT_ARN, "Type": "THIRD_PARTY"}]},
], ids=["hierarchy-resource", "third-party-permission", "repeated-app", "repeated-module",
        "repeated-agent"])
def test_member_rules(connect, instance, members):
    """The rules of docs/rules.md, *Security profiles*: refused on create and on update, and
    nothing changes."""
    inst = instance()
    with expect_error("InvalidParameterException", 400):
        create_security_profile(connect, inst, "Refused", **members)
    names = {s["Name"] for s in connect.list_security_profiles(InstanceId=inst.id)[
        "SecurityProfileSummaryList"]}
    assert "Refused" not in names
    sp = create_security_profile(connect, inst, Applications=[CRM], HierarchyRestrictedResources=["User"])
    with expect_error("InvalidParameterException", 400):
        connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=sp, **members)
    assert applications(connect, inst, sp) == [CRM]
    assert describe(connect, inst, sp)["HierarchyRestrictedResources"] == ["User"]


def test_member_validation_by_server(raw_connect, instance):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as err:
        create_security_profile(raw_connect, inst, Applications=[
            dict(CRM, Namespace=f"app{i}.example.com") for i in range(11)])
    assert err.message.startswith("1 validation error detected"), err.message
    with expect_error("InvalidParameterException", 400) as err:
        create_security_profile(raw_connect, inst, AllowedFlowModules=[{"Type": "OTHER", "FlowModuleId": "m"}])
    assert err.message.startswith("1 validation error detected"), err.message


# --- Associate/Disassociate/ListEntitySecurityProfiles ---------------------------------------

def user_arn(inst, user_id):
    return f"{inst.arn}/agent/{user_id}"


def entity_profiles(connect, inst, user_id, **kw):
    return [p["Id"] for page in connect.get_paginator("list_entity_security_profiles").paginate(
        InstanceId=inst.id, EntityType="USER", EntityArn=user_arn(inst, user_id), **kw)
        for p in page["SecurityProfiles"]]


def associate(connect, inst, user_id, ids, op="associate_security_profiles", **kw):
    req = {"InstanceId": inst.id, "EntityType": "USER", "EntityArn": user_arn(inst, user_id),
           "SecurityProfiles": [{"Id": i} for i in ids]}
    req.update(kw)
    return getattr(connect, op)(**req)


def test_associate_list_disassociate_user(connect, instance):
    inst = instance()
    agent = inst.security_profile_id("Agent")
    a, b = create_security_profile(connect, inst), create_security_profile(connect, inst)
    user = create_user(connect, inst, SecurityProfileIds=[agent])["UserId"]
    assert entity_profiles(connect, inst, user) == [agent]

    associate(connect, inst, user, [a, b])
    assert describe_user(connect, inst, user)["SecurityProfileIds"] == [agent, a, b]
    assert entity_profiles(connect, inst, user) == [agent, a, b]
    pages = list(connect.get_paginator("list_entity_security_profiles").paginate(
        InstanceId=inst.id, EntityType="USER", EntityArn=user_arn(inst, user),
        PaginationConfig={"PageSize": 2}))
    assert [[p["Id"] for p in page["SecurityProfiles"]] for page in pages] == [[agent, a], [b]]

    associate(connect, inst, user, [a])  # already held: kept once
    assert entity_profiles(connect, inst, user) == [agent, a, b]

    # A profile a user holds through the association cannot be deleted.
    with expect_error("ResourceInUseException", 409):
        connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=a)

    unheld = create_security_profile(connect, inst)
    associate(connect, inst, user, [a, unheld], op="disassociate_security_profiles")
    assert describe_user(connect, inst, user)["SecurityProfileIds"] == [agent, b]
    connect.delete_security_profile(InstanceId=inst.id, SecurityProfileId=a)

    with expect_error("InvalidRequestException", 400):  # never the last one
        associate(connect, inst, user, [agent, b], op="disassociate_security_profiles")
    assert entity_profiles(connect, inst, user) == [agent, b]


def test_associate_refusals(connect, instance):
    inst = instance()
    agent = inst.security_profile_id("Agent")
    sp = create_security_profile(connect, inst)
    user = create_user(connect, inst, SecurityProfileIds=[agent])["UserId"]

    with expect_error("InvalidParameterException", 400):  # missing profile
        associate(connect, inst, user, [sp, UNKNOWN_ID])
    with expect_error("InvalidParameterException", 400):  # the same profile twice
        associate(connect, inst, user, [sp, sp])
    with expect_error("InvalidParameterException", 400):  # an item without an Id
        associate(connect, inst, user, [], SecurityProfiles=[{}])
    assert describe_user(connect, inst, user)["SecurityProfileIds"] == [agent]

    # At most 10 profiles per user.
    many = [create_security_profile(connect, inst) for _ in range(9)]
    associate(connect, inst, user, many)
    assert len(entity_profiles(connect, inst, user)) == 10
    with expect_error("InvalidRequestException", 400):
        associate(connect, inst, user, [sp])
    assert len(entity_profiles(connect, inst, user)) == 10


@pytest.mark.parametrize("op", ["associate_security_profiles", "disassociate_security_profiles",
                                "list_entity_security_profiles"])
def test_entity_errors(connect, instance, op):
    inst, other = instance(), instance()
    agent = inst.security_profile_id("Agent")
    queue = create_queue(connect, inst)
    other_user = create_user(connect, other)["UserId"]

    def call(entity_type="USER", arn=None, instance_id=inst.id):
        req = {"InstanceId": instance_id, "EntityType": entity_type,
               "EntityArn": arn or user_arn(inst, UNKNOWN_ID)}
        if op != "list_entity_security_profiles":
            req["SecurityProfiles"] = [{"Id": agent}]
        return getattr(connect, op)(**req)

    with expect_error("ResourceNotFoundException", 404):  # no such user
        call()
    with expect_error("ResourceNotFoundException", 404):  # a user of another instance
        call(arn=user_arn(other, other_user))
    with expect_error("InvalidParameterException", 400):  # not a user ARN
        call(arn=f"{inst.arn}/queue/{queue}")
    with expect_error("InvalidParameterException", 400):
        call(arn="not-an-arn")
    with expect_error("ResourceNotFoundException", 404) as err:  # no AI agents in switchboard
        call(entity_type="AI_AGENT", arn=AGENT_ARN)
    assert "Amazon Q in Connect" in err.message
    with expect_error("ResourceNotFoundException", 404):
        call(instance_id=UNKNOWN_ID)


def test_entity_validation_by_server(raw_connect, instance):
    inst = instance()
    user = create_user(raw_connect, inst)["UserId"]
    with expect_error("InvalidParameterException", 400) as err:
        associate(raw_connect, inst, user, [])
    assert err.message.startswith("1 validation error detected"), err.message
    with expect_error("InvalidParameterException", 400) as err:
        associate(raw_connect, inst, user, [], EntityType="TEAM", SecurityProfiles=[{"Id": "x"}])
    assert err.message.startswith("1 validation error detected"), err.message
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.list_entity_security_profiles(InstanceId=inst.id, EntityType="USER",
                                                  EntityArn=user_arn(inst, user), MaxResults=101)
    assert err.message.startswith("1 validation error detected"), err.message


def test_cli_entity_and_application_commands(aws, connect, instance):
    inst = instance()
    agent = inst.security_profile_id("Agent")
    sp = create_security_profile(connect, inst)
    user = create_user(connect, inst, SecurityProfileIds=[agent])["UserId"]
    arn = user_arn(inst, user)
    rc, _, err = aws("connect", "associate-security-profiles", "--instance-id", inst.id,
                     "--entity-type", "USER", "--entity-arn", arn, "--security-profiles", f"Id={sp}")
    assert rc == 0, err
    rc, out, err = aws("connect", "list-entity-security-profiles", "--instance-id", inst.id,
                       "--entity-type", "USER", "--entity-arn", arn)
    assert rc == 0, err
    assert [p["Id"] for p in out["SecurityProfiles"]] == [agent, sp]
    rc, _, err = aws("connect", "disassociate-security-profiles", "--instance-id", inst.id,
                     "--entity-type", "USER", "--entity-arn", arn, "--security-profiles", f"Id={agent}")
    assert rc == 0, err
    assert describe_user(connect, inst, user)["SecurityProfileIds"] == [sp]
    rc, _, err = aws("connect", "associate-security-profiles", "--instance-id", inst.id,
                     "--entity-type", "AI_AGENT", "--entity-arn", AGENT_ARN,
                     "--security-profiles", f"Id={sp}")
    assert rc == 255 and "ResourceNotFoundException" in err, err

    rc, _, err = aws("connect", "update-security-profile", "--instance-id", inst.id,
                     "--security-profile-id", sp, "--applications",
                     "Namespace=crm.example.com,ApplicationPermissions=ACCESS,Type=THIRD_PARTY_APPLICATION",
                     "--allowed-flow-modules", "Type=MCP,FlowModuleId=m1")
    assert rc == 0, err
    rc, out, err = aws("connect", "list-security-profile-applications", "--instance-id", inst.id,
                       "--security-profile-id", sp)
    assert rc == 0, err
    assert out["Applications"] == [CRM]
    rc, out, err = aws("connect", "list-security-profile-flow-modules", "--instance-id", inst.id,
                       "--security-profile-id", sp)
    assert rc == 0, err
    assert out["AllowedFlowModules"] == [{"Type": "MCP", "FlowModuleId": "m1"}]


def test_switchboard_cli_entity_and_application_commands(sb, connect, instance):
    """switchboard's own CLI runs the same commands (generated from the model)."""
    inst = instance()
    agent = inst.security_profile_id("Agent")
    sp = create_security_profile(connect, inst, Applications=[CRM])
    user = create_user(connect, inst, SecurityProfileIds=[agent])["UserId"]
    arn = user_arn(inst, user)
    rc, _, err = sb("associate-security-profiles", "--instance-id", inst.id, "--entity-type", "USER",
                    "--entity-arn", arn, "--security-profiles", f"Id={sp}")
    assert rc == 0, err
    rc, out, err = sb("list-entity-security-profiles", "--instance-id", inst.id,
                      "--entity-type", "USER", "--entity-arn", arn)
    assert rc == 0, err
    assert [p["Id"] for p in out["SecurityProfiles"]] == [agent, sp]
    rc, out, err = sb("list-security-profile-applications", "--instance-id", inst.id,
                      "--security-profile-id", sp)
    assert rc == 0, err
    assert out["Applications"] == [CRM]
    rc, _, err = sb("disassociate-security-profiles", "--instance-id", inst.id, "--entity-type", "USER",
                    "--entity-arn", arn, "--security-profiles", f"Id={agent}", f"Id={sp}")
    assert rc != 0 and "InvalidRequestException" in err, err
