import pytest

@pytest.mark.parametrize("n", range(24))
def test_each_test_starts_from_an_empty_server(connect, n):
    assert connect.list_instances()["InstanceSummaryList"] == []
    connect.create_instance(IdentityManagementType="CONNECT_MANAGED", InstanceAlias=f"t{n}", InboundCallsEnabled=True, OutboundCallsEnabled=True)
    assert [i["InstanceAlias"] for i in connect.list_instances()["InstanceSummaryList"]] == [f"t{n}"]
