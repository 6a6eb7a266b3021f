"""switchboard's own CLI (`switchboard <operation>`) as a drop-in for `aws connect <operation>`:
the seed's create-user examples, value syntax, --cli-input-json, skeletons, output formats,
--query, pagination, configuration, errors and exit codes -- compared with the AWS CLI where
both can run."""
import base64
import http.server
import json
import subprocess
import sys
import threading

import pytest

from conftest import (ACCESS_KEY, PASSWORD, REGION, SECRET_KEY, cli_env, describe_user,
                      list_users, unique_alias, unique_username)

# The exit codes switchboard gives (the AWS CLI v2 scheme; v1 uses 255 for all but usage).
USAGE, SERVICE, OTHER = 252, 254, 255


def ok(result):
    rc, out, err = result
    assert rc == 0, f"exit {rc}: {err}"
    return out


def aws_raw(server, home, *args, env=None):
    """`aws <args>` with exactly these arguments (no forced --output)."""
    e = cli_env(home)
    e.update(env or {})
    p = subprocess.run([sys.executable, "-m", "awscli", *args, "--endpoint-url", server.endpoint,
                        "--region", REGION], capture_output=True, text=True, env=e, timeout=120)
    return p.returncode, p.stdout, p.stderr


def sb_raw(sb, *args, **kw):
    """sb() without JSON parsing of stdout."""
    return sb(*args, raw=True, **kw)


def base_create(inst, username=None):
    return ["create-user", "--instance-id", inst.id, "--username", username or unique_username(),
            "--password", PASSWORD, "--security-profile-ids", inst.security_profile_id("Agent"),
            "--routing-profile-id", inst.routing_profile_id, "--identity-info",
            "FirstName=Test,LastName=User"]


# ---------------------------------------------------------------------------------------------
# create-user as seed 002 documents it
# ---------------------------------------------------------------------------------------------

def test_create_user_with_shorthand_lists_and_tags(sb, connect, instance):
    inst = instance()
    sp1, sp2 = inst.security_profile_id("Agent"), inst.security_profile_id("QualityAnalyst")
    created = ok(sb("create-user", "--instance-id", inst.id, "--username", "jdoe",
                    "--password", PASSWORD,
                    "--identity-info", "FirstName=John,LastName=Doe,Email=j@example.com",
                    "--phone-config", "PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0",
                    "--security-profile-ids", sp1, sp2,
                    "--routing-profile-id", inst.routing_profile_id,
                    "--tags", "team=blue,site=sfo"))
    assert set(created) == {"UserId", "UserArn"}
    assert created["UserArn"] == f"{inst.arn}/agent/{created['UserId']}"
    user = describe_user(connect, inst, created["UserId"])
    assert user["Username"] == "jdoe"
    assert user["IdentityInfo"] == {"FirstName": "John", "LastName": "Doe", "Email": "j@example.com"}
    assert user["PhoneConfig"]["AutoAccept"] is False
    assert user["PhoneConfig"]["AfterContactWorkTimeLimit"] == 0
    assert sorted(user["SecurityProfileIds"]) == sorted([sp1, sp2])
    assert user["Tags"] == {"team": "blue", "site": "sfo"}


def test_json_values_and_file_values(sb, connect, instance, tmp_path):
    inst = instance()
    info = tmp_path / "identity.json"
    info.write_text(json.dumps({"FirstName": "Zoë", "LastName": "Ünal"}), encoding="utf-8")
    pw = tmp_path / "password.txt"
    pw.write_text(PASSWORD)
    created = ok(sb("create-user", "--instance-id", inst.id, "--username", "fileuser",
                    "--password", f"file://{pw}",
                    "--identity-info", f"file://{info}",
                    "--phone-config", '{"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550100"}',
                    "--security-profile-ids", json.dumps([inst.security_profile_id("Agent")]),
                    "--routing-profile-id", inst.routing_profile_id,
                    "--tags", '{"k": "v"}'))
    user = describe_user(connect, inst, created["UserId"])
    assert user["IdentityInfo"] == {"FirstName": "Zoë", "LastName": "Ünal"}
    assert user["PhoneConfig"]["PhoneType"] == "DESK_PHONE"
    assert user["PhoneConfig"]["DeskPhoneNumber"] == "+14155550100"
    assert user["Tags"] == {"k": "v"}


def test_comma_list_and_connect_prefix_and_globals_first(sb, connect, instance, server):
    inst = instance()
    sps = f"{inst.security_profile_id('Agent')},{inst.security_profile_id('Admin')}"
    created = ok(sb("--output", "json", "connect", "create-user", "--instance-id", inst.id,
                    "--username", "commas", "--password", PASSWORD, "--security-profile-ids", sps,
                    "--routing-profile-id", inst.routing_profile_id,
                    "--identity-info", "FirstName=A,LastName=B"))
    user = describe_user(connect, inst, created["UserId"])
    assert sorted(user["SecurityProfileIds"]) == sorted(sps.split(","))


def test_booleans_and_every_operation_generated(sb, connect):
    alias = unique_alias("sbcli")
    created = ok(sb("create-instance", "--identity-management-type", "CONNECT_MANAGED",
                    "--instance-alias", alias, "--inbound-calls-enabled",
                    "--no-outbound-calls-enabled"))
    inst = connect.describe_instance(InstanceId=created["Id"])["Instance"]
    assert inst["InboundCallsEnabled"] is True and inst["OutboundCallsEnabled"] is False
    listed = ok(sb("list-instances", "--query", f"InstanceSummaryList[?InstanceAlias=='{alias}'].Id"))
    assert listed == [created["Id"]]
    ok(sb("delete-instance", "--instance-id", created["Id"]))
    # An operation switchboard's server does not implement is still a command: the server
    # answers it with NotImplementedException.
    rc, _, err = sb("create-queue", "--instance-id", created["Id"], "--name", "q",
                    "--hours-of-operation-id", "h")
    assert rc == SERVICE, err
    assert "when calling the CreateQueue operation" in err


def test_user_lifecycle_commands(sb, connect, instance):
    inst = instance()
    uid = ok(sb(*base_create(inst)))["UserId"]
    ok(sb("update-user-identity-info", "--instance-id", inst.id, "--user-id", uid,
          "--identity-info", "FirstName=New,LastName=Name"))
    ok(sb("update-user-security-profiles", "--instance-id", inst.id, "--user-id", uid,
          "--security-profile-ids", inst.security_profile_id("Admin")))
    ok(sb("tag-resource", "--resource-arn", f"{inst.arn}/agent/{uid}", "--tags", "a=1"))
    tags = ok(sb("list-tags-for-resource", "--resource-arn", f"{inst.arn}/agent/{uid}"))
    assert tags["tags"] == {"a": "1"}
    ok(sb("untag-resource", "--resource-arn", f"{inst.arn}/agent/{uid}", "--tag-keys", "a"))
    user = describe_user(connect, inst, uid)
    assert user["IdentityInfo"]["FirstName"] == "New"
    assert user["SecurityProfileIds"] == [inst.security_profile_id("Admin")]
    assert user.get("Tags", {}) == {}
    rc, out, err = sb("delete-user", "--instance-id", inst.id, "--user-id", uid)
    assert (rc, out) == (0, ""), err
    assert list_users(connect, inst.id) == []


# ---------------------------------------------------------------------------------------------
# --cli-input-json and --generate-cli-skeleton
# ---------------------------------------------------------------------------------------------

def test_cli_input_json_inline_file_and_override(sb, connect, instance, tmp_path):
    inst = instance()
    doc = {"InstanceId": inst.id, "Username": "fromjson", "Password": PASSWORD,
           "IdentityInfo": {"FirstName": "Json", "LastName": "Doc"},
           "SecurityProfileIds": [inst.security_profile_id("Agent")],
           "RoutingProfileId": inst.routing_profile_id}
    uid = ok(sb("create-user", "--cli-input-json", json.dumps(doc)))["UserId"]
    assert describe_user(connect, inst, uid)["Username"] == "fromjson"
    path = tmp_path / "input.json"
    path.write_text(json.dumps(doc))
    uid = ok(sb("create-user", "--cli-input-json", f"file://{path}", "--username", "overridden",
                "--identity-info", "FirstName=Cmd,LastName=Line"))["UserId"]
    user = describe_user(connect, inst, uid)
    assert user["Username"] == "overridden"
    assert user["IdentityInfo"] == {"FirstName": "Cmd", "LastName": "Line"}


def keys_tree(v):
    if isinstance(v, dict):
        return {k: keys_tree(x) for k, x in v.items()}
    if isinstance(v, list):
        return [keys_tree(x) for x in v]
    return type(v).__name__


def test_skeleton_matches_the_aws_cli(sb, server, tmp_path):
    rc, out, err = sb("create-user", "--generate-cli-skeleton", endpoint=False)
    assert rc == 0, err
    arc, aout, aerr = aws_raw(server, tmp_path, "connect", "create-user", "--generate-cli-skeleton")
    assert arc == 0, aerr
    expected = json.loads(aout)
    assert set(out) == set(expected)
    # Same keys and value types all the way down.
    assert keys_tree(out) == keys_tree(expected)
    # botocore fills an enum with a random one of its values; switchboard with the first.
    assert out["PhoneConfig"]["PhoneType"] in ("SOFT_PHONE", "DESK_PHONE")
    rc, out2, _ = sb("create-user", "--generate-cli-skeleton", "input", endpoint=False)
    assert out2 == out


def test_output_skeleton_and_skeleton_round_trip(sb, connect, instance, tmp_path):
    out = ok(sb("describe-user", "--instance-id", "i", "--user-id", "u",
                "--generate-cli-skeleton", "output", endpoint=False))
    assert "User" in out and "IdentityInfo" in out["User"]
    # A filled-in input skeleton is accepted back by --cli-input-json.
    inst = instance()
    skel = ok(sb("describe-user", "--generate-cli-skeleton", endpoint=False))
    assert set(skel) == {"InstanceId", "UserId"}
    uid = ok(sb(*base_create(inst)))["UserId"]
    skel.update(InstanceId=inst.id, UserId=uid)
    f = tmp_path / "skel.json"
    f.write_text(json.dumps(skel))
    assert ok(sb("describe-user", "--cli-input-json", f"file://{f}"))["User"]["Id"] == uid


# ---------------------------------------------------------------------------------------------
# Output formats and --query, against the AWS CLI's own output
# ---------------------------------------------------------------------------------------------

@pytest.fixture
def populated(sb, connect, instance):
    inst = instance()
    uids = []
    for i in range(3):
        uids.append(ok(sb(*base_create(inst, f"user{i}"), "--identity-info",
                          f"FirstName=F{i},LastName=L{i}", "--tags", f"n={i}"))["UserId"])
    return inst, uids


@pytest.mark.parametrize("output", ["json", "text", "table"])
def test_output_formats_are_the_aws_clis(sb, server, populated, tmp_path, output):
    inst, uids = populated
    for args in (["list-users", "--instance-id", inst.id],
                 ["describe-user", "--instance-id", inst.id, "--user-id", uids[0]],
                 # Not list-security-profiles: its summaries gained Type in botocore 1.44, which
                 # the AWS CLI v1's vendored botocore (1.43.62) does not know, so it drops it.
                 ["list-routing-profiles", "--instance-id", inst.id]):
        rc, out, err = sb_raw(sb, *args, "--output", output)
        arc, aout, aerr = aws_raw(server, tmp_path, "connect", *args, "--output", output)
        assert rc == 0 and arc == 0, (err, aerr)
        if output == "json":
            assert json.loads(out) == json.loads(aout)
        else:
            assert out == aout, f"{args}:\n{out}\n---- aws:\n{aout}"


@pytest.mark.parametrize("query", ["UserSummaryList[].Username", "length(UserSummaryList)",
                                   "UserSummaryList[?Username=='user1'].Id | [0]",
                                   "sort_by(UserSummaryList, &Username)[].{N: Username, I: Id}"])
def test_query_is_the_aws_clis(sb, server, populated, tmp_path, query):
    inst, _ = populated
    for output in ("json", "text"):
        rc, out, err = sb_raw(sb, "list-users", "--instance-id", inst.id, "--query", query,
                              "--output", output)
        arc, aout, aerr = aws_raw(server, tmp_path, "connect", "list-users", "--instance-id",
                                  inst.id, "--query", query, "--output", output)
        assert rc == 0 and arc == 0, (err, aerr)
        if output == "json":
            assert json.loads(out) == json.loads(aout)
        else:
            assert out == aout


def test_bad_query_is_a_usage_error(sb, populated):
    inst, _ = populated
    rc, _, err = sb("list-users", "--instance-id", inst.id, "--query", "UserSummaryList[")
    assert rc == USAGE
    assert "--query" in err


# ---------------------------------------------------------------------------------------------
# Pagination
# ---------------------------------------------------------------------------------------------

def test_pagination(sb, connect, instance):
    inst = instance()
    names = sorted(f"page{i}" for i in range(7))
    for n in names:
        ok(sb(*base_create(inst, n)))
    every = ok(sb("list-users", "--instance-id", inst.id, "--page-size", "2"))
    assert sorted(u["Username"] for u in every["UserSummaryList"]) == names
    assert "NextToken" not in every

    first = ok(sb("list-users", "--instance-id", inst.id, "--max-items", "3", "--page-size", "2"))
    assert len(first["UserSummaryList"]) == 3 and first["NextToken"]
    rest = ok(sb("list-users", "--instance-id", inst.id, "--starting-token", first["NextToken"],
                 "--page-size", "2"))
    got = [u["Username"] for u in first["UserSummaryList"] + rest["UserSummaryList"]]
    assert sorted(got) == names and len(got) == 7

    # --no-paginate: one call, the service's own page and token.
    one = ok(sb("list-users", "--instance-id", inst.id, "--no-paginate", "--max-results", "2"))
    assert len(one["UserSummaryList"]) == 2 and one["NextToken"]
    # Giving the paginator's own members also turns automatic pagination off (as in aws).
    two = ok(sb("list-users", "--instance-id", inst.id, "--max-results", "4"))
    assert len(two["UserSummaryList"]) == 4 and two["NextToken"]

    rc, _, err = sb("list-users", "--instance-id", inst.id, "--starting-token", "garbage!")
    assert rc == USAGE and "pagination token" in err


# ---------------------------------------------------------------------------------------------
# Configuration: profiles, files, environment
# ---------------------------------------------------------------------------------------------

def test_region_decides_the_arns(sb, connect):
    created = ok(sb("create-instance", "--identity-management-type", "CONNECT_MANAGED",
                    "--instance-alias", unique_alias("rg"), "--inbound-calls-enabled",
                    "--outbound-calls-enabled", "--region", "eu-west-2", region=False))
    assert created["Arn"].startswith("arn:aws:connect:eu-west-2:")
    created = ok(sb("create-instance", "--identity-management-type", "CONNECT_MANAGED",
                    "--instance-alias", unique_alias("rg"), "--inbound-calls-enabled",
                    "--outbound-calls-enabled", region=False,
                    env={"AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "us-west-1"}))
    assert created["Arn"].startswith("arn:aws:connect:ap-south-1:")
    created = ok(sb("create-instance", "--identity-management-type", "CONNECT_MANAGED",
                    "--instance-alias", unique_alias("rg"), "--inbound-calls-enabled",
                    "--outbound-calls-enabled", region=False, env={"AWS_DEFAULT_REGION": "us-west-1"}))
    assert created["Arn"].startswith("arn:aws:connect:us-west-1:")
    rc, _, err = sb("list-instances", region=False)
    assert rc == OTHER and "You must specify a region" in err


def test_profiles_from_config_and_credentials_files(sb, server, tmp_path):
    (tmp_path / "credentials").write_text(
        f"[dev]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n"
        f"[broken]\naws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
    (tmp_path / "config").write_text(
        f"[profile dev]\nregion = eu-central-1\nendpoint_url = {server.endpoint}\n"
        f"[profile broken]\nregion = eu-central-1\nendpoint_url = http://127.0.0.1:1\n"
        # Credentials may live in the config file too; so may the output format.
        f"[profile texty]\nregion = eu-central-1\nendpoint_url = {server.endpoint}\noutput = text\n"
        f"aws_access_key_id = {ACCESS_KEY}\naws_secret_access_key = {SECRET_KEY}\n")
    files = {"AWS_CONFIG_FILE": str(tmp_path / "config"),
             "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
             "AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    args = ("create-instance", "--identity-management-type", "CONNECT_MANAGED",
            "--inbound-calls-enabled", "--outbound-calls-enabled")
    out = ok(sb(*args, "--instance-alias", unique_alias("p"), "--profile", "dev",
                env=files, endpoint=False, region=False))
    assert out["Arn"].startswith("arn:aws:connect:eu-central-1:")
    out = ok(sb(*args, "--instance-alias", unique_alias("p"),
                env={**files, "AWS_PROFILE": "dev"}, endpoint=False, region=False))
    assert out["Arn"].startswith("arn:aws:connect:eu-central-1:")
    # The endpoint environment variables beat the profile's endpoint_url.
    # (Through AWS_PROFILE this time: the environment's keys still apply then.)
    out = ok(sb(*args, "--instance-alias", unique_alias("p"),
                env={**files, "AWS_PROFILE": "broken", "AWS_ENDPOINT_URL_CONNECT": server.endpoint,
                     "AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                     "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials")},
                endpoint=False, region=False))
    assert out["Id"]
    rc, out, err = sb("list-instances", "--query", "length(InstanceSummaryList) > `0`",
                      "--profile", "texty", env=files, endpoint=False, region=False, raw=True)
    assert (rc, out) == (0, "True\n"), err
    out = ok(sb("list-instances", env={"AWS_ENDPOINT_URL": server.endpoint}, endpoint=False))
    assert "InstanceSummaryList" in out
    # Unreachable endpoint: exit 255, AWS CLI's wording.
    rc, _, err = sb("list-instances", "--profile", "broken", env=files, endpoint=False,
                    region=False)
    assert rc == OTHER and "Could not connect to the endpoint URL" in err
    rc, _, err = sb("list-instances", "--profile", "nosuch", env=files, endpoint=False)
    assert rc == OTHER and "could not be found" in err


def test_missing_credentials(sb):
    rc, _, err = sb("list-instances", env={"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None})
    assert rc == OTHER
    assert "Unable to locate credentials" in err


def test_session_token_and_debug_never_print_secrets(sb, instance):
    inst = instance()
    token = "FwoGZXIvYXdzSESSIONTOKEN-sb-42"
    rc, out, err = sb(*base_create(inst), "--debug",
                      env={"AWS_SESSION_TOKEN": token})
    assert rc == 0, err
    assert out["UserId"]
    assert "CreateUser" in err and "Sending http request" in err
    assert PASSWORD not in err
    assert SECRET_KEY not in err.replace("secret_key", "")
    assert token not in err
    assert "*** Sensitive Data Redacted ***" in err


# ---------------------------------------------------------------------------------------------
# Errors and exit codes
# ---------------------------------------------------------------------------------------------

def test_service_errors_read_as_the_aws_clis(sb, server, instance, tmp_path):
    inst = instance()
    for args in (["describe-user", "--instance-id", inst.id, "--user-id", "nope"],
                 ["create-user", "--instance-id", "no-such-instance", "--username", "u",
                  "--security-profile-ids", "a", "--routing-profile-id", "r"],
                 [*base_create(inst), "--username", "x" * 101]):
        rc, _, err = sb(*args)
        arc, _, aerr = aws_raw(server, tmp_path, "connect", *args)
        assert rc == SERVICE, err
        assert arc == 255, aerr  # AWS CLI v1's code for the same error
        assert err.strip() == aerr.strip()
        assert err.strip().startswith("An error occurred (")


def test_duplicate_user_is_a_service_error(sb, instance):
    inst = instance()
    ok(sb(*base_create(inst, "dupe")))
    rc, _, err = sb(*base_create(inst, "dupe"))
    assert rc == SERVICE
    assert "An error occurred (DuplicateResourceException) when calling the CreateUser operation" in err


def test_parameter_errors_read_as_the_aws_clis(sb, server, instance, tmp_path):
    inst = instance()

    def both(*bad):
        args = [*base_create(inst), *bad]
        rc, _, err = sb(*args)
        arc, _, aerr = aws_raw(server, tmp_path, "connect", *args)
        assert rc == USAGE, err
        assert arc == 255, aerr  # AWS CLI v1's code for the same error
        return err.strip().splitlines(), aerr.strip().splitlines()

    mine, theirs = both("--phone-config", "PhoneType=SOFT_PHONE,AutoAccept=maybe")
    assert mine == theirs == [
        "Parameter validation failed:",
        "Invalid type for parameter PhoneConfig.AutoAccept, value: maybe, type: <class 'str'>, "
        "valid types: <class 'bool'>"]
    mine, theirs = both("--identity-info", '{"FirstName":')
    prefix = "Error parsing parameter '--identity-info': Invalid JSON: "
    assert mine[0].startswith(prefix) and theirs[0].startswith(prefix)
    assert mine[-1] == theirs[-1] == 'JSON received: {"FirstName":'
    mine, theirs = both("--identity-info", "Bogus=1")
    head = 'Unknown parameter in IdentityInfo: "Bogus", must be one of: '
    assert mine[0] == theirs[0] == "Parameter validation failed:"
    assert mine[1].startswith(head) and theirs[1].startswith(head)
    assert set(mine[1][len(head):].split(", ")) == set(theirs[1][len(head):].split(", "))
    assert list_users(server.client(), inst.id) == []


def test_malformed_shorthand_names_the_option_and_the_syntax(sb, instance):
    inst = instance()
    rc, _, err = sb(*base_create(inst), "--identity-info", "FirstName")
    assert rc == USAGE
    assert "Error parsing parameter '--identity-info'" in err
    assert "FirstName=string,LastName=string" in err
    rc, _, err = sb(*base_create(inst), "--phone-config", "PhoneType=SOFT_PHONE,AutoAccept={")
    assert rc == USAGE and "'--phone-config'" in err
    rc, _, err = sb(*base_create(inst), "--tags", "file:///no/such/file.json")
    assert rc == USAGE and "'--tags'" in err


def test_usage_errors(sb, instance):
    inst = instance()
    rc, _, err = sb("describe-user", "--instance-id", inst.id)
    assert rc == USAGE and "the following arguments are required: --user-id" in err
    rc, _, err = sb("describe-user", "--instance-id", inst.id, "--user-id", "u", "--bogus", "1")
    assert rc == USAGE and "Unknown options: --bogus, 1" in err
    rc, _, err = sb("no-such-command")
    assert rc == USAGE and "Invalid choice" in err
    rc, _, err = sb("list-users", "--instance-id", inst.id, "--output", "yaml")
    assert rc == USAGE and "--output" in err


# ---------------------------------------------------------------------------------------------
# Retries (standard mode) against a server that misbehaves on purpose
# ---------------------------------------------------------------------------------------------

class Flaky(http.server.BaseHTTPRequestHandler):
    """Answers the first `fail` requests with `status`/`code`, then `{}` with 200."""
    plan: dict = {}

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        plan = type(self).plan
        plan["seen"] += 1
        if plan["seen"] <= plan["fail"]:
            body = json.dumps({"Message": "slow down"}).encode()
            self.send_response(plan["status"])
            self.send_header("x-amzn-ErrorType", plan["code"])
        else:
            body = b"{}"
            self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = do_DELETE = handle_one

    def log_message(self, *a):
        pass


@pytest.fixture
def flaky():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Flaky)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()

    def configure(fail, status, code):
        Flaky.plan = {"seen": 0, "fail": fail, "status": status, "code": code}
        return f"http://127.0.0.1:{srv.server_address[1]}", Flaky.plan

    yield configure
    srv.shutdown()


@pytest.mark.parametrize("status,code", [(429, "ThrottlingException"), (503, "ServiceUnavailable"),
                                         (500, "InternalServiceException")])
def test_retries_transient_errors(sb, flaky, status, code):
    url, plan = flaky(2, status, code)
    rc, out, err = sb("delete-user", "--instance-id", "i", "--user-id", "u", "--endpoint-url", url,
                      endpoint=False)
    assert rc == 0, err
    assert plan["seen"] == 3


def test_gives_up_after_three_attempts(sb, flaky):
    url, plan = flaky(100, 429, "ThrottlingException")
    rc, _, err = sb("delete-user", "--instance-id", "i", "--user-id", "u", "--endpoint-url", url,
                    endpoint=False)
    assert rc == SERVICE
    assert plan["seen"] == 3
    assert "An error occurred (ThrottlingException) when calling the DeleteUser operation: slow down" in err
    url, plan = flaky(100, 429, "ThrottlingException")
    rc, _, _ = sb("delete-user", "--instance-id", "i", "--user-id", "u", "--endpoint-url", url,
                  endpoint=False, env={"AWS_MAX_ATTEMPTS": "1"})
    assert rc == SERVICE and plan["seen"] == 1


def test_client_errors_are_not_retried(sb, flaky):
    url, plan = flaky(100, 404, "ResourceNotFoundException")
    rc, _, err = sb("delete-user", "--instance-id", "i", "--user-id", "u", "--endpoint-url", url,
                    endpoint=False)
    assert rc == SERVICE and plan["seen"] == 1


# ---------------------------------------------------------------------------------------------
# Signing: what the CLI sends carries the signature botocore computes for the same request
# ---------------------------------------------------------------------------------------------

class Capture(http.server.BaseHTTPRequestHandler):
    seen: list = []

    def handle_one(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        type(self).seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    do_GET = do_PUT = do_POST = do_DELETE = handle_one

    def log_message(self, *a):
        pass


def botocore_authorization(method, url, headers, body, token):
    import datetime
    from unittest import mock

    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
    signed = headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    keep = {k: v for k, v in headers.items()
            if k.lower() in signed and k.lower() not in ("host", "x-amz-date", "x-amz-security-token")}
    req = botocore.awsrequest.AWSRequest(method=method, url=url, data=body, headers=keep)
    when = datetime.datetime.strptime(headers["x-amz-date"], "%Y%m%dT%H%M%SZ")
    creds = botocore.credentials.Credentials(ACCESS_KEY, SECRET_KEY, token)
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        botocore.auth.SigV4Auth(creds, "connect", REGION).add_auth(req)
    return req.headers["Authorization"]


@pytest.mark.parametrize("token", [None, "session/token+=="])
def test_requests_are_signed_as_botocore_signs_them(sb, token):
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{srv.server_address[1]}"
    Capture.seen = []
    env = {"AWS_SESSION_TOKEN": token} if token else {}
    try:
        for args in (["describe-user", "--instance-id", "inst 1", "--user-id", "a:b/c"],
                     ["list-users", "--instance-id", "i", "--max-results", "5", "--next-token", "a+b/c=d",
                      "--no-paginate"],
                     ["create-user", "--instance-id", "i", "--username", "ü", "--password", PASSWORD,
                      "--security-profile-ids", "s1", "s2", "--routing-profile-id", "r"],
                     ["untag-resource", "--resource-arn", "arn:aws:connect:x/y", "--tag-keys", "a", "b c"]):
            rc, _, err = sb(*args, "--endpoint-url", url, endpoint=False, env=env)
            assert rc == 0, err
    finally:
        srv.shutdown()
    assert len(Capture.seen) == 4
    for method, path, headers, body in Capture.seen:
        assert headers.get("x-amz-security-token") == token
        assert headers["authorization"] == botocore_authorization(method, url + path, headers, body, token), path
