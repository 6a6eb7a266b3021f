//! The rest-json request encoder, the decoder's mirror: an input object keyed by member
//! names becomes method, path (URI labels percent-encoded into the operation's template),
//! query string, headers and a JSON body, as botocore's rest-json serializer lays them out.
//! The client CLI sends what this produces; the server's decoder reads it back.
use crate::route::Segment;
use crate::shape::{Location, Model, Operation, ShapeKind};
use percent_encoding::utf8_percent_encode;
use serde_json::{Map, Value};
use switchboard_sigv4::{UNRESERVED, UNRESERVED_AND_SLASH};

/// A request ready to sign and send.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    pub method: String,
    /// Percent-encoded path.
    pub path: String,
    /// Decoded query pairs, template literals first.
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// `None` when the input shape has no body members.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// The query string as sent (and signed): keys and values encoded with the RFC 3986
    /// unreserved set.
    pub fn query_string(&self) -> String {
        self.query
            .iter()
            .map(|(k, v)| format!("{}={}", utf8_percent_encode(k, UNRESERVED), utf8_percent_encode(v, UNRESERVED)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Path and query, as on the request line.
    pub fn path_and_query(&self) -> String {
        let q = self.query_string();
        if q.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{q}", self.path)
        }
    }
}

/// Why an input could not be encoded (a client-side parameter error).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EncodeError {
    #[error("Missing required parameter in input: \"{0}\"")]
    MissingLabel(String),
    #[error("Invalid length for parameter {0}, value: 0, valid min length: 1")]
    EmptyLabel(String),
}

/// A scalar as text for a URI label, query value or header.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl Model {
    pub fn encode_input(&self, op: &Operation, input: &Value) -> Result<HttpRequest, EncodeError> {
        let empty = Map::new();
        let input = input.as_object().unwrap_or(&empty);
        let shape = op.input.as_deref().map(|s| self.shape(s));
        let members = shape.map(|s| s.members()).unwrap_or(&[]);
        let label = |name: &str| -> Result<String, EncodeError> {
            let m = members.iter().find(|m| m.location == Location::Uri && m.location_name == name);
            match m.and_then(|m| input.get(&m.name)).filter(|v| !v.is_null()) {
                None => Err(EncodeError::MissingLabel(m.map_or(name, |m| m.name.as_str()).to_string())),
                Some(v) if text(v).is_empty() => Err(EncodeError::EmptyLabel(name.to_string())),
                Some(v) => Ok(text(v)),
            }
        };
        let mut path = String::new();
        for seg in &op.uri.segments {
            path.push('/');
            match seg {
                Segment::Literal(l) => path.push_str(l),
                Segment::Label(name) => path.push_str(&utf8_percent_encode(&label(name)?, UNRESERVED).to_string()),
                Segment::Greedy(name) => path.push_str(&utf8_percent_encode(&label(name)?, UNRESERVED_AND_SLASH).to_string()),
            }
        }
        if path.is_empty() || op.uri.source.split('?').next().is_some_and(|p| p.ends_with('/') && p.len() > 1) {
            path.push('/');
        }
        let mut query: Vec<(String, String)> = op.uri.query.clone();
        let mut headers = Vec::new();
        let mut body = Map::new();
        let mut has_body_members = false;
        for m in members {
            let value = input.get(&m.name).filter(|v| !v.is_null());
            match m.location {
                Location::Body => {
                    has_body_members = true;
                    if let Some(v) = value {
                        body.insert(m.name.clone(), v.clone());
                    }
                }
                Location::Uri => {}
                Location::Query => match value {
                    Some(Value::Array(items)) => query.extend(items.iter().map(|i| (m.location_name.clone(), text(i)))),
                    // A map bound to the query string spreads into one parameter per key.
                    Some(Value::Object(map)) if matches!(self.shape(&m.shape).kind, ShapeKind::Map { .. }) => {
                        query.extend(map.iter().map(|(k, v)| (k.clone(), text(v))))
                    }
                    Some(v) => query.push((m.location_name.clone(), text(v))),
                    None => {}
                },
                Location::Header => {
                    if let Some(v) = value {
                        headers.push((m.location_name.clone(), text(v)));
                    }
                }
            }
        }
        let body = has_body_members.then(|| {
            headers.push(("Content-Type".to_string(), "application/json".to_string()));
            serde_json::to_vec(&Value::Object(body)).expect("JSON values serialise")
        });
        Ok(HttpRequest { method: op.method.clone(), path, query, headers, body })
    }
}

#[cfg(test)]
mod tests {
    use crate::model;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    fn encode(op: &str, input: Value) -> super::HttpRequest {
        let m = model();
        m.encode_input(m.operation(op).unwrap(), &input).unwrap()
    }

    /// What the encoder writes, the server's decoder must read back as the same input.
    fn round_trip(op: &str, input: Value) {
        let m = model();
        let operation = m.operation(op).unwrap();
        let req = encode(op, input.clone());
        let query = req.query.clone();
        let routed = m.route(&req.method, &req.path, &query).unwrap_or_else(|| panic!("{op}: {} does not route", req.path));
        assert_eq!(routed.operation.name, op);
        let headers: BTreeMap<String, String> = req.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.clone())).collect();
        let decoded = m
            .decode_input(operation, &routed.labels, &query, &|h| headers.get(h).cloned(), req.body.as_deref().unwrap_or(b""))
            .unwrap();
        assert_eq!(decoded, input, "{op}");
    }

    #[test]
    fn create_user_puts_labels_in_the_path_and_the_rest_in_the_body() {
        let req = encode("CreateUser", json!({"InstanceId": "inst-1", "Username": "jdoe", "SecurityProfileIds": ["a"], "RoutingProfileId": "rp"}));
        assert_eq!(req.method, "PUT");
        assert_eq!(req.path, "/users/inst-1");
        let body: Value = serde_json::from_slice(req.body.as_ref().unwrap()).unwrap();
        assert_eq!(body, json!({"Username": "jdoe", "SecurityProfileIds": ["a"], "RoutingProfileId": "rp"}));
        assert!(req.headers.contains(&("Content-Type".into(), "application/json".into())));
    }

    #[test]
    fn labels_are_percent_encoded() {
        let arn = "arn:aws:connect:us-east-1:123456789012:instance/abc/agent/d e";
        let req = encode("ListTagsForResource", json!({"resourceArn": arn}));
        assert_eq!(req.path, "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A123456789012%3Ainstance%2Fabc%2Fagent%2Fd%20e");
        assert_eq!(req.body, None);
    }

    #[test]
    fn query_members_and_repeated_lists() {
        let req = encode("ListUsers", json!({"InstanceId": "i", "MaxResults": 5, "NextToken": "a+b/c="}));
        assert_eq!(req.path_and_query(), "/users-summary/i?MaxResults=5&NextToken=a%2Bb%2Fc%3D".replace("MaxResults", "maxResults").replace("NextToken", "nextToken"));
        let req = encode("UntagResource", json!({"resourceArn": "arn", "tagKeys": ["k1", "k 2"]}));
        assert_eq!(req.query_string(), "tagKeys=k1&tagKeys=k%202");
    }

    #[test]
    fn missing_labels_are_parameter_errors() {
        let m = model();
        let e = m.encode_input(m.operation("DescribeUser").unwrap(), &json!({"InstanceId": "i"})).unwrap_err();
        assert_eq!(e.to_string(), "Missing required parameter in input: \"UserId\"");
    }

    #[test]
    fn encoder_and_decoder_agree() {
        round_trip("CreateUser", json!({"InstanceId": "i-1", "Username": "jdoe", "IdentityInfo": {"FirstName": "J"}, "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": false}, "SecurityProfileIds": ["a", "b"], "RoutingProfileId": "rp", "Tags": {"k": "v"}}));
        round_trip("ListUsers", json!({"InstanceId": "i", "MaxResults": 7, "NextToken": "t/=+"}));
        round_trip("UntagResource", json!({"resourceArn": "arn:aws:x/y z", "tagKeys": ["a", "b c"]}));
        round_trip("UpdateUserPhoneConfig", json!({"InstanceId": "i", "UserId": "u", "PhoneConfig": {"PhoneType": "DESK_PHONE", "DeskPhoneNumber": "+14155550100"}}));
        round_trip("DeleteUser", json!({"InstanceId": "i", "UserId": "ü"}));
    }
}
