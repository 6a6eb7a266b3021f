"""Terraform replay of the README's configuration ("… and with Terraform"): a new instance and
every resource in it, in dependency order, each with the provider's create and read (no
diff), then a second plan (a read of everything, still no diff), then destroy in reverse
order, each read after delete giving the provider's "gone" answer. The replays are the resource tests' own (test_tf_*.py)."""
import re

from conftest import REPO, unique_alias
from test_phone_numbers import PhoneNumber
from test_tf_hours_of_operation import HoursOfOperation, slot
from test_tf_instance import Instance
from test_tf_queue import Queue
from test_tf_quick_connect import QuickConnect, phone_config
from test_tf_routing_profile import RoutingProfile, queue_block
from test_tf_security_profile import SecurityProfile, data_source as security_profile_data_source
from test_tf_user import User
from test_tf_user_hierarchy import HierarchyGroup, HierarchyStructure, structure
from tfreplay import read_without_diff


def readme_blocks() -> set[tuple[str, str, str]]:
    text = (REPO / "README.md").read_text()
    section = text[text.index("## … and with Terraform"):text.index("## Serving")]
    return set(re.findall(r'^(resource|data) "(aws_connect_\w+)" "(\w+)"', section, re.M))


def test_readme_configuration(connect):
    applied = []  # (kind, replay, id, configuration), in creation order

    def apply(kind: str, replay, config: dict) -> dict:
        rid = replay.create(config)
        applied.append((kind, replay, rid, config))
        return read_without_diff(replay, rid, config, f"{kind}: ")

    main = apply("aws_connect_instance", Instance(connect),
                 {"identity_management_type": "CONNECT_MANAGED", "instance_alias": unique_alias("tf-readme"),
                  "inbound_calls_enabled": True, "outbound_calls_enabled": True})
    iid = main["arn"].rsplit("/", 1)[1]
    agent = security_profile_data_source(connect, iid, name="Agent")
    office = apply("aws_connect_hours_of_operation", HoursOfOperation(connect),
                   {"instance_id": iid, "name": "Office Hours", "time_zone": "EST",
                    "config": [slot("MONDAY", (8, 0), (17, 0))]})
    number = apply("aws_connect_phone_number", PhoneNumber(connect),
                   {"target_arn": main["arn"], "country_code": "US", "type": "DID"})
    escalation = apply("aws_connect_quick_connect", QuickConnect(connect),
                       {"instance_id": iid, "name": "Escalation line",
                        "quick_connect_config": phone_config("+15555550100")})
    support_queue = apply("aws_connect_queue", Queue(connect),
                          {"instance_id": iid, "name": "Support", "hours_of_operation_id": office["hours_of_operation_id"],
                           "outbound_caller_config": [{"outbound_caller_id_name": "ACME Support",
                                                       "outbound_caller_id_number_id": number["phone_number_id"]}],
                           "quick_connect_ids": [escalation["quick_connect_id"]]})
    support = apply("aws_connect_routing_profile", RoutingProfile(connect),
                    {"instance_id": iid, "name": "Support agents", "description": "Agents who answer the support queue",
                     "default_outbound_queue_id": support_queue["queue_id"],
                     "media_concurrencies": [{"channel": "VOICE", "concurrency": 1}],
                     "queue_configs": [queue_block(support_queue["queue_id"])]})
    support_agent = apply("aws_connect_security_profile", SecurityProfile(connect),
                          {"instance_id": iid, "name": "Support agent",
                           "permissions": ["BasicAgentAccess", "OutboundCallAccess"]})
    apply("aws_connect_user_hierarchy_structure", HierarchyStructure(connect),
          {"instance_id": iid, "hierarchy_structure": structure("Site", "Team")})
    groups = HierarchyGroup(connect)
    lisbon = apply("aws_connect_user_hierarchy_group", groups, {"instance_id": iid, "name": "Lisbon"})
    tier1 = apply("aws_connect_user_hierarchy_group", groups,
                  {"instance_id": iid, "name": "Tier 1", "parent_group_id": lisbon["hierarchy_group_id"]})
    apply("aws_connect_user", User(connect),
          {"instance_id": iid, "name": "alice", "password": "Password123",
           "routing_profile_id": support["routing_profile_id"],
           "security_profile_ids": [support_agent["security_profile_id"], agent["security_profile_id"]],
           "hierarchy_group_id": tier1["hierarchy_group_id"],
           "identity_info": [{"first_name": "Alice", "last_name": "Example", "email": "alice@example.com"}],
           "phone_config": [{"phone_type": "SOFT_PHONE", "after_contact_work_time_limit": 30}]})

    blocks = readme_blocks()
    assert {kind for block, kind, _ in blocks if block == "resource"} == {kind for kind, *_ in applied}, \
        "the README's configuration and this replay hold the same resources"
    assert {kind for block, kind, _ in blocks if block == "data"} == {"aws_connect_security_profile"}
    assert len([b for b in blocks if b[0] == "resource"]) == len(applied)

    # A second plan: every resource read again, no diff.
    for kind, replay, rid, config in applied:
        read_without_diff(replay, rid, config, f"{kind}: ")

    # Destroy, dependants first; the instance last.
    for kind, replay, rid, _ in reversed(applied):
        replay.delete(rid)
        replay.gone(rid)
