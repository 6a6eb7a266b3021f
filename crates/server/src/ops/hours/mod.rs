//! Hours of operation: the weekly hours and time zone that queues run on.
pub mod create_hours_of_operation;
pub mod describe_hours_of_operation;
pub mod update_hours_of_operation;
pub mod delete_hours_of_operation;
pub mod search_hours_of_operations;
pub mod list_hours_of_operations;
