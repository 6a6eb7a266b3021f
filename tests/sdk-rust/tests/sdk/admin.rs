//! The admin resources users are configured with: instances, security profiles, hours of
//! operation, queues, routing profiles and their queues, the user hierarchy, tags.
use aws_sdk_connect::operation::create_instance::CreateInstanceError;
use aws_sdk_connect::operation::delete_hours_of_operation::DeleteHoursOfOperationError;
use aws_sdk_connect::operation::delete_queue::DeleteQueueError;
use aws_sdk_connect::operation::delete_routing_profile::DeleteRoutingProfileError;
use aws_sdk_connect::operation::delete_user_hierarchy_group::DeleteUserHierarchyGroupError;
use aws_sdk_connect::operation::describe_hours_of_operation::DescribeHoursOfOperationError;
use aws_sdk_connect::operation::describe_instance::DescribeInstanceError;
use aws_sdk_connect::operation::describe_queue::DescribeQueueError;
use aws_sdk_connect::operation::describe_routing_profile::DescribeRoutingProfileError;
use aws_sdk_connect::operation::describe_security_profile::DescribeSecurityProfileError;
use aws_sdk_connect::operation::describe_user_hierarchy_group::DescribeUserHierarchyGroupError;
use aws_sdk_connect::operation::list_tags_for_resource::ListTagsForResourceError;
use aws_sdk_connect::operation::list_users::ListUsersError;
use aws_sdk_connect::operation::update_user_hierarchy_structure::UpdateUserHierarchyStructureError;
use aws_sdk_connect::types::{
    Channel, DirectoryType, HierarchyLevelUpdate, HierarchyStructureUpdate, HoursOfOperationConfig, HoursOfOperationDays,
    HoursOfOperationSearchCriteria, HoursOfOperationTimeSlice, InstanceStatus, MediaConcurrency, QueueSearchCriteria,
    QueueStatus, QueueType, RoutingProfileQueueConfig, RoutingProfileQueueReference, RoutingProfileSearchCriteria,
    SecurityProfileSearchCriteria, StringComparisonType, StringCondition, UserHierarchyGroupSearchCriteria,
};
use aws_sdk_connect::Client;
use switchboard_sdk_rust_tests::{
    all_instances, expect_error, items, pages, unique, ClientOptions, Instance, Server, ACCOUNT, REGION,
};

fn condition(field: &str, value: &str, cmp: StringComparisonType) -> StringCondition {
    StringCondition::builder().field_name(field).value(value).comparison_type(cmp).build()
}

fn hours_config(days: &[HoursOfOperationDays]) -> Vec<HoursOfOperationConfig> {
    let at = |h| HoursOfOperationTimeSlice::builder().hours(h).minutes(0).build().unwrap();
    days.iter()
        .map(|d| HoursOfOperationConfig::builder().day(d.clone()).start_time(at(9)).end_time(at(17)).build().unwrap())
        .collect()
}

const WEEKDAYS: [HoursOfOperationDays; 5] = [
    HoursOfOperationDays::Monday,
    HoursOfOperationDays::Tuesday,
    HoursOfOperationDays::Wednesday,
    HoursOfOperationDays::Thursday,
    HoursOfOperationDays::Friday,
];

fn queue_config(queue: &str, channel: Channel, priority: i32, delay: i32) -> RoutingProfileQueueConfig {
    RoutingProfileQueueConfig::builder()
        .queue_reference(RoutingProfileQueueReference::builder().queue_id(queue).channel(channel).build().unwrap())
        .priority(priority)
        .delay(delay)
        .build()
        .unwrap()
}

fn concurrency(channel: Channel, n: i32) -> MediaConcurrency {
    MediaConcurrency::builder().channel(channel).concurrency(n).build().unwrap()
}

async fn create_hours(client: &Client, inst: &Instance, name: &str) -> String {
    client
        .create_hours_of_operation()
        .instance_id(&inst.id)
        .name(name)
        .time_zone("America/New_York")
        .set_config(Some(hours_config(&WEEKDAYS)))
        .send()
        .await
        .unwrap()
        .hours_of_operation_id
        .unwrap()
}

async fn create_queue(client: &Client, inst: &Instance, hours: &str) -> String {
    client
        .create_queue()
        .instance_id(&inst.id)
        .name(unique("queue"))
        .hours_of_operation_id(hours)
        .send()
        .await
        .unwrap()
        .queue_id
        .unwrap()
}

async fn create_routing_profile(client: &Client, inst: &Instance, queue: &str) -> String {
    client
        .create_routing_profile()
        .instance_id(&inst.id)
        .name(unique("rp"))
        .description("test routing profile")
        .default_outbound_queue_id(queue)
        .media_concurrencies(concurrency(Channel::Voice, 1))
        .queue_configs(queue_config(queue, Channel::Voice, 1, 0))
        .send()
        .await
        .unwrap()
        .routing_profile_id
        .unwrap()
}

#[tokio::test]
async fn instances_create_describe_list_delete() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let other = Instance::create(&client).await;
    let alias = unique("inst");
    let created = client
        .create_instance()
        .identity_management_type(DirectoryType::ConnectManaged)
        .instance_alias(&alias)
        .inbound_calls_enabled(true)
        .outbound_calls_enabled(false)
        .tags("env", "test")
        .send()
        .await
        .unwrap();
    let id = created.id().unwrap();
    assert_eq!(created.arn(), Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{id}").as_str()));
    let described = client.describe_instance().instance_id(id).send().await.unwrap();
    let i = described.instance().unwrap();
    assert_eq!((i.id(), i.arn(), i.instance_alias()), (Some(id), created.arn(), Some(alias.as_str())));
    assert_eq!(i.identity_management_type(), Some(&DirectoryType::ConnectManaged));
    assert_eq!((i.inbound_calls_enabled(), i.outbound_calls_enabled()), (Some(true), Some(false)));
    assert_eq!(i.instance_status(), Some(&InstanceStatus::Active));
    assert!(i.created_time().is_some());
    assert_eq!(i.tags().unwrap()["env"], "test");

    let pages = pages!(client.list_instances(), 1);
    assert!(pages.len() >= 2, "at least two instances, one per page");
    assert!(pages.iter().all(|p| p.instance_summary_list().len() == 1));
    let listed: Vec<_> = pages.into_iter().flat_map(|p| p.instance_summary_list.unwrap_or_default()).collect();
    let summary = listed.iter().find(|s| s.id() == Some(id)).expect("listed");
    assert_eq!(summary.instance_alias(), Some(alias.as_str()));
    assert_eq!(summary.instance_status(), Some(&InstanceStatus::Active));
    assert!(listed.iter().any(|s| s.id() == Some(other.id.as_str())));

    client.delete_instance().instance_id(id).send().await.unwrap();
    expect_error!(client.describe_instance().instance_id(id).send(), DescribeInstanceError::ResourceNotFoundException);
    assert!(all_instances(&client).await.iter().all(|s| s.id() != Some(id)));
    server.stop().await;
}

#[tokio::test]
async fn security_profiles() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("Lead");
    let out = client
        .create_security_profile()
        .instance_id(&inst.id)
        .security_profile_name(&name)
        .description("before")
        .permissions("Users.View")
        .permissions("Queues.View")
        .permissions("RoutingPolicies.View")
        .tags("k", "v")
        .send()
        .await
        .unwrap();
    let id = out.security_profile_id().unwrap();
    assert_eq!(
        out.security_profile_arn(),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/security-profile/{id}", inst.id).as_str())
    );
    let describe = || client.describe_security_profile().instance_id(&inst.id).security_profile_id(id).send();
    let sp = describe().await.unwrap().security_profile.unwrap();
    assert_eq!((sp.id(), sp.arn(), sp.security_profile_name()), (Some(id), out.security_profile_arn(), Some(name.as_str())));
    assert_eq!(sp.description(), Some("before"));
    assert_eq!(sp.organization_resource_id(), Some(inst.id.as_str()));
    assert_eq!(sp.tags().unwrap()["k"], "v");

    let mut names: Vec<_> = items!(client.list_security_profiles().instance_id(&inst.id), page_size = 2)
        .into_iter()
        .map(|p| p.name.unwrap())
        .collect();
    names.sort();
    let mut want = vec!["Admin".to_string(), "Agent".into(), "CallCenterManager".into(), "QualityAnalyst".into(), name.clone()];
    want.sort();
    assert_eq!(names, want);

    let permissions = || client.list_security_profile_permissions().instance_id(&inst.id).security_profile_id(id);
    let ps = pages!(permissions(), 1);
    assert_eq!(ps.len(), 3);
    let mut perms: Vec<_> = ps.into_iter().flat_map(|p| p.permissions.unwrap_or_default()).collect();
    perms.sort();
    assert_eq!(perms, ["Queues.View", "RoutingPolicies.View", "Users.View"]);

    client
        .update_security_profile()
        .instance_id(&inst.id)
        .security_profile_id(id)
        .description("after")
        .permissions("Users.View")
        .permissions("Users.Edit")
        .send()
        .await
        .unwrap();
    assert_eq!(describe().await.unwrap().security_profile.unwrap().description(), Some("after"));
    let mut perms = items!(permissions());
    perms.sort();
    assert_eq!(perms, ["Users.Edit", "Users.View"]);

    let found = items!(
        client
            .search_security_profiles()
            .instance_id(&inst.id)
            .search_criteria(SecurityProfileSearchCriteria::builder().string_condition(condition("name", &name, StringComparisonType::Exact)).build()),
        page_size = 1
    );
    assert_eq!(found.iter().map(|p| (p.id(), p.security_profile_name())).collect::<Vec<_>>(), [(Some(id), Some(name.as_str()))]);
    let all = pages!(client.search_security_profiles().instance_id(&inst.id), 2);
    assert_eq!(all.len(), 3);
    assert_eq!(all.iter().map(|p| p.security_profiles().len()).sum::<usize>(), 5);

    client.delete_security_profile().instance_id(&inst.id).security_profile_id(id).send().await.unwrap();
    expect_error!(describe(), DescribeSecurityProfileError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn hours_of_operation() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("Support");
    let id = create_hours(&client, &inst, &name).await;
    let describe = || client.describe_hours_of_operation().instance_id(&inst.id).hours_of_operation_id(&id).send();
    let h = describe().await.unwrap().hours_of_operation.unwrap();
    assert_eq!(h.hours_of_operation_id(), Some(id.as_str()));
    assert_eq!(
        h.hours_of_operation_arn(),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/operating-hours/{id}", inst.id).as_str())
    );
    assert_eq!((h.name(), h.time_zone()), (Some(name.as_str()), Some("America/New_York")));
    assert_eq!(h.config().len(), 5);
    let start = h.config()[0].start_time().unwrap();
    assert_eq!((start.hours(), start.minutes()), (9, 0));

    client
        .update_hours_of_operation()
        .instance_id(&inst.id)
        .hours_of_operation_id(&id)
        .name(format!("{name}-after"))
        .time_zone("Europe/Paris")
        .set_config(Some(hours_config(&[HoursOfOperationDays::Saturday])))
        .send()
        .await
        .unwrap();
    let h = describe().await.unwrap().hours_of_operation.unwrap();
    assert_eq!((h.name(), h.time_zone()), (Some(format!("{name}-after").as_str()), Some("Europe/Paris")));
    assert_eq!(h.config().iter().map(|c| c.day().clone()).collect::<Vec<_>>(), [HoursOfOperationDays::Saturday]);

    let listed = items!(client.list_hours_of_operations().instance_id(&inst.id), page_size = 1);
    assert!(listed.iter().any(|x| x.id() == Some(id.as_str()) && x.name() == Some(format!("{name}-after").as_str())));
    let found = items!(
        client
            .search_hours_of_operations()
            .instance_id(&inst.id)
            .search_criteria(HoursOfOperationSearchCriteria::builder().string_condition(condition("name", &name, StringComparisonType::StartsWith)).build()),
        page_size = 1
    );
    assert_eq!(found.iter().map(|x| x.hours_of_operation_id()).collect::<Vec<_>>(), [Some(id.as_str())]);

    // In use by a queue: DeleteHoursOfOperation models no ResourceInUseException (docs/rules.md).
    let queue = create_queue(&client, &inst, &id).await;
    expect_error!(
        client.delete_hours_of_operation().instance_id(&inst.id).hours_of_operation_id(&id).send(),
        DeleteHoursOfOperationError::InvalidRequestException
    );
    client.update_queue_hours_of_operation().instance_id(&inst.id).queue_id(&queue).hours_of_operation_id(&inst.hours_id).send().await.unwrap();
    client.delete_hours_of_operation().instance_id(&inst.id).hours_of_operation_id(&id).send().await.unwrap();
    expect_error!(describe(), DescribeHoursOfOperationError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn queues() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("Sales");
    let out = client
        .create_queue()
        .instance_id(&inst.id)
        .name(&name)
        .description("sales line")
        .hours_of_operation_id(&inst.hours_id)
        .max_contacts(10)
        .tags("dept", "sales")
        .send()
        .await
        .unwrap();
    let id = out.queue_id().unwrap();
    assert_eq!(out.queue_arn(), Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/queue/{id}", inst.id).as_str()));
    let describe = || client.describe_queue().instance_id(&inst.id).queue_id(id).send();
    let q = describe().await.unwrap().queue.unwrap();
    assert_eq!((q.queue_id(), q.queue_arn(), q.name()), (Some(id), out.queue_arn(), Some(name.as_str())));
    assert_eq!((q.description(), q.hours_of_operation_id()), (Some("sales line"), Some(inst.hours_id.as_str())));
    assert_eq!((q.max_contacts(), q.status()), (Some(10), Some(&QueueStatus::Enabled)));
    assert_eq!(q.tags().unwrap()["dept"], "sales");

    let hours = create_hours(&client, &inst, &unique("hours")).await;
    client.update_queue_name().instance_id(&inst.id).queue_id(id).name(format!("{name}-2")).description("renamed").send().await.unwrap();
    client.update_queue_status().instance_id(&inst.id).queue_id(id).status(QueueStatus::Disabled).send().await.unwrap();
    client.update_queue_hours_of_operation().instance_id(&inst.id).queue_id(id).hours_of_operation_id(&hours).send().await.unwrap();
    client.update_queue_max_contacts().instance_id(&inst.id).queue_id(id).max_contacts(25).send().await.unwrap();
    let q = describe().await.unwrap().queue.unwrap();
    assert_eq!((q.name(), q.description()), (Some(format!("{name}-2").as_str()), Some("renamed")));
    assert_eq!((q.status(), q.hours_of_operation_id(), q.max_contacts()), (Some(&QueueStatus::Disabled), Some(hours.as_str()), Some(25)));

    let listed = items!(client.list_queues().instance_id(&inst.id).queue_types(QueueType::Standard), page_size = 1);
    let summary = listed.iter().find(|x| x.id() == Some(id)).expect("listed");
    assert_eq!((summary.name(), summary.queue_type()), (Some(format!("{name}-2").as_str()), Some(&QueueType::Standard)));
    let found = items!(
        client
            .search_queues()
            .instance_id(&inst.id)
            .search_criteria(QueueSearchCriteria::builder().string_condition(condition("name", &name, StringComparisonType::StartsWith)).build()),
        page_size = 1
    );
    assert_eq!(found.iter().map(|x| x.queue_id()).collect::<Vec<_>>(), [Some(id)]);

    // The default outbound queue of a routing profile is in use.
    let rp = create_routing_profile(&client, &inst, id).await;
    expect_error!(client.delete_queue().instance_id(&inst.id).queue_id(id).send(), DeleteQueueError::ResourceInUseException);
    client.delete_routing_profile().instance_id(&inst.id).routing_profile_id(&rp).send().await.unwrap();
    client.delete_queue().instance_id(&inst.id).queue_id(id).send().await.unwrap();
    expect_error!(describe(), DescribeQueueError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn routing_profiles_and_their_queues() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let (q1, q2, q3) = (
        create_queue(&client, &inst, &inst.hours_id).await,
        create_queue(&client, &inst, &inst.hours_id).await,
        create_queue(&client, &inst, &inst.hours_id).await,
    );
    let name = unique("Tier");
    let out = client
        .create_routing_profile()
        .instance_id(&inst.id)
        .name(&name)
        .description("tier one")
        .default_outbound_queue_id(&q1)
        .media_concurrencies(concurrency(Channel::Voice, 1))
        .media_concurrencies(concurrency(Channel::Chat, 2))
        .queue_configs(queue_config(&q1, Channel::Voice, 1, 0))
        .send()
        .await
        .unwrap();
    let id = out.routing_profile_id().unwrap();
    assert_eq!(
        out.routing_profile_arn(),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/routing-profile/{id}", inst.id).as_str())
    );
    let describe = || client.describe_routing_profile().instance_id(&inst.id).routing_profile_id(id).send();
    let concurrencies = |rp: &aws_sdk_connect::types::RoutingProfile| {
        let mut c: Vec<_> = rp.media_concurrencies().iter().map(|m| (m.channel().as_str().to_string(), m.concurrency())).collect();
        c.sort();
        c
    };
    let rp = describe().await.unwrap().routing_profile.unwrap();
    assert_eq!((rp.routing_profile_id(), rp.routing_profile_arn(), rp.name()), (Some(id), out.routing_profile_arn(), Some(name.as_str())));
    assert_eq!((rp.description(), rp.default_outbound_queue_id(), rp.instance_id()), (Some("tier one"), Some(q1.as_str()), Some(inst.id.as_str())));
    assert_eq!(concurrencies(&rp), [("CHAT".to_string(), 2), ("VOICE".to_string(), 1)]);
    assert_eq!(rp.number_of_associated_queues(), Some(1));

    client.update_routing_profile_name().instance_id(&inst.id).routing_profile_id(id).name(format!("{name}-2")).description("renamed").send().await.unwrap();
    client
        .update_routing_profile_concurrency()
        .instance_id(&inst.id)
        .routing_profile_id(id)
        .media_concurrencies(concurrency(Channel::Voice, 1))
        .media_concurrencies(concurrency(Channel::Chat, 5))
        .send()
        .await
        .unwrap();
    client.update_routing_profile_default_outbound_queue().instance_id(&inst.id).routing_profile_id(id).default_outbound_queue_id(&q2).send().await.unwrap();
    client
        .associate_routing_profile_queues()
        .instance_id(&inst.id)
        .routing_profile_id(id)
        .queue_configs(queue_config(&q2, Channel::Chat, 2, 10))
        .queue_configs(queue_config(&q3, Channel::Voice, 3, 0))
        .send()
        .await
        .unwrap();
    client
        .update_routing_profile_queues()
        .instance_id(&inst.id)
        .routing_profile_id(id)
        .queue_configs(queue_config(&q2, Channel::Chat, 9, 99))
        .send()
        .await
        .unwrap();
    let queues = || client.list_routing_profile_queues().instance_id(&inst.id).routing_profile_id(id);
    let ps = pages!(queues(), 1);
    assert_eq!(ps.len(), 3);
    let mut configs: Vec<_> = ps
        .into_iter()
        .flat_map(|p| p.routing_profile_queue_config_summary_list.unwrap_or_default())
        .map(|c| (c.queue_id().to_string(), c.channel().as_str().to_string(), c.priority(), c.delay()))
        .collect();
    configs.sort();
    let mut want = vec![
        (q1.clone(), "VOICE".to_string(), 1, 0),
        (q2.clone(), "CHAT".to_string(), 9, 99),
        (q3.clone(), "VOICE".to_string(), 3, 0),
    ];
    want.sort();
    assert_eq!(configs, want);

    let rp = describe().await.unwrap().routing_profile.unwrap();
    assert_eq!((rp.name(), rp.description(), rp.default_outbound_queue_id()), (Some(format!("{name}-2").as_str()), Some("renamed"), Some(q2.as_str())));
    assert_eq!(concurrencies(&rp), [("CHAT".to_string(), 5), ("VOICE".to_string(), 1)]);
    assert_eq!(rp.number_of_associated_queues(), Some(3));

    client
        .disassociate_routing_profile_queues()
        .instance_id(&inst.id)
        .routing_profile_id(id)
        .queue_references(RoutingProfileQueueReference::builder().queue_id(&q3).channel(Channel::Voice).build().unwrap())
        .queue_references(RoutingProfileQueueReference::builder().queue_id(&q2).channel(Channel::Chat).build().unwrap())
        .send()
        .await
        .unwrap();
    let left: Vec<_> = items!(queues()).into_iter().map(|c| (c.queue_id().to_string(), c.channel().clone())).collect();
    assert_eq!(left, [(q1.clone(), Channel::Voice)]);

    let listed = items!(client.list_routing_profiles().instance_id(&inst.id), page_size = 1);
    assert!(listed.iter().any(|x| x.id() == Some(id) && x.name() == Some(format!("{name}-2").as_str())));
    let found = items!(
        client
            .search_routing_profiles()
            .instance_id(&inst.id)
            .search_criteria(RoutingProfileSearchCriteria::builder().string_condition(condition("name", &name, StringComparisonType::StartsWith)).build()),
        page_size = 1
    );
    assert_eq!(found.iter().map(|x| x.routing_profile_id()).collect::<Vec<_>>(), [Some(id)]);

    // In use by a user.
    let user = inst.user_request(&client, &unique("u")).routing_profile_id(id).send().await.unwrap().user_id.unwrap();
    expect_error!(
        client.delete_routing_profile().instance_id(&inst.id).routing_profile_id(id).send(),
        DeleteRoutingProfileError::ResourceInUseException
    );
    client.update_user_routing_profile().instance_id(&inst.id).user_id(&user).routing_profile_id(&inst.routing_profile_id).send().await.unwrap();
    client.delete_routing_profile().instance_id(&inst.id).routing_profile_id(id).send().await.unwrap();
    expect_error!(describe(), DescribeRoutingProfileError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn describe_routing_profile_counts_its_users() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let rp = create_routing_profile(&client, &inst, &inst.queue_id).await;
    let count = || async {
        client.describe_routing_profile().instance_id(&inst.id).routing_profile_id(&rp).send().await.unwrap().routing_profile.unwrap().number_of_associated_users()
    };
    assert_eq!(count().await, Some(0));
    let a = inst.user_request(&client, &unique("u")).routing_profile_id(&rp).send().await.unwrap().user_id.unwrap();
    let b = inst.user_request(&client, &unique("u")).routing_profile_id(&rp).send().await.unwrap().user_id.unwrap();
    assert_eq!(count().await, Some(2));
    client.update_user_routing_profile().instance_id(&inst.id).user_id(&a).routing_profile_id(&inst.routing_profile_id).send().await.unwrap();
    assert_eq!(count().await, Some(1));
    client.delete_user().instance_id(&inst.id).user_id(&b).send().await.unwrap();
    assert_eq!(count().await, Some(0));
    server.stop().await;
}

#[tokio::test]
async fn user_hierarchy_structure_and_groups() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let level = |name: &str| HierarchyLevelUpdate::builder().name(name).build().unwrap();
    client
        .update_user_hierarchy_structure()
        .instance_id(&inst.id)
        .hierarchy_structure(HierarchyStructureUpdate::builder().level_one(level("Region")).level_two(level("Site")).build())
        .send()
        .await
        .unwrap();
    let s = client.describe_user_hierarchy_structure().instance_id(&inst.id).send().await.unwrap().hierarchy_structure.unwrap();
    assert_eq!(s.level_one().and_then(|l| l.name()), Some("Region"));
    assert_eq!(s.level_two().and_then(|l| l.name()), Some("Site"));
    assert!(s.level_three().is_none());
    assert_eq!(
        s.level_one().and_then(|l| l.arn()),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/agent-group-level/1", inst.id).as_str())
    );

    let top = client.create_user_hierarchy_group().instance_id(&inst.id).name("EMEA").send().await.unwrap().hierarchy_group_id.unwrap();
    let child = client
        .create_user_hierarchy_group()
        .instance_id(&inst.id)
        .name("Paris")
        .parent_group_id(&top)
        .tags("site", "paris")
        .send()
        .await
        .unwrap();
    let child_id = child.hierarchy_group_id().unwrap();
    assert_eq!(
        child.hierarchy_group_arn(),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/agent-group/{child_id}", inst.id).as_str())
    );
    let describe = |id: String| {
        let client = client.clone();
        let inst_id = inst.id.clone();
        async move { client.describe_user_hierarchy_group().instance_id(inst_id).hierarchy_group_id(id).send().await }
    };
    let g = describe(child_id.to_string()).await.unwrap().hierarchy_group.unwrap();
    assert_eq!((g.name(), g.level_id()), (Some("Paris"), Some("2")));
    let path = g.hierarchy_path().unwrap();
    assert_eq!(path.level_one().and_then(|l| l.id()), Some(top.as_str()));
    assert_eq!(path.level_one().and_then(|l| l.name()), Some("EMEA"));
    assert_eq!(path.level_two().and_then(|l| l.id()), Some(child_id));
    assert_eq!(g.tags().unwrap()["site"], "paris");

    let mut names: Vec<_> = items!(client.list_user_hierarchy_groups().instance_id(&inst.id), page_size = 1)
        .into_iter()
        .map(|g| g.name.unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["EMEA", "Paris"]);
    let found = items!(
        client
            .search_user_hierarchy_groups()
            .instance_id(&inst.id)
            .search_criteria(UserHierarchyGroupSearchCriteria::builder().string_condition(condition("parentId", &top, StringComparisonType::Exact)).build()),
        page_size = 1
    );
    assert_eq!(found.iter().map(|g| g.id()).collect::<Vec<_>>(), [Some(child_id)]);

    client.update_user_hierarchy_group_name().instance_id(&inst.id).hierarchy_group_id(&top).name("Europe").send().await.unwrap();
    let g = describe(child_id.to_string()).await.unwrap().hierarchy_group.unwrap();
    assert_eq!(g.hierarchy_path().unwrap().level_one().and_then(|l| l.name()), Some("Europe"));

    // A group with a child, or with a user, is in use; so is a level that has groups.
    expect_error!(
        client.delete_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(&top).send(),
        DeleteUserHierarchyGroupError::ResourceInUseException
    );
    let user = inst.user_request(&client, &unique("u")).hierarchy_group_id(child_id).send().await.unwrap().user_id.unwrap();
    expect_error!(
        client.delete_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(child_id).send(),
        DeleteUserHierarchyGroupError::ResourceInUseException
    );
    let in_use = expect_error!(
        client
            .update_user_hierarchy_structure()
            .instance_id(&inst.id)
            .hierarchy_structure(HierarchyStructureUpdate::builder().level_one(level("Region")).build())
            .send(),
        UpdateUserHierarchyStructureError::ResourceInUseException
    );
    assert_eq!(in_use.resource_type(), Some(&aws_sdk_connect::types::ResourceType::HierarchyLevel));
    assert_eq!(
        in_use.resource_id(),
        Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/agent-group-level/2", inst.id).as_str())
    );
    client.delete_user().instance_id(&inst.id).user_id(&user).send().await.unwrap();
    client.delete_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(child_id).send().await.unwrap();
    client.delete_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(&top).send().await.unwrap();
    expect_error!(describe(top.clone()), DescribeUserHierarchyGroupError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn tags_on_every_admin_resource() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let hours = client
        .create_hours_of_operation()
        .instance_id(&inst.id)
        .name(unique("h"))
        .time_zone("UTC")
        .set_config(Some(hours_config(&WEEKDAYS)))
        .send()
        .await
        .unwrap();
    let queue = client.create_queue().instance_id(&inst.id).name(unique("q")).hours_of_operation_id(&inst.hours_id).send().await.unwrap();
    let rp = client
        .create_routing_profile()
        .instance_id(&inst.id)
        .name(unique("rp"))
        .description("d")
        .default_outbound_queue_id(&inst.queue_id)
        .media_concurrencies(concurrency(Channel::Voice, 1))
        .send()
        .await
        .unwrap();
    let sp = client.create_security_profile().instance_id(&inst.id).security_profile_name(unique("sp")).send().await.unwrap();
    let group = client.create_user_hierarchy_group().instance_id(&inst.id).name(unique("g")).send().await.unwrap();
    let arns = [
        inst.arn.as_str(),
        hours.hours_of_operation_arn().unwrap(),
        queue.queue_arn().unwrap(),
        rp.routing_profile_arn().unwrap(),
        sp.security_profile_arn().unwrap(),
        group.hierarchy_group_arn().unwrap(),
    ];
    for arn in arns {
        client.tag_resource().resource_arn(arn).tags("team", "blue").tags("env", "prod").send().await.unwrap();
        let tags = client.list_tags_for_resource().resource_arn(arn).send().await.unwrap().tags.unwrap();
        assert_eq!(tags, [("team".to_string(), "blue".to_string()), ("env".to_string(), "prod".to_string())].into(), "{arn}");
        client.untag_resource().resource_arn(arn).tag_keys("team").send().await.unwrap();
        let tags = client.list_tags_for_resource().resource_arn(arn).send().await.unwrap().tags.unwrap();
        assert_eq!(tags, [("env".to_string(), "prod".to_string())].into(), "{arn}");
    }
    let q = client.describe_queue().instance_id(&inst.id).queue_id(queue.queue_id().unwrap()).send().await.unwrap().queue.unwrap();
    assert_eq!(q.tags().unwrap().len(), 1);
    let gone = format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/queue/00000000-0000-0000-0000-000000000000", inst.id);
    expect_error!(client.list_tags_for_resource().resource_arn(gone).send(), ListTagsForResourceError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn create_instance_honours_its_client_token() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let token = unique("token");
    let alias = unique("idem");
    let create = |alias: &str| {
        client
            .create_instance()
            .identity_management_type(DirectoryType::ConnectManaged)
            .instance_alias(alias)
            .inbound_calls_enabled(true)
            .outbound_calls_enabled(true)
            .client_token(&token)
            .send()
    };
    let first = create(&alias).await.unwrap();
    let again = create(&alias).await.unwrap();
    assert_eq!((again.id(), again.arn()), (first.id(), first.arn()));
    let with_alias = all_instances(&client).await.into_iter().filter(|i| i.instance_alias() == Some(alias.as_str())).count();
    assert_eq!(with_alias, 1);
    // The same token with other parameters: the modelled error that fits.
    expect_error!(create(&unique("other")), CreateInstanceError::InvalidRequestException);
    server.stop().await;
}

#[tokio::test]
async fn regions_are_separate() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let london = server.client_with(ClientOptions { region: Some("eu-west-2"), ..Default::default() }).await;
    expect_error!(london.describe_instance().instance_id(&inst.id).send(), DescribeInstanceError::ResourceNotFoundException);
    expect_error!(london.list_users().instance_id(&inst.id).send(), ListUsersError::ResourceNotFoundException);
    assert!(all_instances(&london).await.iter().all(|i| i.id() != Some(inst.id.as_str())));

    let created = london
        .create_instance()
        .identity_management_type(DirectoryType::ConnectManaged)
        .instance_alias(unique("ldn"))
        .inbound_calls_enabled(true)
        .outbound_calls_enabled(true)
        .send()
        .await
        .unwrap();
    let id = created.id().unwrap();
    assert_eq!(created.arn(), Some(format!("arn:aws:connect:eu-west-2:{ACCOUNT}:instance/{id}").as_str()));
    assert!(all_instances(&london).await.iter().any(|i| i.id() == Some(id)));
    expect_error!(client.describe_instance().instance_id(id).send(), DescribeInstanceError::ResourceNotFoundException);
    server.stop().await;
}
