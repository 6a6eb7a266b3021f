//! The operations, by resource family: `ops/<family>/<operation>.rs`, one module per
//! operation, named after its API name in snake case (`DescribeQueue` is
//! `queues::describe_queue`) and listed by API name in the registry below. Each has
//! `handle(ctx, input) -> Result<output, ApiError>` with the model's generated input and
//! output types; the protocol layer has already decoded and validated the input against the
//! model, and [`dispatch`] runs it inside its idempotency token (crate::idempotency).
//!
//! What a family shares (its stored form, its references, its rules) is in the family's
//! `mod.rs`; what every resource shares is [`resources`] (each kind of resource described,
//! as data) and [`crud`] (the plain operations, driven by that description). An operation's
//! file holds only what is particular to it.
//!
//! # How to add an operation or a resource
//!
//! **An operation** of a family, e.g. UpdateQueueOutboundCallerConfig:
//! 1. `queues/update_queue_outbound_caller_config.rs` with its `handle`: the rules Connect
//!    documents for it (each in docs/rules.md with its source, shared ones in `crate::rules`),
//!    then a call to [`crud`] or [`Ctx`];
//! 2. `pub mod update_queue_outbound_caller_config;` in `queues/mod.rs`;
//! 3. `"UpdateQueueOutboundCallerConfig" => queues::update_queue_outbound_caller_config` in
//!    the registry below (a test checks that every operation's file is registered under its
//!    API name).
//!
//! The plain operations are a few lines each:
//! ```text
//! // DescribeQueue: the record, as the model type.
//! let queue = crud::describe(ctx, &input.instance_id, Kind::Queue, &input.queue_id).await?;
//! // ListQueues: a page of summaries and the next NextToken.
//! let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::Queue, input.next_token.as_deref(), input.max_results).await?;
//! // SearchQueues: SearchCriteria over the kind's fields, TagFilter, ApproximateTotalCount.
//! let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
//! let (queues, next_token, total) =
//!     crud::search(ctx, &input.instance_id, Kind::Queue, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
//! // DeleteQueue: ResourceInUseException, naming the queue, while anything references it.
//! crud::delete(ctx, &input.instance_id, Kind::Queue, &input.queue_id).await
//! // UpdateQueueName: a new unique name and/or description.
//! ctx.rename(&input.instance_id, Kind::Queue, &input.queue_id, input.name, input.description).await
//! // CreateQueue: after its own checks, a new id and ARN, the stored form, one insert that
//! // checks the name is free and the references exist.
//! let instance = ctx.instance(&input.instance_id).await?;
//! let (id, arn) = crud::new_resource(&instance, Kind::Queue);
//! crud::insert(ctx, &instance, &StoredQueue { /* id, arn, the input */ }).await?;
//! // UpdateQueueStatus: a change to the stored form in the store's transaction
//! // (crud::update_refs when the change can touch what the record references).
//! crud::update(ctx, &instance, &input.queue_id, move |q: &mut StoredQueue| { q.queue.status = Some(input.status); Ok(()) }).await
//! ```
//!
//! **A resource**, e.g. quick connects:
//! 1. a kind of record: one line in `store::Kind`'s list, with its ARN segment and label
//!    (`QuickConnect = "transfer-destination", "Quick connect";`). The segment is also how
//!    the database names the kind: it never changes once records of the kind exist;
//! 2. its description, an entry in [`resources::resource`] (the compiler asks for it): the
//!    body members of its id, ARN and unique name, what its summaries rename, its Search*
//!    fields, its ResourceInUseException type, its page sizes where they are not 100;
//! 3. a family folder (`quick_connects/`) whose `mod.rs` has its stored form with
//!    `impl crud::Stored` (its kind, and the records it references) and declares its
//!    operations; `pub mod quick_connects;` below; its operations, as above.
//!
//! Its ARN then works with TagResource, UntagResource and ListTagsForResource, and
//! ResourceInUseException names it, with no code of its own.
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;

pub mod crud;
pub mod refused;
pub mod resources;

pub mod agent_statuses;
pub mod contact_flow_modules;
pub mod contact_flows;
pub mod hierarchy;
pub mod hours;
pub mod phone_numbers;
pub mod instances;
pub mod notifications;
pub mod predefined_attributes;
pub mod integrations;
pub mod prompts;
pub mod quick_connects;
pub mod queues;
pub mod routing_profiles;
pub mod security_profiles;
pub mod storage_configs;
pub mod tags;
pub mod traffic_distribution_groups;
pub mod users;
pub mod vocabularies;

macro_rules! operations {
    ($($name:literal => $family:ident :: $module:ident),* $(,)?) => {
        /// The operations switchboard implements, by API name.
        pub const IMPLEMENTED: &[&str] = &[$($name),*];

        /// Each operation's family and module, by API name.
        #[cfg(test)]
        const MODULES: &[(&str, &str, &str)] = &[$(($name, stringify!($family), stringify!($module))),*];

        /// Runs operation `name` on a decoded, validated input, honouring its idempotency
        /// token (crate::idempotency). `None`: not implemented.
        pub async fn dispatch(ctx: &Ctx, name: &str, input: Value) -> Option<Result<Value, ApiError>> {
            let name = *IMPLEMENTED.iter().find(|n| **n == name)?;
            Some(crate::idempotency::once(ctx, name, input, |ctx, input| run(ctx, name, input)).await)
        }

        async fn run(ctx: Ctx, name: &str, input: Value) -> Result<Value, ApiError> {
            match name {
                $($name => {
                    let input = serde_json::from_value(input).map_err(|e| ApiError::serialization(e.to_string()))?;
                    let output = $family::$module::handle(&ctx, input).await?;
                    Ok(serde_json::to_value(output).expect("model types serialize"))
                })*
                _ => Err(ApiError::not_implemented(name)),
            }
        }
    };
}

operations! {
    "CreateInstance" => instances::create_instance,
    "DescribeInstance" => instances::describe_instance,
    "ListInstances" => instances::list_instances,
    "DeleteInstance" => instances::delete_instance,
    "DescribeInstanceAttribute" => instances::describe_instance_attribute,
    "UpdateInstanceAttribute" => instances::update_instance_attribute,
    "ListInstanceAttributes" => instances::list_instance_attributes,

    "AssociateInstanceStorageConfig" => storage_configs::associate_instance_storage_config,
    "DescribeInstanceStorageConfig" => storage_configs::describe_instance_storage_config,
    "ListInstanceStorageConfigs" => storage_configs::list_instance_storage_configs,
    "UpdateInstanceStorageConfig" => storage_configs::update_instance_storage_config,
    "DisassociateInstanceStorageConfig" => storage_configs::disassociate_instance_storage_config,

    "AssociateApprovedOrigin" => integrations::associate_approved_origin,
    "ListApprovedOrigins" => integrations::list_approved_origins,
    "DisassociateApprovedOrigin" => integrations::disassociate_approved_origin,
    "AssociateLambdaFunction" => integrations::associate_lambda_function,
    "ListLambdaFunctions" => integrations::list_lambda_functions,
    "DisassociateLambdaFunction" => integrations::disassociate_lambda_function,
    "AssociateBot" => integrations::associate_bot,
    "ListBots" => integrations::list_bots,
    "DisassociateBot" => integrations::disassociate_bot,
    "AssociateLexBot" => integrations::associate_lex_bot,
    "ListLexBots" => integrations::list_lex_bots,
    "DisassociateLexBot" => integrations::disassociate_lex_bot,

    "CreateUser" => users::create_user,
    "DescribeUser" => users::describe_user,
    "ListUsers" => users::list_users,
    "SearchUsers" => users::search_users,
    "UpdateUserIdentityInfo" => users::update_user_identity_info,
    "UpdateUserPhoneConfig" => users::update_user_phone_config,
    "UpdateUserConfig" => users::update_user_config,
    "UpdateUserSecurityProfiles" => users::update_user_security_profiles,
    "UpdateUserRoutingProfile" => users::update_user_routing_profile,
    "UpdateUserHierarchy" => users::update_user_hierarchy,
    "DeleteUser" => users::delete_user,
    "PutUserStatus" => users::put_user_status,
    "GetCurrentUserData" => users::get_current_user_data,
    "AssociateUserProficiencies" => users::associate_user_proficiencies,
    "ListUserProficiencies" => users::list_user_proficiencies,
    "UpdateUserProficiencies" => users::update_user_proficiencies,
    "DisassociateUserProficiencies" => users::disassociate_user_proficiencies,
    "DeleteAllEntitySessions" => users::delete_all_entity_sessions,
    "ListUserNotifications" => notifications::list_user_notifications,
    "UpdateUserNotificationStatus" => notifications::update_user_notification_status,

    "CreateNotification" => notifications::create_notification,
    "DescribeNotification" => notifications::describe_notification,
    "ListNotifications" => notifications::list_notifications,
    "UpdateNotificationContent" => notifications::update_notification_content,
    "DeleteNotification" => notifications::delete_notification,

    "CreateTrafficDistributionGroup" => traffic_distribution_groups::create_traffic_distribution_group,
    "DescribeTrafficDistributionGroup" => traffic_distribution_groups::describe_traffic_distribution_group,
    "ListTrafficDistributionGroups" => traffic_distribution_groups::list_traffic_distribution_groups,
    "DeleteTrafficDistributionGroup" => traffic_distribution_groups::delete_traffic_distribution_group,
    "AssociateTrafficDistributionGroupUser" => traffic_distribution_groups::associate_traffic_distribution_group_user,
    "DisassociateTrafficDistributionGroupUser" => traffic_distribution_groups::disassociate_traffic_distribution_group_user,
    "ListTrafficDistributionGroupUsers" => traffic_distribution_groups::list_traffic_distribution_group_users,

    "CreateSecurityProfile" => security_profiles::create_security_profile,
    "DescribeSecurityProfile" => security_profiles::describe_security_profile,
    "ListSecurityProfiles" => security_profiles::list_security_profiles,
    "ListSecurityProfilePermissions" => security_profiles::list_security_profile_permissions,
    "ListSecurityProfileApplications" => security_profiles::list_security_profile_applications,
    "ListSecurityProfileFlowModules" => security_profiles::list_security_profile_flow_modules,
    "ListSecurityProfileAIAgents" => security_profiles::list_security_profile_ai_agents,
    "AssociateSecurityProfiles" => security_profiles::associate_security_profiles,
    "DisassociateSecurityProfiles" => security_profiles::disassociate_security_profiles,
    "ListEntitySecurityProfiles" => security_profiles::list_entity_security_profiles,
    "SearchSecurityProfiles" => security_profiles::search_security_profiles,
    "UpdateSecurityProfile" => security_profiles::update_security_profile,
    "DeleteSecurityProfile" => security_profiles::delete_security_profile,

    "CreateRoutingProfile" => routing_profiles::create_routing_profile,
    "DescribeRoutingProfile" => routing_profiles::describe_routing_profile,
    "ListRoutingProfiles" => routing_profiles::list_routing_profiles,
    "ListRoutingProfileQueues" => routing_profiles::list_routing_profile_queues,
    "ListRoutingProfileManualAssignmentQueues" => routing_profiles::list_routing_profile_manual_assignment_queues,
    "SearchRoutingProfiles" => routing_profiles::search_routing_profiles,
    "UpdateRoutingProfileName" => routing_profiles::update_routing_profile_name,
    "UpdateRoutingProfileConcurrency" => routing_profiles::update_routing_profile_concurrency,
    "UpdateRoutingProfileAgentAvailabilityTimer" => routing_profiles::update_routing_profile_agent_availability_timer,
    "UpdateRoutingProfileDefaultOutboundQueue" => routing_profiles::update_routing_profile_default_outbound_queue,
    "UpdateRoutingProfileQueues" => routing_profiles::update_routing_profile_queues,
    "AssociateRoutingProfileQueues" => routing_profiles::associate_routing_profile_queues,
    "DisassociateRoutingProfileQueues" => routing_profiles::disassociate_routing_profile_queues,
    "DeleteRoutingProfile" => routing_profiles::delete_routing_profile,

    "CreateQueue" => queues::create_queue,
    "DescribeQueue" => queues::describe_queue,
    "ListQueues" => queues::list_queues,
    "SearchQueues" => queues::search_queues,
    "UpdateQueueName" => queues::update_queue_name,
    "UpdateQueueOutboundCallerConfig" => queues::update_queue_outbound_caller_config,
    "UpdateQueueStatus" => queues::update_queue_status,
    "UpdateQueueHoursOfOperation" => queues::update_queue_hours_of_operation,
    "UpdateQueueMaxContacts" => queues::update_queue_max_contacts,
    "AssociateQueueQuickConnects" => queues::associate_queue_quick_connects,
    "DisassociateQueueQuickConnects" => queues::disassociate_queue_quick_connects,
    "ListQueueQuickConnects" => queues::list_queue_quick_connects,
    "DeleteQueue" => queues::delete_queue,

    "CreateHoursOfOperation" => hours::create_hours_of_operation,
    "DescribeHoursOfOperation" => hours::describe_hours_of_operation,
    "ListHoursOfOperations" => hours::list_hours_of_operations,
    "SearchHoursOfOperations" => hours::search_hours_of_operations,
    "UpdateHoursOfOperation" => hours::update_hours_of_operation,
    "DeleteHoursOfOperation" => hours::delete_hours_of_operation,
    "CreateHoursOfOperationOverride" => hours::create_hours_of_operation_override,
    "DescribeHoursOfOperationOverride" => hours::describe_hours_of_operation_override,
    "ListHoursOfOperationOverrides" => hours::list_hours_of_operation_overrides,
    "SearchHoursOfOperationOverrides" => hours::search_hours_of_operation_overrides,
    "UpdateHoursOfOperationOverride" => hours::update_hours_of_operation_override,
    "DeleteHoursOfOperationOverride" => hours::delete_hours_of_operation_override,
    "AssociateHoursOfOperations" => hours::associate_hours_of_operations,
    "DisassociateHoursOfOperations" => hours::disassociate_hours_of_operations,
    "ListChildHoursOfOperations" => hours::list_child_hours_of_operations,
    "GetEffectiveHoursOfOperations" => hours::get_effective_hours_of_operations,

    "CreateUserHierarchyGroup" => hierarchy::create_user_hierarchy_group,
    "DescribeUserHierarchyGroup" => hierarchy::describe_user_hierarchy_group,
    "DescribeUserHierarchyStructure" => hierarchy::describe_user_hierarchy_structure,
    "ListUserHierarchyGroups" => hierarchy::list_user_hierarchy_groups,
    "SearchUserHierarchyGroups" => hierarchy::search_user_hierarchy_groups,
    "UpdateUserHierarchyStructure" => hierarchy::update_user_hierarchy_structure,
    "UpdateUserHierarchyGroupName" => hierarchy::update_user_hierarchy_group_name,
    "DeleteUserHierarchyGroup" => hierarchy::delete_user_hierarchy_group,

    "CreateContactFlow" => contact_flows::create_contact_flow,
    "DescribeContactFlow" => contact_flows::describe_contact_flow,
    "ListContactFlows" => contact_flows::list_contact_flows,
    "SearchContactFlows" => contact_flows::search_contact_flows,
    "UpdateContactFlowContent" => contact_flows::update_contact_flow_content,
    "UpdateContactFlowName" => contact_flows::update_contact_flow_name,
    "UpdateContactFlowMetadata" => contact_flows::update_contact_flow_metadata,
    "DeleteContactFlow" => contact_flows::delete_contact_flow,

    "CreateContactFlowModule" => contact_flow_modules::create_contact_flow_module,
    "DescribeContactFlowModule" => contact_flow_modules::describe_contact_flow_module,
    "ListContactFlowModules" => contact_flow_modules::list_contact_flow_modules,
    "SearchContactFlowModules" => contact_flow_modules::search_contact_flow_modules,
    "UpdateContactFlowModuleContent" => contact_flow_modules::update_contact_flow_module_content,
    "UpdateContactFlowModuleMetadata" => contact_flow_modules::update_contact_flow_module_metadata,
    "DeleteContactFlowModule" => contact_flow_modules::delete_contact_flow_module,

    "CreatePrompt" => prompts::create_prompt,
    "DescribePrompt" => prompts::describe_prompt,
    "ListPrompts" => prompts::list_prompts,
    "SearchPrompts" => prompts::search_prompts,
    "UpdatePrompt" => prompts::update_prompt,
    "DeletePrompt" => prompts::delete_prompt,

    "CreateQuickConnect" => quick_connects::create_quick_connect,
    "DescribeQuickConnect" => quick_connects::describe_quick_connect,
    "ListQuickConnects" => quick_connects::list_quick_connects,
    "SearchQuickConnects" => quick_connects::search_quick_connects,
    "UpdateQuickConnectName" => quick_connects::update_quick_connect_name,
    "UpdateQuickConnectConfig" => quick_connects::update_quick_connect_config,
    "DeleteQuickConnect" => quick_connects::delete_quick_connect,

    "CreateAgentStatus" => agent_statuses::create_agent_status,
    "DescribeAgentStatus" => agent_statuses::describe_agent_status,
    "ListAgentStatuses" => agent_statuses::list_agent_statuses,
    "SearchAgentStatuses" => agent_statuses::search_agent_statuses,
    "UpdateAgentStatus" => agent_statuses::update_agent_status,

    "CreatePredefinedAttribute" => predefined_attributes::create_predefined_attribute,
    "DescribePredefinedAttribute" => predefined_attributes::describe_predefined_attribute,
    "ListPredefinedAttributes" => predefined_attributes::list_predefined_attributes,
    "SearchPredefinedAttributes" => predefined_attributes::search_predefined_attributes,
    "UpdatePredefinedAttribute" => predefined_attributes::update_predefined_attribute,
    "DeletePredefinedAttribute" => predefined_attributes::delete_predefined_attribute,

    "ListTagsForResource" => tags::list_tags_for_resource,
    "TagResource" => tags::tag_resource,
    "UntagResource" => tags::untag_resource,

    "SearchAvailablePhoneNumbers" => phone_numbers::search_available_phone_numbers,
    "ClaimPhoneNumber" => phone_numbers::claim_phone_number,
    "DescribePhoneNumber" => phone_numbers::describe_phone_number,
    "ListPhoneNumbers" => phone_numbers::list_phone_numbers,
    "ListPhoneNumbersV2" => phone_numbers::list_phone_numbers_v2,
    "UpdatePhoneNumber" => phone_numbers::update_phone_number,
    "UpdatePhoneNumberMetadata" => phone_numbers::update_phone_number_metadata,
    "ReleasePhoneNumber" => phone_numbers::release_phone_number,
    "AssociatePhoneNumberContactFlow" => phone_numbers::associate_phone_number_contact_flow,
    "DisassociatePhoneNumberContactFlow" => phone_numbers::disassociate_phone_number_contact_flow,
    "ListFlowAssociations" => phone_numbers::list_flow_associations,

    "CreateVocabulary" => vocabularies::create_vocabulary,
    "DescribeVocabulary" => vocabularies::describe_vocabulary,
    "SearchVocabularies" => vocabularies::search_vocabularies,
    "DeleteVocabulary" => vocabularies::delete_vocabulary,
    "AssociateDefaultVocabulary" => vocabularies::associate_default_vocabulary,
    "ListDefaultVocabularies" => vocabularies::list_default_vocabularies,
}

#[cfg(test)]
mod tests {
    use super::MODULES;

    /// `UpdateUserHierarchyGroupName` → `update_user_hierarchy_group_name` (`ListPhoneNumbersV2`
    /// → `list_phone_numbers_v2`, `StartWebRTCContact` → `start_web_rtc_contact`).
    fn snake_case(name: &str) -> String {
        let chars: Vec<char> = name.chars().collect();
        let mut out = String::new();
        for (i, c) in chars.iter().enumerate() {
            let word_starts = i > 0
                && c.is_ascii_uppercase()
                && (!chars[i - 1].is_ascii_uppercase() || chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase()));
            if word_starts {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn snake_case_names() {
        assert_eq!(snake_case("UpdateUserHierarchyGroupName"), "update_user_hierarchy_group_name");
        assert_eq!(snake_case("ListPhoneNumbersV2"), "list_phone_numbers_v2");
        assert_eq!(snake_case("StartWebRTCContact"), "start_web_rtc_contact");
    }

    /// An operation is found from its API name in one hop: its module is its name in snake case.
    #[test]
    fn every_operation_module_is_named_after_its_operation() {
        for (name, _, module) in MODULES {
            assert_eq!(snake_case(name), *module, "{name}");
            assert!(switchboard_model::model().operation(name).is_some(), "{name} is not an operation of the model");
        }
    }

    /// A file named after an operation of the model is that operation, so it must be in the
    /// registry (under its own folder); otherwise it would never run and clients would get 501.
    #[test]
    fn every_operation_file_is_registered() {
        let by_module: std::collections::HashMap<String, &str> =
            switchboard_model::model().operations.keys().map(|name| (snake_case(name), name.as_str())).collect();
        let ops = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ops");
        let mut seen = 0;
        for family in std::fs::read_dir(&ops).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
            let family_name = family.file_name().unwrap().to_str().unwrap().to_string();
            for file in std::fs::read_dir(&family).unwrap().map(|e| e.unwrap().path()) {
                let stem = file.file_stem().unwrap().to_str().unwrap();
                if let Some(name) = by_module.get(stem) {
                    assert!(MODULES.contains(&(name, family_name.as_str(), stem)), "{} is not registered as {name}", file.display());
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, MODULES.len(), "every registered operation has its file in its family's folder");
    }
}
