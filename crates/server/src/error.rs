//! AWS-shaped errors: a code (the `x-amzn-ErrorType` header), an HTTP status, a message, and
//! the other members of the error's shape (ResourceInUseException's ResourceType and
//! ResourceId, …).
//!
//! Operations raise errors by meaning (a duplicate name is DuplicateResourceException, a
//! resource still referenced is ResourceInUseException). Before an answer leaves, the
//! protocol layer resolves it against the operation's modelled error list
//! ([`ApiError::resolve`]): an error the operation does not model becomes its stand-in
//! ([`STAND_INS`]), so that no operation answers an error its SDK types do not know
//! (aws-sdk-rust hands such an error to the program as `Unhandled`). docs/rules.md, section
//! *Errors*, has the table and its reasons.
use serde_json::{Map, Value};
use switchboard_model::{model, validate};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code}: {message}")]
pub struct ApiError {
    pub code: &'static str,
    pub status: u16,
    pub message: String,
    /// Members of the error shape besides `Message`, as the body carries them.
    pub members: Map<String, Value>,
}

/// Errors any operation of any AWS service may answer, whatever its modelled list says: the
/// authentication and signature errors, IAM's AccessDeniedException, throttling, a body that
/// cannot be read, internal errors, what is not built, and the protocol-level errors answered
/// before an operation is known.
pub const COMMON: &[&str] = &[
    "MissingAuthenticationTokenException",
    "IncompleteSignatureException",
    "UnrecognizedClientException",
    "InvalidSignatureException",
    "AccessDeniedException",
    "ThrottlingException",
    "SerializationException",
    "InternalServiceException",
    "NotImplementedException",
    "UnknownOperationException",
    "RequestEntityTooLargeException",
    "RequestTimeoutException",
];

/// What stands in for an error an operation does not model, best first. When none of an
/// error's stand-ins is modelled either, [`LAST_RESORT`] is. Errors of the same meaning
/// stand in for each other (InvalidParameterException ⇄ InvalidRequestException,
/// LimitExceededException ⇄ ServiceQuotaExceededException, DuplicateResourceException ⇄
/// ResourceConflictException); a conflict no modelled error names becomes "the request is
/// not valid".
pub const STAND_INS: &[(&str, &[&str])] = &[
    ("InvalidParameterException", &["InvalidRequestException"]),
    ("InvalidRequestException", &["InvalidParameterException"]),
    ("DuplicateResourceException", &["ResourceConflictException", "InvalidRequestException"]),
    ("ResourceConflictException", &["DuplicateResourceException", "InvalidRequestException"]),
    ("LimitExceededException", &["ServiceQuotaExceededException", "InvalidRequestException"]),
    ("ServiceQuotaExceededException", &["LimitExceededException", "InvalidRequestException"]),
    ("ResourceInUseException", &["InvalidRequestException"]),
    ("IdempotencyException", &["InvalidRequestException"]),
    ("ConflictException", &["ResourceConflictException", "InvalidRequestException"]),
    ("ResourceNotFoundException", &["InvalidRequestException"]),
];

/// Every operation of the Connect model lists one of these (a unit test checks the whole
/// model), so every error resolves to a modelled one.
pub const LAST_RESORT: &[&str] = &["InvalidRequestException", "InvalidParameterException"];

impl ApiError {
    /// An error whose shape is in the model takes the model's status code.
    pub fn new(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { code, status: status_of(code), message: message.into(), members: Map::new() }
    }

    /// Sets a member of the error's shape besides `Message` (e.g. ResourceInUseException's
    /// `ResourceType`). The member must be one of the shape's.
    pub fn with(mut self, member: &str, value: impl Into<Value>) -> ApiError {
        debug_assert!(
            model().shapes.get(self.code).is_none_or(|s| s.member(member).is_some()),
            "{} has no member {member}",
            self.code
        );
        self.members.insert(member.to_string(), value.into());
        self
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

    /// ResourceInUseException naming the resource that is in use: its `ResourceType` (see
    /// docs/rules.md for the kinds the model's enum lacks) and its ARN as `ResourceId`.
    pub fn in_use(message: impl Into<String>, resource_type: &str, resource_arn: Option<&str>) -> ApiError {
        let e = ApiError::new("ResourceInUseException", message).with("ResourceType", resource_type);
        match resource_arn {
            Some(arn) => e.with("ResourceId", arn),
            None => e,
        }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError::new("InternalServiceException", message)
    }

    /// The body could not be read as the input shape (AWS: SerializationException).
    pub fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::new("SerializationException", message)
    }

    /// Model constraint violations, in AWS's words (InvalidParameterException, which
    /// [`ApiError::resolve`] turns into InvalidRequestException for an operation that does
    /// not model it, with the same message).
    pub fn validation(violations: &validate::Violations) -> ApiError {
        ApiError::invalid_parameter(violations.message())
    }

    /// A rule beyond the model failed for one member: same wording as a model constraint.
    pub fn constraint(path: &str, value: Option<&str>, constraint: impl Into<String>) -> ApiError {
        ApiError::invalid_parameter(validate::message(&[validate::Violation {
            path: path.to_string(),
            value: value.map(str::to_string),
            constraint: constraint.into(),
        }]))
    }

    /// An operation switchboard does not implement: refused on purpose, with the reason
    /// (crate::ops::refused), or not built yet.
    pub fn not_implemented(operation: &str) -> ApiError {
        let message = match crate::ops::refused::reason(operation) {
            Some(why) => format!("switchboard does not implement the {operation} operation of Amazon Connect: {why}"),
            None => format!("switchboard does not implement the {operation} operation of Amazon Connect yet"),
        };
        ApiError::new("NotImplementedException", message)
    }

    /// The error as an operation whose modelled errors are `modelled` answers it: itself
    /// when modelled or common, else its first modelled stand-in, with the same message and
    /// the members the stand-in's shape has.
    pub fn resolve(self, modelled: &[String]) -> ApiError {
        let has = |code: &str| modelled.iter().any(|m| m == code);
        if COMMON.contains(&self.code) || has(self.code) {
            return self;
        }
        let stand_ins = STAND_INS.iter().find(|(code, _)| *code == self.code).map_or(&[][..], |(_, s)| *s);
        // Connect models a last resort for every operation; InvalidRequestException keeps
        // any other service model answering a client error.
        let code = stand_ins.iter().chain(LAST_RESORT).copied().find(|c| has(c)).unwrap_or("InvalidRequestException");
        let shape = model().shapes.get(code);
        let members = self.members.into_iter().filter(|(name, _)| shape.is_some_and(|s| s.member(name).is_some())).collect();
        ApiError { code, status: status_of(code), message: self.message, members }
    }

    /// The body AWS sends with the error: the message under both `Message` (botocore, the
    /// SDKs) and `message` (paws reads only this one in rest-json), and the shape's other
    /// members.
    pub fn body(&self) -> Value {
        let mut body = Map::new();
        body.insert("Message".into(), self.message.clone().into());
        body.insert("message".into(), self.message.clone().into());
        for (name, value) in &self.members {
            body.insert(name.clone(), value.clone());
        }
        Value::Object(body)
    }
}

fn status_of(code: &str) -> u16 {
    model().error_status(code).unwrap_or(match code {
        "MissingAuthenticationTokenException" | "IncompleteSignatureException" | "UnrecognizedClientException"
        | "InvalidSignatureException" => 403,
        "UnknownOperationException" => 404,
        "RequestTimeoutException" => 408,
        "RequestEntityTooLargeException" => 413,
        "NotImplementedException" => 501,
        _ => 400,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn modelled(op: &str) -> &'static [String] {
        &model().operation(op).unwrap_or_else(|| panic!("no operation {op}")).errors
    }

    fn resolved(op: &str, e: ApiError) -> ApiError {
        e.resolve(modelled(op))
    }

    #[test]
    fn statuses_come_from_the_model() {
        assert_eq!(ApiError::duplicate("x").status, 409);
        assert_eq!(ApiError::not_found("x").status, 404);
        assert_eq!(ApiError::invalid_parameter("x").status, 400);
        assert_eq!(ApiError::in_use("x", "QUEUE", None).status, 409);
        assert_eq!(ApiError::new("ThrottlingException", "x").status, 429);
        assert_eq!(ApiError::internal("x").status, 500);
        assert_eq!(ApiError::not_implemented("CreateQueue").status, 501);
    }

    #[test]
    fn every_error_of_every_operation_resolves_to_a_modelled_or_common_one() {
        let shapes: Vec<&'static str> = model()
            .shapes
            .values()
            .filter(|s| s.error_status.is_some())
            .map(|s| &*Box::leak(s.name.clone().into_boxed_str()))
            .collect();
        let codes: Vec<&'static str> = shapes.iter().copied().chain(COMMON.iter().copied()).chain(["SomethingNew"]).collect();
        for op in model().operations.values() {
            assert!(LAST_RESORT.iter().any(|c| op.errors.iter().any(|e| e == c)), "{} models no last resort", op.name);
            for code in &codes {
                let e = ApiError::new(code, "m").resolve(&op.errors);
                assert!(COMMON.contains(&e.code) || op.errors.iter().any(|m| m == e.code), "{}: {code} resolved to {}", op.name, e.code);
                assert_eq!(e.message, "m");
            }
        }
    }

    #[test]
    fn modelled_and_common_errors_are_kept() {
        let dup = ApiError::duplicate("Queue 'q' exists");
        assert_eq!(resolved("CreateQueue", dup.clone()), dup);
        let in_use = ApiError::in_use("in use", "QUEUE", Some("arn:q"));
        assert_eq!(resolved("DeleteQueue", in_use.clone()), in_use);
        for code in COMMON {
            let e = ApiError::new(code, "m");
            assert_eq!(resolved("DescribeInstance", e.clone()), e);
        }
    }

    #[test]
    fn the_instance_operations_answer_invalid_request_for_what_they_do_not_model() {
        let e = resolved("CreateInstance", ApiError::duplicate("An instance with the alias 'a' already exists"));
        assert_eq!((e.code, e.status, e.message.as_str()), ("InvalidRequestException", 400, "An instance with the alias 'a' already exists"));
        let validation = ApiError::constraint("instanceId", Some("x"), "Member must have length less than or equal to 100");
        for op in ["CreateInstance", "DescribeInstance", "ListInstances", "DeleteInstance"] {
            let e = resolved(op, validation.clone());
            assert_eq!((e.code, e.status), ("InvalidRequestException", 400), "{op}");
            assert!(e.message.starts_with("1 validation error detected: "), "{op}: {}", e.message);
        }
        assert_eq!(resolved("ListInstances", ApiError::not_found("x")).code, "InvalidRequestException");
    }

    #[test]
    fn quotas_stand_in_for_each_other() {
        let e = resolved("CreateInstance", ApiError::new("LimitExceededException", "too many"));
        assert_eq!((e.code, e.status), ("ServiceQuotaExceededException", 402));
        let e = resolved("CreateUser", ApiError::new("ServiceQuotaExceededException", "too many"));
        assert_eq!((e.code, e.status), ("LimitExceededException", 429));
    }

    #[test]
    fn a_stand_in_keeps_only_the_members_its_shape_has() {
        let e = resolved("DeleteHoursOfOperation", ApiError::in_use("used by a queue", "HOURS_OF_OPERATION", Some("arn:h")));
        assert_eq!((e.code, e.status, e.message.as_str()), ("InvalidRequestException", 400, "used by a queue"));
        assert!(e.members.is_empty(), "{:?}", e.members);
        // An operation without ResourceInUseException, with neither conflict error either.
        let e = resolved("UpdateUserHierarchy", ApiError::in_use("x", "HIERARCHY_GROUP", None));
        assert_eq!(e.code, "InvalidRequestException");
    }

    #[test]
    fn duplicates_prefer_a_conflict_error_to_invalid_request() {
        let any = model()
            .operations
            .values()
            .find(|o| o.errors.iter().any(|e| e == "ResourceConflictException") && !o.errors.iter().any(|e| e == "DuplicateResourceException"))
            .expect("some operation models ResourceConflictException alone");
        assert_eq!(ApiError::duplicate("x").resolve(&any.errors).code, "ResourceConflictException");
    }

    #[test]
    fn every_stand_in_is_an_error_of_the_model() {
        for (code, stand_ins) in STAND_INS {
            for c in std::iter::once(code).chain(stand_ins.iter()).chain(LAST_RESORT) {
                assert!(model().error_status(c).is_some(), "{c} is not an error shape of the model");
            }
        }
    }

    #[test]
    fn the_body_carries_the_message_under_both_keys_and_the_members() {
        let e = ApiError::in_use("Queue q is in use", "QUEUE", Some("arn:aws:connect:us-east-1:1:instance/i/queue/q"));
        assert_eq!(
            e.body(),
            serde_json::json!({
                "Message": "Queue q is in use",
                "message": "Queue q is in use",
                "ResourceType": "QUEUE",
                "ResourceId": "arn:aws:connect:us-east-1:1:instance/i/queue/q",
            })
        );
        assert_eq!(ApiError::new("ThrottlingException", "Rate exceeded").body(), serde_json::json!({"Message": "Rate exceeded", "message": "Rate exceeded"}));
    }
}
