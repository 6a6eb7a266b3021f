"""CreateUser: the full request round-trips through DescribeUser, and every rule -- the model's
constraints and the identity-management rules beyond it -- is enforced by the server, with
nothing created by a rejected request."""
import json
import re

import pytest

from conftest import (ACCOUNT, PASSWORD, REGION, OMIT, assert_create_rejected,
                      assert_validation_message, create_group, create_user, describe_user,
                      expect_error, is_uuid, list_users, recording_client, user_request)

NON_SAML = ["CONNECT_MANAGED", "EXISTING_DIRECTORY"]
ALL_IDENTITIES = ["CONNECT_MANAGED", "SAML", "EXISTING_DIRECTORY"]


def by_channel(entries):
    return {e["Channel"]: e for e in entries or []}


# -- happy paths -------------------------------------------------------------------------------

def test_create_user_returns_uuid_and_arn(connect, instance):
    inst = instance()
    resp = create_user(connect, inst)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert is_uuid(resp["UserId"]), resp
    assert resp["UserArn"] == f"{inst.arn}/agent/{resp['UserId']}"
    assert resp["UserArn"].startswith(f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{inst.id}/")


def test_seed_full_request_round_trips(connect, instance):
    """All ten arguments of the seed's connect_create_user, given back exactly by DescribeUser."""
    inst = instance("CONNECT_MANAGED")
    group = create_group(connect, inst, "Tier 1")
    request = {
        "Username": "jdoe",
        "Password": PASSWORD,
        "IdentityInfo": {"FirstName": "John", "LastName": "Doe",
                         "Email": "john.doe@example.com",
                         "SecondaryEmail": "jd.backup@example.org",
                         "Mobile": "+14155550100"},
        "PhoneConfig": {"PhoneType": "DESK_PHONE", "AutoAccept": True,
                        "AfterContactWorkTimeLimit": 30, "DeskPhoneNumber": "+14155550123"},
        "DirectoryUserId": "jdoe-in-the-directory",
        "SecurityProfileIds": [inst.security_profile_id("Agent"),
                               inst.security_profile_id("CallCenterManager")],
        "RoutingProfileId": inst.routing_profile_id,
        "HierarchyGroupId": group["HierarchyGroupId"],
        "InstanceId": inst.id,
        "Tags": {"department": "support", "site": "sfo"},
    }
    resp = connect.create_user(**request)
    user = describe_user(connect, inst, resp["UserId"])

    assert user["Id"] == resp["UserId"]
    assert user["Arn"] == resp["UserArn"]
    assert user["Username"] == "jdoe"
    assert user["IdentityInfo"] == request["IdentityInfo"]
    phone = dict(user["PhoneConfig"])
    phone.pop("PersistentConnection", None)  # not sent; the server may show its default
    assert phone == request["PhoneConfig"]
    assert user["DirectoryUserId"] == "jdoe-in-the-directory"
    assert sorted(user["SecurityProfileIds"]) == sorted(request["SecurityProfileIds"])
    assert user["RoutingProfileId"] == inst.routing_profile_id
    assert user["HierarchyGroupId"] == group["HierarchyGroupId"]
    assert user["Tags"] == request["Tags"]
    assert user["LastModifiedRegion"] == REGION
    assert "Password" not in user


def test_per_channel_configs_round_trip(connect, instance):
    """The members the current model added after the seed: AutoAcceptConfigs,
    AfterContactWorkConfigs, PhoneNumberConfigs, PersistentConnectionConfigs,
    VoiceEnhancementConfigs."""
    inst = instance()
    req = user_request(
        inst, PhoneConfig=OMIT,
        AutoAcceptConfigs=[
            {"Channel": "VOICE", "AutoAccept": True, "AgentFirstCallbackAutoAccept": False},
            {"Channel": "CHAT", "AutoAccept": False},
        ],
        AfterContactWorkConfigs=[
            {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 45},
             "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 10}},
            {"Channel": "TASK", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 0}},
        ],
        PhoneNumberConfigs=[
            {"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+442071838750"},
        ],
        PersistentConnectionConfigs=[{"Channel": "VOICE", "PersistentConnection": True}],
        VoiceEnhancementConfigs=[{"Channel": "VOICE", "VoiceEnhancementMode": "NOISE_SUPPRESSION"}],
    )
    user_id = connect.create_user(**req)["UserId"]
    user = describe_user(connect, inst, user_id)
    for member in ("AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs",
                   "PersistentConnectionConfigs", "VoiceEnhancementConfigs"):
        got = by_channel(user.get(member))
        for channel, sent in by_channel(req[member]).items():
            assert got.get(channel) == sent, f"{member}[{channel}]: sent {sent}, got {got}"


def test_phone_config_defaults_when_omitted(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst, PhoneConfig=OMIT)["UserId"]
    phone = describe_user(connect, inst, user_id)["PhoneConfig"]
    assert phone["PhoneType"] == "SOFT_PHONE"
    assert phone["AutoAccept"] is False
    assert phone["AfterContactWorkTimeLimit"] == 0


def test_tags_on_create(connect, instance):
    inst = instance()
    resp = create_user(connect, inst, Tags={"a": "1", "b": ""})
    assert describe_user(connect, inst, resp["UserId"])["Tags"] == {"a": "1", "b": ""}
    assert connect.list_tags_for_resource(resourceArn=resp["UserArn"])["tags"] == \
        {"a": "1", "b": ""}


def test_password_never_comes_back(server, instance):
    client, bodies = recording_client(server)
    inst = instance()
    resp = create_user(client, inst)
    client.describe_user(InstanceId=inst.id, UserId=resp["UserId"])
    client.list_users(InstanceId=inst.id)
    client.update_user_identity_info(InstanceId=inst.id, UserId=resp["UserId"],
                                     IdentityInfo={"FirstName": "New", "LastName": "Name"})
    client.describe_user(InstanceId=inst.id, UserId=resp["UserId"])
    with expect_error("DuplicateResourceException"):
        create_user(client, inst, Username=describe_user(client, inst, resp["UserId"])["Username"])
    assert len(bodies) >= 6
    for body in bodies:
        assert PASSWORD.encode() not in body
    raw_user = json.loads(bodies[1])["User"]
    assert not any(k.lower() == "password" for k in raw_user), raw_user


# -- usernames ---------------------------------------------------------------------------------

@pytest.mark.parametrize("identity", NON_SAML)
def test_username_up_to_20_without_saml(connect, instance, identity):
    inst = instance(identity)
    name = "u" * 10 + "1234567890"
    user_id = create_user(connect, inst, Username=name)["UserId"]
    assert describe_user(connect, inst, user_id)["Username"] == name


@pytest.mark.parametrize("identity", NON_SAML)
def test_username_over_20_rejected_without_saml(connect, instance, identity):
    inst = instance(identity)
    assert_create_rejected(connect, inst, "InvalidParameterException", 400, Username="u" * 21)


def test_saml_username_up_to_64(connect, instance):
    inst = instance("SAML")
    name = ("Ab9_-." * 11)[:64]
    user_id = create_user(connect, inst, Username=name)["UserId"]
    assert describe_user(connect, inst, user_id)["Username"] == name


def test_saml_username_over_64_rejected(connect, instance):
    inst = instance("SAML")
    assert_create_rejected(connect, inst, "InvalidParameterException", 400, Username="s" * 65)


@pytest.mark.parametrize("name", ["bad name", "bad!name", "name#1", "naïve"])
def test_saml_username_charset(connect, instance, name):
    inst = instance("SAML")
    assert_create_rejected(connect, inst, "InvalidParameterException", 400, Username=name)


def test_saml_username_email_form_ok(connect, instance):
    inst = instance("SAML")
    user_id = create_user(connect, inst, Username="testuser@example.com")["UserId"]
    assert describe_user(connect, inst, user_id)["Username"] == "testuser@example.com"


@pytest.mark.parametrize("name", ["testuser@example", "@example.com"])
def test_saml_username_at_only_in_email_form(connect, instance, name):
    inst = instance("SAML")
    assert_create_rejected(connect, inst, "InvalidParameterException", 400, Username=name)


def test_duplicate_username_in_same_instance(connect, instance):
    inst = instance()
    create_user(connect, inst, Username="dupe")
    assert_create_rejected(connect, inst, "DuplicateResourceException", 409, Username="dupe")
    assert [u["Username"] for u in list_users(connect, inst.id)] == ["dupe"]


def test_same_username_in_another_instance_is_fine(connect, instance):
    a, b = instance(), instance()
    ua = create_user(connect, a, Username="shared")["UserId"]
    ub = create_user(connect, b, Username="shared")["UserId"]
    assert ua != ub
    assert describe_user(connect, b, ub)["Username"] == "shared"


# -- passwords ---------------------------------------------------------------------------------

def test_password_required_with_connect_managed(connect, instance):
    inst = instance("CONNECT_MANAGED")
    assert_create_rejected(connect, inst, "InvalidRequestException", 400, Password=OMIT)


@pytest.mark.parametrize("password", [
    "password",              # no upper case, no digit
    "Passw0r",               # 7 characters
    "alllowercase1",         # no upper case
    "ALLUPPERCASE1",         # no lower case
    "NoDigitsHere",          # no digit
    "Aa1" + "x" * 62,        # 65 characters
])
def test_password_policy(connect, instance, password):
    inst = instance("CONNECT_MANAGED")
    err = assert_create_rejected(connect, inst, "InvalidParameterException", 400,
                                 Password=password)
    assert err.message.startswith("1 validation error detected"), err.message


def test_password_policy_message_does_not_echo_password(connect, instance):
    inst = instance("CONNECT_MANAGED")
    err = assert_create_rejected(connect, inst, "InvalidParameterException", 400,
                                 Password="weakpasswordzz")
    assert_validation_message(err.message, "password")
    assert "weakpasswordzz" not in err.message


def test_password_policy_accepts_boundaries(connect, instance):
    inst = instance("CONNECT_MANAGED")
    create_user(connect, inst, Password="Passw0rd")            # 8
    create_user(connect, inst, Password="Aa1" + "x" * 61)      # 64
    assert len(list_users(connect, inst.id)) == 2


def test_password_rejected_with_saml(connect, instance):
    inst = instance("SAML")
    assert_create_rejected(connect, inst, "InvalidRequestException", 400, Password=PASSWORD)


# -- directory user id -------------------------------------------------------------------------

def test_directory_user_id_rejected_with_saml(connect, instance):
    inst = instance("SAML")
    assert_create_rejected(connect, inst, "InvalidRequestException", 400,
                           DirectoryUserId="someone-in-a-directory")


def test_directory_user_id_with_existing_directory(connect, instance):
    inst = instance("EXISTING_DIRECTORY")
    user_id = create_user(connect, inst, DirectoryUserId="dir-user-1")["UserId"]
    assert describe_user(connect, inst, user_id)["DirectoryUserId"] == "dir-user-1"


# -- identity info -----------------------------------------------------------------------------

@pytest.mark.parametrize("identity", ["CONNECT_MANAGED", "SAML"])
@pytest.mark.parametrize("identity_info", [
    OMIT,
    {"LastName": "Doe"},
    {"FirstName": "John"},
    {"Email": "john@example.com"},
], ids=["no-identity-info", "no-first-name", "no-last-name", "email-only"])
def test_names_required_with_connect_managed_and_saml(connect, instance, identity,
                                                      identity_info):
    inst = instance(identity)
    assert_create_rejected(connect, inst, "InvalidRequestException", 400,
                           IdentityInfo=identity_info)


def test_names_not_required_with_existing_directory(connect, instance):
    inst = instance("EXISTING_DIRECTORY")
    user_id = create_user(connect, inst, IdentityInfo=OMIT)["UserId"]
    assert describe_user(connect, inst, user_id)["Username"]


@pytest.mark.parametrize("identity", ALL_IDENTITIES)
def test_email_is_optional(connect, instance, identity):
    inst = instance(identity)
    info = {"FirstName": "No", "LastName": "Email"}
    user_id = create_user(connect, inst, IdentityInfo=info)["UserId"]
    got = describe_user(connect, inst, user_id)["IdentityInfo"]
    assert got["FirstName"] == "No" and got["LastName"] == "Email"
    assert not got.get("Email")


@pytest.mark.parametrize("identity", ALL_IDENTITIES)
def test_email_is_kept(connect, instance, identity):
    inst = instance(identity)
    info = {"FirstName": "Ann", "LastName": "Lee", "Email": "ann.lee@example.com"}
    user_id = create_user(connect, inst, IdentityInfo=info)["UserId"]
    assert describe_user(connect, inst, user_id)["IdentityInfo"]["Email"] == \
        "ann.lee@example.com"


def test_non_ascii_names_round_trip(connect, instance):
    inst = instance()
    info = {"FirstName": "Zoë", "LastName": "Ōtsuka-Müller 山田"}
    user_id = create_user(connect, inst, IdentityInfo=info)["UserId"]
    assert describe_user(connect, inst, user_id)["IdentityInfo"] == info


# -- phone config ------------------------------------------------------------------------------

def test_desk_phone_with_e164_number(connect, instance):
    inst = instance()
    pc = {"PhoneType": "DESK_PHONE", "AutoAccept": False, "AfterContactWorkTimeLimit": 5,
          "DeskPhoneNumber": "+14155550123"}
    user_id = create_user(connect, inst, PhoneConfig=pc)["UserId"]
    got = describe_user(connect, inst, user_id)["PhoneConfig"]
    assert got["PhoneType"] == "DESK_PHONE"
    assert got["DeskPhoneNumber"] == "+14155550123"
    assert got["AfterContactWorkTimeLimit"] == 5


def test_desk_phone_requires_number(connect, instance):
    inst = instance()
    assert_create_rejected(connect, inst, "InvalidParameterException", 400,
                           PhoneConfig={"PhoneType": "DESK_PHONE", "AutoAccept": False,
                                        "AfterContactWorkTimeLimit": 0})


def test_desk_phone_number_must_be_e164(connect, instance):
    inst = instance()
    err = assert_create_rejected(connect, inst, "InvalidParameterException", 400,
                                 PhoneConfig={"PhoneType": "DESK_PHONE", "AutoAccept": False,
                                              "AfterContactWorkTimeLimit": 0,
                                              "DeskPhoneNumber": "555-1234"})
    assert "555-1234" not in err.message


CONFLICTS = {
    "auto-accept": ({"AutoAccept": True},
                    {"AutoAcceptConfigs": [{"Channel": "VOICE", "AutoAccept": True}]}),
    "after-contact-work": ({"AfterContactWorkTimeLimit": 20},
                           {"AfterContactWorkConfigs": [
                               {"Channel": "VOICE",
                                "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 20}}]}),
    "phone-type": ({"PhoneType": "SOFT_PHONE"},
                   {"PhoneNumberConfigs": [{"Channel": "VOICE", "PhoneType": "SOFT_PHONE"}]}),
    "desk-phone-number": ({"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550123"},
                          {"PhoneNumberConfigs": [{"Channel": "VOICE", "PhoneType": "DESK_PHONE",
                                                   "PhoneNumber": "+14155550123"}]}),
    "persistent-connection": ({"PersistentConnection": True},
                              {"PersistentConnectionConfigs": [
                                  {"Channel": "VOICE", "PersistentConnection": True}]}),
}


@pytest.mark.parametrize("conflict", list(CONFLICTS))
def test_phone_config_conflicts_with_per_channel_configs(connect, instance, conflict):
    phone_config, per_channel = CONFLICTS[conflict]
    inst = instance()
    assert_create_rejected(connect, inst, "InvalidRequestException", 400,
                           PhoneConfig=phone_config, **per_channel)


# -- references --------------------------------------------------------------------------------

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


@pytest.mark.parametrize("member", ["SecurityProfileIds", "RoutingProfileId", "HierarchyGroupId"])
@pytest.mark.parametrize("source", ["unknown", "other-instance"])
def test_references_must_exist_in_the_instance(connect, instance, member, source):
    inst = instance()
    if source == "unknown":
        ref = UNKNOWN_ID
    else:
        other = instance()
        ref = {"SecurityProfileIds": other.security_profile_id("Agent"),
               "RoutingProfileId": other.routing_profile_id,
               "HierarchyGroupId": create_group(connect, other)["HierarchyGroupId"]}[member]
    value = [ref] if member == "SecurityProfileIds" else ref
    assert_create_rejected(connect, inst, "InvalidParameterException", 400, **{member: value})


def test_one_bad_security_profile_among_good_ones(connect, instance):
    inst = instance()
    assert_create_rejected(connect, inst, "InvalidParameterException", 400,
                           SecurityProfileIds=[inst.security_profile_id("Agent"), UNKNOWN_ID])


def test_unknown_instance(connect, instance):
    inst = instance()
    req = user_request(inst, InstanceId="00000000-0000-4000-8000-000000000000")
    with expect_error("ResourceNotFoundException", 404):
        connect.create_user(**req)
    assert list_users(connect, inst.id) == []


# -- model constraints, checked by the server (boto3's own validation is off) -----------------

@pytest.mark.parametrize("overrides, member", [
    ({"SecurityProfileIds": OMIT}, "securityProfileIds"),
    ({"RoutingProfileId": OMIT}, "routingProfileId"),
    ({"Username": OMIT}, "username"),
    ({"SecurityProfileIds": []}, "securityProfileIds"),
    ({"Username": ""}, "username"),
    ({"Username": "x" * 101}, "username"),
    ({"PhoneConfig": {"PhoneType": "WALKIE_TALKIE"}}, "phoneType"),
    ({"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": -1}},
     "afterContactWorkTimeLimit"),
    ({"PhoneConfig": OMIT, "AutoAcceptConfigs": [{"Channel": "FAX", "AutoAccept": True}]},
     "channel"),
    ({"PhoneConfig": OMIT, "VoiceEnhancementConfigs": [{"Channel": "VOICE"}]},
     "voiceEnhancementMode"),
    ({"IdentityInfo": {"FirstName": "Q" * 256, "LastName": "Doe"}}, "firstName"),
    ({"IdentityInfo": {"FirstName": "Jo", "LastName": "Q" * 301}}, "lastName"),
], ids=["no-security-profiles", "no-routing-profile", "no-username", "empty-security-profiles",
        "empty-username", "long-username", "bad-phone-type", "negative-acw", "bad-channel",
        "no-voice-enhancement-mode", "long-first-name", "long-last-name"])
def test_model_constraints(raw_connect, instance, overrides, member):
    inst = instance()
    err = assert_create_rejected(raw_connect, inst, "InvalidParameterException", 400,
                                 **overrides)
    assert_validation_message(err.message, member)


def test_validation_message_wording(raw_connect, instance):
    inst = instance()
    err = assert_create_rejected(raw_connect, inst, "InvalidParameterException", 400,
                                 Username="y" * 101)
    assert err.message.startswith("1 validation error detected: Value "), err.message
    assert "at 'username' failed to satisfy constraint: " \
           "Member must have length less than or equal to 100" in err.message


def test_several_validation_errors_are_counted(raw_connect, instance):
    inst = instance()
    err = assert_create_rejected(raw_connect, inst, "InvalidParameterException", 400,
                                 Username="z" * 101, SecurityProfileIds=[])
    assert_validation_message(err.message, "username", n=2)
    assert "securityProfileIds" in err.message


def test_too_many_security_profiles(raw_connect, instance):
    inst = instance()
    ids = list(inst.security_profiles.values())
    err = assert_create_rejected(raw_connect, inst, "InvalidParameterException", 400,
                                 SecurityProfileIds=(ids * 3)[:11])
    assert_validation_message(err.message, "securityProfileIds")


def test_too_many_tags_on_create(raw_connect, instance):
    inst = instance()
    assert_create_rejected(raw_connect, inst, None, "4xx",
                           Tags={f"k{i}": "v" for i in range(51)})


def test_sensitive_values_not_echoed(raw_connect, instance):
    inst = instance()
    long_name = "Secretname" * 26  # 260 > 255
    err = assert_create_rejected(raw_connect, inst, "InvalidParameterException", 400,
                                 IdentityInfo={"FirstName": long_name, "LastName": "Doe"})
    assert long_name not in err.message
    assert "Secretname" not in err.message


def test_user_ids_are_distinct_uuids(connect, instance):
    """Ids are UUIDs and distinct per user."""
    inst = instance()
    ids = {create_user(connect, inst)["UserId"] for _ in range(5)}
    assert len(ids) == 5
    assert all(re.fullmatch(r"[0-9a-f-]{36}", i, re.I) for i in ids)
