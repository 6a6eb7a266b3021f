//! ListContactFlowModules, optionally only those in one ContactFlowModuleState.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListContactFlowModulesRequest) -> Result<dto::ListContactFlowModulesResponse, ApiError> {
    let (list, next_token) =
        crud::list(ctx, &input.instance_id, Kind::ContactFlowModule, input.next_token.as_deref(), input.max_results).await?;
    let wanted = |m: &dto::ContactFlowModuleSummary| input.contact_flow_module_state.is_none_or(|s| m.state == Some(s));
    Ok(dto::ListContactFlowModulesResponse { contact_flow_modules_summary_list: Some(list.into_iter().filter(wanted).collect()), next_token })
}
