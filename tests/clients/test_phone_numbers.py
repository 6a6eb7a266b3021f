"""Phone numbers: SearchAvailablePhoneNumbers over deterministic fictional pools,
ClaimPhoneNumber (IN_PROGRESS, then CLAIMED), Describe/List/ListV2, Update, UpdateMetadata,
Release (never offered again), tags on phone-number ARNs, queues' outbound caller numbers,
and the aws_connect_phone_number resource replayed."""
import uuid

from conftest import create_queue, expect_error, new_instance, REGION
from tfreplay import (assert_gone, assert_no_empty_objects, changed, delete_tolerating_gone, replay_lifecycle,
                      status_of, tags_in, tags_out, update_tags, wait_for)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def search(connect, inst, country="US", kind="DID", **kw):
    return [n["PhoneNumber"] for n in connect.search_available_phone_numbers(
        TargetArn=inst.arn, PhoneNumberCountryCode=country, PhoneNumberType=kind, **kw)["AvailableNumbersList"]]


def claim(connect, inst, number=None, **kw):
    number = number or search(connect, inst, MaxResults=1)[0]
    resp = connect.claim_phone_number(TargetArn=inst.arn, PhoneNumber=number, **kw)
    return resp["PhoneNumberId"], number, resp["PhoneNumberArn"]


def describe(connect, pid):
    return connect.describe_phone_number(PhoneNumberId=pid)["ClaimedPhoneNumberSummary"]


def settled(connect, pid):
    read = lambda: connect.describe_phone_number(PhoneNumberId=pid)
    return wait_for(status_of(read, ["ClaimedPhoneNumberSummary", "PhoneNumberStatus", "Status"]),
                    ["IN_PROGRESS"], ["CLAIMED"])


def test_search_pools_are_fictional_and_page(connect, instance):
    inst = instance()
    first = connect.search_available_phone_numbers(TargetArn=inst.arn, PhoneNumberCountryCode="US",
                                                   PhoneNumberType="DID", MaxResults=3)
    numbers = first["AvailableNumbersList"]
    assert numbers[0] == {"PhoneNumber": numbers[0]["PhoneNumber"], "PhoneNumberCountryCode": "US",
                          "PhoneNumberType": "DID"}
    assert all(n["PhoneNumber"][5:10] == "55501" for n in numbers)  # NANPA's fictional 555-01xx
    second = connect.search_available_phone_numbers(TargetArn=inst.arn, PhoneNumberCountryCode="US",
                                                    PhoneNumberType="DID", MaxResults=3, NextToken=first["NextToken"])
    assert [n["PhoneNumber"] for n in second["AvailableNumbersList"]][0] > numbers[-1]["PhoneNumber"]
    assert search(connect, inst, PhoneNumberPrefix="+1212", MaxResults=2) == ["+12125550100", "+12125550101"]
    assert search(connect, inst, PhoneNumberPrefix="1312", MaxResults=1) == ["+13125550100"]
    assert search(connect, inst, "GB", "TOLL_FREE", MaxResults=1) == ["+448081570000"]
    assert search(connect, inst, "US", "SHORT_CODE") == []
    # The same pool every time: deterministic.
    assert search(connect, inst, "DE", MaxResults=2) == search(connect, inst, "DE", MaxResults=2)
    by_instance_id = connect.search_available_phone_numbers(InstanceId=inst.id, PhoneNumberCountryCode="GB",
                                                            PhoneNumberType="DID", MaxResults=1)
    assert by_instance_id["AvailableNumbersList"][0]["PhoneNumber"] == "+442079460000"
    with expect_error("InvalidParameterException", 400):
        connect.search_available_phone_numbers(PhoneNumberCountryCode="US", PhoneNumberType="DID")
    with expect_error("InvalidParameterException", 400):
        connect.search_available_phone_numbers(TargetArn=inst.arn, PhoneNumberCountryCode="US",
                                               PhoneNumberType="DID", MaxResults=11)


def test_claim_describe_release_never_offered_again(connect, instance):
    inst = instance()
    pid, number, arn = claim(connect, inst, "+14155550142", PhoneNumberDescription="support line",
                             Tags={"team": "ops"}, ClientToken=str(uuid.uuid4()))
    assert arn == f"arn:aws:connect:{REGION}:{inst.arn.split(':')[4]}:phone-number/{pid}"
    first = describe(connect, pid)
    assert first["PhoneNumberStatus"]["Status"] in ("IN_PROGRESS", "CLAIMED")
    assert settled(connect, pid) == "CLAIMED"
    n = describe(connect, pid)
    assert {k: n[k] for k in ("PhoneNumberId", "PhoneNumberArn", "PhoneNumber", "PhoneNumberCountryCode",
                              "PhoneNumberType", "PhoneNumberDescription", "TargetArn", "InstanceId", "Tags")} == {
        "PhoneNumberId": pid, "PhoneNumberArn": arn, "PhoneNumber": number, "PhoneNumberCountryCode": "US",
        "PhoneNumberType": "DID", "PhoneNumberDescription": "support line", "TargetArn": inst.arn,
        "InstanceId": inst.id, "Tags": {"team": "ops"}}
    assert number not in search(connect, inst, PhoneNumberPrefix="+1415555014")
    with expect_error("InvalidParameterException", 400):
        connect.claim_phone_number(TargetArn=inst.arn, PhoneNumber=number)

    connect.tag_resource(resourceArn=arn, tags={"env": "test"})
    assert connect.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "ops", "env": "test"}
    connect.update_phone_number_metadata(PhoneNumberId=pid, PhoneNumberDescription="sales line")
    assert describe(connect, pid)["PhoneNumberDescription"] == "sales line"

    connect.release_phone_number(PhoneNumberId=pid, ClientToken=str(uuid.uuid4()))
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, pid)
    with expect_error("ResourceNotFoundException", 404):
        connect.release_phone_number(PhoneNumberId=pid)
    with expect_error("ResourceNotFoundException", 404):
        connect.list_tags_for_resource(resourceArn=arn)
    # Released numbers are in cooldown: never offered or claimed again.
    assert number not in search(connect, inst, PhoneNumberPrefix="+1415555014")
    with expect_error("InvalidParameterException", 400):
        connect.claim_phone_number(TargetArn=inst.arn, PhoneNumber=number)


def test_claim_refusals(connect, instance):
    inst = instance()
    with expect_error("InvalidParameterException", 400):
        connect.claim_phone_number(TargetArn=inst.arn, PhoneNumber="+12065550200")  # not fictional
    with expect_error("ResourceNotFoundException", 404):
        connect.claim_phone_number(TargetArn=inst.arn.replace(inst.id, UNKNOWN_ID), PhoneNumber="+12065550101")
    tdg = inst.arn.split(":instance/")[0] + ":traffic-distribution-group/" + UNKNOWN_ID
    with expect_error("ResourceNotFoundException", 404):
        connect.claim_phone_number(TargetArn=tdg, PhoneNumber="+12065550101")
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, UNKNOWN_ID)
    assert connect.list_phone_numbers_v2(InstanceId=inst.id)["ListPhoneNumbersSummaryList"] == []


def test_list_filters_update_and_instances(connect, instance):
    inst, other = instance(), instance()
    us, _, _ = claim(connect, inst, "+16175550101")
    gb, _, _ = claim(connect, inst, "+448081570011")
    elsewhere, _, _ = claim(connect, other, "+17025550101")
    v1 = connect.list_phone_numbers(InstanceId=inst.id)["PhoneNumberSummaryList"]
    assert [(n["Id"], n["PhoneNumber"], n["PhoneNumberType"], n["PhoneNumberCountryCode"]) for n in v1] == \
        [(us, "+16175550101", "DID", "US"), (gb, "+448081570011", "TOLL_FREE", "GB")]
    assert [n["Id"] for n in connect.list_phone_numbers(InstanceId=inst.id, PhoneNumberTypes=["TOLL_FREE"])["PhoneNumberSummaryList"]] == [gb]
    assert [n["Id"] for n in connect.list_phone_numbers(InstanceId=inst.id, PhoneNumberCountryCodes=["US"])["PhoneNumberSummaryList"]] == [us]
    v2 = connect.list_phone_numbers_v2(TargetArn=inst.arn, PhoneNumberPrefix="+44")["ListPhoneNumbersSummaryList"]
    assert [(n["PhoneNumberId"], n["TargetArn"], n["InstanceId"]) for n in v2] == [(gb, inst.arn, inst.id)]
    everything = [n["PhoneNumberId"] for n in connect.get_paginator("list_phone_numbers_v2").paginate(
        PaginationConfig={"PageSize": 1}).build_full_result()["ListPhoneNumbersSummaryList"]]
    assert {us, gb, elsewhere} <= set(everything)

    # UpdatePhoneNumber moves the number (IN_PROGRESS until it settles).
    moved = connect.update_phone_number(PhoneNumberId=us, TargetArn=other.arn, ClientToken=str(uuid.uuid4()))
    assert moved["PhoneNumberId"] == us
    assert settled(connect, us) == "CLAIMED"
    assert describe(connect, us)["InstanceId"] == other.id
    assert [n["Id"] for n in connect.list_phone_numbers(InstanceId=inst.id)["PhoneNumberSummaryList"]] == [gb]

    # Deleting an instance releases its numbers.
    connect.delete_instance(InstanceId=other.id)
    with expect_error("ResourceNotFoundException", 404):
        describe(connect, elsewhere)


def test_queue_outbound_caller_number_must_be_claimed_to_its_instance(connect, instance):
    inst, other = instance(), instance()
    mine, _, _ = claim(connect, inst, "+15125550101")
    theirs, _, _ = claim(connect, other, "+15125550102")
    qid = create_queue(connect, inst, name="Outbound", OutboundCallerConfig={"OutboundCallerIdNumberId": mine})
    q = connect.describe_queue(InstanceId=inst.id, QueueId=qid)["Queue"]
    assert q["OutboundCallerConfig"] == {"OutboundCallerIdNumberId": mine}
    for bad in (theirs, UNKNOWN_ID):
        with expect_error(("InvalidParameterException", "InvalidRequestException"), 400):
            connect.update_queue_outbound_caller_config(InstanceId=inst.id, QueueId=qid,
                                                        OutboundCallerConfig={"OutboundCallerIdNumberId": bad})
        with expect_error(("InvalidParameterException", "InvalidRequestException"), 400):
            create_queue(connect, inst, name="Bad" + bad[:4], OutboundCallerConfig={"OutboundCallerIdNumberId": bad})
    assert connect.describe_queue(InstanceId=inst.id, QueueId=qid)["Queue"]["OutboundCallerConfig"] == \
        {"OutboundCallerIdNumberId": mine}


def test_outbound_caller_number_in_use_is_not_released_or_moved(connect, instance):
    inst, other = instance(), instance()
    pid, _, _ = claim(connect, inst, "+15125550103")
    settled(connect, pid)
    qid = create_queue(connect, inst, name="Caller", OutboundCallerConfig={"OutboundCallerIdNumberId": pid})
    arn = describe(connect, pid)["PhoneNumberArn"]
    for call in (lambda: connect.release_phone_number(PhoneNumberId=pid),
                 lambda: connect.update_phone_number(PhoneNumberId=pid, TargetArn=other.arn)):
        with expect_error("ResourceInUseException", 409) as e:
            call()
        assert "Caller" in e.message
        assert e.value.response["ResourceType"] == "PHONE_NUMBER" and e.value.response["ResourceId"] == arn
    number = describe(connect, pid)
    assert (number["TargetArn"], number["PhoneNumberStatus"]["Status"]) == (inst.arn, "CLAIMED"), "refused changes nothing"
    connect.update_queue_outbound_caller_config(InstanceId=inst.id, QueueId=qid,
                                                OutboundCallerConfig={"OutboundCallerIdName": "ACME"})
    connect.release_phone_number(PhoneNumberId=pid)
    with expect_error("ResourceNotFoundException", 404):
        connect.describe_phone_number(PhoneNumberId=pid)


def test_cli_search_and_claim(aws, instance):
    inst = instance()
    rc, out, err = aws("connect", "search-available-phone-numbers", "--target-arn", inst.arn,
                       "--phone-number-country-code", "AU", "--phone-number-type", "TOLL_FREE", "--max-results", "1")
    assert rc == 0, err
    number = out["AvailableNumbersList"][0]["PhoneNumber"]
    assert number == "+611800160401"
    rc, out, err = aws("connect", "claim-phone-number", "--target-arn", inst.arn, "--phone-number", number)
    assert rc == 0, err
    rc, described, err = aws("connect", "describe-phone-number", "--phone-number-id", out["PhoneNumberId"])
    assert rc == 0, err
    assert described["ClaimedPhoneNumberSummary"]["PhoneNumber"] == number


class PhoneNumber:
    """The provider's functions for aws_connect_phone_number (ID: the phone number id;
    phone_number.go), as docs/terraform-provider.md gives them."""

    def __init__(self, connect):
        self.connect = connect

    def claimed(self, pid: str) -> None:
        read = lambda: self.connect.describe_phone_number(PhoneNumberId=pid)
        assert wait_for(status_of(read, ["ClaimedPhoneNumberSummary", "PhoneNumberStatus", "Status"]),
                        ["IN_PROGRESS"], ["CLAIMED"]) == "CLAIMED"

    def create(self, config: dict) -> str:
        search = {"MaxResults": 1, "PhoneNumberCountryCode": config["country_code"],
                  "PhoneNumberType": config["type"], "TargetArn": config["target_arn"]}
        if config.get("prefix"):
            search["PhoneNumberPrefix"] = config["prefix"]
        found = self.connect.search_available_phone_numbers(**search)["AvailableNumbersList"]
        assert found, "an empty list fails the create"
        claim = {"ClientToken": str(uuid.uuid4()), "PhoneNumber": found[0]["PhoneNumber"],
                 "TargetArn": config["target_arn"], **tags_in(config)}
        if config.get("description"):
            claim["PhoneNumberDescription"] = config["description"]
        pid = self.connect.claim_phone_number(**claim)["PhoneNumberId"]
        self.claimed(pid)
        return pid

    def read(self, rid: str) -> dict:
        number = self.connect.describe_phone_number(PhoneNumberId=rid)["ClaimedPhoneNumberSummary"]
        assert_no_empty_objects(number)
        status = number["PhoneNumberStatus"]
        return {"arn": number["PhoneNumberArn"], "country_code": number["PhoneNumberCountryCode"],
                "description": number.get("PhoneNumberDescription", ""), "phone_number": number["PhoneNumber"],
                "phone_number_id": number["PhoneNumberId"],
                "status": [{"status": status["Status"], "message": status.get("Message", "")}],
                "target_arn": number["TargetArn"], "type": number["PhoneNumberType"],
                "tags": tags_out(number.get("Tags"))}

    @staticmethod
    def expected(config: dict) -> dict:
        return {"country_code": config["country_code"], "description": config.get("description", ""),
                "target_arn": config["target_arn"], "type": config["type"], "tags": config.get("tags", {}),
                "status": [{"status": "CLAIMED", "message": ""}]}

    @staticmethod
    def import_id(state: dict) -> str:
        return state["phone_number_id"]

    def update(self, rid: str, state: dict, old: dict, new: dict) -> None:
        update_tags(self.connect, state["arn"], old.get("tags"), new.get("tags"))
        if changed(old, new, "target_arn"):
            self.connect.update_phone_number(ClientToken=str(uuid.uuid4()), PhoneNumberId=rid,
                                             TargetArn=new["target_arn"])
            self.claimed(rid)

    def delete(self, rid: str) -> None:
        delete_tolerating_gone(lambda: self.connect.release_phone_number(ClientToken=str(uuid.uuid4()),
                                                                         PhoneNumberId=rid))
        read = lambda: self.connect.describe_phone_number(PhoneNumberId=rid)
        assert wait_for(status_of(read, ["ClaimedPhoneNumberSummary", "PhoneNumberStatus", "Status"]),
                        ["IN_PROGRESS"], []) is None

    def gone(self, rid: str) -> None:
        assert_gone(lambda: self.connect.describe_phone_number(PhoneNumberId=rid))


def test_terraform_phone_number_replay(connect, instance):
    """aws_connect_phone_number: claimed to one instance, moved to another (target_arn is the
    one argument updated in place; the waiter sees CLAIMED again), imported, released."""
    first, second = instance(), instance()
    config = {"country_code": "US", "type": "TOLL_FREE", "target_arn": first.arn, "description": "tf",
              "tags": {"Name": "tf"}}
    state = replay_lifecycle(PhoneNumber(connect), config,
                             {**config, "target_arn": second.arn, "tags": {"Name": "tf", "env": "test"}})
    assert state["target_arn"] == second.arn, "byte for byte the instance ARN"
    assert state["phone_number"].startswith("+1") and state["arn"].endswith(f":phone-number/{state['phone_number_id']}")


def inbound_flow(connect, inst, flow_type="CONTACT_FLOW"):
    flows = connect.list_contact_flows(InstanceId=inst.id, ContactFlowTypes=[flow_type])["ContactFlowSummaryList"]
    return flows[0]["Id"], flows[0]["Arn"]


def test_phone_number_contact_flow_association(connect, instance, aws):
    inst, other = instance(), instance()
    pid, _, arn = claim(connect, inst, "+18085550101")
    flow_id, flow_arn = inbound_flow(connect, inst)
    assert connect.list_flow_associations(InstanceId=inst.id)["FlowAssociationSummaryList"] == []
    connect.associate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=inst.id, ContactFlowId=flow_id)
    expected = [{"ResourceId": arn, "FlowId": flow_arn, "ResourceType": "VOICE_PHONE_NUMBER"}]
    assert connect.list_flow_associations(InstanceId=inst.id, ResourceType="VOICE_PHONE_NUMBER")["FlowAssociationSummaryList"] == expected
    assert connect.list_flow_associations(InstanceId=inst.id, ResourceType="INBOUND_EMAIL")["FlowAssociationSummaryList"] == []
    rc, out, err = aws("connect", "list-flow-associations", "--instance-id", inst.id)
    assert rc == 0, err
    assert out["FlowAssociationSummaryList"] == expected
    # The number's ARN works as its id.
    connect.associate_phone_number_contact_flow(PhoneNumberId=arn, InstanceId=inst.id, ContactFlowId=flow_id)

    queue_transfer, _ = inbound_flow(connect, inst, "QUEUE_TRANSFER")
    with expect_error("InvalidParameterException", 400):
        connect.associate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=inst.id, ContactFlowId=queue_transfer)
    with expect_error("ResourceNotFoundException", 404):
        connect.associate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=inst.id, ContactFlowId=UNKNOWN_ID)
    other_flow, _ = inbound_flow(connect, other)
    with expect_error("ResourceNotFoundException", 404):  # claimed to another instance
        connect.associate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=other.id, ContactFlowId=other_flow)
    assert connect.list_flow_associations(InstanceId=inst.id)["FlowAssociationSummaryList"] == expected

    connect.disassociate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=inst.id)
    assert connect.list_flow_associations(InstanceId=inst.id)["FlowAssociationSummaryList"] == []
    with expect_error("ResourceNotFoundException", 404):
        connect.disassociate_phone_number_contact_flow(PhoneNumberId=pid, InstanceId=inst.id)


def test_terraform_phone_number_contact_flow_association_replay(connect, instance):
    """aws_connect_phone_number_contact_flow_association, as docs/terraform-provider.md gives
    it: associate (state = plan), read (DescribePhoneNumber, DescribeContactFlow, then
    ListFlowAssociations all pages: exactly one summary of the number's and the flow's ARNs),
    import by `phoneNumberID,instanceID,contactFlowID`, delete, and the read that finds it gone."""
    inst = instance()
    pid, _, _ = claim(connect, inst, "+18085550102")
    assert settled(connect, pid) == "CLAIMED"
    flow_id, _ = inbound_flow(connect, inst)
    connect.associate_phone_number_contact_flow(ContactFlowId=flow_id, InstanceId=inst.id, PhoneNumberId=pid)

    def read(phone_number_id, instance_id, contact_flow_id):
        number_arn = connect.describe_phone_number(PhoneNumberId=phone_number_id)["ClaimedPhoneNumberSummary"]["PhoneNumberArn"]
        flow_arn = connect.describe_contact_flow(ContactFlowId=contact_flow_id, InstanceId=instance_id)["ContactFlow"]["Arn"]
        summaries, token = [], None
        while True:
            page = connect.list_flow_associations(InstanceId=instance_id, ResourceType="VOICE_PHONE_NUMBER",
                                                  **({"NextToken": token} if token else {}))
            summaries += page["FlowAssociationSummaryList"]
            token = page.get("NextToken")
            if not token:
                break
        return [s for s in summaries if s["ResourceId"] == number_arn and s["FlowId"] == flow_arn]

    assert len(read(pid, inst.id, flow_id)) == 1
    phone_number_id, instance_id, contact_flow_id = f"{pid},{inst.id},{flow_id}".split(",")
    assert len(read(phone_number_id, instance_id, contact_flow_id)) == 1
    connect.disassociate_phone_number_contact_flow(InstanceId=inst.id, PhoneNumberId=pid)
    assert read(pid, inst.id, flow_id) == []  # gone: no matching summary
