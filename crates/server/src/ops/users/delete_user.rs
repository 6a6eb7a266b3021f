//! DeleteUser.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteUserRequest) -> Result<(), ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::User, &input.user_id).await?;
    ctx.delete(&rec).await?;
    Ok(())
}
