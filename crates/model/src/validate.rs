//! Constraint validation of a decoded input against the model, with AWS's own wording:
//! `1 validation error detected: Value 'x' at 'username' failed to satisfy constraint:
//! Member must have length less than or equal to 100`.
//!
//! JSON type mismatches are not validation errors but serialization errors (AWS answers them
//! with SerializationException); [`crate::decode`] checks types before this runs.
use crate::shape::{Model, Shape, ShapeKind};
use serde_json::Value;

/// What AWS prints instead of a sensitive member's value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// lowerCamelCase member path, dot-separated (`identityInfo.firstName`).
    pub path: String,
    /// The offending value as AWS renders it, `None` for a missing member.
    pub value: Option<String>,
    pub constraint: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.value {
            Some(v) => write!(f, "Value '{v}' at '{}' failed to satisfy constraint: {}", self.path, self.constraint),
            None => write!(f, "Value null at '{}' failed to satisfy constraint: {}", self.path, self.constraint),
        }
    }
}

/// AWS's message for a non-empty list of violations.
pub fn message(violations: &[Violation]) -> String {
    let n = violations.len();
    let list: Vec<String> = violations.iter().map(ToString::to_string).collect();
    format!("{n} validation error{} detected: {}", if n == 1 { "" } else { "s" }, list.join("; "))
}

fn lower_camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn join(path: &str, member: &str) -> String {
    let member = lower_camel(member);
    if path.is_empty() {
        member
    } else {
        format!("{path}.{member}")
    }
}

/// How AWS renders a value in a message (Java's toString, near enough).
fn render(value: &Value, sensitive: bool) -> String {
    if sensitive {
        return REDACTED.to_string();
    }
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!("[{}]", items.iter().map(|v| render(v, false)).collect::<Vec<_>>().join(", ")),
        Value::Object(map) => format!(
            "{{{}}}",
            map.iter().map(|(k, v)| format!("{k}={}", render(v, false))).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

impl Model {
    /// Validates `value` (already type-checked) against `shape`; returns every violation.
    pub fn validate(&self, shape: &str, value: &Value) -> Vec<Violation> {
        let mut out = Vec::new();
        self.check(self.shape(shape), value, "", false, &mut out);
        out
    }

    fn check(&self, shape: &Shape, value: &Value, path: &str, sensitive: bool, out: &mut Vec<Violation>) {
        let sensitive = sensitive || shape.sensitive;
        let violation = |constraint: String| Violation { path: path.to_string(), value: Some(render(value, sensitive)), constraint };
        match (&shape.kind, value) {
            (ShapeKind::Structure { members, required, union }, Value::Object(map)) => {
                for name in required {
                    if map.get(name).is_none_or(Value::is_null) {
                        out.push(Violation { path: join(path, name), value: None, constraint: "Member must not be null".into() });
                    }
                }
                if *union && map.values().filter(|v| !v.is_null()).count() > 1 {
                    out.push(violation("Member must have exactly one member set".into()));
                }
                for m in members {
                    if let Some(v) = map.get(&m.name).filter(|v| !v.is_null()) {
                        self.check(self.shape(&m.shape), v, &join(path, &m.name), sensitive, out);
                    }
                }
            }
            (ShapeKind::List { member }, Value::Array(items)) => {
                self.length(shape, items.len(), &violation, out);
                let member_shape = self.shape(member);
                for (i, item) in items.iter().enumerate() {
                    let mut inner = Vec::new();
                    self.check(member_shape, item, &format!("{path}.{}.member", i + 1), sensitive, &mut inner);
                    self.fold_element(inner, matches!(member_shape.kind, ShapeKind::Structure { .. }), "Member must satisfy constraint", &violation, out);
                }
            }
            (ShapeKind::Map { key, value: value_shape }, Value::Object(map)) => {
                self.length(shape, map.len(), &violation, out);
                let (key_shape, value_shape) = (self.shape(key), self.shape(value_shape));
                for (k, v) in map {
                    let mut inner = Vec::new();
                    self.check(key_shape, &Value::String(k.clone()), path, sensitive, &mut inner);
                    self.fold_element(inner, false, "Map keys must satisfy constraint", &violation, out);
                    let mut inner = Vec::new();
                    self.check(value_shape, v, &format!("{path}.{k}"), sensitive, &mut inner);
                    self.fold_element(inner, matches!(value_shape.kind, ShapeKind::Structure { .. }), "Map value must satisfy constraint", &violation, out);
                }
            }
            (ShapeKind::String { enum_values, pattern }, Value::String(s)) => {
                self.length(shape, s.chars().count(), &violation, out);
                if let Some(values) = enum_values {
                    if !values.iter().any(|v| v == s) {
                        out.push(violation(format!("Member must satisfy enum value set: [{}]", values.join(", "))));
                    }
                }
                if let Some(p) = pattern {
                    if !p.is_match(s) {
                        out.push(violation(format!("Member must satisfy regular expression pattern: {}", p.source)));
                    }
                }
            }
            (ShapeKind::Integer | ShapeKind::Long | ShapeKind::Double | ShapeKind::Float, Value::Number(n)) => {
                let n = n.as_f64().unwrap_or(0.0);
                if let Some(min) = shape.min.filter(|min| n < *min) {
                    out.push(violation(format!("Member must have value greater than or equal to {min}")));
                }
                if let Some(max) = shape.max.filter(|max| n > *max) {
                    out.push(violation(format!("Member must have value less than or equal to {max}")));
                }
            }
            _ => {}
        }
    }

    /// A constraint on a list element or map key/value: structures report their own member
    /// paths; simple values are folded into the container's message, as AWS does.
    fn fold_element(
        &self,
        inner: Vec<Violation>,
        structured: bool,
        prefix: &str,
        container: &dyn Fn(String) -> Violation,
        out: &mut Vec<Violation>,
    ) {
        if inner.is_empty() {
            return;
        }
        if structured {
            out.extend(inner);
        } else {
            let list: Vec<String> = inner.into_iter().map(|v| v.constraint).collect();
            out.push(container(format!("{prefix}: [{}]", list.join(", "))));
        }
    }

    fn length(&self, shape: &Shape, len: usize, violation: &dyn Fn(String) -> Violation, out: &mut Vec<Violation>) {
        let len = len as f64;
        if let Some(min) = shape.min.filter(|min| len < *min) {
            out.push(violation(format!("Member must have length greater than or equal to {min}")));
        }
        if let Some(max) = shape.max.filter(|max| len > *max) {
            out.push(violation(format!("Member must have length less than or equal to {max}")));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;
    use crate::shape::ShapeKind;
    use serde_json::json;

    fn create_user(extra: Value) -> Value {
        let mut v = json!({"InstanceId": "i", "Username": "jdoe", "SecurityProfileIds": ["sp"], "RoutingProfileId": "rp"});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    }

    #[test]
    fn a_valid_request_has_no_violations() {
        assert_eq!(model().validate("CreateUserRequest", &create_user(json!({}))), vec![]);
    }

    #[test]
    fn missing_required_members_are_named() {
        let v = model().validate("CreateUserRequest", &json!({"InstanceId": "i"}));
        let msg = message(&v);
        assert!(msg.starts_with("3 validation errors detected: "), "{msg}");
        assert!(msg.contains("Value null at 'username' failed to satisfy constraint: Member must not be null"), "{msg}");
        assert!(msg.contains("'securityProfileIds'"), "{msg}");
    }

    #[test]
    fn length_in_aws_words() {
        let long = "u".repeat(101);
        let v = model().validate("CreateUserRequest", &create_user(json!({"Username": long})));
        assert_eq!(
            message(&v),
            format!("1 validation error detected: Value '{long}' at 'username' failed to satisfy constraint: Member must have length less than or equal to 100")
        );
    }

    #[test]
    fn enum_pattern_and_nested_paths() {
        let v = model().validate("CreateUserRequest", &create_user(json!({"PhoneConfig": {"PhoneType": "CELL_PHONE"}})));
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].path, "phoneConfig.phoneType");
        assert_eq!(v[0].constraint, "Member must satisfy enum value set: [SOFT_PHONE, DESK_PHONE]");
    }

    #[test]
    fn sensitive_values_are_never_echoed() {
        let v = model().validate("CreateUserRequest", &create_user(json!({"Password": "weakpassword"})));
        let msg = message(&v);
        assert!(!msg.contains("weakpassword"), "{msg}");
        assert!(msg.contains(REDACTED) && msg.contains("'password'"), "{msg}");
    }

    #[test]
    fn password_policy_comes_from_the_model_pattern() {
        assert!(model().validate("CreateUserRequest", &create_user(json!({"Password": "Passw0rd!"}))).is_empty());
        for weak in ["short1A", "alllowercase1", "ALLUPPER1", "NoDigitsHere"] {
            assert_eq!(model().validate("CreateUserRequest", &create_user(json!({"Password": weak}))).len(), 1, "{weak}");
        }
    }

    #[test]
    fn list_and_map_sizes_and_map_keys() {
        let v = model().validate("CreateUserRequest", &create_user(json!({"SecurityProfileIds": []})));
        assert_eq!(v[0].constraint, "Member must have length greater than or equal to 1");
        let v = model().validate("CreateUserRequest", &create_user(json!({"Tags": {"aws:x": "y"}})));
        assert_eq!(v.len(), 1);
        assert!(v[0].constraint.starts_with("Map keys must satisfy constraint: [Member must satisfy regular expression pattern"), "{:?}", v);
        let many: serde_json::Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
        let v = model().validate("CreateUserRequest", &create_user(json!({"Tags": many})));
        assert_eq!(v[0].constraint, "Member must have length less than or equal to 50");
    }

    #[test]
    fn integer_ranges() {
        let v = model().validate("ListUsersRequest", &json!({"InstanceId": "i", "MaxResults": 1001}));
        assert_eq!(message(&v), "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
    }

    #[test]
    fn every_pattern_in_the_model_compiles() {
        for shape in model().shapes.values() {
            if let ShapeKind::String { pattern: Some(p), .. } = &shape.kind {
                crate::shape::compile_pattern(&p.source).unwrap_or_else(|e| panic!("{}: {e}", shape.name));
            }
        }
    }

    #[test]
    fn doubly_escaped_patterns_mean_the_plain_pattern() {
        let re = crate::shape::compile_pattern("\\\\+[1-9]\\\\d{1,14}$").unwrap();
        assert!(re.is_match("+14155550123").unwrap());
        assert!(!re.is_match("555-1234").unwrap());
    }
}
