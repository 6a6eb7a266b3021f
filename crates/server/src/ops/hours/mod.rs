//! Hours of operation: the weekly hours and time zone that queues run on. Their body is the
//! model's HoursOfOperation; they reference nothing.
use crate::ops::crud::Stored;
use crate::store::Kind;
use switchboard_model::dto;

pub mod create_hours_of_operation;
pub mod delete_hours_of_operation;
pub mod describe_hours_of_operation;
pub mod list_hours_of_operations;
pub mod search_hours_of_operations;
pub mod update_hours_of_operation;

impl Stored for dto::HoursOfOperation {
    const KIND: Kind = Kind::HoursOfOperation;
}
