"""`switchboard clone`: one running switchboard copied through the Connect API into a
snapshot, a second server seeded with it (`serve --ephemeral --seed`), and every List and
Describe of the instance answered the same way by both.

The source is the suite's store (SQLite or PostgreSQL); the copy is always a throwaway SQLite
server. One clone runs against the source under `--throttle aws` (Connect's 2 requests/s per
operation, burst 5) at the clone's default pace, interrupted halfway and resumed; another
copies an instance of 1,000 users at full speed.
"""
from __future__ import annotations

import csv
import json
import signal
import stat
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3

from conftest import (BIN, cli_env, create_group, create_hours, create_queue,
                      create_routing_profile, create_security_profile, new_instance,
                      queue_config, user_request)

FLOW = json.dumps({"Version": "2019-10-30", "StartAction": "bye", "Actions": [
    {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]})
MODULE = json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
    {"Identifier": "a", "Type": "EndFlowModuleExecution", "Parameters": {}, "Transitions": {}}]})


def flow_id(c, iid: str, name: str) -> str:
    return next(s["Id"] for p in c.get_paginator("list_contact_flows").paginate(InstanceId=iid)
                for s in p["ContactFlowSummaryList"] if s["Name"] == name)


def populate(c, users: int, workers: int = 1) -> tuple[str, list[str]]:
    """An instance with some of everything clone copies; returns (instance id, usernames)."""
    inst = new_instance(c)
    iid = inst.id
    c.update_instance_attribute(InstanceId=iid, AttributeType="CONTACTFLOW_LOGS", Value="true")
    c.update_user_hierarchy_structure(InstanceId=iid, HierarchyStructure={
        "LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Team"}})
    emea = create_group(c, inst, "EMEA", Tags={"k": "v"})["HierarchyGroupId"]
    team = create_group(c, inst, "Support", ParentGroupId=emea)["HierarchyGroupId"]
    hours = create_hours(c, inst, "Support hours", Tags={"team": "support"})
    support = create_queue(c, inst, hours, "Support", Description="first line", MaxContacts=10)
    billing = create_queue(c, inst, hours, "Billing", Tags={"team": "billing"})
    rp = create_routing_profile(
        c, inst, support, "Support profile",
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 3}],
        QueueConfigs=[queue_config(support), queue_config(billing, "CHAT", 2, 30)], Tags={"k": "v"})
    sp = create_security_profile(c, inst, "Supervisors", Description="leads",
                                 Permissions=["Users.View", "Queues.View"], Tags={"k": "v"})
    c.create_agent_status(InstanceId=iid, Name="Lunch", State="ENABLED", Description="Out",
                          DisplayOrder=3, Tags={"k": "v"})
    c.create_predefined_attribute(InstanceId=iid, Name="Language", Values={"StringList": ["English", "French"]})
    c.create_contact_flow(InstanceId=iid, Name="Support flow", Type="CONTACT_FLOW", Content=FLOW,
                          Description="routes support", Tags={"k": "v"})
    c.create_contact_flow_module(InstanceId=iid, Name="Auth", Content=MODULE, Tags={"k": "v"})
    c.create_prompt(InstanceId=iid, Name="hello.wav", S3Uri="s3://bucket/hello.wav", Tags={"k": "v"})
    qc = c.create_quick_connect(InstanceId=iid, Name="To billing", QuickConnectConfig={
        "QuickConnectType": "QUEUE",
        "QueueConfig": {"QueueId": billing, "ContactFlowId": flow_id(c, iid, "Default queue transfer")}})["QuickConnectId"]
    c.associate_queue_quick_connects(InstanceId=iid, QueueId=support, QuickConnectIds=[qc])
    agent = inst.security_profile_id("Agent")

    def make(n: int) -> tuple[str, str]:
        name = f"agent{n:04d}"
        req = user_request(inst, Username=name, SecurityProfileIds=[agent, sp], RoutingProfileId=rp,
                           IdentityInfo={"FirstName": f"First{n}", "LastName": "Agent", "Email": f"{name}@example.com"},
                           Tags={"n": str(n)})
        if n % 2:
            req["HierarchyGroupId"] = team
        uid = c.create_user(**req)["UserId"]
        if n % 3 == 0:
            c.associate_user_proficiencies(InstanceId=iid, UserId=uid, UserProficiencies=[
                {"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0}])
        return name, uid

    with ThreadPoolExecutor(workers) as pool:
        made = list(pool.map(make, range(users)))
    names, first = [name for name, _ in made], made[0][1]
    c.create_quick_connect(InstanceId=iid, Name="To agent 0", QuickConnectConfig={
        "QuickConnectType": "USER",
        "UserConfig": {"UserId": first, "ContactFlowId": flow_id(c, iid, "Default agent transfer")}})
    return iid, names


# Each kind: its List operation, the list's key, its Describe operation, the Describe's id
# parameter, the summary member that gives it, and per-resource List operations.
KINDS = [
    ("list_security_profiles", "SecurityProfileSummaryList", "describe_security_profile", "SecurityProfileId", "Id",
     [("list_security_profile_permissions", "Permissions")]),
    ("list_hours_of_operations", "HoursOfOperationSummaryList", "describe_hours_of_operation", "HoursOfOperationId", "Id", []),
    ("list_queues", "QueueSummaryList", "describe_queue", "QueueId", "Id",
     [("list_queue_quick_connects", "QuickConnectSummaryList")]),
    ("list_routing_profiles", "RoutingProfileSummaryList", "describe_routing_profile", "RoutingProfileId", "Id",
     [("list_routing_profile_queues", "RoutingProfileQueueConfigSummaryList")]),
    ("list_user_hierarchy_groups", "UserHierarchyGroupSummaryList", "describe_user_hierarchy_group", "HierarchyGroupId", "Id", []),
    ("list_agent_statuses", "AgentStatusSummaryList", "describe_agent_status", "AgentStatusId", "Id", []),
    ("list_predefined_attributes", "PredefinedAttributeSummaryList", "describe_predefined_attribute", "Name", "Name", []),
    ("list_contact_flows", "ContactFlowSummaryList", "describe_contact_flow", "ContactFlowId", "Id", []),
    ("list_contact_flow_modules", "ContactFlowModulesSummaryList", "describe_contact_flow_module", "ContactFlowModuleId", "Id", []),
    ("list_quick_connects", "QuickConnectSummaryList", "describe_quick_connect", "QuickConnectId", "Id", []),
    ("list_prompts", "PromptSummaryList", "describe_prompt", "PromptId", "Id", []),
    ("list_users", "UserSummaryList", "describe_user", "UserId", "Id",
     [("list_user_proficiencies", "UserProficiencyList")]),
]


def answers(c, iid: str) -> dict:
    """Every List and Describe answer about the instance (all pages; no request ids)."""
    def call(op: str, **kw):
        r = getattr(c, op)(**kw)
        r.pop("ResponseMetadata", None)
        r.pop("NextToken", None)
        return r

    def items(op: str, key: str, **kw) -> list:
        out, token = [], None
        while True:
            r = getattr(c, op)(**kw, **({"NextToken": token} if token else {}))
            out += r[key]
            token = r.get("NextToken")
            if not token:
                return out

    out = {
        "DescribeInstance": call("describe_instance", InstanceId=iid),
        "ListInstances": [i for i in items("list_instances", "InstanceSummaryList") if i["Id"] == iid],
        "ListInstanceAttributes": items("list_instance_attributes", "Attributes", InstanceId=iid),
        "DescribeUserHierarchyStructure": call("describe_user_hierarchy_structure", InstanceId=iid),
    }
    jobs = []
    for list_op, key, describe_op, param, member, extras in KINDS:
        listed = items(list_op, key, InstanceId=iid)
        out[list_op] = listed
        for summary in listed:
            jobs.append((describe_op, summary[member], lambda d=describe_op, p=param, v=summary[member]: call(d, InstanceId=iid, **{p: v})))
            for extra, extra_key in extras:
                jobs.append((extra, summary[member], lambda e=extra, k=extra_key, p=param, v=summary[member]: items(e, k, InstanceId=iid, **{p: v})))
            if "Arn" in summary:
                jobs.append(("list_tags_for_resource", summary["Arn"], lambda a=summary["Arn"]: call("list_tags_for_resource", resourceArn=a)))
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda j: j[2](), jobs))
    for (op, ident, _), result in zip(jobs, results):
        out[f"{op} {ident}"] = result
    return out


def assert_same(expected: dict, got: dict) -> None:
    assert sorted(got) == sorted(expected), "the same resources"
    different = [k for k in expected if expected[k] != got[k]]
    assert not different, f"{len(different)} answers differ, e.g. {different[0]}:\n{expected[different[0]]}\n{got[different[0]]}"


def clone(server, iid: str, out: Path, *extra: str, wait: bool = True):
    cmd = [str(BIN), "clone", "--instance-id", iid, "-o", str(out), "--endpoint-url", server.endpoint,
           "--region", "us-east-1", *extra]
    home = out.parent / "home"
    home.mkdir(exist_ok=True)
    env = cli_env(home)
    if not wait:
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    p = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return p


def fast(server):
    return server.client(retries={"mode": "standard", "max_attempts": 10}, max_pool_connections=16)


def test_clone_paces_itself_under_throttling_resumes_and_copies_everything(spawn_server, launch, tmp_path):
    data = tmp_path / "source"
    source = spawn_server(data_dir=data)
    iid, names = populate(fast(source), users=12)
    expected = answers(fast(source), iid)
    assert len(expected) > 70 and len(expected["list_users"]) == 12
    source.stop()

    # Connect's quotas: every operation at 2 requests/s (burst 5). The clone paces itself to
    # them, is interrupted partway, and started again finishes from its journal.
    throttled = spawn_server(data_dir=data, args=["--throttle", "aws"])
    out = tmp_path / "snapshot.json"
    journal = tmp_path / "snapshot.json.partial"
    first = clone(throttled, iid, out, wait=False)
    deadline = time.monotonic() + 120
    while not (journal.exists() and len(journal.read_text().splitlines()) >= 10):
        assert first.poll() is None, f"the clone ended before it could be interrupted: {first.stderr.read()}"
        assert time.monotonic() < deadline, "no progress journalled"
        time.sleep(0.05)
    first.send_signal(signal.SIGINT)
    first.wait(timeout=30)
    assert first.returncode != 0 and not out.exists(), "interrupted: no snapshot yet"
    passwords = tmp_path / "passwords.csv"
    second = clone(throttled, iid, out, "--set-passwords", str(passwords))
    assert "resuming:" in second.stderr
    reused = int(second.stderr.split(" answers from the journal")[0].rsplit(" ", 1)[1])
    assert reused >= 10, second.stderr
    assert not journal.exists(), "the journal goes once the snapshot is written"
    throttled.stop()

    copy = launch("--ephemeral", "--seed", str(out))
    assert_same(expected, answers(copy.client(), iid))

    doc = json.loads(out.read_text())
    users = [r for r in doc["records"] if r["kind"] == "agent"]
    assert len(users) == len(names) and all(r["secret"].startswith("$argon2id$") for r in users)
    assert stat.S_IMODE(passwords.stat().st_mode) == 0o600
    listed = list(csv.DictReader(passwords.open()))
    assert sorted(r["Username"] for r in listed) == sorted(names)
    for r in listed:
        p = r["Password"]
        assert 8 <= len(p) <= 64 and any(ch.isupper() for ch in p) and any(ch.islower() for ch in p) and any(ch.isdigit() for ch in p)
    assert len({r["Password"] for r in listed}) == len(listed)


def test_clone_repoints_arns_at_another_account_and_region(server, launch, tmp_path):
    iid, _ = populate(fast(server), users=2)
    out = tmp_path / "snapshot.json"
    clone(server, iid, out, "--rate", "0", "--to-account", "210987654321", "--to-region", "eu-west-2")
    text = out.read_text()
    assert ":123456789012:" not in text.replace("arn:aws:iam::123456789012:", "")
    copy = launch("--ephemeral", "--seed", str(out), "--account-id", "210987654321")
    eu = boto3.session.Session().client("connect", endpoint_url=copy.endpoint, region_name="eu-west-2",
                                        aws_access_key_id="a", aws_secret_access_key="b")
    instance = eu.describe_instance(InstanceId=iid)["Instance"]
    assert instance["Arn"] == f"arn:aws:connect:eu-west-2:210987654321:instance/{iid}"
    users = eu.list_users(InstanceId=iid)["UserSummaryList"]
    assert users and all(u["Arn"].startswith(f"arn:aws:connect:eu-west-2:210987654321:instance/{iid}/agent/") for u in users)


def test_clone_of_an_instance_of_1000_users(server, launch, tmp_path):
    c = fast(server)
    iid, names = populate(c, users=1000, workers=8)
    expected = answers(c, iid)
    assert len(expected["list_users"]) == 1000
    out = tmp_path / "snapshot.json"
    p = clone(server, iid, out, "--rate", "0")
    assert "cloned " in p.stderr
    copy = launch("--ephemeral", "--seed", str(out))
    assert_same(expected, answers(copy.client(), iid))
