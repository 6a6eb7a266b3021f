//! ListPhoneNumbers: the numbers claimed to an instance, by type and country, in number order.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListPhoneNumbersRequest) -> Result<dto::ListPhoneNumbersResponse, ApiError> {
    ctx.instance(&input.instance_id).await?;
    let (instance, types, countries) = (input.instance_id, input.phone_number_types, input.phone_number_country_codes);
    let keep = move |n: &super::StoredPhoneNumber| {
        n.number.instance_id.as_deref() == Some(instance.as_str()) && n.of(types.as_deref(), countries.as_deref())
    };
    let view = |n: super::StoredPhoneNumber| dto::PhoneNumberSummary {
        id: n.number.phone_number_id,
        arn: n.number.phone_number_arn,
        phone_number: n.number.phone_number,
        phone_number_type: n.number.phone_number_type,
        phone_number_country_code: n.number.phone_number_country_code,
    };
    let (list, next_token) = super::page(ctx, None, keep, view, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListPhoneNumbersResponse { phone_number_summary_list: Some(list), next_token })
}
