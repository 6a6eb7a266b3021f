//! CreateQueue: a STANDARD queue on existing hours of operation (the name is unique in the
//! instance). The queue references its hours, so those cannot be deleted under it.
use super::StoredQueue;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateQueueRequest) -> Result<dto::CreateQueueResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    super::check_outbound_number(ctx, &input.instance_id, input.outbound_caller_config.as_ref()).await?;
    let (id, arn) = crud::new_resource(&instance, Kind::Queue);
    let stored = StoredQueue {
        queue: dto::Queue {
            queue_id: Some(id.clone()),
            queue_arn: Some(arn.clone()),
            name: Some(input.name),
            description: input.description,
            hours_of_operation_id: Some(input.hours_of_operation_id),
            max_contacts: input.max_contacts,
            outbound_caller_config: super::outbound_caller_config(input.outbound_caller_config),
            outbound_email_config: input.outbound_email_config,
            status: Some(dto::QueueStatus::Enabled),
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
        },
        queue_type: dto::QueueType::Standard,
        quick_connect_ids: input.quick_connect_ids,
    };
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreateQueueResponse { queue_id: Some(id), queue_arn: Some(arn) })
}
