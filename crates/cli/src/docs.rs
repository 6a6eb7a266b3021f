//! The model's documentation strings, for help only. The trimmed model the server parses has
//! none; `scripts/trim-model.py` writes them, from the same botocore, to
//! `model/connect-2017-08-08.docs.json.gz`, which is embedded here compressed and inflated only
//! when help is asked for, so that a normal command starts no slower.
use serde::Deserialize;
use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;
use switchboard_model::{Member, Shape};

const DOCS_GZ: &[u8] = include_bytes!("../../../model/connect-2017-08-08.docs.json.gz");

#[derive(Debug, Default, Deserialize)]
pub struct Docs {
    #[serde(rename = "botocoreVersion", default)]
    pub botocore_version: String,
    /// The service's documentation (HTML).
    #[serde(default)]
    pub service: String,
    /// Operation name → documentation (HTML).
    #[serde(default)]
    pub operations: HashMap<String, String>,
    #[serde(default)]
    pub shapes: HashMap<String, ShapeDocs>,
}

#[derive(Debug, Default, Deserialize)]
pub struct ShapeDocs {
    #[serde(default)]
    pub documentation: String,
    /// A structure's members in the model's order, each with its own documentation or "".
    #[serde(default)]
    pub members: Vec<(String, String)>,
}

/// The documentation, inflated and parsed on first use.
pub fn docs() -> &'static Docs {
    static DOCS: OnceLock<Docs> = OnceLock::new();
    DOCS.get_or_init(|| {
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(DOCS_GZ).read_to_end(&mut text).expect("the embedded documentation inflates");
        serde_json::from_slice(&text).expect("the embedded documentation parses")
    })
}

impl Docs {
    pub fn operation(&self, name: &str) -> &str {
        self.operations.get(name).map(String::as_str).unwrap_or("")
    }

    pub fn shape(&self, name: &str) -> &str {
        self.shapes.get(name).map(|s| s.documentation.as_str()).unwrap_or("")
    }

    /// A member's documentation: its own, else its shape's (as botocore resolves it).
    pub fn member(&self, structure: &str, member: &Member) -> &str {
        let own = self.shapes.get(structure).and_then(|s| s.members.iter().find(|(n, _)| *n == member.name)).map(|(_, d)| d.as_str()).unwrap_or("");
        if own.is_empty() {
            self.shape(&member.shape)
        } else {
            own
        }
    }

    /// A structure's members in the model's order (the trimmed model's are sorted by name).
    pub fn ordered<'m>(&self, shape: &'m Shape) -> Vec<&'m Member> {
        let mut members: Vec<&Member> = shape.members().iter().collect();
        if let Some(order) = self.shapes.get(&shape.name).map(|s| &s.members) {
            let position = |m: &Member| order.iter().position(|(n, _)| *n == m.name).unwrap_or(usize::MAX);
            members.sort_by_key(|m| position(m));
        }
        members
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_model::{model, Model};

    /// Every structure of the model has its member order in the documentation file, and every
    /// name there is a member of the model: the two files come from the same botocore.
    fn check_against(model: &Model, docs: &Docs) -> Vec<String> {
        let mut problems = Vec::new();
        for shape in model.shapes.values().filter(|s| !s.members().is_empty()) {
            let Some(d) = docs.shapes.get(&shape.name) else {
                problems.push(format!("{}: no member order", shape.name));
                continue;
            };
            let mut documented: Vec<&str> = d.members.iter().map(|(n, _)| n.as_str()).collect();
            let mut modelled: Vec<&str> = shape.members().iter().map(|m| m.name.as_str()).collect();
            documented.sort_unstable();
            modelled.sort_unstable();
            if documented != modelled {
                problems.push(format!("{}: members {documented:?} in the documentation, {modelled:?} in the model", shape.name));
            }
        }
        problems
    }

    #[test]
    fn the_documentation_matches_the_model() {
        let (m, d) = (model(), docs());
        assert_eq!(check_against(m, d), Vec::<String>::new());
        assert!(m.operations.keys().all(|op| !d.operation(op).is_empty()), "every operation is documented");
        let trimmed: serde_json::Value = serde_json::from_str(switchboard_model::MODEL_JSON).unwrap();
        assert_eq!(trimmed["metadata"]["botocoreVersion"], d.botocore_version.as_str(), "scripts/update-model.sh writes both");
    }

    #[test]
    fn members_come_in_the_models_order_with_their_own_documentation_first() {
        let (m, d) = (model(), docs());
        let names: Vec<&str> = d.ordered(m.shape("CreateUserRequest")).iter().map(|mm| mm.name.as_str()).collect();
        assert_eq!(&names[..4], ["Username", "Password", "IdentityInfo", "PhoneConfig"]);
        let request = m.shape("CreateUserRequest");
        let instance = request.member("InstanceId").unwrap();
        assert!(d.member("CreateUserRequest", instance).contains("instance ID"), "{}", d.member("CreateUserRequest", instance));
        // A member without documentation of its own has its shape's.
        let phone = m.shape("UserSearchSummary").member("PhoneConfig").unwrap();
        assert_eq!(d.member("UserSearchSummary", phone), d.shape("UserPhoneConfig"));
        assert!(d.shape("UserPhoneConfig").contains("phone configuration"));
    }
}
