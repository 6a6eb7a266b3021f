//! ListTrafficDistributionGroupUsers: the agents of the group, by user id in id order (the
//! users of its instance are read a batch at a time; memory follows the page).
use crate::error::ApiError;
use crate::ops::users::TDG_MEMBER;
use crate::service::{search_scan, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(
    ctx: &Ctx,
    input: dto::ListTrafficDistributionGroupUsersRequest,
) -> Result<dto::ListTrafficDistributionGroupUsersResponse, ApiError> {
    let (_, group) = super::group(ctx, &input.traffic_distribution_group_id).await?;
    let id = group.id().to_string();
    let (list, next_token, _) = search_scan(ctx, &group.instance_id, Kind::User, input.next_token.as_deref(), input.max_results, 100, |rec| {
        (rec.body.get(TDG_MEMBER).and_then(|v| v.as_str()) == Some(id.as_str()))
            .then(|| dto::TrafficDistributionGroupUserSummary { user_id: Some(rec.key.id) })
    })
    .await?;
    Ok(dto::ListTrafficDistributionGroupUsersResponse { traffic_distribution_group_user_summary_list: Some(list), next_token })
}
