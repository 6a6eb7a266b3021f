//! Option values → the model's JSON input, as the AWS CLI reads them: `file://` for any
//! value, JSON when a structure, map or list value starts with `{` or `[`, shorthand
//! otherwise, several words for a list; then botocore's client-side parameter validation
//! (unknown members, missing required members, JSON types, minimum lengths), with botocore's
//! messages.
use crate::error::CliError;
use crate::shorthand;
use serde_json::{Map, Value};
use switchboard_model::{Model, Shape, ShapeKind};

/// The expected syntax of a value of `shape`, for error messages.
pub fn syntax_hint(model: &Model, shape: &Shape) -> String {
    fn example(model: &Model, shape: &Shape, depth: usize) -> String {
        match &shape.kind {
            ShapeKind::Structure { members, .. } if depth < 2 => members
                .iter()
                .map(|m| {
                    let s = model.shape(&m.shape);
                    match s.kind {
                        ShapeKind::Structure { .. } => format!("{}={{{}}}", m.name, example(model, s, depth + 1)),
                        ShapeKind::List { .. } => format!("{}=[{}]", m.name, example(model, s, depth + 1)),
                        _ => format!("{}={}", m.name, example(model, s, depth + 1)),
                    }
                })
                .collect::<Vec<_>>()
                .join(","),
            ShapeKind::Structure { .. } => "...".into(),
            ShapeKind::List { member } => {
                let item = model.shape(member);
                match item.kind {
                    ShapeKind::Structure { .. } => format!("{{{}}},...", example(model, item, depth + 1)),
                    _ => format!("{},{}", example(model, item, depth + 1), example(model, item, depth + 1)),
                }
            }
            ShapeKind::Map { .. } => "KeyName1=string,KeyName2=string".into(),
            ShapeKind::String { enum_values: Some(values), .. } => values.join("|"),
            ShapeKind::Boolean => "boolean".into(),
            ShapeKind::Integer | ShapeKind::Long => "integer".into(),
            ShapeKind::Double | ShapeKind::Float => "double".into(),
            ShapeKind::Timestamp => "timestamp".into(),
            _ => "string".into(),
        }
    }
    let shorthand = example(model, shape, 0);
    match shape.kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } => format!("Shorthand syntax: {shorthand}\nJSON syntax:     {{\"Key\": value, ...}}"),
        ShapeKind::List { .. } => format!("Syntax: {shorthand}  (or several words, or a JSON list)"),
        _ => format!("Syntax: {shorthand}"),
    }
}

/// Reads `file://path` (text) and `fileb://path` (bytes, base64 for blobs); other values
/// are returned as they are.
pub fn resolve_file(option: &str, value: &str) -> Result<String, CliError> {
    use base64::Engine;
    let read = |path: &str| {
        let path = shellexpand_home(path);
        std::fs::read(&path).map_err(|e| CliError::param(format!("Error parsing parameter '{option}': Unable to load paramfile {value}: {e}")))
    };
    if let Some(path) = value.strip_prefix("file://") {
        String::from_utf8(read(path)?).map_err(|_| CliError::param(format!("Error parsing parameter '{option}': {value} is not UTF-8 text (use fileb:// for binary files)")))
    } else if let Some(path) = value.strip_prefix("fileb://") {
        Ok(base64::engine::general_purpose::STANDARD.encode(read(path)?))
    } else {
        Ok(value.to_string())
    }
}

fn shellexpand_home(path: &str) -> String {
    match (path.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) => format!("{home}/{rest}"),
        _ => path.to_string(),
    }
}

/// The value of `--option word…` for a member of shape `shape`.
pub fn parse_words(model: &Model, shape: &Shape, option: &str, words: &[String]) -> Result<Value, CliError> {
    let words: Vec<String> = words.iter().map(|w| resolve_file(option, w)).collect::<Result<_, _>>()?;
    let bad = |detail: String| CliError::param(format!("Error parsing parameter '{option}': {detail}\n{}", syntax_hint(model, shape)));
    match &shape.kind {
        ShapeKind::List { member } => {
            let item = model.shape(member);
            if let [single] = words.as_slice() {
                let trimmed = single.trim_start();
                if trimmed.starts_with('[') {
                    return parse_json(option, single).map(|v| typed(model, shape, v));
                }
                if !matches!(item.kind, ShapeKind::Structure { .. } | ShapeKind::Map { .. } | ShapeKind::List { .. }) {
                    // A list of scalars in one word: `a,b,c`.
                    return Ok(typed(model, shape, Value::Array(split_commas(single).into_iter().map(Value::String).collect())));
                }
            }
            let items = words.iter().map(|w| parse_one(model, item, option, w)).collect::<Result<Vec<_>, _>>()?;
            Ok(Value::Array(items))
        }
        _ => match words.as_slice() {
            [one] => parse_one(model, shape, option, one),
            [] => Err(bad("expected a value".into())),
            [_, rest @ ..] => Err(CliError::usage(format!("Unknown options: {}", rest.join(", ")))),
        },
    }
}

/// `a,b\,c` → `["a", "b,c"]`.
fn split_commas(s: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&',') => {
                out.last_mut().unwrap().push(',');
                chars.next();
            }
            ',' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

fn parse_json(option: &str, text: &str) -> Result<Value, CliError> {
    serde_json::from_str(text).map_err(|e| CliError::param(format!("Error parsing parameter '{option}': Invalid JSON: {e}\nJSON received: {text}")))
}

/// One word for a (non-list) shape.
fn parse_one(model: &Model, shape: &Shape, option: &str, word: &str) -> Result<Value, CliError> {
    match &shape.kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } | ShapeKind::List { .. } => {
            let t = word.trim_start();
            if t.starts_with('{') || t.starts_with('[') {
                return parse_json(option, word).map(|v| typed(model, shape, v));
            }
            let parsed = shorthand::parse(word).map_err(|e| {
                CliError::param(format!("Error parsing parameter '{option}': {e}\nExpected syntax for {option}:\n{}", syntax_hint(model, shape)))
            })?;
            Ok(typed(model, shape, Value::Object(parsed)))
        }
        _ => Ok(typed(model, shape, Value::String(word.to_string()))),
    }
}

/// Gives untyped shorthand values (strings) the shape's types where they convert, as the
/// AWS CLI does; what does not convert is left for [`validate`] to report.
pub fn typed(model: &Model, shape: &Shape, value: Value) -> Value {
    match (&shape.kind, value) {
        (ShapeKind::Structure { members, .. }, Value::Object(map)) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match members.iter().find(|m| m.name == k) {
                    Some(m) => (k, typed(model, model.shape(&m.shape), v)),
                    None => (k, v),
                })
                .collect(),
        ),
        (ShapeKind::Map { value: vs, .. }, Value::Object(map)) => {
            let vs = model.shape(vs);
            Value::Object(map.into_iter().map(|(k, v)| (k, typed(model, vs, v))).collect())
        }
        (ShapeKind::List { member }, Value::Array(items)) => {
            let item = model.shape(member);
            Value::Array(items.into_iter().map(|v| typed(model, item, v)).collect())
        }
        // A single value where a list is expected becomes a one-item list.
        (ShapeKind::List { member }, v @ (Value::String(_) | Value::Object(_))) => Value::Array(vec![typed(model, model.shape(member), v)]),
        (ShapeKind::Boolean, Value::String(s)) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => Value::Bool(s.eq_ignore_ascii_case("true")),
        (ShapeKind::Integer | ShapeKind::Long, Value::String(s)) => s.trim().parse::<i64>().map(Value::from).unwrap_or(Value::String(s)),
        (ShapeKind::Double | ShapeKind::Float, Value::String(s)) => {
            s.trim().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(Value::Number).unwrap_or(Value::String(s))
        }
        (ShapeKind::Timestamp, Value::String(s)) => parse_timestamp(&s).map(Value::from).unwrap_or(Value::String(s)),
        (_, v) => v,
    }
}

/// Epoch seconds from epoch seconds or an ISO 8601 / RFC 3339 date-time.
fn parse_timestamp(s: &str) -> Option<f64> {
    if let Ok(n) = s.trim().parse::<f64>() {
        return Some(n);
    }
    let t = time::OffsetDateTime::parse(s.trim(), &time::format_description::well_known::Rfc3339).ok().or_else(|| {
        let with_z = format!("{}Z", s.trim());
        time::OffsetDateTime::parse(&with_z, &time::format_description::well_known::Rfc3339).ok()
    })?;
    Some(t.unix_timestamp_nanos() as f64 / 1e9)
}

/// Python's name for a JSON value's type, as botocore's messages print it.
fn py_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "<class 'NoneType'>",
        Value::Bool(_) => "<class 'bool'>",
        Value::Number(n) if n.is_f64() => "<class 'float'>",
        Value::Number(_) => "<class 'int'>",
        Value::String(_) => "<class 'str'>",
        Value::Array(_) => "<class 'list'>",
        Value::Object(_) => "<class 'dict'>",
    }
}

fn py_repr(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}

/// botocore's client-side checks. Returns every problem, in botocore's words.
pub fn validate(model: &Model, shape: &Shape, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(model, shape, value, "", &mut out);
    out
}

fn check(model: &Model, shape: &Shape, value: &Value, path: &str, out: &mut Vec<String>) {
    let name = if path.is_empty() { "input" } else { path };
    let invalid_type = |valid: &str| format!("Invalid type for parameter {name}, value: {}, type: {}, valid types: {valid}", py_repr(value), py_type(value));
    let child = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    match &shape.kind {
        ShapeKind::Structure { members, required, .. } => {
            let Value::Object(map) = value else { return out.push(invalid_type("<class 'dict'>")) };
            for r in required {
                if !map.contains_key(r) {
                    out.push(format!("Missing required parameter in {name}: \"{r}\""));
                }
            }
            for (k, v) in map {
                match members.iter().find(|m| &m.name == k) {
                    Some(m) => check(model, model.shape(&m.shape), v, &child(k), out),
                    None => out.push(format!(
                        "Unknown parameter in {name}: \"{k}\", must be one of: {}",
                        members.iter().map(|m| m.name.as_str()).collect::<Vec<_>>().join(", ")
                    )),
                }
            }
        }
        ShapeKind::Map { value: vs, .. } => {
            let Value::Object(map) = value else { return out.push(invalid_type("<class 'dict'>")) };
            let vs = model.shape(vs);
            for (k, v) in map {
                check(model, vs, v, &child(k), out);
            }
        }
        ShapeKind::List { member } => {
            let Value::Array(items) = value else { return out.push(invalid_type("<class 'list'>, <class 'tuple'>")) };
            if let Some(min) = shape.min.filter(|m| (items.len() as f64) < *m) {
                out.push(format!("Invalid length for parameter {name}, value: {}, valid min length: {min}", items.len()));
            }
            let item = model.shape(member);
            for (i, v) in items.iter().enumerate() {
                check(model, item, v, &format!("{name}[{i}]"), out);
            }
        }
        ShapeKind::String { .. } | ShapeKind::Blob => {
            let Value::String(s) = value else { return out.push(invalid_type("<class 'str'>")) };
            if let Some(min) = shape.min.filter(|m| (s.chars().count() as f64) < *m) {
                out.push(format!("Invalid length for parameter {name}, value: {}, valid min length: {min}", s.chars().count()));
            }
        }
        ShapeKind::Boolean => {
            if !value.is_boolean() {
                out.push(invalid_type("<class 'bool'>"));
            }
        }
        ShapeKind::Integer | ShapeKind::Long => match value.as_i64() {
            None => out.push(invalid_type("<class 'int'>")),
            Some(n) => {
                if let Some(min) = shape.min.filter(|m| (n as f64) < *m) {
                    out.push(format!("Invalid value for parameter {name}, value: {n}, valid min value: {min}"));
                }
            }
        },
        ShapeKind::Double | ShapeKind::Float => {
            if !value.is_number() {
                out.push(invalid_type("<class 'float'>, <class 'decimal.Decimal'>, <class 'int'>"));
            }
        }
        ShapeKind::Timestamp => {
            if !value.is_number() {
                out.push(invalid_type("<class 'datetime.datetime'>, timestamp-string"));
            }
        }
    }
}

/// Merges `overrides` (the command line) over `base` (`--cli-input-json`): top-level members
/// given on the command line replace the JSON's.
pub fn merge(base: Map<String, Value>, overrides: Map<String, Value>) -> Map<String, Value> {
    let mut out = base;
    out.extend(overrides);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use switchboard_model::model;

    fn member_shape(op: &str, member: &str) -> &'static Shape {
        let m = model();
        let input = m.shape(m.operation(op).unwrap().input.as_deref().unwrap());
        m.shape(&input.member(member).unwrap().shape)
    }

    fn words(op: &str, member: &str, ws: &[&str]) -> Result<Value, CliError> {
        let ws: Vec<String> = ws.iter().map(|s| s.to_string()).collect();
        parse_words(model(), member_shape(op, member), "--x", &ws)
    }

    #[test]
    fn shorthand_takes_the_models_types() {
        let v = words("CreateUser", "PhoneConfig", &["PhoneType=SOFT_PHONE,AutoAccept=false,AfterContactWorkTimeLimit=0"]).unwrap();
        assert_eq!(v, json!({"PhoneType": "SOFT_PHONE", "AutoAccept": false, "AfterContactWorkTimeLimit": 0}));
    }

    #[test]
    fn json_and_shorthand_give_the_same_value() {
        let a = words("CreateUser", "IdentityInfo", &["FirstName=John,LastName=Doe"]).unwrap();
        let b = words("CreateUser", "IdentityInfo", &[r#"{"FirstName": "John", "LastName": "Doe"}"#]).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn lists_as_words_commas_or_json() {
        let want = json!(["a", "b"]);
        assert_eq!(words("CreateUser", "SecurityProfileIds", &["a", "b"]).unwrap(), want);
        assert_eq!(words("CreateUser", "SecurityProfileIds", &["a,b"]).unwrap(), want);
        assert_eq!(words("CreateUser", "SecurityProfileIds", &[r#"["a","b"]"#]).unwrap(), want);
    }

    #[test]
    fn lists_of_structures_take_one_shorthand_word_each() {
        let v = words("CreateUser", "AutoAcceptConfigs", &["Channel=VOICE,AutoAccept=true", "Channel=CHAT,AutoAccept=false"]).unwrap();
        assert_eq!(v, json!([{"Channel": "VOICE", "AutoAccept": true}, {"Channel": "CHAT", "AutoAccept": false}]));
    }

    #[test]
    fn maps_are_key_value_pairs() {
        assert_eq!(words("CreateUser", "Tags", &["team=blue,site=sfo"]).unwrap(), json!({"team": "blue", "site": "sfo"}));
    }

    #[test]
    fn file_values_are_read() {
        let dir = std::env::temp_dir().join(format!("sbcli-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("ii.json");
        std::fs::write(&p, r#"{"FirstName": "F"}"#).unwrap();
        let v = words("CreateUser", "IdentityInfo", &[&format!("file://{}", p.display())]).unwrap();
        assert_eq!(v, json!({"FirstName": "F"}));
        let e = words("CreateUser", "IdentityInfo", &["file:///no/such/file"]).unwrap_err();
        assert_eq!(e.exit_code(), 252);
    }

    #[test]
    fn malformed_values_name_the_option_and_the_syntax() {
        let e = words("CreateUser", "IdentityInfo", &["FirstName"]).unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains("Error parsing parameter '--x'"), "{msg}");
        assert!(msg.contains("FirstName=string,"), "{msg}");
        assert_eq!(e.exit_code(), 252);
        let e = words("CreateUser", "IdentityInfo", &[r#"{"FirstName":"#]).unwrap_err();
        assert!(e.to_string().contains("Invalid JSON"), "{e}");
    }

    #[test]
    fn validation_in_botocores_words() {
        let m = model();
        let shape = m.shape("CreateUserRequest");
        let v = json!({"InstanceId": "i", "Username": "u", "SecurityProfileIds": [], "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": "maybe"}, "Bogus": 1});
        let errors = validate(m, shape, &v);
        assert!(errors.contains(&"Missing required parameter in input: \"RoutingProfileId\"".to_string()), "{errors:?}");
        assert!(errors.contains(&"Invalid type for parameter PhoneConfig.AutoAccept, value: maybe, type: <class 'str'>, valid types: <class 'bool'>".to_string()), "{errors:?}");
        assert!(errors.contains(&"Invalid length for parameter SecurityProfileIds, value: 0, valid min length: 1".to_string()), "{errors:?}");
        assert!(errors.iter().any(|e| e.starts_with("Unknown parameter in input: \"Bogus\", must be one of: ")), "{errors:?}");
    }
}
