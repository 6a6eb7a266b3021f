"""Issue 12's "tried as a new user would": an onboarding script, written as a user of boto3
writes one, creates agents, sets their proficiencies on a predefined attribute, puts them
Offline, gives their security profile applications, and closes the contact centre's hours on
a holiday. Every call is answered (no 501), and each result reads back."""
from conftest import create_hours, user_request


def onboard(connect, inst, names: list[str]) -> dict[str, str]:
    connect.create_predefined_attribute(InstanceId=inst.id, Name="Language",
                                        Values={"StringList": ["English", "Spanish"]})
    profile = connect.create_security_profile(
        InstanceId=inst.id, SecurityProfileName="Support agent", Permissions=["BasicAgentAccess"],
        Applications=[{"Namespace": "crm.example.com", "ApplicationPermissions": ["ACCESS"],
                       "Type": "THIRD_PARTY_APPLICATION"}])["SecurityProfileId"]
    statuses = connect.list_agent_statuses(InstanceId=inst.id)["AgentStatusSummaryList"]
    offline = next(s["Id"] for s in statuses if s["Name"] == "Offline")
    users = {}
    for name in names:
        uid = connect.create_user(**user_request(inst, Username=name, SecurityProfileIds=[profile]))["UserId"]
        connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=[
            {"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0}])
        connect.put_user_status(InstanceId=inst.id, UserId=uid, AgentStatusId=offline)
        users[name] = uid
    connect.update_security_profile(InstanceId=inst.id, SecurityProfileId=profile, Applications=[
        {"Namespace": "crm.example.com", "ApplicationPermissions": ["ACCESS"], "Type": "THIRD_PARTY_APPLICATION"},
        {"Namespace": "wiki.example.com", "ApplicationPermissions": ["ACCESS"], "Type": "THIRD_PARTY_APPLICATION"}])
    users["profile"] = profile
    return users


def test_onboarding_script(connect, instance):
    inst = instance()
    users = onboard(connect, inst, ["ana", "bo", "chen"])
    profile = users.pop("profile")
    for name, uid in users.items():
        [proficiency] = connect.list_user_proficiencies(InstanceId=inst.id, UserId=uid)["UserProficiencyList"]
        assert (proficiency["AttributeName"], proficiency["AttributeValue"], proficiency["Level"]) == ("Language", "English", 4.0)
        assert profile in connect.describe_user(InstanceId=inst.id, UserId=uid)["User"]["SecurityProfileIds"]
    data = connect.get_current_user_data(InstanceId=inst.id, Filters={"Agents": list(users.values())})["UserDataList"]
    assert sorted(d["User"]["Id"] for d in data) == sorted(users.values())
    assert {d["Status"]["StatusName"] for d in data} == {"Offline"}
    apps = connect.list_security_profile_applications(InstanceId=inst.id, SecurityProfileId=profile)["Applications"]
    assert [a["Namespace"] for a in apps] == ["crm.example.com", "wiki.example.com"]
    found = connect.search_users(InstanceId=inst.id, SearchCriteria={"ListCondition": {
        "TargetListType": "PROFICIENCIES", "Conditions": [{"StringCondition": {"FieldName": "Name", "Value": "Language",
                                                                             "ComparisonType": "EXACT"}}]}})
    assert sorted(u["Username"] for u in found["Users"]) == sorted(users)


def test_a_holiday_override_closes_the_day(connect, instance):
    inst = instance()
    hours = create_hours(connect, inst, name="Support hours")  # weekdays 9-17, New York
    connect.create_hours_of_operation_override(
        InstanceId=inst.id, HoursOfOperationId=hours, Name="Christmas", EffectiveFrom="2026-12-25",
        EffectiveTill="2026-12-25", OverrideType="CLOSED", Config=[])
    days = {d["Date"]: d["OperationalHours"] for d in connect.get_effective_hours_of_operations(
        InstanceId=inst.id, HoursOfOperationId=hours, FromDate="2026-12-24", ToDate="2026-12-28")["EffectiveHoursOfOperationList"]}
    assert days["2026-12-24"] and days["2026-12-28"], "Thursday and Monday are open"
    assert days["2026-12-25"] == [], "the holiday (a Friday) is closed"
