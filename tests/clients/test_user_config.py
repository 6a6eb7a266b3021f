"""UpdateUserConfig, the legacy PhoneConfig as the view of the VOICE channel, and the
AfterContactWorkTimeLimit bound (0 to 2,000,000 seconds) on every input path: CreateUser,
UpdateUserPhoneConfig, UpdateUserConfig, `switchboard import-users` and snapshot import."""
from __future__ import annotations

import csv
import json
import subprocess

import pytest

import conftest
from conftest import (BIN, DATABASE_URL, REGION, cli_env, create_user, describe_user,
                      expect_error, list_users, output_number_problems, user_request)

MAX_ACW = 2_000_000


def by_channel(entries):
    return {e["Channel"]: e for e in entries or []}


def voice_view(user: dict) -> dict:
    """The VOICE channel as the per-channel members give it, in PhoneConfig's terms."""
    number = by_channel(user.get("PhoneNumberConfigs"))["VOICE"]
    view = {
        "PhoneType": number["PhoneType"],
        "AutoAccept": by_channel(user.get("AutoAcceptConfigs"))["VOICE"]["AutoAccept"],
        "AfterContactWorkTimeLimit": by_channel(user.get("AfterContactWorkConfigs"))["VOICE"][
            "AfterContactWorkConfig"]["AfterContactWorkTimeLimit"],
    }
    if "PhoneNumber" in number:
        view["DeskPhoneNumber"] = number["PhoneNumber"]
    persistent = by_channel(user.get("PersistentConnectionConfigs")).get("VOICE")
    if persistent is not None:
        view["PersistentConnection"] = persistent["PersistentConnection"]
    return view


def assert_agree(user: dict) -> dict:
    """PhoneConfig is complete (no SDK default can stand in for a missing field) and equals
    the VOICE entries."""
    phone = user["PhoneConfig"]
    for field in ("PhoneType", "AutoAccept", "AfterContactWorkTimeLimit"):
        assert field in phone, f"PhoneConfig without {field}: {phone}"
    assert phone == voice_view(user), f"PhoneConfig {phone} vs VOICE {voice_view(user)}"
    return phone


def search_user(client, inst, user_id) -> dict:
    resp = client.search_users(InstanceId=inst.id, SearchCriteria={
        "StringCondition": {"FieldName": "ResourceId", "Value": user_id,
                            "ComparisonType": "EXACT"}})
    assert len(resp["Users"]) == 1, resp
    return resp["Users"][0]


def in_seconds(summary: dict) -> dict:
    """A SearchUsers summary with its ACW limits (milliseconds) in seconds."""
    s = json.loads(json.dumps(summary, default=str))
    s["PhoneConfig"]["AfterContactWorkTimeLimit"] //= 1000
    for c in s.get("AfterContactWorkConfigs", []):
        c["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"] //= 1000
        if "AgentFirstCallbackAfterContactWorkConfig" in c:
            c["AgentFirstCallbackAfterContactWorkConfig"]["AfterContactWorkTimeLimit"] //= 1000
    return s


def update_config(client, inst, user_id, **members):
    return client.update_user_config(InstanceId=inst.id, UserId=user_id, **members)


# -- UpdateUserConfig, member by member -----------------------------------------------------------

def test_each_member_sets_its_channel_and_describe_user_shows_it(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]

    update_config(connect, inst, user_id, AutoAcceptConfigs=[
        {"Channel": "VOICE", "AutoAccept": True, "AgentFirstCallbackAutoAccept": True},
        {"Channel": "CHAT", "AutoAccept": True}])
    user = describe_user(connect, inst, user_id)
    assert by_channel(user["AutoAcceptConfigs"])["CHAT"] == {"Channel": "CHAT", "AutoAccept": True}
    assert by_channel(user["AutoAcceptConfigs"])["VOICE"]["AgentFirstCallbackAutoAccept"] is True
    assert assert_agree(user)["AutoAccept"] is True

    update_config(connect, inst, user_id, AfterContactWorkConfigs=[
        {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 45},
         "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 10}},
        {"Channel": "EMAIL", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 600}}])
    user = describe_user(connect, inst, user_id)
    acw = by_channel(user["AfterContactWorkConfigs"])
    assert acw["EMAIL"]["AfterContactWorkConfig"] == {"AfterContactWorkTimeLimit": 600}
    assert acw["VOICE"]["AgentFirstCallbackAfterContactWorkConfig"] == {"AfterContactWorkTimeLimit": 10}
    assert assert_agree(user)["AfterContactWorkTimeLimit"] == 45

    update_config(connect, inst, user_id, PhoneNumberConfigs=[
        {"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "+442071838750"}])
    phone = assert_agree(describe_user(connect, inst, user_id))
    assert (phone["PhoneType"], phone["DeskPhoneNumber"]) == ("DESK_PHONE", "+442071838750")

    update_config(connect, inst, user_id, PersistentConnectionConfigs=[
        {"Channel": "VOICE", "PersistentConnection": True}])
    assert assert_agree(describe_user(connect, inst, user_id))["PersistentConnection"] is True

    update_config(connect, inst, user_id, VoiceEnhancementConfigs=[
        {"Channel": "VOICE", "VoiceEnhancementMode": "VOICE_ISOLATION"}])
    user = describe_user(connect, inst, user_id)
    assert user["VoiceEnhancementConfigs"] == [{"Channel": "VOICE",
                                                "VoiceEnhancementMode": "VOICE_ISOLATION"}]
    # Every earlier setting is still there.
    phone = assert_agree(user)
    assert phone == {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+442071838750",
                     "AutoAccept": True, "AfterContactWorkTimeLimit": 45,
                     "PersistentConnection": True}
    assert by_channel(user["AutoAcceptConfigs"])["CHAT"]["AutoAccept"] is True


def test_entries_replace_their_channel_and_other_channels_stay(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst, PhoneConfig=conftest.OMIT, AutoAcceptConfigs=[
        {"Channel": "VOICE", "AutoAccept": True, "AgentFirstCallbackAutoAccept": True},
        {"Channel": "TASK", "AutoAccept": True}])["UserId"]
    before = describe_user(connect, inst, user_id)
    update_config(connect, inst, user_id,
                  AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": False}])
    after = describe_user(connect, inst, user_id)
    auto = by_channel(after["AutoAcceptConfigs"])
    assert auto["VOICE"] == {"Channel": "VOICE", "AutoAccept": False}, "the entry is replaced whole"
    assert auto["TASK"] == {"Channel": "TASK", "AutoAccept": True}, "TASK was not mentioned"
    assert assert_agree(after)["AutoAccept"] is False
    for member in ("AfterContactWorkConfigs", "PhoneNumberConfigs", "IdentityInfo",
                   "SecurityProfileIds", "RoutingProfileId", "Tags"):
        assert after.get(member) == before.get(member), member
    assert after["LastModifiedTime"] >= before["LastModifiedTime"]


def test_update_user_config_with_the_aws_cli(aws, connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    rc, out, err = aws("connect", "update-user-config", "--instance-id", inst.id,
                       "--user-id", user_id,
                       "--auto-accept-configs", "Channel=VOICE,AutoAccept=true",
                       "--after-contact-work-configs", json.dumps([
                           {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 30}},
                           {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 5400}}]),
                       "--phone-number-configs", "Channel=VOICE,PhoneType=DESK_PHONE,PhoneNumber=+14155550142",
                       "--persistent-connection-configs", "Channel=VOICE,PersistentConnection=false",
                       "--voice-enhancement-configs", "Channel=VOICE,VoiceEnhancementMode=NOISE_SUPPRESSION")
    assert rc == 0, err
    rc, out, err = aws("connect", "describe-user", "--instance-id", inst.id, "--user-id", user_id)
    assert rc == 0, err
    user = out["User"]
    assert assert_agree(user) == {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550142",
                                  "AutoAccept": True, "AfterContactWorkTimeLimit": 30,
                                  "PersistentConnection": False}
    assert by_channel(user["AfterContactWorkConfigs"])["CHAT"]["AfterContactWorkConfig"] == \
        {"AfterContactWorkTimeLimit": 5400}
    assert user["VoiceEnhancementConfigs"] == [{"Channel": "VOICE",
                                                "VoiceEnhancementMode": "NOISE_SUPPRESSION"}]
    rc, out, err = aws("connect", "update-user-config", "--instance-id", inst.id,
                       "--user-id", user_id, "--phone-number-configs",
                       "Channel=CHAT,PhoneType=SOFT_PHONE")
    assert rc != 0 and "InvalidParameterException" in err, err


def test_unknown_user_or_instance(connect, instance):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        update_config(connect, inst, "11111111-2222-4333-8444-555555555555",
                      AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}])
    user_id = create_user(connect, inst)["UserId"]
    with expect_error("ResourceNotFoundException", 404):
        connect.update_user_config(InstanceId="00000000-0000-4000-8000-000000000000",
                                   UserId=user_id,
                                   AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}])


# -- rules of the per-channel members ---------------------------------------------------------------

BAD_PER_CHANNEL = {
    # "Only VOICE is supported for this data type"
    "phone-number-chat": ("InvalidParameterException", {"PhoneNumberConfigs": [
        {"Channel": "CHAT", "PhoneType": "SOFT_PHONE"}]}),
    "persistent-connection-task": ("InvalidParameterException", {"PersistentConnectionConfigs": [
        {"Channel": "TASK", "PersistentConnection": True}]}),
    "voice-enhancement-email": ("InvalidParameterException", {"VoiceEnhancementConfigs": [
        {"Channel": "EMAIL", "VoiceEnhancementMode": "NONE"}]}),
    # "This setting only applies to the VOICE channel"
    "callback-auto-accept-chat": ("InvalidParameterException", {"AutoAcceptConfigs": [
        {"Channel": "CHAT", "AutoAccept": True, "AgentFirstCallbackAutoAccept": True}]}),
    "callback-acw-task": ("InvalidParameterException", {"AfterContactWorkConfigs": [
        {"Channel": "TASK", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 5},
         "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 5}}]}),
    "channel-twice": ("InvalidParameterException", {"AutoAcceptConfigs": [
        {"Channel": "CHAT", "AutoAccept": True}, {"Channel": "CHAT", "AutoAccept": False}]}),
    "desk-phone-without-number": ("InvalidParameterException", {"PhoneNumberConfigs": [
        {"Channel": "VOICE", "PhoneType": "DESK_PHONE"}]}),
    "desk-phone-not-e164": ("InvalidParameterException", {"PhoneNumberConfigs": [
        {"Channel": "VOICE", "PhoneType": "DESK_PHONE", "PhoneNumber": "555-1234"}]}),
    "acw-over-max": ("InvalidParameterException", {"AfterContactWorkConfigs": [
        {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": MAX_ACW + 1}}]}),
    "callback-acw-over-max": ("InvalidParameterException", {"AfterContactWorkConfigs": [
        {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 1},
         "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": 3_000_000}}]}),
}


@pytest.mark.parametrize("case", list(BAD_PER_CHANNEL))
def test_update_user_config_refuses_and_changes_nothing(connect, instance, case):
    code, members = BAD_PER_CHANNEL[case]
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    before = describe_user(connect, inst, user_id)
    with expect_error(code, 400) as err:
        update_config(connect, inst, user_id, **members)
    assert "555-1234" not in err.message
    assert describe_user(connect, inst, user_id) == before


@pytest.mark.parametrize("case", list(BAD_PER_CHANNEL))
def test_create_user_applies_the_same_rules(connect, instance, case):
    code, members = BAD_PER_CHANNEL[case]
    inst = instance()
    conftest.assert_create_rejected(connect, inst, code, 400, PhoneConfig=conftest.OMIT, **members)


def test_update_user_config_needs_a_member(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    with expect_error("InvalidRequestException", 400):
        connect.update_user_config(InstanceId=inst.id, UserId=user_id)


def test_bound_messages_are_in_aws_words(raw_connect, instance):
    inst = instance()
    user_id = create_user(raw_connect, inst)["UserId"]
    with expect_error("InvalidParameterException", 400) as err:
        update_config(raw_connect, inst, user_id, AfterContactWorkConfigs=[
            {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 2_000_001}}])
    assert err.message == (
        "1 validation error detected: Value '2000001' at "
        "'afterContactWorkConfigs.1.member.afterContactWorkConfig.afterContactWorkTimeLimit' "
        "failed to satisfy constraint: Member must have value less than or equal to 2000000")


# -- PhoneConfig <-> VOICE ------------------------------------------------------------------------

def test_a_user_made_only_of_per_channel_configs_has_a_phone_config_that_agrees(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst, PhoneConfig=conftest.OMIT,
                          AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}],
                          AfterContactWorkConfigs=[{"Channel": "VOICE", "AfterContactWorkConfig":
                                                    {"AfterContactWorkTimeLimit": 120}}],
                          PhoneNumberConfigs=[{"Channel": "VOICE", "PhoneType": "DESK_PHONE",
                                               "PhoneNumber": "+14155550101"}])["UserId"]
    user = describe_user(connect, inst, user_id)
    assert assert_agree(user) == {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550101",
                                  "AutoAccept": True, "AfterContactWorkTimeLimit": 120}
    summary = search_user(connect, inst, user_id)
    assert summary["PhoneConfig"]["AfterContactWorkTimeLimit"] == 120_000
    assert assert_agree(in_seconds(summary)) == user["PhoneConfig"]


def test_a_phone_config_shows_in_the_voice_entries(connect, instance):
    inst = instance()
    pc = {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550102", "AutoAccept": True,
          "AfterContactWorkTimeLimit": 15, "PersistentConnection": True}
    user_id = create_user(connect, inst, PhoneConfig=pc)["UserId"]
    assert assert_agree(describe_user(connect, inst, user_id)) == pc
    assert assert_agree(in_seconds(search_user(connect, inst, user_id))) == pc


def test_per_channel_configs_without_voice_get_connect_defaults_for_voice(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst, PhoneConfig=conftest.OMIT, AutoAcceptConfigs=[
        {"Channel": "CHAT", "AutoAccept": True}])["UserId"]
    user = describe_user(connect, inst, user_id)
    assert assert_agree(user) == {"PhoneType": "SOFT_PHONE", "AutoAccept": False,
                                  "AfterContactWorkTimeLimit": 0}
    assert by_channel(user["AutoAcceptConfigs"])["CHAT"]["AutoAccept"] is True


def test_update_user_phone_config_sets_acw_on_every_channel(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst, PhoneConfig=conftest.OMIT,
                          AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}],
                          AfterContactWorkConfigs=[
                              {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 90}},
                              {"Channel": "TASK", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 300}}],
                          PhoneNumberConfigs=[{"Channel": "VOICE", "PhoneType": "DESK_PHONE",
                                               "PhoneNumber": "+14155550103"}])["UserId"]
    connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id,
                                     PhoneConfig={"AfterContactWorkTimeLimit": 60})
    user = describe_user(connect, inst, user_id)
    limits = {c: e["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"]
              for c, e in by_channel(user["AfterContactWorkConfigs"]).items()}
    assert limits == {"VOICE": 60, "CHAT": 60, "TASK": 60}
    # PhoneType and DeskPhoneNumber left out keep their settings; AutoAccept left out is
    # false (SDKs leave false out: docs/rules.md, "Phone settings").
    assert assert_agree(user) == {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550103",
                                  "AutoAccept": False, "AfterContactWorkTimeLimit": 60}

    connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id,
                                     PhoneConfig={"PhoneType": "SOFT_PHONE", "AutoAccept": True})
    user = describe_user(connect, inst, user_id)
    # AfterContactWorkTimeLimit left out is 0, on every channel.
    assert assert_agree(user) == {"PhoneType": "SOFT_PHONE", "AutoAccept": True,
                                  "AfterContactWorkTimeLimit": 0}
    assert {c: e["AfterContactWorkConfig"]["AfterContactWorkTimeLimit"]
            for c, e in by_channel(user["AfterContactWorkConfigs"]).items()} == {"VOICE": 0, "CHAT": 0, "TASK": 0}
    assert by_channel(user["PhoneNumberConfigs"])["VOICE"] == {"Channel": "VOICE",
                                                               "PhoneType": "SOFT_PHONE"}


def test_update_user_config_after_update_user_phone_config(connect, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id, PhoneConfig={
        "PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 20})
    update_config(connect, inst, user_id, AfterContactWorkConfigs=[
        {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 25}}])
    assert assert_agree(describe_user(connect, inst, user_id)) == {
        "PhoneType": "SOFT_PHONE", "AutoAccept": True, "AfterContactWorkTimeLimit": 25}


# -- the ACW bound on every path --------------------------------------------------------------

@pytest.mark.parametrize("members", [
    {"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": MAX_ACW + 1}},
    {"PhoneConfig": conftest.OMIT, "AfterContactWorkConfigs": [
        {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 3_000_000}}]},
], ids=["phone-config", "per-channel"])
def test_create_user_bound(connect, instance, members):
    inst = instance()
    err = conftest.assert_create_rejected(connect, inst, "InvalidParameterException", 400, **members)
    assert "less than or equal to 2000000" in err.message


def test_update_user_phone_config_bound(connect, aws, instance):
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    before = describe_user(connect, inst, user_id)
    with expect_error("InvalidParameterException", 400) as err:
        connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id, PhoneConfig={
            "PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 3_000_000})
    assert "'phoneConfig.afterContactWorkTimeLimit'" in err.message
    rc, _, err_text = aws("connect", "update-user-phone-config", "--instance-id", inst.id,
                          "--user-id", user_id, "--phone-config",
                          "PhoneType=SOFT_PHONE,AfterContactWorkTimeLimit=3000000")
    assert rc != 0 and "InvalidParameterException" in err_text, err_text
    assert describe_user(connect, inst, user_id) == before


def test_the_maximum_fits_search_users_milliseconds(connect, instance):
    """2,000,000 s is 2,000,000,000 ms in SearchUsers: still a 32-bit integer, so every SDK
    reads the page (the suite's output hook checks every response's numbers too)."""
    inst = instance()
    user_id = create_user(connect, inst)["UserId"]
    connect.update_user_phone_config(InstanceId=inst.id, UserId=user_id, PhoneConfig={
        "PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": MAX_ACW})
    update_config(connect, inst, user_id, AfterContactWorkConfigs=[
        {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": MAX_ACW}},
        {"Channel": "VOICE", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": MAX_ACW},
         "AgentFirstCallbackAfterContactWorkConfig": {"AfterContactWorkTimeLimit": MAX_ACW}}])
    summary = search_user(connect, inst, user_id)
    assert summary["PhoneConfig"]["AfterContactWorkTimeLimit"] == 2_000_000_000 <= 2 ** 31 - 1


def test_output_hook_catches_a_number_an_sdk_cannot_read(connect):
    """The mechanism itself: a SearchUsers page with 3,000,000,000 ms (what 3,000,000 s used to
    become) is reported, and the suite's clients run the check on every response."""
    model = connect.meta.service_model
    out = model.operation_model("SearchUsers").output_shape
    page = {"Users": [{"Id": "u", "PhoneConfig": {"AfterContactWorkTimeLimit": 3_000_000_000}}],
            "ApproximateTotalCount": 1}
    problems = output_number_problems(out, page)
    assert len(problems) == 1 and "Users[0].PhoneConfig.AfterContactWorkTimeLimit" in problems[0]
    page["Users"][0]["PhoneConfig"]["AfterContactWorkTimeLimit"] = 2_000_000_000
    assert output_number_problems(out, page) == []
    page["Users"][0]["PhoneConfig"]["AfterContactWorkTimeLimit"] = 3_000_000_000

    class Ok:
        status_code = 200
    with pytest.raises(AssertionError, match="SearchUsers returned numbers out of range"):
        connect.meta.events.emit("after-call.connect.SearchUsers", http_response=Ok(),
                                 parsed=page, model=model.operation_model("SearchUsers"),
                                 context={})
    rp = model.operation_model("DescribeRoutingProfile").output_shape
    assert output_number_problems(rp, {"RoutingProfile": {"MediaConcurrencies": [
        {"Channel": "VOICE", "Concurrency": 11}]}}), "a shape's own max counts too"


def test_import_users_bound(sb, connect, instance, tmp_path):
    inst = instance()
    f = tmp_path / "users.csv"
    with open(f, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["username", "password", "first_name", "last_name", "routing_profile",
                    "security_profiles", "acw_timeout"])
        w.writerow(["okagent", conftest.PASSWORD, "O", "K", "Basic Routing Profile", "Agent",
                    str(MAX_ACW)])
        w.writerow(["toolong", conftest.PASSWORD, "T", "L", "Basic Routing Profile", "Agent",
                    "3000000"])
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f))
    assert rc != 0
    assert "row 3" in err and "less than or equal to 2000000" in err, err
    assert list_users(connect, inst.id) == [], "nothing is sent when a row is invalid"


# -- snapshots: export, import, and records of earlier versions -----------------------------------

def run_bin(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN), *args], capture_output=True, text=True, timeout=120, **kw)


def export_snapshot(srv, path) -> dict:
    """`switchboard export` of srv's store (srv stopped when it is SQLite)."""
    source = ["--database-url", DATABASE_URL] if DATABASE_URL else ["--data-dir", str(srv.data_dir)]
    p = run_bin("export", *source, "--output", str(path))
    assert p.returncode == 0, p.stderr
    return json.loads(path.read_text())


def users_in(doc: dict, ids) -> dict:
    return {r["id"]: r["body"] for r in doc["records"] if r["kind"] == "agent" and r["id"] in ids}


def sqlite_server(spawn_server, monkeypatch, data_dir):
    """A server on a SQLite data dir, also when the suite runs on PostgreSQL."""
    monkeypatch.setattr(conftest, "DATABASE_URL", None)
    return spawn_server(data_dir=data_dir)


def test_export_and_old_records_read_in_the_current_form(spawn_server, monkeypatch, tmp_path):
    srv = spawn_server()
    c = srv.client()
    inst = conftest.new_instance(c)
    per_channel = create_user(c, inst, PhoneConfig=conftest.OMIT,
                              AutoAcceptConfigs=[{"Channel": "VOICE", "AutoAccept": True}],
                              AfterContactWorkConfigs=[{"Channel": "VOICE", "AfterContactWorkConfig":
                                                        {"AfterContactWorkTimeLimit": 40}}])["UserId"]
    legacy = create_user(c, inst, PhoneConfig={"PhoneType": "DESK_PHONE", "AutoAccept": True,
                                               "DeskPhoneNumber": "+14155550104",
                                               "AfterContactWorkTimeLimit": 9})["UserId"]
    described = {u: describe_user(c, inst, u) for u in (per_channel, legacy)}
    if not DATABASE_URL:
        srv.stop()
    doc = export_snapshot(srv, tmp_path / "now.json")
    bodies = users_in(doc, described)
    for uid, user in described.items():
        assert_agree(bodies[uid])
        for member in ("PhoneConfig", "AutoAcceptConfigs", "AfterContactWorkConfigs",
                       "PhoneNumberConfigs"):
            assert bodies[uid].get(member) == user.get(member), member

    # The same users as the previous version stored them: a PhoneConfig holding only what no
    # per-channel config covered; per-channel entries for other channels; an ACW above the
    # bound is not among them (an import refuses it, see below).
    old = json.loads(json.dumps(doc))
    records = [r for r in old["records"]
               if r["kind"] != "agent" or r["id"] in described]
    records = [r for r in records if r["kind"] == "agent" or r["account"] == conftest.ACCOUNT
               and (r["instance"] == inst.id or r["id"] == inst.id)]
    old["records"] = records
    for r in records:
        if r["id"] == per_channel:
            r["body"]["PhoneConfig"] = {"PhoneType": "SOFT_PHONE"}
            r["body"]["AutoAcceptConfigs"] = [{"Channel": "VOICE", "AutoAccept": True}]
            r["body"]["AfterContactWorkConfigs"] = [{"Channel": "VOICE", "AfterContactWorkConfig":
                                                     {"AfterContactWorkTimeLimit": 40}}]
            r["body"].pop("PhoneNumberConfigs")
        elif r["id"] == legacy:
            r["body"]["PhoneConfig"] = {"PhoneType": "DESK_PHONE", "AutoAccept": True,
                                        "DeskPhoneNumber": "+14155550104",
                                        "AfterContactWorkTimeLimit": 9}
            for m in ("AutoAcceptConfigs", "AfterContactWorkConfigs", "PhoneNumberConfigs"):
                r["body"].pop(m)
            r["body"]["PersistentConnectionConfigs"] = [{"Channel": "CHAT",
                                                         "PersistentConnection": True}]
    old_path = tmp_path / "old.json"
    old_path.write_text(json.dumps(old))
    fresh = tmp_path / "fresh"
    p = run_bin("import", "--data-dir", str(fresh), str(old_path))
    assert p.returncode == 0, p.stderr
    srv2 = sqlite_server(spawn_server, monkeypatch, fresh)
    c2 = srv2.client()
    for uid, user in described.items():
        now = describe_user(c2, inst, uid)
        assert now["PhoneConfig"] == user["PhoneConfig"]
        assert assert_agree(now)
        assert "PersistentConnectionConfigs" not in now, "a CHAT entry in a VOICE-only list"
        assert assert_agree(in_seconds(search_user(c2, inst, uid))) == user["PhoneConfig"]
    srv2.stop()
    p = run_bin("export", "--data-dir", str(fresh))
    assert p.returncode == 0, p.stderr
    again = users_in(json.loads(p.stdout), described)
    for uid, user in described.items():
        assert again[uid]["PhoneConfig"] == user["PhoneConfig"]
        assert_agree(again[uid])


def test_snapshot_import_bound(tmp_path):
    doc = {"format": "switchboard-snapshot", "version": 1, "records": [
        {"account": conftest.ACCOUNT, "instance": "", "kind": "instance", "id": "i1",
         "name": "alias", "secret": None, "refs": [],
         "body": {"Id": "i1", "Arn": f"arn:aws:connect:{conftest.REGION}:{conftest.ACCOUNT}:instance/i1"}},
        {"account": conftest.ACCOUNT, "instance": "i1", "kind": "agent", "id": "u1",
         "name": "jdoe", "body": {"Id": "u1", "Username": "jdoe", "AfterContactWorkConfigs": [
             {"Channel": "CHAT", "AfterContactWorkConfig": {"AfterContactWorkTimeLimit": 3000000}}]},
         "secret": None, "refs": []}]}
    f = tmp_path / "snap.json"
    f.write_text(json.dumps(doc))
    target = tmp_path / "target"
    p = run_bin("import", "--data-dir", str(target), str(f))
    assert p.returncode != 0
    assert "record 2 (agent u1)" in p.stderr and "less than or equal to 2000000" in p.stderr, p.stderr
    p = run_bin("export", "--data-dir", str(target))
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["records"] == [], "a refused snapshot writes nothing"
    doc["records"][1]["body"]["AfterContactWorkConfigs"][0]["AfterContactWorkConfig"][
        "AfterContactWorkTimeLimit"] = MAX_ACW
    f.write_text(json.dumps(doc))
    p = run_bin("import", "--data-dir", str(target), str(f))
    assert p.returncode == 0, p.stderr
