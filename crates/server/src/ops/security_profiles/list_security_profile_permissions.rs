//! ListSecurityProfilePermissions: the profile's permissions, a page at a time.
use super::entries_page;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListSecurityProfilePermissionsRequest,
) -> Result<dto::ListSecurityProfilePermissionsResponse, ApiError> {
    let pick = ("permissions", |p: &mut super::StoredSecurityProfile| std::mem::take(&mut p.permissions));
    let page = entries_page(ctx, &input.instance_id, &input.security_profile_id, pick, input.next_token.as_deref(), input.max_results, 1000).await?;
    Ok(dto::ListSecurityProfilePermissionsResponse {
        permissions: Some(page.entries),
        next_token: page.next_token,
        last_modified_time: page.last_modified_time,
        last_modified_region: page.last_modified_region,
    })
}
