//! DisassociateSecurityProfiles: takes security profiles from an entity, a user of the
//! instance (as AssociateSecurityProfiles). Profiles the user does not hold are ignored; a
//! user keeps at least one, as CreateUser requires. docs/rules.md, "Security profiles".
use super::{entity_user, item_ids};
use crate::error::ApiError;
use crate::ops::crud;
use crate::ops::users::StoredUser;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateSecurityProfilesRequest) -> Result<(), ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let user = entity_user(ctx, &instance, input.entity_type, &input.entity_arn)?;
    let ids = item_ids(input.security_profiles)?;
    crud::update_refs(ctx, &instance, &user, move |u: &mut StoredUser| {
        let held = u.security_profile_ids.get_or_insert_with(Vec::new);
        held.retain(|id| !ids.contains(id));
        if held.is_empty() {
            return Err(ApiError::invalid_request("A user must keep at least one security profile"));
        }
        Ok(())
    })
    .await
}
