//! The request log: the most recent API requests, in a bounded ring in memory
//! (`switchboard serve --request-log-size N`), for the console's Requests page. It is not a
//! store: it starts empty, each replica has its own, and the oldest entry makes room for
//! the newest.
//!
//! Bodies are kept as the model redacts them for logs ([`switchboard_model::Model::redact`],
//! the code the CLI's `--debug` log uses): a sensitive member (a password, a name, a phone
//! number) never reaches the ring.
use serde::Serialize;
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use switchboard_model::model;

/// Entries kept unless `--request-log-size` says otherwise.
pub const DEFAULT_SIZE: usize = 1000;

/// Characters of a body kept in an entry; the rest is cut (a request may be 1 MiB).
pub const MAX_BODY_CHARS: usize = 16 << 10;

#[derive(Debug, Clone, Serialize)]
pub struct LoggedRequest {
    /// Position in the log: increases by one per request (the console asks for entries
    /// after the last it has).
    pub seq: u64,
    /// Epoch seconds, millisecond precision.
    pub time: f64,
    pub access_key: String,
    /// Empty when the caller was not authenticated.
    pub account: String,
    pub method: String,
    pub path: String,
    /// `-` when the request matched no operation.
    pub operation: String,
    pub status: u16,
    pub error_code: Option<String>,
    pub micros: u64,
    pub request_id: String,
    /// `api` (HTTP) or `console`.
    pub source: &'static str,
    /// The input (JSON, sensitive members redacted), or a note saying why none is shown.
    pub request_body: String,
    /// The output or the error body (JSON, sensitive members redacted).
    pub response_body: String,
}

pub struct RequestLog {
    size: usize,
    ring: Mutex<(u64, VecDeque<Arc<LoggedRequest>>)>,
}

/// Which entries a reader wants.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub operation: Option<String>,
    /// An exact status (`400`) or a class (`4xx`).
    pub status: Option<String>,
    pub access_key: Option<String>,
    /// Only this account's entries (a signed-in console user sees only theirs).
    pub account: Option<String>,
    /// Only entries after this sequence number.
    pub after: Option<u64>,
}

impl Filter {
    pub fn matches(&self, r: &LoggedRequest) -> bool {
        let status_ok = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => true,
            Some(s) if s.len() == 3 && s.ends_with("xx") => r.status / 100 == s[..1].parse::<u16>().unwrap_or(0),
            Some(s) => s.parse::<u16>().is_ok_and(|n| n == r.status),
        };
        let text = |want: &Option<String>, have: &str| want.as_deref().map(str::trim).filter(|s| !s.is_empty()).is_none_or(|w| w.eq_ignore_ascii_case(have));
        status_ok
            && text(&self.operation, &r.operation)
            && text(&self.access_key, &r.access_key)
            && self.account.as_deref().is_none_or(|a| a == r.account)
            && self.after.is_none_or(|a| r.seq > a)
    }
}

impl RequestLog {
    pub fn new(size: usize) -> RequestLog {
        RequestLog { size, ring: Mutex::new((0, VecDeque::with_capacity(size.min(4096)))) }
    }

    /// Adds an entry (its `seq` is set here), dropping the oldest when full.
    pub fn push(&self, mut entry: LoggedRequest) {
        if self.size == 0 {
            return;
        }
        let mut ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.0 += 1;
        entry.seq = ring.0;
        if ring.1.len() == self.size {
            ring.1.pop_front();
        }
        ring.1.push_back(Arc::new(entry));
    }

    /// Matching entries, newest first, at most `limit`.
    pub fn recent(&self, filter: &Filter, limit: usize) -> Vec<Arc<LoggedRequest>> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.1.iter().rev().filter(|r| filter.matches(r)).take(limit).cloned().collect()
    }

    pub fn get(&self, seq: u64) -> Option<Arc<LoggedRequest>> {
        let ring = self.ring.lock().unwrap_or_else(|e| e.into_inner());
        ring.1.iter().find(|r| r.seq == seq).cloned()
    }

    /// How many entries the log keeps.
    pub fn capacity(&self) -> usize {
        self.size
    }

    pub fn len(&self) -> usize {
        self.ring.lock().unwrap_or_else(|e| e.into_inner()).1.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `value` of `shape` (a model shape name) as the log shows it: sensitive members redacted,
/// at most [`MAX_BODY_CHARS`].
pub fn shown(shape: Option<&str>, value: &Value) -> String {
    let redacted = match shape {
        Some(s) => model().redact(model().shape(s), value),
        None => value.clone(),
    };
    cut(serde_json::to_string_pretty(&redacted).unwrap_or_default())
}

/// A raw request body that could not be decoded: shown only if it is JSON, redacted against
/// the input shape (a body that is not JSON could hold anything, a password included).
pub fn shown_raw(shape: Option<&str>, body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => shown(shape, &v),
        Err(_) => format!("({} bytes that are not JSON: not shown)", body.len()),
    }
}

fn cut(mut text: String) -> String {
    if text.len() > MAX_BODY_CHARS {
        let mut end = MAX_BODY_CHARS;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n… (cut)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(op: &str, status: u16) -> LoggedRequest {
        LoggedRequest {
            seq: 0,
            time: 0.0,
            access_key: "AKID".into(),
            account: "111122223333".into(),
            method: "PUT".into(),
            path: "/".into(),
            operation: op.into(),
            status,
            error_code: None,
            micros: 1,
            request_id: String::new(),
            source: "api",
            request_body: String::new(),
            response_body: String::new(),
        }
    }

    #[test]
    fn the_ring_keeps_the_newest_and_filters() {
        let log = RequestLog::new(3);
        for (op, status) in [("A", 200), ("B", 400), ("C", 200), ("D", 404)] {
            log.push(entry(op, status));
        }
        let all: Vec<String> = log.recent(&Filter::default(), 10).iter().map(|r| r.operation.clone()).collect();
        assert_eq!(all, ["D", "C", "B"], "newest first, the oldest dropped");
        let errors = log.recent(&Filter { status: Some("4xx".into()), ..Default::default() }, 10);
        assert_eq!(errors.iter().map(|r| r.seq).collect::<Vec<_>>(), [4, 2]);
        assert_eq!(log.recent(&Filter { after: Some(3), ..Default::default() }, 10).len(), 1);
        assert_eq!(log.recent(&Filter { operation: Some("c".into()), ..Default::default() }, 10).len(), 1);
        assert!(log.get(1).is_none() && log.get(4).is_some());
    }

    #[test]
    fn passwords_are_redacted() {
        let input = serde_json::json!({"Username": "jdoe", "Password": "Sw1tchb0ard-Pw-Q7x", "IdentityInfo": {"FirstName": "John"}});
        let text = shown(Some("CreateUserRequest"), &input);
        assert!(!text.contains("Sw1tchb0ard") && !text.contains("John") && text.contains("jdoe"), "{text}");
        let raw = shown_raw(Some("CreateUserRequest"), input.to_string().as_bytes());
        assert!(!raw.contains("Sw1tchb0ard"), "{raw}");
        assert!(!shown_raw(None, b"Password=secret").contains("secret"));
    }
}
