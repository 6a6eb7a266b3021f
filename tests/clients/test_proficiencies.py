"""Predefined attributes (Create/Describe/List/Search/Update/DeletePredefinedAttribute) and
users' proficiencies on them, through boto3 and the AWS CLI."""
import pytest

from conftest import REGION, create_user, expect_error

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def create_attribute(connect, inst, name, values=("English", "Spanish"), **kw):
    connect.create_predefined_attribute(InstanceId=inst.id, Name=name,
                                        Values={"StringList": list(values)}, **kw)


def describe_attribute(connect, inst, name):
    return connect.describe_predefined_attribute(InstanceId=inst.id, Name=name)["PredefinedAttribute"]


def attribute_names(connect, inst, **kw):
    return sorted(a["Name"] for p in connect.get_paginator("list_predefined_attributes")
                  .paginate(InstanceId=inst.id, **kw) for a in p["PredefinedAttributeSummaryList"])


def test_create_describe_list(connect, instance):
    inst = instance()
    assert attribute_names(connect, inst) == []
    create_attribute(connect, inst, "Language", Purposes=["routing"],
                     AttributeConfiguration={"EnableValueValidationOnAssociation": True})
    a = describe_attribute(connect, inst, "Language")
    assert a["Name"] == "Language" and a["Values"] == {"StringList": ["English", "Spanish"]}
    assert a["Purposes"] == ["routing"] and a["LastModifiedRegion"] == REGION
    assert a["AttributeConfiguration"] == {"EnableValueValidationOnAssociation": True, "IsReadOnly": False}
    assert "Id" not in a
    [summary] = connect.list_predefined_attributes(InstanceId=inst.id)["PredefinedAttributeSummaryList"]
    assert summary["Name"] == "Language" and summary["LastModifiedTime"] == a["LastModifiedTime"]
    # Without values (a contact-segment attribute).
    connect.create_predefined_attribute(InstanceId=inst.id, Name="Segment")
    assert "Values" not in describe_attribute(connect, inst, "Segment")


def test_validation_duplicates_missing(connect, raw_connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    with expect_error("DuplicateResourceException", 409):
        create_attribute(connect, inst, "Language", values=["French"])
    assert describe_attribute(connect, inst, "Language")["Values"]["StringList"] == ["English", "Spanish"]
    with expect_error("InvalidParameterException", 400):
        create_attribute(connect, inst, "Skill", values=["a", "a"])
    with expect_error("InvalidParameterException", 400):
        raw_connect.create_predefined_attribute(InstanceId=inst.id, Name="x" * 101)
    with expect_error("InvalidParameterException", 400):
        raw_connect.create_predefined_attribute(InstanceId=inst.id, Name="Skill",
                                                Values={"StringList": ["v" * 101]})
    assert attribute_names(connect, inst) == ["Language"]
    with expect_error("ResourceNotFoundException", 404):
        describe_attribute(connect, inst, "Nope")
    with expect_error("ResourceNotFoundException", 404):
        connect.update_predefined_attribute(InstanceId=inst.id, Name="Nope", Purposes=["x"])
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_predefined_attribute(InstanceId=inst.id, Name="Nope")
    with expect_error("ResourceNotFoundException", 404):
        create_attribute(connect, type("I", (), {"id": UNKNOWN_ID})(), "Language")
    # A prefix of a name is not the name.
    with expect_error("ResourceNotFoundException", 404):
        describe_attribute(connect, inst, "Lang")


def test_update_and_delete(connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    connect.update_predefined_attribute(InstanceId=inst.id, Name="Language",
                                        Values={"StringList": ["English", "French"]})
    a = describe_attribute(connect, inst, "Language")
    assert a["Values"]["StringList"] == ["English", "French"] and "Purposes" not in a
    connect.update_predefined_attribute(InstanceId=inst.id, Name="Language", Purposes=["p1"])
    a = describe_attribute(connect, inst, "Language")
    assert a["Purposes"] == ["p1"] and a["Values"]["StringList"] == ["English", "French"]
    with expect_error("InvalidParameterException", 400):
        connect.update_predefined_attribute(InstanceId=inst.id, Name="Language",
                                            Values={"StringList": ["x", "x"]})
    connect.delete_predefined_attribute(InstanceId=inst.id, Name="Language")
    assert attribute_names(connect, inst) == []
    # The name is free again.
    create_attribute(connect, inst, "Language")


def test_pagination_and_search(connect, instance):
    inst = instance()
    for n in range(5):
        create_attribute(connect, inst, f"Skill{n}")
    create_attribute(connect, inst, "Language")
    pages = list(connect.get_paginator("list_predefined_attributes")
                 .paginate(InstanceId=inst.id, PaginationConfig={"PageSize": 2}))
    assert [len(p["PredefinedAttributeSummaryList"]) for p in pages] == [2, 2, 2]
    assert attribute_names(connect, inst) == ["Language"] + [f"Skill{n}" for n in range(5)]

    def names(**kw):
        r = connect.search_predefined_attributes(InstanceId=inst.id, **kw)
        return sorted(a["Name"] for a in r["PredefinedAttributes"]), r["ApproximateTotalCount"]

    cond = {"StringCondition": {"FieldName": "name", "Value": "Skill", "ComparisonType": "STARTS_WITH"}}
    assert names(SearchCriteria=cond) == ([f"Skill{n}" for n in range(5)], 5)
    found = connect.search_predefined_attributes(
        InstanceId=inst.id, SearchCriteria={"StringCondition": {
            "FieldName": "name", "Value": "Language", "ComparisonType": "EXACT"}})["PredefinedAttributes"]
    assert found[0]["Values"]["StringList"] == ["English", "Spanish"] and "Id" not in found[0]
    pages = list(connect.get_paginator("search_predefined_attributes")
                 .paginate(InstanceId=inst.id, PaginationConfig={"PageSize": 4}))
    assert [len(p["PredefinedAttributes"]) for p in pages] == [4, 2]
    with expect_error("InvalidParameterException", 400):
        names(SearchCriteria={"StringCondition": {"FieldName": "color", "Value": "x", "ComparisonType": "EXACT"}})


def test_aws_cli_attributes(aws, connect, instance):
    inst = instance()
    r = aws("connect", "create-predefined-attribute", "--instance-id", inst.id, "--name", "Tier",
            "--values", "StringList=Gold,Silver")
    assert r.rc == 0, r.err
    r = aws("connect", "describe-predefined-attribute", "--instance-id", inst.id, "--name", "Tier")
    assert r.rc == 0 and r.out["PredefinedAttribute"]["Values"]["StringList"] == ["Gold", "Silver"], r
    r = aws("connect", "delete-predefined-attribute", "--instance-id", inst.id, "--name", "Tier")
    assert r.rc == 0, r.err
    r = aws("connect", "describe-predefined-attribute", "--instance-id", inst.id, "--name", "Tier")
    assert r.rc != 0 and "ResourceNotFoundException" in r.err


# -- users' proficiencies -----------------------------------------------------------------------

def proficiencies(connect, inst, uid, **kw):
    return sorted((p["AttributeName"], p["AttributeValue"], p["Level"])
                  for page in connect.get_paginator("list_user_proficiencies")
                  .paginate(InstanceId=inst.id, UserId=uid, **kw) for p in page["UserProficiencyList"])


def prof(name, value, level=None):
    p = {"AttributeName": name, "AttributeValue": value}
    if level is not None:
        p["Level"] = level
    return p


def test_associate_list_update_disassociate(connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    create_attribute(connect, inst, "Tier", values=["Gold", "Silver"])
    uid = create_user(connect, inst)["UserId"]
    page = connect.list_user_proficiencies(InstanceId=inst.id, UserId=uid)
    assert page["UserProficiencyList"] == [] and "LastModifiedTime" not in page
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=[
        prof("Language", "English", 4.0), prof("Language", "Spanish", 2.0), prof("Tier", "Gold", 1.0)])
    assert proficiencies(connect, inst, uid) == [("Language", "English", 4.0), ("Language", "Spanish", 2.0),
                                                 ("Tier", "Gold", 1.0)]
    page = connect.list_user_proficiencies(InstanceId=inst.id, UserId=uid)
    assert page["LastModifiedRegion"] == REGION and page["LastModifiedTime"]
    # Associating a pair again sets its level.
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                         UserProficiencies=[prof("Tier", "Gold", 3.0)])
    connect.update_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                      UserProficiencies=[prof("Language", "Spanish", 5.0)])
    assert proficiencies(connect, inst, uid) == [("Language", "English", 4.0), ("Language", "Spanish", 5.0),
                                                 ("Tier", "Gold", 3.0)]
    pages = list(connect.get_paginator("list_user_proficiencies").paginate(
        InstanceId=inst.id, UserId=uid, PaginationConfig={"PageSize": 2}))
    assert [len(p["UserProficiencyList"]) for p in pages] == [2, 1]
    connect.disassociate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=[
        prof("Language", "English"), prof("Tier", "Silver")])
    assert proficiencies(connect, inst, uid) == [("Language", "Spanish", 5.0), ("Tier", "Gold", 3.0)]
    # DescribeUser has no member for proficiencies.
    user = connect.describe_user(InstanceId=inst.id, UserId=uid)["User"]
    assert "Proficiencies" not in user and "AttributeId" not in str(user)


def test_proficiency_refusals(connect, raw_connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    uid = create_user(connect, inst)["UserId"]
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                         UserProficiencies=[prof("Language", "English", 3.0)])
    before = proficiencies(connect, inst, uid)
    for bad in [[prof("Nope", "English", 1.0)], [prof("Language", "Klingon", 1.0)],
                [prof("Language", "Spanish", 2.5)],
                [prof("Language", "Spanish", 1.0), prof("Language", "Spanish", 2.0)]]:
        with expect_error("InvalidParameterException", 400):
            connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=bad)
    for level in (0.0, 6.0):
        with expect_error("InvalidParameterException", 400):
            raw_connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                                     UserProficiencies=[prof("Language", "Spanish", level)])
    with expect_error("InvalidRequestException", 400):
        connect.update_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                          UserProficiencies=[prof("Language", "Spanish", 2.0)])
    with expect_error("ResourceNotFoundException", 404):
        connect.associate_user_proficiencies(InstanceId=inst.id, UserId=UNKNOWN_ID,
                                             UserProficiencies=[prof("Language", "Spanish", 2.0)])
    with expect_error("ResourceNotFoundException", 404):
        connect.list_user_proficiencies(InstanceId=inst.id, UserId=UNKNOWN_ID)
    assert proficiencies(connect, inst, uid) == before


def test_attributes_in_use(connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language", values=["English", "Spanish", "French"])
    uid = create_user(connect, inst)["UserId"]
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                         UserProficiencies=[prof("Language", "English", 3.0)])
    with expect_error("ResourceInUseException", 409):
        connect.delete_predefined_attribute(InstanceId=inst.id, Name="Language")
    # A value nobody holds can go; one a user holds cannot.
    connect.update_predefined_attribute(InstanceId=inst.id, Name="Language",
                                        Values={"StringList": ["English", "Spanish"]})
    with expect_error("InvalidRequestException", 400):
        connect.update_predefined_attribute(InstanceId=inst.id, Name="Language",
                                            Values={"StringList": ["Spanish"]})
    assert describe_attribute(connect, inst, "Language")["Values"]["StringList"] == ["English", "Spanish"]
    connect.disassociate_user_proficiencies(InstanceId=inst.id, UserId=uid,
                                            UserProficiencies=[prof("Language", "English")])
    connect.update_predefined_attribute(InstanceId=inst.id, Name="Language", Values={"StringList": ["Spanish"]})
    connect.delete_predefined_attribute(InstanceId=inst.id, Name="Language")
    # Deleting the user frees the attribute too.
    create_attribute(connect, inst, "Tier", values=["Gold"])
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=uid, UserProficiencies=[prof("Tier", "Gold", 1.0)])
    connect.delete_user(InstanceId=inst.id, UserId=uid)
    connect.delete_predefined_attribute(InstanceId=inst.id, Name="Tier")


def test_search_users_by_proficiency(connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    a = create_user(connect, inst)["UserId"]
    b = create_user(connect, inst)["UserId"]
    create_user(connect, inst)
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=a, UserProficiencies=[
        prof("Language", "English", 5.0), prof("Language", "Spanish", 1.0)])
    connect.associate_user_proficiencies(InstanceId=inst.id, UserId=b, UserProficiencies=[
        prof("Language", "Spanish", 4.0)])

    def found(*conditions):
        r = connect.search_users(InstanceId=inst.id, SearchCriteria={"ListCondition": {
            "TargetListType": "PROFICIENCIES", "Conditions": list(conditions)}})
        return sorted(u["Id"] for u in r["Users"])

    def text(field, value):
        return {"StringCondition": {"FieldName": field, "Value": value, "ComparisonType": "EXACT"}}

    def level(cmp, lo=None, hi=None):
        c = {"FieldName": "limit", "ComparisonType": cmp}
        c.update({k: v for k, v in (("MinValue", lo), ("MaxValue", hi)) if v is not None})
        return {"NumberCondition": c}

    assert found(text("name", "Language")) == sorted([a, b])
    assert found(text("value", "Spanish"), level("GREATER_OR_EQUAL", 3)) == [b]
    assert found(text("value", "English"), level("RANGE", 4, 5)) == [a]
    assert found(text("value", "Spanish"), level("LESSER", hi=2)) == [a]
    with expect_error("InvalidParameterException", 400):
        found(level("RANGE", 1))


def test_aws_cli_proficiencies(aws, connect, instance):
    inst = instance()
    create_attribute(connect, inst, "Language")
    uid = create_user(connect, inst)["UserId"]
    r = aws("connect", "associate-user-proficiencies", "--instance-id", inst.id, "--user-id", uid,
            "--user-proficiencies", "AttributeName=Language,AttributeValue=English,Level=3")
    assert r.rc == 0, r.err
    r = aws("connect", "list-user-proficiencies", "--instance-id", inst.id, "--user-id", uid)
    assert r.rc == 0 and r.out["UserProficiencyList"] == [
        {"AttributeName": "Language", "AttributeValue": "English", "Level": 3.0}], r
