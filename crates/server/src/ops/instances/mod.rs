//! Instances: create (with the resources Connect puts in every new instance), describe, list, delete.
pub mod create_instance;
pub mod describe_instance;
pub mod list_instances;
pub mod delete_instance;
