"""Terraform replay: `aws_connect_user` and its data source.

docs/terraform-provider.md, sections aws_connect_user and Data sources, gives the provider's
calls (`user.go`, `user_data_source.go`): CreateUser (PhoneConfig with AfterContactWorkTimeLimit
and AutoAccept only when not 0 / false, DeskPhoneNumber when set; IdentityInfo with only its non-empty
members; DirectoryUserId, HierarchyGroupId, Password when set); Read is DescribeUser; Update,
each only if changed and in this order: UpdateUserHierarchy (HierarchyGroupId left out when
removed), UpdateUserIdentityInfo, UpdateUserPhoneConfig, UpdateUserRoutingProfile,
UpdateUserSecurityProfiles; name is ForceNew and the password is never read back; Delete does
NOT tolerate ResourceNotFoundException. The configurations follow `user_test.go`."""
from functools import partial

import pytest

from conftest import PASSWORD, create_routing_profile, create_security_profile, expect_error, unique_username
from tfreplay import (assert_gone, assert_no_empty_objects, assert_reads_as_resource, changed,
                      data_source_both_ways, delete_tolerating_gone, find_by_name, import_id,
                      replay_lifecycle, split_import_id, tags_in, tags_out, tf_set, update_tags)

IDENTITY = (("Email", "email"), ("FirstName", "first_name"), ("LastName", "last_name"))


def expand_identity(blocks: list[dict]) -> dict:
    return {member: blocks[0][argument] for member, argument in IDENTITY if blocks[0].get(argument)}


def expand_phone(blocks: list[dict]) -> dict:
    """expandUserPhoneConfig as it goes on the wire: AfterContactWorkTimeLimit and AutoAccept
    are plain (non-pointer) values in the SDK v2 type, and its serializer sends them only when
    they are not 0 / false (aws-sdk-go-v2 service/connect/serializers.go,
    awsRestjson1_serializeDocumentUserPhoneConfig); DeskPhoneNumber only when set."""
    block = blocks[0]
    phone = {"PhoneType": block["phone_type"]}
    if block.get("after_contact_work_time_limit"):
        phone["AfterContactWorkTimeLimit"] = block["after_contact_work_time_limit"]
    if block.get("auto_accept"):
        phone["AutoAccept"] = True
    if block.get("desk_phone_number"):
        phone["DeskPhoneNumber"] = block["desk_phone_number"]
    return phone


def phone_block(phone_type: str = "SOFT_PHONE", after_contact_work_time_limit: int = 0,
                auto_accept: bool = False, desk_phone_number: str = "") -> list[dict]:
    """A phone_config block with every member (absent = zero value, as in state)."""
    return [{"after_contact_work_time_limit": after_contact_work_time_limit, "auto_accept": auto_accept,
             "desk_phone_number": desk_phone_number, "phone_type": phone_type}]


def identity_block(email: str = "", first_name: str = "", last_name: str = "") -> list[dict]:
    return [{"email": email, "first_name": first_name, "last_name": last_name}]


def flatten(user: dict, instance_id: str, secondary_email: bool = False) -> dict:
    """The state Read sets from a User (the data source adds identity_info.secondary_email)."""
    assert_no_empty_objects(user)
    identity = []
    if "IdentityInfo" in user:
        identity = identity_block(*(user["IdentityInfo"].get(member, "") for member, _ in IDENTITY))
        if secondary_email:
            identity[0]["secondary_email"] = user["IdentityInfo"].get("SecondaryEmail", "")
    phone = []
    if "PhoneConfig" in user:
        p = user["PhoneConfig"]
        phone = phone_block(p.get("PhoneType", ""), p.get("AfterContactWorkTimeLimit", 0), p.get("AutoAccept", False),
                            p.get("DeskPhoneNumber", ""))
    return {
        "arn": user["Arn"],
        "directory_user_id": user.get("DirectoryUserId", ""),
        "hierarchy_group_id": user.get("HierarchyGroupId", ""),
        "identity_info": identity,
        "instance_id": instance_id,
        "name": user["Username"],
        "phone_config": phone,
        "routing_profile_id": user.get("RoutingProfileId", ""),
        "security_profile_ids": tf_set(user.get("SecurityProfileIds", [])),
        "user_id": user["Id"],
        "tags": tags_out(user.get("Tags")),
    }


class User:
    """The provider's functions for aws_connect_user (ID `instance:user`)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"InstanceId": config["instance_id"], "PhoneConfig": expand_phone(config["phone_config"]),
                   "RoutingProfileId": config["routing_profile_id"],
                   "SecurityProfileIds": list(config["security_profile_ids"]), "Username": config["name"],
                   **tags_in(config)}
        for argument, member in (("directory_user_id", "DirectoryUserId"), ("hierarchy_group_id", "HierarchyGroupId"),
                                 ("password", "Password")):
            if config.get(argument):
                request[member] = config[argument]
        if config.get("identity_info"):
            request["IdentityInfo"] = expand_identity(config["identity_info"])
        user_id = self.connect.create_user(**request)["UserId"]
        return import_id(config["instance_id"], user_id)

    def read(self, rid: str) -> dict:
        instance_id, user_id = split_import_id(rid, 2)
        return flatten(self.connect.describe_user(InstanceId=instance_id, UserId=user_id)["User"], instance_id)

    @staticmethod
    def expected(config: dict) -> dict:
        expected = {"hierarchy_group_id": config.get("hierarchy_group_id", ""),
                    "identity_info": [identity_block(**config["identity_info"][0])[0]] if config.get("identity_info") else [],
                    "instance_id": config["instance_id"], "name": config["name"],
                    "phone_config": [phone_block(**config["phone_config"][0])[0]],
                    "routing_profile_id": config["routing_profile_id"],
                    "security_profile_ids": tf_set(config["security_profile_ids"]), "tags": config.get("tags", {})}
        if config.get("directory_user_id"):  # optional + computed: compared only when set
            expected["directory_user_id"] = config["directory_user_id"]
        return expected

    @staticmethod
    def suppress(state: dict) -> dict:
        """desk_phone_number's DiffSuppressFunc: compared only for a DESK_PHONE."""
        phone = [dict(b) for b in state["phone_config"]]
        for block in phone:
            if block["phone_type"] != "DESK_PHONE":
                block["desk_phone_number"] = ""
        return {**state, "phone_config": phone}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["user_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        assert (old["name"], old["instance_id"]) == (new["name"], new["instance_id"]), "ForceNew"
        instance_id, user_id = split_import_id(rid, 2)
        ids = {"InstanceId": instance_id, "UserId": user_id}
        if changed(old, new, "hierarchy_group_id"):
            group = {"HierarchyGroupId": new["hierarchy_group_id"]} if new.get("hierarchy_group_id") else {}
            self.connect.update_user_hierarchy(**ids, **group)
        if changed(old, new, "identity_info"):
            self.connect.update_user_identity_info(IdentityInfo=expand_identity(new["identity_info"]), **ids)
        if changed(old, new, "phone_config"):
            self.connect.update_user_phone_config(PhoneConfig=expand_phone(new["phone_config"]), **ids)
        if changed(old, new, "routing_profile_id"):
            self.connect.update_user_routing_profile(RoutingProfileId=new["routing_profile_id"], **ids)
        if changed(old, new, "security_profile_ids"):
            self.connect.update_user_security_profiles(SecurityProfileIds=list(new["security_profile_ids"]), **ids)

    def delete(self, rid: str) -> None:
        instance_id, user_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: self.connect.delete_user(InstanceId=instance_id, UserId=user_id),
                               tolerate_not_found=False)

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.read(rid))


def hierarchy_group(connect, inst, name: str) -> str:
    connect.update_user_hierarchy_structure(InstanceId=inst.id, HierarchyStructure={"LevelOne": {"Name": "Site"}})
    return connect.create_user_hierarchy_group(InstanceId=inst.id, Name=name)["HierarchyGroupId"]


def alice(inst, **extra) -> dict:
    return {"instance_id": inst.id, "name": unique_username("alice"), "password": PASSWORD,
            "routing_profile_id": inst.routing_profile_id,
            "security_profile_ids": [inst.security_profile_id("Agent")],
            "identity_info": [{"first_name": "Alice", "last_name": "Example", "email": "alice@example.com"}],
            "phone_config": [{"after_contact_work_time_limit": 0, "phone_type": "SOFT_PHONE"}],
            "tags": {"Name": "Example User"}, **extra}


def test_user_lifecycle(connect, instance):
    """Every update call once: hierarchy, identity, phone, routing profile, security profiles."""
    inst = instance()
    lisbon, porto = hierarchy_group(connect, inst, "Lisbon"), connect.create_user_hierarchy_group(
        InstanceId=inst.id, Name="Porto")["HierarchyGroupId"]
    config = alice(inst, hierarchy_group_id=lisbon)
    updated = {**config, "hierarchy_group_id": porto,
               "identity_info": [{"first_name": "Alicia", "last_name": "Example-Smith"}],
               "phone_config": [{"after_contact_work_time_limit": 30, "auto_accept": True,
                                 "desk_phone_number": "+112345678913", "phone_type": "DESK_PHONE"}],
               "routing_profile_id": create_routing_profile(connect, inst),
               "security_profile_ids": [inst.security_profile_id("Agent"), create_security_profile(connect, inst)],
               "tags": {"Name": "Example User", "Key2": "Value2"}}
    replay_lifecycle(User(connect), config, updated)


def test_user_hierarchy_removed_and_desk_phone_back_to_soft_phone(connect, instance):
    """hierarchy_group_id removed: UpdateUserHierarchy without HierarchyGroupId; a desk phone
    back to a soft phone (desk_phone_number no longer configured)."""
    inst = instance()
    config = alice(inst, hierarchy_group_id=hierarchy_group(connect, inst, "Lisbon"),
                   phone_config=[{"after_contact_work_time_limit": 60, "auto_accept": True,
                                  "desk_phone_number": "+112345678913", "phone_type": "DESK_PHONE"}])
    updated = {k: v for k, v in config.items() if k != "hierarchy_group_id"}
    updated["phone_config"] = [{"after_contact_work_time_limit": 90, "auto_accept": True, "phone_type": "SOFT_PHONE"}]
    replay_lifecycle(User(connect), config, updated)


def test_user_phone_config_back_to_zero(connect, instance):
    """auto_accept true -> false and after_contact_work_time_limit 60 -> 0: the provider's
    UpdateUserPhoneConfig carries only PhoneType (its SDK does not send false / 0), so the
    user must read back with AutoAccept false and no ACW limit, or every plan shows a diff
    and every apply calls UpdateUserPhoneConfig again."""
    inst = instance()
    config = alice(inst, phone_config=[{"after_contact_work_time_limit": 60, "auto_accept": True,
                                        "phone_type": "SOFT_PHONE"}])
    replay_lifecycle(User(connect), config,
                     {**config, "phone_config": [{"after_contact_work_time_limit": 0, "phone_type": "SOFT_PHONE"}]})


def test_user_without_identity_info(connect, instance):
    """An EXISTING_DIRECTORY user with no identity_info block and no password: DescribeUser
    must leave IdentityInfo out (an empty object would be a block the configuration lacks)."""
    inst = instance("EXISTING_DIRECTORY")
    config = {"instance_id": inst.id, "name": unique_username("dir"), "routing_profile_id": inst.routing_profile_id,
              "security_profile_ids": [inst.security_profile_id("Agent")],
              "phone_config": [{"phone_type": "SOFT_PHONE"}]}
    replay_lifecycle(User(connect), config, {**config, "security_profile_ids": [inst.security_profile_id("Admin")]})


def test_user_delete_does_not_tolerate_gone(connect, instance):
    inst = instance()
    users = User(connect)
    rid = users.create(alice(inst))
    users.delete(rid)
    with expect_error("ResourceNotFoundException", 404):
        users.delete(rid)


def data_source(connect, instance_id: str, *, user_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_user data source (SDK v2): by name ListUsers (60 a page) with exactly one
    Username match; then DescribeUser; identity_info also has secondary_email."""
    if user_id is None:
        user_id = find_by_name(connect.list_users, "UserSummaryList", name, 60, name_member="Username",
                               InstanceId=instance_id)["Id"]
    return flatten(connect.describe_user(InstanceId=instance_id, UserId=user_id)["User"], instance_id,
                   secondary_email=True)


def test_user_data_source(connect, instance):
    inst = instance()
    users = User(connect)
    config = alice(inst)
    resource_state = users.read(users.create(config))
    by_name = data_source_both_ways(partial(data_source, connect, inst.id), "user_id", config["name"])
    assert by_name["user_id"] == resource_state["user_id"]
    assert by_name["identity_info"][0].pop("secondary_email") == ""
    assert_reads_as_resource(by_name, resource_state, users.expected(config))
