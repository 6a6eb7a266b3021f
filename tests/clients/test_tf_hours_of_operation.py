"""Terraform replay: `aws_connect_hours_of_operation` and its data source.

docs/terraform-provider.md, sections aws_connect_hours_of_operation and Data sources, gives
the provider's calls (`hours_of_operation.go`, `hours_of_operation_data_source.go`):
CreateHoursOfOperation, then Read (DescribeHoursOfOperation); Update sends one
UpdateHoursOfOperation with every argument (the description as "" when unset); Delete
tolerates ResourceNotFoundException; "gone" is ResourceNotFoundException. The configurations
are the provider's own (`hours_of_operation_test.go`: time zone "EST", weekday slots)."""
from functools import partial

import pytest

from tfreplay import (assert_gone, assert_no_empty_objects, assert_reads_as_resource, changed,
                      data_source_both_ways, delete_tolerating_gone, find_by_name, import_id,
                      replay_lifecycle, split_import_id, tags_in, tags_out, tf_set, update_tags)


def slot(day: str, start: tuple[int, int], end: tuple[int, int]) -> dict:
    """A `config` block as the configuration (and Read) has it."""
    return {"day": day, "start_time": [{"hours": start[0], "minutes": start[1]}],
            "end_time": [{"hours": end[0], "minutes": end[1]}]}


def expand_config(blocks: list[dict]) -> list[dict]:
    return [{"Day": b["day"],
             "EndTime": {"Hours": b["end_time"][0]["hours"], "Minutes": b["end_time"][0]["minutes"]},
             "StartTime": {"Hours": b["start_time"][0]["hours"], "Minutes": b["start_time"][0]["minutes"]}}
            for b in blocks]


def flatten_config(configs: list[dict]) -> list[dict]:
    out = []
    for c in configs:
        block = {"day": c["Day"]}
        for member, argument in (("EndTime", "end_time"), ("StartTime", "start_time")):
            if member in c:
                block[argument] = [{"hours": c[member].get("Hours", 0), "minutes": c[member].get("Minutes", 0)}]
        out.append(block)
    return tf_set(out)


def flatten(hours: dict, instance_id: str) -> dict:
    """The state Read (resource and data source) sets from a HoursOfOperation."""
    assert_no_empty_objects(hours)
    return {
        "arn": hours["HoursOfOperationArn"],
        "config": flatten_config(hours.get("Config", [])),
        "description": hours.get("Description", ""),
        "hours_of_operation_id": hours["HoursOfOperationId"],
        "instance_id": instance_id,
        "name": hours["Name"],
        "time_zone": hours["TimeZone"],
        "tags": tags_out(hours.get("Tags")),
    }


class HoursOfOperation:
    """The provider's functions for aws_connect_hours_of_operation (ID `instance:hours`)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"Config": expand_config(config["config"]), "InstanceId": config["instance_id"],
                   "Name": config["name"], "TimeZone": config["time_zone"], **tags_in(config)}
        if config.get("description"):
            request["Description"] = config["description"]
        hours_id = self.connect.create_hours_of_operation(**request)["HoursOfOperationId"]
        return import_id(config["instance_id"], hours_id)

    def describe(self, rid: str) -> dict:
        instance_id, hours_id = split_import_id(rid, 2)
        return self.connect.describe_hours_of_operation(InstanceId=instance_id,
                                                        HoursOfOperationId=hours_id)["HoursOfOperation"]

    def read(self, rid: str) -> dict:
        return flatten(self.describe(rid), split_import_id(rid, 2)[0])

    @staticmethod
    def expected(config: dict) -> dict:
        return {"config": tf_set(config["config"]), "description": config.get("description", ""),
                "instance_id": config["instance_id"], "name": config["name"],
                "time_zone": config["time_zone"], "tags": config.get("tags", {})}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["hours_of_operation_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        if changed(old, new, "config", "description", "name", "time_zone"):
            instance_id, hours_id = split_import_id(rid, 2)
            self.connect.update_hours_of_operation(
                Config=expand_config(new["config"]), Description=new.get("description", ""),
                HoursOfOperationId=hours_id, InstanceId=instance_id, Name=new["name"],
                TimeZone=new["time_zone"])

    def delete(self, rid: str) -> None:
        instance_id, hours_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: self.connect.delete_hours_of_operation(
            InstanceId=instance_id, HoursOfOperationId=hours_id))

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.describe(rid))


WEEKDAYS_8_TO_17 = [slot("MONDAY", (8, 0), (17, 0)), slot("TUESDAY", (8, 0), (17, 0))]


def test_hours_of_operation_lifecycle(connect, instance):
    inst = instance()
    config = {"instance_id": inst.id, "name": "Office Hours", "description": "Monday office hours",
              "time_zone": "EST", "config": WEEKDAYS_8_TO_17, "tags": {"Name": "Example Hours of Operation"}}
    updated = {**config, "name": "Office Hours (summer)", "description": "Summer hours",
               "time_zone": "America/New_York",
               "config": [slot("MONDAY", (9, 30), (18, 45)), slot("WEDNESDAY", (0, 0), (0, 0)),
                          slot("FRIDAY", (22, 0), (2, 0))],
               "tags": {"Name": "Example Hours of Operation", "Key2": "Value2b"}}
    replay_lifecycle(HoursOfOperation(connect), config, updated)


def test_hours_of_operation_without_description(connect, instance):
    """description unset: Create leaves it out; Update still sends it, as "" (the provider
    sends every argument); both read back as "" (no diff)."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "No description", "time_zone": "UTC",
              "config": [slot("SUNDAY", (10, 0), (14, 0))]}
    updated = {**config, "name": "Still no description", "config": [slot("SATURDAY", (10, 0), (14, 0))]}
    replay_lifecycle(HoursOfOperation(connect), config, updated)


def test_hours_of_operation_delete_twice_is_success(connect, instance):
    """Delete treats ResourceNotFoundException as success: destroying hours deleted outside
    Terraform works."""
    inst = instance()
    hours = HoursOfOperation(connect)
    rid = hours.create({"instance_id": inst.id, "name": "Gone twice", "time_zone": "UTC",
                        "config": WEEKDAYS_8_TO_17})
    hours.delete(rid)
    hours.delete(rid)
    hours.gone(rid)


def data_source(connect, instance_id: str, *, hours_of_operation_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_hours_of_operation data source (SDK v1): by id DescribeHoursOfOperation;
    by name ListHoursOfOperations (60 a page) and the first with that name, then Describe.
    Sets the deprecated hours_of_operation_arn too."""
    if hours_of_operation_id is None:
        hours_of_operation_id = find_by_name(connect.list_hours_of_operations, "HoursOfOperationSummaryList", name, 60,
                                exactly_one=False, InstanceId=instance_id)["Id"]
    hours = connect.describe_hours_of_operation(InstanceId=instance_id, HoursOfOperationId=hours_of_operation_id)["HoursOfOperation"]
    state = flatten(hours, instance_id)
    state["hours_of_operation_arn"] = hours["HoursOfOperationArn"]
    return state


@pytest.mark.parametrize("name", ["Basic Hours", "Office Hours"])
def test_hours_of_operation_data_source(connect, instance, name):
    inst = instance()
    hours = HoursOfOperation(connect)
    config = {"instance_id": inst.id, "name": "Office Hours", "description": "Monday office hours",
              "time_zone": "EST", "config": WEEKDAYS_8_TO_17, "tags": {"Name": "Example"}}
    resource_state = hours.read(hours.create(config))
    by_name = data_source_both_ways(partial(data_source, connect, inst.id), "hours_of_operation_id", name)
    assert by_name["arn"] == by_name["hours_of_operation_arn"]
    if name == config["name"]:
        assert_reads_as_resource(by_name, resource_state, hours.expected(config))
    else:
        assert by_name["config"], "Basic Hours has its slots"
