//! The run-time view of the service model: shapes with their constraints and operations with
//! their HTTP bindings.
use crate::route::{Router, UriTemplate};
use fancy_regex::Regex;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Serialize, Deserialize)]
pub struct Model {
    pub api_version: String,
    pub signing_name: String,
    pub shapes: HashMap<String, Shape>,
    pub operations: BTreeMap<String, Operation>,
    pub(crate) router: Router,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Shape {
    pub name: String,
    pub kind: ShapeKind,
    /// Length for strings, lists and maps; value for numbers.
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub sensitive: bool,
    /// HTTP status of an error shape.
    pub error_status: Option<u16>,
}

#[derive(Debug, Serialize, Deserialize)]
pub enum ShapeKind {
    Structure { members: Vec<Member>, required: Vec<String>, union: bool },
    List { member: String },
    Map { key: String, value: String },
    String { enum_values: Option<Vec<String>>, pattern: Option<Pattern> },
    Integer,
    Long,
    Boolean,
    Double,
    Float,
    Timestamp,
    Blob,
}

pub struct Pattern {
    /// The pattern as the model writes it (used in error messages).
    pub source: String,
    /// Compiled on first use: most of the model's patterns belong to operations a process
    /// never sees, and some (large Unicode classes with bounded repeats) are slow to build.
    regex: std::sync::OnceLock<Regex>,
}

/// A pattern shows as its source; its regex is compiled on first use.
impl std::fmt::Debug for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Pattern").field(&self.source).finish()
    }
}

/// Stored as its source; its regex is compiled on first use.
impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.source.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Pattern::new)
    }
}

impl Pattern {
    pub fn new(source: String) -> Pattern {
        Pattern { source, regex: std::sync::OnceLock::new() }
    }

    pub fn regex(&self) -> &Regex {
        self.regex.get_or_init(|| {
            compile_pattern(&self.source).unwrap_or_else(|e| panic!("model pattern {} does not compile: {e}", self.source))
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text).unwrap_or(false)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    Body,
    Uri,
    Query,
    Header,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub shape: String,
    pub location: Location,
    pub location_name: String,
    pub idempotency_token: bool,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Operation {
    pub name: String,
    pub method: String,
    pub uri: UriTemplate,
    pub input: Option<String>,
    pub output: Option<String>,
    pub errors: Vec<String>,
}

impl Shape {
    pub fn members(&self) -> &[Member] {
        match &self.kind {
            ShapeKind::Structure { members, .. } => members,
            _ => &[],
        }
    }

    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members().iter().find(|m| m.name == name)
    }
}

/// Turns a model pattern into a regex the way the service applies it. Some of the model's
/// patterns carry a second level of Java string escaping (`\\+[1-9]\\d{1,14}$`) or JavaScript
/// delimiters (`/^…$/`); the service means the plain pattern in both cases. Patterns are not
/// anchored implicitly (Smithy semantics): `^`/`$` in the pattern do that.
pub fn compile_pattern(source: &str) -> Result<Regex, fancy_regex::Error> {
    let mut text = source;
    if text.len() > 2 && text.starts_with('/') && text.ends_with('/') {
        text = &text[1..text.len() - 1];
    }
    let unescaped;
    if text.contains("\\\\") {
        unescaped = text.replace("\\\\", "\\");
        text = &unescaped;
    }
    fancy_regex::RegexBuilder::new(text).delegate_size_limit(64 << 20).build()
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

impl Model {
    pub fn parse(text: &str) -> Result<Model, String> {
        let raw: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut shapes = HashMap::new();
        for (name, s) in raw["shapes"].as_object().ok_or("no shapes")? {
            let ty = s["type"].as_str().ok_or("shape without type")?;
            let kind = match ty {
                "structure" => {
                    let required = s
                        .get("required")
                        .and_then(Value::as_array)
                        .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        .unwrap_or_default();
                    let members = s["members"]
                        .as_object()
                        .ok_or("structure without members")?
                        .iter()
                        .map(|(mname, m)| Member {
                            name: mname.clone(),
                            shape: string(m, "shape").unwrap_or_default(),
                            location: match m.get("location").and_then(Value::as_str) {
                                Some("uri") => Location::Uri,
                                Some("querystring") => Location::Query,
                                Some("header") => Location::Header,
                                _ => Location::Body,
                            },
                            location_name: string(m, "locationName").unwrap_or_else(|| mname.clone()),
                            idempotency_token: m.get("idempotencyToken").and_then(Value::as_bool).unwrap_or(false),
                        })
                        .collect();
                    ShapeKind::Structure {
                        members,
                        required,
                        union: s.get("union").and_then(Value::as_bool).unwrap_or(false),
                    }
                }
                "list" => ShapeKind::List { member: s["member"]["shape"].as_str().unwrap_or_default().into() },
                "map" => ShapeKind::Map {
                    key: s["key"]["shape"].as_str().unwrap_or_default().into(),
                    value: s["value"]["shape"].as_str().unwrap_or_default().into(),
                },
                "string" => ShapeKind::String {
                    enum_values: s
                        .get("enum")
                        .and_then(Value::as_array)
                        .map(|e| e.iter().filter_map(Value::as_str).map(str::to_string).collect()),
                    pattern: string(s, "pattern").map(Pattern::new),
                },
                "integer" => ShapeKind::Integer,
                "long" => ShapeKind::Long,
                "boolean" => ShapeKind::Boolean,
                "double" => ShapeKind::Double,
                "float" => ShapeKind::Float,
                "timestamp" => ShapeKind::Timestamp,
                "blob" => ShapeKind::Blob,
                other => return Err(format!("shape {name}: unsupported type {other}")),
            };
            shapes.insert(
                name.clone(),
                Shape {
                    name: name.clone(),
                    kind,
                    min: num(s, "min"),
                    max: num(s, "max"),
                    sensitive: s.get("sensitive").and_then(Value::as_bool).unwrap_or(false),
                    error_status: s.get("error").and_then(|e| e.get("httpStatusCode")).and_then(Value::as_u64).map(|c| c as u16),
                },
            );
        }
        let mut operations = BTreeMap::new();
        for (name, o) in raw["operations"].as_object().ok_or("no operations")? {
            let op = Operation {
                name: name.clone(),
                method: string(&o["http"], "method").ok_or("operation without method")?,
                uri: UriTemplate::parse(o["http"]["requestUri"].as_str().ok_or("operation without requestUri")?),
                input: o.get("input").and_then(|i| string(i, "shape")),
                output: o.get("output").and_then(|i| string(i, "shape")),
                errors: o
                    .get("errors")
                    .and_then(Value::as_array)
                    .map(|e| e.iter().filter_map(|x| string(x, "shape")).collect())
                    .unwrap_or_default(),
            };
            operations.insert(name.clone(), op);
        }
        let router = Router::new(&operations);
        Ok(Model {
            api_version: string(&raw["metadata"], "apiVersion").unwrap_or_default(),
            signing_name: string(&raw["metadata"], "signingName").unwrap_or_default(),
            shapes,
            operations,
            router,
        })
    }

    pub fn shape(&self, name: &str) -> &Shape {
        self.shapes.get(name).unwrap_or_else(|| panic!("the model has no shape {name}"))
    }

    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.get(name)
    }

    /// The HTTP status code of an error shape (400 when the model gives none).
    pub fn error_status(&self, code: &str) -> Option<u16> {
        self.shapes.get(code).and_then(|s| s.error_status)
    }
}
