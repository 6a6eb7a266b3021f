//! The syntax blocks help shows under an option: "Shorthand Syntax", "JSON Syntax", and
//! "Syntax" for a list of scalars, generated from the option's shape as the AWS CLI generates
//! them (awscli's `ParamShorthandDocGen` and `OperationDocumentEventHandler._json_example`),
//! so that `switchboard create-user help` shows what `aws connect create-user help` shows.
use crate::docs::Docs;
use switchboard_model::{Model, Shape, ShapeKind};

/// The model's name for a shape's type (`structure`, `list`, `string`, …).
pub fn type_name(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::Structure { .. } => "structure",
        ShapeKind::List { .. } => "list",
        ShapeKind::Map { .. } => "map",
        ShapeKind::String { .. } => "string",
        ShapeKind::Integer => "integer",
        ShapeKind::Long => "long",
        ShapeKind::Boolean => "boolean",
        ShapeKind::Double => "double",
        ShapeKind::Float => "float",
        ShapeKind::Timestamp => "timestamp",
        ShapeKind::Blob => "blob",
    }
}

/// The type an option or member is documented with: a union is a "tagged union structure".
pub fn documented_type(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::Structure { union: true, .. } => "tagged union structure",
        _ => type_name(shape),
    }
}

pub fn is_scalar(shape: &Shape) -> bool {
    !matches!(shape.kind, ShapeKind::Structure { .. } | ShapeKind::List { .. } | ShapeKind::Map { .. })
}

fn enum_values(shape: &Shape) -> Option<&[String]> {
    match &shape.kind {
        ShapeKind::String { enum_values: Some(v), .. } => Some(v),
        _ => None,
    }
}

/// The syntax blocks for an option of shape `shape`, each with its heading, in the order
/// help shows them (none for a scalar).
pub fn option_syntax(m: &Model, d: &Docs, shape: &Shape) -> Vec<(&'static str, String)> {
    let mut blocks = Vec::new();
    if supports_shorthand(m, shape) {
        match shorthand(m, d, shape) {
            Shorthand::NotDocumented => return blocks,
            Shorthand::Syntax(s) if !s.is_empty() => blocks.push(("Shorthand Syntax", s)),
            Shorthand::Syntax(_) => {}
        }
    }
    match &shape.kind {
        ShapeKind::List { member } if is_scalar(m.shape(member)) => {
            let member = m.shape(member);
            let word = json_value_name(member, false);
            let mut s = format!("{word} {word} ...");
            if let Some(values) = enum_values(member) {
                s.push_str("\n\nWhere valid values are:\n");
                for v in values {
                    s.push_str(&format!("    {v}\n"));
                }
            }
            blocks.push(("Syntax", s.trim_end().to_string()));
        }
        _ if !is_scalar(shape) => blocks.push(("JSON Syntax", json_syntax(m, d, shape))),
        _ => {}
    }
    blocks
}

/// Structures and maps, and lists of them, have a shorthand syntax; scalars and lists of
/// scalars do not.
fn supports_shorthand(m: &Model, shape: &Shape) -> bool {
    match &shape.kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } => true,
        ShapeKind::List { member } => !is_scalar(m.shape(member)),
        _ => false,
    }
}

enum Shorthand {
    /// A structure whose only member is a string `Value` gets no syntax blocks at all.
    NotDocumented,
    /// Empty when the shape nests too deeply for shorthand to be worth showing.
    Syntax(String),
}

/// Deeper than this, the shape is "too complex" for a shorthand example.
const MAX_STACK: usize = 3;

struct TooComplex;

fn shorthand(m: &Model, d: &Docs, shape: &Shape) -> Shorthand {
    if let [only] = shape.members() {
        if only.name == "Value" && matches!(m.shape(&only.shape).kind, ShapeKind::String { .. }) {
            return Shorthand::NotDocumented;
        }
    }
    let mut stack = Vec::new();
    let text = match &shape.kind {
        ShapeKind::List { member } => shorthand_docs(m, d, m.shape(member), &mut stack).map(|s| format!("{s} ...")),
        _ => shorthand_docs(m, d, shape, &mut stack),
    };
    Shorthand::Syntax(text.unwrap_or_default())
}

fn shorthand_docs(m: &Model, d: &Docs, shape: &Shape, stack: &mut Vec<String>) -> Result<String, TooComplex> {
    if stack.len() > MAX_STACK {
        return Err(TooComplex);
    }
    match &shape.kind {
        ShapeKind::Structure { .. } => {
            let mut parts = Vec::new();
            for member in d.ordered(shape) {
                let member_shape = m.shape(&member.shape);
                if stack.contains(&member_shape.name) {
                    parts.push("( ... recursive ... )".to_string());
                    continue;
                }
                stack.push(member_shape.name.clone());
                let value = shorthand_docs(m, d, member_shape, stack);
                stack.pop();
                parts.push(format!("{}={}", member.name, value?));
            }
            let inner = parts.join(",");
            Ok(if stack.is_empty() { inner } else { format!("{{{inner}}}") })
        }
        ShapeKind::List { member } => {
            let member_shape = m.shape(member);
            stack.push(member_shape.name.clone());
            let element = shorthand_docs(m, d, member_shape, stack);
            stack.pop();
            let element = element?;
            Ok(if !is_scalar(member_shape) || stack.len() > 1 { format!("[{element},{element}]") } else { format!("{element},{element}") })
        }
        ShapeKind::Map { key, value } => {
            let value_shape = m.shape(value);
            stack.push(value_shape.name.clone());
            let v = shorthand_docs(m, d, value_shape, stack);
            stack.pop();
            let v = v?;
            let mut start = format!("KeyName1={v},KeyName2={v}");
            match enum_values(m.shape(key)) {
                Some(keys) if stack.is_empty() => {
                    start.push_str("\n\nWhere valid key names are:\n");
                    for k in keys {
                        start.push_str(&format!("  {k}\n"));
                    }
                    start = start.trim_end().to_string();
                }
                _ if !stack.is_empty() => start = format!("{{{start}}}"),
                _ => {}
            }
            Ok(start)
        }
        _ => Ok(type_name(shape).to_string()),
    }
}

/// A scalar's placeholder in JSON syntax: `"string"`, an enum's values, `true|false`, or the
/// type's name.
fn json_value_name(shape: &Shape, include_enum_values: bool) -> String {
    match &shape.kind {
        ShapeKind::String { enum_values: Some(values), .. } if include_enum_values => values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join("|"),
        ShapeKind::String { .. } => "\"string\"".into(),
        ShapeKind::Boolean => "true|false".into(),
        _ => type_name(shape).into(),
    }
}

/// Text written with the AWS CLI documentation writer's indentation rules (two spaces a
/// level, applied after each new line).
struct Writer {
    out: String,
    level: usize,
}

impl Writer {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn new_line(&mut self) {
        self.out.push('\n');
        self.out.push_str(&"  ".repeat(self.level));
    }
    fn indent(&mut self) {
        self.level += 1;
    }
    fn dedent(&mut self) {
        self.level = self.level.saturating_sub(1);
    }
}

/// The "JSON Syntax" block of a structure, list or map.
pub fn json_syntax(m: &Model, d: &Docs, shape: &Shape) -> String {
    let mut w = Writer { out: String::new(), level: 0 };
    json_example(m, d, &mut w, shape, &mut Vec::new());
    w.out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

fn json_example(m: &Model, d: &Docs, w: &mut Writer, shape: &Shape, stack: &mut Vec<String>) {
    if stack.iter().filter(|s| **s == shape.name).count() > 1 {
        if matches!(shape.kind, ShapeKind::Structure { .. }) {
            w.write("{ ... recursive ... }");
        }
        return;
    }
    stack.push(shape.name.clone());
    match &shape.kind {
        ShapeKind::List { member } => {
            let member = m.shape(member);
            w.write("[");
            if is_scalar(member) {
                w.write(&format!("{}, ...", json_value_name(member, true)));
            } else {
                w.indent();
                w.new_line();
                json_example(m, d, w, member, stack);
                w.new_line();
                w.write("...");
                w.dedent();
                w.new_line();
            }
            w.write("]");
        }
        ShapeKind::Map { key, value } => {
            let value = m.shape(value);
            w.write("{");
            w.indent();
            w.write(&format!("{}: ", json_value_name(m.shape(key), true)));
            if is_scalar(value) {
                w.write(&json_value_name(value, true));
            } else {
                w.indent();
                json_example(m, d, w, value, stack);
                w.dedent();
            }
            w.new_line();
            w.write("...");
            w.dedent();
            w.write("}");
        }
        ShapeKind::Structure { .. } => {
            w.write("{");
            w.indent();
            w.new_line();
            let members = d.ordered(shape);
            for (i, member) in members.iter().enumerate() {
                let member_shape = m.shape(&member.shape);
                if is_scalar(member_shape) {
                    w.write(&format!("\"{}\": {}", member.name, json_value_name(member_shape, true)));
                } else {
                    w.write(&format!("\"{}\": ", member.name));
                    json_example(m, d, w, member_shape, stack);
                }
                if i + 1 < members.len() {
                    w.write(",");
                    w.new_line();
                }
            }
            w.dedent();
            w.new_line();
            w.write("}");
        }
        _ => {}
    }
    stack.pop();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docs::docs;
    use switchboard_model::model;

    fn blocks(shape: &str) -> Vec<(&'static str, String)> {
        option_syntax(model(), docs(), model().shape(shape))
    }

    #[test]
    fn a_structure_of_scalars() {
        assert_eq!(
            blocks("UserIdentityInfo"),
            [
                ("Shorthand Syntax", "FirstName=string,LastName=string,Email=string,SecondaryEmail=string,Mobile=string".to_string()),
                ("JSON Syntax", "{\n  \"FirstName\": \"string\",\n  \"LastName\": \"string\",\n  \"Email\": \"string\",\n  \"SecondaryEmail\": \"string\",\n  \"Mobile\": \"string\"\n}".to_string()),
            ]
        );
    }

    #[test]
    fn a_list_of_nested_structures() {
        // As `aws connect create-user help` shows --after-contact-work-configs.
        let b = blocks("AfterContactWorkConfigs");
        assert_eq!(b[0], ("Shorthand Syntax", "Channel=string,AfterContactWorkConfig={AfterContactWorkTimeLimit=integer},AgentFirstCallbackAfterContactWorkConfig={AfterContactWorkTimeLimit=integer} ...".to_string()));
        assert_eq!(
            b[1].1,
            r#"[
  {
    "Channel": "VOICE"|"CHAT"|"TASK"|"EMAIL",
    "AfterContactWorkConfig": {
      "AfterContactWorkTimeLimit": integer
    },
    "AgentFirstCallbackAfterContactWorkConfig": {
      "AfterContactWorkTimeLimit": integer
    }
  }
  ...
]"#
        );
    }

    #[test]
    fn maps_and_lists_of_scalars() {
        assert_eq!(blocks("TagMap"), [("Shorthand Syntax", "KeyName1=string,KeyName2=string".to_string()), ("JSON Syntax", "{\"string\": \"string\"\n  ...}".to_string())]);
        assert_eq!(blocks("SecurityProfileIds"), [("Syntax", "\"string\" \"string\" ...".to_string())]);
        assert_eq!(blocks("UserId"), []);
    }
}
