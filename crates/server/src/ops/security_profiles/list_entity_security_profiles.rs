//! ListEntitySecurityProfiles: the security profiles an entity (a user of the instance, as
//! AssociateSecurityProfiles names it) holds, in the order it was given them, a page at a
//! time (100 by default, as documented).
use super::entity_user;
use crate::error::ApiError;
use crate::ops::users::StoredUser;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListEntitySecurityProfilesRequest) -> Result<dto::ListEntitySecurityProfilesResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let user = entity_user(ctx, &instance, input.entity_type, &input.entity_arn)?;
    let rec = ctx.record(&input.instance_id, Kind::User, &user).await?;
    let stored: StoredUser = body(&rec)?;
    let numbered = stored.user.security_profile_ids.unwrap_or_default().into_iter().enumerate();
    let numbered = numbered.map(|(i, id)| (format!("{i:04}"), dto::SecurityProfileItem { id: Some(id) })).collect();
    let scope = format!("{}/{user}/security-profiles", input.instance_id);
    let (profiles, next_token, _) = search_page(Kind::User, &scope, numbered, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::ListEntitySecurityProfilesResponse { security_profiles: Some(profiles), next_token })
}
