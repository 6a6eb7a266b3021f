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
