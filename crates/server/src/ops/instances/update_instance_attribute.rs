//! UpdateInstanceAttribute: turns one attribute on or off. INBOUND_CALLS and OUTBOUND_CALLS
//! change the Instance's InboundCallsEnabled and OutboundCallsEnabled.
use crate::error::ApiError;
use crate::service::Ctx;
use serde_json::Value;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateInstanceAttributeRequest) -> Result<(), ApiError> {
    let on = super::attribute_value(&input.value)?;
    ctx.instance(&input.instance_id).await?;
    let attribute = input.attribute_type;
    ctx.update(&ctx.instance_key(&input.instance_id), move |instance: &mut Value| {
        super::set_attribute(instance, attribute, on);
        Ok(())
    })
    .await?;
    Ok(())
}
