//! UpdateQuickConnectName: a new unique name and/or description.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::UpdateQuickConnectNameRequest) -> Result<(), ApiError> {
    ctx.rename(&input.instance_id, Kind::QuickConnect, &input.quick_connect_id, input.name, input.description).await
}
