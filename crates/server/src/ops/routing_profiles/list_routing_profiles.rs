//! ListRoutingProfiles.
use crate::ops::{number, summaries, text};
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListRoutingProfilesRequest) -> Result<dto::ListRoutingProfilesResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (records, next_token) =
        ctx.page(&input.instance_id, Kind::RoutingProfile, input.next_token.as_deref(), input.max_results, 100).await?;
    let list = summaries(&records, |b| dto::RoutingProfileSummary {
        id: text(b, "RoutingProfileId"),
        arn: text(b, "RoutingProfileArn"),
        name: text(b, "Name"),
        last_modified_time: number(b, "LastModifiedTime"),
        last_modified_region: text(b, "LastModifiedRegion"),
    });
    Ok(dto::ListRoutingProfilesResponse { routing_profile_summary_list: Some(list), next_token })
}
