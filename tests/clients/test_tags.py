"""TagResource / UntagResource / ListTagsForResource on the ARN of every kind of resource:
instance, user, hierarchy group, security profile, routing profile, queue, hours of operation.
The ARN travels percent-encoded in the path (/tags/{resourceArn}); the server decodes it."""
import pytest

from conftest import (ACCOUNT, REGION, create_group, create_hours, create_queue,
                      create_routing_profile, create_security_profile, create_user, describe_user,
                      expect_error)


def described(describe, member: str, arn_member: str):
    """(arn, describe_tags) of a resource that its Describe* returns under `member`."""
    return describe()[member][arn_member], lambda: describe()[member].get("Tags") or {}


@pytest.fixture(params=["instance", "user", "hierarchy-group", "security-profile",
                        "routing-profile", "queue", "hours-of-operation"])
def resource(request, connect, instance):
    """(arn, describe_tags) for a fresh resource of each kind, created with one tag."""
    inst = instance(Tags={"origin": "create"}) if request.param == "instance" else instance()
    tags = {"Tags": {"origin": "create"}}
    if request.param == "security-profile":
        sp = create_security_profile(connect, inst, **tags)
        return described(lambda: connect.describe_security_profile(
            InstanceId=inst.id, SecurityProfileId=sp), "SecurityProfile", "Arn")
    if request.param == "routing-profile":
        rp = create_routing_profile(connect, inst, **tags)
        return described(lambda: connect.describe_routing_profile(
            InstanceId=inst.id, RoutingProfileId=rp), "RoutingProfile", "RoutingProfileArn")
    if request.param == "queue":
        q = create_queue(connect, inst, **tags)
        return described(lambda: connect.describe_queue(InstanceId=inst.id, QueueId=q),
                         "Queue", "QueueArn")
    if request.param == "hours-of-operation":
        h = create_hours(connect, inst, **tags)
        return described(lambda: connect.describe_hours_of_operation(
            InstanceId=inst.id, HoursOfOperationId=h), "HoursOfOperation", "HoursOfOperationArn")
    if request.param == "instance":
        return inst.arn, lambda: connect.describe_instance(
            InstanceId=inst.id)["Instance"].get("Tags") or {}
    if request.param == "user":
        resp = create_user(connect, inst, Tags={"origin": "create"})
        return resp["UserArn"], lambda: describe_user(
            connect, inst, resp["UserId"]).get("Tags") or {}
    resp = create_group(connect, inst, Tags={"origin": "create"})
    return resp["HierarchyGroupArn"], lambda: connect.describe_user_hierarchy_group(
        InstanceId=inst.id, HierarchyGroupId=resp["HierarchyGroupId"])["HierarchyGroup"].get(
        "Tags") or {}


def tags_of(connect, arn):
    return connect.list_tags_for_resource(resourceArn=arn).get("tags") or {}


def test_list_tags_from_create(connect, resource):
    arn, described = resource
    assert tags_of(connect, arn) == {"origin": "create"}
    assert described() == {"origin": "create"}


def test_tag_untag_round_trip(connect, resource):
    arn, described = resource
    connect.tag_resource(resourceArn=arn, tags={"team": "blue", "env": "prod",
                                                "path/like:key=1": "v a l"})
    want = {"origin": "create", "team": "blue", "env": "prod", "path/like:key=1": "v a l"}
    assert tags_of(connect, arn) == want
    assert described() == want
    connect.untag_resource(resourceArn=arn, tagKeys=["team", "origin"])
    want = {"env": "prod", "path/like:key=1": "v a l"}
    assert tags_of(connect, arn) == want
    assert described() == want


def test_tag_overwrites_value(connect, resource):
    arn, _ = resource
    connect.tag_resource(resourceArn=arn, tags={"origin": "changed"})
    assert tags_of(connect, arn) == {"origin": "changed"}


def test_aws_prefixed_key_rejected(raw_connect, connect, resource):
    arn, _ = resource
    with expect_error("InvalidParameterException", 400):
        raw_connect.tag_resource(resourceArn=arn, tags={"aws:reserved": "x"})
    assert tags_of(connect, arn) == {"origin": "create"}


def test_more_than_50_tags_in_total(connect, resource):
    arn, _ = resource
    connect.tag_resource(resourceArn=arn, tags={f"a{i}": "x" for i in range(30)})
    with expect_error(status="4xx"):
        connect.tag_resource(resourceArn=arn, tags={f"b{i}": "y" for i in range(30)})
    tags = tags_of(connect, arn)
    assert len(tags) == 31 and not any(k.startswith("b") for k in tags)


def test_exactly_50_tags_allowed(connect, resource):
    arn, _ = resource
    connect.tag_resource(resourceArn=arn, tags={f"t{i}": str(i) for i in range(49)})
    assert len(tags_of(connect, arn)) == 50


def test_more_than_50_tags_in_one_call(raw_connect, connect, resource):
    arn, _ = resource
    with expect_error("InvalidParameterException", 400):
        raw_connect.tag_resource(resourceArn=arn, tags={f"k{i}": "v" for i in range(51)})
    assert tags_of(connect, arn) == {"origin": "create"}


def test_tag_constraints(raw_connect, connect, resource):
    arn, _ = resource
    for bad in ({"k" * 129: "v"}, {"ok": "v" * 257}, {"": "v"}):
        with expect_error("InvalidParameterException", 400) as err:
            raw_connect.tag_resource(resourceArn=arn, tags=bad)
        assert err.message.startswith("1 validation error detected"), err.message
    with expect_error("InvalidParameterException", 400):
        raw_connect.tag_resource(resourceArn=arn, tags={})
    with expect_error("InvalidParameterException", 400):
        raw_connect.untag_resource(resourceArn=arn, tagKeys=[])
    assert tags_of(connect, arn) == {"origin": "create"}


UNKNOWN_ARNS = [
    f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/00000000-0000-4000-8000-000000000000",
    f"arn:aws:connect:{REGION}:{ACCOUNT}:instance/00000000-0000-4000-8000-000000000000"
    "/agent/11111111-2222-4333-8444-555555555555",
]


@pytest.mark.parametrize("arn", UNKNOWN_ARNS, ids=["instance", "user"])
def test_unknown_arn(connect, arn):
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=arn)
    with expect_error("ResourceNotFoundException", 404):
        connect.tag_resource(resourceArn=arn, tags={"k": "v"})
    with expect_error("ResourceNotFoundException", 404):
        connect.untag_resource(resourceArn=arn, tagKeys=["k"])


def test_an_arn_must_be_the_resources_own(connect, resource):
    """An ARN that names the resource's id in another partition names nothing here."""
    arn, _ = resource
    elsewhere = arn.replace("arn:aws:", "arn:aws-cn:", 1)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=elsewhere)
    with expect_error("ResourceNotFoundException", 404):
        connect.tag_resource(resourceArn=elsewhere, tags={"k": "v"})


def test_unknown_user_in_known_instance(connect, instance):
    inst = instance()
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(
            resourceArn=f"{inst.arn}/agent/11111111-2222-4333-8444-555555555555")


@pytest.mark.parametrize("arn", ["not-an-arn", "arn:aws:s3:::bucket",
                                 "arn:aws:connect:us-east-1:123456789012:instance"])
def test_malformed_arn_is_a_client_error(connect, arn):
    with expect_error(status="4xx"):
        connect.list_tags_for_resource(resourceArn=arn)


def test_tags_of_deleted_instance(connect, instance):
    inst = instance(Tags={"k": "v"})
    connect.delete_instance(InstanceId=inst.id)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=inst.arn)


def test_tags_are_per_resource(connect, instance):
    inst = instance()
    a = create_user(connect, inst)["UserArn"]
    b = create_user(connect, inst)["UserArn"]
    connect.tag_resource(resourceArn=a, tags={"only": "a"})
    assert tags_of(connect, a) == {"only": "a"}
    assert tags_of(connect, b) == {}
    assert tags_of(connect, inst.arn) == {}
