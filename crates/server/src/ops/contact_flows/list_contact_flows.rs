//! ListContactFlows, optionally filtered by ContactFlowTypes.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListContactFlowsRequest) -> Result<dto::ListContactFlowsResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::ContactFlow, input.next_token.as_deref(), input.max_results).await?;
    let wanted = |f: &dto::ContactFlowSummary| input.contact_flow_types.as_ref().is_none_or(|types| f.contact_flow_type.is_some_and(|t| types.contains(&t)));
    Ok(dto::ListContactFlowsResponse { contact_flow_summary_list: Some(list.into_iter().filter(wanted).collect()), next_token })
}
