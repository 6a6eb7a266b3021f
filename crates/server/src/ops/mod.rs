//! One module per operation, named after its API name in snake case. Each has
//! `handle(ctx, input) -> Result<output>` with the model's generated input and output types;
//! the protocol layer has already decoded and validated the input against the model.
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;

macro_rules! operations {
    ($($name:literal => $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// The operations switchboard implements, by API name.
        pub const IMPLEMENTED: &[&str] = &[$($name),*];

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
                    let output = $module::handle(&ctx, input).await?;
                    Ok(serde_json::to_value(output).expect("model types serialize"))
                })*
                _ => Err(ApiError::not_implemented(name)),
            }
        }
    };
}

operations! {
    "CreateInstance" => create_instance,
    "DescribeInstance" => describe_instance,
    "ListInstances" => list_instances,
    "DeleteInstance" => delete_instance,
    "ListSecurityProfiles" => list_security_profiles,
    "ListRoutingProfiles" => list_routing_profiles,
    "ListQueues" => list_queues,
    "ListHoursOfOperations" => list_hours_of_operations,
    "CreateUserHierarchyGroup" => create_user_hierarchy_group,
    "DescribeUserHierarchyGroup" => describe_user_hierarchy_group,
    "ListUserHierarchyGroups" => list_user_hierarchy_groups,
    "DeleteUserHierarchyGroup" => delete_user_hierarchy_group,
    "CreateUser" => create_user,
    "DescribeUser" => describe_user,
    "ListUsers" => list_users,
    "DeleteUser" => delete_user,
    "UpdateUserIdentityInfo" => update_user_identity_info,
    "UpdateUserPhoneConfig" => update_user_phone_config,
    "UpdateUserConfig" => update_user_config,
    "UpdateUserSecurityProfiles" => update_user_security_profiles,
    "UpdateUserRoutingProfile" => update_user_routing_profile,
    "UpdateUserHierarchy" => update_user_hierarchy,
    "CreateSecurityProfile" => create_security_profile,
    "DescribeSecurityProfile" => describe_security_profile,
    "UpdateSecurityProfile" => update_security_profile,
    "DeleteSecurityProfile" => delete_security_profile,
    "SearchSecurityProfiles" => search_security_profiles,
    "ListSecurityProfilePermissions" => list_security_profile_permissions,
    "CreateRoutingProfile" => create_routing_profile,
    "DescribeRoutingProfile" => describe_routing_profile,
    "DeleteRoutingProfile" => delete_routing_profile,
    "SearchRoutingProfiles" => search_routing_profiles,
    "UpdateRoutingProfileName" => update_routing_profile_name,
    "UpdateRoutingProfileConcurrency" => update_routing_profile_concurrency,
    "UpdateRoutingProfileDefaultOutboundQueue" => update_routing_profile_default_outbound_queue,
    "UpdateRoutingProfileQueues" => update_routing_profile_queues,
    "AssociateRoutingProfileQueues" => associate_routing_profile_queues,
    "DisassociateRoutingProfileQueues" => disassociate_routing_profile_queues,
    "ListRoutingProfileQueues" => list_routing_profile_queues,
    "CreateQueue" => create_queue,
    "DescribeQueue" => describe_queue,
    "DeleteQueue" => delete_queue,
    "SearchQueues" => search_queues,
    "UpdateQueueName" => update_queue_name,
    "UpdateQueueStatus" => update_queue_status,
    "UpdateQueueHoursOfOperation" => update_queue_hours_of_operation,
    "UpdateQueueMaxContacts" => update_queue_max_contacts,
    "CreateHoursOfOperation" => create_hours_of_operation,
    "DescribeHoursOfOperation" => describe_hours_of_operation,
    "UpdateHoursOfOperation" => update_hours_of_operation,
    "DeleteHoursOfOperation" => delete_hours_of_operation,
    "SearchHoursOfOperations" => search_hours_of_operations,
    "UpdateUserHierarchyStructure" => update_user_hierarchy_structure,
    "DescribeUserHierarchyStructure" => describe_user_hierarchy_structure,
    "UpdateUserHierarchyGroupName" => update_user_hierarchy_group_name,
    "SearchUserHierarchyGroups" => search_user_hierarchy_groups,
    "SearchUsers" => search_users,
    "TagResource" => tag_resource,
    "UntagResource" => untag_resource,
    "ListTagsForResource" => list_tags_for_resource,
}

/// Summaries of a listing: `T` is built from each record's stored body.
pub(crate) fn summaries<T>(records: &[crate::store::Record], f: impl Fn(&Value) -> T) -> Vec<T> {
    records.iter().map(|r| f(&r.body)).collect()
}

/// A string member of a stored body.
pub(crate) fn text(body: &Value, member: &str) -> Option<String> {
    body.get(member).and_then(Value::as_str).map(str::to_string)
}

pub(crate) fn number(body: &Value, member: &str) -> Option<f64> {
    body.get(member).and_then(Value::as_f64)
}
