//! DescribeUser: every stored field; the password hash is never part of the body. The phone
//! settings are read through `rules::reconcile_phone`, so that users stored by earlier
//! versions show a PhoneConfig that agrees with their VOICE entries.
use crate::error::ApiError;
use crate::ops::crud;
use crate::rules;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeUserRequest) -> Result<dto::DescribeUserResponse, ApiError> {
    let mut user = crud::describe(ctx, &input.instance_id, Kind::User, &input.user_id).await?;
    rules::reconcile_phone(&mut user);
    Ok(dto::DescribeUserResponse { user: Some(user) })
}
