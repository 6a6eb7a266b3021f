//! AssociateLambdaFunction: a Lambda function the instance's flows may invoke, by its ARN
//! (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`, optionally `:QUALIFIER`).
use super::Association;
use crate::error::ApiError;
use crate::service::Ctx;
use crate::store::Kind;
use serde_json::json;
use switchboard_model::dto;

pub async fn handle(ctx: &Ctx, input: dto::AssociateLambdaFunctionRequest) -> Result<(), ApiError> {
    let arn = input.function_arn;
    if !is_function_arn(&arn) {
        return Err(ApiError::invalid_parameter(format!("FunctionArn '{arn}' is not the ARN of a Lambda function")));
    }
    super::associate(ctx, &input.instance_id, Association { kind: Kind::LambdaFunction, name: arn.clone(), body: json!({ "FunctionArn": arn }) }).await
}

fn is_function_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.split(':').collect();
    let name_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    (7..=8).contains(&parts.len())
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "lambda"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5] == "function"
        && parts[6..].iter().all(|s| name_ok(s))
}

#[cfg(test)]
mod tests {
    #[test]
    fn function_arns() {
        assert!(super::is_function_arn("arn:aws:lambda:us-east-1:123456789012:function:lookup"));
        assert!(super::is_function_arn("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:lookup:PROD"));
        for wrong in ["lookup", "arn:aws:lambda:us-east-1:123456789012:layer:x", "arn:aws:s3:us-east-1:123456789012:function:x", "arn:aws:lambda:us-east-1:1234:function:x"] {
            assert!(!super::is_function_arn(wrong), "{wrong}");
        }
    }
}
