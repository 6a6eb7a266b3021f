//! CreateContactFlowModule: a module, ACTIVE and PUBLISHED, whose content is valid flow
//! language; the name is unique in the instance.
use super::check_content;
use crate::error::ApiError;
use crate::ops::contact_flows::content_sha256;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto::{self, ContactFlowModuleState, ContactFlowModuleStatus};

pub async fn handle(ctx: &Ctx, input: dto::CreateContactFlowModuleRequest) -> Result<dto::CreateContactFlowModuleResponse, ApiError> {
    let instance = ctx.instance(&input.instance_id).await?;
    check_content(&input.content)?;
    let (id, arn) = crud::new_resource(&instance, Kind::ContactFlowModule);
    let module = dto::ContactFlowModule {
        id: Some(id.clone()),
        arn: Some(arn.clone()),
        name: Some(input.name),
        description: input.description,
        flow_module_content_sha256: Some(content_sha256(&input.content)),
        content: Some(input.content),
        state: Some(ContactFlowModuleState::Active),
        status: Some(ContactFlowModuleStatus::Published),
        settings: input.settings,
        external_invocation_configuration: input.external_invocation_configuration,
        tags: Some(input.tags.unwrap_or_default()),
        ..Default::default()
    };
    crud::insert(ctx, &instance, &module).await?;
    Ok(dto::CreateContactFlowModuleResponse { id: Some(id), arn: Some(arn) })
}
