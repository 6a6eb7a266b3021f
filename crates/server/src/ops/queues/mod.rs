//! Queues: where contacts wait, on their hours of operation.
pub mod create_queue;
pub mod describe_queue;
pub mod delete_queue;
pub mod search_queues;
pub mod list_queues;
pub mod update_queue_name;
pub mod update_queue_status;
pub mod update_queue_hours_of_operation;
pub mod update_queue_max_contacts;
