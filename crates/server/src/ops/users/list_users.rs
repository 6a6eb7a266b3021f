//! ListUsers: pages of UserSummary ordered by user id, so that concurrent creates and
//! deletes neither repeat nor skip a user that exists throughout.
use crate::ops::{number, summaries, text};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListUsersRequest) -> Result<dto::ListUsersResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) = ctx.page(&input.instance_id, Kind::User, input.next_token.as_deref(), input.max_results, 100).await?;
    let list = summaries(&records, |b| dto::UserSummary {
        id: text(b, "Id"),
        arn: text(b, "Arn"),
        username: text(b, "Username"),
        last_modified_time: number(b, "LastModifiedTime"),
        last_modified_region: text(b, "LastModifiedRegion"),
    });
    Ok(dto::ListUsersResponse { user_summary_list: Some(list), next_token })
}
