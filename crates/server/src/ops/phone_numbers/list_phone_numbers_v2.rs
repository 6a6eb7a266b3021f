//! ListPhoneNumbersV2: the numbers claimed to a target (TargetArn or InstanceId), or with
//! neither to every instance of the account in the Region, by type, country and prefix.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListPhoneNumbersV2Request) -> Result<dto::ListPhoneNumbersV2Response, ApiError> {
    let instance = match (&input.target_arn, &input.instance_id) {
        (None, None) => None,
        _ => super::target(ctx, input.target_arn.clone(), input.instance_id.clone()).await?.1.id,
    };
    let prefix = input.phone_number_prefix.map(|p| if p.starts_with('+') { p } else { format!("+{p}") });
    let (types, countries) = (input.phone_number_types, input.phone_number_country_codes);
    let keep = move |n: &super::StoredPhoneNumber| {
        instance.as_ref().is_none_or(|i| n.number.instance_id.as_ref() == Some(i)) && n.of(types.as_deref(), countries.as_deref())
    };
    let view = |n: super::StoredPhoneNumber| dto::ListPhoneNumbersSummary {
        phone_number_id: n.number.phone_number_id,
        phone_number_arn: n.number.phone_number_arn,
        phone_number: n.number.phone_number,
        phone_number_country_code: n.number.phone_number_country_code,
        phone_number_type: n.number.phone_number_type,
        target_arn: n.number.target_arn,
        instance_id: n.number.instance_id,
        phone_number_description: n.number.phone_number_description,
        source_phone_number_arn: n.number.source_phone_number_arn,
    };
    let (list, next_token) = super::page(ctx, prefix.as_deref(), keep, view, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListPhoneNumbersV2Response { list_phone_numbers_summary_list: Some(list), next_token })
}
