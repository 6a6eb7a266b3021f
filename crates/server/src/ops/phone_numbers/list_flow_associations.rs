//! ListFlowAssociations: the instance's phone numbers that start a flow, as (number ARN,
//! flow ARN) pairs of type VOICE_PHONE_NUMBER, in number order. switchboard has none of the
//! other resource types (WhatsApp numbers, email addresses, analytics connectors).
use crate::error::ApiError;
use crate::service::{resource_arn, Ctx};
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListFlowAssociationsRequest) -> Result<dto::ListFlowAssociationsResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    if input.resource_type.is_some_and(|t| t != dto::ListFlowAssociationResourceType::VoicePhoneNumber) {
        return Ok(dto::ListFlowAssociationsResponse { flow_association_summary_list: Some(Vec::new()), next_token: None });
    }
    let id = input.instance_id.clone();
    let keep = move |n: &super::StoredPhoneNumber| n.number.instance_id.as_deref() == Some(id.as_str()) && n.contact_flow_id.is_some();
    let view = |n: super::StoredPhoneNumber| dto::FlowAssociationSummary {
        resource_id: n.number.phone_number_arn,
        flow_id: n.contact_flow_id.map(|f| resource_arn(&instance, Kind::ContactFlow, &f)),
        resource_type: Some(dto::ListFlowAssociationResourceType::VoicePhoneNumber),
    };
    let (list, next_token) = super::page(ctx, None, keep, view, input.next_token.as_deref(), input.max_results).await?;
    Ok(dto::ListFlowAssociationsResponse { flow_association_summary_list: Some(list), next_token })
}
