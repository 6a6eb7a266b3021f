//! ListPredefinedAttributes.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListPredefinedAttributesRequest) -> Result<dto::ListPredefinedAttributesResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::PredefinedAttribute, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListPredefinedAttributesResponse { predefined_attribute_summary_list: Some(list), next_token })
}
