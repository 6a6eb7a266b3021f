//! Queues: where contacts wait, on their hours of operation.
use crate::ops::crud::Stored;
use crate::store::{Key, Kind};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

pub mod associate_queue_quick_connects;
pub mod create_queue;
pub mod delete_queue;
pub mod describe_queue;
pub mod disassociate_queue_quick_connects;
pub mod list_queue_quick_connects;
pub mod list_queues;
pub mod search_queues;
pub mod update_queue_hours_of_operation;
pub mod update_queue_max_contacts;
pub mod update_queue_name;
pub mod update_queue_outbound_caller_config;
pub mod update_queue_status;

/// A queue as stored: the model's Queue plus its QueueType (which the Queue shape lacks but
/// QueueSummary, ListQueues' QueueTypes filter and SearchQueues' QueueTypeCondition need).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct StoredQueue {
    #[serde(flatten)]
    pub queue: dto::Queue,
    #[serde(rename = "QueueType", default)]
    pub queue_type: dto::QueueType,
    #[serde(rename = "QuickConnectIds", default, skip_serializing_if = "Option::is_none")]
    pub quick_connect_ids: Option<Vec<String>>,
}

impl Stored for StoredQueue {
    const KIND: Kind = Kind::Queue;

    /// A queue references its hours of operation, its quick connects and its outbound
    /// whisper flow, so those cannot be deleted under it.
    fn refs(&self, account: &str, instance: &str) -> Vec<Key> {
        let key = |kind, id: &String| Key::in_instance(account, instance, kind, id);
        let hours = self.queue.hours_of_operation_id.iter().map(|h| key(Kind::HoursOfOperation, h));
        let quick_connects = self.quick_connect_ids.iter().flatten().map(|q| key(Kind::QuickConnect, q));
        let outbound_flow = self.queue.outbound_caller_config.iter().filter_map(|c| c.outbound_flow_id.as_ref()).map(|f| key(Kind::ContactFlow, f));
        hours.chain(quick_connects).chain(outbound_flow).collect()
    }
}

/// The outbound caller config as stored: left out when it has no members, because Connect
/// leaves OutboundCallerConfig out of DescribeQueue for a queue without one (and Terraform
/// reads an empty one as a block the configuration lacks).
pub fn outbound_caller_config(config: Option<dto::OutboundCallerConfig>) -> Option<dto::OutboundCallerConfig> {
    config.filter(|c| *c != dto::OutboundCallerConfig::default())
}

/// An outbound caller config's number must be claimed to the queue's instance (and be in the
/// caller's Region): InvalidParameterException otherwise.
pub async fn check_outbound_number(ctx: &crate::service::Ctx, instance: &str, config: Option<&dto::OutboundCallerConfig>) -> Result<(), crate::error::ApiError> {
    let Some(id) = config.and_then(|c| c.outbound_caller_id_number_id.as_deref()) else { return Ok(()) };
    let claimed = crate::ops::phone_numbers::claimed(ctx, id).await.ok();
    if claimed.is_some_and(|(_, n)| n.number.instance_id.as_deref() == Some(instance)) {
        return Ok(());
    }
    Err(crate::error::ApiError::invalid_parameter(format!("OutboundCallerIdNumberId {id} is not a phone number claimed to instance {instance}")))
}
