"""GET /metrics: the Prometheus text format, scraped after known calls.

Each test starts its own server, so that the counts are those of its own calls."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import PASSWORD, expect_error, new_instance, user_request

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$')


def scrape(server) -> tuple[str, dict[tuple[str, frozenset], float]]:
    r = server.http("GET", "/metrics", auth=None)
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("text/plain; version=0.0.4"), r.header("Content-Type")
    text = r.body.decode()
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        assert m, f"not a sample line: {line!r}"
        labels = frozenset(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        samples[(m.group(1), labels)] = float(m.group(3))
    return text, samples


def value(samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_latency_store_and_build_info_are_counted(spawn_server):
    srv = spawn_server()
    client = srv.client()
    inst = new_instance(client)
    for _ in range(2):
        with expect_error("ResourceNotFoundException"):
            client.describe_instance(InstanceId="00000000-0000-0000-0000-000000000000")
    with expect_error("InvalidParameterException"):
        client.create_user(**user_request(inst, Password="short"))
    client.create_user(**user_request(inst, Password=PASSWORD))

    _, s = scrape(srv)
    assert value(s, "switchboard_requests_total", operation="CreateInstance", status="200") == 1
    assert value(s, "switchboard_requests_total", operation="DescribeInstance", status="404") == 2
    assert value(s, "switchboard_requests_total", operation="CreateUser", status="400") == 1
    assert value(s, "switchboard_requests_total", operation="CreateUser", status="200") == 1
    assert value(s, "switchboard_request_duration_seconds_count", operation="CreateUser") == 2
    assert value(s, "switchboard_request_duration_seconds_count", operation="DescribeInstance") == 2
    # Every DescribeInstance reads the store; CreateInstance and CreateUser write it.
    assert value(s, "switchboard_store_operation_duration_seconds_count", operation="get") >= 2
    assert value(s, "switchboard_store_operation_duration_seconds_count", operation="insert") >= 2
    # The scrape's own connection is open while it is answered.
    assert value(s, "switchboard_open_connections") >= 1
    assert [k for k in s if k[0] == "switchboard_build_info"], "build info is missing"
    assert value(s, "switchboard_throttled_requests_total") == 0


def test_throttles_and_injected_faults_are_counted(spawn_server):
    throttling = spawn_server(args=["--throttle", "0.001/1"])
    client = throttling.client()
    client.list_instances()
    for _ in range(3):
        with expect_error("ThrottlingException"):
            client.list_instances()
    _, s = scrape(throttling)
    assert value(s, "switchboard_throttled_requests_total") == 3
    assert value(s, "switchboard_requests_total", operation="ListInstances", status="429") == 3
    assert value(s, "switchboard_requests_total", operation="ListInstances", status="200") == 1

    faulty = spawn_server(args=["--fault-rate", "1"])
    client = faulty.client()
    for _ in range(4):
        with expect_error(("InternalServiceException", "ThrottlingException")):
            client.list_instances()
    _, s = scrape(faulty)
    injected = {code: value(s, "switchboard_injected_faults_total", code=code)
                for code in ("InternalServiceException", "ThrottlingException")}
    assert sum(injected.values()) == 4, injected
    assert value(s, "switchboard_throttled_requests_total") == injected["ThrottlingException"]


def test_promtool_accepts_the_metrics(spawn_server):
    promtool = shutil.which("promtool")
    if not promtool:
        pytest.skip("promtool is not installed (Debian's prometheus package; .ci/run installs it)")
    srv = spawn_server(args=["--fault-rate", "1"])
    with expect_error(("InternalServiceException", "ThrottlingException")):
        srv.client().list_instances()
    text, _ = scrape(srv)
    check = subprocess.run([promtool, "check", "metrics"], input=text.encode(), capture_output=True)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()
