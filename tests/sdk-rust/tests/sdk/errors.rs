//! Errors as the Rust SDK sees them. It turns an error that is not in an operation's modelled
//! list into `Unhandled`, so every error a program can meet must be the operation's own
//! variant, carrying its members and its message.
use aws_sdk_connect::operation::create_instance::CreateInstanceError;
use aws_sdk_connect::operation::create_queue::CreateQueueError;
use aws_sdk_connect::operation::create_security_profile::CreateSecurityProfileError;
use aws_sdk_connect::operation::create_user::CreateUserError;
use aws_sdk_connect::operation::delete_queue::DeleteQueueError;
use aws_sdk_connect::operation::delete_routing_profile::DeleteRoutingProfileError;
use aws_sdk_connect::operation::delete_security_profile::DeleteSecurityProfileError;
use aws_sdk_connect::operation::delete_user::DeleteUserError;
use aws_sdk_connect::operation::delete_user_hierarchy_group::DeleteUserHierarchyGroupError;
use aws_sdk_connect::operation::describe_hours_of_operation::DescribeHoursOfOperationError;
use aws_sdk_connect::operation::describe_instance::DescribeInstanceError;
use aws_sdk_connect::operation::describe_queue::DescribeQueueError;
use aws_sdk_connect::operation::describe_routing_profile::DescribeRoutingProfileError;
use aws_sdk_connect::operation::describe_user::DescribeUserError;
use aws_sdk_connect::operation::describe_user_hierarchy_group::DescribeUserHierarchyGroupError;
use aws_sdk_connect::operation::list_instances::ListInstancesError;
use aws_sdk_connect::operation::list_users::ListUsersError;
use aws_sdk_connect::operation::search_users::SearchUsersError;
use aws_sdk_connect::operation::update_queue_status::UpdateQueueStatusError;
use aws_sdk_connect::operation::update_user_identity_info::UpdateUserIdentityInfoError;
use aws_sdk_connect::types::error::ResourceInUseException;
use aws_sdk_connect::types::{
    Channel, CurrentMetric, CurrentMetricName, DirectoryType, Filters, MediaConcurrency, PhoneType, QueueStatus, Unit,
    UserIdentityInfo, UserPhoneConfig,
};
use aws_sdk_connect::Client;
use switchboard_sdk_rust_tests::{expect_common_error, expect_error, unique, Instance, Server, UNKNOWN_ID};

#[tokio::test]
async fn user_operations_answer_with_their_modelled_errors() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("u");
    inst.create_user(&client, &name).await;
    let dup = expect_error!(inst.user_request(&client, &name).send(), CreateUserError::DuplicateResourceException);
    assert!(dup.message().unwrap().contains(&name));
    expect_error!(inst.user_request(&client, &unique("u")).password("short").send(), CreateUserError::InvalidParameterException);
    expect_error!(inst.user_request(&client, &"x".repeat(21)).send(), CreateUserError::InvalidParameterException);
    expect_error!(
        inst.user_request(&client, &unique("u")).instance_id(UNKNOWN_ID).send(),
        CreateUserError::ResourceNotFoundException
    );
    expect_error!(
        inst.user_request(&client, &unique("u")).phone_config(UserPhoneConfig::builder().phone_type(PhoneType::DeskPhone).build()).send(),
        CreateUserError::InvalidParameterException
    );
    expect_error!(client.describe_user().instance_id(&inst.id).user_id(UNKNOWN_ID).send(), DescribeUserError::ResourceNotFoundException);
    expect_error!(
        client
            .update_user_identity_info()
            .instance_id(&inst.id)
            .user_id(UNKNOWN_ID)
            .identity_info(UserIdentityInfo::builder().first_name("a").last_name("b").build())
            .send(),
        UpdateUserIdentityInfoError::ResourceNotFoundException
    );
    expect_error!(client.list_users().instance_id(&inst.id).max_results(1001).send(), ListUsersError::InvalidParameterException);
    expect_error!(
        client.search_users().instance_id(&inst.id).next_token("not-a-token").send(),
        SearchUsersError::InvalidParameterException
    );
    expect_error!(client.delete_user().instance_id(&inst.id).user_id(UNKNOWN_ID).send(), DeleteUserError::ResourceNotFoundException);
    server.stop().await;
}

#[tokio::test]
async fn admin_operations_answer_with_their_modelled_errors() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("sp");
    client.create_security_profile().instance_id(&inst.id).security_profile_name(&name).send().await.unwrap();
    expect_error!(
        client.create_security_profile().instance_id(&inst.id).security_profile_name(&name).send(),
        CreateSecurityProfileError::DuplicateResourceException
    );
    expect_error!(
        client.create_queue().instance_id(&inst.id).name("BasicQueue").hours_of_operation_id(&inst.hours_id).send(),
        CreateQueueError::DuplicateResourceException
    );
    expect_error!(client.describe_queue().instance_id(&inst.id).queue_id(UNKNOWN_ID).send(), DescribeQueueError::ResourceNotFoundException);
    expect_error!(
        client.describe_routing_profile().instance_id(&inst.id).routing_profile_id(UNKNOWN_ID).send(),
        DescribeRoutingProfileError::ResourceNotFoundException
    );
    expect_error!(
        client.describe_hours_of_operation().instance_id(&inst.id).hours_of_operation_id(UNKNOWN_ID).send(),
        DescribeHoursOfOperationError::ResourceNotFoundException
    );
    expect_error!(
        client.describe_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(UNKNOWN_ID).send(),
        DescribeUserHierarchyGroupError::ResourceNotFoundException
    );
    expect_error!(client.describe_instance().instance_id(UNKNOWN_ID).send(), DescribeInstanceError::ResourceNotFoundException);
    expect_error!(
        client.update_queue_status().instance_id(&inst.id).queue_id(&inst.queue_id).status(QueueStatus::from("PAUSED")).send(),
        UpdateQueueStatusError::InvalidParameterException
    );
    server.stop().await;
}

fn metric_data(client: &Client, inst: &Instance) -> aws_sdk_connect::operation::get_current_metric_data::builders::GetCurrentMetricDataFluentBuilder {
    client
        .get_current_metric_data()
        .instance_id(&inst.id)
        .filters(Filters::builder().queues(&inst.queue_id).channels(Channel::Voice).build())
        .current_metrics(CurrentMetric::builder().name(CurrentMetricName::AgentsOnline).unit(Unit::Count).build())
}

#[tokio::test]
async fn an_operation_not_implemented_is_not_implemented_exception_naming_it() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let err = expect_common_error!(metric_data(&client, &inst).send(), "NotImplementedException", 501);
    assert!(aws_sdk_connect::error::ProvideErrorMetadata::message(&err).unwrap().contains("GetCurrentMetricData"));
    server.stop().await;
}

#[tokio::test]
async fn instance_operations_refuse_bad_input_with_invalid_request_exception() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let create = |alias: &str| {
        client
            .create_instance()
            .identity_management_type(DirectoryType::ConnectManaged)
            .instance_alias(alias)
            .inbound_calls_enabled(true)
            .outbound_calls_enabled(true)
            .send()
    };
    let alias = unique("dup");
    create(&alias).await.unwrap();
    expect_error!(create(&alias), CreateInstanceError::InvalidRequestException);
    expect_error!(create("-bad alias-"), CreateInstanceError::InvalidRequestException);
    expect_error!(client.describe_instance().instance_id("x".repeat(101)).send(), DescribeInstanceError::InvalidRequestException);
    expect_error!(client.list_instances().max_results(11).send(), ListInstancesError::InvalidRequestException);
    server.stop().await;
}

/// An in-use resource for each delete operation that models ResourceInUseException, the
/// ResourceType and ResourceId (its ARN) the error names, and the error.
struct InUse {
    what: &'static str,
    resource_type: &'static str,
    arn: String,
    err: ResourceInUseException,
}

async fn in_use_errors(client: &Client, inst: &Instance) -> Vec<InUse> {
    let sp = client.create_security_profile().instance_id(&inst.id).security_profile_name(unique("sp")).send().await.unwrap();
    let queue = client.create_queue().instance_id(&inst.id).name(unique("q")).hours_of_operation_id(&inst.hours_id).send().await.unwrap();
    let rp = client
        .create_routing_profile()
        .instance_id(&inst.id)
        .name(unique("rp"))
        .description("d")
        .default_outbound_queue_id(queue.queue_id().unwrap())
        .media_concurrencies(MediaConcurrency::builder().channel(Channel::Voice).concurrency(1).build().unwrap())
        .send()
        .await
        .unwrap();
    let group = client.create_user_hierarchy_group().instance_id(&inst.id).name(unique("g")).send().await.unwrap();
    let (sp_id, rp_id, queue_id, group_id) =
        (sp.security_profile_id().unwrap(), rp.routing_profile_id().unwrap(), queue.queue_id().unwrap(), group.hierarchy_group_id().unwrap());
    inst.user_request(client, &unique("u"))
        .set_security_profile_ids(Some(vec![sp_id.to_string()]))
        .routing_profile_id(rp_id)
        .hierarchy_group_id(group_id)
        .send()
        .await
        .unwrap();
    // ResourceType: the model's enum where it has the kind, else Connect's name for it
    // (docs/rules.md), which the SDK keeps as ResourceType::Unknown.
    vec![
        InUse {
            what: "security profile",
            resource_type: "SECURITY_PROFILE",
            arn: sp.security_profile_arn().unwrap().into(),
            err: expect_error!(
                client.delete_security_profile().instance_id(&inst.id).security_profile_id(sp_id).send(),
                DeleteSecurityProfileError::ResourceInUseException
            ),
        },
        InUse {
            what: "routing profile",
            resource_type: "ROUTING_PROFILE",
            arn: rp.routing_profile_arn().unwrap().into(),
            err: expect_error!(
                client.delete_routing_profile().instance_id(&inst.id).routing_profile_id(rp_id).send(),
                DeleteRoutingProfileError::ResourceInUseException
            ),
        },
        InUse {
            what: "queue",
            resource_type: "QUEUE",
            arn: queue.queue_arn().unwrap().into(),
            err: expect_error!(client.delete_queue().instance_id(&inst.id).queue_id(queue_id).send(), DeleteQueueError::ResourceInUseException),
        },
        InUse {
            what: "hierarchy group",
            resource_type: "HIERARCHY_GROUP",
            arn: group.hierarchy_group_arn().unwrap().into(),
            err: expect_error!(
                client.delete_user_hierarchy_group().instance_id(&inst.id).hierarchy_group_id(group_id).send(),
                DeleteUserHierarchyGroupError::ResourceInUseException
            ),
        },
    ]
}

#[tokio::test]
async fn deleting_an_in_use_resource_is_resource_in_use_exception() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    assert_eq!(in_use_errors(&client, &inst).await.len(), 4);
    server.stop().await;
}

#[tokio::test]
async fn resource_in_use_exception_carries_resource_type_and_id() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    for InUse { what, resource_type, arn, err } in in_use_errors(&client, &inst).await {
        assert_eq!(err.resource_type().map(|t| t.as_str()), Some(resource_type), "{what}: {err:?}");
        assert_eq!(err.resource_id(), Some(arn.as_str()), "{what}: {err:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn every_error_body_carries_its_text_under_message_and_message() {
    let server = Server::start(&[]).await;
    let client = server.client().await;
    let inst = Instance::create(&client).await;
    let name = unique("u");
    inst.create_user(&client, &name).await;
    let mut bodies = Vec::new();
    let raw = |r: Option<&aws_sdk_connect::config::http::HttpResponse>| {
        let r = r.expect("a raw response");
        (r.status().as_u16(), String::from_utf8(r.body().bytes().expect("a buffered body").to_vec()).unwrap())
    };
    bodies.push(raw(inst.user_request(&client, &name).send().await.unwrap_err().raw_response()));
    bodies.push(raw(inst.user_request(&client, &unique("u")).password("short").send().await.unwrap_err().raw_response()));
    bodies.push(raw(client.describe_user().instance_id(&inst.id).user_id(UNKNOWN_ID).send().await.unwrap_err().raw_response()));
    bodies.push(raw(metric_data(&client, &inst).send().await.unwrap_err().raw_response()));
    for (status, body) in bodies {
        let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_else(|e| panic!("{status} {body}: {e}"));
        let upper = json["Message"].as_str().unwrap_or_else(|| panic!("{status} {body}: no Message"));
        assert!(!upper.is_empty());
        assert_eq!(json["message"].as_str(), Some(upper), "{status} {body}");
    }
    server.stop().await;
}
