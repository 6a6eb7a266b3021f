//! AWS-shaped errors: a code (the `x-amzn-ErrorType` header), an HTTP status and a message.
use switchboard_model::{model, validate};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: &'static str,
    pub status: u16,
    pub message: String,
}

impl ApiError {
    /// An error whose shape is in the model takes the model's status code.
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        let status = model().error_status(code).unwrap_or(match code {
            "MissingAuthenticationTokenException" | "IncompleteSignatureException" | "UnrecognizedClientException"
            | "InvalidSignatureException" => 403,
            "UnknownOperationException" => 404,
            "RequestTimeoutException" => 408,
            "RequestEntityTooLargeException" => 413,
            "NotImplementedException" => 501,
            _ => 400,
        });
        ApiError { code, status, message: message.into() }
    }

    pub fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidParameterException", message)
    }

    pub fn invalid_request(message: impl Into<String>) -> ApiError {
        ApiError::new("InvalidRequestException", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new("ResourceNotFoundException", message)
    }

    pub fn duplicate(message: impl Into<String>) -> ApiError {
        ApiError::new("DuplicateResourceException", message)
    }

    pub fn in_use(message: impl Into<String>) -> ApiError {
        ApiError::new("ResourceInUseException", message)
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new("InternalServiceException", message)
    }

    /// The body could not be read as the input shape (AWS: SerializationException).
    pub fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::new("SerializationException", message)
    }

    /// Model constraint violations, in AWS's words.
    pub fn validation(violations: &[validate::Violation]) -> ApiError {
        ApiError::invalid_parameter(validate::message(violations))
    }

    /// A rule beyond the model failed for one member: same wording as a model constraint.
    pub fn constraint(path: &str, value: Option<&str>, constraint: impl Into<String>) -> ApiError {
        ApiError::validation(&[validate::Violation {
            path: path.to_string(),
            value: value.map(str::to_string),
            constraint: constraint.into(),
        }])
    }

    pub fn not_implemented(operation: &str) -> ApiError {
        ApiError::new(
            "NotImplementedException",
            format!("switchboard does not implement the {operation} operation of Amazon Connect yet"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_come_from_the_model() {
        assert_eq!(ApiError::duplicate("x").status, 409);
        assert_eq!(ApiError::not_found("x").status, 404);
        assert_eq!(ApiError::invalid_parameter("x").status, 400);
        assert_eq!(ApiError::in_use("x").status, 409);
        assert_eq!(ApiError::new("ThrottlingException", "x").status, 429);
        assert_eq!(ApiError::internal("x").status, 500);
        assert_eq!(ApiError::not_implemented("CreateQueue").status, 501);
    }
}
