"""`switchboard import-users`: bulk onboarding from CSV, safe to run twice, every row checked
before anything is sent, failures reported by row."""
import csv
import http.server
import json
import threading
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


# ---------------------------------------------------------------------------------------------
# Adaptive rate: a stand-in for Amazon Connect with a real quota (token bucket, 429s)
# ---------------------------------------------------------------------------------------------

class Quota(http.server.BaseHTTPRequestHandler):
    """Connect's list operations with one profile each, and CreateUser under a token bucket
    of RATE requests/s (burst BURST) that answers 429 ThrottlingException when empty."""
    RATE, BURST = 20.0, 5.0
    state: dict = {}

    def reply(self, status, body, error=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        if error:
            self.send_header("x-amzn-ErrorType", error)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith("/security-profiles-summary/"):
            self.reply(200, {"SecurityProfileSummaryList": [{"Id": "sp-1", "Name": "Agent"}]})
        elif path.startswith("/routing-profiles-summary/"):
            self.reply(200, {"RoutingProfileSummaryList": [{"Id": "rp-1", "Name": "Basic Routing Profile"}]})
        elif path.startswith("/users-summary/"):
            self.reply(200, {"UserSummaryList": []})
        else:
            self.reply(404, {"Message": "no"}, "ResourceNotFoundException")

    def do_PUT(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        s = type(self).state
        with s["lock"]:
            now = time.monotonic()
            s["tokens"] = min(self.BURST, s["tokens"] + (now - s["last"]) * self.RATE)
            s["last"] = now
            if s["tokens"] < 1:
                s["throttled"] += 1
                return self.reply(429, {"Message": "Rate exceeded"}, "ThrottlingException")
            s["tokens"] -= 1
            s["created"].append((now, body["Username"]))
        self.reply(200, {"UserId": body["Username"], "UserArn": "arn:x"})

    def log_message(self, *a):
        pass


def test_adaptive_rate_converges_on_the_quota(sb, tmp_path):
    Quota.state = {"lock": threading.Lock(), "tokens": Quota.BURST, "last": time.monotonic(),
                   "throttled": 0, "created": []}
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quota)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    header = ["username", "password", "first_name", "last_name", "routing_profile", "security_profiles"]
    rows = [[f"q{i:03d}", PASSWORD, "A", "B", "Basic Routing Profile", "Agent"] for i in range(120)]
    f = write_csv(tmp_path / "quota.csv", header, rows)
    try:
        rc, out, err = sb("import-users", "--instance-id", "inst", str(f), "--endpoint-url",
                          f"http://127.0.0.1:{srv.server_address[1]}", endpoint=False, timeout=300)
    finally:
        srv.shutdown()
    assert rc == 0, err
    assert out.strip() == "created 120, skipped 0, failed 0"
    s = Quota.state
    assert sorted(u for _, u in s["created"]) == [r[0] for r in rows]
    # It was throttled (it started at full speed) ...
    assert s["throttled"] > 0
    # ... and then kept mostly within the quota: far fewer throttles than requests. A client
    # that ignored the 429s and retried at full speed would be throttled several times per
    # success at 16 concurrent requests against 20/s.
    assert s["throttled"] < len(rows) / 2, s["throttled"]


def test_import_proficiencies_and_agent_status(sb, connect, instance, tmp_path):
    inst = instance()
    connect.create_predefined_attribute(InstanceId=inst.id, Name="Language",
                                        Values={"StringList": ["English", "Spanish"]})
    connect.create_agent_status(InstanceId=inst.id, Name="Gone", State="DISABLED")
    header = ["username", "password", "first_name", "last_name", "routing_profile",
              "security_profiles", "proficiencies", "agent_status"]
    base = [PASSWORD, "F", "L", "Basic Routing Profile", "Agent"]
    # Every row is checked up front: a bad proficiency or status stops the whole import.
    bad = write_csv(tmp_path / "bad.csv", header, [
        ["ok1", *base, "Language:English:4", "Offline"],
        ["bad1", *base, "Language:Klingon:4", ""],
        ["bad2", *base, "Language:English:7", "Gone"],
        ["bad3", *base, "", "Lunch"],
    ])
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(bad))
    assert rc != 0
    for part in ["row 3", "'Klingon' is not a value", "row 4", "level must be", "'Gone' is disabled",
                 "row 5", "agent status 'Lunch' does not exist"]:
        assert part in err, (part, err)
    assert list_users(connect, inst.id) == []

    good = write_csv(tmp_path / "good.csv", header, [
        ["ana", *base, "Language:English:4|Language:Spanish:2", "Offline"],
        ["ben", *base, "", "Available"],
        ["cy", *base, "", ""],
    ])
    rc, out, err = sb("import-users", "--instance-id", inst.id, str(good))
    assert rc == 0, err
    assert out.strip() == "created 3, skipped 0, failed 0"
    users = by_username(connect, inst)
    profs = connect.list_user_proficiencies(InstanceId=inst.id, UserId=users["ana"])["UserProficiencyList"]
    assert sorted((p["AttributeValue"], p["Level"]) for p in profs) == [("English", 4.0), ("Spanish", 2.0)]
    data = connect.get_current_user_data(InstanceId=inst.id, Filters={"Agents": [users["ana"], users["ben"]]})
    status = {d["User"]["Id"]: d["Status"] for d in data["UserDataList"]}
    assert status[users["ana"]]["StatusName"] == "Offline" and "StatusStartTimestamp" in status[users["ana"]]
    assert status[users["ben"]]["StatusName"] == "Available"
