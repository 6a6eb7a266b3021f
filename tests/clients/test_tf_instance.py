"""Terraform replay: `aws_connect_instance` and its data source, and the instance
attributes behind them (DescribeInstanceAttribute, UpdateInstanceAttribute,
ListInstanceAttributes).

docs/terraform-provider.md, section aws_connect_instance, gives the provider's calls
(`instance.go`, `instance_data_source.go`): CreateInstance, the "created" waiter,
UpdateInstanceAttribute for each of the seven attributes it manages, then Read
(DescribeInstance and DescribeInstanceAttribute for each); Update calls
UpdateInstanceAttribute for the changed attributes; Delete, the "deleted" waiter, and the
read that must find the instance gone."""
import random
import re
import time
import uuid

import pytest

from conftest import expect_error, unique_alias
from tfreplay import (assert_gone, assert_no_empty_objects, paginate, replay_lifecycle, status_of, update_tags,
                      wait_for)

# The attributes the provider manages: argument → (AttributeType, schema default; None =
# required argument).
ATTRIBUTES = {
    "auto_resolve_best_voices_enabled": ("AUTO_RESOLVE_BEST_VOICES", True),
    "contact_flow_logs_enabled": ("CONTACTFLOW_LOGS", False),
    "contact_lens_enabled": ("CONTACT_LENS", True),
    "early_media_enabled": ("EARLY_MEDIA", True),
    "inbound_calls_enabled": ("INBOUND_CALLS", None),
    "multi_party_conference_enabled": ("MULTI_PARTY_CONFERENCE", False),
    "outbound_calls_enabled": ("OUTBOUND_CALLS", None),
}

# Go's strconv.ParseBool, which the provider reads each attribute's Value with.
GO_BOOLS = {"1": True, "t": True, "T": True, "TRUE": True, "true": True, "True": True,
            "0": False, "f": False, "F": False, "FALSE": False, "false": False, "False": False}


def go_bool(value: str) -> bool:
    assert value in GO_BOOLS, f"{value!r} does not parse as a Go boolean: the read would fail"
    return GO_BOOLS[value]


def tf_value(on: bool) -> str:
    return "true" if on else "false"


def read_attributes(connect, instance_id: str) -> dict:
    out = {}
    for argument, (attribute_type, _) in ATTRIBUTES.items():
        answer = connect.describe_instance_attribute(InstanceId=instance_id, AttributeType=attribute_type)
        assert answer["Attribute"]["AttributeType"] == attribute_type
        out[argument] = go_bool(answer["Attribute"]["Value"])
    return out


def read(connect, instance_id: str) -> dict:
    """The resource's Read: DescribeInstance, then the seven attributes; the state."""
    instance = connect.describe_instance(InstanceId=instance_id)["Instance"]
    assert_no_empty_objects(instance)
    state = {
        "arn": instance["Arn"],
        "created_time": instance.get("CreatedTime"),
        "identity_management_type": instance["IdentityManagementType"],
        "inbound_calls_enabled": instance["InboundCallsEnabled"],
        "instance_alias": instance.get("InstanceAlias", ""),
        "outbound_calls_enabled": instance["OutboundCallsEnabled"],
        "service_role": instance.get("ServiceRole", ""),
        "status": instance["InstanceStatus"],
        "tags": instance.get("Tags", {}),
    }
    attributes = read_attributes(connect, instance_id)
    # The Instance's flags and the INBOUND_CALLS/OUTBOUND_CALLS attributes are one value.
    assert attributes["inbound_calls_enabled"] == state["inbound_calls_enabled"]
    assert attributes["outbound_calls_enabled"] == state["outbound_calls_enabled"]
    state.update(attributes)
    return state


def configured(config: dict) -> dict:
    """The attribute arguments of a configuration, with the schema's defaults."""
    return {arg: config.get(arg, default) for arg, (_, default) in ATTRIBUTES.items()}


def create(connect, config: dict) -> str:
    request = {
        "ClientToken": f"terraform-{time.strftime('%Y%m%d%H%M%S')}{random.randint(0, 9999):04d}",
        "IdentityManagementType": config["identity_management_type"],
        "InboundCallsEnabled": config["inbound_calls_enabled"],
        "OutboundCallsEnabled": config["outbound_calls_enabled"],
        "InstanceAlias": config["instance_alias"],
    }
    if config.get("tags"):
        request["Tags"] = config["tags"]
    instance_id = connect.create_instance(**request)["Id"]
    status = status_of(lambda: connect.describe_instance(InstanceId=instance_id), ["Instance", "InstanceStatus"])
    assert wait_for(status, pending=["CREATION_IN_PROGRESS"], target=["ACTIVE"]) == "ACTIVE"
    # Every attribute, whatever its value, in Go's map order (random).
    items = list(configured(config).items())
    random.shuffle(items)
    for argument, on in items:
        connect.update_instance_attribute(InstanceId=instance_id, AttributeType=ATTRIBUTES[argument][0], Value=tf_value(on))
    return instance_id


def delete(connect, instance_id: str) -> None:
    connect.delete_instance(InstanceId=instance_id)
    status = status_of(lambda: connect.describe_instance(InstanceId=instance_id), ["Instance", "InstanceStatus"])
    assert wait_for(status, pending=["ACTIVE"], target=[]) is None


class Instance:
    """The provider's functions for aws_connect_instance (ID: the instance id), as
    tfreplay.replay_lifecycle takes them."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        return create(self.connect, config)

    def read(self, rid: str) -> dict:
        return read(self.connect, rid)

    @staticmethod
    def expected(config: dict) -> dict:
        return {**configured(config), "identity_management_type": config["identity_management_type"],
                "instance_alias": config["instance_alias"], "tags": config.get("tags", {}), "status": "ACTIVE"}

    @staticmethod
    def import_id(state: dict) -> str:
        return state["arn"].rsplit("/", 1)[1]

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        """The tag interceptor, then UpdateInstanceAttribute for each changed attribute only."""
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        before = configured(old)
        for argument, on in configured(new).items():
            if on != before[argument]:
                self.connect.update_instance_attribute(InstanceId=rid, AttributeType=ATTRIBUTES[argument][0],
                                                       Value=tf_value(on))

    def delete(self, rid: str) -> None:
        delete(self.connect, rid)

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.connect.describe_instance(InstanceId=rid))


def test_instance_lifecycle(connect):
    config = {"identity_management_type": "CONNECT_MANAGED", "instance_alias": unique_alias("tf"),
              "inbound_calls_enabled": True, "outbound_calls_enabled": False,
              "multi_party_conference_enabled": True, "tags": {"env": "test"}}
    updated = {**config, "contact_flow_logs_enabled": True, "early_media_enabled": False,
               "outbound_calls_enabled": True, "tags": {"env": "prod", "team": "blue"}}
    state = replay_lifecycle(Instance(connect), config, updated)
    assert re.fullmatch(r"arn:aws:connect:[a-z0-9-]+:\d{12}:instance/[0-9a-f-]{36}", state["arn"])
    assert state["outbound_calls_enabled"] is True, "the OUTBOUND_CALLS attribute is the instance's flag"


def test_instance_with_every_default(connect):
    """A configuration that sets only the required arguments reads back the schema's
    defaults, which are a new instance's values before any update."""
    config = {"identity_management_type": "CONNECT_MANAGED", "instance_alias": unique_alias("tf"),
              "inbound_calls_enabled": True, "outbound_calls_enabled": True}
    instance_id = connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=config["instance_alias"],
                                          InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
    assert read_attributes(connect, instance_id) == configured(config), "a new instance has the provider's defaults"
    delete(connect, instance_id)


def data_source_by(connect, *, instance_id=None, alias=None) -> dict:
    """The data source: by id DescribeInstance, by alias ListInstances (10 a page) with
    exactly one match; then the seven attributes."""
    if instance_id:
        instance = connect.describe_instance(InstanceId=instance_id)["Instance"]
    else:
        matches = [s for s in paginate(connect.list_instances, "InstanceSummaryList", 10) if s.get("InstanceAlias") == alias]
        assert len(matches) == 1, matches
        instance = matches[0]
    state = {"instance_id": instance["Id"], "arn": instance["Arn"], "status": instance["InstanceStatus"]}
    state.update(read_attributes(connect, instance["Id"]))
    return state


def test_instance_data_source(connect, instance):
    inst = instance(InboundCallsEnabled=True, OutboundCallsEnabled=False)
    connect.update_instance_attribute(InstanceId=inst.id, AttributeType="CONTACT_LENS", Value="false")
    alias = connect.describe_instance(InstanceId=inst.id)["Instance"]["InstanceAlias"]
    by_id = data_source_by(connect, instance_id=inst.id)
    assert by_id == data_source_by(connect, alias=alias)
    assert by_id["contact_lens_enabled"] is False and by_id["outbound_calls_enabled"] is False
    assert by_id["inbound_calls_enabled"] is True and by_id["early_media_enabled"] is True


def test_list_instance_attributes_pages_every_type(connect, instance):
    inst = instance(OutboundCallsEnabled=False)
    connect.update_instance_attribute(InstanceId=inst.id, AttributeType="ENHANCED_CONTACT_MONITORING", Value="TRUE")
    pages = []
    for page in connect.get_paginator("list_instance_attributes").paginate(InstanceId=inst.id):
        pages.append(page["Attributes"])
    assert [len(p) for p in pages] == [7, 7]
    listed = {a["AttributeType"]: a["Value"] for page in pages for a in page}
    model_types = connect.meta.service_model.shape_for("InstanceAttributeType").enum
    assert list(listed) == list(model_types), "every type of the model, in its order"
    assert listed["ENHANCED_CONTACT_MONITORING"] == "true", "stored as true/false whatever the case sent"
    assert listed["OUTBOUND_CALLS"] == "false" and listed["INBOUND_CALLS"] == "true"
    assert listed["CONTACT_LENS"] == "true" and listed["HIGH_VOLUME_OUTBOUND"] == "false"
    one = connect.list_instance_attributes(InstanceId=inst.id, MaxResults=1)
    assert len(one["Attributes"]) == 1 and one["NextToken"]


def test_attribute_errors(connect, raw_connect, instance):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as e:
        connect.update_instance_attribute(InstanceId=inst.id, AttributeType="EARLY_MEDIA", Value="yes")
    assert "true or false" in e.message
    assert connect.describe_instance_attribute(InstanceId=inst.id, AttributeType="EARLY_MEDIA")["Attribute"]["Value"] == "true", \
        "bad input changes nothing"
    with expect_error("InvalidParameterException", 400):
        raw_connect.describe_instance_attribute(InstanceId=inst.id, AttributeType="NOT_AN_ATTRIBUTE")
    missing = str(uuid.uuid4())
    for call in (lambda: connect.describe_instance_attribute(InstanceId=missing, AttributeType="EARLY_MEDIA"),
                 lambda: connect.update_instance_attribute(InstanceId=missing, AttributeType="EARLY_MEDIA", Value="true"),
                 lambda: connect.list_instance_attributes(InstanceId=missing)):
        with expect_error("ResourceNotFoundException", 404):
            call()


@pytest.mark.parametrize("attribute", ["INBOUND_CALLS", "OUTBOUND_CALLS"])
def test_call_attributes_are_the_instance_flags(connect, instance, attribute):
    inst = instance(InboundCallsEnabled=True, OutboundCallsEnabled=True)
    connect.update_instance_attribute(InstanceId=inst.id, AttributeType=attribute, Value="false")
    member = {"INBOUND_CALLS": "InboundCallsEnabled", "OUTBOUND_CALLS": "OutboundCallsEnabled"}[attribute]
    assert connect.describe_instance(InstanceId=inst.id)["Instance"][member] is False
    summary = [s for s in paginate(connect.list_instances, "InstanceSummaryList") if s["Id"] == inst.id]
    assert summary and summary[0][member] is False
