//! Contact flows: what a contact goes through, written in Amazon Connect's flow language
//! (a JSON document of actions). Flow modules (`contact_flow_modules`) are written in the
//! same language, so the check of a flow's content lives here, once.
use crate::error::ApiError;
use crate::ops::crud::Stored;
use crate::store::Kind;
use serde_json::Value;
use sha2::{Digest, Sha256};
use switchboard_model::dto;

pub mod create_contact_flow;
pub mod delete_contact_flow;
pub mod describe_contact_flow;
pub mod list_contact_flows;
pub mod search_contact_flows;
pub mod update_contact_flow_content;
pub mod update_contact_flow_metadata;
pub mod update_contact_flow_name;

impl Stored for dto::ContactFlow {
    const KIND: Kind = Kind::ContactFlow;
}

/// The flow language's only version (Amazon Connect Administrator Guide, *Amazon Connect
/// Flow language*: "Version: the version of the flow language, 2019-10-30").
pub const FLOW_LANGUAGE_VERSION: &str = "2019-10-30";

/// The most problems an InvalidContactFlowException carries (the model's `Problems`: at
/// most 50), and the longest message of one (`ProblemMessageString`: at most 256).
const MAX_PROBLEMS: usize = 50;
const MAX_MESSAGE: usize = 256;

/// The problems of a flow's (or a module's) content in the flow language, one message each;
/// none when it is valid. The structure is checked, not what each action does: the content
/// is a JSON object with `Version` 2019-10-30, a list of `Actions` each with a unique
/// string `Identifier` and a string `Type`, a `StartAction` that names one of them, and
/// transitions (`NextAction`, and the `NextAction` of each of `Errors` and `Conditions`)
/// that name actions of the flow (docs/rules.md, "Contact flows").
pub fn problems(content: &str) -> Vec<String> {
    let doc: Value = match serde_json::from_str(content) {
        Ok(doc) => doc,
        Err(e) => return vec![clip(format!("The content is not valid JSON: {e}"))],
    };
    let Some(doc) = doc.as_object() else { return vec!["The content must be a JSON object".into()] };
    let mut out = Vec::new();
    match doc.get("Version").and_then(Value::as_str) {
        Some(FLOW_LANGUAGE_VERSION) => {}
        Some(v) => out.push(format!("Version '{v}' is not supported; the flow language version is {FLOW_LANGUAGE_VERSION}")),
        None => out.push("Version is required".into()),
    }
    let empty = Vec::new();
    let actions = match doc.get("Actions") {
        Some(Value::Array(actions)) => actions,
        Some(_) => {
            out.push("Actions must be a list".into());
            &empty
        }
        None => {
            out.push("Actions is required".into());
            &empty
        }
    };
    let mut ids: Vec<&str> = Vec::new();
    for (i, action) in actions.iter().enumerate() {
        match action.get("Identifier").and_then(Value::as_str).filter(|id| !id.is_empty()) {
            Some(id) if ids.contains(&id) => out.push(format!("Action identifier '{id}' is used by more than one action")),
            Some(id) => ids.push(id),
            None => out.push(format!("Action {} has no Identifier", i + 1)),
        }
        if action.get("Type").and_then(Value::as_str).is_none_or(str::is_empty) {
            out.push(format!("Action {} has no Type", i + 1));
        }
    }
    match doc.get("StartAction").and_then(Value::as_str) {
        Some(start) if !ids.contains(&start) => out.push(format!("StartAction '{start}' is not the identifier of an action")),
        Some(_) => {}
        None => out.push("StartAction is required".into()),
    }
    for action in actions {
        let from = action.get("Identifier").and_then(Value::as_str).unwrap_or_default();
        let transitions = action.get("Transitions");
        let branches = ["Errors", "Conditions"].into_iter().flat_map(|b| transitions.and_then(|t| t.get(b)).and_then(Value::as_array).into_iter().flatten());
        let targets = transitions.and_then(|t| t.get("NextAction")).into_iter().chain(branches.filter_map(|b| b.get("NextAction")));
        for target in targets {
            match target.as_str() {
                Some(to) if ids.contains(&to) => {}
                Some(to) => out.push(format!("Action '{from}' transitions to '{to}', which is not the identifier of an action")),
                None => out.push(format!("Action '{from}' has a NextAction that is not a string")),
            }
        }
    }
    out.into_iter().take(MAX_PROBLEMS).map(clip).collect()
}

fn clip(mut message: String) -> String {
    if message.chars().count() > MAX_MESSAGE {
        message = message.chars().take(MAX_MESSAGE - 1).collect::<String>() + "…";
    }
    message
}

/// Refuses content with problems: `code` (InvalidContactFlowException or
/// InvalidContactFlowModuleException) with the problems under `member`, the member of the
/// code's shape (`problems` and `Problems` respectively), each as a ProblemDetail.
pub fn check_content(content: &str, code: &'static str, member: &str) -> Result<(), ApiError> {
    let problems = problems(content);
    if problems.is_empty() {
        return Ok(());
    }
    let details: Vec<Value> = problems.into_iter().map(|m| serde_json::json!({ "message": m })).collect();
    Err(ApiError::new(code, format!("The content is not valid in the flow language ({} problems)", details.len())).with(member, details))
}

/// The checksum Connect reports as FlowContentSha256: SHA-256 of the content, in hex.
pub fn content_sha256(content: &str) -> String {
    hex::encode(Sha256::digest(content.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"{"Version": "2019-10-30", "StartAction": "a", "Actions": [
        {"Identifier": "a", "Type": "MessageParticipant", "Parameters": {"Text": "Hi"},
         "Transitions": {"NextAction": "b", "Errors": [{"NextAction": "b", "ErrorType": "NoMatchingError"}], "Conditions": []}},
        {"Identifier": "b", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}"#;

    #[test]
    fn valid_content_has_no_problems() {
        assert!(problems(VALID).is_empty());
    }

    #[test]
    fn each_structural_problem_is_reported() {
        assert_eq!(problems("{").len(), 1);
        assert_eq!(problems("[]"), vec!["The content must be a JSON object"]);
        let p = problems(r#"{"Version": "2020-01-01", "StartAction": "x", "Actions": [
            {"Identifier": "a", "Type": "T", "Transitions": {"NextAction": "nowhere", "Conditions": [{"NextAction": "gone"}]}},
            {"Identifier": "a"}]}"#);
        assert_eq!(p.len(), 6, "{p:?}");
        assert!(p[0].starts_with("Version '2020-01-01'"));
        assert!(p.iter().any(|m| m.contains("'a' is used by more than one action")));
        assert!(p.iter().any(|m| m == "Action 2 has no Type"));
        assert!(p.iter().any(|m| m.contains("StartAction 'x'")));
        assert!(p.iter().any(|m| m.contains("'nowhere'")) && p.iter().any(|m| m.contains("'gone'")));
        assert_eq!(problems("{}").len(), 3, "Version, Actions and StartAction are required");
    }

    #[test]
    fn problems_fit_the_model() {
        let many: Vec<String> = (0..80).map(|i| format!(r#"{{"Identifier": "{i}"}}"#)).collect();
        let p = problems(&format!(r#"{{"Version": "2019-10-30", "StartAction": "0", "Actions": [{}]}}"#, many.join(",")));
        assert_eq!(p.len(), MAX_PROBLEMS);
        let long = "x".repeat(400);
        assert!(problems(&format!(r#"{{"Version": "{long}", "StartAction": "a", "Actions": [{{"Identifier": "a", "Type": "T"}}]}}"#))[0].chars().count() <= MAX_MESSAGE);
        assert_eq!(content_sha256("").len(), 64);
    }
}
