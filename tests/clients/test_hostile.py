"""Hostile input over raw sockets: whatever a client sends, the answer is a 4xx (or the
connection is closed), never a 5xx, never a crash, and the server keeps serving.

A fixed list of nasty requests (oversized and malformed framing, bad UTF-8, wrong JSON types,
huge numbers, duplicate keys, percent-encoding tricks, odd methods, HTTP/1.0, pipelining),
the slow-client limits (header and body timeouts, idle keep-alive, the connection cap,
SIGTERM with connections open), and a seeded random mutation loop over valid requests.

The one 5xx a request may get by design is 501 NotImplementedException, for an operation of
the Connect model that switchboard does not implement.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import signal
import socket
import threading
import time
import urllib.parse

import pytest

from conftest import ACCESS_KEY, REGION, create_user, list_users, new_instance, user_request

HEADER_TIMEOUT = 2
BODY_TIMEOUT = 2
MUTATIONS = int(os.environ.get("SWITCHBOARD_HOSTILE_MUTATIONS", "3000"))
SEED = int(os.environ.get("SWITCHBOARD_HOSTILE_SEED", "20261124"))


# -- raw HTTP ----------------------------------------------------------------------------------

def auth_header() -> bytes:
    now = dt.datetime.now(dt.timezone.utc)
    return (f"X-Amz-Date: {now:%Y%m%dT%H%M%SZ}\r\n"
            f"Authorization: AWS4-HMAC-SHA256 Credential={ACCESS_KEY}/{now:%Y%m%d}/{REGION}/connect/"
            f"aws4_request, SignedHeaders=host;x-amz-date, Signature=00\r\n").encode()


def request_bytes(method: str | bytes, target: str | bytes, body: bytes = b"", *,
                  headers: bytes = b"", auth: bool = True, version: bytes = b"HTTP/1.1",
                  length: bool = True) -> bytes:
    method = method.encode() if isinstance(method, str) else method
    target = target.encode() if isinstance(target, str) else target
    head = method + b" " + target + b" " + version + b"\r\nHost: 127.0.0.1\r\n"
    if auth:
        head += auth_header()
    if length and body:
        head += b"Content-Type: application/json\r\nContent-Length: %d\r\n" % len(body)
    return head + headers + b"\r\n" + body


class Reply:
    def __init__(self, status: int | None, headers: dict[str, str], body: bytes):
        self.status, self.headers, self.body = status, headers, body

    @property
    def error_type(self) -> str:
        return self.headers.get("x-amzn-errortype", "").split(":")[0]

    def json(self):
        return json.loads(self.body)

    def __repr__(self) -> str:
        return f"<Reply {self.status} {self.error_type} {self.body[:200]!r}>"


def read_replies(sock: socket.socket, count: int = 1, timeout: float = 5.0) -> list[Reply]:
    """Reads up to count responses (Content-Length framed, as switchboard sends them; 1xx
    interim responses skipped) until the connection closes or timeout passes. A response
    whose body is cut short by the close (a HEAD response, say) is kept as it is."""
    buf = b""
    replies: list[Reply] = []
    deadline = time.monotonic() + timeout

    def parse(final: bool) -> bool:
        nonlocal buf
        end = buf.find(b"\r\n\r\n")
        if end < 0:
            return False
        head = buf[:end].decode("latin-1").split("\r\n")
        m = re.match(r"HTTP/1\.[01] (\d{3})", head[0])
        assert m, f"not an HTTP response: {buf[:200]!r}"
        headers = {}
        for line in head[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        status = int(m.group(1))
        n = 0 if status < 200 else int(headers.get("content-length", "0"))
        if len(buf) < end + 4 + n and not final:
            return False
        if status >= 200:
            replies.append(Reply(status, headers, buf[end + 4:end + 4 + n]))
        buf = buf[end + 4 + n:]
        return True

    while len(replies) < count:
        if parse(False):
            continue
        left = deadline - time.monotonic()
        chunk = b""
        if left > 0:
            sock.settimeout(left)
            try:
                chunk = sock.recv(65536)
            except (socket.timeout, ConnectionResetError):
                chunk = b""
        if not chunk:
            while len(replies) < count and parse(True):
                pass
            break
        buf += chunk
    return replies


def exchange(srv, data: bytes, count: int = 1, timeout: float = 5.0) -> list[Reply]:
    with socket.create_connection(("127.0.0.1", srv.port), timeout=timeout) as s:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered (431, 413) and closed before reading it all
        return read_replies(s, count, timeout)


def one(srv, data: bytes, timeout: float = 5.0) -> Reply | None:
    replies = exchange(srv, data, 1, timeout)
    return replies[0] if replies else None


def assert_client_error(reply: Reply | None, *, allow_close: bool = False) -> None:
    if reply is None:
        assert allow_close, "the server closed the connection without an answer"
        return
    assert 400 <= reply.status < 500, reply


def closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closes sock (reading and dropping anything it sends), or
    None if it is still open after `seconds`."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
    except socket.timeout:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - start


def assert_healthy(srv) -> None:
    reply = one(srv, request_bytes("GET", "/health", auth=False))
    assert reply is not None and reply.status == 200, f"/health: {reply}\n{srv.log_tail()}"
    assert srv.proc.poll() is None, srv.log_tail()


# -- a server of its own, with short timeouts ----------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    from conftest import Server
    base = tmp_path_factory.mktemp("hostile")
    srv = Server(base / "data", base / "server.log",
                 ("--header-timeout", str(HEADER_TIMEOUT), "--body-timeout", str(BODY_TIMEOUT))).start()
    yield srv
    rc = srv.stop()
    assert rc == 0, srv.log_tail()
    assert "panicked" not in srv.log_path.read_text(errors="replace")


@pytest.fixture(scope="module")
def setup(hostile):
    """An instance with one user: real ids for requests to refer to."""
    client = hostile.client(validate=False)
    inst = new_instance(client)
    user = create_user(client, inst)
    return client, inst, user


# -- framing -----------------------------------------------------------------------------------

def test_headers_past_64_kib_are_431(hostile):
    reply = one(hostile, request_bytes("GET", "/instance", headers=b"X-Big: " + b"a" * 70000 + b"\r\n"))
    assert reply is not None and reply.status == 431, reply
    assert_healthy(hostile)


def test_too_many_headers_are_431(hostile):
    many = b"".join(b"X-H%d: v\r\n" % i for i in range(300))
    reply = one(hostile, request_bytes("GET", "/instance", headers=many))
    assert reply is not None and reply.status == 431, reply


def test_headers_just_under_the_bound_are_fine(hostile):
    reply = one(hostile, request_bytes("GET", "/instance", headers=b"X-Big: " + b"a" * 60000 + b"\r\n"))
    assert reply is not None and reply.status == 200, reply


def test_long_uri_is_a_client_error(hostile):
    reply = one(hostile, request_bytes("GET", "/instance/" + "a" * 70000))
    assert_client_error(reply, allow_close=True)


def test_chunked_body_past_one_mib_is_413(hostile, setup):
    _, inst, _ = setup
    chunk = b" " * 65536
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17)) + b"0\r\n\r\n"
    data = request_bytes("PUT", f"/users/{inst.id}", headers=b"Transfer-Encoding: chunked\r\n") + body
    reply = one(hostile, data)
    assert reply is not None and reply.status == 413, reply
    assert reply.error_type == "RequestEntityTooLargeException", reply


def test_chunked_body_under_the_bound_works(hostile, setup):
    client, inst, _ = setup
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    raw = json.dumps(body).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(raw[i:i + 7]), raw[i:i + 7]) for i in range(0, len(raw), 7))
    data = request_bytes("PUT", f"/users/{inst.id}", headers=b"Transfer-Encoding: chunked\r\n") + chunked + b"0\r\n\r\n"
    reply = one(hostile, data)
    assert reply is not None and reply.status == 200, reply
    assert reply.json()["UserId"]


@pytest.mark.parametrize("framing", [
    b"Content-Length: 1180591620717411303424\r\n",   # 2^70
    b"Content-Length: 99999999999999999999999999999\r\n",
    b"Content-Length: -1\r\n",
    b"Content-Length: 12abc\r\n",
    b"Content-Length: 2\r\nContent-Length: 3\r\n",
    b"Transfer-Encoding: chunked\r\nContent-Length: 2\r\n",
    b"Transfer-Encoding: gzip\r\n",
    b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n",
    b"Transfer-Encoding: chunked\r\n\r\nffffffffffffffffffffff\r\n{}\r\n0\r\n",
])
def test_broken_framing(hostile, setup, framing):
    _, inst, _ = setup
    reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", headers=framing) + b"{}", timeout=BODY_TIMEOUT + 3)
    assert_client_error(reply, allow_close=True)
    assert_healthy(hostile)


def test_absurd_content_length_is_refused_before_the_body(hostile, setup):
    _, inst, _ = setup
    start = time.monotonic()
    reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", headers=b"Content-Length: 1000000000000\r\n") + b"{}")
    assert reply is not None and reply.status == 413, reply
    assert time.monotonic() - start < 1.5


def test_expect_100_continue_with_a_large_body_is_413(hostile, setup):
    _, inst, _ = setup
    data = request_bytes("PUT", f"/users/{inst.id}", headers=b"Expect: 100-continue\r\nContent-Length: 5000000\r\n")
    reply = one(hostile, data)
    assert reply is not None and reply.status == 413, reply


def test_pipelined_requests_are_answered_in_order(hostile, setup):
    client, inst, user = setup
    data = (request_bytes("GET", f"/users/{inst.id}/{user['UserId']}")
            + request_bytes("GET", "/no/such/route")
            + request_bytes("GET", f"/users-summary/{inst.id}?maxResults=lots")
            + request_bytes("GET", "/health", auth=False))
    replies = exchange(hostile, data, 4)
    assert [r.status for r in replies] == [200, 404, 400, 200], replies
    assert replies[0].json()["User"]["Id"] == user["UserId"]


def test_http_1_0(hostile, setup):
    _, inst, _ = setup
    data = f"GET /instance/{inst.id} HTTP/1.0\r\n".encode() + auth_header() + b"\r\n"
    reply = one(hostile, data)
    assert reply is not None and reply.status == 200, reply
    assert reply.json()["Instance"]["Id"] == inst.id


def test_http_0_9_and_garbage_request_lines(hostile):
    for data in [b"GET /health\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(range(256)),
                 b"GET / HTTP/9.9\r\n\r\n", b"\r\n\r\n\r\n", b"GET /\x00 HTTP/1.1\r\n\r\n",
                 b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"]:
        assert_client_error(one(hostile, data, timeout=HEADER_TIMEOUT + 3), allow_close=True)
    assert_healthy(hostile)


@pytest.mark.parametrize("method", [b"PATCH", b"OPTIONS", b"TRACE", b"HEAD", b"FOO", b"get", b"G\x01T",
                                    b"GETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGETGET", b"CONNECT"])
def test_odd_methods(hostile, setup, method):
    _, inst, _ = setup
    reply = one(hostile, request_bytes(method, f"/instance/{inst.id}"), timeout=HEADER_TIMEOUT + 3)
    assert_client_error(reply, allow_close=True)


# -- bad bytes and encodings ---------------------------------------------------------------------

def test_invalid_utf8_everywhere(hostile, setup):
    _, inst, user = setup
    cases = [
        request_bytes("PUT", f"/users/{inst.id}", b'{"Username": "\xff\xfe\xc0\xaf"}'),
        request_bytes("GET", f"/instance/{inst.id}\xff".encode("latin-1")),
        request_bytes("GET", f"/users-summary/{inst.id}?nextToken=\xff\xfe".encode("latin-1")),
        request_bytes("GET", f"/users-summary/{inst.id}?nextToken=%FF%FE&maxResults=%C0%B1"),
        request_bytes("GET", f"/instance/{inst.id}", auth=False,
                      headers=b"Authorization: AWS4-HMAC-SHA256 Credential=\xff/20260101/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=0\r\n"),
        request_bytes("POST", f"/users/{inst.id}/{user['UserId']}/identity-info",
                      b'{"IdentityInfo": {"FirstName": "\xed\xa0\x80"}}'),
    ]
    for data in cases:
        assert_client_error(one(hostile, data), allow_close=True)
    # a header nobody reads may hold any bytes
    reply = one(hostile, request_bytes("GET", f"/instance/{inst.id}", headers=b"X-Amz-Target: \xff\xfe\r\n"))
    assert reply is not None and reply.status == 200, reply
    assert_healthy(hostile)


def test_non_utf8_authorization_is_403(hostile, setup):
    _, inst, _ = setup
    data = request_bytes("GET", f"/instance/{inst.id}", auth=False, headers=b"Authorization: AWS4-HMAC-SHA256 \xff\r\n")
    reply = one(hostile, data)
    assert reply is not None and reply.status == 403, reply


@pytest.mark.parametrize("label", [
    "%2F", "a%2Fb", "%2F..%2F..%2Fusers", "..", ".", "%2E%2E", "%00", "a%00b", "%C0%AF", "%C0%80",
    "%E0%80%AF", "%252F", "%25", "%", "%zz", "%F0%9F%98%80", "%ED%A0%80", "%FF", "a" * 5000,
    "%20", "+", "~", ";x=y", "%3Fq%3D1", "%23frag",
])
def test_percent_encoding_tricks_in_a_label(hostile, setup, label):
    client, inst, user = setup
    for path in (f"/instance/{label}", f"/users/{inst.id}/{label}", f"/users/{label}/{user['UserId']}",
                 f"/tags/{label}", f"/users/{inst.id}/{label}/phone-config"):
        method = "POST" if path.endswith("phone-config") else "GET"
        body = b'{"PhoneConfig": {"PhoneType": "SOFT_PHONE"}}' if method == "POST" else b""
        reply = one(hostile, request_bytes(method, path, body))
        assert_client_error(reply, allow_close=True)
    # nothing happened to the real user
    assert client.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"]["Id"] == user["UserId"]


def test_dot_segments_are_not_resolved(hostile, setup):
    """`..` is a label like any other: it does not climb to another resource."""
    _, inst, user = setup
    reply = one(hostile, request_bytes("GET", f"/users/{inst.id}/x/../{user['UserId']}"))
    assert_client_error(reply)
    reply = one(hostile, request_bytes("GET", f"/users/{inst.id}/%2E%2E"))
    assert_client_error(reply)


# -- JSON ------------------------------------------------------------------------------------------

def test_deep_nesting_is_a_clear_serialization_error(hostile, setup):
    _, inst, _ = setup
    for depth in (65, 1000, 200000):
        body = b'{"Username": "x", "Tags": ' + b"[" * depth + b"]" * depth + b"}"
        reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", body))
        assert reply is not None and reply.status == 400, reply
        assert reply.error_type == "SerializationException", reply
        assert "deeper than 64 levels" in reply.json()["Message"], reply


def test_nesting_within_the_bound_is_read(hostile, setup):
    client, inst, _ = setup
    # SearchUsers criteria nested 20 conditions deep (41 JSON levels): read and evaluated
    crit: dict = {"StringCondition": {"FieldName": "Username", "Value": "u", "ComparisonType": "STARTS_WITH"}}
    for _ in range(20):
        crit = {"OrConditions": [crit]}
    body = json.dumps({"InstanceId": inst.id, "SearchCriteria": crit}).encode()
    reply = one(hostile, request_bytes("POST", "/search-users", body))
    assert reply is not None and reply.status < 500, reply


NASTY_NUMBERS = ["1e400", "-1e400", "18446744073709551616", "-9223372036854775809", "2147483648",
                 "1.5", "-0", "-0.0", "0e0", "1E2", "00", "01", "NaN", "Infinity", "-Infinity",
                 '"NaN"', '"1e400"', "1" * 5000, "0." + "0" * 5000 + "1"]


@pytest.mark.parametrize("number", NASTY_NUMBERS)
def test_huge_and_odd_numbers(hostile, setup, number):
    client, inst, _ = setup
    before = len(list_users(client, inst.id))
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    body["PhoneConfig"]["AfterContactWorkTimeLimit"] = "__N__"
    raw = json.dumps(body).replace('"__N__"', number).encode()
    reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", raw))
    # none is an integer in range (serde_json, like JavaScript, reads -0 as the float -0.0)
    assert reply is not None and reply.status == 400, reply
    assert reply.error_type in ("SerializationException", "InvalidParameterException"), reply
    search = json.dumps({"InstanceId": inst.id, "MaxResults": "__N__"}).replace('"__N__"', number).encode()
    reply = one(hostile, request_bytes("POST", "/search-users", search))
    assert reply is not None and 400 <= reply.status < 500, reply
    reply = one(hostile, request_bytes("GET", f"/users-summary/{inst.id}?maxResults={urllib.parse.quote(number)}"))
    assert reply is not None and reply.status < 500, reply
    assert len(list_users(client, inst.id)) == before


def test_duplicate_keys_take_one_value(hostile, setup):
    client, inst, _ = setup
    body = {k: v for k, v in user_request(inst).items() if k not in ("InstanceId", "Username")}
    raw = json.dumps(body)[:-1] + ', "Username": "dupfirst", "Username": "dupsecond"}'
    reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", raw.encode()))
    assert reply is not None and reply.status == 200, reply
    user = client.describe_user(InstanceId=inst.id, UserId=reply.json()["UserId"])["User"]
    assert user["Username"] in ("dupfirst", "dupsecond")
    names = [u["Username"] for u in list_users(client, inst.id)]
    assert names.count("dupfirst") + names.count("dupsecond") == 1


@pytest.mark.parametrize("value", ['"\\u0000"', '"\\ud800"', '"\\udfff\\ud800"', '"' + "\u00e9" * 10000 + '"',
                                   '"a\\u0000b"', '{"$ref": "#"}', "[[[]]]", "true", "null", '""'])
def test_odd_strings_in_names(hostile, setup, value):
    _, inst, _ = setup
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    body["IdentityInfo"]["FirstName"] = "__V__"
    body["Username"] = "__U__"
    raw = json.dumps(body).replace('"__V__"', value).replace('"__U__"', value).encode()
    reply = one(hostile, request_bytes("PUT", f"/users/{inst.id}", raw))
    assert reply is not None and reply.status < 500, reply


def test_nul_in_references_names_nothing(hostile, setup):
    """A NUL in an id inside a body is a reference to nothing (400), on both stores
    (PostgreSQL's text cannot hold NUL: this was a 500 there, found by the mutation loop)."""
    client, inst, user = setup
    uid = user["UserId"]
    cases = [
        ("POST", f"/users/{inst.id}/{uid}/security-profiles", {"SecurityProfileIds": ["\u0000"]}),
        ("POST", f"/users/{inst.id}/{uid}/security-profiles", {"SecurityProfileIds": [inst.security_profile_id() + "\u0000"]}),
        ("POST", f"/users/{inst.id}/{uid}/routing-profile", {"RoutingProfileId": "\u0000"}),
        ("POST", f"/users/{inst.id}/{uid}/hierarchy", {"HierarchyGroupId": "g\u0000"}),
        ("PUT", f"/users/{inst.id}", dict({k: v for k, v in user_request(inst).items() if k != "InstanceId"},
                                          RoutingProfileId=inst.routing_profile_id + "\u0000")),
    ]
    before = client.describe_user(InstanceId=inst.id, UserId=uid)["User"]
    for method, path, body in cases:
        reply = one(hostile, request_bytes(method, path, json.dumps(body).encode()))
        assert reply is not None and 400 <= reply.status < 500, (path, body, reply)
    assert client.describe_user(InstanceId=inst.id, UserId=uid)["User"] == before


# -- slow clients ----------------------------------------------------------------------------------

def test_incomplete_headers_are_dropped_after_the_header_timeout(hostile):
    with socket.create_connection(("127.0.0.1", hostile.port)) as s:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        took = closed_within(s, HEADER_TIMEOUT + 5)
    assert took is not None and took < HEADER_TIMEOUT + 2, took
    assert_healthy(hostile)


def test_a_header_trickle_does_not_extend_the_timeout(hostile):
    with socket.create_connection(("127.0.0.1", hostile.port)) as s:
        s.sendall(b"GET /health HTTP/1.1\r\n")
        start = time.monotonic()
        closed = False
        while time.monotonic() - start < HEADER_TIMEOUT + 5:
            try:
                s.sendall(b"X: y\r\n")
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            s.settimeout(0.3)
            try:
                if s.recv(1024) == b"":
                    closed = True
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed = True
                break
    assert closed and time.monotonic() - start < HEADER_TIMEOUT + 2


def test_idle_keep_alive_connections_are_closed(hostile):
    with socket.create_connection(("127.0.0.1", hostile.port)) as s:
        s.sendall(request_bytes("GET", "/health", auth=False))
        assert read_replies(s)[0].status == 200
        took = closed_within(s, HEADER_TIMEOUT + 5)
    assert took is not None and took < HEADER_TIMEOUT + 2, took


def test_a_slow_body_is_408(hostile, setup):
    _, inst, _ = setup
    with socket.create_connection(("127.0.0.1", hostile.port)) as s:
        s.sendall(request_bytes("PUT", f"/users/{inst.id}", headers=b"Content-Length: 100\r\n") + b'{"Usern')
        start = time.monotonic()
        replies = read_replies(s, 1, BODY_TIMEOUT + 5)
        assert replies and replies[0].status == 408, replies
        assert replies[0].error_type == "RequestTimeoutException"
        assert time.monotonic() - start < BODY_TIMEOUT + 2
        assert replies[0].headers.get("connection") == "close"
        assert closed_within(s, 3) is not None


def test_sigterm_with_connections_open_stops_within_the_grace(spawn_server):
    srv = spawn_server(args=("--header-timeout", "60", "--body-timeout", "60"))
    idle = socket.create_connection(("127.0.0.1", srv.port))
    half = socket.create_connection(("127.0.0.1", srv.port))
    half.sendall(b"GET /hea")
    body = socket.create_connection(("127.0.0.1", srv.port))
    body.sendall(request_bytes("PUT", "/instance", headers=b"Content-Length: 10\r\n") + b"{")
    time.sleep(0.3)
    start = time.monotonic()
    assert srv.stop(timeout=10) == 0, srv.log_tail()
    assert time.monotonic() - start < 7
    for s in (idle, half, body):
        s.close()


def test_connection_cap(spawn_server):
    srv = spawn_server(args=("--max-connections", "2", "--header-timeout", "2"))
    holders = [socket.create_connection(("127.0.0.1", srv.port)) for _ in range(2)]
    time.sleep(0.2)
    start = time.monotonic()
    # a third connection waits until a slot frees (the holders time out after 2 s)
    reply = one(srv, request_bytes("GET", "/health", auth=False), timeout=10)
    waited = time.monotonic() - start
    assert reply is not None and reply.status == 200, reply
    assert 1.0 < waited < 6, waited
    for s in holders:
        s.close()


# -- seeded random mutations -----------------------------------------------------------------------

NASTY_VALUES = NASTY_NUMBERS + [
    "null", "true", "[]", "{}", '""', '"' + "x" * 70000 + '"', '"\\u0000"', '"\\ud800"',
    '"%2F..%2F"', '"arn:aws:connect:us-east-1:123456789012:instance/x/agent/y"', "[" * 70 + "]" * 70,
    '[null, 1, "a", {}, []]', '{"a": {"b": {"c": 1}}}', '"\u00e9\u00e8\U0001F600"', "-", "1e", "[1,]", '{"a"}',
]
NASTY_LABELS = ["%2F", "%00", "..", "%C0%AF", "%252F", "%FF", "", "a" * 300, "%E2%80%AE", "x%20y", "*",
                "00000000-0000-4000-8000-000000000000", "arn%3Aaws%3Aconnect%3A%3A%3A"]
NASTY_QUERY = ["maxResults=0", "maxResults=-1", "maxResults=1e400", "maxResults=99999999999999999999",
               "nextToken=%FF", "nextToken=" + "A" * 3000, "tagKeys=", "tagKeys=%00&tagKeys=%00",
               "&&&", "=", "a=b=c", "%zz=%zz"]
NASTY_HEADERS = [b"Content-Type: text/plain\r\n", b"Content-Type: \xff\r\n", b"X-Amz-Date: yesterday\r\n",
                 b"Content-Encoding: gzip\r\n", b"Connection: close\r\n", b"Connection: upgrade\r\nUpgrade: h2c\r\n",
                 b"Expect: 100-continue\r\n", b"Host: \r\n", b"X-\xff: \xfe\r\n", b"Authorization: AWS4-HMAC-SHA256 \r\n",
                 b"Transfer-Encoding: identity\r\n"]


def base_requests(inst, user) -> list[tuple[str, str, dict | None]]:
    """Valid requests with real ids (method, target, body)."""
    uid = user["UserId"]
    arn = urllib.parse.quote(user["UserArn"], safe="")
    req = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    req["Password"] = "short"  # so that mutated creates rarely pay for a password hash
    return [
        ("PUT", f"/users/{inst.id}", req),
        ("GET", f"/users/{inst.id}/{uid}", None),
        ("GET", f"/users-summary/{inst.id}?maxResults=5", None),
        ("POST", f"/users/{inst.id}/{uid}/phone-config",
         {"PhoneConfig": {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550123", "AutoAccept": True,
                          "AfterContactWorkTimeLimit": 30}}),
        ("POST", f"/users/{inst.id}/{uid}/identity-info",
         {"IdentityInfo": {"FirstName": "Ann", "LastName": "Lee", "Email": "ann@example.com"}}),
        ("POST", f"/users/{inst.id}/{uid}/security-profiles",
         {"SecurityProfileIds": [inst.security_profile_id("Agent")]}),
        ("POST", "/search-users",
         {"InstanceId": inst.id, "MaxResults": 10, "SearchCriteria": {"OrConditions": [
             {"StringCondition": {"FieldName": "Username", "Value": "u", "ComparisonType": "STARTS_WITH"}},
             {"HierarchyGroupCondition": {"Value": "x", "HierarchyGroupMatchType": "EXACT"}}]},
          "SearchFilter": {"TagFilter": {"OrConditions": [[{"TagKey": "k", "TagValue": "v"}]]}}}),
        ("POST", f"/tags/{arn}", {"tags": {"team": "blue"}}),
        ("GET", f"/tags/{arn}", None),
        ("DELETE", f"/tags/{arn}?tagKeys=team", None),
        ("GET", f"/instance/{inst.id}", None),
        ("GET", "/instance?maxResults=3", None),
        ("PUT", f"/hours-of-operations/{inst.id}",
         {"Name": "h", "TimeZone": "Europe/Paris", "Config": [
             {"Day": "MONDAY", "StartTime": {"Hours": 9, "Minutes": 0}, "EndTime": {"Hours": 17, "Minutes": 0}}]}),
        ("POST", f"/user-hierarchy-structure/{inst.id}",
         {"HierarchyStructure": {"LevelOne": {"Name": "L1"}}}),
        ("PUT", f"/user-hierarchy-groups/{inst.id}", {"Name": "g"}),
        ("POST", f"/search-queues",
         {"InstanceId": inst.id, "SearchCriteria": {"AndConditions": [
             {"StringCondition": {"FieldName": "name", "Value": "B", "ComparisonType": "CONTAINS"}}]}}),
    ]


def json_paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from json_paths(v, prefix + (i,))


def replace_at(value, path, new):
    if not path:
        return new
    value = json.loads(json.dumps(value))
    cur = value
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = new
    return value


def mutate(rng: random.Random, method: str, target: str, body: dict | None) -> bytes:
    """One mutated request: a few mutations of the JSON, the path, the query, the headers,
    or the raw bytes; Content-Length stays right unless a mutation is about framing."""
    path, _, query = target.partition("?")
    raw_body = json.dumps(body).encode() if body is not None else b""
    headers = b""
    length = True
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(10)
        if kind <= 2 and body is not None:  # a JSON value replaced by something nasty
            paths = list(json_paths(body))
            at = rng.choice(paths)
            body = replace_at(body, at, "__NASTY__")
            raw_body = json.dumps(body).replace('"__NASTY__"', rng.choice(NASTY_VALUES)).encode()
        elif kind == 3 and body is not None:  # a key duplicated, renamed or dropped
            text = raw_body.decode("utf-8", "replace")
            keys = re.findall(r'"([A-Za-z]+)":', text)
            if keys:
                k = rng.choice(keys)
                op = rng.randrange(3)
                if op == 0:
                    text = text.replace(f'"{k}":', f'"{k}": null, "{k}":', 1)
                elif op == 1:
                    text = text.replace(f'"{k}":', f'"{k.lower()}":', 1)
                else:
                    text = re.sub(rf'"{k}":\s*("[^"]*"|[-\d.eE]+|true|false|null)\s*,?', "", text, count=1)
                raw_body = text.encode()
        elif kind == 4:  # a path segment replaced
            segments = path.split("/")
            i = rng.randrange(1, len(segments)) if len(segments) > 1 else 0
            segments[i] = rng.choice(NASTY_LABELS)
            path = "/".join(segments)
        elif kind == 5:  # query
            query = "&".join(q for q in [query, rng.choice(NASTY_QUERY)] if q)
        elif kind == 6:  # headers
            headers += rng.choice(NASTY_HEADERS)
        elif kind == 7:  # raw bytes of the body flipped, inserted or cut
            b = bytearray(raw_body or b"{}")
            for _ in range(rng.randint(1, 8)):
                op = rng.randrange(3)
                i = rng.randrange(len(b) + 1)
                if op == 0 and i < len(b):
                    b[i] = rng.randrange(256)
                elif op == 1:
                    b[i:i] = bytes([rng.randrange(256)])
                elif i < len(b):
                    del b[i:i + rng.randint(1, 16)]
            raw_body = bytes(b)
        elif kind == 8:  # the method
            method = rng.choice(["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "XYZ"])
        else:  # raw bytes of the path
            b = bytearray(path.encode())
            i = rng.randrange(len(b))
            b[i] = rng.choice(b"%/.?#\\~+ \t\x00\x7f\x80\xff")
            path = b.decode("latin-1")
    if rng.random() < 0.02:  # framing: a lie about the length, or chunked
        if rng.random() < 0.5:
            headers += b"Content-Length: %d\r\n" % max(0, len(raw_body) + rng.choice([-5, -1, 1, 5]))
        else:
            headers += b"Transfer-Encoding: chunked\r\n"
            raw_body = b"%x\r\n%s\r\n0\r\n\r\n" % (len(raw_body), raw_body)
        length = False
    target_bytes = (path + ("?" + query if query else "")).encode("latin-1", "replace")
    data = request_bytes(method, target_bytes, b"", headers=headers)
    if length and raw_body:
        data = data[:-2] + b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(raw_body)
    return data + raw_body


def test_seeded_random_mutations(hostile, setup):
    client, _, _ = setup
    # an instance of its own: mutations may well delete it (DELETE /instance/{id} is valid);
    # the other instance and its user must come through untouched
    inst = new_instance(client)
    user = create_user(client, inst)
    _, sentinel_inst, sentinel = setup
    sentinel_before = client.describe_user(InstanceId=sentinel_inst.id, UserId=sentinel["UserId"])["User"]
    rng = random.Random(SEED)
    bases = base_requests(inst, user)
    counts: dict[int | None, int] = {}
    failures: list[str] = []
    lock = threading.Lock()
    work = list(range(MUTATIONS))

    def run(n: int) -> None:
        r = random.Random(f"{SEED}-{n}")
        method, target, body = r.choice(bases)
        data = mutate(r, method, target, body)
        try:
            reply = one(hostile, data, timeout=BODY_TIMEOUT + 3)
        except OSError as e:
            reply = None
            if hostile.proc.poll() is not None:
                raise AssertionError(f"server died on mutation {n}: {e}\n{hostile.log_tail()}")
        with lock:
            status = reply.status if reply else None
            counts[status] = counts.get(status, 0) + 1
            if reply is not None and reply.status >= 500 and not (
                    reply.status == 501 and reply.error_type == "NotImplementedException"):
                failures.append(f"mutation {n}: {reply!r}\nrequest: {data[:600]!r}")

    def worker() -> None:
        while True:
            with lock:
                if not work:
                    return
                n = work.pop()
            run(n)

    rng.shuffle(work)
    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, f"{len(failures)} 5xx answers:\n" + "\n".join(failures[:5])
    assert_healthy(hostile)
    assert client.describe_user(InstanceId=sentinel_inst.id, UserId=sentinel["UserId"])["User"] == sentinel_before
    print("statuses:", dict(sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))))
    assert sum(v for k, v in counts.items() if k is not None and 200 <= k < 300) > 0, counts
    assert sum(v for k, v in counts.items() if k is not None and 400 <= k < 500) > MUTATIONS // 4, counts
