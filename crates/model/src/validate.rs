//! Constraint validation of a decoded input against the model, with AWS's own wording:
//! `1 validation error detected: Value 'x' at 'username' failed to satisfy constraint:
//! Member must have length less than or equal to 100`.
//!
//! JSON type mismatches are not validation errors but serialization errors (AWS answers them
//! with SerializationException); [`crate::decode`] checks types before this runs.
use crate::shape::{Location, Model, Operation, Shape, ShapeKind};
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

/// Violations a message lists; the rest are counted ("and N more"). Thousands of bad tag
/// keys must not make an answer thousands of times the size of the request.
pub const MAX_LISTED: usize = 10;

/// The most characters of a value a message repeats; longer values end in `...`.
pub const MAX_RENDERED: usize = 1000;

/// What validation found: the first [`MAX_LISTED`] violations (in the order found) and how
/// many there are in all. Memory and work stay bounded however many there are: values are
/// rendered only for the violations listed.
#[derive(Debug, Clone, Default)]
pub struct Violations {
    pub listed: Vec<Violation>,
    pub total: usize,
    /// Only violations whose constraint passes this are kept (and counted).
    keep: Option<fn(&str) -> bool>,
}

impl Violations {
    /// Violations whose constraint satisfies `keep` only.
    pub fn only(keep: fn(&str) -> bool) -> Violations {
        Violations { keep: Some(keep), ..Violations::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn len(&self) -> usize {
        self.total
    }

    /// AWS's message for them (see [`message`]).
    pub fn message(&self) -> String {
        message_of(&self.listed, self.total)
    }

    /// Counts a violation of `constraint`; `make` builds it (rendering the value) only when
    /// it is to be listed.
    fn push(&mut self, constraint: String, make: impl FnOnce(String) -> Violation) {
        if self.keep.is_some_and(|keep| !keep(&constraint)) {
            return;
        }
        self.total += 1;
        if self.listed.len() < MAX_LISTED {
            self.listed.push(make(constraint));
        }
    }

    /// An empty collection with the same filter (for a list element or map entry).
    fn fresh(&self) -> Violations {
        Violations { keep: self.keep, ..Violations::default() }
    }

    /// Adds what `other` (made by [`Violations::fresh`], so already filtered) found.
    fn extend(&mut self, other: Violations) {
        let unlisted = other.total - other.listed.len();
        for v in other.listed {
            self.push(v.constraint.clone(), |_| v);
        }
        self.total += unlisted;
    }
}

/// AWS's message for a non-empty list of violations.
pub fn message(violations: &[Violation]) -> String {
    message_of(violations, violations.len())
}

/// `{total} validation errors detected: {listed}` and, past the listed ones, `; and N more`.
fn message_of(listed: &[Violation], total: usize) -> String {
    let list: Vec<String> = listed.iter().take(MAX_LISTED).map(ToString::to_string).collect();
    let shown = list.len();
    let mut out = format!("{total} validation error{} detected: {}", if total == 1 { "" } else { "s" }, list.join("; "));
    if total > shown {
        out += &format!("; and {} more", total - shown);
    }
    out
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

/// How AWS renders a value in a message (Java's toString, near enough), cut at
/// [`MAX_RENDERED`] characters.
fn render(value: &Value, sensitive: bool) -> String {
    if sensitive {
        return REDACTED.to_string();
    }
    let mut out = String::new();
    render_into(value, &mut out);
    if out.len() > MAX_RENDERED {
        let cut = out.char_indices().nth(MAX_RENDERED).map_or(out.len(), |(i, _)| i);
        if cut < out.len() {
            out.truncate(cut);
            out.push_str("...");
        }
    }
    out
}

/// Appends a value's rendering, stopping once more than [`MAX_RENDERED`] bytes are written
/// (the caller cuts it): the work stays bounded whatever the value's size.
fn render_into(value: &Value, out: &mut String) {
    let full = |out: &String| out.len() > MAX_RENDERED;
    match value {
        Value::String(s) => push_prefix(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, v) in items.iter().enumerate() {
                if full(out) {
                    return;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                render_into(v, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (k, v)) in map.iter().enumerate() {
                if full(out) {
                    return;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                push_prefix(out, k);
                out.push('=');
                render_into(v, out);
            }
            out.push('}');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// Enough of `s` for the rendering to be cut at [`MAX_RENDERED`] characters.
fn push_prefix(out: &mut String, s: &str) {
    let mut end = s.len().min(MAX_RENDERED * 4 + 4);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&s[..end]);
}

impl Model {
    /// A copy of `value` (of `shape`) with every member the model marks sensitive replaced
    /// by [`REDACTED`]: what the CLI's `--debug` log and the server's request log show.
    pub fn redact(&self, shape: &Shape, value: &Value) -> Value {
        if shape.sensitive {
            return Value::String(REDACTED.into());
        }
        match (&shape.kind, value) {
            (ShapeKind::Structure { members, .. }, Value::Object(map)) => Value::Object(
                map.iter()
                    .map(|(k, v)| {
                        let v = match members.iter().find(|m| &m.name == k) {
                            Some(m) => self.redact(self.shape(&m.shape), v),
                            None => v.clone(),
                        };
                        (k.clone(), v)
                    })
                    .collect(),
            ),
            (ShapeKind::List { member }, Value::Array(items)) => Value::Array(items.iter().map(|v| self.redact(self.shape(member), v)).collect()),
            (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => Value::Object(map.iter().map(|(k, v)| (k.clone(), self.redact(self.shape(vs), v))).collect()),
            _ => value.clone(),
        }
    }

    /// Query parameters sent more than once for a member the model does not define as a
    /// list: `?maxResults=1&maxResults=3` and its swap carry the same signature (the
    /// canonical query sorts values) but would mean different things, so neither is read.
    pub fn repeated_query(&self, op: &Operation, query: &[(String, String)]) -> Violations {
        let mut out = Violations::default();
        let Some(input) = &op.input else { return out };
        for m in self.shape(input).members().iter().filter(|m| m.location == Location::Query) {
            if matches!(self.shape(&m.shape).kind, ShapeKind::List { .. } | ShapeKind::Map { .. }) {
                continue;
            }
            let values: Vec<Value> = query.iter().filter(|(k, _)| *k == m.location_name).map(|(_, v)| Value::String(v.clone())).collect();
            if values.len() > 1 {
                out.push("Member must have at most one value in the query string".into(), |constraint| Violation {
                    path: lower_camel(&m.name),
                    value: Some(render(&Value::Array(values), self.shape(&m.shape).sensitive)),
                    constraint,
                });
            }
        }
        out
    }

    /// Validates `value` (already type-checked) against `shape`: how many violations, and
    /// the first few.
    pub fn validate(&self, shape: &str, value: &Value) -> Violations {
        self.validate_into(shape, value, Violations::default())
    }

    /// [`Model::validate`] into `out` (e.g. [`Violations::only`] some constraints).
    pub fn validate_into(&self, shape: &str, value: &Value, mut out: Violations) -> Violations {
        self.check(self.shape(shape), value, "", false, &mut out);
        out
    }

    fn check(&self, shape: &Shape, value: &Value, path: &str, sensitive: bool, out: &mut Violations) {
        let sensitive = sensitive || shape.sensitive;
        let violation = |constraint: String| Violation { path: path.to_string(), value: Some(render(value, sensitive)), constraint };
        let violation = &violation;
        match (&shape.kind, value) {
            (ShapeKind::Structure { members, required, union }, Value::Object(map)) => {
                for name in required {
                    if map.get(name).is_none_or(Value::is_null) {
                        out.push("Member must not be null".into(), |constraint| Violation { path: join(path, name), value: None, constraint });
                    }
                }
                if *union && map.values().filter(|v| !v.is_null()).count() > 1 {
                    out.push("Member must have exactly one member set".into(), violation);
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
                    let mut inner = out.fresh();
                    self.check(member_shape, item, &format!("{path}.{}.member", i + 1), sensitive, &mut inner);
                    self.fold_element(inner, matches!(member_shape.kind, ShapeKind::Structure { .. }), "Member must satisfy constraint", &violation, out);
                }
            }
            (ShapeKind::Map { key, value: value_shape }, Value::Object(map)) => {
                self.length(shape, map.len(), &violation, out);
                let (key_shape, value_shape) = (self.shape(key), self.shape(value_shape));
                for (k, v) in map {
                    let mut inner = out.fresh();
                    self.check(key_shape, &Value::String(k.clone()), path, sensitive, &mut inner);
                    self.fold_element(inner, false, "Map keys must satisfy constraint", &violation, out);
                    let mut inner = out.fresh();
                    self.check(value_shape, v, &format!("{path}.{k}"), sensitive, &mut inner);
                    self.fold_element(inner, matches!(value_shape.kind, ShapeKind::Structure { .. }), "Map value must satisfy constraint", &violation, out);
                }
            }
            (ShapeKind::String { enum_values, pattern }, Value::String(s)) => {
                self.length(shape, s.chars().count(), &violation, out);
                if let Some(values) = enum_values {
                    if !values.iter().any(|v| v == s) {
                        out.push(format!("Member must satisfy enum value set: [{}]", values.join(", ")), violation);
                    }
                }
                if let Some(p) = pattern {
                    if !p.is_match(s) {
                        out.push(format!("Member must satisfy regular expression pattern: {}", p.source), violation);
                    }
                }
            }
            (ShapeKind::Integer | ShapeKind::Long | ShapeKind::Double | ShapeKind::Float, Value::Number(n)) => {
                let n = n.as_f64().unwrap_or(0.0);
                if let Some(min) = shape.min.filter(|min| n < *min) {
                    out.push(format!("Member must have value greater than or equal to {min}"), violation);
                }
                if let Some(max) = shape.max.filter(|max| n > *max) {
                    out.push(format!("Member must have value less than or equal to {max}"), violation);
                }
            }
            _ => {}
        }
    }

    /// A constraint on a list element or map key/value: structures report their own member
    /// paths; simple values are folded into the container's message, as AWS does.
    fn fold_element(
        &self,
        inner: Violations,
        structured: bool,
        prefix: &str,
        container: &dyn Fn(String) -> Violation,
        out: &mut Violations,
    ) {
        if inner.is_empty() {
            return;
        }
        if structured {
            out.extend(inner);
        } else {
            let list: Vec<String> = inner.listed.into_iter().map(|v| v.constraint).collect();
            out.push(format!("{prefix}: [{}]", list.join(", ")), container);
        }
    }

    fn length(&self, shape: &Shape, len: usize, violation: &dyn Fn(String) -> Violation, out: &mut Violations) {
        let len = len as f64;
        if let Some(min) = shape.min.filter(|min| len < *min) {
            out.push(format!("Member must have length greater than or equal to {min}"), violation);
        }
        if let Some(max) = shape.max.filter(|max| len > *max) {
            out.push(format!("Member must have length less than or equal to {max}"), violation);
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
        assert!(model().validate("CreateUserRequest", &create_user(json!({}))).is_empty());
    }

    #[test]
    fn missing_required_members_are_named() {
        let v = model().validate("CreateUserRequest", &json!({"InstanceId": "i"}));
        let msg = v.message();
        assert!(msg.starts_with("3 validation errors detected: "), "{msg}");
        assert!(msg.contains("Value null at 'username' failed to satisfy constraint: Member must not be null"), "{msg}");
        assert!(msg.contains("'securityProfileIds'"), "{msg}");
    }

    #[test]
    fn length_in_aws_words() {
        let long = "u".repeat(101);
        let v = model().validate("CreateUserRequest", &create_user(json!({"Username": long})));
        assert_eq!(
            v.message(),
            format!("1 validation error detected: Value '{long}' at 'username' failed to satisfy constraint: Member must have length less than or equal to 100")
        );
    }

    #[test]
    fn enum_pattern_and_nested_paths() {
        let v = model().validate("CreateUserRequest", &create_user(json!({"PhoneConfig": {"PhoneType": "CELL_PHONE"}})));
        assert_eq!(v.len(), 1);
        assert_eq!(v.listed[0].path, "phoneConfig.phoneType");
        assert_eq!(v.listed[0].constraint, "Member must satisfy enum value set: [SOFT_PHONE, DESK_PHONE]");
    }

    #[test]
    fn sensitive_values_are_never_echoed() {
        let v = model().validate("CreateUserRequest", &create_user(json!({"Password": "weakpassword"})));
        let msg = v.message();
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
        assert_eq!(v.listed[0].constraint, "Member must have length greater than or equal to 1");
        let v = model().validate("CreateUserRequest", &create_user(json!({"Tags": {"aws:x": "y"}})));
        assert_eq!(v.len(), 1);
        assert!(v.listed[0].constraint.starts_with("Map keys must satisfy constraint: [Member must satisfy regular expression pattern"), "{:?}", v.listed);
        let many: serde_json::Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!("v"))).collect();
        let v = model().validate("CreateUserRequest", &create_user(json!({"Tags": many})));
        assert_eq!(v.listed[0].constraint, "Member must have length less than or equal to 50");
    }

    #[test]
    fn thousands_of_bad_keys_make_a_short_message() {
        // Every bad key used to repeat the whole map: quadratic in the request's size.
        let tags: serde_json::Map<String, Value> = (0..5000).map(|i| (format!("aws:{i:0>60}"), json!("v"))).collect();
        let v = model().validate("TagResourceRequest", &json!({"resourceArn": "a", "tags": tags}));
        assert_eq!(v.total, 5001, "5000 keys and the map's size");
        assert_eq!(v.listed.len(), MAX_LISTED);
        let msg = v.message();
        assert!(msg.starts_with("5001 validation errors detected: "), "{}", &msg[..100]);
        assert!(msg.ends_with(&format!("; and {} more", 5001 - MAX_LISTED)), "{}", &msg[msg.len() - 100..]);
        assert!(msg.len() < 20 * MAX_RENDERED, "{} bytes", msg.len());
    }

    #[test]
    fn long_values_are_cut() {
        let long = "é".repeat(5000);
        let v = model().validate("CreateUserRequest", &create_user(json!({"Username": long})));
        let shown = v.listed[0].value.as_deref().unwrap();
        assert_eq!(shown.chars().count(), MAX_RENDERED + 3);
        assert!(shown.ends_with("...") && shown.starts_with("éé"));
    }

    #[test]
    fn a_filter_keeps_and_counts_only_its_constraints() {
        let v = model().validate_into(
            "CreateUserRequest",
            &create_user(json!({"Username": "", "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AfterContactWorkTimeLimit": -1}})),
            Violations::only(|c| c.contains("Member must have value ")),
        );
        assert_eq!((v.total, v.listed[0].path.as_str()), (1, "phoneConfig.afterContactWorkTimeLimit"));
    }

    #[test]
    fn repeated_single_value_query_parameters() {
        let m = model();
        let q = |pairs: &[(&str, &str)]| pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>();
        let list_users = m.operation("ListUsers").unwrap();
        assert!(m.repeated_query(list_users, &q(&[("maxResults", "1"), ("nextToken", "t")])).is_empty());
        let v = m.repeated_query(list_users, &q(&[("maxResults", "1"), ("maxResults", "3")]));
        assert_eq!(
            v.message(),
            "1 validation error detected: Value '[1, 3]' at 'maxResults' failed to satisfy constraint: Member must have at most one value in the query string"
        );
        // a list member takes every value
        assert!(m.repeated_query(m.operation("UntagResource").unwrap(), &q(&[("tagKeys", "a"), ("tagKeys", "b")])).is_empty());
    }

    #[test]
    fn integer_ranges() {
        let v = model().validate("ListUsersRequest", &json!({"InstanceId": "i", "MaxResults": 1001}));
        assert_eq!(v.message(), "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000");
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
