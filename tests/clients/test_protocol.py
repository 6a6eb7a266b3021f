"""The rest-json wire protocol as the SDKs see it: authentication, request ids, error format,
routing, unimplemented operations, malformed bodies, path decoding, region from the
credential scope."""
import json
import urllib.parse

import pytest

from conftest import (ACCOUNT, create_user, expect_error, list_users, unique_alias,
                      user_request)


def error_code(resp):
    header = resp.header("x-amzn-ErrorType") or ""
    return header.split(":")[0]


def assert_aws_error(resp, status, code):
    assert resp.status == status, resp
    assert error_code(resp) == code, resp
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("Message"), str), resp
    assert resp.header("x-amzn-RequestId"), resp


# -- authentication ----------------------------------------------------------------------------

def test_missing_authorization_header(server):
    resp = server.http("GET", "/instance", auth=None)
    assert_aws_error(resp, 403, "MissingAuthenticationTokenException")


def test_missing_authorization_on_write_creates_nothing(server, connect, instance):
    inst = instance()
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    resp = server.http("PUT", f"/users/{inst.id}", body, auth=None)
    assert_aws_error(resp, 403, "MissingAuthenticationTokenException")
    assert list_users(connect, inst.id) == []


def test_any_signature_is_accepted(server):
    resp = server.http("GET", "/instance", auth="fake")
    assert resp.status == 200, resp
    assert isinstance(resp.json(), dict)


def test_sigv4_signed_raw_request(server, instance):
    inst = instance()
    resp = server.http("GET", f"/instance/{inst.id}")
    assert resp.status == 200, resp
    assert resp.json()["Instance"]["Id"] == inst.id


def test_any_access_key_is_accepted(server):
    other = server.client(access_key="AKIAIOSFODNN7EXAMPLE")
    assert other.list_instances()["ResponseMetadata"]["HTTPStatusCode"] == 200


def test_region_comes_from_credential_scope(server):
    client = server.client(region="eu-west-2")
    resp = client.create_instance(IdentityManagementType="CONNECT_MANAGED",
                                  InstanceAlias=unique_alias(), InboundCallsEnabled=True,
                                  OutboundCallsEnabled=True)
    assert resp["Arn"] == f"arn:aws:connect:eu-west-2:{ACCOUNT}:instance/{resp['Id']}"


# -- request ids and error format --------------------------------------------------------------

def test_request_id_on_success(connect):
    a = connect.list_instances(MaxResults=1)["ResponseMetadata"]
    b = connect.list_instances(MaxResults=1)["ResponseMetadata"]
    assert a["RequestId"] and b["RequestId"]
    assert a["RequestId"] != b["RequestId"]
    assert a["HTTPHeaders"]["x-amzn-requestid"] == a["RequestId"]


def test_request_id_on_error(connect):
    with expect_error("ResourceNotFoundException", 404) as err:
        connect.describe_instance(InstanceId="00000000-0000-4000-8000-000000000000")
    meta = err.value.response["ResponseMetadata"]
    assert meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amzn-errortype"].split(":")[0] == "ResourceNotFoundException"
    assert err.message


def test_error_wire_format(server):
    resp = server.http("GET", "/instance/00000000-0000-4000-8000-000000000000")
    assert_aws_error(resp, 404, "ResourceNotFoundException")


def test_unknown_route(server):
    resp = server.http("GET", "/no/such/route")
    assert_aws_error(resp, 404, "UnknownOperationException")


def test_unknown_route_with_a_bad_body(server):
    resp = server.http("POST", "/definitely-not-connect", body="{not json")
    assert resp.status == 404, resp
    assert error_code(resp) == "UnknownOperationException"


def test_health_answers_without_auth(server):
    resp = server.http("GET", "/health", auth=None)
    assert resp.status == 200


# -- operations of the model that switchboard does not implement -------------------------------

def test_not_implemented_describe_contact(connect, instance):
    inst = instance()
    with expect_error("NotImplementedException", 501) as err:
        connect.describe_contact(InstanceId=inst.id, ContactId="c-1")
    assert "DescribeContact" in err.message
    assert err.value.response["ResponseMetadata"]["RequestId"]


def test_not_implemented_list_rules(connect, instance):
    inst = instance()
    with expect_error("NotImplementedException", 501) as err:
        connect.list_rules(InstanceId=inst.id)
    assert "ListRules" in err.message


# -- malformed bodies: always a 4xx, never a 5xx, never a partial write ------------------------

BAD_BODIES = {
    "truncated-json": b'{"Username": "x", ',
    "not-json": b"this is not json",
    "array": b'["Username", "x"]',
    "string": b'"Username"',
    "number": b"42",
    "null": b"null",
    "deep-nesting": b"[" * 100000 + b"]" * 100000,
    "invalid-utf8": b'{"Username": "\xff\xfe"}',
    "raw-control-char": b'{"Username": "a\x00b"}',
}

WRONG_TYPES = {
    "username-number": {"Username": 5},
    "profiles-string": {"SecurityProfileIds": "sp"},
    "profiles-numbers": {"SecurityProfileIds": [1, 2]},
    "phone-config-list": {"PhoneConfig": ["SOFT_PHONE"]},
    "auto-accept-string": {"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": "yes"}},
    "acw-float": {"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": 1.5}},
    "acw-huge": {"PhoneConfig": {"PhoneType": "SOFT_PHONE",
                                 "AfterContactWorkTimeLimit": 10 ** 30}},
    "acw-string": {"PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": "10"}},
    "tags-list": {"Tags": ["a", "b"]},
    "tag-value-number": {"Tags": {"a": 1}},
    "identity-info-string": {"IdentityInfo": "John Doe"},
}


@pytest.mark.parametrize("name", list(BAD_BODIES))
def test_malformed_body(server, connect, instance, name):
    inst = instance()
    resp = server.http("PUT", f"/users/{inst.id}", BAD_BODIES[name])
    assert 400 <= resp.status < 500, resp
    assert resp.header("x-amzn-RequestId"), resp
    assert list_users(connect, inst.id) == []
    assert server.http("GET", "/health", auth=None).status == 200


@pytest.mark.parametrize("name", list(WRONG_TYPES))
def test_wrong_json_types(server, connect, instance, name):
    inst = instance()
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    body.update(WRONG_TYPES[name])
    resp = server.http("PUT", f"/users/{inst.id}", body)
    assert 400 <= resp.status < 500, resp
    assert error_code(resp), resp
    assert list_users(connect, inst.id) == []


def test_unparseable_json_is_serialization_or_validation_error(server, instance):
    inst = instance()
    resp = server.http("PUT", f"/users/{inst.id}", b'{"Username": ')
    assert resp.status == 400, resp
    assert error_code(resp) in ("SerializationException", "InvalidParameterException",
                                "InvalidRequestException"), resp


@pytest.mark.parametrize("route", [
    ("PUT", "/instance"),
    ("PUT", "/user-hierarchy-groups/{i}"),
    ("POST", "/users/{i}/{u}/phone-config"),
    ("POST", "/users/{i}/{u}/security-profiles"),
    ("POST", "/users/{i}/{u}/identity-info"),
    ("POST", "/tags/{arn}"),
])
@pytest.mark.parametrize("body", [b"{", b"[]", b'{"PhoneConfig": 7, "tags": [1], "Name": {}}'])
def test_malformed_bodies_on_other_operations(server, connect, instance, route, body):
    inst = instance()
    user = create_user(connect, inst)
    before = connect.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"]
    method, template = route
    path = template.format(i=inst.id, u=user["UserId"],
                           arn=urllib.parse.quote(user["UserArn"], safe=""))
    resp = server.http(method, path, body)
    assert 400 <= resp.status < 500, resp
    assert connect.describe_user(InstanceId=inst.id, UserId=user["UserId"])["User"] == before


def test_body_over_one_mib(server, connect, instance):
    inst = instance()
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    # a valid request, made larger than 1 MiB with insignificant JSON whitespace
    raw = json.dumps(body).encode() + b" " * (1 << 20)
    resp = server.http("PUT", f"/users/{inst.id}", raw)
    assert 400 <= resp.status < 500, resp
    assert list_users(connect, inst.id) == []
    assert server.http("GET", "/health", auth=None).status == 200


def test_non_integer_query_parameter(server, instance):
    inst = instance()
    resp = server.http("GET", f"/users-summary/{inst.id}?maxResults=lots")
    assert 400 <= resp.status < 500, resp


def test_empty_body_on_create_user_is_validation_error(server, connect, instance):
    inst = instance()
    resp = server.http("PUT", f"/users/{inst.id}", b"{}")
    assert resp.status == 400, resp
    assert error_code(resp) == "InvalidParameterException"
    msg = resp.json()["Message"]
    # username, securityProfileIds and routingProfileId are required by the model
    assert msg.startswith("3 validation errors detected"), msg
    for member in ("username", "securityProfileIds", "routingProfileId"):
        assert member in msg, msg
    assert list_users(connect, inst.id) == []


def test_unknown_members_are_ignored(server, connect, instance):
    """Forward compatibility: a newer client may send members this model doesn't know."""
    inst = instance()
    body = {k: v for k, v in user_request(inst).items() if k != "InstanceId"}
    body["SomeFutureMember"] = {"x": 1}
    resp = server.http("PUT", f"/users/{inst.id}", body)
    assert resp.status == 200, resp
    assert resp.json()["UserId"]


# -- path parameters ---------------------------------------------------------------------------

def test_path_parameters_are_percent_decoded(server, connect, instance):
    inst = instance(Tags={"k": "v"})
    resp = server.http("GET", "/tags/" + urllib.parse.quote(inst.arn, safe=""))
    assert resp.status == 200, resp
    assert resp.json()["tags"] == {"k": "v"}
    # and through boto3, which encodes ':' and '/' in the label
    assert connect.list_tags_for_resource(resourceArn=inst.arn)["tags"] == {"k": "v"}


def test_encoded_instance_id_in_path(server, instance):
    inst = instance()
    encoded = "".join(f"%{ord(c):02X}" for c in inst.id)  # every character percent-encoded
    resp = server.http("GET", f"/instance/{encoded}")
    assert resp.status == 200, resp
    assert resp.json()["Instance"]["Id"] == inst.id
