//! CreateRoutingProfile: media concurrencies, a default outbound queue, and queues per
//! channel with their priority and delay. Every queue must exist in the instance; the
//! profile references them, so they cannot be deleted under it.
use super::{no_repeated_pairs, StoredRoutingProfile};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::CreateRoutingProfileRequest) -> Result<dto::CreateRoutingProfileResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let configs = input.queue_configs.unwrap_or_default();
    let manual = input.manual_assignment_queue_configs.unwrap_or_default();
    no_repeated_pairs(configs.iter().map(|c| &c.queue_reference))?;
    no_repeated_pairs(manual.iter().map(|c| &c.queue_reference))?;
    let (id, arn) = crud::new_resource(&instance, Kind::RoutingProfile);
    let mut stored = StoredRoutingProfile {
        profile: dto::RoutingProfile {
            instance_id: Some(input.instance_id),
            routing_profile_id: Some(id.clone()),
            routing_profile_arn: Some(arn.clone()),
            name: Some(input.name),
            description: Some(input.description),
            media_concurrencies: Some(input.media_concurrencies),
            default_outbound_queue_id: Some(input.default_outbound_queue_id),
            agent_availability_timer: input.agent_availability_timer,
            is_default: Some(false),
            tags: Some(input.tags.unwrap_or_default()),
            last_modified_time: Some(ctx.now),
            last_modified_region: Some(ctx.region().to_string()),
            ..Default::default()
        },
        queue_configs: vec![],
        manual_configs: vec![],
    };
    stored.associate(configs, manual);
    crud::insert(ctx, &instance, &stored).await?;
    Ok(dto::CreateRoutingProfileResponse { routing_profile_id: Some(id), routing_profile_arn: Some(arn) })
}
