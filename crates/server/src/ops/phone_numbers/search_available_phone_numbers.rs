//! SearchAvailablePhoneNumbers: the numbers of the country's and type's pool (super::pool)
//! that the account has never claimed, starting with PhoneNumberPrefix, in order; 10 a page
//! at most (MaxResults' bound).
use crate::error::ApiError;
use crate::service::{decode_token, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::SearchAvailablePhoneNumbersRequest) -> Result<dto::SearchAvailablePhoneNumbersResponse, ApiError> {
    super::target(ctx, input.target_arn, input.instance_id).await?;
    let after = input.next_token.as_deref().map(|t| decode_token(t, Kind::PhoneNumber, "available")).transpose()?;
    let prefix = input.phone_number_prefix.map(|p| if p.starts_with('+') { p } else { format!("+{p}") }).unwrap_or_default();
    let (country, kind) = (input.phone_number_country_code, input.phone_number_type);
    let candidates: Vec<String> = super::pool(country.as_str(), kind)
        .into_iter()
        .filter(|n| n.starts_with(&prefix) && after.as_ref().is_none_or(|a| n > a))
        .collect();
    let taken = super::taken(ctx, &candidates).await?;
    let limit = input.max_results.unwrap_or(10).max(1) as usize;
    let mut free: Vec<String> = candidates.into_iter().filter(|n| !taken.contains(n)).take(limit + 1).collect();
    let next_token = (free.len() > limit).then(|| {
        free.truncate(limit);
        super::token_after(&free[limit - 1])
    });
    let summary = |n| dto::AvailableNumberSummary { phone_number: Some(n), phone_number_country_code: Some(country), phone_number_type: Some(kind) };
    Ok(dto::SearchAvailablePhoneNumbersResponse { available_numbers_list: Some(free.into_iter().map(summary).collect()), next_token })
}
