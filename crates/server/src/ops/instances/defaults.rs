//! What Amazon Connect puts in every new instance, listed once, with where each comes from:
//! - the security profiles Admin, Agent, CallCenterManager and QualityAnalyst (Amazon Connect
//!   Administrator Guide, *Default security profiles*); their permissions are a
//!   representative set of the names in *List of security profile permissions* (docs/rules.md,
//!   "Default security profiles");
//! - the hours "Basic Hours", the queue "BasicQueue" on them, and the routing profile "Basic
//!   Routing Profile" with BasicQueue (Administrator Guide, *How Amazon Connect uses routing
//!   profiles*: "Amazon Connect includes a default routing profile named Basic routing
//!   profile. Along with the default flows and default queue (named BasicQueue), it powers
//!   your contact center"). The Terraform provider's tests look them up by these names.
//! - the default flows, with their names and types (Administrator Guide, *Default flows*:
//!   Default agent hold, Default agent transfer, Default agent whisper, Default customer
//!   hold, Default customer queue, Default customer whisper, Default outbound, Default queue
//!   transfer), and the sample inbound flow (*Sample flows*: "Sample inbound flow (first
//!   contact experience)"), see [`FLOWS`].
//! - the prompts in [`PROMPTS`]: the names a new instance's ListPrompts returns (recorded
//!   from a real instance in public test data; the Terraform provider's `aws_connect_prompt`
//!   data source test looks up "Beep.wav" in a new instance), see docs/rules.md;
//! - the instance attributes' values ([`ATTRIBUTES`]; docs/rules.md, "Instance attributes");
//! - the agent statuses Available (ROUTABLE) and Offline (OFFLINE), Connect's two default
//!   status values (Administrator Guide, *Add custom agent status to the CCP*: "Amazon
//!   Connect provides two default status values: Available, Offline. You can change the
//!   names of these values"; the types are the model's AgentStatusType values for them).
use crate::ops::crud;
use crate::ops::prompts::StoredPrompt;
use crate::ops::queues::StoredQueue;
use crate::ops::security_profiles::StoredSecurityProfile;
use crate::service::{to_body, Ctx};
use crate::store::{Kind, Record};
use switchboard_model::dto::{self, Channel, ContactFlowType, HoursOfOperationDays as Day, InstanceAttributeType as Attr};

/// A default security profile: its name, description and permissions.
pub struct SecurityProfile {
    pub name: &'static str,
    pub description: &'static str,
    pub permissions: &'static [&'static str],
}

pub const SECURITY_PROFILES: &[SecurityProfile] = &[
    SecurityProfile { name: "Admin", description: "Grants all permissions", permissions: ADMIN_PERMISSIONS },
    SecurityProfile { name: "Agent", description: "Grants agents access to the Contact Control Panel", permissions: AGENT_PERMISSIONS },
    SecurityProfile {
        name: "CallCenterManager",
        description: "Grants managers access to metrics, routing and user management",
        permissions: MANAGER_PERMISSIONS,
    },
    SecurityProfile { name: "QualityAnalyst", description: "Grants access to metrics and contact search", permissions: ANALYST_PERMISSIONS },
];

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

/// "Basic Hours": every day, all day (00:00 to 00:00), in this time zone.
pub const HOURS: (&str, &str) = ("Basic Hours", "Basic Hours");
pub const HOURS_TIME_ZONE: &str = "America/New_York";
pub const HOURS_DAYS: [Day; 7] = [Day::Sunday, Day::Monday, Day::Tuesday, Day::Wednesday, Day::Thursday, Day::Friday, Day::Saturday];

/// "BasicQueue", a STANDARD queue on Basic Hours: (name, description).
pub const QUEUE: (&str, &str) = ("BasicQueue", "Basic queue");

/// "Basic Routing Profile", the instance's default (which Connect never deletes): (name,
/// description). Its concurrency per channel; BasicQueue serves each of its channels at
/// priority 1 without delay (ListRoutingProfileQueues) and is its default outbound queue.
pub const ROUTING_PROFILE: (&str, &str) = ("Basic Routing Profile", "Basic routing profile");
pub const ROUTING_PROFILE_CONCURRENCY: [(Channel, i64); 3] = [(Channel::Voice, 1), (Channel::Chat, 2), (Channel::Task, 1)];

/// The prompts of a new instance (Connect's pre-recorded audio, which has no S3 URI).
pub const PROMPTS: &[&str] = &[
    "Beep.wav",
    "CustomerHold.wav",
    "CustomerQueue.wav",
    "Music_Jazz_MyTimetoFly_Inst.wav",
    "Music_Pop_ThisAndThatIsLife_Inst.wav",
    "Music_Pop_ThrowYourselfInFrontOfIt_Inst.wav",
    "Music_Rock_EverywhereTheSunShines_Inst.wav",
];

/// A default flow: its name, type, description, and the message its content plays (each
/// page of the Administrator Guide describing a default flow names what it plays; the
/// content is a short flow-language document, not Connect's own).
pub struct Flow {
    pub name: &'static str,
    pub flow_type: ContactFlowType,
    pub description: &'static str,
    pub message: &'static str,
}

pub const FLOWS: &[Flow] = &[
    Flow { name: "Default agent hold", flow_type: ContactFlowType::AgentHold, description: "Plays to the agent on hold", message: "You are on hold" },
    Flow {
        name: "Default agent transfer",
        flow_type: ContactFlowType::AgentTransfer,
        description: "Transfers the customer to an agent",
        message: "Now transferring",
    },
    Flow {
        name: "Default agent whisper",
        flow_type: ContactFlowType::AgentWhisper,
        description: "Plays the name of the queue to the agent",
        message: "$.Queue.Name",
    },
    Flow { name: "Default customer hold", flow_type: ContactFlowType::CustomerHold, description: "Plays hold music to the customer", message: "Please hold" },
    Flow {
        name: "Default customer queue",
        flow_type: ContactFlowType::CustomerQueue,
        description: "Plays a queue message and music while the customer waits",
        message: "Thank you for calling. Your call is very important to us and will be answered in the order it was received.",
    },
    Flow { name: "Default customer whisper", flow_type: ContactFlowType::CustomerWhisper, description: "Plays to the customer when joined with the agent", message: "" },
    Flow { name: "Default outbound", flow_type: ContactFlowType::OutboundWhisper, description: "Plays to the customer on an outbound call", message: "" },
    Flow {
        name: "Default queue transfer",
        flow_type: ContactFlowType::QueueTransfer,
        description: "Transfers the customer to another queue",
        message: "Now transferring",
    },
    Flow {
        name: "Sample inbound flow (first contact experience)",
        flow_type: ContactFlowType::ContactFlow,
        description: "Sample inbound flow",
        message: "Thank you for calling",
    },
];

/// A default flow's content: its message (if any), then the end of the flow (an inbound
/// flow disconnects; the others end and hand the contact back).
pub fn flow_content(flow: &Flow) -> String {
    let end_type = if flow.flow_type == ContactFlowType::ContactFlow { "DisconnectParticipant" } else { "EndFlowExecution" };
    let end = serde_json::json!({"Identifier": "end", "Type": end_type, "Parameters": {}, "Transitions": {}});
    let mut actions = vec![];
    if !flow.message.is_empty() {
        actions.push(serde_json::json!({"Identifier": "message", "Type": "MessageParticipant", "Parameters": {"Text": flow.message},
            "Transitions": {"NextAction": "end", "Errors": [{"NextAction": "end", "ErrorType": "NoMatchingError"}], "Conditions": []}}));
    }
    actions.push(end);
    let start = actions[0]["Identifier"].clone();
    serde_json::json!({"Version": crate::ops::contact_flows::FLOW_LANGUAGE_VERSION, "StartAction": start, "Metadata": {}, "Actions": actions}).to_string()
}

/// A new instance's attributes (DescribeInstanceAttribute), by type, besides INBOUND_CALLS
/// and OUTBOUND_CALLS, which are CreateInstance's InboundCallsEnabled and
/// OutboundCallsEnabled. The Terraform provider's defaults, "verified default result from
/// ListInstanceAttributes()" (its `instance.go`), for the five it manages; off for the
/// features Connect documents as ones an administrator turns on (docs/rules.md).
pub const ATTRIBUTES: &[(Attr, bool)] = &[
    (Attr::ContactflowLogs, false),
    (Attr::ContactLens, true),
    (Attr::AutoResolveBestVoices, true),
    (Attr::UseCustomTtsVoices, false),
    (Attr::EarlyMedia, true),
    (Attr::MultiPartyConference, false),
    (Attr::AutoMuteAgentOnHold, false),
    (Attr::HighVolumeOutbound, false),
    (Attr::EnhancedContactMonitoring, false),
    (Attr::EnhancedChatMonitoring, false),
    (Attr::MultiPartyChatConference, false),
    (Attr::MessageStreaming, false),
];

/// The value of attribute `attribute` in a new instance (false for the two of CreateInstance).
pub fn attribute(attribute: Attr) -> bool {
    ATTRIBUTES.iter().find(|(a, _)| *a == attribute).is_some_and(|(_, on)| *on)
}

/// The system agent statuses: (name, type, display order), enabled, in CCP order.
pub const AGENT_STATUSES: [(&str, dto::AgentStatusType, i64); 2] =
    [("Available", dto::AgentStatusType::Routable, 1), ("Offline", dto::AgentStatusType::Offline, 2)];

/// The records of a new instance's default resources, in an order that lets each reference
/// those before it.
pub fn records(ctx: &Ctx, instance: &dto::Instance) -> Vec<Record> {
    let iid = instance.id.clone().unwrap_or_default();
    let region = Some(ctx.region().to_string());
    let mut out = Vec::new();
    for default in SECURITY_PROFILES {
        let (id, arn) = crud::new_resource(instance, Kind::SecurityProfile);
        let profile = StoredSecurityProfile {
            profile: dto::SecurityProfile {
                id: Some(id),
                arn: Some(arn),
                organization_resource_id: Some(iid.clone()),
                security_profile_name: Some(default.name.into()),
                description: Some(default.description.into()),
                tags: Some(Default::default()),
                r#type: Some(dto::SecurityProfileType::CustomerManaged),
                last_modified_time: Some(ctx.now),
                last_modified_region: region.clone(),
                ..Default::default()
            },
            permissions: default.permissions.iter().map(|p| p.to_string()).collect(),
            ..Default::default()
        };
        out.push(crud::record(ctx, instance, &profile));
    }

    let (hours_id, hours_arn) = crud::new_resource(instance, Kind::HoursOfOperation);
    let all_day = |day| dto::HoursOfOperationConfig {
        day,
        start_time: dto::HoursOfOperationTimeSlice { hours: 0, minutes: 0 },
        end_time: dto::HoursOfOperationTimeSlice { hours: 0, minutes: 0 },
    };
    let hours = dto::HoursOfOperation {
        hours_of_operation_id: Some(hours_id.clone()),
        hours_of_operation_arn: Some(hours_arn),
        name: Some(HOURS.0.into()),
        description: Some(HOURS.1.into()),
        time_zone: Some(HOURS_TIME_ZONE.into()),
        config: Some(HOURS_DAYS.into_iter().map(all_day).collect()),
        tags: Some(Default::default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: region.clone(),
        ..Default::default()
    };
    out.push(crud::record(ctx, instance, &crate::ops::hours::StoredHours { hours, overrides: Vec::new() }));

    let (queue_id, queue_arn) = crud::new_resource(instance, Kind::Queue);
    let queue = StoredQueue {
        queue: dto::Queue {
            queue_id: Some(queue_id.clone()),
            queue_arn: Some(queue_arn),
            name: Some(QUEUE.0.into()),
            description: Some(QUEUE.1.into()),
            hours_of_operation_id: Some(hours_id),
            status: Some(dto::QueueStatus::Enabled),
            tags: Some(Default::default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: region.clone(),
            ..Default::default()
        },
        queue_type: dto::QueueType::Standard,
        quick_connect_ids: None,
    };
    out.push(crud::record(ctx, instance, &queue));

    let (rp_id, rp_arn) = crud::new_resource(instance, Kind::RoutingProfile);
    let concurrency = |(channel, concurrency)| dto::MediaConcurrency { channel, concurrency: Some(concurrency), ..Default::default() };
    let routing = dto::RoutingProfile {
        instance_id: Some(iid),
        name: Some(ROUTING_PROFILE.0.into()),
        routing_profile_arn: Some(rp_arn),
        routing_profile_id: Some(rp_id),
        description: Some(ROUTING_PROFILE.1.into()),
        media_concurrencies: Some(ROUTING_PROFILE_CONCURRENCY.into_iter().map(concurrency).collect()),
        default_outbound_queue_id: Some(queue_id.clone()),
        associated_queue_ids: Some(vec![queue_id.clone()]),
        number_of_associated_queues: Some(1),
        is_default: Some(true),
        tags: Some(Default::default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: region.clone(),
        ..Default::default()
    };
    // The body a routing profile keeps (routing_profiles::StoredRoutingProfile), as the
    // first versions stored the default one: with QueueConfigs, without manual-assignment
    // queues.
    let mut routing_body = to_body(&routing);
    routing_body["QueueConfigs"] = ROUTING_PROFILE_CONCURRENCY
        .into_iter()
        .map(|(channel, _)| {
            to_body(&dto::RoutingProfileQueueConfig {
                queue_reference: dto::RoutingProfileQueueReference { queue_id: queue_id.clone(), channel },
                priority: 1,
                delay: 0,
            })
        })
        .collect::<Vec<_>>()
        .into();
    let refs = vec![ctx.key(instance.id.as_deref().unwrap_or_default(), Kind::Queue, &queue_id)];
    out.push(crud::record_of(ctx, instance, Kind::RoutingProfile, routing_body, refs));

    for default in FLOWS {
        let (id, arn) = crud::new_resource(instance, Kind::ContactFlow);
        let content = flow_content(default);
        let flow = dto::ContactFlow {
            id: Some(id),
            arn: Some(arn),
            name: Some(default.name.into()),
            r#type: Some(default.flow_type),
            state: Some(dto::ContactFlowState::Active),
            status: Some(dto::ContactFlowStatus::Published),
            description: Some(default.description.into()),
            flow_content_sha256: Some(crate::ops::contact_flows::content_sha256(&content)),
            content: Some(content),
            tags: Some(Default::default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: region.clone(),
            ..Default::default()
        };
        out.push(crud::record(ctx, instance, &flow));
    }

    for name in PROMPTS {
        let (id, arn) = crud::new_resource(instance, Kind::Prompt);
        let prompt = dto::Prompt {
            prompt_id: Some(id),
            prompt_arn: Some(arn),
            name: Some(name.to_string()),
            tags: Some(Default::default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: region.clone(),
            ..Default::default()
        };
        out.push(crud::record(ctx, instance, &StoredPrompt { prompt, s3_uri: None }));
    }

    for (name, r#type, order) in AGENT_STATUSES {
        let (id, arn) = crud::new_resource(instance, Kind::AgentStatus);
        let status = dto::AgentStatus {
            agent_status_arn: Some(arn),
            agent_status_id: Some(id),
            name: Some(name.into()),
            r#type: Some(r#type),
            display_order: Some(order),
            state: Some(dto::AgentStatusState::Enabled),
            tags: Some(Default::default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
            ..Default::default()
        };
        out.push(crud::record(ctx, instance, &status));
    }
    out
}
