"""Members that switchboard computes rather than stores, and members Connect's documentation
says an operation leaves out (docs/rules.md, "Computed and omitted members").

The routing profile's NumberOfAssociatedUsers is counted from the users that reference the
profile whenever it is read, so it follows creates, moves (UpdateUserRoutingProfile) and
deletes, refused writes change nothing, and racing writers cannot make it drift."""
from concurrent.futures import ThreadPoolExecutor

from conftest import (BASIC_ROUTING_PROFILE, create_queue, create_routing_profile, create_user,
                      expect_error, queue_config)

UNKNOWN_ID = "11111111-2222-4333-8444-555555555555"


def describe(connect, inst, rp):
    return connect.describe_routing_profile(InstanceId=inst.id,
                                            RoutingProfileId=rp)["RoutingProfile"]


def searched(connect, inst, **kw):
    """{id: profile} of every SearchRoutingProfiles page."""
    out = {}
    for page in connect.get_paginator("search_routing_profiles").paginate(InstanceId=inst.id, **kw):
        for p in page["RoutingProfiles"]:
            out[p["RoutingProfileId"]] = p
    return out


def users_of(connect, inst, *profiles):
    """NumberOfAssociatedUsers of each profile, as DescribeRoutingProfile and as
    SearchRoutingProfiles give it (asserting that the two agree)."""
    described = [describe(connect, inst, rp)["NumberOfAssociatedUsers"] for rp in profiles]
    found = searched(connect, inst)
    assert [found[rp]["NumberOfAssociatedUsers"] for rp in profiles] == described
    return described


def test_number_of_associated_users_follows_create_move_delete(connect, instance):
    inst = instance()
    basic = inst.routing_profile_id
    rp1, rp2 = create_routing_profile(connect, inst), create_routing_profile(connect, inst)
    assert users_of(connect, inst, basic, rp1, rp2) == [0, 0, 0]

    users = [create_user(connect, inst, RoutingProfileId=rp1)["UserId"] for _ in range(3)]
    create_user(connect, inst)  # on the Basic Routing Profile
    assert users_of(connect, inst, basic, rp1, rp2) == [1, 3, 0]

    connect.update_user_routing_profile(InstanceId=inst.id, UserId=users[0], RoutingProfileId=rp2)
    assert users_of(connect, inst, basic, rp1, rp2) == [1, 2, 1]
    # Moving a user to the profile it is on already changes nothing.
    connect.update_user_routing_profile(InstanceId=inst.id, UserId=users[0], RoutingProfileId=rp2)
    assert users_of(connect, inst, basic, rp1, rp2) == [1, 2, 1]

    connect.delete_user(InstanceId=inst.id, UserId=users[1])
    assert users_of(connect, inst, basic, rp1, rp2) == [1, 1, 1]

    # Refused writes change nothing: a move to a profile that does not exist, a create
    # with a taken username, a create on a profile that does not exist.
    with expect_error(("InvalidParameterException", "ResourceNotFoundException"), "4xx"):
        connect.update_user_routing_profile(InstanceId=inst.id, UserId=users[2],
                                            RoutingProfileId=UNKNOWN_ID)
    taken = connect.describe_user(InstanceId=inst.id, UserId=users[2])["User"]["Username"]
    with expect_error("DuplicateResourceException", 409):
        create_user(connect, inst, Username=taken, RoutingProfileId=rp2)
    with expect_error("InvalidParameterException", 400):
        create_user(connect, inst, RoutingProfileId=UNKNOWN_ID)
    assert users_of(connect, inst, basic, rp1, rp2) == [1, 1, 1]

    # A profile with users cannot be deleted; once its last user has gone, it can.
    with expect_error("ResourceInUseException", 409):
        connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=rp1)
    connect.delete_user(InstanceId=inst.id, UserId=users[2])
    assert users_of(connect, inst, rp1) == [0]
    connect.delete_routing_profile(InstanceId=inst.id, RoutingProfileId=rp1)


def test_number_of_associated_users_in_the_aws_cli(connect, instance, aws):
    inst = instance()
    rp = create_routing_profile(connect, inst)
    for _ in range(2):
        create_user(connect, inst, RoutingProfileId=rp)
    out = aws("connect", "describe-routing-profile", "--instance-id", inst.id,
              "--routing-profile-id", rp)
    assert out.rc == 0, out.err
    assert out.out["RoutingProfile"]["NumberOfAssociatedUsers"] == 2


def test_number_of_associated_users_under_concurrent_writes(connect, instance):
    """Creates, moves and deletes racing each other: afterwards each profile's count is the
    number of users whose RoutingProfileId names it."""
    inst = instance()
    profiles = [create_routing_profile(connect, inst) for _ in range(3)]

    def churn(i):
        user = create_user(connect, inst, RoutingProfileId=profiles[i % 3])["UserId"]
        if i % 3 == 1:
            connect.update_user_routing_profile(InstanceId=inst.id, UserId=user,
                                                RoutingProfileId=profiles[(i + 1) % 3])
        if i % 5 == 0:
            connect.delete_user(InstanceId=inst.id, UserId=user)

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(churn, range(45)))

    truth = {rp: 0 for rp in profiles}
    for page in connect.get_paginator("search_users").paginate(InstanceId=inst.id):
        for u in page["Users"]:
            truth[u["RoutingProfileId"]] += 1
    # 45 users, 9 deleted (i % 5 == 0); the 15 with i % 3 == 1 moved from the second
    # profile to the third, so the second has none.
    assert truth[profiles[1]] == 0 and sum(truth.values()) == 36
    assert users_of(connect, inst, *profiles) == [truth[rp] for rp in profiles]


def test_search_counts_users_on_every_page(connect, instance):
    """SearchRoutingProfiles fills NumberOfAssociatedUsers for each profile of each page
    (counted for the page's profiles together, not one request per profile)."""
    inst = instance()
    queue = create_queue(connect, inst)
    profiles = [create_routing_profile(connect, inst, queue, name=f"rp-{n:03}") for n in range(60)]
    expected = {rp: 0 for rp in profiles}
    expected[inst.routing_profile_id] = 0
    for n, rp in enumerate(profiles[::7]):
        for _ in range(n % 3 + 1):
            create_user(connect, inst, RoutingProfileId=rp)
            expected[rp] += 1
    pages = list(connect.get_paginator("search_routing_profiles").paginate(
        InstanceId=inst.id, PaginationConfig={"PageSize": 25}))
    assert len(pages) == 3
    found = {p["RoutingProfileId"]: p["NumberOfAssociatedUsers"]
             for page in pages for p in page["RoutingProfiles"]}
    assert found == expected


def test_describe_routing_profile_members(connect, instance):
    inst = instance()
    queue = create_queue(connect, inst)
    # Created without AgentAvailabilityTimer or CrossChannelBehavior: Connect's defaults.
    plain = create_routing_profile(connect, inst, queue, MediaConcurrencies=[
        {"Channel": "VOICE", "Concurrency": 1}, {"Channel": "CHAT", "Concurrency": 2}])
    p = describe(connect, inst, plain)
    assert p["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    assert {m["Channel"]: m["CrossChannelBehavior"] for m in p["MediaConcurrencies"]} == {
        "VOICE": {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"},
        "CHAT": {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}}
    # "DescribeRoutingProfile does not populate AssociatedQueueIds" (its documentation);
    # the counts are there.
    assert "AssociatedQueueIds" not in p
    assert (p["NumberOfAssociatedQueues"], p["NumberOfAssociatedUsers"]) == (1, 0)
    assert (p["NumberOfAssociatedManualAssignmentQueues"],
            p["AssociatedManualAssignmentQueueIds"]) == (0, [])

    # What was given is kept.
    chosen = create_routing_profile(
        connect, inst, queue, AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1,
                             "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"}},
                            {"Channel": "TASK", "Concurrency": 3}])
    p = describe(connect, inst, chosen)
    assert p["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND"
    assert {m["Channel"]: m["CrossChannelBehavior"]["BehaviorType"]
            for m in p["MediaConcurrencies"]} == {"VOICE": "ROUTE_ANY_CHANNEL",
                                                  "TASK": "ROUTE_CURRENT_CHANNEL_ONLY"}
    # UpdateRoutingProfileConcurrency replaces a channel's concurrency: given without a
    # CrossChannelBehavior, the channel has the default again.
    connect.update_routing_profile_concurrency(
        InstanceId=inst.id, RoutingProfileId=chosen,
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1}])
    p = describe(connect, inst, chosen)
    assert {m["Channel"]: m["CrossChannelBehavior"]["BehaviorType"]
            for m in p["MediaConcurrencies"]} == {"VOICE": "ROUTE_CURRENT_CHANNEL_ONLY",
                                                  "TASK": "ROUTE_CURRENT_CHANNEL_ONLY"}


def test_default_routing_profile_members(connect, instance):
    """The Basic Routing Profile a new instance comes with has every computed member."""
    inst = instance()
    p = describe(connect, inst, inst.routing_profile_id)
    assert p["Name"] == BASIC_ROUTING_PROFILE and p["IsDefault"] is True
    assert (p["NumberOfAssociatedQueues"], p["NumberOfAssociatedUsers"],
            p["NumberOfAssociatedManualAssignmentQueues"]) == (1, 0, 0)
    assert p["AssociatedManualAssignmentQueueIds"] == []
    assert p["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_ACTIVITY"
    assert all(m["CrossChannelBehavior"] == {"BehaviorType": "ROUTE_CURRENT_CHANNEL_ONLY"}
               for m in p["MediaConcurrencies"])
    create_user(connect, inst)
    assert describe(connect, inst, inst.routing_profile_id)["NumberOfAssociatedUsers"] == 1


def test_search_routing_profiles_members(connect, instance):
    inst = instance()
    q1, q2 = create_queue(connect, inst), create_queue(connect, inst)
    rp = create_routing_profile(
        connect, inst, q1, AgentAvailabilityTimer="TIME_SINCE_LAST_INBOUND",
        MediaConcurrencies=[{"Channel": "VOICE", "Concurrency": 1,
                             "CrossChannelBehavior": {"BehaviorType": "ROUTE_ANY_CHANNEL"}}],
        QueueConfigs=[queue_config(q1), queue_config(q2, "CHAT")])
    create_user(connect, inst, RoutingProfileId=rp)
    p = searched(connect, inst)[rp]
    assert sorted(p["AssociatedQueueIds"]) == sorted([q1, q2])
    assert (p["NumberOfAssociatedQueues"], p["NumberOfAssociatedUsers"]) == (2, 1)
    assert p["MediaConcurrencies"] == [{"Channel": "VOICE", "Concurrency": 1}]
    # "SearchRoutingProfiles does not populate LastModifiedRegion, LastModifiedTime,
    # MediaConcurrencies.CrossChannelBehavior, and AgentAvailabilityTimer in its response,
    # but DescribeRoutingProfile does" (its documentation).
    for member in ("LastModifiedTime", "LastModifiedRegion", "AgentAvailabilityTimer"):
        assert member not in p, member
    described = describe(connect, inst, rp)
    assert described["AgentAvailabilityTimer"] == "TIME_SINCE_LAST_INBOUND"
    assert "LastModifiedTime" in described and "LastModifiedRegion" in described
