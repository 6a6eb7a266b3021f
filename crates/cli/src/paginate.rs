//! Automatic pagination of list operations, driven by the model's paginator configuration:
//! every page is fetched and the result lists concatenated; `--max-items` stops early and
//! prints a `NextToken` that `--starting-token` resumes from (botocore's token format:
//! base64 of `{"<input token>": …, "boto_truncate_amount": n}`); `--page-size` sets the
//! operation's limit member.
use crate::client::Client;
use crate::error::CliError;
use base64::Engine;
use serde_json::{Map, Value};
use switchboard_model::paginate::Paginator;
use switchboard_model::Operation;

pub struct Options {
    pub max_items: Option<usize>,
    pub starting_token: Option<String>,
    pub page_size: Option<i64>,
}

fn encode_token(tokens: &Map<String, Value>, truncate: usize) -> String {
    let mut t = tokens.clone();
    if truncate > 0 {
        t.insert("boto_truncate_amount".into(), Value::from(truncate));
    }
    base64::engine::general_purpose::STANDARD.encode(Value::Object(t).to_string())
}

fn decode_token(token: &str) -> Result<(Map<String, Value>, usize), CliError> {
    let bad = || CliError::param(format!("Unable to parse pagination token: {token}"));
    let bytes = base64::engine::general_purpose::STANDARD.decode(token.trim()).map_err(|_| bad())?;
    let Ok(Value::Object(mut map)) = serde_json::from_slice::<Value>(&bytes) else { return Err(bad()) };
    let truncate = map.remove("boto_truncate_amount").and_then(|v| v.as_u64()).unwrap_or(0) as usize;
    Ok((map, truncate))
}

pub async fn paginate(client: &Client, op: &Operation, input: Map<String, Value>, p: &Paginator, opts: &Options) -> Result<Value, CliError> {
    let (mut tokens, mut skip) = match &opts.starting_token {
        Some(t) => decode_token(t)?,
        None => (Map::new(), 0),
    };
    let primary = p.result_keys.first().cloned().unwrap_or_default();
    let mut results: Map<String, Value> = p.result_keys.iter().map(|k| (k.clone(), Value::Array(Vec::new()))).collect();
    let mut non_aggregate: Option<Map<String, Value>> = None;
    let mut collected = 0usize;
    let mut resume: Option<String> = None;
    loop {
        let mut request = input.clone();
        for (k, v) in &tokens {
            request.insert(k.clone(), v.clone());
        }
        if let (Some(limit), Some(size)) = (&p.limit_key, opts.page_size) {
            request.insert(limit.clone(), Value::from(size));
        }
        let page = client.call(op, &Value::Object(request)).await.map_err(|e| e.into_cli(&op.name))?;
        if non_aggregate.is_none() {
            non_aggregate = Some(p.non_aggregate_keys.iter().filter_map(|k| page.get(k).map(|v| (k.clone(), v.clone()))).collect());
        }
        let mut items: Vec<Value> = page.get(&primary).and_then(Value::as_array).cloned().unwrap_or_default();
        let page_skip = skip.min(items.len());
        items.drain(..page_skip);
        if let Some(max) = opts.max_items {
            let remaining = max.saturating_sub(collected);
            if items.len() > remaining {
                items.truncate(remaining);
                push(&mut results, &primary, items);
                resume = Some(encode_token(&tokens, page_skip + remaining));
                break;
            }
        }
        collected += items.len();
        push(&mut results, &primary, items);
        for k in p.result_keys.iter().skip(1) {
            if let Some(Value::Array(more)) = page.get(k) {
                push(&mut results, k, more.clone());
            }
        }
        skip = 0;
        let next: Map<String, Value> = p
            .input_token
            .iter()
            .zip(&p.output_token)
            .filter_map(|(i, o)| page.get(o).filter(|v| !v.is_null() && v.as_str() != Some("")).map(|v| (i.clone(), v.clone())))
            .collect();
        if next.is_empty() || next == tokens {
            break;
        }
        tokens = next;
        if opts.max_items.is_some_and(|max| collected >= max) {
            resume = Some(encode_token(&tokens, 0));
            break;
        }
    }
    let mut out = non_aggregate.unwrap_or_default();
    out.extend(results);
    if let Some(r) = resume {
        out.insert("NextToken".into(), Value::String(r));
    }
    Ok(Value::Object(out))
}

fn push(results: &mut Map<String, Value>, key: &str, items: Vec<Value>) {
    if let Some(Value::Array(list)) = results.get_mut(key) {
        list.extend(items);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_in_botocores_format() {
        let mut t = Map::new();
        t.insert("NextToken".into(), Value::String("abc".into()));
        let enc = encode_token(&t, 2);
        let raw = base64::engine::general_purpose::STANDARD.decode(&enc).unwrap();
        let v: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(v, serde_json::json!({"NextToken": "abc", "boto_truncate_amount": 2}));
        assert_eq!(decode_token(&enc).unwrap(), (t, 2));
        assert!(decode_token("not a token!").is_err());
    }
}
