//! DisassociatePhoneNumberContactFlow: the number starts no flow any more
//! (ResourceNotFoundException when it starts none).
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociatePhoneNumberContactFlowRequest) -> Result<(), ApiError> {
    let (rec, stored) = super::claimed_to(ctx, &input.phone_number_id, &input.instance_id).await?;
    if stored.contact_flow_id.is_none() {
        return Err(ApiError::not_found(format!("Phone number {} has no contact flow", input.phone_number_id)));
    }
    ctx.update(&rec.key, |n: &mut StoredPhoneNumber| {
        n.contact_flow_id = None;
        Ok(())
    })
    .await?;
    Ok(())
}
