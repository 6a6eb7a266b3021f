"""Only modelled errors, errors that carry their members, and messages every SDK shows.

* Every operation switchboard implements answers only with an error of its own modelled list
  (``operations.<Op>.errors`` in the model) or one every AWS service can return (COMMON).
  aws-sdk-rust hands any other error to the program as ``Unhandled``. The cases are generated
  from the model, so an operation implemented later is covered with no edit here: every
  operation that does not answer 501 gets requests that break each kind of constraint its
  input has (missing required members, too long and too short strings and lists, bad enum
  values, strings against their pattern, out-of-range numbers, a bad NextToken, an unknown
  instance, unknown ids in the URI and unknown references in the body). Each of them must
  fail, with a modelled error. Hand-written cases add the conflicts: duplicate names,
  deletes of resources in use, quotas (``--quotas``).
* ResourceInUseException carries ResourceType and ResourceId (the ARN of the resource in use).
* Every error body carries its text under both ``Message`` (botocore, the SDKs) and
  ``message`` (paws reads only that one in rest-json), including authentication,
  throttling and protocol errors.
"""
from __future__ import annotations

import copy
import json
import re
import time
import uuid
from typing import Any, Callable, Iterator

import botocore
import pytest
from botocore.exceptions import ClientError

from conftest import (ACCOUNT, REGION, REPO, create_group, create_hours, create_queue,
                      create_routing_profile, create_security_profile, create_user,
                      new_instance, random_account, unique_alias, user_request,
                      write_credentials)

MODEL = json.loads((REPO / "model" / "connect-2017-08-08.json").read_text())
SHAPES: dict[str, dict] = MODEL["shapes"]
OPERATIONS: dict[str, dict] = MODEL["operations"]

# What any AWS operation may answer whatever its list says (crates/server/src/error.rs).
COMMON = {
    "MissingAuthenticationTokenException", "IncompleteSignatureException",
    "UnrecognizedClientException", "InvalidSignatureException", "AccessDeniedException",
    "ThrottlingException", "SerializationException", "InternalServiceException",
    "NotImplementedException", "UnknownOperationException", "RequestEntityTooLargeException",
    "RequestTimeoutException",
}

MAX_DEPTH = 5  # how deep into nested input shapes constraints are broken


def modelled(op: str) -> set[str]:
    return {e["shape"] for e in OPERATIONS[op].get("errors", [])}


def method_name(op: str) -> str:
    return botocore.xform_name(op)


# -- answers -------------------------------------------------------------------------------------

class Answer:
    """One response: the error code (None for a success), HTTP status and parsed body."""

    def __init__(self, code: str | None, status: int, body: Any):
        self.code, self.status, self.body = code, status, body

    def __repr__(self) -> str:
        return f"<{self.status} {self.code} {json.dumps(self.body)[:300]}>"


class Caller:
    """A boto3 client with validation off that also keeps each raw response body."""

    def __init__(self, server, **client_options):
        self.client = server.client(validate=False, **client_options)
        self._bodies: list[bytes] = []
        self.client.meta.events.register(
            "after-call.connect", lambda http_response, **_: self._bodies.append(http_response.content))

    def __call__(self, op: str, params: dict) -> Answer:
        self._bodies.clear()
        try:
            resp = getattr(self.client, method_name(op))(**params)
        except ClientError as e:
            raw = self._bodies[-1] if self._bodies else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw
            return Answer(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"], body)
        return Answer(None, resp["ResponseMetadata"]["HTTPStatusCode"], resp)


def body_problems(answer: Answer) -> list[str]:
    """What is wrong with an error body: the message must be under Message and message."""
    body = answer.body
    if not isinstance(body, dict):
        return [f"the error body is not a JSON object: {body!r}"]
    out = []
    if not body.get("Message"):
        out.append("no Message")
    if body.get("message") != body.get("Message"):
        out.append(f"message {body.get('message')!r} differs from Message {body.get('Message')!r}")
    return out


def assert_error_body(answer: Answer) -> None:
    assert not body_problems(answer), f"{answer}: {body_problems(answer)}"


# -- values from the model -----------------------------------------------------------------------

def python_pattern(source: str) -> re.Pattern | None:
    """A model pattern as the service applies it (see crates/model/src/shape.rs), or None
    when Python's re cannot read it (\\p{L} and the like)."""
    text = source
    if len(text) > 2 and text.startswith("/") and text.endswith("/"):
        text = text[1:-1]
    text = text.replace("\\\\", "\\")
    try:
        return re.compile(text)
    except re.error:
        return None


def string_fits(shape: dict, value: str) -> bool:
    if len(value) < shape.get("min", 0) or len(value) > shape.get("max", 1 << 30):
        return False
    pattern = shape.get("pattern")
    if pattern is None:
        return True
    compiled = python_pattern(pattern)
    return compiled is None or compiled.search(value) is not None


class Fixture:
    """An instance with one of each resource; valid values for reference members."""

    def __init__(self, client):
        inst = new_instance(client)
        self.instance = inst
        hours = create_hours(client, inst)
        queue = create_queue(client, inst, hours)
        routing = create_routing_profile(client, inst, queue)
        profile = create_security_profile(client, inst)
        group = create_group(client, inst)["HierarchyGroupId"]
        user = create_user(client, inst, SecurityProfileIds=[profile], RoutingProfileId=routing,
                           HierarchyGroupId=group)
        self.user_arn = user["UserArn"]
        self.refs: dict[str, str] = {
            "InstanceId": inst.id,
            "UserId": user["UserId"],
            "QueueId": queue,
            "DefaultOutboundQueueId": queue,
            "HoursOfOperationId": hours,
            "RoutingProfileId": routing,
            "SecurityProfileId": profile,
            "SecurityProfileIds": profile,
            "HierarchyGroupId": group,
            "ParentGroupId": group,
        }

    def unknown(self, name: str) -> str:
        if name.lower() == "resourcearn":
            return f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/{uuid.uuid4()}"
        return str(uuid.uuid4())

    def known(self, name: str) -> str | None:
        if name.lower() == "resourcearn":
            return self.user_arn
        return self.refs.get(name)

    def value(self, shape_name: str, name: str, depth: int = 0) -> Any:
        """A valid value of a shape (required members only), for member `name`."""
        shape = SHAPES[shape_name]
        kind = shape["type"]
        if kind == "structure":
            members = shape["members"]
            if shape.get("union"):
                first = next(iter(members))
                return {first: self.value(members[first]["shape"], first, depth + 1)}
            return {m: self.value(members[m]["shape"], m, depth + 1)
                    for m in shape.get("required", []) if depth < 2 * MAX_DEPTH}
        if kind == "list":
            n = max(shape.get("min", 1), 1)
            return [self.value(shape["member"]["shape"], name, depth + 1)] * n
        if kind == "map":
            n = shape.get("min", 0)
            return {f"{self.value(shape['key']['shape'], 'key', depth + 1)}{i}":
                    self.value(shape["value"]["shape"], "value", depth + 1) for i in range(n)}
        if kind == "string":
            if self.known(name):
                return self.known(name)
            if "enum" in shape:
                return shape["enum"][0]
            for candidate in (f"sb{uuid.uuid4().hex[:8]}", "d-0123456789", "+14155550100",
                              "Sw1tchb0ard-Pw-Q7x", "a"):
                if string_fits(shape, candidate):
                    return candidate
            return "a" * shape.get("min", 1)
        if kind in ("integer", "long"):
            return int(shape.get("min", 0)) if "min" in shape else min(1, int(shape.get("max", 1)))
        if kind in ("double", "float"):
            return float(shape.get("min", 0))
        if kind == "boolean":
            return False
        if kind == "timestamp":
            return int(time.time())
        if kind == "blob":
            return b"x"
        raise AssertionError(f"unknown shape type {kind}")

    def request(self, op: str, labels: Callable[[str], str] | None = None) -> dict:
        """A request with every required member; URI labels from `labels` (default: the
        fixture's resources)."""
        shape_name = OPERATIONS[op].get("input", {}).get("shape")
        if not shape_name:
            return {}
        shape = SHAPES[shape_name]
        req = self.value(shape_name, op)
        for m, spec in shape["members"].items():
            if spec.get("location") == "uri":
                req[m] = labels(m) if labels else (self.known(m) or self.value(spec["shape"], m))
        return req


# -- breaking constraints ------------------------------------------------------------------------

def broken_strings(shape: dict, name: str, in_uri: bool) -> Iterator[tuple[str, str]]:
    if name == "NextToken":
        yield "a NextToken switchboard never gave", "bm90LWEtdG9rZW4"
    if "max" in shape:
        yield f"longer than {shape['max']}", "a" * (int(shape["max"]) + 1)
    if shape.get("min", 0) > 0 and not in_uri:
        yield f"shorter than {shape['min']}", "a" * (int(shape["min"]) - 1)
    if "enum" in shape:
        yield "not one of the enum", "NOT_AN_ENUM_VALUE"
    elif "pattern" in shape and python_pattern(shape["pattern"]) is not None:
        for candidate in ("!!!", "a b c", " ", "\t"):
            if len(candidate) >= shape.get("min", 0) and len(candidate) <= shape.get("max", 1 << 30) \
                    and python_pattern(shape["pattern"]).search(candidate) is None:
                yield f"not matching {shape['pattern']}", candidate
                break


class Breaker:
    """Every way to break one constraint of a request, as (what, request, must_fail). All
    must fail but an unknown reference in the body: an operation may ignore one it has no
    use for (DisassociateRoutingProfileQueues ignores pairs that are not associated), but
    if it refuses it, it refuses it with a modelled error."""

    def __init__(self, fixture: Fixture):
        self.f = fixture

    def variants(self, shape_name: str, value: Any, name: str, depth: int,
                 in_uri: bool = False) -> Iterator[tuple[str, Any, bool]]:
        shape = SHAPES[shape_name]
        kind = shape["type"]
        if kind == "structure":
            if value is None:
                value = self.f.value(shape_name, name, depth)
            members = shape["members"]
            if depth > 0:  # top-level labels and required members: see `cases`
                for m in shape.get("required", []):
                    if m in value:
                        yield f"{m} missing", {k: v for k, v in value.items() if k != m}, True
            if depth >= MAX_DEPTH:
                return
            for m, spec in members.items():
                if depth == 0 and spec.get("location") == "uri":
                    continue
                current = value.get(m)
                for what, broken, strict in self.variants(spec["shape"], current, m, depth + 1):
                    yield f"{m}.{what}", ({m: broken} if shape.get("union") else {**value, m: broken}), strict
        elif kind == "list":
            item_shape = shape["member"]["shape"]
            items = value if value else [self.f.value(item_shape, name, depth)]
            if shape.get("min", 0) > 0:
                yield f"fewer than {shape['min']} items", items[: int(shape["min"]) - 1], True
            if "max" in shape and shape["max"] <= 1000:
                yield f"more than {shape['max']} items", [copy.deepcopy(items[0]) for _ in range(int(shape["max"]) + 1)], True
            for what, broken, strict in self.variants(item_shape, items[0], name, depth + 1):
                yield f"[0].{what}", [broken, *items[1:]], strict
        elif kind == "map":
            key_shape, value_shape = shape["key"]["shape"], shape["value"]["shape"]
            entries = dict(value) if value else {"k": self.f.value(value_shape, "value", depth)}
            if "max" in shape and shape["max"] <= 1000:
                yield f"more than {shape['max']} entries", {f"k{i}": next(iter(entries.values())) for i in range(int(shape["max"]) + 1)}, True
            first_key, first_value = next(iter(entries.items()))
            for what, broken in broken_strings(SHAPES[key_shape], "key", False):
                yield f"key {what}", {broken: first_value}, True
            for what, broken, strict in self.variants(value_shape, first_value, "value", depth + 1):
                yield f"value.{what}", {**entries, first_key: broken}, strict
        elif kind == "string":
            for what, broken in broken_strings(shape, name, in_uri):
                yield what, broken, True
            if self.f.known(name) and not in_uri:
                yield f"an unknown {name}", self.f.unknown(name), False
        elif kind in ("integer", "long", "double", "float"):
            if "min" in shape:
                yield f"below {shape['min']}", type(self.f.value(shape_name, name))(shape["min"]) - 1, True
            if "max" in shape:
                yield f"above {shape['max']}", type(self.f.value(shape_name, name))(shape["max"]) + 1, True

    def cases(self, op: str) -> Iterator[tuple[str, dict, bool]]:
        shape_name = OPERATIONS[op].get("input", {}).get("shape")
        if not shape_name:
            return
        shape = SHAPES[shape_name]
        base = self.f.request(op)
        uri = [m for m, spec in shape["members"].items() if spec.get("location") == "uri"]
        for m in shape.get("required", []):
            if m not in uri:
                yield f"{m} missing", {k: v for k, v in base.items() if k != m}, True
        for m in uri:
            spec = shape["members"][m]
            yield f"an unknown {m} in the URI", {**base, m: self.f.unknown(m)}, True
            for what, broken in broken_strings(SHAPES[spec["shape"]], m, True):
                yield f"{m} (URI) {what}", {**base, m: broken}, True
        yield from self.variants(shape_name, base, op, 0)


# -- the generated walk --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def fixture(connect) -> Fixture:
    return Fixture(connect)


def implemented(call: Caller, fixture: Fixture) -> list[str]:
    """The operations that do not answer 501 (switchboard answers 501 for an operation it
    does not implement before it looks at the input)."""
    out = []
    for op in OPERATIONS:
        answer = call(op, fixture.request(op, labels=fixture.unknown))
        if answer.code != "NotImplementedException":
            out.append(op)
    return out


def test_every_operation_answers_only_modelled_errors(server, fixture):
    call = Caller(server)
    ops = implemented(call, fixture)
    assert "CreateUser" in ops and "DescribeInstance" in ops, ops
    problems: dict[str, list[str]] = {}
    count = 0
    for op in ops:
        allowed = modelled(op) | COMMON
        cases = list(Breaker(fixture).cases(op))
        mine = problems.setdefault(op, [] if cases else ["no case breaks its input"])
        for what, request, must_fail in cases:
            count += 1
            answer = call(op, request)
            if answer.code is None:
                if must_fail:
                    mine.append(f"with {what}: succeeded, but must be refused")
            elif answer.code not in allowed:
                mine.append(f"with {what}: {answer.code}, not in its list {sorted(modelled(op))} ({answer})")
            elif answer.status >= 500:
                mine.append(f"with {what}: a server error {answer}")
            elif body_problems(answer):
                mine.append(f"with {what}: {'; '.join(body_problems(answer))}")
    failed = {op: sorted(p, key=lambda text: "not in its list" not in text)
              for op, p in problems.items() if p}
    report = [f"{op}: {len(p)} cases, e.g. {p[0][:400]}" for op, p in failed.items()]
    assert not failed, f"{len(failed)} of {len(ops)} operations, {count} cases:\n" + "\n".join(report)


def test_instance_operations_answer_invalid_request(raw_connect):
    """CreateInstance, DescribeInstance and ListInstances model neither
    InvalidParameterException nor DuplicateResourceException."""
    with pytest.raises(ClientError) as e:
        raw_connect.describe_instance(InstanceId="x" * 101)
    assert e.value.response["Error"]["Code"] == "InvalidRequestException"
    assert e.value.response["Error"]["Message"].startswith("1 validation error detected: ")
    with pytest.raises(ClientError) as e:
        raw_connect.list_instances(NextToken="bm90LWEtdG9rZW4")
    assert e.value.response["Error"]["Code"] == "InvalidRequestException"
    alias = unique_alias()
    raw_connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                InboundCallsEnabled=True, OutboundCallsEnabled=True)
    with pytest.raises(ClientError) as e:
        raw_connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=alias,
                                    InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert (e.value.response["Error"]["Code"], e.value.response["ResponseMetadata"]["HTTPStatusCode"]) == \
        ("InvalidRequestException", 400)
    assert alias in e.value.response["Error"]["Message"]


# -- conflicts -----------------------------------------------------------------------------------

def expect(call: Caller, op: str, params: dict, code: str | None = None) -> Answer:
    """op(params) fails with a modelled error (code, when given) whose body is right."""
    answer = call(op, params)
    assert answer.code is not None, f"{op} succeeded: {answer}"
    assert answer.code in modelled(op) | COMMON, f"{op}: {answer.code} is not modelled ({answer})"
    if code:
        assert answer.code == code, f"{op}: {answer}"
    assert_error_body(answer)
    return answer


def in_use(answer: Answer, resource_type: str, resource_arn: str) -> None:
    assert answer.status == 409, answer
    assert answer.body.get("ResourceType") == resource_type, answer
    assert answer.body.get("ResourceId") == resource_arn, answer


def test_duplicate_names(server, connect):
    call = Caller(server)
    inst = new_instance(connect)
    i = inst.id
    hours = create_hours(connect, inst, name="hours-a")
    create_hours(connect, inst, name="hours-b")
    queue = create_queue(connect, inst, hours, name="queue-a")
    create_queue(connect, inst, hours, name="queue-b")
    routing = create_routing_profile(connect, inst, queue, name="rp-a")
    create_routing_profile(connect, inst, queue, name="rp-b")
    create_security_profile(connect, inst, name="sp-a")
    group = create_group(connect, inst, "group-a")["HierarchyGroupId"]
    create_group(connect, inst, "group-b")
    user = create_user(connect, inst)
    username = connect.describe_user(InstanceId=i, UserId=user["UserId"])["User"]["Username"]
    dup = "DuplicateResourceException"
    for op, params in [
        ("CreateHoursOfOperation", {"Name": "hours-a", "TimeZone": "UTC", "Config": []}),
        ("CreateQueue", {"Name": "queue-a", "HoursOfOperationId": hours}),
        ("CreateRoutingProfile", {"Name": "rp-a", "Description": "d", "DefaultOutboundQueueId": queue,
                                  "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}]}),
        ("CreateSecurityProfile", {"SecurityProfileName": "sp-a"}),
        ("CreateUserHierarchyGroup", {"Name": "group-a"}),
        ("UpdateHoursOfOperation", {"HoursOfOperationId": hours, "Name": "hours-b"}),
        ("UpdateQueueName", {"QueueId": queue, "Name": "queue-b"}),
        ("UpdateRoutingProfileName", {"RoutingProfileId": routing, "Name": "rp-b"}),
        ("UpdateUserHierarchyGroupName", {"HierarchyGroupId": group, "Name": "group-b"}),
    ]:
        expect(call, op, {"InstanceId": i, **params}, dup)
    expect(call, "CreateUser", user_request(inst, Username=username), dup)
    # CreateInstance models no DuplicateResourceException: a taken alias is an invalid request.
    alias = unique_alias()
    create = {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": alias,
              "InboundCallsEnabled": True, "OutboundCallsEnabled": True}
    assert call("CreateInstance", create).code is None
    expect(call, "CreateInstance", create, "InvalidRequestException")


def test_deletes_of_resources_in_use_name_the_resource(server, connect):
    call = Caller(server)
    inst = new_instance(connect)
    i = inst.id
    hours = create_hours(connect, inst)
    queue = create_queue(connect, inst, hours)
    routing = create_routing_profile(connect, inst, queue)
    profile = create_security_profile(connect, inst)
    group = create_group(connect, inst)["HierarchyGroupId"]
    create_user(connect, inst, SecurityProfileIds=[profile], RoutingProfileId=routing, HierarchyGroupId=group)

    queue_arn = connect.describe_queue(InstanceId=i, QueueId=queue)["Queue"]["QueueArn"]
    in_use(expect(call, "DeleteQueue", {"InstanceId": i, "QueueId": queue}, "ResourceInUseException"),
           "QUEUE", queue_arn)
    rp_arn = connect.describe_routing_profile(InstanceId=i, RoutingProfileId=routing)["RoutingProfile"]["RoutingProfileArn"]
    in_use(expect(call, "DeleteRoutingProfile", {"InstanceId": i, "RoutingProfileId": routing}, "ResourceInUseException"),
           "ROUTING_PROFILE", rp_arn)
    sp_arn = connect.describe_security_profile(InstanceId=i, SecurityProfileId=profile)["SecurityProfile"]["Arn"]
    in_use(expect(call, "DeleteSecurityProfile", {"InstanceId": i, "SecurityProfileId": profile}, "ResourceInUseException"),
           "SECURITY_PROFILE", sp_arn)
    group_arn = connect.describe_user_hierarchy_group(InstanceId=i, HierarchyGroupId=group)["HierarchyGroup"]["Arn"]
    in_use(expect(call, "DeleteUserHierarchyGroup", {"InstanceId": i, "HierarchyGroupId": group}, "ResourceInUseException"),
           "HIERARCHY_GROUP", group_arn)
    # DeleteHoursOfOperation models no ResourceInUseException.
    expect(call, "DeleteHoursOfOperation", {"InstanceId": i, "HoursOfOperationId": hours}, "InvalidRequestException")
    # The default routing profile is never deleted.
    expect(call, "DeleteRoutingProfile", {"InstanceId": i, "RoutingProfileId": inst.routing_profile_id},
           "InvalidRequestException")
    # A hierarchy level with groups cannot be removed.
    connect.update_user_hierarchy_structure(InstanceId=i, HierarchyStructure={
        "LevelOne": {"Name": "Region"}, "LevelTwo": {"Name": "Site"}})
    create_group(connect, inst, ParentGroupId=group)
    answer = expect(call, "UpdateUserHierarchyStructure",
                    {"InstanceId": i, "HierarchyStructure": {"LevelOne": {"Name": "Region"}}},
                    "ResourceInUseException")
    level = connect.describe_user_hierarchy_structure(InstanceId=i)["HierarchyStructure"]["LevelTwo"]
    in_use(answer, "HIERARCHY_LEVEL", level["Arn"])


def test_quotas_answer_modelled_errors(spawn_server, tmp_path):
    key, secret = "AKIDQUOTAS", "quotas-secret"
    creds = write_credentials(tmp_path / "credentials", {"k": (key, secret, random_account())})
    quotas = ("aws,instances-per-account=1,users-per-instance=0,security-profiles-per-instance=4,"
              "routing-profiles-per-instance=1,queues-per-instance=1,hours-of-operation-per-instance=1,"
              "hierarchy-groups-per-instance=0,agent-statuses-per-instance=2")
    srv = spawn_server(args=["--credentials", str(creds), "--quotas", quotas])
    call = Caller(srv, access_key=key, secret_key=secret)
    inst = new_instance(call.client)
    i = inst.id
    queue = call.client.list_queues(InstanceId=i)["QueueSummaryList"][0]["Id"]
    hours = call.client.list_hours_of_operations(InstanceId=i)["HoursOfOperationSummaryList"][0]["Id"]
    for op, params in [
        ("CreateInstance", {"IdentityManagementType": "CONNECT_MANAGED", "InstanceAlias": unique_alias(),
                            "InboundCallsEnabled": True, "OutboundCallsEnabled": True}),
        ("CreateUser", user_request(inst)),
        ("CreateSecurityProfile", {"InstanceId": i, "SecurityProfileName": "one-too-many"}),
        ("CreateRoutingProfile", {"InstanceId": i, "Name": "one-too-many", "Description": "d",
                                  "DefaultOutboundQueueId": queue,
                                  "MediaConcurrencies": [{"Channel": "VOICE", "Concurrency": 1}]}),
        ("CreateQueue", {"InstanceId": i, "Name": "one-too-many", "HoursOfOperationId": hours}),
        ("CreateHoursOfOperation", {"InstanceId": i, "Name": "one-too-many", "TimeZone": "UTC", "Config": []}),
        ("CreateUserHierarchyGroup", {"InstanceId": i, "Name": "one-too-many"}),
        ("CreateAgentStatus", {"InstanceId": i, "Name": "one-too-many", "State": "ENABLED"}),
    ]:
        answer = expect(call, op, params)
        assert answer.code in ("LimitExceededException", "ServiceQuotaExceededException"), (op, answer)


# -- messages under both keys --------------------------------------------------------------------

def test_every_error_body_carries_message_and_message(server, spawn_server, tmp_path):
    # Protocol errors before an operation is known, unimplemented operations, bad bodies.
    for response in [
        server.http("GET", "/definitely/not/connect"),
        server.http("GET", "/rules/inst-1"),
        server.http("PUT", "/instance", body="{not json"),
        server.http("PUT", "/instance", body="x" * (2 << 20)),
        server.http("GET", "/instance", auth=None),
        server.http("GET", "/instance", auth=None, headers={"Authorization": "AWS4-HMAC-SHA256 nonsense"}),
    ]:
        assert response.status >= 400, response
        assert response.header("x-amzn-ErrorType"), response
        assert_error_body(Answer(response.header("x-amzn-ErrorType"), response.status, response.json()))
    # Strict authentication: unknown key, wrong secret.
    creds = write_credentials(tmp_path / "credentials", {"k": ("AKIDBOTH", "right", random_account())})
    strict = spawn_server(args=["--credentials", str(creds), "--throttle", "1/1"])
    for key, secret, code in [("AKIDNOBODY", "x", "UnrecognizedClientException"),
                              ("AKIDBOTH", "wrong", "InvalidSignatureException")]:
        answer = Caller(strict, access_key=key, secret_key=secret)("ListInstances", {})
        assert answer.code == code, answer
        assert_error_body(answer)
    # Throttling (a bucket of one).
    call = Caller(strict, access_key="AKIDBOTH", secret_key="right")
    answers = [call("ListInstances", {}) for _ in range(3)]
    throttled = [a for a in answers if a.code == "ThrottlingException"]
    assert throttled, answers
    assert_error_body(throttled[0])
