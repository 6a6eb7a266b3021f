//! ListUsers: pages of UserSummary ordered by user id, so that concurrent creates and
//! deletes neither repeat nor skip a user that exists throughout.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUsersRequest) -> Result<dto::ListUsersResponse, ApiError> {
    let (list, next_token) = crud::list(ctx, &input.instance_id, Kind::User, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListUsersResponse { user_summary_list: Some(list), next_token })
}
