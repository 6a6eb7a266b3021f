"""`switchboard import-users`: bulk onboarding from CSV, safe to run twice, every row checked
before anything is sent, failures reported by row."""
import csv
import time

from conftest import PASSWORD, describe_user, list_users

USAGE = 252


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def by_username(client, inst):
    return {u["Username"]: u["Id"] for u in list_users(client, inst.id)}


def test_import_a_few_hundred_rows_twice(sb, connect, instance, tmp_path):
    inst = instance()
    group = connect.create_user_hierarchy_group(InstanceId=inst.id, Name="Floor 2")["HierarchyGroupId"]
    # Columns in an unusual order and case: they are matched by name.
    header = ["Tags", "SECURITY_PROFILES", "Username", "password", "First_Name", "last_name",
              "email", "routing_profile", "phone_type", "auto_accept", "acw_timeout",
              "hierarchy_group"]
    rows = []
    for i in range(300):
        rows.append([f"team=t{i % 3}|seq={i}", "Agent|QualityAnalyst" if i % 2 else "Agent",
                     f"agent{i:03d}", PASSWORD, f"First{i}", f"Last{i}", f"agent{i}@example.com",
                     "Basic Routing Profile", "SOFT_PHONE", "true" if i % 2 else "false",
                     str(i % 60), "Floor 2" if i % 10 == 0 else ""])
    f = write_csv(tmp_path / "agents.csv", header, rows)

    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f))
    assert rc == 0, err
    assert out.strip() == "created 300, skipped 0, failed 0"
    users = by_username(connect, inst)
    assert len(users) == 300
    u = describe_user(connect, inst, users["agent007"])
    sps = inst.security_profiles
    assert sorted(u["SecurityProfileIds"]) == sorted([sps["Agent"], sps["QualityAnalyst"]])
    assert u["RoutingProfileId"] == inst.routing_profile_id
    assert u["IdentityInfo"] == {"FirstName": "First7", "LastName": "Last7", "Email": "agent7@example.com"}
    assert u["PhoneConfig"]["AutoAccept"] is True
    assert u["PhoneConfig"]["AfterContactWorkTimeLimit"] == 7
    assert u["Tags"] == {"team": "t1", "seq": "7"}
    assert describe_user(connect, inst, users["agent010"])["HierarchyGroupId"] == group
    assert "HierarchyGroupId" not in describe_user(connect, inst, users["agent011"])

    # Second run: nothing new, every row skipped, exit 0.
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f))
    assert rc == 0, err
    assert out.strip() == "created 0, skipped 300, failed 0"
    assert by_username(connect, inst) == users


def test_invalid_rows_stop_the_import_before_anything_is_sent(sb, connect, instance, tmp_path):
    inst = instance()
    header = ["username", "password", "first_name", "last_name", "routing_profile", "security_profiles"]
    rows = [["ok1", PASSWORD, "A", "B", "Basic Routing Profile", "Agent"],
            ["ghost", PASSWORD, "A", "B", "Basic Routing Profile", "Agent|NoSuchProfile"],
            ["weak", "weakpassword", "A", "B", "Basic Routing Profile", "Agent"],
            ["ok2", PASSWORD, "A", "B", "No Such Routing", "Agent"],
            ["ok1", PASSWORD, "A", "B", "Basic Routing Profile", "Agent"]]
    f = write_csv(tmp_path / "bad.csv", header, rows)
    report = tmp_path / "report.csv"
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f), "--report", str(report))
    assert rc == USAGE, err
    assert "row 3: security profile 'NoSuchProfile' does not exist" in err
    assert "row 4:" in err and "'password'" in err and "weakpassword" not in err
    assert "row 5: routing profile 'No Such Routing' does not exist" in err
    assert "row 6: username 'ok1' already appears on row 2" in err
    assert "row 2:" not in err
    assert list_users(connect, inst.id) == []
    with open(report, newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [r["row"] for r in got] == ["3", "4", "5", "6"]
    assert all(r["error"] for r in got)
    assert all(r["password"] == "" for r in got), "passwords are never written to the report"


def test_rows_the_service_refuses_are_reported_and_the_rest_created(sb, connect, instance, tmp_path):
    inst = instance()
    connect.create_user(InstanceId=inst.id, Username="already", Password=PASSWORD,
                        IdentityInfo={"FirstName": "A", "LastName": "B"},
                        SecurityProfileIds=[inst.security_profile_id()],
                        RoutingProfileId=inst.routing_profile_id)
    header = ["username", "password", "first_name", "last_name", "routing_profile",
              "security_profiles", "phone_type"]
    rows = [["fine1", PASSWORD, "A", "B", "Basic Routing Profile", "Agent", "SOFT_PHONE"],
            ["already", PASSWORD, "A", "B", "Basic Routing Profile", "Agent", "SOFT_PHONE"],
            # A desk phone without a number passes the model but not Connect's rules.
            ["deskless", PASSWORD, "A", "B", "Basic Routing Profile", "Agent", "DESK_PHONE"],
            ["fine2", PASSWORD, "A", "B", "Basic Routing Profile", "Agent", ""]]
    f = write_csv(tmp_path / "mixed.csv", header, rows)
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f))
    assert rc != 0
    assert out.strip() == "created 2, skipped 1, failed 1"
    assert "row 4:" in err
    assert set(by_username(connect, inst)) == {"already", "fine1", "fine2"}
    report = tmp_path / "mixed.failed.csv"
    with open(report, newline="") as fh:
        got = list(csv.DictReader(fh))
    assert [(r["row"], r["username"]) for r in got] == [("4", "deskless")]
    assert "Exception" in got[0]["error"]


def test_rate_caps_the_request_rate(sb, connect, instance, tmp_path):
    inst = instance()
    header = ["username", "password", "first_name", "last_name", "routing_profile", "security_profiles"]
    rows = [[f"rated{i}", PASSWORD, "A", "B", "Basic Routing Profile", "Agent"] for i in range(12)]
    f = write_csv(tmp_path / "rated.csv", header, rows)
    t0 = time.monotonic()
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(f), "--rate", "4")
    elapsed = time.monotonic() - t0
    assert rc == 0, err
    assert out.strip() == "created 12, skipped 0, failed 0"
    assert elapsed >= 2.0, f"12 requests at 4/s took {elapsed:.2f}s"


def test_usage(sb, instance, tmp_path):
    inst = instance()
    rc, _, err = sb("import-users", str(tmp_path / "x.csv"))
    assert rc == USAGE and "--instance-id" in err
    rc, _, err = sb("import-users", "--instance-id", inst.id)
    assert rc == USAGE and "FILE.csv" in err
    f = write_csv(tmp_path / "cols.csv", ["username", "favourite_colour"], [["a", "red"]])
    rc, _, err = sb("import-users", "--instance-id", inst.id, str(f))
    assert rc == USAGE and "favourite_colour" in err
