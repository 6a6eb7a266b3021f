//! ClaimPhoneNumber: a number SearchAvailablePhoneNumbers offers, claimed to an instance (by
//! TargetArn or InstanceId). It is IN_PROGRESS, then CLAIMED; a number of no pool, or one the
//! account has claimed before (even if released since), is not available.
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::{new_id, to_body, Ctx};
use crate::store::{Record, StoreError};
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ClaimPhoneNumberRequest) -> Result<dto::ClaimPhoneNumberResponse, ApiError> {
    let (target_arn, instance) = super::target(ctx, input.target_arn, input.instance_id).await?;
    let unavailable = || ApiError::invalid_parameter(format!("Phone number {} is not available to claim", input.phone_number));
    let (country, kind) = super::classify(&input.phone_number).ok_or_else(unavailable)?;
    let id = new_id();
    let arn = format!("arn:aws:connect:{}:{}:phone-number/{id}", ctx.region(), ctx.account());
    let stored = StoredPhoneNumber {
        number: dto::ClaimedPhoneNumberSummary {
            phone_number_id: Some(id.clone()),
            phone_number_arn: Some(arn.clone()),
            phone_number: Some(input.phone_number.clone()),
            phone_number_country_code: Some(country),
            phone_number_type: Some(kind),
            phone_number_description: input.phone_number_description,
            target_arn: Some(target_arn),
            instance_id: instance.id,
            tags: Some(input.tags.unwrap_or_default()),
            ..Default::default()
        },
        settles_at: ctx.now + super::SETTLE_SECONDS,
        released: false,
        contact_flow_id: None,
    };
    let record = Record { key: super::key(ctx, &id), name: Some(input.phone_number.clone()), body: to_body(&stored), secret: None, refs: Vec::new() };
    match ctx.store.insert(vec![record]).await {
        Err(StoreError::Duplicate { .. }) => return Err(unavailable()),
        other => other?,
    }
    Ok(dto::ClaimPhoneNumberResponse { phone_number_id: Some(id), phone_number_arn: Some(arn) })
}
