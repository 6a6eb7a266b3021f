"""Terraform replay: aws_connect_quick_connect (resource and data source), as
docs/terraform-provider.md gives the provider's calls (quick_connect.go,
quick_connect_data_source.go); and the queue resource's read of its quick connects
(queue.go: DescribeQueue, then ListQueueQuickConnects, 60 a page)."""
from conftest import create_queue
from tfreplay import assert_gone, assert_no_empty_objects, import_id, paginate, split_import_id


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


def test_quick_connect_resource(connect, instance):
    inst = instance()
    phone = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12345678912"}}
    created = connect.create_quick_connect(InstanceId=inst.id, Name="tf-qc", Description="Created",
                                           QuickConnectConfig=phone, Tags={"Name": "Test Quick Connect"})
    qc_id = created["QuickConnectId"]
    state = read(connect, inst.id, qc_id)
    assert state == {"arn": created["QuickConnectARN"], "description": "Created", "name": "tf-qc",
                     "quick_connect_config": phone, "quick_connect_id": qc_id, "tags": {"Name": "Test Quick Connect"}}
    assert state["arn"] == f"{inst.arn}/transfer-destination/{qc_id}"

    connect.untag_resource(resourceArn=state["arn"], tagKeys=["Name"])
    connect.tag_resource(resourceArn=state["arn"], tags={"Name": "Updated"})
    connect.update_quick_connect_name(InstanceId=inst.id, QuickConnectId=qc_id, Name="tf-qc-2", Description="Updated")
    new_phone = {"QuickConnectType": "PHONE_NUMBER", "PhoneConfig": {"PhoneNumber": "+12345678913"}}
    connect.update_quick_connect_config(InstanceId=inst.id, QuickConnectId=qc_id, QuickConnectConfig=new_phone)
    state = read(connect, inst.id, qc_id)
    assert (state["name"], state["description"], state["quick_connect_config"], state["tags"]) == \
        ("tf-qc-2", "Updated", new_phone, {"Name": "Updated"})

    instance_id, imported_id = split_import_id(import_id(inst.id, qc_id), 2)
    assert read(connect, instance_id, imported_id) == state

    connect.delete_quick_connect(InstanceId=inst.id, QuickConnectId=qc_id)
    assert_gone(lambda: connect.describe_quick_connect(InstanceId=inst.id, QuickConnectId=qc_id))


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
