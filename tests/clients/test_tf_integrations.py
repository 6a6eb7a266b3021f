"""Terraform replay: `aws_connect_approved_origin`, `aws_connect_lambda_function_association`,
`aws_connect_bot_association` and the data sources of the last two, and the operations behind
them: Associate/List/DisassociateApprovedOrigin, Associate/List/DisassociateLambdaFunction,
AssociateBot/ListBots/DisassociateBot (Lex V1 and V2) and the legacy
AssociateLexBot/ListLexBots/DisassociateLexBot.

docs/terraform-provider.md gives the provider's calls (`approved_origin.go`,
`lambda_function_association.go`, `bot_association.go` and the data source files). None of
these resources has an update: every argument forces a new resource. Each reads by listing
all pages and finding exactly one match; "gone" is ResourceNotFoundException or no match;
delete treats ResourceNotFoundException as success."""
import uuid

import pytest

from conftest import REGION, expect_error
from tfreplay import assert_gone, error_code, paginate

FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:{}"
ALIAS = "arn:aws:lex:us-east-1:123456789012:bot-alias/{}/TSTALIASID"


def tolerate_not_found(call) -> None:
    try:
        call()
    except Exception as e:  # noqa: BLE001 - the provider's delete
        if error_code(e) != "ResourceNotFoundException":
            raise


def split(tf_id: str, sep: str, n: int) -> list[str]:
    parts = tf_id.split(sep)
    assert len(parts) == n and all(parts), tf_id
    return parts


# -- aws_connect_approved_origin ------------------------------------------------------------

def read_origin(connect, instance_id: str, origin: str):
    """Read: ListApprovedOrigins (no MaxResults), all pages, exactly one equal entry."""
    try:
        origins = paginate(connect.list_approved_origins, "Origins", InstanceId=instance_id)
    except Exception as e:  # noqa: BLE001
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise
    matches = [o for o in origins if o == origin]
    assert len(matches) <= 1, "more than one match is an error, not gone"
    return {"instance_id": instance_id, "origin": origin} if matches else None


def test_approved_origin_lifecycle(connect, instance):
    inst = instance()
    origin = "https://www.example.com"
    connect.associate_approved_origin(InstanceId=inst.id, Origin=origin)  # state = the plan
    plan = {"instance_id": inst.id, "origin": origin}
    assert read_origin(connect, inst.id, origin) == plan

    # Import: `instanceID,origin`, then Read.
    instance_id, imported = f"{inst.id},{origin}".split(",", 1)
    assert read_origin(connect, instance_id, imported) == plan

    # The list resource (`terraform query`): one result per origin.
    connect.associate_approved_origin(InstanceId=inst.id, Origin="https://chat.example.com:8443")
    assert sorted(paginate(connect.list_approved_origins, "Origins", InstanceId=inst.id)) == \
        ["https://chat.example.com:8443", origin]

    tolerate_not_found(lambda: connect.disassociate_approved_origin(InstanceId=inst.id, Origin=origin))
    assert read_origin(connect, inst.id, origin) is None
    assert_gone(lambda: connect.disassociate_approved_origin(InstanceId=inst.id, Origin=origin))
    tolerate_not_found(lambda: connect.disassociate_approved_origin(InstanceId=inst.id, Origin=origin))

    connect.delete_instance(InstanceId=inst.id)
    assert read_origin(connect, inst.id, "https://chat.example.com:8443") is None, "gone with the instance"


def test_approved_origin_rules(connect, instance):
    inst = instance()
    connect.associate_approved_origin(InstanceId=inst.id, Origin="https://example.com")
    with expect_error("ResourceConflictException", 409):
        connect.associate_approved_origin(InstanceId=inst.id, Origin="https://example.com")
    for wrong in ("example.com", "ftp://example.com", "https://", "https://example.com/path", ""):
        with expect_error("InvalidParameterException", 400):
            connect.associate_approved_origin(InstanceId=inst.id, Origin=wrong)
    assert connect.list_approved_origins(InstanceId=inst.id)["Origins"] == ["https://example.com"], \
        "bad input changes nothing"
    with expect_error("ResourceNotFoundException", 404):
        connect.associate_approved_origin(InstanceId=str(uuid.uuid4()), Origin="https://example.com")


# -- aws_connect_lambda_function_association ------------------------------------------------

def read_lambda(connect, tf_id: str):
    """Read: ListLambdaFunctions(MaxResults 25), all pages, exactly one equal ARN."""
    instance_id, arn = tf_id.split(",", 1)
    try:
        arns = paginate(connect.list_lambda_functions, "LambdaFunctions", 25, InstanceId=instance_id)
    except Exception as e:  # noqa: BLE001
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise
    matches = [a for a in arns if a == arn]
    assert len(matches) <= 1
    return {"instance_id": instance_id, "function_arn": arn} if matches else None


def test_lambda_function_association_lifecycle(connect, instance):
    inst = instance()
    arn = FUNCTION.format("lookup")
    connect.associate_lambda_function(InstanceId=inst.id, FunctionArn=arn)
    tf_id = f"{inst.id},{arn}"
    state = read_lambda(connect, tf_id)
    assert state == {"instance_id": inst.id, "function_arn": arn}
    assert read_lambda(connect, tf_id) == state, "import: the ID, then Read"

    # The data source: ListLambdaFunctions(MaxResults 25), all pages until the ARN is found.
    for i in range(30):
        connect.associate_lambda_function(InstanceId=inst.id, FunctionArn=FUNCTION.format(f"f{i:02d}"))
    pages = list(connect.get_paginator("list_lambda_functions").paginate(InstanceId=inst.id, PaginationConfig={"PageSize": 25}))
    assert [len(p["LambdaFunctions"]) for p in pages] == [25, 6]
    assert arn in paginate(connect.list_lambda_functions, "LambdaFunctions", 25, InstanceId=inst.id)

    tolerate_not_found(lambda: connect.disassociate_lambda_function(InstanceId=inst.id, FunctionArn=arn))
    assert read_lambda(connect, tf_id) is None
    assert_gone(lambda: connect.disassociate_lambda_function(InstanceId=inst.id, FunctionArn=arn))
    tolerate_not_found(lambda: connect.disassociate_lambda_function(InstanceId=inst.id, FunctionArn=arn))


def test_lambda_function_rules(connect, instance):
    inst = instance()
    arn = FUNCTION.format("lookup")
    connect.associate_lambda_function(InstanceId=inst.id, FunctionArn=arn)
    with expect_error("ResourceConflictException", 409):
        connect.associate_lambda_function(InstanceId=inst.id, FunctionArn=arn)
    for wrong in ("lookup", "arn:aws:lambda:us-east-1:123456789012:layer:lookup", "arn:aws:s3:::bucket"):
        with expect_error("InvalidParameterException", 400):
            connect.associate_lambda_function(InstanceId=inst.id, FunctionArn=wrong)
    assert connect.list_lambda_functions(InstanceId=inst.id)["LambdaFunctions"] == [arn]
    with expect_error("ResourceNotFoundException", 404):
        connect.list_lambda_functions(InstanceId=str(uuid.uuid4()))


# -- aws_connect_bot_association --------------------------------------------------------------

def read_bot(connect, tf_id: str):
    """Read: ListBots(V1, MaxResults 25), all pages, exactly one LexBot with the name and
    Region."""
    instance_id, name, region = split(tf_id, ":", 3)
    try:
        configs = paginate(connect.list_bots, "LexBots", 25, InstanceId=instance_id, LexVersion="V1")
    except Exception as e:  # noqa: BLE001
        if error_code(e) == "ResourceNotFoundException":
            return None
        raise
    matches = [c["LexBot"] for c in configs if c.get("LexBot") == {"Name": name, "LexRegion": region}]
    assert len(matches) <= 1
    return {"instance_id": instance_id, "lex_bot": {"name": name, "lex_region": region}} if matches else None


def associate_bot_with_retries(connect, **kwargs) -> None:
    """The provider retries AssociateBot while it answers InvalidRequestException (for up to
    five minutes): a valid association must succeed at once."""
    connect.associate_bot(**kwargs)


def test_bot_association_lifecycle(connect, instance):
    inst = instance()
    associate_bot_with_retries(connect, InstanceId=inst.id, LexBot={"Name": "OrderFlowers", "LexRegion": REGION})
    tf_id = f"{inst.id}:OrderFlowers:{REGION}"
    state = read_bot(connect, tf_id)
    assert state == {"instance_id": inst.id, "lex_bot": {"name": "OrderFlowers", "lex_region": REGION}}
    assert read_bot(connect, tf_id) == state, "import"

    # The data source: ListBots(V1, 25), the first LexBot with the name (and the Region).
    connect.associate_bot(InstanceId=inst.id, LexBot={"Name": "OrderFlowers", "LexRegion": "us-west-2"})
    configs = paginate(connect.list_bots, "LexBots", 25, InstanceId=inst.id, LexVersion="V1")
    assert sorted((c["LexBot"]["Name"], c["LexBot"]["LexRegion"]) for c in configs) == \
        [("OrderFlowers", REGION), ("OrderFlowers", "us-west-2")]
    assert all(set(c) == {"LexBot"} for c in configs), "a V1 entry has no LexV2Bot member"

    tolerate_not_found(lambda: connect.disassociate_bot(InstanceId=inst.id, LexBot={"Name": "OrderFlowers", "LexRegion": REGION}))
    assert read_bot(connect, tf_id) is None
    assert_gone(lambda: connect.disassociate_bot(InstanceId=inst.id, LexBot={"Name": "OrderFlowers", "LexRegion": REGION}))
    assert read_bot(connect, f"{inst.id}:OrderFlowers:us-west-2") is not None, "the other Region's bot stays"


def test_lex_v2_bots_and_the_legacy_lex_operations(connect, instance):
    inst = instance()
    alias = ALIAS.format("ABCDEFGHIJ")
    connect.associate_bot(InstanceId=inst.id, LexV2Bot={"AliasArn": alias})
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V2")["LexBots"] == [{"LexV2Bot": {"AliasArn": alias}}]
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V1")["LexBots"] == []
    with expect_error("ResourceConflictException", 409):
        connect.associate_bot(InstanceId=inst.id, LexV2Bot={"AliasArn": alias})

    # AssociateLexBot is the V1 association of AssociateBot: the same list, the same conflict.
    connect.associate_lex_bot(InstanceId=inst.id, LexBot={"Name": "BookTrip", "LexRegion": "eu-west-2"})
    assert connect.list_lex_bots(InstanceId=inst.id)["LexBots"] == [{"Name": "BookTrip", "LexRegion": "eu-west-2"}]
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V1")["LexBots"] == \
        [{"LexBot": {"Name": "BookTrip", "LexRegion": "eu-west-2"}}]
    with expect_error("ResourceConflictException", 409):
        connect.associate_bot(InstanceId=inst.id, LexBot={"Name": "BookTrip", "LexRegion": "eu-west-2"})
    connect.disassociate_lex_bot(InstanceId=inst.id, BotName="BookTrip", LexRegion="eu-west-2")
    with expect_error("ResourceNotFoundException", 404):
        connect.disassociate_lex_bot(InstanceId=inst.id, BotName="BookTrip", LexRegion="eu-west-2")
    assert connect.list_lex_bots(InstanceId=inst.id)["LexBots"] == []

    connect.disassociate_bot(InstanceId=inst.id, LexV2Bot={"AliasArn": alias})
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V2")["LexBots"] == []


@pytest.mark.parametrize("request_, code", [
    ({}, "InvalidRequestException"),
    ({"LexBot": {"Name": "A", "LexRegion": REGION}, "LexV2Bot": {"AliasArn": ALIAS.format("X")}}, "InvalidRequestException"),
    ({"LexV2Bot": {"AliasArn": "arn:aws:lex:us-east-1:123456789012:bot/ABCDEFGHIJ"}}, "InvalidRequestException"),
    ({"LexBot": {"Name": "", "LexRegion": REGION}}, "InvalidRequestException"),
])
def test_bot_rules(connect, instance, request_, code):
    """AssociateBot models no InvalidParameterException, so a bad bot is
    InvalidRequestException (which the provider retries for five minutes: only bad input
    gets it)."""
    inst = instance()
    with expect_error(code, 400):
        connect.associate_bot(InstanceId=inst.id, **request_)
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V1")["LexBots"] == []
    assert connect.list_bots(InstanceId=inst.id, LexVersion="V2")["LexBots"] == []


# -- snapshots --------------------------------------------------------------------------------

def test_attributes_and_associations_move_with_a_snapshot(spawn_server, monkeypatch, tmp_path):
    """`switchboard export` and `import` carry an instance's attributes, storage configs and
    integrations, which stay unique after the move (on SQLite: a snapshot moves a data dir)."""
    import subprocess

    import conftest
    monkeypatch.setattr(conftest, "DATABASE_URL", None)
    srv = spawn_server()
    c = srv.client()
    inst = conftest.new_instance(c)
    c.update_instance_attribute(InstanceId=inst.id, AttributeType="CONTACT_LENS", Value="false")
    s3 = {"StorageType": "S3", "S3Config": {"BucketName": "b", "BucketPrefix": "p"}}
    association = c.associate_instance_storage_config(InstanceId=inst.id, ResourceType="CALL_RECORDINGS",
                                                      StorageConfig=s3)["AssociationId"]
    c.associate_lambda_function(InstanceId=inst.id, FunctionArn=FUNCTION.format("lookup"))
    c.associate_approved_origin(InstanceId=inst.id, Origin="https://example.com")
    c.associate_bot(InstanceId=inst.id, LexV2Bot={"AliasArn": ALIAS.format("ABCDEFGHIJ")})
    srv.stop()

    snapshot = tmp_path / "snapshot.json"
    run = lambda *args: subprocess.run([str(conftest.BIN), *args], capture_output=True, text=True, timeout=120)  # noqa: E731
    p = run("export", "--data-dir", str(srv.data_dir), "--output", str(snapshot))
    assert p.returncode == 0, p.stderr
    fresh = tmp_path / "fresh"
    p = run("import", "--data-dir", str(fresh), str(snapshot))
    assert p.returncode == 0, p.stderr

    c2 = spawn_server(data_dir=fresh).client()
    assert c2.describe_instance_attribute(InstanceId=inst.id, AttributeType="CONTACT_LENS")["Attribute"]["Value"] == "false"
    assert c2.describe_instance_storage_config(InstanceId=inst.id, AssociationId=association,
                                               ResourceType="CALL_RECORDINGS")["StorageConfig"]["S3Config"] == s3["S3Config"]
    assert c2.list_lambda_functions(InstanceId=inst.id)["LambdaFunctions"] == [FUNCTION.format("lookup")]
    assert c2.list_approved_origins(InstanceId=inst.id)["Origins"] == ["https://example.com"]
    assert c2.list_bots(InstanceId=inst.id, LexVersion="V2")["LexBots"] == [{"LexV2Bot": {"AliasArn": ALIAS.format("ABCDEFGHIJ")}}]
    with expect_error("ResourceConflictException", 409):
        c2.associate_approved_origin(InstanceId=inst.id, Origin="https://example.com")
