//! AssociatePhoneNumberContactFlow: the inbound flow (of type CONTACT_FLOW) that a number
//! claimed to the instance starts; it replaces the number's previous flow.
use super::StoredPhoneNumber;
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociatePhoneNumberContactFlowRequest) -> Result<(), ApiError> {
    let (rec, _) = super::claimed_to(ctx, &input.phone_number_id, &input.instance_id).await?;
    let flow: dto::ContactFlow = crud::describe(ctx, &input.instance_id, Kind::ContactFlow, &input.contact_flow_id).await?;
    if flow.r#type != Some(dto::ContactFlowType::ContactFlow) {
        return Err(ApiError::invalid_parameter(format!(
            "Contact flow {} is of type {}; a phone number starts a flow of type CONTACT_FLOW",
            input.contact_flow_id,
            flow.r#type.map_or("unknown", |t| t.as_str())
        )));
    }
    ctx.update(&rec.key, move |n: &mut StoredPhoneNumber| {
        n.contact_flow_id = Some(input.contact_flow_id);
        Ok(())
    })
    .await?;
    Ok(())
}
