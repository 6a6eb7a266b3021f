"""Terraform replay: `aws_connect_queue` and its data source.

docs/terraform-provider.md, sections aws_connect_queue and Data sources, gives the provider's
calls (`queue.go`, `queue_data_source.go`): CreateQueue (Description, MaxContacts,
OutboundCallerConfig with only its non-empty members, QuickConnectIds when non-empty); Read is
DescribeQueue then ListQueueQuickConnects (60 a page, all pages); Update, each only if changed
and in this order: UpdateQueueHoursOfOperation, UpdateQueueMaxContacts, UpdateQueueName (name
and description both sent), UpdateQueueOutboundCallerConfig, UpdateQueueStatus, then
AssociateQueueQuickConnects for the added ids and DisassociateQueueQuickConnects for the
removed ones, 50 at a time; Delete is retried for a minute while DeleteQueue answers
ResourceInUseException and tolerates ResourceNotFoundException. The data source reads
DescribeQueue only."""
from functools import partial

import pytest

from conftest import BASIC_QUEUE, create_hours, create_routing_profile, expect_error
from tfreplay import (assert_gone, assert_no_empty_objects, assert_reads_as_resource, changed,
                      data_source_both_ways, delete_tolerating_gone, find_by_name, import_id,
                      paginate, replay_lifecycle, retry_while, split_import_id, tags_in, tags_out,
                      tf_set, update_tags)

BATCH = 50
CALLER = (("OutboundCallerIdName", "outbound_caller_id_name"),
          ("OutboundCallerIdNumberId", "outbound_caller_id_number_id"),
          ("OutboundFlowId", "outbound_flow_id"))


def expand_caller(blocks: list[dict]) -> dict:
    """expandOutboundCallerConfig: only the non-empty members (an empty string is refused)."""
    return {member: blocks[0][argument] for member, argument in CALLER if blocks[0].get(argument)}


def caller_block(**members: str) -> dict:
    return {argument: members.get(argument, "") for _, argument in CALLER}


def flatten(queue: dict, instance_id: str) -> dict:
    """The state DescribeQueue gives (the resource's first read call; all of the data source)."""
    assert_no_empty_objects(queue)
    caller = []
    if "OutboundCallerConfig" in queue:
        caller = [{argument: queue["OutboundCallerConfig"].get(member, "") for member, argument in CALLER}]
    return {
        "arn": queue["QueueArn"],
        "description": queue.get("Description", ""),
        "hours_of_operation_id": queue.get("HoursOfOperationId", ""),
        "instance_id": instance_id,
        "max_contacts": queue.get("MaxContacts", 0),
        "name": queue["Name"],
        "outbound_caller_config": caller,
        "queue_id": queue["QueueId"],
        "status": queue.get("Status", ""),
        "tags": tags_out(queue.get("Tags")),
    }


class Queue:
    """The provider's functions for aws_connect_queue (ID `instance:queue`)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"InstanceId": config["instance_id"], "Name": config["name"],
                   "HoursOfOperationId": config["hours_of_operation_id"], **tags_in(config)}
        if config.get("description"):
            request["Description"] = config["description"]
        if config.get("max_contacts"):
            request["MaxContacts"] = config["max_contacts"]
        if config.get("outbound_caller_config"):
            request["OutboundCallerConfig"] = expand_caller(config["outbound_caller_config"])
        if config.get("quick_connect_ids"):
            request["QuickConnectIds"] = list(config["quick_connect_ids"])
        queue_id = self.connect.create_queue(**request)["QueueId"]
        return import_id(config["instance_id"], queue_id)

    def describe(self, rid: str) -> dict:
        instance_id, queue_id = split_import_id(rid, 2)
        return flatten(self.connect.describe_queue(InstanceId=instance_id, QueueId=queue_id)["Queue"], instance_id)

    def read(self, rid: str) -> dict:
        state = self.describe(rid)
        instance_id, queue_id = split_import_id(rid, 2)
        summaries = paginate(self.connect.list_queue_quick_connects, "QuickConnectSummaryList", 60,
                             InstanceId=instance_id, QueueId=queue_id)
        state["quick_connect_ids"] = tf_set(s["Id"] for s in summaries)
        return state

    @staticmethod
    def expected(config: dict) -> dict:
        expected = {"description": config.get("description", ""),
                    "hours_of_operation_id": config["hours_of_operation_id"], "instance_id": config["instance_id"],
                    "max_contacts": config.get("max_contacts", 0), "name": config["name"],
                    "outbound_caller_config": [caller_block(**config["outbound_caller_config"][0])]
                    if config.get("outbound_caller_config") else [],
                    "quick_connect_ids": tf_set(config.get("quick_connect_ids", [])),
                    "tags": config.get("tags", {})}
        if config.get("status"):  # optional + computed: compared only when set
            expected["status"] = config["status"]
        return expected

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["queue_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        instance_id, queue_id = split_import_id(rid, 2)
        ids = {"InstanceId": instance_id, "QueueId": queue_id}
        if changed(old, new, "hours_of_operation_id"):
            self.connect.update_queue_hours_of_operation(HoursOfOperationId=new["hours_of_operation_id"], **ids)
        if changed(old, new, "max_contacts"):
            self.connect.update_queue_max_contacts(MaxContacts=new.get("max_contacts", 0), **ids)
        if changed(old, new, "name", "description"):
            self.connect.update_queue_name(Description=new.get("description", ""), Name=new["name"], **ids)
        if changed(old, new, "outbound_caller_config"):
            self.connect.update_queue_outbound_caller_config(
                OutboundCallerConfig=expand_caller(new["outbound_caller_config"]), **ids)
        if changed(old, new, "status"):
            self.connect.update_queue_status(Status=new["status"], **ids)
        if changed(old, new, "quick_connect_ids"):
            before, after = set(old.get("quick_connect_ids", [])), set(new.get("quick_connect_ids", []))
            added, removed = sorted(after - before), sorted(before - after)
            for i in range(0, len(added), BATCH):
                self.connect.associate_queue_quick_connects(QuickConnectIds=added[i:i + BATCH], **ids)
            for i in range(0, len(removed), BATCH):
                self.connect.disassociate_queue_quick_connects(QuickConnectIds=removed[i:i + BATCH], **ids)

    def delete(self, rid: str) -> None:
        instance_id, queue_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: retry_while(
            ["ResourceInUseException"], lambda: self.connect.delete_queue(InstanceId=instance_id, QueueId=queue_id)))

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.describe(rid))


class QueueUpToDescribe(Queue):
    """The same calls, with Read stopping after DescribeQueue (no ListQueueQuickConnects): what
    the data source reads, and what the queue tests without quick connects compare."""

    def read(self, rid: str) -> dict:
        return self.describe(rid)

    @staticmethod
    def expected(config: dict) -> dict:
        expected = Queue.expected(config)
        del expected["quick_connect_ids"]
        return expected


def quick_connect(connect, instance_id: str, name: str, number: str = "+12345678912") -> str:
    return connect.create_quick_connect(
        InstanceId=instance_id, Name=name,
        QuickConnectConfig={"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": number}})["QuickConnectId"]


def support_queue(inst, hours_id: str, **extra) -> dict:
    return {"instance_id": inst.id, "name": "Support", "description": "Customer support",
            "hours_of_operation_id": hours_id, "max_contacts": 10,
            "outbound_caller_config": [{"outbound_caller_id_name": "ACME Support"}],
            "tags": {"Name": "Example Queue"}, **extra}


def changed_queue(config: dict, hours_id: str) -> dict:
    """Every updatable argument but quick_connect_ids changed."""
    return {**config, "hours_of_operation_id": hours_id, "max_contacts": 20, "name": "Support (tier 2)",
            "description": "Second-line support", "outbound_caller_config": [{"outbound_caller_id_name": "ACME"}],
            "status": "DISABLED", "tags": {"Name": "Example Queue", "Key2": "Value2"}}


def test_queue_lifecycle(connect, instance):
    inst = instance()
    hours, other_hours = create_hours(connect, inst), create_hours(connect, inst)
    qc1, qc2, qc3 = (quick_connect(connect, inst.id, f"Desk {i}", f"+1234567891{i}") for i in range(3))
    config = support_queue(inst, hours, quick_connect_ids=[qc1, qc2])
    updated = {**changed_queue(config, other_hours), "quick_connect_ids": [qc2, qc3]}
    replay_lifecycle(Queue(connect), config, updated)


def test_queue_minimal(connect, instance):
    """Only the required arguments: no quick connects listed, no outbound caller config
    block, max_contacts 0 (no diff); quick connects added later are listed."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "Minimal", "hours_of_operation_id": create_hours(connect, inst)}
    replay_lifecycle(Queue(connect), config,
                     {**config, "quick_connect_ids": [quick_connect(connect, inst.id, "Escalation desk")]})


def test_queue_lifecycle_up_to_describe(connect, instance):
    """test_queue_lifecycle without its quick connects, Read stopping at DescribeQueue."""
    inst = instance()
    hours, other_hours = create_hours(connect, inst), create_hours(connect, inst)
    config = support_queue(inst, hours)
    replay_lifecycle(QueueUpToDescribe(connect), config, changed_queue(config, other_hours))


def test_queue_minimal_up_to_describe(connect, instance):
    """A queue created without outbound_caller_config reads back without the block; adding
    one later calls UpdateQueueOutboundCallerConfig and reads it back."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "Minimal", "hours_of_operation_id": create_hours(connect, inst)}
    replay_lifecycle(QueueUpToDescribe(connect), config,
                     {**config, "outbound_caller_config": [{"outbound_caller_id_name": "Minimal Inc"}]})


def test_queue_delete_retried_while_in_use(connect, instance):
    """DeleteQueue of a queue a routing profile uses answers ResourceInUseException, which the
    provider retries (for a minute) rather than failing; once the profile is gone the retry
    deletes the queue; a second delete is success (ResourceNotFoundException tolerated)."""
    inst = instance()
    queues = QueueUpToDescribe(connect)
    rid = queues.create(support_queue(inst, create_hours(connect, inst)))
    queue_id = split_import_id(rid, 2)[1]
    profile = create_routing_profile(connect, inst, queue_id)
    with expect_error("ResourceInUseException", 409):
        connect.delete_queue(InstanceId=inst.id, QueueId=queue_id)
    connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=profile)
    queues.delete(rid)
    queues.delete(rid)
    queues.gone(rid)


def data_source(connect, instance_id: str, *, queue_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_queue data source (SDK v2): by name ListQueues (60 a page, no type filter,
    exactly one match); then DescribeQueue."""
    if queue_id is None:
        queue_id = find_by_name(connect.list_queues, "QueueSummaryList", name, 60, InstanceId=instance_id)["Id"]
    return flatten(connect.describe_queue(InstanceId=instance_id, QueueId=queue_id)["Queue"], instance_id)


@pytest.mark.parametrize("name", [BASIC_QUEUE, "Support"])
def test_queue_data_source(connect, instance, name):
    inst = instance()
    queues = QueueUpToDescribe(connect)
    config = support_queue(inst, create_hours(connect, inst))
    resource_state = queues.read(queues.create(config))
    by_name = data_source_both_ways(partial(data_source, connect, inst.id), "queue_id", name)
    if name == config["name"]:
        assert_reads_as_resource(by_name, resource_state, queues.expected(config))
    else:
        assert by_name["status"] == "ENABLED" and by_name["hours_of_operation_id"]
