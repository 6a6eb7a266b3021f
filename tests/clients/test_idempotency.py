"""Idempotency tokens (ClientToken): a retried request gets its first answer and changes
nothing more; the same token with other parameters is refused with the operation's modelled
error; tokens are per account, Region and operation, outlive a restart, and a failed call
does not use its token up. See docs/rules.md ("Idempotency tokens").

boto3 fills ClientToken itself, with a new one per call (its own retries of that call reuse
it); a retry made by the program is a new call, so these tests pass ClientToken explicitly
or replay the request over raw HTTP, as an SDK's retry after a lost response does.
"""
from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (DATABASE_URL, expect_error, unique_alias)


def token() -> str:
    return str(uuid.uuid4())


def create_request(alias: str, client_token: str, **extra) -> dict:
    return {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": alias,
            "InboundCallsEnabled": True, "OutboundCallsEnabled": True,
            "ClientToken": client_token, **extra}


def instances_with_alias(client, alias: str) -> list[dict]:
    out = []
    for page in client.get_paginator("list_instances").paginate():
        out += [i for i in page["InstanceSummaryList"] if i.get("InstanceAlias") == alias]
    return out


def strip(resp: dict) -> dict:
    return {k: v for k, v in resp.items() if k != "ResponseMetadata"}


def test_a_retried_create_instance_gets_its_instance(connect):
    alias, t = unique_alias("idem"), token()
    first = strip(connect.create_instance(**create_request(alias, t, Tags={"a": "1"})))
    again = strip(connect.create_instance(**create_request(alias, t, Tags={"a": "1"})))
    assert again == first
    listed = instances_with_alias(connect, alias)
    assert [(i["Id"], i["Arn"]) for i in listed] == [(first["Id"], first["Arn"])]
    assert connect.describe_instance(InstanceId=first["Id"])["Instance"]["Tags"] == {"a": "1"}


def test_a_replayed_request_gets_the_same_body(server, connect):
    """What an SDK sends again when the first answer was lost: the same bytes."""
    alias = unique_alias("idem")
    body = json.dumps(create_request(alias, token()))
    first = server.http("PUT", "/instance", body)
    second = server.http("PUT", "/instance", body)
    assert (first.status, second.status) == (200, 200), (first, second)
    assert second.body == first.body
    assert len(instances_with_alias(connect, alias)) == 1


def test_the_same_token_with_other_parameters_is_refused(connect):
    alias, t = unique_alias("idem"), token()
    first = connect.create_instance(**create_request(alias, t))
    for changed in (create_request(unique_alias("idem"), t),
                    create_request(alias, t, InboundCallsEnabled=False),
                    create_request(alias, t, Tags={"k": "v"})):
        # CreateInstance models no IdempotencyException: InvalidRequestException is its
        # error for a request that conflicts with an earlier one.
        with expect_error("InvalidRequestException", 400) as err:
            connect.create_instance(**changed)
        assert "ClientToken" in err.message
    assert [i["Id"] for i in instances_with_alias(connect, alias)] == [first["Id"]]
    assert connect.describe_instance(InstanceId=first["Id"])["Instance"]["InboundCallsEnabled"] is True


def test_without_a_token_a_second_create_is_a_second_request(server, connect):
    alias = unique_alias("idem")
    body = create_request(alias, "")
    del body["ClientToken"]
    assert server.http("PUT", "/instance", body).status == 200
    again = server.http("PUT", "/instance", body)
    assert again.status in (400, 409) and again.header("x-amzn-ErrorType") in (
        "DuplicateResourceException", "InvalidRequestException"), again
    assert len(instances_with_alias(connect, alias)) == 1


def test_a_failed_call_does_not_use_its_token(connect):
    taken, t = unique_alias("idem"), token()
    connect.create_instance(**create_request(taken, token()))
    with expect_error(("DuplicateResourceException", "InvalidRequestException"), (400, 409)):
        connect.create_instance(**create_request(taken, t))
    # The token is free: a corrected request with it is a new request, not a mismatch.
    free = unique_alias("idem")
    created = connect.create_instance(**create_request(free, t))
    assert [i["Id"] for i in instances_with_alias(connect, free)] == [created["Id"]]


def test_tokens_are_per_region(server):
    t = token()
    east, west = server.client(region="us-east-1"), server.client(region="eu-west-2")
    a = east.create_instance(**create_request(unique_alias("idem"), t))
    b = west.create_instance(**create_request(unique_alias("idem"), t))
    assert a["Id"] != b["Id"] and ":eu-west-2:" in b["Arn"]


def test_delete_instance_retried_with_its_token(connect):
    created = connect.create_instance(**create_request(unique_alias("idem"), token()))
    t = token()
    connect.delete_instance(InstanceId=created["Id"], ClientToken=t)
    resp = connect.delete_instance(InstanceId=created["Id"], ClientToken=t)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_instance(InstanceId=created["Id"])
    # A new token is a new request: there is nothing left to delete.
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_instance(InstanceId=created["Id"], ClientToken=token())


def test_a_failed_delete_does_not_use_its_token(connect):
    t = token()
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_instance(InstanceId=str(uuid.uuid4()), ClientToken=t)
    created = connect.create_instance(**create_request(unique_alias("idem"), token()))
    connect.delete_instance(InstanceId=created["Id"], ClientToken=t)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_instance(InstanceId=created["Id"])


def test_concurrent_retries_create_one_instance(server, connect):
    alias, t = unique_alias("idem"), token()
    clients = [server.client() for _ in range(4)]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: strip(clients[i % 4].create_instance(**create_request(alias, t))),
                                range(16)))
    assert all(a == answers[0] for a in answers), answers
    assert [i["Id"] for i in instances_with_alias(connect, alias)] == [answers[0]["Id"]]


def test_tokens_outlive_a_restart(spawn_server, tmp_path):
    srv = spawn_server(data_dir=tmp_path / "data")
    alias, t = unique_alias("idem"), token()
    first = strip(srv.client().create_instance(**create_request(alias, t)))
    deleted = srv.client().create_instance(**create_request(unique_alias("idem"), token()))["Id"]
    dt = token()
    srv.client().delete_instance(InstanceId=deleted, ClientToken=dt)
    assert srv.stop() == 0
    srv = spawn_server(data_dir=tmp_path / "data")
    c = srv.client()
    assert strip(c.create_instance(**create_request(alias, t))) == first
    with expect_error("InvalidRequestException", 400):
        c.create_instance(**create_request(unique_alias("idem"), t))
    c.delete_instance(InstanceId=deleted, ClientToken=dt)
    assert len(instances_with_alias(c, alias)) == 1


@pytest.mark.skipif(not DATABASE_URL, reason="replicas need a shared database (SWITCHBOARD_DATABASE_URL)")
def test_retries_through_two_replicas_create_once(spawn_server):
    a, b = spawn_server(log_name="replica-a.log").client(), spawn_server(log_name="replica-b.log").client()
    alias, t = unique_alias("idem"), token()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: strip((a, b)[i % 2].create_instance(**create_request(alias, t))),
                                range(16)))
    assert all(x == answers[0] for x in answers), answers
    for client in (a, b):
        assert [i["Id"] for i in instances_with_alias(client, alias)] == [answers[0]["Id"]]


def test_the_aws_cli_retry_with_its_token(aws):
    alias, t = unique_alias("idem"), token()
    args = ["connect", "create-instance", "--identity-management-type", "CONNECT_MANAGED",
            "--instance-alias", alias, "--inbound-calls-enabled", "--outbound-calls-enabled",
            "--client-token", t]
    first, second = aws(*args), aws(*args)
    assert first.rc == 0 and second.rc == 0, (first.err, second.err)
    assert first.out == second.out
