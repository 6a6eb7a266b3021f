//! CreateContactFlow: a flow of a type, ACTIVE, PUBLISHED unless Status says SAVED. Only
//! PUBLISHED content is checked against the flow language (CreateContactFlow.Status doc:
//! "The PUBLISHED status will initiate validation on the content. the SAVED status does not
//! initiate validation of the content"); the name is unique in the instance.
use super::{check_content, content_sha256};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto::{self, ContactFlowState, ContactFlowStatus};

pub async fn handle(ctx: &Ctx, input: dto::CreateContactFlowRequest) -> Result<dto::CreateContactFlowResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let status = input.status.unwrap_or(ContactFlowStatus::Published);
    if status == ContactFlowStatus::Published {
        check_content(&input.content, "InvalidContactFlowException", "problems")?;
    }
    let (id, arn) = crud::new_resource(&instance, Kind::ContactFlow);
    let sha = content_sha256(&input.content);
    let flow = dto::ContactFlow {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        name: Some(input.name),
        r#type: Some(input.r#type),
        state: Some(ContactFlowState::Active),
        status: Some(status),
        description: input.description,
        content: Some(input.content),
        flow_content_sha256: Some(sha.clone()),
        tags: Some(input.tags.unwrap_or_default()),
        last_modified_time: Some(ctx.now),
        last_modified_region: Some(ctx.region().to_string()),
        ..Default::default()
    };
    crud::insert(ctx, &instance, &flow).await?;
    Ok(dto::CreateContactFlowResponse { contact_flow_id: Some(id), contact_flow_arn: Some(arn), flow_content_sha256: Some(sha) })
}
