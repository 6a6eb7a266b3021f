//! DescribePredefinedAttribute, by name.
use super::find;
use crate::error::ApiError;
use crate::service::{body, Ctx};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribePredefinedAttributeRequest) -> Result<dto::DescribePredefinedAttributeResponse, ApiError> {
    let rec = find(ctx, &input.instance_id, &input.name).await?;
    Ok(dto::DescribePredefinedAttributeResponse { predefined_attribute: Some(body(&rec)?) })
}
