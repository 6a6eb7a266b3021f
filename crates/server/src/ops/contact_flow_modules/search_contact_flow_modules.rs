//! SearchContactFlowModules: StringCondition on name, description or resourceID;
//! StateCondition, StatusCondition; TagFilter. Results are full ContactFlowModule objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchContactFlowModulesRequest) -> Result<dto::SearchContactFlowModulesResponse, ApiError> {
    let (criteria, tags) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref()));
    let (modules, next_token, total) =
        crud::search(ctx, &input.instance_id, Kind::ContactFlowModule, criteria, tags, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::SearchContactFlowModulesResponse { contact_flow_modules: Some(modules), next_token, approximate_total_count: Some(total) })
}
