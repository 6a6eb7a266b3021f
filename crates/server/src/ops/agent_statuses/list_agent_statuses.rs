//! ListAgentStatuses, optionally filtered by AgentStatusTypes.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListAgentStatusRequest) -> Result<dto::ListAgentStatusResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::AgentStatus, input.next_token.as_deref(), input.max_results).await?;
    let list = list
        .into_iter()
        .filter(|s: &dto::AgentStatusSummary| input.agent_status_types.as_ref().is_none_or(|types| s.r#type.is_some_and(|t| types.contains(&t))))
        .collect();
    Ok(dto::ListAgentStatusResponse { agent_status_summary_list: Some(list), next_token })
}
