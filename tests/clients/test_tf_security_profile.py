"""Terraform replay: `aws_connect_security_profile` and its data source.

docs/terraform-provider.md, sections aws_connect_security_profile and Data sources, gives the
provider's calls (`security_profile.go`, `security_profile_data_source.go`):
CreateSecurityProfile (Permissions only when non-empty); Read is DescribeSecurityProfile then
ListSecurityProfilePermissions (60 a page, all pages); Update is one UpdateSecurityProfile with
only the changed members; name is ForceNew; Delete tolerates ResourceNotFoundException.
Permissions are the provider's test ones (`security_profile_test.go`)."""
from functools import partial

import pytest

from tfreplay import (assert_gone, assert_no_empty_objects, assert_reads_as_resource, changed,
                      data_source_both_ways, delete_tolerating_gone, find_by_name, import_id,
                      paginate, replay_lifecycle, split_import_id, tags_in, tags_out, tf_set,
                      update_tags)


def read_by_ids(connect, instance_id: str, profile_id: str) -> dict:
    """Read (resource and data source): DescribeSecurityProfile, then every permission."""
    profile = connect.describe_security_profile(InstanceId=instance_id, SecurityProfileId=profile_id)["SecurityProfile"]
    assert_no_empty_objects(profile)
    permissions = paginate(connect.list_security_profile_permissions, "Permissions", 60,
                           InstanceId=instance_id, SecurityProfileId=profile_id)
    return {
        "arn": profile["Arn"],
        "description": profile.get("Description", ""),
        "instance_id": instance_id,
        "name": profile["SecurityProfileName"],
        "organization_resource_id": profile.get("OrganizationResourceId", ""),
        "permissions": tf_set(permissions),
        "security_profile_id": profile["Id"],
        "tags": tags_out(profile.get("Tags")),
    }


class SecurityProfile:
    """The provider's functions for aws_connect_security_profile (ID `instance:profile`)."""

    def __init__(self, connect):
        self.connect = connect

    def create(self, config: dict) -> str:
        request = {"InstanceId": config["instance_id"], "SecurityProfileName": config["name"], **tags_in(config)}
        if config.get("description"):
            request["Description"] = config["description"]
        if config.get("permissions"):
            request["Permissions"] = list(config["permissions"])
        profile_id = self.connect.create_security_profile(**request)["SecurityProfileId"]
        return import_id(config["instance_id"], profile_id)

    def read(self, rid: str) -> dict:
        return read_by_ids(self.connect, *split_import_id(rid, 2))

    @staticmethod
    def expected(config: dict) -> dict:
        return {"description": config.get("description", ""), "instance_id": config["instance_id"],
                "name": config["name"], "permissions": tf_set(config.get("permissions", [])),
                "tags": config.get("tags", {})}

    @staticmethod
    def import_id(state: dict) -> str:
        return import_id(state["instance_id"], state["security_profile_id"])

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        assert old["name"] == new["name"], "name is ForceNew: a replacement, not an update"
        if changed(old, new, "description", "permissions"):
            instance_id, profile_id = split_import_id(rid, 2)
            request = {"InstanceId": instance_id, "SecurityProfileId": profile_id}
            if changed(old, new, "description"):
                request["Description"] = new.get("description", "")
            if changed(old, new, "permissions"):
                request["Permissions"] = list(new.get("permissions", []))
            self.connect.update_security_profile(**request)

    def delete(self, rid: str) -> None:
        instance_id, profile_id = split_import_id(rid, 2)
        delete_tolerating_gone(lambda: self.connect.delete_security_profile(
            InstanceId=instance_id, SecurityProfileId=profile_id))

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.read(rid))


def test_security_profile_lifecycle(connect, instance):
    inst = instance()
    config = {"instance_id": inst.id, "name": "Support agent", "description": "Answers calls",
              "permissions": ["BasicAgentAccess", "OutboundCallAccess"], "tags": {"Name": "Example Security Profile"}}
    updated = {**config, "description": "Answers and places calls",
               "permissions": ["BasicAgentAccess", "OutboundCallAccess", "ListenCallRecordings"],
               "tags": {"Name": "Example Security Profile", "Key2": "Value2"}}
    replay_lifecycle(SecurityProfile(connect), config, updated)


def test_security_profile_only_permissions_change(connect, instance):
    """Only permissions change: UpdateSecurityProfile carries Permissions and no
    Description; the description stays."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "Narrowing", "description": "Keeps its description",
              "permissions": ["BasicAgentAccess", "OutboundCallAccess"]}
    replay_lifecycle(SecurityProfile(connect), config, {**config, "permissions": ["BasicAgentAccess"]})


def test_security_profile_without_description_or_permissions(connect, instance):
    """Neither description nor permissions: Create leaves both out; both read back empty
    (no diff); adding a description later sends only the description."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "Bare"}
    replay_lifecycle(SecurityProfile(connect), config, {**config, "description": "Now described"})


def test_security_profile_description_and_permissions_removed(connect, instance):
    """Both removed from the configuration: UpdateSecurityProfile with Description "" and
    Permissions [] (the provider expands an empty set to an empty list, which is sent); both
    read back empty."""
    inst = instance()
    config = {"instance_id": inst.id, "name": "Shrinking", "description": "Goes away",
              "permissions": ["BasicAgentAccess"]}
    replay_lifecycle(SecurityProfile(connect), config, {"instance_id": inst.id, "name": "Shrinking"})


def test_security_profile_delete_tolerates_gone(connect, instance):
    inst = instance()
    profile = SecurityProfile(connect)
    rid = profile.create({"instance_id": inst.id, "name": "Twice"})
    profile.delete(rid)
    profile.delete(rid)
    profile.gone(rid)


def data_source(connect, instance_id: str, *, security_profile_id: str | None = None, name: str | None = None) -> dict:
    """aws_connect_security_profile data source (SDK v2): by name ListSecurityProfiles (60 a
    page, exactly one match); then the resource's Read calls."""
    if security_profile_id is None:
        security_profile_id = find_by_name(connect.list_security_profiles, "SecurityProfileSummaryList", name, 60,
                                  InstanceId=instance_id)["Id"]
    return read_by_ids(connect, instance_id, security_profile_id)


@pytest.mark.parametrize("name", ["Agent", "Admin", "CallCenterManager", "Support agent"])
def test_security_profile_data_source(connect, instance, name):
    inst = instance()
    profile = SecurityProfile(connect)
    config = {"instance_id": inst.id, "name": "Support agent", "description": "Answers calls",
              "permissions": ["BasicAgentAccess", "OutboundCallAccess"], "tags": {"team": "support"}}
    resource_state = profile.read(profile.create(config))
    by_name = data_source_both_ways(partial(data_source, connect, inst.id), "security_profile_id", name)
    if name == config["name"]:
        assert_reads_as_resource(by_name, resource_state, profile.expected(config))
    else:
        assert by_name["permissions"], f"the default {name} profile has its permissions"
