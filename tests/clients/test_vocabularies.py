"""Custom vocabularies: CreateVocabulary, DescribeVocabulary, SearchVocabularies,
DeleteVocabulary and the default-vocabulary operations; Transcribe's table rules decide
ACTIVE or CREATION_FAILED; the aws_connect_vocabulary resource and data source replayed."""
import datetime
import uuid

from conftest import expect_error
from tfreplay import assert_gone, import_id, paginate, split_import_id, status_of, wait_for

TABLE = "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos-Angeles\t\t\tLos Angeles\nC.L.I.\t\t\tCLI\n"
UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def create(connect, inst, name, content=TABLE, language="en-US", **kw):
    return connect.create_vocabulary(InstanceId=inst.id, VocabularyName=name, LanguageCode=language,
                                     Content=content, **kw)


def describe(connect, inst, vid):
    return connect.describe_vocabulary(InstanceId=inst.id, VocabularyId=vid)["Vocabulary"]


def search(connect, inst, **kw):
    return paginate(connect.search_vocabularies, "VocabularySummaryList", InstanceId=inst.id, **kw)


def test_create_describe_search_delete(connect, instance):
    inst = instance()
    created = create(connect, inst, "products", Tags={"team": "qa"})
    vid = created["VocabularyId"]
    assert created["State"] == "CREATION_IN_PROGRESS"
    assert created["VocabularyArn"] == f"{inst.arn}/vocabulary/{vid}"
    v = describe(connect, inst, vid)
    assert (v["Name"], v["Id"], v["Arn"], v["LanguageCode"], v["State"], v["Content"], v["Tags"]) == \
        ("products", vid, created["VocabularyArn"], "en-US", "ACTIVE", TABLE, {"team": "qa"})
    assert isinstance(v["LastModifiedTime"], datetime.datetime) and "FailureReason" not in v
    assert connect.list_tags_for_resource(resourceArn=v["Arn"])["tags"] == {"team": "qa"}

    summaries = search(connect, inst)
    assert [s["Name"] for s in summaries] == ["products"] and "Content" not in summaries[0]
    assert summaries[0]["State"] == "ACTIVE"

    with expect_error("ResourceConflictException", 409):
        create(connect, inst, "products")
    deleted = connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=vid)
    assert (deleted["State"], deleted["VocabularyId"], deleted["VocabularyArn"]) == \
        ("DELETE_IN_PROGRESS", vid, created["VocabularyArn"])
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, inst, vid)
    with expect_error("ResourceNotFoundException", 404):
        connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=vid)
    assert search(connect, inst) == []


def test_transcribe_rules_fail_the_vocabulary_not_the_request(connect, instance):
    """A table Transcribe refuses is created, then CREATION_FAILED with its reason."""
    inst = instance()
    for name, content, why in [("crlf", TABLE.replace("\n", "\r\n"), "CRLF"),
                               ("no-header", "Los-Angeles\n", "header row"),
                               ("spaces", "Phrase\tIPA\tSoundsLike\tDisplayAs\nLos Angeles\n", "space"),
                               ("digits", "Phrase\tIPA\tSoundsLike\tDisplayAs\nV.X.-02\n", "digit")]:
        vid = create(connect, inst, name, content)["VocabularyId"]
        v = describe(connect, inst, vid)
        assert v["State"] == "CREATION_FAILED" and why in v["FailureReason"], (name, v)
    failed = search(connect, inst, State="CREATION_FAILED")
    assert sorted(s["Name"] for s in failed) == ["crlf", "digits", "no-header", "spaces"]
    assert search(connect, inst, State="ACTIVE") == []


def test_model_validation_and_unknown_instance(connect, instance):
    inst = instance()
    with expect_error("InvalidRequestException", 400) as e:
        connect.create_vocabulary(InstanceId=inst.id, VocabularyName="!bad", LanguageCode="en-US",
                                  Content=TABLE)
    assert "'vocabularyName'" in e.message
    with expect_error("InvalidRequestException", 400):
        create(connect, inst, "big", "x" * 60001)
    assert search(connect, inst) == []
    with expect_error("ResourceNotFoundException", 404):
        connect.create_vocabulary(InstanceId=UNKNOWN_ID, VocabularyName="v", LanguageCode="en-US", Content=TABLE)


def test_search_filters_and_pages(connect, instance, aws):
    inst = instance()
    names = [f"prod-{i:02d}" for i in range(7)] + ["other"]
    for i, name in enumerate(names):
        create(connect, inst, name, language="en-GB" if i % 2 else "en-US")
    pages = []
    token = None
    while True:
        kw = {"NextToken": token} if token else {}
        page = connect.search_vocabularies(InstanceId=inst.id, MaxResults=3, **kw)
        pages.append([s["Name"] for s in page["VocabularySummaryList"]])
        token = page.get("NextToken")
        if not token:
            break
    assert pages == [["other", "prod-00", "prod-01"], ["prod-02", "prod-03", "prod-04"], ["prod-05", "prod-06"]]
    assert [s["Name"] for s in search(connect, inst, NameStartsWith="prod-0", LanguageCode="en-GB", MaxResults=1)] == \
        ["prod-01", "prod-03", "prod-05"]
    rc, out, err = aws("connect", "search-vocabularies", "--instance-id", inst.id, "--name-starts-with", "oth")
    assert rc == 0, err
    assert [s["Name"] for s in out["VocabularySummaryList"]] == ["other"]


def test_default_vocabularies(connect, instance, aws):
    inst = instance()
    us = create(connect, inst, "us")["VocabularyId"]
    us2 = create(connect, inst, "us-two")["VocabularyId"]
    gb = create(connect, inst, "gb", language="en-GB")["VocabularyId"]
    broken = create(connect, inst, "broken", "nope")["VocabularyId"]
    assert connect.list_default_vocabularies(InstanceId=inst.id)["DefaultVocabularyList"] == []

    connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US", VocabularyId=us)
    rc, _, err = aws("connect", "associate-default-vocabulary", "--instance-id", inst.id,
                     "--language-code", "en-GB", "--vocabulary-id", gb)
    assert rc == 0, err
    defaults = connect.list_default_vocabularies(InstanceId=inst.id)["DefaultVocabularyList"]
    assert defaults == [
        {"InstanceId": inst.id, "LanguageCode": "en-GB", "VocabularyId": gb, "VocabularyName": "gb"},
        {"InstanceId": inst.id, "LanguageCode": "en-US", "VocabularyId": us, "VocabularyName": "us"},
    ]
    # One default per language: a new one replaces the old, which can then be deleted.
    connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US", VocabularyId=us2)
    only_us = connect.list_default_vocabularies(InstanceId=inst.id, LanguageCode="en-US")["DefaultVocabularyList"]
    assert [d["VocabularyId"] for d in only_us] == [us2]
    connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=us)

    with expect_error("ResourceInUseException", 409):
        connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=us2)
    with expect_error("InvalidRequestException", 400):
        connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US", VocabularyId=gb)
    with expect_error("InvalidRequestException", 400):
        connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US", VocabularyId=broken)
    with expect_error("ResourceNotFoundException", 404):
        connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US", VocabularyId=UNKNOWN_ID)
    assert [d["VocabularyId"] for d in
            connect.list_default_vocabularies(InstanceId=inst.id, LanguageCode="en-US")["DefaultVocabularyList"]] == [us2]

    # Without a VocabularyId the language has no default; the vocabulary is free again.
    connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US")
    connect.associate_default_vocabulary(InstanceId=inst.id, LanguageCode="en-US")
    assert [d["LanguageCode"] for d in connect.list_default_vocabularies(InstanceId=inst.id)["DefaultVocabularyList"]] == ["en-GB"]
    connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=us2)


def test_terraform_vocabulary_replay(connect, instance):
    """aws_connect_vocabulary (vocabulary.go) and its data source, as docs/terraform-provider.md
    gives them: create, the "created" waiter, read, import, tag update, delete, the "deleted"
    waiter, and the read after delete."""
    inst = instance()
    created = connect.create_vocabulary(ClientToken=str(uuid.uuid4()), InstanceId=inst.id, Content=TABLE,
                                        LanguageCode="en-US", VocabularyName="tf-vocab", Tags={"Name": "tf"})
    vid = created["VocabularyId"]
    read = lambda: connect.describe_vocabulary(InstanceId=inst.id, VocabularyId=vid)
    assert wait_for(status_of(read, ["Vocabulary", "State"]), ["CREATION_IN_PROGRESS"],
                    ["ACTIVE", "CREATION_FAILED"]) == "ACTIVE"
    state = read()["Vocabulary"]
    # Every member the provider copies into state, LastModifiedTime above all (it is
    # formatted without a nil check).
    for member in ("Arn", "Content", "LanguageCode", "LastModifiedTime", "Name", "State", "Id", "Tags"):
        assert member in state, member
    assert (state["Content"], state["Name"], state["Tags"]) == (TABLE, "tf-vocab", {"Name": "tf"})

    # Import: instanceID:vocabularyID.
    iid, imported = split_import_id(import_id(inst.id, vid), 2)
    assert connect.describe_vocabulary(InstanceId=iid, VocabularyId=imported)["Vocabulary"] == state

    # Update: only tags change in place.
    connect.tag_resource(resourceArn=state["Arn"], tags={"env": "test"})
    connect.untag_resource(resourceArn=state["Arn"], tagKeys=["Name"])
    assert read()["Vocabulary"]["Tags"] == {"env": "test"}

    # The data source, by name: SearchVocabularies with NameStartsWith, all pages, exact name.
    found = [s for s in paginate(connect.search_vocabularies, "VocabularySummaryList", 60,
                                 InstanceId=inst.id, NameStartsWith="tf-vocab") if s["Name"] == "tf-vocab"]
    assert [s["Id"] for s in found] == [vid]

    connect.delete_vocabulary(InstanceId=inst.id, VocabularyId=vid)
    assert wait_for(status_of(read, ["Vocabulary", "State"]), ["DELETE_IN_PROGRESS"], []) is None
    assert_gone(read)
