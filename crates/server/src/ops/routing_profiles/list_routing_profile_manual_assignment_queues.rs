//! ListRoutingProfileManualAssignmentQueues: the profile's manual assignment (queue, channel)
//! configs with each queue's name and ARN, a page at a time (ListRoutingProfileQueues lists
//! the others).
use super::{queue_names, StoredRoutingProfile};
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListRoutingProfileManualAssignmentQueuesRequest,
) -> Result<dto::ListRoutingProfileManualAssignmentQueuesResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id).await?;
    let stored: StoredRoutingProfile = body(&rec)?;
    let numbered = stored.manual_configs.into_iter().enumerate().map(|(i, c)| (format!("{i:04}"), c.queue_reference)).collect();
    let scope = format!("{}/{}/manual-assignment", input.instance_id, input.routing_profile_id);
    let (refs, next_token, _) = search_page(Kind::RoutingProfile, &scope, numbered, input.next_token.as_deref(), input.max_results, 100)?;
    let queues = queue_names(ctx, &input.instance_id, refs.iter().map(|r| &r.queue_id)).await?;
    let list = refs
        .into_iter()
        .map(|r| {
            let (queue_name, queue_arn) = queues.get(&r.queue_id).cloned().unwrap_or_default();
            dto::RoutingProfileManualAssignmentQueueConfigSummary { queue_id: r.queue_id, queue_arn, queue_name, channel: r.channel }
        })
        .collect();
    Ok(dto::ListRoutingProfileManualAssignmentQueuesResponse {
        routing_profile_manual_assignment_queue_config_summary_list: Some(list),
        next_token,
        last_modified_time: stored.profile.last_modified_time,
        last_modified_region: stored.profile.last_modified_region,
    })
}
