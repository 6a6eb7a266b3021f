//! ListRoutingProfileQueues: the profile's (queue, channel) configs with each queue's name
//! and ARN, a page at a time.
use super::{queue_names, StoredRoutingProfile};
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListRoutingProfileQueuesRequest) -> Result<dto::ListRoutingProfileQueuesResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id).await?;
    let stored: StoredRoutingProfile = body(&rec)?;
    let numbered = stored.queue_configs.into_iter().enumerate().map(|(i, c)| (format!("{i:04}"), c)).collect();
    let scope = format!("{}/{}", input.instance_id, input.routing_profile_id);
    let (configs, next_token, _) = search_page(Kind::RoutingProfile, &scope, numbered, input.next_token.as_deref(), input.max_results, 100)?;
    let queues = queue_names(ctx, &input.instance_id, configs.iter().map(|c| &c.queue_reference.queue_id)).await?;
    let list = configs
        .into_iter()
        .map(|c| {
            let (name, arn) = queues.get(&c.queue_reference.queue_id).cloned().unwrap_or_default();
            dto::RoutingProfileQueueConfigSummary {
                queue_id: c.queue_reference.queue_id,
                queue_arn: arn,
                queue_name: name,
                priority: c.priority,
                delay: c.delay,
                channel: c.queue_reference.channel,
            }
        })
        .collect();
    Ok(dto::ListRoutingProfileQueuesResponse {
        routing_profile_queue_config_summary_list: Some(list),
        next_token,
        last_modified_time: stored.profile.last_modified_time,
        last_modified_region: stored.profile.last_modified_region,
    })
}
