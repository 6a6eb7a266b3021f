//! UpdateContactFlowModuleContent: new content (valid flow language) and/or settings.
use super::check_content;
use crate::error::ApiError;
use crate::ops::contact_flows::content_sha256;
use crate::ops::crud;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateContactFlowModuleContentRequest) -> Result<dto::UpdateContactFlowModuleContentResponse, ApiError> {
    if let Some(content) = &input.content {
        check_content(content)?;
    }
    let instance = ctx.instance(&input.instance_id).await?;
    let (content, settings) = (input.content, input.settings);
    crud::update(ctx, &instance, &input.contact_flow_module_id, move |module: &mut dto::ContactFlowModule| {
        if let Some(content) = content {
            module.flow_module_content_sha256 = Some(content_sha256(&content));
            module.content = Some(content);
        }
        if settings.is_some() {
            module.settings = settings;
        }
        Ok(())
    })
    .await?;
    Ok(dto::UpdateContactFlowModuleContentResponse {})
}
