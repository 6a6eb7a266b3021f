//! UpdatePhoneNumber: moves a claimed number to another target (TargetArn or InstanceId); it
//! is IN_PROGRESS again until the move settles. A move to another instance is refused while a
//! queue of its instance has it as its outbound caller ID number.
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdatePhoneNumberRequest) -> Result<dto::UpdatePhoneNumberResponse, ApiError> {
    let (rec, stored) = super::claimed(ctx, &input.phone_number_id).await?;
    let (target_arn, instance) = super::target(ctx, input.target_arn, input.instance_id).await?;
    if instance.id != stored.number.instance_id {
        super::check_not_caller_id(ctx, &stored).await?;
    }
    let settles_at = ctx.now + super::SETTLE_SECONDS;
    ctx.update(&rec.key, move |n: &mut StoredPhoneNumber| {
        n.number.target_arn = Some(target_arn);
        n.number.instance_id = instance.id;
        n.settles_at = settles_at;
        Ok(())
    })
    .await?;
    Ok(dto::UpdatePhoneNumberResponse { phone_number_id: stored.number.phone_number_id, phone_number_arn: stored.number.phone_number_arn })
}
