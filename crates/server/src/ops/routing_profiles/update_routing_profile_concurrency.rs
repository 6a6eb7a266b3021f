//! UpdateRoutingProfileConcurrency: the media concurrencies given replace those of their
//! channels; channels not given keep theirs.
use super::StoredRoutingProfile;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateRoutingProfileConcurrencyRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    crud::update(ctx, &instance, &input.routing_profile_id, move |p: &mut StoredRoutingProfile| {
        let current = p.profile.media_concurrencies.get_or_insert_with(Vec::new);
        for c in input.media_concurrencies {
            current.retain(|old| old.channel != c.channel);
            current.push(c);
        }
        Ok(())
    })
    .await
}
