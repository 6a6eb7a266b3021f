//! CreateInstance: a new instance with the resources Amazon Connect seeds in every instance.
use crate::error::ApiError;
use crate::service::{instance_arn, new_id, resource_arn, to_body, Ctx};
use crate::store::{Kind, Record};
use switchboard_model::dto::{self, DirectoryType};

pub async fn handle(ctx: &Ctx, input: dto::CreateInstanceRequest) -> Result<dto::CreateInstanceResponse, ApiError> {
    let identity = input.identity_management_type;
    match (identity, &input.directory_id) {
        (DirectoryType::ExistingDirectory, None) => {
            return Err(ApiError::invalid_request("DirectoryId is required for EXISTING_DIRECTORY identity management"))
        }
        (DirectoryType::ConnectManaged | DirectoryType::Saml, Some(_)) => {
            return Err(ApiError::invalid_request(format!("DirectoryId cannot be set for {} identity management", identity.as_str())))
        }
        _ => {}
    }
    if identity != DirectoryType::ExistingDirectory && input.instance_alias.is_none() {
        return Err(ApiError::invalid_request(format!("InstanceAlias is required for {} identity management", identity.as_str())));
    }
    let id = new_id();
    let arn = instance_arn(ctx.region(), ctx.account(), &id);
    let alias = input.instance_alias.clone().or_else(|| input.directory_id.clone());
    let instance = dto::Instance {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        identity_management_type: Some(identity),
        instance_alias: input.instance_alias.clone(),
        created_time: Some(ctx.now),
        service_role: Some(format!(
            "arn:aws:iam::{}:role/aws-service-role/connect.amazonaws.com/AWSServiceRoleForAmazonConnect_{}",
            ctx.account(),
            &id[..8]
        )),
        instance_status: Some(dto::InstanceStatus::Active),
        inbound_calls_enabled: Some(input.inbound_calls_enabled),
        outbound_calls_enabled: Some(input.outbound_calls_enabled),
        instance_access_url: alias.as_ref().map(|a| format!("https://{a}.my.connect.aws")),
        tags: Some(input.tags.clone().unwrap_or_default()),
        ..Default::default()
    };
    let mut records = vec![Record {
        key: ctx.instance_key(&id),
        name: alias,
        body: to_body(&instance),
        secret: None,
        refs: vec![],
    }];
    records.extend(default_resources(ctx, &instance));
    ctx.store.insert(records).await.map_err(|e| match e {
        crate::store::StoreError::Duplicate { .. } => ApiError::duplicate(format!(
            "An instance with the alias '{}' already exists",
            input.instance_alias.as_deref().unwrap_or_default()
        )),
        other => other.into(),
    })?;
    Ok(dto::CreateInstanceResponse { id: Some(id), arn: Some(arn) })
}

/// Permissions of the default security profiles (ListSecurityProfilePermissions), in the
/// names of Connect's security-profile permissions list.
const AGENT_PERMISSIONS: &[&str] = &["BasicAgentAccess", "OutboundCallAccess", "VoiceIdAttributesAndSearch.View"];
const ANALYST_PERMISSIONS: &[&str] =
    &["AccessMetrics", "ContactSearch.View", "ListenCallRecordings", "RealtimeContactLens.View", "ContactLensPostContactSummary.View"];
const MANAGER_PERMISSIONS: &[&str] = &[
    "AccessMetrics",
    "ContactSearch.View",
    "ListenCallRecordings",
    "Users.View",
    "Users.Create",
    "Users.Edit",
    "RoutingPolicies.View",
    "RoutingPolicies.Edit",
    "Queues.View",
    "Queues.Edit",
    "HoursOfOperation.View",
    "AgentHierarchy.View",
    "AgentStates.View",
    "BasicAgentAccess",
    "OutboundCallAccess",
];
const ADMIN_PERMISSIONS: &[&str] = &[
    "AccessMetrics",
    "AgentGrouping.View",
    "AgentHierarchy.Create",
    "AgentHierarchy.Delete",
    "AgentHierarchy.Edit",
    "AgentHierarchy.View",
    "AgentStates.Create",
    "AgentStates.Edit",
    "AgentStates.View",
    "BasicAgentAccess",
    "ContactFlows.Create",
    "ContactFlows.Delete",
    "ContactFlows.Edit",
    "ContactFlows.View",
    "ContactSearch.View",
    "HoursOfOperation.Create",
    "HoursOfOperation.Delete",
    "HoursOfOperation.Edit",
    "HoursOfOperation.View",
    "ListenCallRecordings",
    "OutboundCallAccess",
    "PhoneNumbers.Claim",
    "PhoneNumbers.Edit",
    "PhoneNumbers.View",
    "Queues.Create",
    "Queues.Edit",
    "Queues.View",
    "QuickConnects.Create",
    "QuickConnects.Edit",
    "QuickConnects.View",
    "RoutingPolicies.Create",
    "RoutingPolicies.Edit",
    "RoutingPolicies.View",
    "SecurityProfiles.Create",
    "SecurityProfiles.Delete",
    "SecurityProfiles.Edit",
    "SecurityProfiles.View",
    "Users.Create",
    "Users.Delete",
    "Users.Edit",
    "Users.EditPermission",
    "Users.View",
];

/// Security profiles Admin, Agent, CallCenterManager and QualityAnalyst; the hours
/// "Basic Hours" (every day, all day); the queue "BasicQueue" on those hours; the routing
/// profile "Basic Routing Profile" with BasicQueue as its queue and outbound queue.
fn default_resources(ctx: &Ctx, instance: &dto::Instance) -> Vec<Record> {
    let iid = instance.id.clone().unwrap_or_default();
    let region = Some(ctx.region().to_string());
    let record = |kind: Kind, id: &str, name: &str, body: serde_json::Value, refs: Vec<crate::store::Key>| Record {
        key: ctx.key(&iid, kind, id),
        name: Some(name.to_string()),
        body,
        secret: None,
        refs,
    };
    let mut out = Vec::new();
    for (name, description, permissions) in [
        ("Admin", "Grants all permissions", ADMIN_PERMISSIONS),
        ("Agent", "Grants agents access to the Contact Control Panel", AGENT_PERMISSIONS),
        ("CallCenterManager", "Grants managers access to metrics, routing and user management", MANAGER_PERMISSIONS),
        ("QualityAnalyst", "Grants access to metrics and contact search", ANALYST_PERMISSIONS),
    ] {
        let id = new_id();
        let profile = dto::SecurityProfile {
            id: Some(id.clone()),
            arn: Some(resource_arn(instance, Kind::SecurityProfile, &id)),
            organization_resource_id: Some(iid.clone()),
            security_profile_name: Some(name.into()),
            description: Some(description.into()),
            tags: Some(Default::default()),
            r#type: Some(dto::SecurityProfileType::CustomerManaged),
            last_modified_time: Some(ctx.now),
            last_modified_region: region.clone(),
            ..Default::default()
        };
        let mut body = to_body(&profile);
        body["Permissions"] = permissions.into();
        out.push(record(Kind::SecurityProfile, &id, name, body, vec![]));
    }
    let hours_id = new_id();
    let all_day = |day| dto::HoursOfOperationConfig {
        day,
        start_time: dto::HoursOfOperationTimeSlice { hours: 0, minutes: 0 },
        end_time: dto::HoursOfOperationTimeSlice { hours: 0, minutes: 0 },
    };
    use dto::HoursOfOperationDays as D;
    let hours = dto::HoursOfOperation {
        hours_of_operation_id: Some(hours_id.clone()),
        hours_of_operation_arn: Some(resource_arn(instance, Kind::HoursOfOperation, &hours_id)),
        name: Some("Basic Hours".into()),
        description: Some("Basic Hours".into()),
        time_zone: Some("America/New_York".into()),
        config: Some([D::Sunday, D::Monday, D::Tuesday, D::Wednesday, D::Thursday, D::Friday, D::Saturday].into_iter().map(all_day).collect()),
        tags: Some(Default::default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: region.clone(),
        ..Default::default()
    };
    out.push(record(Kind::HoursOfOperation, &hours_id, "Basic Hours", to_body(&hours), vec![]));
    let queue_id = new_id();
    let queue = dto::Queue {
        queue_id: Some(queue_id.clone()),
        queue_arn: Some(resource_arn(instance, Kind::Queue, &queue_id)),
        name: Some("BasicQueue".into()),
        description: Some("Basic queue".into()),
        hours_of_operation_id: Some(hours_id.clone()),
        status: Some(dto::QueueStatus::Enabled),
        outbound_caller_config: Some(Default::default()),
        tags: Some(Default::default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: region.clone(),
        ..Default::default()
    };
    let mut queue_body = to_body(&queue);
    // The Queue shape has no QueueType; summaries need it (every created queue is STANDARD).
    queue_body["QueueType"] = "STANDARD".into();
    out.push(record(Kind::Queue, &queue_id, "BasicQueue", queue_body, vec![ctx.key(&iid, Kind::HoursOfOperation, &hours_id)]));
    let rp_id = new_id();
    let concurrency = |channel, concurrency| dto::MediaConcurrency { channel, concurrency: Some(concurrency), ..Default::default() };
    let routing = dto::RoutingProfile {
        instance_id: Some(iid.clone()),
        name: Some("Basic Routing Profile".into()),
        routing_profile_arn: Some(resource_arn(instance, Kind::RoutingProfile, &rp_id)),
        routing_profile_id: Some(rp_id.clone()),
        description: Some("Basic routing profile".into()),
        media_concurrencies: Some(vec![
            concurrency(dto::Channel::Voice, 1),
            concurrency(dto::Channel::Chat, 2),
            concurrency(dto::Channel::Task, 1),
        ]),
        default_outbound_queue_id: Some(queue_id.clone()),
        associated_queue_ids: Some(vec![queue_id.clone()]),
        number_of_associated_queues: Some(1),
        is_default: Some(true),
        tags: Some(Default::default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: region,
        ..Default::default()
    };
    // BasicQueue serves every channel at priority 1 without delay (ListRoutingProfileQueues).
    let mut routing_body = to_body(&routing);
    routing_body["QueueConfigs"] = [dto::Channel::Voice, dto::Channel::Chat, dto::Channel::Task]
        .into_iter()
        .map(|channel| {
            to_body(&dto::RoutingProfileQueueConfig {
                queue_reference: dto::RoutingProfileQueueReference { queue_id: queue_id.clone(), channel },
                priority: 1,
                delay: 0,
            })
        })
        .collect::<Vec<_>>()
        .into();
    out.push(record(Kind::RoutingProfile, &rp_id, "Basic Routing Profile", routing_body, vec![ctx.key(&iid, Kind::Queue, &queue_id)]));
    out
}
