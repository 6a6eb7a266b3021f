//! `--generate-cli-skeleton`: a sample value of a shape, as botocore's `ArgumentGenerator`
//! makes it (strings empty, an enum's first value (botocore picks a random one), numbers 0, booleans true, one list item,
//! one map entry `KeyName`, recursive structures cut with `{}`).
use serde_json::{Map, Value};
use switchboard_model::{Model, ShapeKind};

pub fn generate(model: &Model, shape: &str) -> Value {
    let mut stack = Vec::new();
    gen(model, shape, &mut stack)
}

fn gen(model: &Model, name: &str, stack: &mut Vec<String>) -> Value {
    let shape = model.shape(name);
    match &shape.kind {
        ShapeKind::Structure { members, .. } => {
            if stack.iter().any(|s| s == name) {
                return Value::Object(Map::new());
            }
            stack.push(name.to_string());
            let out = members.iter().map(|m| (m.name.clone(), gen(model, &m.shape, stack))).collect();
            stack.pop();
            Value::Object(out)
        }
        ShapeKind::List { member } => Value::Array(vec![gen(model, member, stack)]),
        ShapeKind::Map { value, .. } => {
            let mut m = Map::new();
            m.insert("KeyName".into(), gen(model, value, stack));
            Value::Object(m)
        }
        ShapeKind::String { enum_values: Some(values), .. } => Value::String(values.first().cloned().unwrap_or_default()),
        ShapeKind::String { .. } | ShapeKind::Blob => Value::String(String::new()),
        ShapeKind::Integer | ShapeKind::Long => Value::from(0),
        ShapeKind::Double | ShapeKind::Float => Value::from(0.0),
        ShapeKind::Boolean => Value::Bool(true),
        ShapeKind::Timestamp => Value::String("1970-01-01T00:00:00".into()),
    }
}
