//! SearchAgentStatuses: StringCondition on name, description, state, type, displayOrder or
//! resourceID; AttributeFilter on tags. Results are full AgentStatus objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchAgentStatusesRequest) -> Result<dto::SearchAgentStatusesResponse, ApiError> {
    let (criteria, filter) = (input.search_criteria.as_ref(), input.search_filter.as_ref().and_then(|f| f.attribute_filter.as_ref()));
    let (statuses, next_token, total) = crud::search_with_attribute_filter(
        ctx,
        &input.instance_id,
        Kind::AgentStatus,
        criteria,
        filter,
        input.next_token.as_deref(),
        input.max_results,
    )
    .await?;
    Ok(dto::SearchAgentStatusesResponse { agent_statuses: Some(statuses), next_token, approximate_total_count: Some(total) })
}
