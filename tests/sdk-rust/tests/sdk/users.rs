//! Every user operation switchboard implements, through the SDK's fluent builders and
//! paginators.
use aws_sdk_connect::operation::create_user::CreateUserError;
use aws_sdk_connect::operation::describe_user::DescribeUserError;
use aws_sdk_connect::operation::update_user_config::UpdateUserConfigError;
use aws_sdk_connect::operation::update_user_phone_config::UpdateUserPhoneConfigError;
use aws_sdk_connect::types::{
    AfterContactWorkConfig, AfterContactWorkConfigPerChannel, AutoAcceptConfig, Channel, PersistentConnectionConfig,
    PhoneNumberConfig, PhoneType, StringComparisonType, StringCondition, User, UserIdentityInfo, UserPhoneConfig,
    UserSearchCriteria, UserSearchSummary, VoiceEnhancementConfig, VoiceEnhancementMode,
};
use aws_sdk_connect::Client;
use switchboard_sdk_rust_tests::{expect_error, soft_phone, unique, Instance, Server, ACCOUNT, REGION};

async fn describe(client: &Client, inst: &Instance, id: &str) -> User {
    client.describe_user().instance_id(&inst.id).user_id(id).send().await.unwrap().user.unwrap()
}

/// SearchUsers for a Username prefix through the paginator: (users, pages).
async fn search_prefix(client: &Client, inst: &Instance, prefix: &str, page_size: i32) -> (Vec<UserSearchSummary>, usize) {
    let pages = client
        .search_users()
        .instance_id(&inst.id)
        .search_criteria(
            UserSearchCriteria::builder()
                .string_condition(
                    StringCondition::builder()
                        .field_name("Username")
                        .value(prefix)
                        .comparison_type(StringComparisonType::StartsWith)
                        .build(),
                )
                .build(),
        )
        .into_paginator()
        .page_size(page_size)
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("SearchUsers");
    let n = pages.len();
    (pages.into_iter().flat_map(|p| p.users.unwrap_or_default()).collect(), n)
}

fn acw(channel: Channel, seconds: i32) -> AfterContactWorkConfigPerChannel {
    AfterContactWorkConfigPerChannel::builder()
        .channel(channel)
        .after_contact_work_config(AfterContactWorkConfig::builder().after_contact_work_time_limit(seconds).build())
        .build()
        .unwrap()
}

#[tokio::test]
async fn create_then_describe_shows_what_was_sent() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("u");
    let out = inst
        .user_request(&client, &name)
        .identity_info(
            UserIdentityInfo::builder()
                .first_name("Ada")
                .last_name("Lovelace")
                .email("ada@example.com")
                .mobile("+12065550100")
                .build(),
        )
        .phone_config(UserPhoneConfig::builder().phone_type(PhoneType::SoftPhone).auto_accept(true).after_contact_work_time_limit(30).build())
        .security_profile_ids(inst.security_profile("QualityAnalyst"))
        .tags("team", "blue")
        .send()
        .await
        .unwrap();
    let id = out.user_id().unwrap();
    assert_eq!(out.user_arn(), Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/agent/{id}", inst.id).as_str()));

    let user = describe(&client, &inst, id).await;
    assert_eq!(user.id(), Some(id));
    assert_eq!(user.arn(), out.user_arn());
    assert_eq!(user.username(), Some(name.as_str()));
    let info = user.identity_info().unwrap();
    assert_eq!(
        (info.first_name(), info.last_name(), info.email(), info.mobile()),
        (Some("Ada"), Some("Lovelace"), Some("ada@example.com"), Some("+12065550100"))
    );
    let phone = user.phone_config().unwrap();
    assert_eq!((phone.phone_type(), phone.auto_accept(), phone.after_contact_work_time_limit()), (&PhoneType::SoftPhone, true, 30));
    let mut sps = user.security_profile_ids().to_vec();
    sps.sort();
    let mut want = vec![inst.security_profile("Agent").to_string(), inst.security_profile("QualityAnalyst").to_string()];
    want.sort();
    assert_eq!(sps, want);
    assert_eq!(user.routing_profile_id(), Some(inst.routing_profile_id.as_str()));
    assert_eq!(user.tags().unwrap().get("team").map(String::as_str), Some("blue"));
    assert!(user.last_modified_time().is_some());
    assert_eq!(user.last_modified_region(), Some(REGION));
    server.stop().await;
}

#[tokio::test]
async fn list_and_search_paginators_walk_every_page() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let prefix = unique("pg");
    let mut created = std::collections::HashMap::new();
    for i in 0..7 {
        let name = format!("{prefix}-{i}");
        let (id, _) = inst.create_user(&client, &name).await;
        created.insert(name, id);
    }

    let pages = client
        .list_users()
        .instance_id(&inst.id)
        .into_paginator()
        .page_size(3)
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3, "7 users in pages of 3");
    let listed: Vec<_> = pages.into_iter().flat_map(|p| p.user_summary_list.unwrap_or_default()).collect();
    assert_eq!(listed.len(), 7);
    for u in &listed {
        let id = &created[u.username().unwrap()];
        assert_eq!(u.id(), Some(id.as_str()));
        assert_eq!(u.arn(), Some(format!("arn:aws:connect:{REGION}:{ACCOUNT}:instance/{}/agent/{id}", inst.id).as_str()));
        assert!(u.last_modified_time().is_some());
        assert_eq!(u.last_modified_region(), Some(REGION));
    }
    // The items() view of the same paginator.
    let items = client
        .list_users()
        .instance_id(&inst.id)
        .into_paginator()
        .page_size(2)
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert_eq!(items.len(), 7);

    let (found, n) = search_prefix(&client, &inst, &prefix, 2).await;
    assert_eq!(n, 4);
    let mut names: Vec<_> = found.iter().map(|u| u.username().unwrap().to_string()).collect();
    names.sort();
    let mut want: Vec<_> = created.keys().cloned().collect();
    want.sort();
    assert_eq!(names, want);
    for u in &found {
        assert_eq!(u.id(), Some(created[u.username().unwrap()].as_str()));
        assert_eq!(u.routing_profile_id(), Some(inst.routing_profile_id.as_str()));
        assert_eq!(u.security_profile_ids(), [inst.security_profile("Agent").to_string()]);
        assert_eq!(u.identity_info().unwrap().first_name(), Some("Jane"));
        assert_eq!(u.phone_config().unwrap().phone_type(), &PhoneType::SoftPhone);
    }
    let first = client
        .search_users()
        .instance_id(&inst.id)
        .max_results(2)
        .search_criteria(
            UserSearchCriteria::builder()
                .string_condition(StringCondition::builder().field_name("Username").value(&prefix).comparison_type(StringComparisonType::StartsWith).build())
                .build(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(first.approximate_total_count(), Some(7));
    assert!(first.next_token().is_some());
    server.stop().await;
}

#[tokio::test]
async fn every_update_operation_changes_what_describe_shows() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let (id, _) = inst.create_user(&client, &unique("u")).await;

    client
        .update_user_identity_info()
        .instance_id(&inst.id)
        .user_id(&id)
        .identity_info(UserIdentityInfo::builder().first_name("Grace").last_name("Hopper").email("grace@example.com").build())
        .send()
        .await
        .unwrap();
    client
        .update_user_phone_config()
        .instance_id(&inst.id)
        .user_id(&id)
        .phone_config(
            UserPhoneConfig::builder()
                .phone_type(PhoneType::DeskPhone)
                .desk_phone_number("+12065550123")
                .auto_accept(true)
                .after_contact_work_time_limit(120)
                .build(),
        )
        .send()
        .await
        .unwrap();
    client
        .update_user_security_profiles()
        .instance_id(&inst.id)
        .user_id(&id)
        .security_profile_ids(inst.security_profile("Admin"))
        .security_profile_ids(inst.security_profile("CallCenterManager"))
        .send()
        .await
        .unwrap();
    let rp = client
        .create_routing_profile()
        .instance_id(&inst.id)
        .name(unique("rp"))
        .description("for a user")
        .default_outbound_queue_id(&inst.queue_id)
        .media_concurrencies(aws_sdk_connect::types::MediaConcurrency::builder().channel(Channel::Voice).concurrency(1).build().unwrap())
        .send()
        .await
        .unwrap()
        .routing_profile_id
        .unwrap();
    client.update_user_routing_profile().instance_id(&inst.id).user_id(&id).routing_profile_id(&rp).send().await.unwrap();
    let group = client
        .create_user_hierarchy_group()
        .instance_id(&inst.id)
        .name(unique("g"))
        .send()
        .await
        .unwrap()
        .hierarchy_group_id
        .unwrap();
    client.update_user_hierarchy().instance_id(&inst.id).user_id(&id).hierarchy_group_id(&group).send().await.unwrap();

    let user = describe(&client, &inst, &id).await;
    let info = user.identity_info().unwrap();
    assert_eq!((info.first_name(), info.last_name(), info.email()), (Some("Grace"), Some("Hopper"), Some("grace@example.com")));
    let phone = user.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert_eq!(phone.desk_phone_number(), Some("+12065550123"));
    assert!(phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 120);
    let mut sps = user.security_profile_ids().to_vec();
    sps.sort();
    let mut want = vec![inst.security_profile("Admin").to_string(), inst.security_profile("CallCenterManager").to_string()];
    want.sort();
    assert_eq!(sps, want);
    assert_eq!(user.routing_profile_id(), Some(rp.as_str()));
    assert_eq!(user.hierarchy_group_id(), Some(group.as_str()));

    // UpdateUserHierarchy without a group takes the user out of it.
    client.update_user_hierarchy().instance_id(&inst.id).user_id(&id).send().await.unwrap();
    assert_eq!(describe(&client, &inst, &id).await.hierarchy_group_id(), None);
    server.stop().await;
}

#[tokio::test]
async fn delete_user_removes_it() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let (id, _) = inst.create_user(&client, &unique("u")).await;
    client.delete_user().instance_id(&inst.id).user_id(&id).send().await.unwrap();
    expect_error!(client.describe_user().instance_id(&inst.id).user_id(&id).send(), DescribeUserError::ResourceNotFoundException);
    let listed = client
        .list_users()
        .instance_id(&inst.id)
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .unwrap();
    assert!(listed.iter().all(|u| u.id() != Some(id.as_str())));
    server.stop().await;
}

#[tokio::test]
async fn tags_on_a_user() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let out = inst.user_request(&client, &unique("u")).tags("a", "1").send().await.unwrap();
    let arn = out.user_arn().unwrap();
    client.tag_resource().resource_arn(arn).tags("b", "2").tags("c", "3").send().await.unwrap();
    let tags = client.list_tags_for_resource().resource_arn(arn).send().await.unwrap().tags.unwrap();
    assert_eq!(tags.len(), 3);
    assert_eq!((tags["a"].as_str(), tags["b"].as_str(), tags["c"].as_str()), ("1", "2", "3"));
    client.untag_resource().resource_arn(arn).tag_keys("a").tag_keys("c").send().await.unwrap();
    let tags = client.list_tags_for_resource().resource_arn(arn).send().await.unwrap().tags.unwrap();
    assert_eq!(tags, [("b".to_string(), "2".to_string())].into());
    let user = describe(&client, &inst, out.user_id().unwrap()).await;
    assert_eq!(user.tags(), Some(&tags));
    server.stop().await;
}

/// The Rust SDK reads ACW as a 32-bit integer and fails a whole page over one value outside
/// it: at the documented bound (2,000,000 s, 2,000,000,000 ms in SearchUsers) every page
/// must still deserialize.
#[tokio::test]
async fn acw_at_the_bound_deserializes_in_describe_and_search() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let prefix = unique("acw");
    let max = inst
        .user_request(&client, &format!("{prefix}-max"))
        .phone_config(soft_phone(2_000_000))
        .send()
        .await
        .unwrap()
        .user_id
        .unwrap();
    inst.create_user(&client, &format!("{prefix}-zero")).await;
    assert_eq!(describe(&client, &inst, &max).await.phone_config().unwrap().after_contact_work_time_limit(), 2_000_000);
    let (found, _) = search_prefix(&client, &inst, &prefix, 10).await;
    assert_eq!(found.len(), 2);
    let summary = found.iter().find(|u| u.id() == Some(max.as_str())).unwrap();
    // SearchUsers gives ACW in milliseconds (its documentation; docs/rules.md).
    assert_eq!(summary.phone_config().unwrap().after_contact_work_time_limit(), 2_000_000_000);
    server.stop().await;
}

#[tokio::test]
async fn acw_above_the_bound_is_refused_on_every_input_path() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    expect_error!(
        inst.user_request(&client, &unique("u")).phone_config(soft_phone(2_000_001)).send(),
        CreateUserError::InvalidParameterException
    );
    expect_error!(
        inst.user_request(&client, &unique("u"))
            .set_phone_config(None)
            .after_contact_work_configs(acw(Channel::Voice, 3_000_000))
            .send(),
        CreateUserError::InvalidParameterException
    );
    let prefix = unique("acwx");
    let (id, _) = inst.create_user(&client, &format!("{prefix}-1")).await;
    expect_error!(
        client.update_user_phone_config().instance_id(&inst.id).user_id(&id).phone_config(soft_phone(3_000_000)).send(),
        UpdateUserPhoneConfigError::InvalidParameterException
    );
    expect_error!(
        client.update_user_config().instance_id(&inst.id).user_id(&id).after_contact_work_configs(acw(Channel::Voice, 3_000_000)).send(),
        UpdateUserConfigError::InvalidParameterException
    );
    assert_eq!(describe(&client, &inst, &id).await.phone_config().unwrap().after_contact_work_time_limit(), 0);
    assert_eq!(search_prefix(&client, &inst, &prefix, 10).await.0.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn update_user_config_sets_every_per_channel_config() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let prefix = unique("cfg");
    let (id, _) = inst.create_user(&client, &format!("{prefix}-1")).await;
    client
        .update_user_config()
        .instance_id(&inst.id)
        .user_id(&id)
        .auto_accept_configs(AutoAcceptConfig::builder().channel(Channel::Voice).auto_accept(true).build().unwrap())
        .auto_accept_configs(AutoAcceptConfig::builder().channel(Channel::Chat).auto_accept(false).build().unwrap())
        .after_contact_work_configs(acw(Channel::Voice, 45))
        .after_contact_work_configs(acw(Channel::Chat, 90))
        .phone_number_configs(
            PhoneNumberConfig::builder().channel(Channel::Voice).phone_type(PhoneType::DeskPhone).phone_number("+12065550199").build().unwrap(),
        )
        .persistent_connection_configs(PersistentConnectionConfig::builder().channel(Channel::Voice).persistent_connection(true).build().unwrap())
        .voice_enhancement_configs(
            VoiceEnhancementConfig::builder().channel(Channel::Voice).voice_enhancement_mode(VoiceEnhancementMode::VoiceIsolation).build().unwrap(),
        )
        .send()
        .await
        .unwrap();
    let user = describe(&client, &inst, &id).await;
    let auto = |c: Channel| user.auto_accept_configs().iter().find(|x| x.channel() == &c).map(|x| x.auto_accept());
    assert_eq!((auto(Channel::Voice), auto(Channel::Chat)), (Some(true), Some(false)));
    let acw_of = |c: Channel| {
        user.after_contact_work_configs()
            .iter()
            .find(|x| x.channel() == &c)
            .and_then(|x| x.after_contact_work_config())
            .map(|x| x.after_contact_work_time_limit())
    };
    assert_eq!((acw_of(Channel::Voice), acw_of(Channel::Chat)), (Some(45), Some(90)));
    let number = &user.phone_number_configs()[0];
    assert_eq!((number.channel(), number.phone_type(), number.phone_number()), (&Channel::Voice, &PhoneType::DeskPhone, Some("+12065550199")));
    assert!(user.persistent_connection_configs()[0].persistent_connection());
    assert_eq!(user.voice_enhancement_configs()[0].voice_enhancement_mode(), &VoiceEnhancementMode::VoiceIsolation);
    // The legacy PhoneConfig follows the VOICE channel (item 2).
    let phone = user.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert_eq!(phone.desk_phone_number(), Some("+12065550199"));
    assert!(phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 45);
    assert_eq!(phone.persistent_connection(), Some(true));
    let (found, _) = search_prefix(&client, &inst, &prefix, 10).await;
    let phone = found[0].phone_config().unwrap();
    assert_eq!((phone.phone_type(), phone.auto_accept(), phone.after_contact_work_time_limit()), (&PhoneType::DeskPhone, true, 45_000));
    server.stop().await;
}

#[tokio::test]
async fn phone_config_mirrors_the_voice_channel() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let prefix = unique("voice");
    let id = inst
        .user_request(&client, &format!("{prefix}-1"))
        .set_phone_config(None)
        .auto_accept_configs(AutoAcceptConfig::builder().channel(Channel::Voice).auto_accept(true).build().unwrap())
        .after_contact_work_configs(acw(Channel::Voice, 60))
        .phone_number_configs(
            PhoneNumberConfig::builder().channel(Channel::Voice).phone_type(PhoneType::DeskPhone).phone_number("+12065550142").build().unwrap(),
        )
        .send()
        .await
        .unwrap()
        .user_id
        .unwrap();
    let user = describe(&client, &inst, &id).await;
    let phone = user.phone_config().unwrap();
    assert_eq!(phone.phone_type(), &PhoneType::DeskPhone);
    assert_eq!(phone.desk_phone_number(), Some("+12065550142"));
    assert!(phone.auto_accept());
    assert_eq!(phone.after_contact_work_time_limit(), 60);
    let (found, _) = search_prefix(&client, &inst, &prefix, 10).await;
    let phone = found[0].phone_config().unwrap();
    assert_eq!((phone.phone_type(), phone.auto_accept(), phone.after_contact_work_time_limit()), (&PhoneType::DeskPhone, true, 60_000));

    // UpdateUserPhoneConfig sets the same ACW on every channel the user handles.
    let other = inst
        .user_request(&client, &unique("u"))
        .set_phone_config(None)
        .after_contact_work_configs(acw(Channel::Voice, 10))
        .after_contact_work_configs(acw(Channel::Chat, 20))
        .send()
        .await
        .unwrap()
        .user_id
        .unwrap();
    client
        .update_user_phone_config()
        .instance_id(&inst.id)
        .user_id(&other)
        .phone_config(UserPhoneConfig::builder().phone_type(PhoneType::SoftPhone).after_contact_work_time_limit(99).build())
        .send()
        .await
        .unwrap();
    let updated = describe(&client, &inst, &other).await;
    assert_eq!(updated.phone_config().unwrap().after_contact_work_time_limit(), 99);
    assert!(!updated.after_contact_work_configs().is_empty());
    for c in updated.after_contact_work_configs() {
        assert_eq!(c.after_contact_work_config().unwrap().after_contact_work_time_limit(), 99, "{:?} keeps its old ACW", c.channel());
    }

    // PhoneNumberConfigs take only VOICE.
    let err = inst
        .user_request(&client, &unique("u"))
        .set_phone_config(None)
        .phone_number_configs(PhoneNumberConfig::builder().channel(Channel::Chat).phone_type(PhoneType::SoftPhone).build().unwrap())
        .send()
        .await
        .unwrap_err()
        .into_service_error();
    assert!(
        err.is_invalid_parameter_exception() || err.is_invalid_request_exception(),
        "a CHAT PhoneNumberConfig: expected a modelled refusal, got {err:?}"
    );
    server.stop().await;
}
