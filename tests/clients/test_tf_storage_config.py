"""Terraform replay: `aws_connect_instance_storage_config` and its data source, and the
storage-config operations behind them (Associate, Describe, List, Update and
DisassociateInstanceStorageConfig).

docs/terraform-provider.md, section aws_connect_instance_storage_config
(`instance_storage_config.go`, `instance_storage_config_data_source.go`): the ID is
`instanceID:associationID:resourceType`; Create is AssociateInstanceStorageConfig then Read
(DescribeInstanceStorageConfig); Update sends the whole new StorageConfig; Delete is
DisassociateInstanceStorageConfig (ResourceNotFoundException = success); gone is
ResourceNotFoundException or no StorageConfig."""
import uuid

import pytest

from conftest import expect_error
from tfreplay import assert_gone, assert_no_empty_objects, error_code, import_id, split_import_id

KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/ctr"
FIREHOSE = "arn:aws:firehose:us-east-1:123456789012:deliverystream/ctr"

SUB_CONFIGS = ("S3Config", "KinesisVideoStreamConfig", "KinesisStreamConfig", "KinesisFirehoseConfig")


def read(connect, tf_id: str):
    """The resource's Read from its ID: the state (association_id, storage_config), or None
    when gone."""
    instance_id, association_id, resource_type = split_import_id(tf_id, 3)
    try:
        answer = connect.describe_instance_storage_config(InstanceId=instance_id, AssociationId=association_id,
                                                          ResourceType=resource_type)
    except Exception as e:  # noqa: BLE001 - the provider's gone check
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise
    config = answer.get("StorageConfig")
    if config is None:
        return None
    assert_no_empty_objects(answer)
    storage = {k: v for k, v in config.items() if k != "AssociationId"}
    return {"association_id": config["AssociationId"], "instance_id": instance_id, "resource_type": resource_type,
            "storage_config": storage}


def create(connect, instance_id: str, resource_type: str, storage_config: dict) -> str:
    association_id = connect.associate_instance_storage_config(InstanceId=instance_id, ResourceType=resource_type,
                                                               StorageConfig=storage_config)["AssociationId"]
    tf_id = import_id(instance_id, association_id, resource_type)
    assert read(connect, tf_id) is not None, "the read at the end of Create finds it"
    return tf_id


def delete(connect, tf_id: str) -> None:
    instance_id, association_id, resource_type = split_import_id(tf_id, 3)
    try:
        connect.disassociate_instance_storage_config(InstanceId=instance_id, AssociationId=association_id,
                                                     ResourceType=resource_type)
    except Exception as e:  # noqa: BLE001
        if error_code(e) != "ResourceNotFoundException":
            raise


CASES = {
    "s3": ("CHAT_TRANSCRIPTS",
           {"StorageType": "S3", "S3Config": {"BucketName": "transcripts", "BucketPrefix": "chats"}},
           {"StorageType": "S3", "S3Config": {"BucketName": "transcripts", "BucketPrefix": "chats-v2",
                                              "EncryptionConfig": {"EncryptionType": "KMS", "KeyId": KMS_KEY}}}),
    "kinesis_video_stream": ("MEDIA_STREAMS",
                             {"StorageType": "KINESIS_VIDEO_STREAM",
                              "KinesisVideoStreamConfig": {"Prefix": "media", "RetentionPeriodHours": 1,
                                                           "EncryptionConfig": {"EncryptionType": "KMS", "KeyId": KMS_KEY}}},
                             {"StorageType": "KINESIS_VIDEO_STREAM",
                              "KinesisVideoStreamConfig": {"Prefix": "media", "RetentionPeriodHours": 24,
                                                           "EncryptionConfig": {"EncryptionType": "KMS", "KeyId": KMS_KEY}}}),
    "kinesis_stream": ("CONTACT_TRACE_RECORDS",
                       {"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": STREAM}},
                       {"StorageType": "KINESIS_FIREHOSE", "KinesisFirehoseConfig": {"FirehoseArn": FIREHOSE}}),
    "agent_events": ("AGENT_EVENTS",
                     {"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": STREAM}},
                     {"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": STREAM + "-2"}}),
}


@pytest.mark.parametrize("case", CASES)
def test_storage_config_lifecycle(connect, instance, case):
    resource_type, config, changed = CASES[case]
    inst = instance()
    tf_id = create(connect, inst.id, resource_type, config)
    state = read(connect, tf_id)
    assert state["storage_config"] == config, "exactly what was given: no diff"

    # Update in place: the whole new storage_config, then Read.
    _, association_id, _ = split_import_id(tf_id, 3)
    connect.update_instance_storage_config(InstanceId=inst.id, AssociationId=association_id, ResourceType=resource_type,
                                           StorageConfig=changed)
    updated = read(connect, tf_id)
    assert updated["storage_config"] == changed and updated["association_id"] == association_id

    # Import: the ID, then Read.
    assert read(connect, tf_id) == updated

    # The data source: the same Describe.
    answer = connect.describe_instance_storage_config(InstanceId=inst.id, AssociationId=association_id,
                                                      ResourceType=resource_type)
    assert answer["StorageConfig"] == {**changed, "AssociationId": association_id}

    delete(connect, tf_id)
    assert read(connect, tf_id) is None
    assert_gone(lambda: connect.describe_instance_storage_config(InstanceId=inst.id, AssociationId=association_id,
                                                                 ResourceType=resource_type))
    delete(connect, tf_id)  # destroying again tolerates "not found"


def test_list_and_one_association_per_resource_type(connect, instance):
    inst = instance()
    s3 = {"StorageType": "S3", "S3Config": {"BucketName": "recordings", "BucketPrefix": "calls"}}
    first = connect.associate_instance_storage_config(InstanceId=inst.id, ResourceType="CALL_RECORDINGS", StorageConfig=s3)
    with expect_error("ResourceConflictException", 409):
        connect.associate_instance_storage_config(InstanceId=inst.id, ResourceType="CALL_RECORDINGS", StorageConfig=s3)
    connect.associate_instance_storage_config(InstanceId=inst.id, ResourceType="SCHEDULED_REPORTS", StorageConfig=s3)
    listed = connect.list_instance_storage_configs(InstanceId=inst.id, ResourceType="CALL_RECORDINGS")["StorageConfigs"]
    assert listed == [{**s3, "AssociationId": first["AssociationId"]}]
    assert connect.list_instance_storage_configs(InstanceId=inst.id, ResourceType="ATTACHMENTS")["StorageConfigs"] == []
    # An association is found only under its own resource type.
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_instance_storage_config(InstanceId=inst.id, AssociationId=first["AssociationId"],
                                                 ResourceType="SCHEDULED_REPORTS")


@pytest.mark.parametrize("resource_type,config,words", [
    ("CALL_RECORDINGS", {"StorageType": "KINESIS_STREAM", "KinesisStreamConfig": {"StreamArn": STREAM}}, "not valid for resource type"),
    ("AGENT_EVENTS", {"StorageType": "KINESIS_FIREHOSE", "KinesisFirehoseConfig": {"FirehoseArn": FIREHOSE}}, "not valid for resource type"),
    ("MEDIA_STREAMS", {"StorageType": "S3", "S3Config": {"BucketName": "b", "BucketPrefix": "p"}}, "not valid for resource type"),
    ("CHAT_TRANSCRIPTS", {"StorageType": "S3"}, "S3Config is required"),
    ("CHAT_TRANSCRIPTS", {"StorageType": "S3", "S3Config": {"BucketName": "b", "BucketPrefix": "p"},
                          "KinesisStreamConfig": {"StreamArn": STREAM}}, "KinesisStreamConfig cannot be set"),
])
def test_storage_config_rules(connect, instance, resource_type, config, words):
    inst = instance()
    with expect_error("InvalidParameterException", 400) as e:
        connect.associate_instance_storage_config(InstanceId=inst.id, ResourceType=resource_type, StorageConfig=config)
    assert words in e.message
    assert connect.list_instance_storage_configs(InstanceId=inst.id, ResourceType=resource_type)["StorageConfigs"] == [], \
        "bad input changes nothing"


def test_update_is_checked_and_missing_things_are_not_found(connect, instance):
    inst = instance()
    s3 = {"StorageType": "S3", "S3Config": {"BucketName": "b", "BucketPrefix": "p"}}
    association_id = connect.associate_instance_storage_config(InstanceId=inst.id, ResourceType="ATTACHMENTS",
                                                               StorageConfig=s3)["AssociationId"]
    with expect_error("InvalidParameterException", 400):
        connect.update_instance_storage_config(InstanceId=inst.id, AssociationId=association_id, ResourceType="ATTACHMENTS",
                                               StorageConfig={"StorageType": "KINESIS_STREAM",
                                                              "KinesisStreamConfig": {"StreamArn": STREAM}})
    assert connect.describe_instance_storage_config(InstanceId=inst.id, AssociationId=association_id,
                                                    ResourceType="ATTACHMENTS")["StorageConfig"]["S3Config"] == s3["S3Config"]
    missing = str(uuid.uuid4())
    with expect_error("ResourceNotFoundException", 404):
        connect.update_instance_storage_config(InstanceId=inst.id, AssociationId=missing, ResourceType="ATTACHMENTS", StorageConfig=s3)
    with expect_error("ResourceNotFoundException", 404):
        connect.disassociate_instance_storage_config(InstanceId=inst.id, AssociationId=missing, ResourceType="ATTACHMENTS")
    with expect_error("ResourceNotFoundException", 404):
        connect.list_instance_storage_configs(InstanceId=missing, ResourceType="ATTACHMENTS")
