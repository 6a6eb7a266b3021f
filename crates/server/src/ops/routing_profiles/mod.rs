//! Routing profiles: the queues and channels a user's contacts come from.
pub mod create_routing_profile;
pub mod describe_routing_profile;
pub mod delete_routing_profile;
pub mod search_routing_profiles;
pub mod list_routing_profiles;
pub mod update_routing_profile_name;
pub mod update_routing_profile_concurrency;
pub mod update_routing_profile_default_outbound_queue;
pub mod update_routing_profile_queues;
pub mod associate_routing_profile_queues;
pub mod disassociate_routing_profile_queues;
pub mod list_routing_profile_queues;
