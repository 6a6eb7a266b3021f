//! Routing a request (method + raw path) to the model's operation by its URI template.
use crate::shape::{Model, Operation};
use percent_encoding::percent_decode_str;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Segment {
    Literal(String),
    Label(String),
    /// `{Name+}`: the rest of the path, slashes included.
    Greedy(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UriTemplate {
    pub source: String,
    pub segments: Vec<Segment>,
    /// Literal query parameters that are part of the template (`/x?type=y`).
    pub query: Vec<(String, String)>,
}

impl UriTemplate {
    pub fn parse(source: &str) -> UriTemplate {
        let (path, query) = source.split_once('?').unwrap_or((source, ""));
        let segments = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(label) => match label.strip_suffix('+') {
                    Some(greedy) => Segment::Greedy(greedy.to_string()),
                    None => Segment::Label(label.to_string()),
                },
                None => Segment::Literal(s.to_string()),
            })
            .collect();
        let query = query
            .split('&')
            .filter(|q| !q.is_empty())
            .map(|q| {
                let (k, v) = q.split_once('=').unwrap_or((q, ""));
                (k.to_string(), v.to_string())
            })
            .collect();
        UriTemplate { source: source.to_string(), segments, query }
    }

    /// Matches a raw (still percent-encoded) path. Returns the decoded labels and the number
    /// of literal segments matched (more literals = a more specific template).
    fn matches(&self, parts: &[&str]) -> Option<(BTreeMap<String, String>, usize)> {
        let mut labels = BTreeMap::new();
        let mut literals = 0;
        for (i, seg) in self.segments.iter().enumerate() {
            match seg {
                Segment::Greedy(name) => {
                    if i >= parts.len() {
                        return None;
                    }
                    labels.insert(name.clone(), decode(&parts[i..].join("/"))?);
                    return Some((labels, literals));
                }
                _ if i >= parts.len() => return None,
                Segment::Literal(lit) => {
                    if lit != parts[i] {
                        return None;
                    }
                    literals += 1;
                }
                Segment::Label(name) => {
                    labels.insert(name.clone(), decode(parts[i])?);
                }
            }
        }
        (parts.len() == self.segments.len()).then_some((labels, literals))
    }
}

/// Decoded query pairs (`+` is a space, as in form encoding; undecodable bytes become U+FFFD).
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let decode = |s: &str| percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned();
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(raw: &str) -> Option<String> {
    percent_decode_str(raw).decode_utf8().ok().map(|s| s.into_owned())
}

/// Candidate templates indexed by method and first path segment.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Router {
    by_key: HashMap<(String, String), Vec<String>>,
}

impl Router {
    pub(crate) fn new(operations: &BTreeMap<String, Operation>) -> Router {
        let mut by_key: HashMap<(String, String), Vec<String>> = HashMap::new();
        for op in operations.values() {
            let first = match op.uri.segments.first() {
                Some(Segment::Literal(l)) => l.clone(),
                _ => String::new(),
            };
            by_key.entry((op.method.clone(), first)).or_default().push(op.name.clone());
        }
        Router { by_key }
    }
}

/// A routed request: the operation and its decoded URI labels.
#[derive(Debug)]
pub struct Routed<'m> {
    pub operation: &'m Operation,
    pub labels: BTreeMap<String, String>,
}

impl Model {
    /// Finds the operation for `method` and the raw `path` (percent-encoded, no query).
    /// Labels are percent-decoded, so `/tags/arn%3Aaws%3A…%2Fagent%2F…` gives the full ARN.
    pub fn route(&self, method: &str, path: &str, query: &[(String, String)]) -> Option<Routed<'_>> {
        let parts: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let first = parts.first().copied().unwrap_or("");
        let mut best: Option<(Routed<'_>, usize)> = None;
        let candidates = self.router.by_key.get(&(method.to_string(), first.to_string()));
        for name in candidates.into_iter().flatten() {
            let op = &self.operations[name];
            let query_ok = op.uri.query.iter().all(|(k, v)| query.iter().any(|(qk, qv)| qk == k && (v.is_empty() || qv == v)));
            if !query_ok {
                continue;
            }
            if let Some((labels, score)) = op.uri.matches(&parts) {
                let score = score * 2 + op.uri.query.len();
                if best.as_ref().is_none_or(|(_, s)| score > *s) {
                    best = Some((Routed { operation: op, labels }, score));
                }
            }
        }
        best.map(|(r, _)| r)
    }
}

#[cfg(test)]
mod tests {
    use crate::model;

    #[test]
    fn routes_create_user_and_describe_user() {
        let m = model();
        assert_eq!(m.route("PUT", "/users/inst-1", &[]).unwrap().operation.name, "CreateUser");
        let r = m.route("GET", "/users/inst-1/user-2", &[]).unwrap();
        assert_eq!(r.operation.name, "DescribeUser");
        assert_eq!(r.labels["InstanceId"], "inst-1");
        assert_eq!(r.labels["UserId"], "user-2");
        assert!(m.route("GET", "/no-such-thing/x", &[]).is_none());
    }

    #[test]
    fn literal_segments_beat_labels() {
        let m = model();
        let r = m.route("POST", "/users/i/u/phone-config", &[]).unwrap();
        assert_eq!(r.operation.name, "UpdateUserPhoneConfig");
        let r = m.route("POST", "/search-users", &[]).unwrap();
        assert_eq!(r.operation.name, "SearchUsers");
    }

    #[test]
    fn labels_are_percent_decoded() {
        let m = model();
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/abc/agent/def";
        let encoded = percent_encoding::utf8_percent_encode(arn, percent_encoding::NON_ALPHANUMERIC).to_string();
        let r = m.route("GET", &format!("/tags/{encoded}"), &[]).unwrap();
        assert_eq!(r.operation.name, "ListTagsForResource");
        assert_eq!(r.labels["resourceArn"], arn);
    }

    #[test]
    fn every_operation_routes_to_itself() {
        // Fill each template's labels with a plain value; the router must find that very
        // operation (no two templates of the model are ambiguous).
        let m = model();
        for op in m.operations.values() {
            let path: String = op
                .uri
                .segments
                .iter()
                .map(|s| match s {
                    super::Segment::Literal(l) => format!("/{l}"),
                    _ => "/x1".to_string(),
                })
                .collect();
            let query: Vec<(String, String)> =
                op.uri.query.iter().map(|(k, v)| (k.clone(), if v.is_empty() { "q".into() } else { v.clone() })).collect();
            let routed = m.route(&op.method, &path, &query).unwrap_or_else(|| panic!("{} does not route", op.name));
            assert_eq!(routed.operation.name, op.name, "{} {}", op.method, op.uri.source);
        }
    }
}
