//! DescribeTrafficDistributionGroup: the group, by id or ARN, with its status now.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeTrafficDistributionGroupRequest) -> Result<dto::DescribeTrafficDistributionGroupResponse, ApiError> {
    let (_, stored) = super::group(ctx, &input.traffic_distribution_group_id).await?;
    Ok(dto::DescribeTrafficDistributionGroupResponse { traffic_distribution_group: Some(stored.view(ctx.now)) })
}
