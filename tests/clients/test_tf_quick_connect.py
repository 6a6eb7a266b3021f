"""Terraform replay: aws_connect_quick_connect (resource and data source), as
docs/terraform-provider.md gives the provider's calls (quick_connect.go,
quick_connect_data_source.go); and the queue resource's read of its quick connects
(queue.go: DescribeQueue, then ListQueueQuickConnects, 60 a page)."""
from conftest import create_queue, expect_error
from tfreplay import (assert_gone, assert_no_empty_objects, changed, import_id, paginate, replay_lifecycle,
                      split_import_id, tags_in, update_tags)


def read(connect, instance_id, qc_id):
    """Read: DescribeQuickConnect; the config keeps its type and the matching sub-config,
    which must be there (the provider reads it without a nil check)."""
    qc = connect.describe_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id)["QuickConnect"]
    assert_no_empty_objects(qc)
    config = qc["QuickConnectConfig"]
    sub = {"PHONE_NUMBER": "PhoneConfig", "QUEUE": "QueueConfig", "USER": "UserConfig"}[config["QuickConnectType"]]
    assert config[sub]
    return {"arn": qc["QuickConnectARN"], "description": qc.get("Description", ""), "name": qc["Name"],
            "quick_connect_config": {"QuickConnectType": config["QuickConnectType"], sub: config[sub]},
            "quick_connect_id": qc["QuickConnectId"], "tags": qc.get("Tags", {})}


class QuickConnect:
    """The provider's functions for aws_connect_quick_connect (ID `instance:quick connect`);
    quick_connect_config is written in the API's shape (its type and the one sub-config)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"InstanceId": config["instance_id"], "Name": config["name"],
                   "QuickConnectConfig": config["quick_connect_config"], **tags_in(config)}
        if config.get("description"):
            request["Description"] = config["description"]
        return import_id(config["instance_id"], self.connect.create_quick_connect(**request)["QuickConnectId"])

    def read(self, rid: str) -> dict:
        instance_id, qc_id = split_import_id(rid, 2)
        return {**read(self.connect, instance_id, qc_id), "instance_id": instance_id}

    @staticmethod
    def expected(config: dict) -> dict:
        return {"description": config.get("description", ""), "instance_id": config["instance_id"],
                "name": config["name"], "quick_connect_config": config["quick_connect_config"],
                "tags": config.get("tags", {})}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["quick_connect_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        instance_id, qc_id = split_import_id(rid, 2)
        if changed(old, new, "name", "description"):
            self.connect.update_quick_connect_name(InstanceId=instance_id, QuickConnectId=qc_id, Name=new["name"],
                                                   Description=new.get("description", ""))
        if changed(old, new, "quick_connect_config"):
            self.connect.update_quick_connect_config(InstanceId=instance_id, QuickConnectId=qc_id,
                                                     QuickConnectConfig=new["quick_connect_config"])

    def delete(self, rid: str) -> None:
        """No tolerance of ResourceNotFoundException in this version of the provider."""
        instance_id, qc_id = split_import_id(rid, 2)
        self.connect.delete_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id)

    def gone(self, rid: str) -> None:
        instance_id, qc_id = split_import_id(rid, 2)
        assert_gone(lambda: self.connect.describe_quick_connect(InstanceId=instance_id, QuickConnectId=qc_id))


def phone_config(number: str) -> dict:
    return {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": number}}


def test_quick_connect_resource(connect, instance):
    inst = instance()
    config = {"instance_id": inst.id, "name": "tf-qc", "description": "Created",
              "quick_connect_config": phone_config("+12345678912"), "tags": {"Name": "Test Quick Connect"}}
    updated = {**config, "name": "tf-qc-2", "description": "Updated",
               "quick_connect_config": phone_config("+12345678913"), "tags": {"Name": "Updated"}}
    state = replay_lifecycle(QuickConnect(connect), config, updated)
    assert state["arn"] == f"{inst.arn}/transfer-destination/{state['quick_connect_id']}"


def test_quick_connect_delete_does_not_tolerate_gone(connect, instance):
    inst = instance()
    replay = QuickConnect(connect)
    rid = replay.create({"instance_id": inst.id, "name": "tf-qc", "quick_connect_config": phone_config("+12345678912")})
    replay.delete(rid)
    with expect_error("ResourceNotFoundException", 404):
        replay.delete(rid)


def test_quick_connect_data_source(connect, instance):
    inst = instance()
    flows = paginate(connect.list_contact_flows, "ContactFlowSummaryList", 60, InstanceId=inst.id)
    transfer = next(f["Id"] for f in flows if f["Name"] == "Default queue transfer")
    queue = next(q["Id"] for q in paginate(connect.list_queues, "QueueSummaryList", 60, InstanceId=inst.id)
                 if q["Name"] == "BasicQueue")
    config = {"QuickConnectType": "QUEUE", "QueueConfig": {"ContactFlowId": transfer, "QueueId": queue}}
    created = connect.create_quick_connect(InstanceId=inst.id, Name="tf-ds-qc", QuickConnectConfig=config)
    summaries = paginate(connect.list_quick_connects, "QuickConnectSummaryList", 60, InstanceId=inst.id)
    matches = [s for s in summaries if s["Name"] == "tf-ds-qc"]
    assert len(matches) == 1 and matches[0]["Id"] == created["QuickConnectId"]
    state = read(connect, inst.id, matches[0]["Id"])
    assert state == read(connect, inst.id, created["QuickConnectId"])
    assert state["quick_connect_config"] == config


def test_queue_reads_its_quick_connects(connect, instance):
    """aws_connect_queue with quick_connect_ids: CreateQueue with them, then every read lists
    them; an update associates and disassociates the difference."""
    inst = instance()
    phone = lambda n: {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": f"+1555000000{n}"}}
    qc1 = connect.create_quick_connect(InstanceId=inst.id, Name="qc1", QuickConnectConfig=phone(1))["QuickConnectId"]
    qc2 = connect.create_quick_connect(InstanceId=inst.id, Name="qc2", QuickConnectConfig=phone(2))["QuickConnectId"]
    queue = create_queue(connect, inst, QuickConnectIds=[qc1])

    def quick_connect_ids():
        connect.describe_queue(InstanceId=inst.id, QueueId=queue)
        listed = paginate(connect.list_queue_quick_connects, "QuickConnectSummaryList", 60, InstanceId=inst.id, QueueId=queue)
        return sorted(s["Id"] for s in listed)

    assert quick_connect_ids() == [qc1]
    connect.associate_queue_quick_connects(InstanceId=inst.id, QueueId=queue, QuickConnectIds=[qc2])
    connect.disassociate_queue_quick_connects(InstanceId=inst.id, QueueId=queue, QuickConnectIds=[qc1])
    assert quick_connect_ids() == [qc2]
    connect.delete_queue(InstanceId=inst.id, QueueId=queue)
    assert_gone(lambda: connect.list_queue_quick_connects(InstanceId=inst.id, QueueId=queue))
