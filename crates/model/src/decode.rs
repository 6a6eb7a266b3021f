//! The rest-json request decoder: URI labels, query string, headers and the JSON body of a
//! request become one JSON object keyed by the input shape's member names, with every value
//! checked for its JSON type. Constraints are checked afterwards by [`Model::validate`].
use crate::shape::{Location, Model, Operation, Shape, ShapeKind};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Why a request could not be read. AWS answers these with `SerializationException` (400).
#[derive(Debug, Clone, PartialEq)]
pub struct DecodeError(pub String);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The deepest JSON nesting a body may have. Connect's deepest inputs (search criteria nested
/// in AndConditions/OrConditions) need a few levels per condition; serde_json's own recursion
/// limit (128) would hold too, but this bound is checked first and says what is wrong.
pub const MAX_JSON_DEPTH: usize = 64;

/// Whether `body` opens more than `max` arrays or objects inside one another. A linear scan
/// that skips strings; it does not judge whether the JSON is valid (the parser does).
pub fn nesting_exceeds(body: &[u8], max: usize) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in body {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "NULL",
        Value::Bool(_) => "BOOLEAN_VALUE",
        Value::Number(_) => "NUMBER_VALUE",
        Value::String(_) => "STRING_VALUE",
        Value::Array(_) => "START_ARRAY",
        Value::Object(_) => "START_OBJECT",
    }
}

impl Model {
    /// Builds the input object for `op`. `labels` are the decoded URI labels, `query` the
    /// decoded query pairs, `header` looks a header up by lower-case name.
    pub fn decode_input(
        &self,
        op: &Operation,
        labels: &BTreeMap<String, String>,
        query: &[(String, String)],
        header: &dyn Fn(&str) -> Option<String>,
        body: &[u8],
    ) -> Result<Value, DecodeError> {
        let Some(input) = &op.input else { return Ok(Value::Object(Map::new())) };
        let shape = self.shape(input);
        let body_value: Map<String, Value> = if body.iter().all(u8::is_ascii_whitespace) {
            Map::new()
        } else if nesting_exceeds(body, MAX_JSON_DEPTH) {
            return Err(DecodeError(format!("The request body nests JSON arrays and objects deeper than {MAX_JSON_DEPTH} levels")));
        } else {
            match serde_json::from_slice::<Value>(body) {
                Ok(Value::Object(map)) => map,
                Ok(other) => return Err(DecodeError(format!("Unexpected token {} at the start of the body: expected START_OBJECT", type_name(&other)))),
                Err(e) => return Err(DecodeError(format!("Unable to parse the request body as JSON: {e}"))),
            }
        };
        let mut out = Map::new();
        for m in shape.members() {
            let member_shape = self.shape(&m.shape);
            let value = match m.location {
                Location::Body => match body_value.get(&m.name) {
                    Some(Value::Null) | None => None,
                    Some(v) => {
                        self.typecheck(member_shape, v, &m.name)?;
                        Some(v.clone())
                    }
                },
                Location::Uri => labels.get(&m.location_name).map(|s| self.scalar(member_shape, s, &m.name)).transpose()?,
                Location::Header => header(&m.location_name.to_ascii_lowercase()).map(|s| self.scalar(member_shape, &s, &m.name)).transpose()?,
                Location::Query => {
                    let values: Vec<&String> = query.iter().filter(|(k, _)| *k == m.location_name).map(|(_, v)| v).collect();
                    match (&member_shape.kind, values.as_slice()) {
                        (_, []) => None,
                        (ShapeKind::List { member }, values) => {
                            let item = self.shape(member);
                            Some(Value::Array(values.iter().map(|v| self.scalar(item, v, &m.name)).collect::<Result<_, _>>()?))
                        }
                        (_, [.., last]) => Some(self.scalar(member_shape, last, &m.name)?),
                    }
                }
            };
            if let Some(v) = value {
                out.insert(m.name.clone(), v);
            }
        }
        Ok(Value::Object(out))
    }

    /// A URI label, query value or header as the member's type.
    fn scalar(&self, shape: &Shape, raw: &str, member: &str) -> Result<Value, DecodeError> {
        let bad = || DecodeError(format!("Value '{raw}' for '{member}' is not a valid {}", shape.name));
        Ok(match shape.kind {
            ShapeKind::Integer => Value::from(raw.parse::<i32>().map_err(|_| bad())?),
            ShapeKind::Long => Value::from(raw.parse::<i64>().map_err(|_| bad())?),
            ShapeKind::Double | ShapeKind::Float => Value::from(raw.parse::<f64>().map_err(|_| bad())?),
            ShapeKind::Boolean => Value::Bool(raw.parse::<bool>().map_err(|_| bad())?),
            _ => Value::String(raw.to_string()),
        })
    }

    /// Checks a body value's JSON type against its shape (AWS: SerializationException).
    fn typecheck(&self, shape: &Shape, value: &Value, path: &str) -> Result<(), DecodeError> {
        let mismatch = || DecodeError(format!("{} can not be converted to {} at '{path}'", type_name(value), shape.name));
        match (&shape.kind, value) {
            (_, Value::Null) => Ok(()),
            (ShapeKind::Structure { members, .. }, Value::Object(map)) => {
                for m in members {
                    if let Some(v) = map.get(&m.name) {
                        self.typecheck(self.shape(&m.shape), v, &format!("{path}.{}", m.name))?;
                    }
                }
                Ok(())
            }
            (ShapeKind::List { member }, Value::Array(items)) => {
                let s = self.shape(member);
                items.iter().enumerate().try_for_each(|(i, v)| self.typecheck(s, v, &format!("{path}[{i}]")))
            }
            (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => {
                let s = self.shape(vs);
                map.iter().try_for_each(|(k, v)| self.typecheck(s, v, &format!("{path}.{k}")))
            }
            (ShapeKind::String { .. } | ShapeKind::Blob, Value::String(_)) => Ok(()),
            (ShapeKind::Boolean, Value::Bool(_)) => Ok(()),
            (ShapeKind::Integer, Value::Number(n)) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => Ok(()),
            (ShapeKind::Long, Value::Number(n)) if n.as_i64().is_some() => Ok(()),
            (ShapeKind::Double | ShapeKind::Float, Value::Number(_)) => Ok(()),
            (ShapeKind::Timestamp, Value::Number(_) | Value::String(_)) => Ok(()),
            _ => Err(mismatch()),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::model;
    use serde_json::json;
    use std::collections::BTreeMap;

    fn decode(op: &str, labels: &[(&str, &str)], query: &[(&str, &str)], body: &str) -> Result<serde_json::Value, super::DecodeError> {
        let m = model();
        let labels: BTreeMap<String, String> = labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let query: Vec<(String, String)> = query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        m.decode_input(m.operation(op).unwrap(), &labels, &query, &|_| None, body.as_bytes())
    }

    #[test]
    fn merges_labels_and_body() {
        let v = decode("CreateUser", &[("InstanceId", "i-1")], &[], r#"{"Username":"jdoe","Extra":1}"#).unwrap();
        assert_eq!(v, json!({"InstanceId": "i-1", "Username": "jdoe"}));
    }

    #[test]
    fn query_values_take_the_member_type() {
        let v = decode("ListUsers", &[("InstanceId", "i")], &[("maxResults", "7"), ("nextToken", "t")], "").unwrap();
        assert_eq!(v, json!({"InstanceId": "i", "MaxResults": 7, "NextToken": "t"}));
        assert!(decode("ListUsers", &[("InstanceId", "i")], &[("maxResults", "seven")], "").is_err());
        let v = decode("UntagResource", &[("resourceArn", "a")], &[("tagKeys", "k1"), ("tagKeys", "k2")], "").unwrap();
        assert_eq!(v["tagKeys"], json!(["k1", "k2"]));
    }

    #[test]
    fn wrong_json_types_and_bad_json_are_decode_errors() {
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], r#"{"Username": 5}"#).is_err());
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], r#"{"PhoneConfig": {"AutoAccept": "yes"}}"#).is_err());
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], r#"{"PhoneConfig": {"AfterContactWorkTimeLimit": 1e300}}"#).is_err());
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], r#"{"Username": "#).is_err());
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], r#"[1,2]"#).is_err());
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], &format!(r#"{{"Tags": {deep}}}"#)).is_err());
    }

    #[test]
    fn nesting_is_bounded_with_a_clear_message() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        // the body object is one level: 63 more fit, 64 more do not
        let ok = format!(r#"{{"Username": "x", "Extra": {}}}"#, nest(super::MAX_JSON_DEPTH - 1));
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], &ok).is_ok());
        let deep = format!(r#"{{"Username": "x", "Extra": {}}}"#, nest(super::MAX_JSON_DEPTH));
        let err = decode("CreateUser", &[("InstanceId", "i")], &[], &deep).unwrap_err();
        assert!(err.0.contains("deeper than 64 levels"), "{err}");
        // brackets inside strings do not count, escaped quotes do not end a string
        let quoted = format!(r#"{{"Username": "{}\"{}"}}"#, "[".repeat(500), "{".repeat(500));
        assert!(!super::nesting_exceeds(quoted.as_bytes(), 4));
        assert!(decode("CreateUser", &[("InstanceId", "i")], &[], &quoted).is_ok());
    }
}
