//! UpdateRoutingProfileConcurrency: the media concurrencies given replace those of their
//! channels; channels not given keep theirs.
use super::create_routing_profile::StoredRoutingProfile;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateRoutingProfileConcurrencyRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    let key = ctx.key(&input.instance_id, Kind::RoutingProfile, &input.routing_profile_id);
    ctx.update(&key, move |p: &mut StoredRoutingProfile| {
        let current = p.profile.media_concurrencies.get_or_insert_with(Vec::new);
        for c in input.media_concurrencies {
            current.retain(|old| old.channel != c.channel);
            current.push(c);
        }
        Ok(())
    })
    .await?;
    Ok(())
}
