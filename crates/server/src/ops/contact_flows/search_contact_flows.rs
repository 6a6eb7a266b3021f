//! SearchContactFlows: StringCondition on name, description or resourceID; TypeCondition,
//! StateCondition, StatusCondition; SearchFilter's FlowAttributeFilter (tags, flow type) and
//! TagFilter. Results are full ContactFlow objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::search::{self, Criteria};
use crate::service::{to_body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchContactFlowsRequest) -> Result<dto::SearchContactFlowsResponse, ApiError> {
    let filter = input.search_filter.as_ref();
    let attributes = filter.and_then(|f| f.flow_attribute_filter.as_ref()).map(to_body);
    let tags = filter.and_then(|f| f.tag_filter.as_ref()).map(to_body);
    let filter = Criteria::attribute_filter(attributes.as_ref())?.and(Criteria::tag_filter(tags.as_ref())?);
    let (page, next_token, total) = crud::search_filtered(
        ctx,
        &input.instance_id,
        Kind::ContactFlow,
        input.search_criteria.as_ref(),
        filter,
        input.next_token.as_deref(),
        input.max_results,
    )
    .await?;
    let flows = page.into_iter().map(|found| search::summary(found).1).collect();
    Ok(dto::SearchContactFlowsResponse { contact_flows: Some(flows), next_token, approximate_total_count: Some(total) })
}
