//! DescribeUser: every stored field; the password hash is never part of the body.
use crate::error::ApiError;
use crate::service::{body, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserRequest) -> Result<dto::DescribeUserResponse, ApiError> {
    let rec = ctx.record(&input.instance_id, Kind::User, &input.user_id).await?;
    Ok(dto::DescribeUserResponse { user: Some(body(&rec)?) })
}
