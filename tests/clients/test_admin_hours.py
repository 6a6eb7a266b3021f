"""Hours of operation: Create/Describe/List/Update/Delete/SearchHoursOfOperations."""
import datetime as dt

import pytest

from conftest import (BASIC_HOURS, REGION, create_hours, create_queue, expect_error,
                      hours_config, is_uuid)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, hid):
    return connect.describe_hours_of_operation(InstanceId=inst.id,
                                               HoursOfOperationId=hid)["HoursOfOperation"]


def hours_names(connect, inst):
    return sorted(h["Name"] for p in connect.get_paginator("list_hours_of_operations")
                  .paginate(InstanceId=inst.id) for h in p["HoursOfOperationSummaryList"])


def test_create_describe_list(connect, instance):
    inst = instance()
    t0 = dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=5)
    resp = connect.create_hours_of_operation(
        InstanceId=inst.id, Name="Office", Description="weekdays", TimeZone="Europe/Paris",
        Config=hours_config(), Tags={"site": "paris"})
    hid = resp["HoursOfOperationId"]
    assert is_uuid(hid)
    assert resp["HoursOfOperationArn"] == f"{inst.arn}/operating-hours/{hid}"
    h = describe(connect, inst, hid)
    assert h["Name"] == "Office" and h["Description"] == "weekdays"
    assert h["TimeZone"] == "Europe/Paris"
    assert sorted(c["Day"] for c in h["Config"]) == sorted(
        ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"])
    assert h["Config"][0]["StartTime"] == {"Hours": 9, "Minutes": 0}
    assert h["Tags"] == {"site": "paris"}
    assert h["LastModifiedTime"] >= t0 and h["LastModifiedRegion"] == REGION
    assert hours_names(connect, inst) == sorted([BASIC_HOURS, "Office"])


@pytest.mark.parametrize("tz", ["Mars/Olympus", "EST5", "new_york"])
def test_unknown_time_zone_refused(connect, instance, tz):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as err:
        create_hours(connect, inst, TimeZone=tz)
    assert tz in err.message
    assert hours_names(connect, inst) == [BASIC_HOURS]


def test_overlapping_slots_refused(connect, instance):
    inst = instance()
    config = hours_config(["MONDAY"], (9, 0), (12, 0)) + hours_config(["MONDAY"], (11, 0), (14, 0))
    with expect_error("InvalidParameterException", 400) as err:
        create_hours(connect, inst, Config=config)
    assert "MONDAY" in err.message
    # the same two slots on different days are fine, and so is an overnight slot
    ok = hours_config(["MONDAY"], (9, 0), (12, 0)) + hours_config(["TUESDAY"], (22, 0), (6, 0))
    hid = create_hours(connect, inst, Config=ok)
    assert len(describe(connect, inst, hid)["Config"]) == 2


def test_time_out_of_range_refused_by_server(raw_connect, instance):
    inst = instance()
    bad = hours_config(["MONDAY"], (9, 0), (24, 0))
    with expect_error("InvalidParameterException", 400) as err:
        create_hours(raw_connect, inst, Config=bad)
    assert err.message.startswith("1 validation error detected"), err.message


def test_duplicate_name(connect, instance):
    inst = instance()
    create_hours(connect, inst, "Same")
    with expect_error("DuplicateResourceException", 409):
        create_hours(connect, inst, "Same")
    with expect_error("DuplicateResourceException", 409):
        create_hours(connect, inst, BASIC_HOURS)


def test_update(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst, "Before", Description="kept")
    before = describe(connect, inst, hid)
    connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid, Name="After",
                                      TimeZone="Asia/Tokyo",
                                      Config=hours_config(["SATURDAY"], (10, 30), (14, 0)))
    h = describe(connect, inst, hid)
    assert h["Name"] == "After" and h["TimeZone"] == "Asia/Tokyo"
    assert h["Config"] == [{"Day": "SATURDAY", "StartTime": {"Hours": 10, "Minutes": 30},
                            "EndTime": {"Hours": 14, "Minutes": 0}}]
    assert h["Description"] == "kept"
    assert h["LastModifiedTime"] >= before["LastModifiedTime"]
    # the old name is free again, the new one taken
    create_hours(connect, inst, "Before")
    with expect_error("DuplicateResourceException", 409):
        connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid,
                                          Name=BASIC_HOURS)
    with expect_error("InvalidParameterException", 400):
        connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid,
                                          TimeZone="Nowhere/City")
    assert describe(connect, inst, hid)["Name"] == "After"


def test_delete_and_in_use(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    qid = create_queue(connect, inst, hid)
    with expect_error("InvalidRequestException", 400) as err:
        connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid)
    assert "in use" in err.message
    describe(connect, inst, hid)  # still there
    other = create_hours(connect, inst)
    connect.update_queue_hours_of_operation(InstanceId=inst.id, QueueId=qid,
                                            HoursOfOperationId=other)
    connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, hid)
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid)


def test_unknown_ids(connect, instance):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=UNKNOWN_ID,
                                          Name="x")
    with expect_error("ResourceNotFoundException", 404):
        connect.create_hours_of_operation(InstanceId=UNKNOWN_ID, Name="x", TimeZone="UTC",
                                          Config=hours_config())


def test_search(connect, instance):
    inst = instance()
    a = create_hours(connect, inst, "Support Paris", TimeZone="Europe/Paris", Tags={"t": "1"})
    b = create_hours(connect, inst, "Support Tokyo", TimeZone="Asia/Tokyo")
    create_hours(connect, inst, "Sales")

    def search(**kw):
        r = connect.search_hours_of_operations(InstanceId=inst.id, **kw)
        return sorted(h["HoursOfOperationId"] for h in r["HoursOfOperations"]), \
            r["ApproximateTotalCount"]

    crit = {"StringCondition": {"FieldName": "name", "Value": "Support",
                                "ComparisonType": "STARTS_WITH"}}
    assert search(SearchCriteria=crit) == (sorted([a, b]), 2)
    assert search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "t", "TagValue": "1"}}}) \
        == ([a], 1)
    assert search()[1] == 4  # with Basic Hours
    r = connect.search_hours_of_operations(InstanceId=inst.id, SearchCriteria=crit)
    assert {h["Name"] for h in r["HoursOfOperations"]} == {"Support Paris", "Support Tokyo"}
    with expect_error("InvalidParameterException", 400):
        connect.search_hours_of_operations(InstanceId=inst.id, SearchCriteria={
            "StringCondition": {"FieldName": "color", "Value": "x", "ComparisonType": "EXACT"}})
