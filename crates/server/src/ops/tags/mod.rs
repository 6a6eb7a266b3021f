//! Tags, on the instance, any resource in it that has an ARN, and the account's phone numbers
//! and traffic distribution groups: the resource is found from its ARN's segment
//! (store::Kind) and checked against the ARN its body keeps, under the member its
//! description names (ops::resources).
use crate::error::ApiError;
use crate::service::{parse_arn, record_arn, Ctx};
use crate::store::{Kind, Record};

pub mod list_tags_for_resource;
pub mod tag_resource;
pub mod untag_resource;

/// The record an ARN names, in the caller's account and Region. An ARN of a resource that
/// does not exist is a ResourceNotFoundException, and so is an ARN of another Region: the
/// caller's Region holds no such resource (docs/rules.md, "Regions"). An ARN of another
/// account is refused as IAM refuses it before Connect looks: 403 AccessDeniedException,
/// whether or not the resource exists (so that nothing about another account can be
/// learnt); see docs/rules.md, "Accounts".
pub async fn tagged(ctx: &Ctx, arn: &str, action: &str) -> Result<Record, ApiError> {
    let parsed = parse_arn(arn).ok_or_else(|| ApiError::invalid_parameter(format!("'{arn}' is not a valid Amazon Connect resource ARN")))?;
    let not_found = || ApiError::not_found(format!("Resource {arn} does not exist"));
    if parsed.account != ctx.account() {
        return Err(ApiError::new(
            "AccessDeniedException",
            format!(
                "User: arn:aws:iam::{}:root is not authorized to perform: connect:{action} on resource: {arn} \
                 because no resource-based policy allows the connect:{action} action",
                ctx.account()
            ),
        ));
    }
    if parsed.region != ctx.region() {
        return Err(not_found());
    }
    if parsed.kind == Kind::PhoneNumber {
        // A number lives in the account; a released one is gone.
        let (rec, _) = crate::ops::phone_numbers::claimed(ctx, &parsed.id).await.map_err(|e| if e.code == "ResourceNotFoundException" { not_found() } else { e })?;
        return if record_arn(&rec) == Some(arn) { Ok(rec) } else { Err(not_found()) };
    }
    if parsed.kind == Kind::TrafficDistributionGroup {
        // A group lives in the account and goes with its instance.
        let (rec, _) = crate::ops::traffic_distribution_groups::group(ctx, arn).await.map_err(|e| if e.code == "ResourceNotFoundException" { not_found() } else { e })?;
        return Ok(rec);
    }
    // The instance must be in the caller's Region (its ARN's Region is).
    ctx.instance(&parsed.instance).await.map_err(|e| if e.code == "ResourceNotFoundException" { not_found() } else { e })?;
    let key = match parsed.kind {
        Kind::Instance => ctx.instance_key(&parsed.instance),
        kind => ctx.key(&parsed.instance, kind, &parsed.id),
    };
    let rec = ctx.store.get(&key).await?.ok_or_else(not_found)?;
    // The ARN must be the resource's own (partition and all), not just name its id.
    if record_arn(&rec).is_some_and(|own| own != arn) {
        return Err(not_found());
    }
    Ok(rec)
}
