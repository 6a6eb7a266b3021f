//! DeleteInstance: the instance and everything in it.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteInstanceRequest) -> Result<(), ApiError> {
    ctx.instance(&input.instance_id).await?;
    ctx.store.delete(&ctx.instance_key(&input.instance_id)).await?;
    Ok(())
}
