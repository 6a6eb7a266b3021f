//! DeleteQuickConnect: refused while a queue offers the quick connect.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DeleteQuickConnectRequest) -> Result<(), ApiError> {
    crud::delete(ctx, &input.instance_id, Kind::QuickConnect, &input.quick_connect_id).await
}
