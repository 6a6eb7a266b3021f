//! DescribeQuickConnect.
use crate::error::ApiError;
use crate::ops::crud;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DescribeQuickConnectRequest) -> Result<dto::DescribeQuickConnectResponse, ApiError> {
    let quick_connect = crud::describe(ctx, &input.instance_id, Kind::QuickConnect, &input.quick_connect_id).await?;
    Ok(dto::DescribeQuickConnectResponse { quick_connect: Some(quick_connect) })
}
