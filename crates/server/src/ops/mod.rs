//! One module per operation, named after its API name in snake case, in the folder of its
//! resource family (`queues::describe_queue`). Each has
//! `handle(ctx, input) -> Result<output>` with the model's generated input and output types;
//! the protocol layer has already decoded and validated the input against the model.
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;

pub mod hierarchy;
pub mod hours;
pub mod instances;
pub mod queues;
pub mod routing_profiles;
pub mod security_profiles;
pub mod tags;
pub mod users;

macro_rules! operations {
    ($($name:literal => $family:ident :: $module:ident),* $(,)?) => {
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
    "ListSecurityProfiles" => security_profiles::list_security_profiles,
    "ListRoutingProfiles" => routing_profiles::list_routing_profiles,
    "ListQueues" => queues::list_queues,
    "ListHoursOfOperations" => hours::list_hours_of_operations,
    "CreateUserHierarchyGroup" => hierarchy::create_user_hierarchy_group,
    "DescribeUserHierarchyGroup" => hierarchy::describe_user_hierarchy_group,
    "ListUserHierarchyGroups" => hierarchy::list_user_hierarchy_groups,
    "DeleteUserHierarchyGroup" => hierarchy::delete_user_hierarchy_group,
    "CreateUser" => users::create_user,
    "DescribeUser" => users::describe_user,
    "ListUsers" => users::list_users,
    "DeleteUser" => users::delete_user,
    "UpdateUserIdentityInfo" => users::update_user_identity_info,
    "UpdateUserPhoneConfig" => users::update_user_phone_config,
    "UpdateUserConfig" => users::update_user_config,
    "UpdateUserSecurityProfiles" => users::update_user_security_profiles,
    "UpdateUserRoutingProfile" => users::update_user_routing_profile,
    "UpdateUserHierarchy" => users::update_user_hierarchy,
    "CreateSecurityProfile" => security_profiles::create_security_profile,
    "DescribeSecurityProfile" => security_profiles::describe_security_profile,
    "UpdateSecurityProfile" => security_profiles::update_security_profile,
    "DeleteSecurityProfile" => security_profiles::delete_security_profile,
    "SearchSecurityProfiles" => security_profiles::search_security_profiles,
    "ListSecurityProfilePermissions" => security_profiles::list_security_profile_permissions,
    "CreateRoutingProfile" => routing_profiles::create_routing_profile,
    "DescribeRoutingProfile" => routing_profiles::describe_routing_profile,
    "DeleteRoutingProfile" => routing_profiles::delete_routing_profile,
    "SearchRoutingProfiles" => routing_profiles::search_routing_profiles,
    "UpdateRoutingProfileName" => routing_profiles::update_routing_profile_name,
    "UpdateRoutingProfileConcurrency" => routing_profiles::update_routing_profile_concurrency,
    "UpdateRoutingProfileDefaultOutboundQueue" => routing_profiles::update_routing_profile_default_outbound_queue,
    "UpdateRoutingProfileQueues" => routing_profiles::update_routing_profile_queues,
    "AssociateRoutingProfileQueues" => routing_profiles::associate_routing_profile_queues,
    "DisassociateRoutingProfileQueues" => routing_profiles::disassociate_routing_profile_queues,
    "ListRoutingProfileQueues" => routing_profiles::list_routing_profile_queues,
    "CreateQueue" => queues::create_queue,
    "DescribeQueue" => queues::describe_queue,
    "DeleteQueue" => queues::delete_queue,
    "SearchQueues" => queues::search_queues,
    "UpdateQueueName" => queues::update_queue_name,
    "UpdateQueueStatus" => queues::update_queue_status,
    "UpdateQueueHoursOfOperation" => queues::update_queue_hours_of_operation,
    "UpdateQueueMaxContacts" => queues::update_queue_max_contacts,
    "CreateHoursOfOperation" => hours::create_hours_of_operation,
    "DescribeHoursOfOperation" => hours::describe_hours_of_operation,
    "UpdateHoursOfOperation" => hours::update_hours_of_operation,
    "DeleteHoursOfOperation" => hours::delete_hours_of_operation,
    "SearchHoursOfOperations" => hours::search_hours_of_operations,
    "UpdateUserHierarchyStructure" => hierarchy::update_user_hierarchy_structure,
    "DescribeUserHierarchyStructure" => hierarchy::describe_user_hierarchy_structure,
    "UpdateUserHierarchyGroupName" => hierarchy::update_user_hierarchy_group_name,
    "SearchUserHierarchyGroups" => hierarchy::search_user_hierarchy_groups,
    "SearchUsers" => users::search_users,
    "TagResource" => tags::tag_resource,
    "UntagResource" => tags::untag_resource,
    "ListTagsForResource" => tags::list_tags_for_resource,
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
