//! DisassociateLambdaFunction.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::DisassociateLambdaFunctionRequest) -> Result<(), ApiError> {
    super::disassociate(ctx, &input.instance_id, Kind::LambdaFunction, &input.function_arn).await
}
