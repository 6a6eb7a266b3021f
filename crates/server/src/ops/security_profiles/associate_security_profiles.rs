//! AssociateSecurityProfiles: gives an entity more security profiles. The entity is a user
//! of the instance (EntityType USER, EntityArn its ARN); the profiles must exist in the
//! instance, and a profile the user already holds is kept once. A user holds at most as many
//! profiles as CreateUser's SecurityProfileIds allows. docs/rules.md, "Security profiles".
use super::{entity_user, item_ids, max_user_profiles};
use crate::error::ApiError;
use crate::ops::crud;
use crate::ops::users::StoredUser;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateSecurityProfilesRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let user = entity_user(ctx, &instance, input.entity_type, &input.entity_arn)?;
    let ids = item_ids(input.security_profiles)?;
    // The store checks, in the update's transaction, that the profiles exist.
    crud::update_refs(ctx, &instance, &user, move |u: &mut StoredUser| {
        let held = u.security_profile_ids.get_or_insert_with(Vec::new);
        for id in ids {
            if !held.contains(&id) {
                held.push(id);
            }
        }
        let max = max_user_profiles();
        if held.len() > max {
            return Err(ApiError::invalid_request(format!("A user can have at most {max} security profiles; this would give it {}", held.len())));
        }
        Ok(())
    })
    .await
}
