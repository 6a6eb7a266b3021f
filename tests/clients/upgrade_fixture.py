"""The data a released switchboard wrote, kept so that every later version is tested against
it (test_upgrades.py): a SQLite data dir, a PostgreSQL dump of the same records, and every
List and Describe answer that version gave for them.

    python tests/clients/upgrade_fixture.py make VERSION   # with SWITCHBOARD_BIN the release

writes tests/clients/fixtures/vVERSION/: it starts the binary on a new data dir, creates two
instances with users, security and routing profiles, queues, hours, a two-level hierarchy and
tags, records `crawl`'s answers (answers.json), stops the server, keeps its database
(sqlite/switchboard.db), then imports the same records into a new PostgreSQL database
(`switchboard import`, SWITCHBOARD_TEST_PG_URL's server) and keeps its `pg_dump`
(postgres.sql). A fixture, once made, is never changed."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def crawl(client) -> list[dict]:
    """Every List and Describe answer for everything the server holds, in a fixed order:
    (operation, parameters, answer without ResponseMetadata)."""
    out: list[dict] = []

    def call(operation: str, **params) -> dict:
        answer = getattr(client, operation)(**params)
        answer.pop("ResponseMetadata", None)
        out.append({"operation": operation, "params": params, "answer": answer})
        return answer

    def every(operation: str, key: str, **params) -> list[dict]:
        items, token = [], None
        while True:
            page = call(operation, **params, **({"NextToken": token} if token else {}))
            items += page.get(key, [])
            token = page.get("NextToken")
            if not token:
                return items

    for inst in every("list_instances", "InstanceSummaryList"):
        iid = inst["Id"]
        call("describe_instance", InstanceId=iid)
        for user in every("list_users", "UserSummaryList", InstanceId=iid):
            described = call("describe_user", InstanceId=iid, UserId=user["Id"])
            call("list_tags_for_resource", resourceArn=described["User"]["Arn"])
        for sp in every("list_security_profiles", "SecurityProfileSummaryList", InstanceId=iid):
            call("describe_security_profile", InstanceId=iid, SecurityProfileId=sp["Id"])
            every("list_security_profile_permissions", "Permissions", InstanceId=iid, SecurityProfileId=sp["Id"])
        for rp in every("list_routing_profiles", "RoutingProfileSummaryList", InstanceId=iid):
            call("describe_routing_profile", InstanceId=iid, RoutingProfileId=rp["Id"])
            every("list_routing_profile_queues", "RoutingProfileQueueConfigSummaryList", InstanceId=iid,
                  RoutingProfileId=rp["Id"])
        for q in every("list_queues", "QueueSummaryList", InstanceId=iid, QueueTypes=["STANDARD"]):
            call("describe_queue", InstanceId=iid, QueueId=q["Id"])
        for h in every("list_hours_of_operations", "HoursOfOperationSummaryList", InstanceId=iid):
            call("describe_hours_of_operation", InstanceId=iid, HoursOfOperationId=h["Id"])
        call("describe_user_hierarchy_structure", InstanceId=iid)
        for g in every("list_user_hierarchy_groups", "UserHierarchyGroupSummaryList", InstanceId=iid):
            call("describe_user_hierarchy_group", InstanceId=iid, HierarchyGroupId=g["Id"])
    return out


def populate(client) -> None:
    from conftest import PASSWORD, create_hours, create_queue, create_routing_profile, create_security_profile, new_instance, user_request
    for n in range(2):
        inst = new_instance(client, alias=f"upgrade-{n}-{uuid.uuid4().hex[:6]}")
        client.update_user_hierarchy_structure(InstanceId=inst.id, HierarchyStructure={
            "LevelOne": {"Name": "Site"}, "LevelTwo": {"Name": "Team"}})
        site = client.create_user_hierarchy_group(InstanceId=inst.id, Name="Lisbon")["HierarchyGroupId"]
        team = client.create_user_hierarchy_group(InstanceId=inst.id, Name="Tier 1", ParentGroupId=site,
                                                  Tags={"team": "tier1"})["HierarchyGroupId"]
        hours = create_hours(client, inst, name="Office", Tags={"kind": "office"})
        queue = create_queue(client, inst, hours, name="Support", Tags={"line": "support"})
        profile = create_routing_profile(client, inst, queue, name="Support agents")
        security = create_security_profile(client, inst, name="Support agent", Permissions=["BasicAgentAccess"],
                                           Tags={"role": "agent"})
        for u in range(5):
            client.create_user(**user_request(
                inst, Username=f"agent{u}", Password=PASSWORD, RoutingProfileId=profile,
                SecurityProfileIds=[security], HierarchyGroupId=team,
                IdentityInfo={"FirstName": f"Agent{u}", "LastName": "Example", "Email": f"agent{u}@example.com"},
                PhoneConfig={"PhoneType": "DESK_PHONE", "DeskPhoneNumber": f"+1206555010{u}",
                             "AfterContactWorkTimeLimit": 30 * u},
                Tags={"cohort": f"c{u % 2}"}))


def make(version: str) -> None:
    from conftest import BIN, Server
    import os
    target = FIXTURES / f"v{version}"
    assert not target.exists(), f"{target} exists: a fixture is never changed"
    work = Path(tempfile.mkdtemp())
    srv = Server(work / "data", work / "server.log", database_url=None).start()
    populate(srv.client())
    answers = crawl(srv.client())
    assert srv.stop() == 0
    (target / "sqlite").mkdir(parents=True)
    db = sqlite3.connect(work / "data" / "switchboard.db")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode=DELETE")
    db.close()
    (target / "sqlite" / "switchboard.db").write_bytes((work / "data" / "switchboard.db").read_bytes())
    (target / "answers.json").write_text(json.dumps(answers, indent=1, sort_keys=True, default=str) + "\n")

    pg = os.environ["SWITCHBOARD_TEST_PG_URL"]
    name = f"upgrade_fixture_{uuid.uuid4().hex[:8]}"
    subprocess.run(["psql", pg, "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        url = pg.rsplit("/", 1)[0] + "/" + name
        subprocess.run([str(BIN), "export", "--data-dir", str(work / "data"), "-o", str(work / "snapshot.json")], check=True)
        subprocess.run([str(BIN), "import", "--database-url", url, str(work / "snapshot.json")], check=True)
        dump = subprocess.run(["pg_dump", "--no-owner", "--no-privileges", url], check=True, capture_output=True, text=True).stdout
        (target / "postgres.sql").write_text(dump)
    finally:
        subprocess.run(["psql", pg, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)
    print(f"wrote {target}: {len(answers)} answers")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    assert sys.argv[1] == "make", __doc__
    make(sys.argv[2])
