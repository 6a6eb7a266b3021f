//! ListSecurityProfileApplications: the third-party applications and MCP servers the profile
//! gives access to (its Applications, as created or last updated), a page at a time.
use super::{entries_page, StoredSecurityProfile};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListSecurityProfileApplicationsRequest,
) -> Result<dto::ListSecurityProfileApplicationsResponse, ApiError> {
    let pick = ("applications", |p: &mut StoredSecurityProfile| p.applications.take().unwrap_or_default());
    let page = entries_page(ctx, &input.instance_id, &input.security_profile_id, pick, input.next_token.as_deref(), input.max_results, 100).await?;
    Ok(dto::ListSecurityProfileApplicationsResponse {
        applications: Some(page.entries),
        next_token: page.next_token,
        last_modified_time: page.last_modified_time,
        last_modified_region: page.last_modified_region,
    })
}
