"""Emulation of Connect's limits (all off by default): `--throttle`, `--fault-rate` and
`--quotas`. The point is that client code can be tested against them: boto3's standard and
adaptive retry modes get through throttling and injected faults, and quotas refuse the
create past them with the error Connect's model names.
"""
from __future__ import annotations

import concurrent.futures
import time

import boto3
import pytest
from botocore.config import Config

from conftest import (REGION, create_security_profile, create_user, expect_error, list_users,
                      new_instance, random_account, user_request, write_credentials)

KEY, SECRET = "AKIDEMULATION", "emulation-secret"


def retrying(srv, mode: str = "standard", attempts: int = 10, **kw):
    return boto3.session.Session().client(
        "connect", endpoint_url=srv.endpoint, region_name=REGION, aws_access_key_id=KEY,
        aws_secret_access_key=SECRET, config=Config(retries={"mode": mode, "max_attempts": attempts},
                                                    max_pool_connections=16, **kw))


def strict_args(tmp_path, *extra: str) -> list[str]:
    """Serve options for a server of its own account (a shared PostgreSQL database holds
    other tests' instances in the default account, which account-wide quotas would count)."""
    creds = write_credentials(tmp_path / "credentials", {"k": (KEY, SECRET, random_account())})
    return ["--credentials", str(creds), *extra]


def retries_of(response) -> int:
    return response["ResponseMetadata"]["RetryAttempts"]


# -- throttling ----------------------------------------------------------------------------------

def test_without_flags_nothing_throttles(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path))
    c = retrying(srv, attempts=1)
    inst = new_instance(c)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: c.describe_instance(InstanceId=inst.id), range(80)))
    assert all(retries_of(r) == 0 for r in results)


def test_throttle_aws_answers_429_past_the_burst(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--throttle", "aws"))
    c = retrying(srv, attempts=1)
    inst = new_instance(c)
    started, ok = time.monotonic(), 0
    with expect_error("ThrottlingException", 429) as err:
        for _ in range(30):
            c.describe_instance(InstanceId=inst.id)
            ok += 1
    elapsed = time.monotonic() - started
    # The burst of 5, and what the bucket refilled (2 per second) while they ran.
    assert 5 <= ok <= 5 + 2 * elapsed + 1, (ok, elapsed)
    assert err.message == "Rate exceeded"
    c.list_instances()  # another operation has a bucket of its own
    time.sleep(0.6)  # 2 requests/s: a token is back after 0.5 s
    c.describe_instance(InstanceId=inst.id)


def test_standard_retries_get_through_throttle_aws(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--throttle", "aws"))
    c = retrying(srv, "standard")
    inst = new_instance(c)
    user = create_user(c, inst)["UserId"]
    started = time.monotonic()
    results = [c.describe_user(InstanceId=inst.id, UserId=user) for _ in range(30)]
    elapsed = time.monotonic() - started
    assert all(r["User"]["Id"] == user for r in results)
    retried = sum(retries_of(r) for r in results)
    assert retried > 0, "some calls must have been throttled and retried"
    # 30 calls with a burst of 5 at 2 per second take at least (30 - 5) / 2 s.
    assert elapsed >= (30 - 5) / 2 - 0.5, elapsed


def test_adaptive_retries_get_through_throttle(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--throttle", "10/5"))
    c = retrying(srv, "adaptive")
    inst = new_instance(c)
    started = time.monotonic()
    results = [c.describe_instance(InstanceId=inst.id) for _ in range(40)]
    elapsed = time.monotonic() - started
    assert len(results) == 40
    assert elapsed >= (40 - 5) / 10 - 0.3, elapsed


def test_throttle_is_per_account(spawn_server, tmp_path):
    creds = write_credentials(tmp_path / "two", {"a": ("AKIDTA", SECRET, random_account()),
                                                 "b": ("AKIDTB", SECRET, random_account())})
    srv = spawn_server(args=["--credentials", str(creds), "--throttle", "1/2"])

    def client(key):
        return boto3.session.Session().client(
            "connect", endpoint_url=srv.endpoint, region_name=REGION, aws_access_key_id=key,
            aws_secret_access_key=SECRET, config=Config(retries={"total_max_attempts": 1}))

    a, b = client("AKIDTA"), client("AKIDTB")
    a.list_instances()
    a.list_instances()
    with expect_error("ThrottlingException", 429):
        a.list_instances()
    b.list_instances()


# -- faults --------------------------------------------------------------------------------------

def test_standard_retries_get_through_fault_rate(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--fault-rate", "0.2"))
    c = retrying(srv, "standard", attempts=10)
    inst = new_instance(c)
    sp = inst.security_profile_id("Agent")
    routing = inst.routing_profile_id
    retried = 0
    for i in range(50):
        r = c.create_user(**user_request(inst, Username=f"fault{i:02}", SecurityProfileIds=[sp],
                                         RoutingProfileId=routing))
        retried += retries_of(r)
    assert retried > 0, "with --fault-rate 0.2, some of 50 creates must have been retried"
    users = list_users(c, inst.id)
    assert sorted(u["Username"] for u in users) == [f"fault{i:02}" for i in range(50)]
    # Faults come as both retryable kinds (sent until both have come, at most 2,000 requests:
    # under a loaded PostgreSQL run, 200 once showed only one kind).
    both = {("InternalServiceException", 500), ("ThrottlingException", 429)}
    seen = set()
    raw = retrying(srv, attempts=1)
    for _ in range(2000):
        try:
            raw.list_instances()
        except raw.exceptions.ClientError as e:
            seen.add((e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"]))
        if seen >= both:
            break
    assert seen == {("InternalServiceException", 500), ("ThrottlingException", 429)}, seen


def test_faults_spare_health(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--fault-rate", "1"))
    assert all(srv.http("GET", "/health", auth=None).status == 200 for _ in range(20))
    with expect_error(("InternalServiceException", "ThrottlingException")):
        retrying(srv, attempts=1).list_instances()


# -- quotas --------------------------------------------------------------------------------------

def test_quotas_aws_instances_per_account(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--quotas", "aws"))
    c = retrying(srv, attempts=1)
    first, _second = new_instance(c), new_instance(c)
    with expect_error("ServiceQuotaExceededException", 402) as err:
        new_instance(c)
    assert "2" in err.message
    assert len(c.list_instances()["InstanceSummaryList"]) == 2
    c.delete_instance(InstanceId=first.id)
    new_instance(c)


def test_quotas_aws_security_profiles_per_instance(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--quotas", "aws"))
    c = retrying(srv, attempts=1)
    inst = new_instance(c)
    assert len(inst.security_profiles) == 4  # Connect's defaults count too
    for i in range(96):
        create_security_profile(c, inst, name=f"sp{i:03}")
    with expect_error("LimitExceededException", 429):
        create_security_profile(c, inst, name="one-too-many")
    assert len(c.list_security_profiles(InstanceId=inst.id, MaxResults=1000)["SecurityProfileSummaryList"]) == 100


def test_quota_overrides_and_racing_creates(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path, "--quotas", "aws,users-per-instance=5"))
    c = retrying(srv, attempts=1)
    inst = new_instance(c)
    sp, routing = inst.security_profile_id("Agent"), inst.routing_profile_id

    def create(i):
        try:
            c.create_user(**user_request(inst, Username=f"race{i:02}", SecurityProfileIds=[sp],
                                         RoutingProfileId=routing))
            return "ok"
        except c.exceptions.LimitExceededException:
            return "limit"

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        outcomes = list(pool.map(create, range(24)))
    assert outcomes.count("ok") == 5 and outcomes.count("limit") == 19
    assert len(list_users(c, inst.id)) == 5
    # Another instance has a quota of its own; a deleted user frees a place.
    other = new_instance(c)
    create_user(c, other)
    c.delete_user(InstanceId=inst.id, UserId=list_users(c, inst.id)[0]["Id"])
    create_user(c, inst)


def test_without_quotas_nothing_is_limited(spawn_server, tmp_path):
    srv = spawn_server(args=strict_args(tmp_path))
    c = retrying(srv, attempts=1)
    for _ in range(3):
        new_instance(c)
    assert len(c.list_instances()["InstanceSummaryList"]) == 3


@pytest.mark.parametrize("args", [["--throttle", "fast"], ["--throttle", "0/5"], ["--fault-rate", "1.5"],
                                  ["--quotas", "none"], ["--quotas", "aws,users=3"]])
def test_bad_emulation_flags_stop_start_up(tmp_path, args):
    import subprocess
    from conftest import BIN
    p = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path), *args],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode != 0 and args[0] in p.stderr, p.stderr
