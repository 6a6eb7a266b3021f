//! SearchSecurityProfiles: StringCondition on name, description or resourceID; TagFilter.
use crate::error::ApiError;
use crate::search::{self, SECURITY_PROFILE_FIELDS};
use crate::service::{search_page, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchSecurityProfilesRequest) -> Result<dto::SearchSecurityProfilesResponse, ApiError> {
    let tag_filter = input.search_filter.as_ref().and_then(|f| f.tag_filter.as_ref());
    let criteria = search::request(input.search_criteria.as_ref(), SECURITY_PROFILE_FIELDS, tag_filter)?;
    let matches = search::matching(ctx, &input.instance_id, Kind::SecurityProfile, &criteria, SECURITY_PROFILE_FIELDS).await?;
    let matches = matches.into_iter().map(search::summary::<dto::SecurityProfileSearchSummary>).collect();
    let (profiles, next_token, total) =
        search_page(Kind::SecurityProfile, &input.instance_id, matches, input.next_token.as_deref(), input.max_results, 100)?;
    Ok(dto::SearchSecurityProfilesResponse { security_profiles: Some(profiles), next_token, approximate_total_count: Some(total) })
}
