//! The model's paginator configuration (botocore's `paginators-1.json`, trimmed copy in
//! `model/connect-2017-08-08.paginators.json`): which operations page, through which input
//! and output token members, which member limits the page size, and which output members
//! accumulate across pages.
use serde_json::Value;
use std::collections::BTreeMap;

pub const PAGINATORS_JSON: &str = include_str!("../../../model/connect-2017-08-08.paginators.json");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    pub input_token: Vec<String>,
    pub output_token: Vec<String>,
    pub limit_key: Option<String>,
    /// Output members whose lists are concatenated across pages.
    pub result_keys: Vec<String>,
    /// Output members that are not accumulated (kept from the first page).
    pub non_aggregate_keys: Vec<String>,
}

/// botocore writes a single key as a string and several as a list.
fn one_or_many(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

pub fn parse(text: &str) -> Result<BTreeMap<String, Paginator>, String> {
    let raw: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let table = raw.get("pagination").and_then(Value::as_object).ok_or("no pagination table")?;
    Ok(table
        .iter()
        .map(|(op, p)| {
            let paginator = Paginator {
                input_token: one_or_many(p.get("input_token")),
                output_token: one_or_many(p.get("output_token")),
                limit_key: p.get("limit_key").and_then(Value::as_str).map(str::to_string),
                result_keys: one_or_many(p.get("result_key")),
                non_aggregate_keys: one_or_many(p.get("non_aggregate_keys")),
            };
            (op.clone(), paginator)
        })
        .collect())
}

/// The paginators, parsed once per process, by operation name.
pub fn paginators() -> &'static BTreeMap<String, Paginator> {
    static P: std::sync::OnceLock<BTreeMap<String, Paginator>> = std::sync::OnceLock::new();
    P.get_or_init(|| parse(PAGINATORS_JSON).expect("the checked-in paginators parse"))
}

pub fn paginator(operation: &str) -> Option<&'static Paginator> {
    paginators().get(operation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model;

    #[test]
    fn list_users_pages_by_next_token() {
        let p = paginator("ListUsers").unwrap();
        assert_eq!(p.input_token, ["NextToken"]);
        assert_eq!(p.output_token, ["NextToken"]);
        assert_eq!(p.limit_key.as_deref(), Some("MaxResults"));
        assert_eq!(p.result_keys, ["UserSummaryList"]);
        assert!(paginator("CreateUser").is_none());
    }

    #[test]
    fn every_paginator_names_real_members() {
        let m = model();
        for (op, p) in paginators() {
            let op = m.operation(op).unwrap_or_else(|| panic!("paginator for unknown operation {op}"));
            let input = m.shape(op.input.as_deref().unwrap());
            let output = m.shape(op.output.as_deref().unwrap());
            for k in p.input_token.iter().chain(&p.limit_key) {
                assert!(input.member(k).is_some(), "{}: no input member {k}", op.name);
            }
            for k in p.output_token.iter().chain(&p.result_keys).chain(&p.non_aggregate_keys) {
                assert!(output.member(k).is_some(), "{}: no output member {k}", op.name);
            }
        }
    }
}
