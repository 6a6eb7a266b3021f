//! UpdateRoutingProfileQueues: new priority and delay for (queue, channel) pairs already
//! associated with the profile; a pair that is not is an InvalidParameterException.
use super::{no_repeated_pairs, update_queues};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateRoutingProfileQueuesRequest) -> Result<(), ApiError> {
    no_repeated_pairs(input.queue_configs.iter().map(|c| &c.queue_reference))?;
    let configs = input.queue_configs;
    update_queues(ctx, &input.instance_id, &input.routing_profile_id, move |p| {
        for c in configs {
            let Some(old) = p.queue_configs.iter_mut().find(|old| old.queue_reference == c.queue_reference) else {
                return Err(ApiError::invalid_parameter(format!(
                    "Queue {} is not associated with the routing profile for channel {}",
                    c.queue_reference.queue_id,
                    c.queue_reference.channel.as_str()
                )));
            };
            *old = c;
        }
        Ok(())
    })
    .await
}
