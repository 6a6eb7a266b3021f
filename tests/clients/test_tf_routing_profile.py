"""Terraform replay: `aws_connect_routing_profile` and its data source.

docs/terraform-provider.md, sections aws_connect_routing_profile and Data sources, gives the
provider's calls (`routing_profile.go`, `routing_profile_data_source.go`):
CreateRoutingProfile with QueueConfigs when there are at most 10 of them, otherwise without
and then AssociateRoutingProfileQueues in chunks of 10; Read is DescribeRoutingProfile then
ListRoutingProfileQueues (60 a page, all pages); Update, each only if changed:
UpdateRoutingProfileConcurrency, UpdateRoutingProfileDefaultOutboundQueue,
UpdateRoutingProfileName (name and description both sent), then for queue_configs
DisassociateRoutingProfileQueues for removed entries and AssociateRoutingProfileQueues for
added ones (a changed delay or priority is both), chunks of 10; Delete tolerates
ResourceNotFoundException."""
from functools import partial

import pytest

from conftest import BASIC_ROUTING_PROFILE, create_hours, create_queue
from tfreplay import (assert_gone, assert_no_diff, assert_no_empty_objects,
                      assert_reads_as_resource, changed, data_source_both_ways,
                      delete_tolerating_gone, find_by_name, import_id, paginate, replay_lifecycle,
                      split_import_id, tags_in, tags_out, tf_set, update_tags)

CHUNK = 10
# Block members Terraform computes (never diffed when the configuration leaves them out).
COMPUTED = ("queue_arn", "queue_name", "cross_channel_behavior")


def chunks(items: list, size: int = CHUNK):
    return [items[i:i + size] for i in range(0, len(items), size)]


def expand_media(blocks: list[dict]) -> list[dict]:
    out = []
    for b in blocks:
        m = {"Channel": b["channel"], "Concurrency": b["concurrency"]}
        if b.get("cross_channel_behavior"):
            m["CrossChannelBehavior"] = {"BehaviorType": b["cross_channel_behavior"][0]["behavior_type"]}
        out.append(m)
    return out


def expand_queue_configs(blocks: list[dict]) -> list[dict]:
    return [{"Delay": b["delay"], "Priority": b["priority"],
             "QueueReference": {"Channel": b["channel"], "QueueId": b["queue_id"]}} for b in blocks]


def queue_block(queue_id: str, channel: str = "VOICE", priority: int = 1, delay: int = 0) -> dict:
    return {"channel": channel, "delay": delay, "priority": priority, "queue_id": queue_id}


def read_by_ids(connect, instance_id: str, profile_id: str) -> dict:
    """Read (resource and data source): DescribeRoutingProfile, then every queue config."""
    profile = connect.describe_routing_profile(InstanceId=instance_id, RoutingProfileId=profile_id)["RoutingProfile"]
    assert_no_empty_objects(profile)
    media = []
    for m in profile.get("MediaConcurrencies", []):
        block = {"channel": m["Channel"], "concurrency": m.get("Concurrency", 0)}
        if "CrossChannelBehavior" in m:
            block["cross_channel_behavior"] = [{"behavior_type": m["CrossChannelBehavior"].get("BehaviorType", "")}]
        media.append(block)
    summaries = paginate(connect.list_routing_profile_queues, "RoutingProfileQueueConfigSummaryList", 60,
                         InstanceId=instance_id, RoutingProfileId=profile_id)
    queue_configs = [{"channel": s["Channel"], "delay": s.get("Delay", 0), "priority": s.get("Priority", 0),
                      "queue_arn": s.get("QueueArn", ""), "queue_id": s.get("QueueId", ""),
                      "queue_name": s.get("QueueName", "")} for s in summaries]
    return {
        "arn": profile["RoutingProfileArn"],
        "default_outbound_queue_id": profile.get("DefaultOutboundQueueId", ""),
        "description": profile.get("Description", ""),
        "instance_id": instance_id,
        "media_concurrencies": tf_set(media),
        "name": profile["Name"],
        "queue_configs": tf_set(queue_configs),
        "routing_profile_id": profile["RoutingProfileId"],
        "tags": tags_out(profile.get("Tags")),
    }


class RoutingProfile:
    """The provider's functions for aws_connect_routing_profile (ID `instance:profile`)."""
    computed = COMPUTED

    def __init__(self, connect):
        self.connect = connect

    def associate(self, instance_id: str, profile_id: str, add: list[dict], remove: list[dict]) -> None:
        """updateRoutingProfileQueueAssociations: disassociate first (a queue and channel
        cannot be there twice), then associate, 10 at a time."""
        for chunk in chunks(expand_queue_configs(remove)):
            self.connect.disassociate_routing_profile_queues(
                InstanceId=instance_id, RoutingProfileId=profile_id,
                QueueReferences=[c["QueueReference"] for c in chunk])
        for chunk in chunks(expand_queue_configs(add)):
            self.connect.associate_routing_profile_queues(
                InstanceId=instance_id, RoutingProfileId=profile_id, QueueConfigs=chunk)

    def create(self, config: dict) -> str:
        queue_configs = config.get("queue_configs", [])
        request = {"DefaultOutboundQueueId": config["default_outbound_queue_id"],
                   "Description": config["description"], "InstanceId": config["instance_id"],
                   "MediaConcurrencies": expand_media(config["media_concurrencies"]),
                   "Name": config["name"], **tags_in(config)}
        if 0 < len(queue_configs) <= CHUNK:
            request["QueueConfigs"] = expand_queue_configs(queue_configs)
        profile_id = self.connect.create_routing_profile(**request)["RoutingProfileId"]
        if len(queue_configs) > CHUNK:
            self.associate(config["instance_id"], profile_id, queue_configs, [])
        return import_id(config["instance_id"], profile_id)

    def read(self, rid: str) -> dict:
        return read_by_ids(self.connect, *split_import_id(rid, 2))

    @staticmethod
    def expected(config: dict) -> dict:
        return {"default_outbound_queue_id": config["default_outbound_queue_id"],
                "description": config["description"], "instance_id": config["instance_id"],
                "media_concurrencies": tf_set(config["media_concurrencies"]), "name": config["name"],
                "queue_configs": tf_set(config.get("queue_configs", [])), "tags": config.get("tags", {})}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["routing_profile_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        instance_id, profile_id = split_import_id(rid, 2)
        ids = {"InstanceId": instance_id, "RoutingProfileId": profile_id}
        if changed(old, new, "media_concurrencies"):
            self.connect.update_routing_profile_concurrency(
                MediaConcurrencies=expand_media(new["media_concurrencies"]), **ids)
        if changed(old, new, "default_outbound_queue_id"):
            self.connect.update_routing_profile_default_outbound_queue(
                DefaultOutboundQueueId=new["default_outbound_queue_id"], **ids)
        if changed(old, new, "name", "description"):
            self.connect.update_routing_profile_name(Description=new["description"], Name=new["name"], **ids)
        if changed(old, new, "queue_configs"):
            before, after = old.get("queue_configs", []), new.get("queue_configs", [])
            self.associate(instance_id, profile_id, [b for b in after if b not in before],
                           [b for b in before if b not in after])

    def delete(self, rid: str) -> None:
        instance_id, profile_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: self.connect.delete_routing_profile(
            InstanceId=instance_id, RoutingProfileId=profile_id))

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.read(rid))


def queues(connect, inst, n: int) -> list[str]:
    hours = create_hours(connect, inst)
    return [create_queue(connect, inst, hours, name=f"queue-{i}") for i in range(n)]


def test_routing_profile_lifecycle(connect, instance):
    inst = instance()
    q1, q2, q3 = queues(connect, inst, 3)
    config = {"instance_id": inst.id, "name": "Support agents", "description": "Agents who answer the support queue",
              "default_outbound_queue_id": q1,
              "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}],
              "queue_configs": [queue_block(q1), queue_block(q2, "VOICE", 2, 10)],
              "tags": {"Name": "Example Routing Profile"}}
    updated = {**config, "name": "Support agents (all channels)", "description": "Voice and chat",
               "default_outbound_queue_id": q2,
               "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}, {"channel": "CHAT", "concurrency": 3}],
               # q1 dropped, q2's priority changed (a remove and an add), q3 added on CHAT
               "queue_configs": [queue_block(q2, "VOICE", 5, 10), queue_block(q3, "CHAT", 1, 0)],
               "tags": {"Key2": "Value2"}}
    replay_lifecycle(RoutingProfile(connect), config, updated)


def test_routing_profile_without_queue_configs(connect, instance):
    """No queue_configs: ListRoutingProfileQueues must list none (queue_configs is not
    computed); adding some later associates them."""
    inst = instance()
    [q1] = queues(connect, inst, 1)
    config = {"instance_id": inst.id, "name": "Outbound only", "description": "No inbound queues",
              "default_outbound_queue_id": q1, "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}]}
    replay_lifecycle(RoutingProfile(connect), config, {**config, "queue_configs": [queue_block(q1, "VOICE", 1, 0)]})


def test_routing_profile_more_than_ten_queues(connect, instance):
    """More than 10 queue configs: Create without them, then AssociateRoutingProfileQueues 10
    at a time; removing 11 disassociates 10 at a time."""
    inst = instance()
    ids = queues(connect, inst, 12)
    config = {"instance_id": inst.id, "name": "Many queues", "description": "Twelve queues",
              "default_outbound_queue_id": ids[0], "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}],
              "queue_configs": [queue_block(q, "VOICE", i + 1, i) for i, q in enumerate(ids)]}
    updated = {**config, "queue_configs": [queue_block(ids[0], "VOICE", 1, 0)]}
    replay_lifecycle(RoutingProfile(connect), config, updated)


def test_routing_profile_cross_channel_behavior(connect, instance):
    """cross_channel_behavior set in the configuration reads back as set."""
    inst = instance()
    [q1] = queues(connect, inst, 1)
    config = {"instance_id": inst.id, "name": "Cross channel", "description": "Routes across channels",
              "default_outbound_queue_id": q1,
              "media_concurrencies": [
                  {"channel": "VOICE", "concurrency": 1,
                   "cross_channel_behavior": [{"behavior_type": "ROUTE_ANY_CHANNEL"}]},
                  {"channel": "CHAT", "concurrency": 2,
                   "cross_channel_behavior": [{"behavior_type": "ROUTE_CURRENT_CHANNEL_ONLY"}]}],
              "queue_configs": [queue_block(q1)]}
    profile = RoutingProfile(connect)
    state = profile.read(profile.create(config))
    assert_no_diff(profile.expected(config), state, computed=("queue_arn", "queue_name"))


def test_routing_profile_delete_tolerates_gone(connect, instance):
    inst = instance()
    [q1] = queues(connect, inst, 1)
    profile = RoutingProfile(connect)
    rid = profile.create({"instance_id": inst.id, "name": "Twice", "description": "d",
                          "default_outbound_queue_id": q1,
                          "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}]})
    profile.delete(rid)
    profile.delete(rid)
    profile.gone(rid)


def data_source(connect, instance_id: str, *, routing_profile_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_routing_profile data source: by name ListRoutingProfiles (60 a page,
    exactly one match); then DescribeRoutingProfile and ListRoutingProfileQueues."""
    if routing_profile_id is None:
        routing_profile_id = find_by_name(connect.list_routing_profiles, "RoutingProfileSummaryList", name, 60,
                                  InstanceId=instance_id)["Id"]
    return read_by_ids(connect, instance_id, routing_profile_id)


@pytest.mark.parametrize("name", [BASIC_ROUTING_PROFILE, "Support agents"])
def test_routing_profile_data_source(connect, instance, name):
    inst = instance()
    q1, q2 = queues(connect, inst, 2)
    profile = RoutingProfile(connect)
    config = {"instance_id": inst.id, "name": "Support agents", "description": "Agents",
              "default_outbound_queue_id": q1,
              "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}, {"channel": "TASK", "concurrency": 5}],
              "queue_configs": [queue_block(q1), queue_block(q2, "TASK", 3, 20)], "tags": {"team": "support"}}
    resource_state = profile.read(profile.create(config))
    by_name = data_source_both_ways(partial(data_source, connect, inst.id), "routing_profile_id", name)
    if name == config["name"]:
        assert_reads_as_resource(by_name, resource_state, profile.expected(config), COMPUTED)
    else:
        assert by_name["queue_configs"] and by_name["default_outbound_queue_id"], "the default profile routes BasicQueue"
