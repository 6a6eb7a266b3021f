//! ListLambdaFunctions: the ARNs of the instance's Lambda functions, in order.
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::ListLambdaFunctionsRequest) -> Result<dto::ListLambdaFunctionsResponse, ApiError> {
    let (bodies, next_token) = super::list(ctx, &input.instance_id, Kind::LambdaFunction, input.next_token.as_deref(), input.max_results).await?;
    let arns = bodies.iter().filter_map(|b| b["FunctionArn"].as_str().map(str::to_string)).collect();
    Ok(dto::ListLambdaFunctionsResponse { lambda_functions: Some(arns), next_token })
}
