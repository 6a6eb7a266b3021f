//! CreateQueue: a STANDARD queue on existing hours of operation (the name is unique in the
//! instance). The queue references its hours, so those cannot be deleted under it.
use crate::error::ApiError;
use crate::service::{new_id, resource_arn, to_body, Ctx};
use crate::store::{Key, Kind, Record};
use serde::{Deserialize, Serialize};
use switchboard_model::dto;

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

pub fn queue_refs(account: &str, instance: &str, q: &StoredQueue) -> Vec<Key> {
    q.queue.hours_of_operation_id.iter().map(|h| Key::in_instance(account, instance, Kind::HoursOfOperation, h)).collect()
}

pub async fn handle(ctx: &Ctx, input: dto::CreateQueueRequest) -> Result<dto::CreateQueueResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let id = new_id();
    let arn = resource_arn(&instance, Kind::Queue, &id);
    let stored = StoredQueue {
        queue: dto::Queue {
            queue_id: Some(id.clone()),
            queue_arn: Some(arn.clone()),
            name: Some(input.name.clone()),
            description: input.description,
            hours_of_operation_id: Some(input.hours_of_operation_id),
            max_contacts: input.max_contacts,
            outbound_caller_config: Some(input.outbound_caller_config.unwrap_or_default()),
            outbound_email_config: input.outbound_email_config,
            status: Some(dto::QueueStatus::Enabled),
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
        queue_type: dto::QueueType::Standard,
        quick_connect_ids: input.quick_connect_ids,
    };
    ctx.store
        .insert(vec![Record {
            key: ctx.key(&input.instance_id, Kind::Queue, &id),
            name: Some(input.name),
            refs: queue_refs(ctx.account(), &input.instance_id, &stored),
            body: to_body(&stored),
            secret: None,
        }])
        .await?;
    Ok(dto::CreateQueueResponse { queue_id: Some(id), queue_arn: Some(arn) })
}
