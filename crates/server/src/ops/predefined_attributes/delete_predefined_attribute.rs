//! DeletePredefinedAttribute: refused with ResourceInUseException while a user holds one of
//! its values as a proficiency.
use super::find;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeletePredefinedAttributeRequest) -> Result<(), ApiError> {
    let rec = find(ctx, &input.instance_id, &input.name).await?;
    ctx.delete(&rec).await
}
