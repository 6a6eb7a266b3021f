//! SearchPredefinedAttributes: StringCondition on name. Results are full PredefinedAttribute
//! objects.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchPredefinedAttributesRequest) -> Result<dto::SearchPredefinedAttributesResponse, ApiError> {
    let (attributes, next_token, total) = crud::search(
        ctx,
        &input.instance_id,
        Kind::PredefinedAttribute,
        input.search_criteria.as_ref(),
        None::<&()>,
        input.next_token.as_deref(),
        input.max_results,
    )
    .await?;
    Ok(dto::SearchPredefinedAttributesResponse { predefined_attributes: Some(attributes), next_token, approximate_total_count: Some(total) })
}
