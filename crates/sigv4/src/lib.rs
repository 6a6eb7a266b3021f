//! AWS Signature Version 4, the one implementation switchboard has.
//!
//! The CLI signs with [`sign`]; the server parses the `Authorization` header with
//! [`parse_authorization`] and, to verify, recomputes the signature a request should carry with
//! [`expected_signature`] and compares with [`verify`]. Both sides go through the same
//! [`canonical_request`] → [`string_to_sign`] → [`signing_key`] → [`signature`] chain, so a
//! request the CLI signs is, by construction, one the server accepts.
//!
//! The canonicalisation follows botocore's `SigV4Auth` (the reference most clients of this
//! API use), and the tests check it against signatures botocore produced
//! (`tests/data/botocore-vectors.json`, made by `tests/data/make-vectors.py`).
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers a signer leaves out even when present: proxies and HTTP stacks rewrite them.
/// (botocore's `SIGNED_HEADERS_BLACKLIST`.)
const UNSIGNED_HEADERS: &[&str] = &["expect", "user-agent", "x-amzn-trace-id", "authorization", "content-length"];

/// RFC 3986 unreserved characters stay; everything else is percent-encoded. This is the set
/// SigV4 uses for query keys and values and for URI labels.
pub const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
/// The same, keeping `/`: for paths (and greedy URI labels).
pub const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key: String,
    pub secret_key: String,
    pub session_token: Option<String>,
}

/// A request as it goes over the wire: the path and query exactly as sent (already
/// percent-encoded), header names in any case.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub headers: &'a [(String, String)],
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 …` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub access_key: String,
    /// `YYYYMMDD` from the credential scope.
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

impl Authorization {
    /// `YYYYMMDD/region/service/aws4_request`.
    pub fn scope(&self) -> String {
        scope(&self.date, &self.region, &self.service)
    }
}

/// Why an `Authorization` header could not be read. The server answers both with
/// `IncompleteSignatureException`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("Unsupported authorization scheme: only AWS4-HMAC-SHA256 is accepted")]
    UnsupportedScheme,
    #[error("Authorization header requires {0}")]
    Missing(&'static str),
}

const CREDENTIAL_FORM: &str = "a Credential of the form AKID/YYYYMMDD/region/service/aws4_request";

/// Parses `AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/connect/aws4_request,
/// SignedHeaders=content-type;host;x-amz-date, Signature=…`.
pub fn parse_authorization(header: &str) -> Result<Authorization, ParseError> {
    let rest = header.trim().strip_prefix(ALGORITHM).ok_or(ParseError::UnsupportedScheme)?;
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let Some((k, v)) = part.trim().split_once('=') else { continue };
        match k.trim() {
            "Credential" => credential = Some(v.trim()),
            "SignedHeaders" => signed = Some(v.trim()),
            "Signature" => signature = Some(v.trim()),
            _ => {}
        }
    }
    let credential = credential.ok_or(ParseError::Missing("'Credential' parameter"))?;
    let signed = signed.ok_or(ParseError::Missing("'SignedHeaders' parameter"))?;
    let signature = signature.ok_or(ParseError::Missing("'Signature' parameter"))?;
    let parts: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = parts.as_slice() else {
        return Err(ParseError::Missing(CREDENTIAL_FORM));
    };
    if access_key.is_empty() || region.is_empty() || *terminator != "aws4_request" || date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ParseError::Missing(CREDENTIAL_FORM));
    }
    Ok(Authorization {
        access_key: access_key.to_string(),
        date: date.to_string(),
        region: region.to_string(),
        service: service.to_string(),
        signed_headers: signed.split(';').map(str::to_string).collect(),
        signature: signature.to_string(),
    })
}

pub fn scope(date: &str, region: &str, service: &str) -> String {
    format!("{date}/{region}/{service}/aws4_request")
}

/// Hex SHA-256 of a body: the last line of the canonical request (and `x-amz-content-sha256`).
pub fn payload_hash(body: &[u8]) -> String {
    hex::encode(Sha256::digest(body))
}

/// The canonical URI: dot segments and empty segments (`//`) removed, as botocore's
/// `remove_dot_segments` does ("AWS services require consecutive slashes to be removed"),
/// then every byte outside the unreserved set percent-encoded *again* — the path is already
/// encoded on the wire, so `%3A` signs as `%253A`. (Every AWS service but S3 signs the
/// normalised, double-encoded path.)
pub fn canonical_uri(raw_path: &str) -> String {
    let normalized = remove_dot_segments(raw_path);
    utf8_percent_encode(&normalized, UNRESERVED_AND_SLASH).to_string()
}

/// botocore's `normalize_url_path`: RFC 3986's dot-segment removal, and consecutive slashes
/// made one; a leading slash stays, a trailing one stays unless nothing is left.
fn remove_dot_segments(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    if !path.contains("//") && !path.split('/').any(|s| s == "." || s == "..") {
        return path.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    let first = if path.starts_with('/') { "/" } else { "" };
    let last = if path.ends_with('/') && !out.is_empty() { "/" } else { "" };
    format!("{first}{}{last}", out.join("/"))
}

/// The canonical query string: the raw `k=v` pairs as sent, sorted by key then value.
/// Senders encode keys and values with [`UNRESERVED`], which is what SigV4 asks for.
pub fn canonical_query(raw_query: &str) -> String {
    let mut pairs: Vec<(&str, &str)> = raw_query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .collect();
    pairs.sort();
    pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

/// Header values are trimmed and inner runs of spaces collapsed; repeated headers join with `,`.
fn header_value(headers: &[(String, String)], name: &str) -> String {
    headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(",")
}

/// The headers a signer signs: every header present except [`UNSIGNED_HEADERS`], lower-cased
/// and sorted. `host` must be among `headers`.
pub fn headers_to_sign(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .map(|(k, _)| k.to_ascii_lowercase())
        .filter(|k| !UNSIGNED_HEADERS.contains(&k.as_str()))
        .collect();
    names.sort();
    names.dedup();
    names
}

/// The canonical request over `signed_headers` (lower-case names, in the order given: a
/// verifier passes the header's `SignedHeaders` list as it came).
pub fn canonical_request(request: &Request<'_>, signed_headers: &[String], payload_hash: &str) -> String {
    let mut out = String::new();
    out.push_str(&request.method.to_ascii_uppercase());
    out.push('\n');
    out.push_str(&canonical_uri(request.path));
    out.push('\n');
    out.push_str(&canonical_query(request.query));
    out.push('\n');
    for name in signed_headers {
        out.push_str(name);
        out.push(':');
        out.push_str(&header_value(request.headers, name));
        out.push('\n');
    }
    out.push('\n');
    out.push_str(&signed_headers.join(";"));
    out.push('\n');
    out.push_str(payload_hash);
    out
}

pub fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", hex::encode(Sha256::digest(canonical_request.as_bytes())))
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")`.
/// A server can cache it per (key, day, region, service).
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, b"aws4_request")
}

/// Hex HMAC of the string to sign.
pub fn signature(signing_key: &[u8; 32], string_to_sign: &str) -> String {
    hex::encode(hmac(signing_key, string_to_sign.as_bytes()))
}

/// The signature a received request should carry, given the secret of its access key.
/// `amz_date` is the request's `x-amz-date` (`YYYYMMDDTHHMMSSZ`); `payload_hash` the hex
/// SHA-256 of its body (or its `x-amz-content-sha256` header).
pub fn expected_signature(request: &Request<'_>, auth: &Authorization, amz_date: &str, payload_hash: &str, secret: &str) -> String {
    let creq = canonical_request(request, &auth.signed_headers, payload_hash);
    let sts = string_to_sign(amz_date, &auth.scope(), &creq);
    signature(&signing_key(secret, &auth.date, &auth.region, &auth.service), &sts)
}

/// Constant-time comparison of the received signature with the expected one.
pub fn verify(request: &Request<'_>, auth: &Authorization, amz_date: &str, payload_hash: &str, secret: &str) -> bool {
    let expected = expected_signature(request, auth, amz_date, payload_hash, secret);
    let (a, b) = (expected.as_bytes(), auth.signature.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// What a signer adds to a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signed {
    /// `x-amz-date`, `x-amz-security-token` (with a session token) and `authorization`, to
    /// send alongside the request's own headers.
    pub headers: Vec<(String, String)>,
    pub canonical_request: String,
    pub string_to_sign: String,
}

/// Signs a request. `request.headers` must include `host` and every other header that will
/// be sent (they are all signed, as botocore does); `amz_date` is `YYYYMMDDTHHMMSSZ` (UTC).
pub fn sign(request: &Request<'_>, body: &[u8], credentials: &Credentials, region: &str, service: &str, amz_date: &str) -> Signed {
    let mut headers: Vec<(String, String)> = request.headers.to_vec();
    let mut added = vec![("X-Amz-Date".to_string(), amz_date.to_string())];
    if let Some(token) = &credentials.session_token {
        added.push(("X-Amz-Security-Token".to_string(), token.clone()));
    }
    headers.extend(added.iter().cloned());
    let signed_names = headers_to_sign(&headers);
    let full = Request { headers: &headers, ..*request };
    let creq = canonical_request(&full, &signed_names, &payload_hash(body));
    // The scope's date is the first 8 characters; `get` keeps a malformed date (shorter, or
    // not ASCII there) from panicking: the signature is then simply one no server accepts.
    let date = amz_date.get(..8).unwrap_or(amz_date);
    let scope = scope(date, region, service);
    let sts = string_to_sign(amz_date, &scope, &creq);
    let sig = signature(&signing_key(&credentials.secret_key, date, region, service), &sts);
    added.push((
        "Authorization".to_string(),
        format!("{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={sig}", credentials.access_key, signed_names.join(";")),
    ));
    Signed { headers: added, canonical_request: creq, string_to_sign: sts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_cli_header() {
        let a = parse_authorization(
            "AWS4-HMAC-SHA256 Credential=AKID/20261122/eu-west-2/connect/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=abc123",
        )
        .unwrap();
        assert_eq!(a.access_key, "AKID");
        assert_eq!(a.region, "eu-west-2");
        assert_eq!(a.service, "connect");
        assert_eq!(a.signed_headers, ["content-type", "host", "x-amz-date"]);
        assert_eq!(a.signature, "abc123");
        assert_eq!(a.scope(), "20261122/eu-west-2/connect/aws4_request");
    }

    #[test]
    fn rejects_malformed_headers() {
        assert_eq!(parse_authorization("Basic dXNlcjpwYXNz"), Err(ParseError::UnsupportedScheme));
        for bad in [
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/connect, SignedHeaders=host, Signature=x",
        ] {
            assert!(matches!(parse_authorization(bad), Err(ParseError::Missing(_))), "{bad}");
        }
    }

    #[test]
    fn paths_are_double_encoded_and_normalised() {
        assert_eq!(canonical_uri("/tags/arn%3Aaws%3Aconnect"), "/tags/arn%253Aaws%253Aconnect");
        assert_eq!(canonical_uri(""), "/");
        assert_eq!(canonical_uri("/a/./b/../c"), "/a/c");
        // botocore removes empty segments too
        assert_eq!(canonical_uri("//users//i/"), "/users/i/");
        assert_eq!(canonical_uri("/users/i//"), "/users/i/");
        assert_eq!(canonical_uri("//"), "/");
        assert_eq!(canonical_uri("/"), "/");
        assert_eq!(canonical_uri("/a/.."), "/");
    }

    #[test]
    fn query_pairs_sort_by_key_then_value() {
        assert_eq!(canonical_query("b=2&a=9&a=1&c"), "a=1&a=9&b=2&c=");
    }

    /// AWS's published example for the signing key (IAM docs, "Examples of how to derive a
    /// signing key for Signature Version 4").
    #[test]
    fn signing_key_matches_the_aws_example() {
        let key = signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
        assert_eq!(hex::encode(key), "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    }
}
