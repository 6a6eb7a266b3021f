"""Strict mode (`serve --credentials FILE`): only the listed keys get in, every request's
SigV4 signature is verified in full, and every kind of tampering is refused with the error
AWS gives.

The property test signs many random requests with botocore's own SigV4Auth (the signer boto3
and the AWS CLI use), over the routes of real operations with random ids, query strings and
bodies (unicode included), with and without session tokens, and expects every one through
authentication; then tampers with each part of signed requests and expects each refused.
"""
from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import subprocess
import sys
import urllib.parse
from unittest import mock

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
import pytest
from botocore.config import Config

from conftest import (REGION, HttpResponse, Server, cli_env, create_user, expect_error,
                      new_instance, random_account, write_credentials)

ACCOUNT_A = random_account()
ACCOUNT_B = random_account()
KEY_A, SECRET_A = "AKIDSTRICTA", "secret/A+with=chars"
KEY_B, SECRET_B = "AKIDSTRICTB", "b-secret"

AUTH_ERRORS = {"MissingAuthenticationTokenException", "IncompleteSignatureException",
               "UnrecognizedClientException", "InvalidSignatureException"}
SIGNATURE_MISMATCH = ("The request signature we calculated does not match the signature you "
                      "provided. Check your AWS Secret Access Key and signing method.")


@pytest.fixture(scope="module")
def strict(tmp_path_factory):
    base = tmp_path_factory.mktemp("strict")
    creds = write_credentials(base / "credentials", {
        "team-a": (KEY_A, SECRET_A, ACCOUNT_A),
        "team-b": (KEY_B, SECRET_B, ACCOUNT_B),
    })
    srv = Server(base / "data", base / "server.log", ["--credentials", str(creds)]).start()
    yield srv
    assert srv.stop() == 0, srv.log_tail()


# -- raw signed requests -----------------------------------------------------------------------

def sign(srv: Server, method: str, path: str, body: bytes = b"", headers: dict | None = None,
         key: str = KEY_A, secret: str = SECRET_A, token: str | None = None,
         at: dt.datetime | None = None) -> dict[str, str]:
    """Headers of a request signed by botocore's SigV4Auth (path includes the query)."""
    hdrs = {"Content-Type": "application/json"} if body else {}
    hdrs.update(headers or {})
    req = botocore.awsrequest.AWSRequest(method=method, url=srv.endpoint + path, data=body,
                                         headers=hdrs)
    creds = botocore.credentials.Credentials(key, secret, token)
    signer = botocore.auth.SigV4Auth(creds, "connect", REGION)
    if at is None:
        signer.add_auth(req)
    else:
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=at):
            signer.add_auth(req)
    return dict(req.headers.items())


def send(srv: Server, method: str, path: str, body: bytes, headers: dict[str, str]) -> HttpResponse:
    conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        return HttpResponse(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


def error_of(resp: HttpResponse) -> str | None:
    return resp.header("x-amzn-ErrorType")


def enc(s: str) -> str:
    return urllib.parse.quote(s, safe="-_.~")


ALPHABET = ("abcXYZ019-_.~ !$&'()*+,;=:@/?#[]%\"<>\\^`{|}" "éßø漢字🙂\u00a0\u2028"
            "\u0301Ωжא")


def rand_text(rng: random.Random, lo: int = 1, hi: int = 24) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(lo, hi)))


def rand_json(rng: random.Random, depth: int = 0):
    pick = rng.random()
    if depth > 2 or pick < 0.3:
        return rng.choice([rand_text(rng), rng.randint(-10**6, 10**6), rng.random(), True, None])
    if pick < 0.65:
        return {rand_text(rng, 1, 10): rand_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    return [rand_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]


# Routes of real operations: (method, path template, has body). {} is a random id segment.
ROUTES = [
    ("GET", "/instance", False),
    ("PUT", "/instance", True),
    ("GET", "/instance/{}", False),
    ("DELETE", "/instance/{}", False),
    ("PUT", "/users/{}", True),
    ("GET", "/users/{}/{}", False),
    ("DELETE", "/users/{}/{}", False),
    ("GET", "/users-summary/{}", False),
    ("POST", "/users/{}/{}/identity-info", True),
    ("POST", "/users/{}/{}/phone-config", True),
    ("POST", "/users/{}/{}/security-profiles", True),
    ("POST", "/search-users", True),
    ("GET", "/security-profiles-summary/{}", False),
    ("PUT", "/security-profiles/{}", True),
    ("GET", "/routing-profiles-summary/{}", False),
    ("GET", "/queues-summary/{}", False),
    ("GET", "/tags/{}", False),
    ("POST", "/tags/{}", True),
    ("DELETE", "/tags/{}", False),
]


def random_request(rng: random.Random):
    method, template, has_body = rng.choice(ROUTES)
    path = template
    while "{}" in path:
        seg = rng.choice([rand_text(rng), f"arn:aws:connect:{REGION}:{ACCOUNT_A}:instance/"
                          + rand_text(rng, 8, 36), str(rng.getrandbits(64))])
        path = path.replace("{}", enc(seg), 1)
    params = []
    for _ in range(rng.choice([0, 0, 1, 2, 3])):
        params.append((rng.choice(["maxResults", "nextToken", "tagKeys", "x-" + rand_text(rng, 1, 6)]),
                       rand_text(rng, 0, 20)))
    if params:
        path += "?" + "&".join(f"{enc(k)}={enc(v)}" for k, v in params)
    body = b""
    if has_body and rng.random() < 0.9:
        body = json.dumps(rand_json(rng), ensure_ascii=rng.random() < 0.5).encode("utf-8")
    headers = {}
    if rng.random() < 0.3:
        headers["X-Custom-" + str(rng.randint(0, 99))] = "  several   spaces " + str(rng.random())
    token = rng.choice([None, None, "FwoGZXIvYXdzE" + rand_text(rng, 10, 60).encode().hex()])
    key, secret = rng.choice([(KEY_A, SECRET_A), (KEY_B, SECRET_B)])
    return method, path, body, headers, key, secret, token


def test_random_requests_signed_by_botocore_are_all_accepted(strict):
    rng = random.Random(int(os.environ.get("SWITCHBOARD_TEST_SEED", "6")))
    refused = []
    n = 250
    with_token = 0
    for i in range(n):
        method, path, body, extra, key, secret, token = random_request(rng)
        with_token += token is not None
        headers = sign(strict, method, path, body, extra, key=key, secret=secret, token=token)
        resp = send(strict, method, path, body, headers)
        if error_of(resp) in AUTH_ERRORS or resp.status >= 500:
            refused.append((method, path, body[:80], resp))
    assert not refused, f"{len(refused)} of {n} signed requests refused:\n" + "\n".join(map(str, refused[:5]))
    assert with_token > 30


@pytest.fixture(scope="module")
def signed_create(strict):
    """A signed CreateUser-like request (into an instance that does not exist: the point is
    only whether authentication passes)."""
    path = "/users/00000000-0000-4000-8000-000000000000?x=1"
    body = json.dumps({"Username": "jdöe", "IdentityInfo": {"FirstName": "Jö"}}).encode()
    return path, body


def assert_auth_passes(resp: HttpResponse):
    assert error_of(resp) not in AUTH_ERRORS and resp.status < 500, resp


def assert_refused(resp: HttpResponse, code: str, message_start: str | None = None):
    assert resp.status == 403 and error_of(resp) == code, resp
    if message_start:
        assert resp.json()["Message"].startswith(message_start), resp


def test_untampered_request_passes(strict, signed_create):
    path, body = signed_create
    assert_auth_passes(send(strict, "PUT", path, body, sign(strict, "PUT", path, body)))
    token = sign(strict, "PUT", path, body, token="session-token/+=")
    assert_auth_passes(send(strict, "PUT", path, body, token))


@pytest.mark.parametrize("index", [0, 10, -1])
def test_tampered_body_byte(strict, signed_create, index):
    path, body = signed_create
    headers = sign(strict, "PUT", path, body)
    tampered = bytearray(body)
    tampered[index] ^= 0x01
    assert_refused(send(strict, "PUT", path, bytes(tampered), headers),
                   "InvalidSignatureException", SIGNATURE_MISMATCH)


@pytest.mark.parametrize("header,value", [("Content-Type", "application/x-amz-json-1.1"),
                                          ("X-Amz-Security-Token", "another-token"),
                                          ("X-Amz-Date", None)])
def test_tampered_signed_header(strict, signed_create, header, value):
    path, body = signed_create
    headers = sign(strict, "PUT", path, body, token="session-token")
    if value is None:  # the same day, one second later
        t = dt.datetime.strptime(headers[header], "%Y%m%dT%H%M%SZ") + dt.timedelta(seconds=1)
        value = t.strftime("%Y%m%dT%H%M%SZ")
    headers[header] = value
    assert_refused(send(strict, "PUT", path, body, headers), "InvalidSignatureException", SIGNATURE_MISMATCH)


def test_tampered_path_and_query(strict, signed_create):
    path, body = signed_create
    headers = sign(strict, "PUT", path, body)
    other_path = path.replace("0000-4000", "0000-4001")
    assert_refused(send(strict, "PUT", other_path, body, headers), "InvalidSignatureException")
    for query in ("?x=2", "?x=1&y=1", ""):
        assert_refused(send(strict, "PUT", path.split("?")[0] + query, body, headers),
                       "InvalidSignatureException")


def test_tampered_method(strict):
    headers = sign(strict, "GET", "/instance")
    assert_refused(send(strict, "PUT", "/instance", b"", headers), "InvalidSignatureException")


@pytest.mark.parametrize("minutes", [-16, -60 * 24, 16, 60 * 3])
def test_clock_skew_over_15_minutes(strict, minutes):
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)
    resp = send(strict, "GET", "/instance", b"", sign(strict, "GET", "/instance", at=at))
    prefix = "Signature expired: " if minutes < 0 else "Signature not yet current: "
    assert_refused(resp, "InvalidSignatureException", prefix)
    assert ("- 15 min.)" if minutes < 0 else "+ 15 min.)") in resp.json()["Message"]


@pytest.mark.parametrize("minutes", [-14, 14])
def test_clock_skew_within_15_minutes(strict, minutes):
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=minutes)
    assert send(strict, "GET", "/instance", b"", sign(strict, "GET", "/instance", at=at)).status == 200


def test_unknown_key(strict):
    resp = send(strict, "GET", "/instance", b"", sign(strict, "GET", "/instance", key="AKIDNOBODY"))
    assert_refused(resp, "UnrecognizedClientException", "The security token included in the request is invalid.")


def test_wrong_secret(strict):
    resp = send(strict, "GET", "/instance", b"", sign(strict, "GET", "/instance", secret=SECRET_B))
    assert_refused(resp, "InvalidSignatureException", SIGNATURE_MISMATCH)


def test_missing_headers(strict, signed_create):
    path, body = signed_create
    for drop, code in [("Authorization", "MissingAuthenticationTokenException"),
                       ("X-Amz-Date", "IncompleteSignatureException"),
                       ("Content-Type", "InvalidSignatureException")]:
        headers = sign(strict, "PUT", path, body)
        del headers[drop]
        assert_refused(send(strict, "PUT", path, body, headers), code)


def test_malformed_authorization(strict):
    headers = sign(strict, "GET", "/instance")
    auth = headers["Authorization"]
    cases = [
        ("Basic dXNlcjpwYXNz", "IncompleteSignatureException"),
        (auth.replace("Credential=", "Credentials="), "IncompleteSignatureException"),
        (auth.split(", Signature=")[0], "IncompleteSignatureException"),
        (auth.replace("/connect/", "/s3/"), "InvalidSignatureException"),
        (auth.replace(f"/{REGION}/", "/mars-north-1x/"), "InvalidSignatureException"),
        (auth.replace("aws4_request", "aws4_requests"), "IncompleteSignatureException"),
        (auth.replace("SignedHeaders=host;", "SignedHeaders="), "IncompleteSignatureException"),
    ]
    for value, code in cases:
        resp = send(strict, "GET", "/instance", b"", {**headers, "Authorization": value})
        assert_refused(resp, code)


def test_scope_date_must_match_x_amz_date(strict):
    headers = sign(strict, "GET", "/instance")
    day = headers["X-Amz-Date"][:8]
    other = (dt.datetime.strptime(day, "%Y%m%d") - dt.timedelta(days=1)).strftime("%Y%m%d")
    headers["Authorization"] = headers["Authorization"].replace(f"/{day}/", f"/{other}/")
    assert_refused(send(strict, "GET", "/instance", b"", headers), "InvalidSignatureException",
                   "Date in Credential scope does not match")


def test_health_needs_no_signature(strict):
    assert strict.http("GET", "/health", auth=None).status == 200


# -- boto3 and the AWS CLI, end to end -----------------------------------------------------------

def client(srv: Server, key: str, secret: str, token: str | None = None):
    return boto3.session.Session().client(
        "connect", endpoint_url=srv.endpoint, region_name=REGION, aws_access_key_id=key,
        aws_secret_access_key=secret, aws_session_token=token,
        config=Config(retries={"total_max_attempts": 1}))


def test_boto3_with_the_right_keys(strict):
    a = client(strict, KEY_A, SECRET_A)
    inst = new_instance(a)
    assert inst.arn.split(":")[4] == ACCOUNT_A
    user = create_user(a, inst, Tags={"team": "ä"})
    assert user["UserArn"].split(":")[4] == ACCOUNT_A
    assert a.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"]["Id"] == user["UserId"]
    with_token = client(strict, KEY_A, SECRET_A, token="IQoJb3JpZ2luX2VjE" + "x" * 300)
    assert inst.id in [i["Id"] for i in with_token.list_instances()["InstanceSummaryList"]]
    a.delete_instance(InstanceId=inst.id)


def test_boto3_with_wrong_keys(strict):
    with expect_error("InvalidSignatureException", 403):
        client(strict, KEY_A, SECRET_B).list_instances()
    with expect_error("UnrecognizedClientException", 403):
        client(strict, "AKIDUNKNOWN", SECRET_A).list_instances()


def aws_cli(srv: Server, home, key: str, secret: str, *args: str):
    env = cli_env(home)
    env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret})
    return subprocess.run([sys.executable, "-m", "awscli", "connect", *args, "--endpoint-url",
                           srv.endpoint, "--region", REGION, "--output", "json"],
                          capture_output=True, text=True, env=env, timeout=60)


def test_aws_cli_with_right_and_wrong_keys(strict, tmp_path):
    ok = aws_cli(strict, tmp_path, KEY_B, SECRET_B, "create-instance", "--identity-management-type",
                 "CONNECT_MANAGED", "--instance-alias", "cli-strict-" + os.urandom(4).hex(),
                 "--inbound-calls-enabled", "--outbound-calls-enabled")
    assert ok.returncode == 0, ok.stderr
    arn = json.loads(ok.stdout)["Arn"]
    assert arn.split(":")[4] == ACCOUNT_B
    listed = aws_cli(strict, tmp_path, KEY_B, SECRET_B, "list-instances")
    assert listed.returncode == 0 and arn in listed.stdout, listed.stderr
    wrong = aws_cli(strict, tmp_path, KEY_B, SECRET_A, "list-instances")
    assert wrong.returncode != 0 and "InvalidSignatureException" in wrong.stderr, wrong.stderr
    unknown = aws_cli(strict, tmp_path, "AKIDWHOEVER", SECRET_B, "list-instances")
    assert unknown.returncode != 0 and "UnrecognizedClientException" in unknown.stderr, unknown.stderr


# -- start-up ------------------------------------------------------------------------------------

@pytest.mark.parametrize("content,why", [
    ("", "no keys"),
    ("[a]\naws_access_key_id = K\naws_secret_access_key = s\naccount_id = 12345\n", "12 digits"),
    ("[a]\naws_access_key_id = K\naccount_id = 123456789012\n", "aws_secret_access_key"),
])
def test_a_bad_credentials_file_stops_start_up(tmp_path, content, why):
    creds = tmp_path / "credentials"
    creds.write_text(content)
    from conftest import BIN
    p = subprocess.run([str(BIN), "serve", "--listen", "127.0.0.1:0", "--data-dir", str(tmp_path / "d"),
                        "--credentials", str(creds)], capture_output=True, text=True, timeout=30)
    assert p.returncode != 0
    assert why in p.stderr and str(creds) in p.stderr, p.stderr


def test_credentials_from_the_environment(spawn_server, tmp_path):
    creds = write_credentials(tmp_path / "env-credentials", {"k": ("AKIDENV", "envsecret", random_account())})
    srv = spawn_server(env={"SWITCHBOARD_CREDENTIALS": str(creds)})
    client(srv, "AKIDENV", "envsecret").list_instances()
    with expect_error("UnrecognizedClientException", 403):
        srv.client().list_instances()
