//! Instances: create (with the resources Connect puts in every new instance, `defaults`),
//! describe, list, delete (with everything in the instance). An instance lives in the
//! account, in the Region that created it.
pub mod create_instance;
pub mod defaults;
pub mod delete_instance;
pub mod describe_instance;
pub mod list_instances;
