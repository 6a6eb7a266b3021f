//! DisassociateInstanceStorageConfig: removes an association, by AssociationId and resource
//! type.
use crate::error::ApiError;
use crate::service::Ctx;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateInstanceStorageConfigRequest) -> Result<(), ApiError> {
    let (rec, _) = super::find(ctx, &input.instance_id, &input.association_id, input.resource_type).await?;
    ctx.delete(&rec).await
}
