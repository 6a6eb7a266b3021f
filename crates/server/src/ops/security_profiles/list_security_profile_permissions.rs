//! ListSecurityProfilePermissions: the profile's permissions, a page at a time.
use super::StoredSecurityProfile;
use crate::error::ApiError;
use crate::service::{body, search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListSecurityProfilePermissionsRequest,
) -> Result<dto::ListSecurityProfilePermissionsResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::SecurityProfile, &input.security_profile_id).await?;
    let stored: StoredSecurityProfile = body(&rec)?;
    // Positions as fixed-width keys, so that the token's order is the list's order.
    let numbered = stored.permissions.into_iter().enumerate().map(|(i, p)| (format!("{i:06}"), p)).collect();
    let token_scope = format!("{}/{}", input.instance_id, input.security_profile_id);
    let (permissions, next_token, _) =
        search_page(Kind::SecurityProfile, &token_scope, numbered, input.next_token.as_deref(), input.max_results, 1000)?;
    Ok(dto::ListSecurityProfilePermissionsResponse {
        permissions: Some(permissions),
        next_token,
        last_modified_time: stored.profile.last_modified_time,
        last_modified_region: stored.profile.last_modified_region,
    })
}
