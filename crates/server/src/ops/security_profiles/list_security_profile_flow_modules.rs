//! ListSecurityProfileFlowModules: the flow modules an AI agent with the profile may invoke
//! as tools (its AllowedFlowModules), a page at a time (100 by default, as documented).
use super::{entries_page, StoredSecurityProfile};
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListSecurityProfileFlowModulesRequest,
) -> Result<dto::ListSecurityProfileFlowModulesResponse, ApiError> {
    let pick = ("flow-modules", |p: &mut StoredSecurityProfile| p.allowed_flow_modules.take().unwrap_or_default());
    let page = entries_page(ctx, &input.instance_id, &input.security_profile_id, pick, input.next_token.as_deref(), input.max_results, 100).await?;
    Ok(dto::ListSecurityProfileFlowModulesResponse {
        allowed_flow_modules: Some(page.entries),
        next_token: page.next_token,
        last_modified_time: page.last_modified_time,
        last_modified_region: page.last_modified_region,
    })
}
