"""Hours of operation overrides (Create/Describe/List/Update/Delete/SearchHoursOfOperationOverrides),
parents (ParentHoursOfOperationConfigs, Associate/DisassociateHoursOfOperations,
ListChildHoursOfOperations) and GetEffectiveHoursOfOperations, holidays and daylight saving
time included. Rules: docs/rules.md, *Hours of operation overrides*."""
import pytest

from conftest import create_hours, create_queue, expect_error, hours_config, is_uuid

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"
WHOLE_DAY = [{"StartTime": {"Hours": 0, "Minutes": 0}, "EndTime": {"Hours": 0, "Minutes": 0}}]


def t(h, m=0):
    return {"Hours": h, "Minutes": m}


def create_override(connect, inst, hid, name="Holiday", frm="2026-12-25", till="2026-12-25",
                    config=(), **extra):
    return connect.create_hours_of_operation_override(
        InstanceId=inst.id, HoursOfOperationId=hid, Name=name, EffectiveFrom=frm,
        EffectiveTill=till, Config=list(config), **extra)["HoursOfOperationOverrideId"]


def describe_override(connect, inst, hid, oid):
    return connect.describe_hours_of_operation_override(
        InstanceId=inst.id, HoursOfOperationId=hid,
        HoursOfOperationOverrideId=oid)["HoursOfOperationOverride"]


def effective(connect, inst, hid, frm, to):
    r = connect.get_effective_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=hid,
                                                 FromDate=frm, ToDate=to)
    hours = {d["Date"]: [((h["Start"]["Hours"], h["Start"]["Minutes"]),
                          (h["End"]["Hours"], h["End"]["Minutes"]))
                         for h in d["OperationalHours"]]
             for d in r["EffectiveHoursOfOperationList"]}
    overrides = {d["Date"]: [(h["OverrideName"], h["OperationalStatus"]) for h in d["OverrideHours"]]
                 for d in r["EffectiveOverrideHoursList"]}
    return r, hours, overrides


NINE_TO_FIVE = [((9, 0), (17, 0))]


def test_override_lifecycle(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    arn = connect.describe_hours_of_operation(
        InstanceId=inst.id, HoursOfOperationId=hid)["HoursOfOperation"]["HoursOfOperationArn"]
    oid = create_override(connect, inst, hid, "Christmas", Description="closed")
    assert is_uuid(oid)
    o = describe_override(connect, inst, hid, oid)
    assert o["HoursOfOperationOverrideId"] == oid and o["Name"] == "Christmas"
    assert o["HoursOfOperationId"] == hid and o["HoursOfOperationArn"] == arn
    assert (o["EffectiveFrom"], o["EffectiveTill"]) == ("2026-12-25", "2026-12-25")
    assert o["OverrideType"] == "STANDARD" and o.get("Config", []) == []

    connect.update_hours_of_operation_override(
        InstanceId=inst.id, HoursOfOperationId=hid, HoursOfOperationOverrideId=oid,
        Description="short day", Config=[{"Day": "FRIDAY", "StartTime": t(9), "EndTime": t(12)}])
    o = describe_override(connect, inst, hid, oid)
    assert o["Name"] == "Christmas" and o["Description"] == "short day"
    assert o["Config"] == [{"Day": "FRIDAY", "StartTime": t(9), "EndTime": t(12)}]

    listed = connect.list_hours_of_operation_overrides(InstanceId=inst.id, HoursOfOperationId=hid)
    assert [x["HoursOfOperationOverrideId"] for x in listed["HoursOfOperationOverrideList"]] == [oid]
    assert listed["LastModifiedRegion"] and listed["LastModifiedTime"]

    connect.delete_hours_of_operation_override(InstanceId=inst.id, HoursOfOperationId=hid,
                                               HoursOfOperationOverrideId=oid)
    with expect_error("ResourceNotFoundException", 404):
        describe_override(connect, inst, hid, oid)
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_hours_of_operation_override(InstanceId=inst.id, HoursOfOperationId=hid,
                                                   HoursOfOperationOverrideId=oid)
    assert connect.list_hours_of_operation_overrides(
        InstanceId=inst.id, HoursOfOperationId=hid)["HoursOfOperationOverrideList"] == []


def test_holiday_closed_in_effective_hours(connect, instance):
    """Weekdays 9-17 in New York; an override closes Friday 2026-12-25."""
    inst = instance()
    hid = create_hours(connect, inst)
    create_override(connect, inst, hid, "Christmas", "2026-12-25", "2026-12-25",
                    config=WHOLE_DAY, OverrideType="CLOSED")
    r, hours, overrides = effective(connect, inst, hid, "2026-12-24", "2026-12-28")
    assert r["TimeZone"] == "America/New_York"
    assert hours == {"2026-12-24": NINE_TO_FIVE, "2026-12-25": [], "2026-12-26": [],
                     "2026-12-27": [], "2026-12-28": NINE_TO_FIVE}
    assert overrides == {"2026-12-25": [("Christmas", "CLOSED")]}


def test_standard_override_replaces_the_range(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    # Temporary hours for a week: Monday 10-12 only; the other days of the range are closed.
    create_override(connect, inst, hid, "Stocktake", "2026-03-09", "2026-03-15",
                    config=[{"Day": "MONDAY", "StartTime": t(10), "EndTime": t(12)}])
    _, hours, overrides = effective(connect, inst, hid, "2026-03-06", "2026-03-16")
    assert hours["2026-03-06"] == NINE_TO_FIVE
    assert hours["2026-03-09"] == [((10, 0), (12, 0))]
    assert hours["2026-03-10"] == [] and hours["2026-03-13"] == []
    assert hours["2026-03-16"] == NINE_TO_FIVE
    assert overrides["2026-03-09"] == [("Stocktake", "OPEN")]
    assert overrides["2026-03-10"] == [("Stocktake", "CLOSED")]
    # An OPEN event adds evening hours, a CLOSED one takes lunch away.
    create_override(connect, inst, hid, "Late", "2026-03-17", "2026-03-17", OverrideType="OPEN",
                    config=[{"StartTime": t(17), "EndTime": t(20)}])
    create_override(connect, inst, hid, "Lunch", "2026-03-17", "2026-03-17",
                    OverrideType="CLOSED", config=[{"StartTime": t(12), "EndTime": t(13)}])
    _, hours, _ = effective(connect, inst, hid, "2026-03-17", "2026-03-17")
    assert hours["2026-03-17"] == [((9, 0), (12, 0)), ((13, 0), (20, 0))]


def test_recurring_event(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    # Closing at 15:00 the last Friday of every month.
    create_override(connect, inst, hid, "Early close", "2026-01-01", "2026-12-31",
                    OverrideType="CLOSED",
                    config=[{"Day": "FRIDAY", "StartTime": t(15), "EndTime": t(0)}],
                    RecurrenceConfig={"RecurrencePattern": {
                        "Frequency": "MONTHLY", "Interval": 1, "ByWeekdayOccurrence": [-1]}})
    _, hours, _ = effective(connect, inst, hid, "2026-04-17", "2026-04-24")
    assert hours["2026-04-17"] == NINE_TO_FIVE
    assert hours["2026-04-24"] == [((9, 0), (15, 0))]


def test_daylight_saving_time(connect, instance):
    """Sundays 02:30-04:00 in New York. On 2026-03-08 clocks jump from 02:00 to 03:00, so
    02:30 does not exist: it is read with the offset before the jump (03:30). On 2026-11-01
    01:00-02:00 happens twice, and 02:30 is still 02:30. Paris changes on 2026-03-29."""
    inst = instance()
    config = hours_config(["SUNDAY"], (2, 30), (4, 0))
    ny = create_hours(connect, inst, Config=config, TimeZone="America/New_York")
    paris = create_hours(connect, inst, Config=config, TimeZone="Europe/Paris")
    _, hours, _ = effective(connect, inst, ny, "2026-03-01", "2026-03-29")
    assert hours["2026-03-01"] == [((2, 30), (4, 0))]
    assert hours["2026-03-08"] == [((3, 30), (4, 0))]
    assert hours["2026-03-15"] == [((2, 30), (4, 0))]
    _, hours, _ = effective(connect, inst, ny, "2026-11-01", "2026-11-01")
    assert hours["2026-11-01"] == [((2, 30), (4, 0))]
    _, hours, _ = effective(connect, inst, paris, "2026-03-08", "2026-03-29")
    assert hours["2026-03-08"] == [((2, 30), (4, 0))]
    assert hours["2026-03-29"] == [((3, 30), (4, 0))]
    # Changing the time zone changes which Sunday loses the half hour.
    connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=paris,
                                      TimeZone="America/New_York")
    _, hours, _ = effective(connect, inst, paris, "2026-03-08", "2026-03-29")
    assert hours["2026-03-08"] == [((3, 30), (4, 0))] and hours["2026-03-29"] == [((2, 30), (4, 0))]


def test_effective_hours_validation(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    for frm, to in [("2026-03-02", "2026-03-01"), ("2026-02-30", "2026-03-01"),
                    ("2026-01-01", "2027-01-02")]:
        with expect_error("InvalidParameterException", 400):
            effective(connect, inst, hid, frm, to)
    _, hours, _ = effective(connect, inst, hid, "2028-01-01", "2028-12-31")  # a leap year
    assert len(hours) == 366
    with expect_error("ResourceNotFoundException", 404):
        effective(connect, inst, UNKNOWN_ID, "2026-01-01", "2026-01-02")


@pytest.mark.parametrize("bad", [
    {"EffectiveFrom": "2026-12-26", "EffectiveTill": "2026-12-25"},
    {"EffectiveFrom": "2026-13-01"},
    {"Config": [{"StartTime": t(12), "EndTime": t(9)}]},
    {"Config": [{"StartTime": t(9)}]},
    {"Config": [{"StartTime": t(9), "EndTime": t(12)},
                {"Day": "MONDAY", "StartTime": t(11), "EndTime": t(13)}]},
    {"RecurrenceConfig": {"RecurrencePattern": {"Frequency": "WEEKLY", "Interval": 1}}},
    {"OverrideType": "CLOSED", "RecurrenceConfig": {"RecurrencePattern": {
        "Frequency": "MONTHLY", "Interval": 1, "ByMonthDay": [1], "ByWeekdayOccurrence": [1]}}},
    {"OverrideType": "CLOSED", "RecurrenceConfig": {"RecurrencePattern": {
        "Frequency": "WEEKLY", "Interval": 1, "ByMonth": [12]}}},
])
def test_override_validation(connect, instance, bad):
    inst = instance()
    hid = create_hours(connect, inst)
    req = {"InstanceId": inst.id, "HoursOfOperationId": hid, "Name": "x",
           "EffectiveFrom": "2026-12-25", "EffectiveTill": "2026-12-25", "Config": []}
    req.update(bad)
    with expect_error("InvalidParameterException", 400):
        connect.create_hours_of_operation_override(**req)
    assert connect.list_hours_of_operation_overrides(
        InstanceId=inst.id, HoursOfOperationId=hid)["HoursOfOperationOverrideList"] == []


def test_model_validation(raw_connect, instance):
    inst = instance()
    hid = create_hours(raw_connect, inst)
    with expect_error("InvalidParameterException", 400) as err:
        raw_connect.create_hours_of_operation_override(
            InstanceId=inst.id, HoursOfOperationId=hid, Name="x", EffectiveFrom="25/12/2026",
            EffectiveTill="2026-12-25", Config=[])
    assert err.message.startswith("1 validation error detected"), err.message


def test_duplicates_overlaps_and_quota(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    other = create_hours(connect, inst)
    oid = create_override(connect, inst, hid, "Same", "2026-01-01", "2026-01-05")
    with expect_error("DuplicateResourceException", 409):
        create_override(connect, inst, hid, "Same", "2026-02-01", "2026-02-01")
    create_override(connect, inst, other, "Same", "2026-02-01", "2026-02-01")  # other hours
    # Two STANDARD overrides on one date are refused, OPEN/CLOSED events are not.
    with expect_error("InvalidParameterException", 400) as err:
        create_override(connect, inst, hid, "Overlap", "2026-01-05", "2026-01-09")
    assert "Same" in err.message
    create_override(connect, inst, hid, "Event", "2026-01-05", "2026-01-09", OverrideType="CLOSED")
    second = create_override(connect, inst, hid, "Second", "2026-01-10", "2026-01-10")
    with expect_error("DuplicateResourceException", 409):
        connect.update_hours_of_operation_override(
            InstanceId=inst.id, HoursOfOperationId=hid, HoursOfOperationOverrideId=second,
            Name="Same")
    with expect_error("InvalidParameterException", 400):
        connect.update_hours_of_operation_override(
            InstanceId=inst.id, HoursOfOperationId=hid, HoursOfOperationOverrideId=second,
            EffectiveFrom="2026-01-03")
    assert describe_override(connect, inst, hid, second)["EffectiveFrom"] == "2026-01-10"
    # Up to 50 overrides per hours of operation.
    for i in range(47):
        create_override(connect, inst, hid, f"e{i}", OverrideType="OPEN")
    with expect_error("LimitExceededException", 429):
        create_override(connect, inst, hid, "one too many", OverrideType="OPEN")
    connect.delete_hours_of_operation_override(InstanceId=inst.id, HoursOfOperationId=hid,
                                               HoursOfOperationOverrideId=oid)
    create_override(connect, inst, hid, "fits again", OverrideType="OPEN")


def test_missing_references(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    with expect_error("ResourceNotFoundException", 404):
        create_override(connect, inst, UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        describe_override(connect, inst, hid, UNKNOWN_ID)
    with expect_error("ResourceNotFoundException", 404):
        connect.update_hours_of_operation_override(
            InstanceId=inst.id, HoursOfOperationId=hid, HoursOfOperationOverrideId=UNKNOWN_ID,
            Name="x")
    with expect_error("ResourceNotFoundException", 404):
        connect.list_hours_of_operation_overrides(InstanceId=UNKNOWN_ID, HoursOfOperationId=hid)
    # An override is found only under its own hours.
    oid = create_override(connect, inst, hid)
    with expect_error("ResourceNotFoundException", 404):
        describe_override(connect, inst, create_hours(connect, inst), oid)


def test_overrides_go_with_their_hours(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    create_override(connect, inst, hid)
    qid = create_queue(connect, inst, hid)
    with expect_error("InvalidRequestException", 400):
        connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid)
    connect.update_queue_hours_of_operation(InstanceId=inst.id, QueueId=qid,
                                            HoursOfOperationId=create_hours(connect, inst))
    connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=hid)
    assert connect.search_hours_of_operation_overrides(
        InstanceId=inst.id)["HoursOfOperationOverrides"] == []


def test_list_pagination(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    ids = {create_override(connect, inst, hid, f"o{i}", OverrideType="OPEN") for i in range(7)}
    pages = list(connect.get_paginator("list_hours_of_operation_overrides").paginate(
        InstanceId=inst.id, HoursOfOperationId=hid, PaginationConfig={"PageSize": 3}))
    assert [len(p["HoursOfOperationOverrideList"]) for p in pages] == [3, 3, 1]
    assert {o["HoursOfOperationOverrideId"] for p in pages
            for o in p["HoursOfOperationOverrideList"]} == ids
    with expect_error("InvalidParameterException", 400):
        connect.list_hours_of_operation_overrides(InstanceId=inst.id, HoursOfOperationId=hid,
                                                  NextToken="garbage")


def test_search_overrides(connect, instance):
    inst = instance()
    a = create_hours(connect, inst, Tags={"site": "paris"})
    b = create_hours(connect, inst)
    xmas = create_override(connect, inst, a, "Christmas", "2026-12-25", "2026-12-25")
    ny = create_override(connect, inst, a, "New Year", "2027-01-01", "2027-01-01")
    bx = create_override(connect, inst, b, "Christmas Eve", "2026-12-24", "2026-12-24")

    def search(**kw):
        r = connect.search_hours_of_operation_overrides(InstanceId=inst.id, **kw)
        return sorted(o["HoursOfOperationOverrideId"] for o in r["HoursOfOperationOverrides"]), \
            r["ApproximateTotalCount"]

    starts = {"StringCondition": {"FieldName": "name", "Value": "Christmas",
                                  "ComparisonType": "STARTS_WITH"}}
    assert search(SearchCriteria=starts) == (sorted([xmas, bx]), 2)
    assert search(SearchCriteria={"DateCondition": {"FieldName": "EffectiveFrom",
                                                    "Value": "2026-12-25",
                                                    "ComparisonType": "GREATER_THAN_OR_EQUAL_TO"}}) \
        == (sorted([xmas, ny]), 2)
    assert search(SearchCriteria={"AndConditions": [starts, {"DateCondition": {
        "FieldName": "effectiveTill", "Value": "2026-12-25", "ComparisonType": "LESS_THAN"}}]}) \
        == ([bx], 1)
    assert search(SearchCriteria={"StringCondition": {"FieldName": "hoursOfOperationId",
                                                      "Value": b, "ComparisonType": "EXACT"}}) \
        == ([bx], 1)
    assert search(SearchFilter={"TagFilter": {"TagCondition": {"TagKey": "site",
                                                                "TagValue": "paris"}}}) \
        == (sorted([xmas, ny]), 2)
    pages = list(connect.get_paginator("search_hours_of_operation_overrides").paginate(
        InstanceId=inst.id, PaginationConfig={"PageSize": 2}))
    assert [len(p["HoursOfOperationOverrides"]) for p in pages] == [2, 1]
    found = next(o for o in pages[0]["HoursOfOperationOverrides"])
    assert found["HoursOfOperationId"] in (a, b) and found["EffectiveFrom"]
    with expect_error("InvalidParameterException", 400):
        search(SearchCriteria={"StringCondition": {"FieldName": "color", "Value": "x",
                                                   "ComparisonType": "EXACT"}})


def test_parents_and_children(connect, instance):
    """A child inherits its parents' overrides; the parents are listed on the child, the
    children on the parent; a parent cannot be deleted while a child inherits from it."""
    inst = instance()
    holidays = create_hours(connect, inst, "Company holidays")
    create_override(connect, inst, holidays, "Christmas", "2026-12-25", "2026-12-25")
    child = create_hours(connect, inst, "Paris office", TimeZone="Europe/Paris",
                         ParentHoursOfOperationConfigs=[{"HoursOfOperationId": holidays}])
    h = connect.describe_hours_of_operation(InstanceId=inst.id,
                                            HoursOfOperationId=child)["HoursOfOperation"]
    assert [(p["Id"], p["Name"]) for p in h["ParentHoursOfOperations"]] == \
        [(holidays, "Company holidays")]
    assert h["ParentHoursOfOperations"][0]["Arn"].endswith(f"/operating-hours/{holidays}")
    _, hours, overrides = effective(connect, inst, child, "2026-12-24", "2026-12-25")
    assert hours == {"2026-12-24": NINE_TO_FIVE, "2026-12-25": []}
    assert overrides == {"2026-12-25": [("Christmas", "CLOSED")]}
    # The child's own STANDARD override wins over the inherited one.
    create_override(connect, inst, child, "Open anyway", "2026-12-25", "2026-12-25",
                    config=[{"StartTime": t(10), "EndTime": t(12)}])
    _, hours, _ = effective(connect, inst, child, "2026-12-25", "2026-12-25")
    assert hours == {"2026-12-25": [((10, 0), (12, 0))]}

    other = create_hours(connect, inst, "Berlin office")
    connect.associate_hours_of_operations(
        InstanceId=inst.id, HoursOfOperationId=other,
        ParentHoursOfOperationConfigs=[{"HoursOfOperationId": holidays}])
    children = connect.list_child_hours_of_operations(InstanceId=inst.id,
                                                      HoursOfOperationId=holidays)
    assert sorted((c["Id"], c["Name"]) for c in children["ChildHoursOfOperationsSummaryList"]) == \
        sorted([(child, "Paris office"), (other, "Berlin office")])
    pages = list(connect.get_paginator("list_child_hours_of_operations").paginate(
        InstanceId=inst.id, HoursOfOperationId=holidays, PaginationConfig={"PageSize": 1}))
    assert len(pages) == 2
    # Renaming the parent shows on its children.
    connect.update_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=holidays,
                                      Name="Holidays 2026")
    h = connect.describe_hours_of_operation(InstanceId=inst.id,
                                            HoursOfOperationId=other)["HoursOfOperation"]
    assert h["ParentHoursOfOperations"][0]["Name"] == "Holidays 2026"
    found = connect.search_hours_of_operations(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "name", "Value": "Berlin office",
                            "ComparisonType": "EXACT"}})["HoursOfOperations"]
    assert found[0]["ParentHoursOfOperations"][0]["Name"] == "Holidays 2026"

    with expect_error("InvalidRequestException", 400):
        connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=holidays)
    for c in (child, other):
        connect.disassociate_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=c,
                                                 ParentHoursOfOperationIds=[holidays])
    assert "ParentHoursOfOperations" not in connect.describe_hours_of_operation(
        InstanceId=inst.id, HoursOfOperationId=other)["HoursOfOperation"]
    _, hours, _ = effective(connect, inst, other, "2026-12-25", "2026-12-25")
    assert hours == {"2026-12-25": NINE_TO_FIVE}
    assert connect.list_child_hours_of_operations(
        InstanceId=inst.id, HoursOfOperationId=holidays)["ChildHoursOfOperationsSummaryList"] == []
    connect.delete_hours_of_operation(InstanceId=inst.id, HoursOfOperationId=holidays)


def test_parent_rules(connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    # A parent that does not exist, or the hours itself.
    with expect_error("InvalidParameterException", 400):
        create_hours(connect, inst, ParentHoursOfOperationConfigs=[{"HoursOfOperationId": UNKNOWN_ID}])
    with expect_error("InvalidParameterException", 400):
        connect.associate_hours_of_operations(
            InstanceId=inst.id, HoursOfOperationId=hid,
            ParentHoursOfOperationConfigs=[{"HoursOfOperationId": UNKNOWN_ID}])
    with expect_error("InvalidParameterException", 400):
        connect.associate_hours_of_operations(
            InstanceId=inst.id, HoursOfOperationId=hid,
            ParentHoursOfOperationConfigs=[{"HoursOfOperationId": hid}])
    with expect_error("ResourceNotFoundException", 404):
        connect.associate_hours_of_operations(
            InstanceId=inst.id, HoursOfOperationId=UNKNOWN_ID,
            ParentHoursOfOperationConfigs=[{"HoursOfOperationId": hid}])
    with expect_error("ResourceNotFoundException", 404):
        connect.list_child_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=UNKNOWN_ID)
    # At most three parents; associating one twice keeps it once.
    parents = [create_hours(connect, inst) for _ in range(4)]
    configs = [{"HoursOfOperationId": p} for p in parents]
    connect.associate_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=hid,
                                          ParentHoursOfOperationConfigs=configs[:2])
    connect.associate_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=hid,
                                          ParentHoursOfOperationConfigs=configs[1:3])
    with expect_error("ServiceQuotaExceededException", 402):
        connect.associate_hours_of_operations(InstanceId=inst.id, HoursOfOperationId=hid,
                                              ParentHoursOfOperationConfigs=configs[3:])
    h = connect.describe_hours_of_operation(InstanceId=inst.id,
                                            HoursOfOperationId=hid)["HoursOfOperation"]
    assert [p["Id"] for p in h["ParentHoursOfOperations"]] == parents[:3]


def test_cli_overrides(aws, connect, instance):
    inst = instance()
    hid = create_hours(connect, inst)
    rc, out, err = aws("connect", "create-hours-of-operation-override", "--instance-id", inst.id,
                       "--hours-of-operation-id", hid, "--name", "Holiday",
                       "--effective-from", "2026-07-03", "--effective-till", "2026-07-03",
                       "--override-type", "CLOSED", "--config",
                       "StartTime={Hours=0,Minutes=0},EndTime={Hours=0,Minutes=0}")
    assert rc == 0, err
    oid = out["HoursOfOperationOverrideId"]
    rc, out, err = aws("connect", "list-hours-of-operation-overrides", "--instance-id", inst.id,
                       "--hours-of-operation-id", hid)
    assert rc == 0, err
    assert [o["Name"] for o in out["HoursOfOperationOverrideList"]] == ["Holiday"]
    rc, out, err = aws("connect", "get-effective-hours-of-operations", "--instance-id", inst.id,
                       "--hours-of-operation-id", hid, "--from-date", "2026-07-02",
                       "--to-date", "2026-07-03")
    assert rc == 0, err
    assert [len(d["OperationalHours"]) for d in out["EffectiveHoursOfOperationList"]] == [1, 0]
    rc, out, err = aws("connect", "create-hours-of-operation-override", "--instance-id", inst.id,
                       "--hours-of-operation-id", hid, "--name", "Holiday",
                       "--effective-from", "2026-08-03", "--effective-till", "2026-08-03",
                       "--config", "[]")
    assert rc == 255 and "DuplicateResourceException" in err
    rc, _, err = aws("connect", "delete-hours-of-operation-override", "--instance-id", inst.id,
                     "--hours-of-operation-id", hid, "--hours-of-operation-override-id", oid)
    assert rc == 0, err
