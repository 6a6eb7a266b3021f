"""The plugin's fixtures, options and markers, as a test suite that installed the wheel uses
them (tests/kit/run.sh runs this project in a fresh virtualenv, alone and under xdist)."""
import os
import subprocess
import urllib.request
from pathlib import Path

import boto3
import pytest
from botocore.exceptions import ClientError

from switchboard_connect import Server, ServerError, binary

SEED = str(Path(__file__).with_name("seed.json"))


def test_the_binary_is_the_one_installed_with_the_package():
    path = binary()
    assert Path(path).parent == Path(os.sys.executable).parent, path
    out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.startswith("switchboard-cli/")


def test_code_that_builds_its_own_client_reaches_the_server(connect, switchboard_server):
    assert os.environ["AWS_ENDPOINT_URL_CONNECT"] == switchboard_server.endpoint_url
    own = boto3.client("connect")  # as code under test would: no endpoint, no keys given
    iid = own.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="own",
                              InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
    assert connect.describe_instance(InstanceId=iid)["Instance"]["InstanceAlias"] == "own"
    assert own.meta.region_name == switchboard_server.region == "us-east-1"
    assert iid in own.describe_instance(InstanceId=iid)["Instance"]["Arn"]
    assert f":{switchboard_server.account_id}:" in own.describe_instance(InstanceId=iid)["Instance"]["Arn"]


@pytest.mark.parametrize("n", range(16))
def test_each_worker_has_a_server_of_its_own(switchboard_server, connect, n):
    # Under xdist, run.sh checks the endpoints reported: one per worker, all different.
    endpoints = os.environ.get("KIT_ENDPOINTS_FILE")
    if endpoints:
        with open(endpoints, "a") as f:
            f.write(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')} {switchboard_server.endpoint_url}\n")
    assert connect.list_instances()["InstanceSummaryList"] == []


def test_connect_instance_has_the_default_resources(connect, connect_instance):
    iid = connect_instance["Id"]
    assert connect_instance["IdentityManagementType"] == "CONNECT_MANAGED"
    profiles = {p["Name"] for p in connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]}
    assert {"Admin", "Agent", "CallCenterManager", "QualityAnalyst"} <= profiles
    routing = connect.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"]
    assert [r["Name"] for r in routing] == ["Basic Routing Profile"]
    user = connect.create_user(
        InstanceId=iid, Username="jdoe", Password="Passw0rd-kit", PhoneConfig={"PhoneType": "SOFT_PHONE"},
        IdentityInfo={"FirstName": "J", "LastName": "Doe"},
        SecurityProfileIds=[p["Id"] for p in connect.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"] if p["Name"] == "Agent"],
        RoutingProfileId=routing[0]["Id"])
    assert connect.describe_user(InstanceId=iid, UserId=user["UserId"])["User"]["Username"] == "jdoe"


@pytest.mark.switchboard(seed=SEED)
@pytest.mark.parametrize("n", range(3))
def test_a_seeded_server_is_reset_to_its_seed(connect, n):
    assert [i["InstanceAlias"] for i in connect.list_instances()["InstanceSummaryList"]] == ["seeded"]
    connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=f"extra{n}",
                            InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert len(connect.list_instances()["InstanceSummaryList"]) == 2


@pytest.mark.switchboard(throttle="1/2")
def test_the_marker_passes_emulation_flags(switchboard_test_server, connect):
    strict = switchboard_test_server.client(retries={"total_max_attempts": 1})
    with pytest.raises(ClientError) as e:
        for _ in range(10):
            strict.list_instances()
    assert e.value.response["Error"]["Code"] == "ThrottlingException"


def test_server_is_a_context_manager_that_cleans_up(tmp_path):
    with Server(account_id="111122223333", region="eu-west-2") as s:
        assert s.endpoint_url.startswith("http://127.0.0.1:") and s.account_id == "111122223333"
        c = s.client()
        arn = c.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias="cm",
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)["Arn"]
        assert arn.startswith("arn:aws:connect:eu-west-2:111122223333:instance/")
        assert s.reset() == 0
        assert c.list_instances()["InstanceSummaryList"] == []
        proc, log = s.proc, s.log_path
    assert proc.poll() == 0, "stopped with SIGTERM, exited cleanly"
    assert not log.exists(), "its temporary files are gone"
    with pytest.raises(OSError):
        urllib.request.urlopen(s.endpoint_url + "/health", timeout=2)


def test_strict_servers_refuse_resets_unless_allowed(tmp_path):
    creds = tmp_path / "credentials"
    creds.write_text("[a]\naws_access_key_id = AKIDKIT\naws_secret_access_key = kit-secret\naccount_id = 444455556666\n")
    keys = dict(credentials=creds, access_key="AKIDKIT", secret_key="kit-secret", account_id="444455556666")
    with Server(**keys) as s:
        s.client().list_instances()
        with pytest.raises(ServerError, match="--allow-reset"):
            s.reset()
    with Server(allow_reset=True, **keys) as s:
        assert s.reset() == 0


def test_a_server_that_cannot_start_says_why(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(ServerError, match="not a switchboard snapshot"):
        Server(seed=bad).start()
