//! UpdateContactFlowContent: new content, checked against the flow language when the flow
//! is PUBLISHED (a SAVED flow's content is not validated, as on create).
use super::{check_content, content_sha256};
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto::{self, ContactFlowStatus};

pub async fn handle(ctx: &Ctx, input: dto::UpdateContactFlowContentRequest) -> Result<dto::UpdateContactFlowContentResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    let content = input.content;
    crud::update(ctx, &instance, &input.contact_flow_id, move |flow: &mut dto::ContactFlow| {
        if flow.status != Some(ContactFlowStatus::Saved) {
            check_content(&content, "InvalidContactFlowException", "problems")?;
        }
        flow.flow_content_sha256 = Some(content_sha256(&content));
        flow.content = Some(content);
        Ok(())
    })
    .await?;
    Ok(dto::UpdateContactFlowContentResponse {})
}
