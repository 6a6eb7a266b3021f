//! Who is calling: the account and region a request acts in.
//!
//! The default, as LocalStack and moto do it, accepts any access key as long as the request
//! carries a SigV4 `Authorization` header, and puts every caller in one configured account.
//! Strict verification ([`StrictKeys`]: known keys, full signature check) implements the
//! same trait.
use crate::error::ApiError;
use anyhow::Context;
use axum::http::HeaderMap;
use std::collections::HashMap;
use std::path::Path;
use switchboard_sigv4::{parse_authorization, Authorization};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub account_id: String,
    pub region: String,
    pub access_key: String,
}

/// The parts of a request an authenticator may look at.
pub struct RequestParts<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub header: &'a dyn Fn(&str) -> Option<String>,
    /// All headers as received (a signature covers every value of a signed header).
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
}

pub trait Authenticator: Send + Sync {
    /// The checks that need no body (the request's `body` is empty here): run before the
    /// body is read, so that a request they refuse costs no body.
    fn precheck(&self, _request: &RequestParts<'_>) -> Result<(), ApiError> {
        Ok(())
    }
    fn authenticate(&self, request: &RequestParts<'_>) -> Result<Principal, ApiError>;

    /// The console's caller when nobody signs in (default mode: the default account, as the
    /// API); None when the console asks for a sign-in (strict mode).
    fn console_default(&self) -> Option<Principal> {
        None
    }

    /// The console's sign-in: the key's principal if `secret` is its secret.
    fn console_sign_in(&self, _access_key: &str, _secret: &str) -> Option<Principal> {
        None
    }

    /// The key console sessions of `access_key` are signed with (derived from its secret, so
    /// that every replica with the same credentials file accepts the session), and the key's
    /// principal; None for a key that is not (or no longer) in the file.
    fn console_session_key(&self, _access_key: &str) -> Option<(Vec<u8>, Principal)> {
        None
    }
}

/// Reads the `Authorization` header; a request without one is refused as AWS does.
pub fn authorization(request: &RequestParts<'_>) -> Result<Authorization, ApiError> {
    let header = (request.header)("authorization")
        .ok_or_else(|| ApiError::new("MissingAuthenticationTokenException", "Missing Authentication Token"))?;
    parse_authorization(&header).map_err(|e| ApiError::new("IncompleteSignatureException", e.to_string()))
}

/// Any key is accepted; every caller acts in `account_id`.
pub struct AnyKey {
    pub account_id: String,
}

impl Authenticator for AnyKey {
    fn precheck(&self, request: &RequestParts<'_>) -> Result<(), ApiError> {
        authorization(request).map(|_| ())
    }

    fn authenticate(&self, request: &RequestParts<'_>) -> Result<Principal, ApiError> {
        let auth = authorization(request)?;
        Ok(Principal { account_id: self.account_id.clone(), region: auth.region, access_key: auth.access_key })
    }

    fn console_default(&self) -> Option<Principal> {
        Some(Principal { account_id: self.account_id.clone(), region: CONSOLE_REGION.into(), access_key: "console".into() })
    }
}

/// The Region the console works in (the README's examples and the SDKs' usual default).
pub const CONSOLE_REGION: &str = "us-east-1";

/// Strict mode (`switchboard serve --credentials FILE`): only the listed keys get in, and
/// every request's SigV4 signature is verified in full (canonical request, signed headers,
/// payload hash, credential scope, clock skew), with the errors AWS gives.
///
/// The file is AWS shared-credentials INI, one section per key:
///
/// ```ini
/// [team-a]
/// aws_access_key_id = AKIDTEAMA
/// aws_secret_access_key = …
/// account_id = 111111111111
/// ```
pub struct StrictKeys {
    keys: HashMap<String, KeyEntry>,
    /// Fixed "now" (epoch seconds) for tests; the system clock otherwise.
    now: Option<i64>,
}

struct KeyEntry {
    secret: String,
    account_id: String,
}

/// The most a request's `X-Amz-Date` may differ from the server's clock (AWS: 15 minutes).
pub const MAX_SKEW_SECONDS: i64 = 15 * 60;

/// The service every credential scope must name.
pub const SERVICE: &str = "connect";

const SIGNATURE_MISMATCH: &str = "The request signature we calculated does not match the signature you provided. \
     Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

impl StrictKeys {
    /// Reads a credentials file; a clear error names what is wrong with it.
    pub fn load(path: &Path) -> anyhow::Result<StrictKeys> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading the credentials file {}", path.display()))?;
        StrictKeys::parse(&text).with_context(|| format!("in the credentials file {}", path.display()))
    }

    /// Parses the INI text: every section must have `aws_access_key_id`,
    /// `aws_secret_access_key` and a 12-digit `account_id`; access key ids are unique.
    pub fn parse(text: &str) -> anyhow::Result<StrictKeys> {
        let ini = ini::Ini::load_from_str(text).map_err(|e| anyhow::anyhow!("not an INI file: {e}"))?;
        let mut keys = HashMap::new();
        for (section, props) in ini.iter() {
            let Some(section) = section else {
                if props.iter().next().is_some() {
                    anyhow::bail!("settings before the first [section]: each key goes in a section of its own");
                }
                continue;
            };
            let get = |name: &str| -> anyhow::Result<String> {
                match props.get(name).map(str::trim) {
                    Some(v) if !v.is_empty() => Ok(v.to_string()),
                    _ => anyhow::bail!("section [{section}] has no {name}"),
                }
            };
            let (id, secret, account_id) = (get("aws_access_key_id")?, get("aws_secret_access_key")?, get("account_id")?);
            if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
                anyhow::bail!("section [{section}]: account_id must be 12 digits, not '{account_id}'");
            }
            if id.contains(['/', ',', '=', ' ']) {
                anyhow::bail!("section [{section}]: aws_access_key_id cannot contain '/', ',', '=' or spaces");
            }
            if keys.insert(id.clone(), KeyEntry { secret, account_id }).is_some() {
                anyhow::bail!("section [{section}]: the access key {id} is listed twice");
            }
        }
        if keys.is_empty() {
            anyhow::bail!("no keys: add a [section] with aws_access_key_id, aws_secret_access_key and account_id");
        }
        Ok(StrictKeys { keys, now: None })
    }

    /// The same keys with the clock fixed at `epoch_seconds` (tests).
    pub fn at(mut self, epoch_seconds: i64) -> StrictKeys {
        self.now = Some(epoch_seconds);
        self
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The accounts the keys act in.
    pub fn accounts(&self) -> std::collections::BTreeSet<&str> {
        self.keys.values().map(|k| k.account_id.as_str()).collect()
    }

    fn now(&self) -> i64 {
        self.now.unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
        })
    }
}

impl std::fmt::Debug for StrictKeys {
    /// Never prints a secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StrictKeys").field("keys", &self.keys.keys().collect::<Vec<_>>()).finish()
    }
}

fn incomplete(message: impl Into<String>) -> ApiError {
    ApiError::new("IncompleteSignatureException", message)
}

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new("InvalidSignatureException", message)
}

/// `20261122T184601Z` as epoch seconds.
pub fn parse_amz_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = s.get(r)?;
        part.bytes().all(|c| c.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let month = time::Month::try_from(digits(4..6)? as u8).ok()?;
    let date = time::Date::from_calendar_date(digits(0..4)? as i32, month, digits(6..8)? as u8).ok()?;
    let t = time::Time::from_hms(digits(9..11)? as u8, digits(11..13)? as u8, digits(13..15)? as u8).ok()?;
    Some(time::PrimitiveDateTime::new(date, t).assume_utc().unix_timestamp())
}

/// Epoch seconds as `20261122T184601Z`.
pub fn format_amz_date(epoch: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(epoch).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", t.year(), t.month() as u8, t.day(), t.hour(), t.minute(), t.second())
}

/// AWS region names: `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`.
pub fn is_valid_region(region: &str) -> bool {
    let parts: Vec<&str> = region.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() <= 2
        && !parts[parts.len() - 1].is_empty()
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// Every value of a header, as the canonical request wants them (non-UTF-8 bytes as
/// replacement characters: they cannot match a signature made over text anyway).
fn header_values(headers: &HeaderMap, name: &str) -> Vec<(String, String)> {
    headers.get_all(name).iter().map(|v| (name.to_string(), String::from_utf8_lossy(v.as_bytes()).into_owned())).collect()
}

impl StrictKeys {
    /// Every check that needs no body, in AWS's order: the header's form, the date, the
    /// credential scope, the key, the signed headers. Returns what the signature check needs.
    fn identify(&self, request: &RequestParts<'_>) -> Result<(Authorization, &KeyEntry, String), ApiError> {
        let raw = (request.header)("authorization").unwrap_or_default();
        let auth = authorization(request).map_err(|e| match e.code {
            "IncompleteSignatureException" => incomplete(format!("{}. Authorization={}", e.message, raw)),
            _ => e,
        })?;
        let Some(amz_date) = (request.header)("x-amz-date") else {
            return Err(incomplete(format!(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization={raw}"
            )));
        };
        let Some(signed_at) = parse_amz_date(&amz_date) else {
            return Err(incomplete(format!("Date must be in ISO-8601 'basic format'. Got '{amz_date}'. See http://en.wikipedia.org/wiki/ISO_8601")));
        };
        if auth.service != SERVICE {
            return Err(invalid(format!("Credential should be scoped to correct service: '{SERVICE}'. ")));
        }
        if !is_valid_region(&auth.region) {
            return Err(invalid(format!("Credential should be scoped to a valid region, not '{}'. ", auth.region)));
        }
        if amz_date[..8] != auth.date {
            return Err(invalid(format!(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{}' != '{}', from '{amz_date}'.",
                auth.date,
                &amz_date[..8]
            )));
        }
        let now = self.now();
        if signed_at < now - MAX_SKEW_SECONDS {
            return Err(invalid(format!(
                "Signature expired: {amz_date} is now earlier than {} ({} - 15 min.)",
                format_amz_date(now - MAX_SKEW_SECONDS),
                format_amz_date(now)
            )));
        }
        if signed_at > now + MAX_SKEW_SECONDS {
            return Err(invalid(format!(
                "Signature not yet current: {amz_date} is still later than {} ({} + 15 min.)",
                format_amz_date(now + MAX_SKEW_SECONDS),
                format_amz_date(now)
            )));
        }
        let Some(key) = self.keys.get(&auth.access_key) else {
            return Err(ApiError::new("UnrecognizedClientException", "The security token included in the request is invalid."));
        };
        let signed = &auth.signed_headers;
        if !signed.iter().any(|h| h == "host") {
            return Err(incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."));
        }
        for must in ["x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            if request.headers.contains_key(must) && !signed.iter().any(|h| h == must) {
                return Err(invalid(format!("'{must}' must be a 'SignedHeader' in the AWS Authorization.")));
            }
        }
        Ok((auth, key, amz_date))
    }
}

impl Authenticator for StrictKeys {
    fn precheck(&self, request: &RequestParts<'_>) -> Result<(), ApiError> {
        self.identify(request).map(|_| ())
    }

    fn authenticate(&self, request: &RequestParts<'_>) -> Result<Principal, ApiError> {
        let (auth, key, amz_date) = self.identify(request)?;
        let actual = switchboard_sigv4::payload_hash(request.body);
        if let Some(declared) = (request.header)("x-amz-content-sha256") {
            if !declared.eq_ignore_ascii_case(&actual) {
                return Err(invalid("The provided 'x-amz-content-sha256' header does not match what was computed."));
            }
        }
        let headers: Vec<(String, String)> = auth.signed_headers.iter().flat_map(|name| header_values(request.headers, name)).collect();
        let wire = switchboard_sigv4::Request { method: request.method, path: request.path, query: request.query, headers: &headers };
        if !switchboard_sigv4::verify(&wire, &auth, &amz_date, &actual, &key.secret) {
            return Err(invalid(SIGNATURE_MISMATCH));
        }
        Ok(Principal { account_id: key.account_id.clone(), region: auth.region, access_key: auth.access_key })
    }

    fn console_sign_in(&self, access_key: &str, secret: &str) -> Option<Principal> {
        let key = self.keys.get(access_key)?;
        // Compared through HMAC tags, so that the comparison takes the same time wherever
        // the secrets differ.
        let tag = |s: &str| crate::console::hmac(b"switchboard console sign-in", s.as_bytes());
        (tag(&key.secret) == tag(secret)).then(|| Principal { account_id: key.account_id.clone(), region: CONSOLE_REGION.into(), access_key: access_key.into() })
    }

    fn console_session_key(&self, access_key: &str) -> Option<(Vec<u8>, Principal)> {
        let key = self.keys.get(access_key)?;
        let derived = crate::console::hmac(key.secret.as_bytes(), b"switchboard console session").to_vec();
        Some((derived, Principal { account_id: key.account_id.clone(), region: CONSOLE_REGION.into(), access_key: access_key.into() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_with(auth: Option<&str>) -> Result<Authorization, ApiError> {
        let header = |name: &str| if name == "authorization" { auth.map(str::to_string) } else { None };
        authorization(&RequestParts { method: "GET", path: "/", query: "", header: &header, headers: &HeaderMap::new(), body: b"" })
    }

    #[test]
    fn malformed_or_missing_headers_are_403() {
        assert_eq!(parts_with(None).unwrap_err().code, "MissingAuthenticationTokenException");
        for bad in ["Basic dXNlcjpwYXNz", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x"] {
            let e = parts_with(Some(bad)).unwrap_err();
            assert_eq!((e.code, e.status), ("IncompleteSignatureException", 403), "{bad}");
        }
        let ok = parts_with(Some("AWS4-HMAC-SHA256 Credential=AKID/20261122/eu-west-2/connect/aws4_request, SignedHeaders=host, Signature=ab")).unwrap();
        assert_eq!(ok.region, "eu-west-2");
    }

    // -- strict mode ---------------------------------------------------------------------------

    const FILE: &str = "[a]\naws_access_key_id = AKIDA\naws_secret_access_key = secret-a/+x\naccount_id = 111111111111\n\n\
                        [b]\naws_access_key_id=AKIDB\naws_secret_access_key=secret-b\naccount_id=222222222222\n";
    /// 2026-11-22T18:46:01Z, the botocore vectors' date.
    const NOW: i64 = 1_795_373_161;

    /// A request as a client sends it: headers, then signed with `sign`.
    struct Wire {
        method: &'static str,
        path: String,
        query: String,
        headers: HeaderMap,
        body: Vec<u8>,
    }

    fn signed(method: &'static str, path: &str, query: &str, body: &[u8], key: (&str, &str), token: Option<&str>, at: i64) -> Wire {
        let mut plain = vec![("host".to_string(), "connect.us-east-1.amazonaws.com".to_string())];
        if !body.is_empty() {
            plain.push(("content-type".to_string(), "application/json".to_string()));
        }
        let creds = switchboard_sigv4::Credentials { access_key: key.0.into(), secret_key: key.1.into(), session_token: token.map(str::to_string) };
        let req = switchboard_sigv4::Request { method, path, query, headers: &plain };
        let out = switchboard_sigv4::sign(&req, body, &creds, "us-east-1", "connect", &format_amz_date(at));
        let mut headers = HeaderMap::new();
        for (k, v) in plain.into_iter().chain(out.headers) {
            headers.append(axum::http::HeaderName::from_bytes(k.to_ascii_lowercase().as_bytes()).unwrap(), v.parse().unwrap());
        }
        Wire { method, path: path.into(), query: query.into(), headers, body: body.to_vec() }
    }

    impl Wire {
        fn check(&self, keys: &StrictKeys) -> Result<Principal, ApiError> {
            let header = |name: &str| self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
            keys.authenticate(&RequestParts {
                method: self.method,
                path: &self.path,
                query: &self.query,
                header: &header,
                headers: &self.headers,
                body: &self.body,
            })
        }

        fn set(mut self, name: &'static str, value: &str) -> Wire {
            self.headers.insert(name, value.parse().unwrap());
            self
        }
    }

    fn keys() -> StrictKeys {
        StrictKeys::parse(FILE).unwrap().at(NOW)
    }

    fn code(r: Result<Principal, ApiError>) -> &'static str {
        let e = r.unwrap_err();
        assert_eq!(e.status, 403, "{e:?}");
        e.code
    }

    #[test]
    fn credentials_files_are_checked() {
        let k = StrictKeys::parse(FILE).unwrap();
        assert_eq!(k.len(), 2);
        assert_eq!(k.accounts().into_iter().collect::<Vec<_>>(), ["111111111111", "222222222222"]);
        assert!(!format!("{k:?}").contains("secret"), "Debug never shows a secret");
        for (bad, why) in [
            ("", "no keys"),
            ("[a]\naws_access_key_id = X\naccount_id = 111111111111\n", "aws_secret_access_key"),
            ("[a]\naws_access_key_id = X\naws_secret_access_key = s\n", "account_id"),
            ("[a]\naws_access_key_id = X\naws_secret_access_key = s\naccount_id = 1234\n", "12 digits"),
            ("[a]\naws_access_key_id = X\naws_secret_access_key = s\naccount_id = 11111111111a\n", "12 digits"),
            ("aws_access_key_id = X\n", "section"),
            (
                "[a]\naws_access_key_id = X\naws_secret_access_key = s\naccount_id = 111111111111\n[b]\naws_access_key_id = X\naws_secret_access_key = t\naccount_id = 111111111111\n",
                "twice",
            ),
        ] {
            let e = StrictKeys::parse(bad).unwrap_err();
            assert!(format!("{e:#}").contains(why), "{bad:?}: {e:#}");
        }
        let missing = StrictKeys::load(Path::new("/nonexistent/credentials")).unwrap_err();
        assert!(format!("{missing:#}").contains("/nonexistent/credentials"));
    }

    #[test]
    fn dates_round_trip() {
        assert_eq!(format_amz_date(NOW), "20261122T184601Z");
        assert_eq!(parse_amz_date("20261122T184601Z"), Some(NOW));
        for bad in ["20261122T184601", "2026-11-22T18:46:01Z", "20261322T184601Z", "20261122T246001Z", "2026112xT184601Z"] {
            assert_eq!(parse_amz_date(bad), None, "{bad}");
        }
        for ok in ["us-east-1", "eu-central-2", "us-gov-west-1", "cn-north-1", "ap-southeast-4", "us-isob-east-1"] {
            assert!(is_valid_region(ok), "{ok}");
        }
        for bad in ["", "local", "us-east", "US-EAST-1", "us-east-1a", "useast-1", "us--1", "us-east-123"] {
            assert!(!is_valid_region(bad), "{bad}");
        }
    }

    #[test]
    fn signed_requests_are_accepted_in_the_keys_account() {
        let k = keys();
        let p = signed("GET", "/users-summary/i-1", "maxResults=5&nextToken=a%2Bb", b"", ("AKIDA", "secret-a/+x"), None, NOW).check(&k).unwrap();
        assert_eq!((p.account_id.as_str(), p.region.as_str(), p.access_key.as_str()), ("111111111111", "us-east-1", "AKIDA"));
        let body = "{\"Username\":\"jdöe\"}".as_bytes();
        let p = signed("PUT", "/users/i-1", "", body, ("AKIDB", "secret-b"), Some("token/+="), NOW - 14 * 60).check(&k).unwrap();
        assert_eq!(p.account_id, "222222222222");
        // Tagging paths carry an encoded ARN; signed as sent, double-encoded in the canonical URI.
        signed("GET", "/tags/arn%3Aaws%3Aconnect%3Aus-east-1%3A1%3Ainstance%2Fx", "", b"", ("AKIDA", "secret-a/+x"), None, NOW + 14 * 60)
            .check(&k)
            .unwrap();
    }

    #[test]
    fn botocore_signatures_pass_the_strict_check() {
        let vectors: Vec<serde_json::Value> = serde_json::from_str(include_str!("../../sigv4/tests/data/botocore-vectors.json")).unwrap();
        for v in vectors {
            let s = |k: &str| v[k].as_str().unwrap().to_string();
            let file = format!("[k]\naws_access_key_id={}\naws_secret_access_key={}\naccount_id=333333333333\n", s("access_key"), s("secret_key"));
            let k = StrictKeys::parse(&file).unwrap().at(NOW);
            let mut headers = HeaderMap::new();
            headers.insert("host", s("host").parse().unwrap());
            for (name, value) in v["headers"].as_object().unwrap() {
                headers.insert(axum::http::HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()).unwrap(), value.as_str().unwrap().parse().unwrap());
            }
            headers.insert("x-amz-date", s("amz_date").parse().unwrap());
            if let Some(t) = v["session_token"].as_str() {
                headers.insert("x-amz-security-token", t.parse().unwrap());
            }
            headers.insert("authorization", s("authorization").parse().unwrap());
            let wire = Wire { method: Box::leak(s("method").into_boxed_str()), path: s("path"), query: s("query"), headers, body: s("body").into_bytes() };
            assert_eq!(wire.check(&k).unwrap().account_id, "333333333333", "{}", s("name"));
            let tampered = Wire { body: b"{\"tampered\": 1}".to_vec(), ..wire };
            assert_eq!(code(tampered.check(&k)), "InvalidSignatureException", "{}", s("name"));
        }
    }

    #[test]
    fn every_tampering_is_refused_with_aws_codes() {
        let k = keys();
        let key = ("AKIDA", "secret-a/+x");
        let good = || signed("POST", "/users/i-1/u-1/identity-info", "a=1", b"{\"IdentityInfo\":{}}", key, Some("tok"), NOW);
        good().check(&k).unwrap();
        let invalid = "InvalidSignatureException";
        // The body, a signed header, the path, the query, the method.
        assert_eq!(code(Wire { body: b"{\"IdentityInfo\":{ }}".to_vec(), ..good() }.check(&k)), invalid);
        assert_eq!(code(good().set("content-type", "text/plain").check(&k)), invalid);
        assert_eq!(code(good().set("x-amz-security-token", "other").check(&k)), invalid);
        assert_eq!(code(good().set("host", "evil.example").check(&k)), invalid);
        assert_eq!(code(Wire { path: "/users/i-1/u-2/identity-info".into(), ..good() }.check(&k)), invalid);
        assert_eq!(code(Wire { query: "a=2".into(), ..good() }.check(&k)), invalid);
        assert_eq!(code(Wire { query: "a=1&b=2".into(), ..good() }.check(&k)), invalid);
        assert_eq!(code(Wire { method: "PUT", ..good() }.check(&k)), invalid);
        // A signed header dropped, or the date changed (same day).
        let mut w = good();
        w.headers.remove("content-type");
        assert_eq!(code(w.check(&k)), invalid);
        assert_eq!(code(good().set("x-amz-date", &format_amz_date(NOW + 1)).check(&k)), invalid);
        // A payload hash header that is not the body's.
        assert_eq!(code(good().set("x-amz-content-sha256", &switchboard_sigv4::payload_hash(b"x")).check(&k)), invalid);
        let matching = good().set("x-amz-content-sha256", &switchboard_sigv4::payload_hash(b"{\"IdentityInfo\":{}}"));
        assert_eq!(code(matching.check(&k)), invalid, "an unsigned x-amz-content-sha256 is refused");
        // Wrong secret; unknown key.
        assert_eq!(code(signed("GET", "/instance", "", b"", ("AKIDA", "secret-b"), None, NOW).check(&k)), invalid);
        let e = signed("GET", "/instance", "", b"", ("AKIDX", "secret-a/+x"), None, NOW).check(&k).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("UnrecognizedClientException", "The security token included in the request is invalid."));
        // The clock.
        let e = signed("GET", "/instance", "", b"", key, None, NOW - 16 * 60).check(&k).unwrap_err();
        assert_eq!(e.code, invalid);
        assert_eq!(e.message, "Signature expired: 20261122T183001Z is now earlier than 20261122T183101Z (20261122T184601Z - 15 min.)");
        let e = signed("GET", "/instance", "", b"", key, None, NOW + 16 * 60).check(&k).unwrap_err();
        assert!(e.message.starts_with("Signature not yet current: 20261122T190201Z is still later than"), "{}", e.message);
        // The signature itself.
        let mut w = good();
        let auth = w.headers["authorization"].to_str().unwrap().to_string();
        let flipped = if auth.ends_with('0') { format!("{}1", &auth[..auth.len() - 1]) } else { format!("{}0", &auth[..auth.len() - 1]) };
        w = w.set("authorization", &flipped);
        let e = w.check(&k).unwrap_err();
        assert_eq!(e.code, invalid);
        assert!(e.message.starts_with("The request signature we calculated does not match the signature you provided."));
    }

    #[test]
    fn malformed_and_missing_parts_are_refused() {
        let k = keys();
        let key = ("AKIDA", "secret-a/+x");
        let good = || signed("GET", "/instance", "", b"", key, None, NOW);
        let mut w = good();
        w.headers.remove("authorization");
        assert_eq!(code(w.check(&k)), "MissingAuthenticationTokenException");
        let mut w = good();
        w.headers.remove("x-amz-date");
        let e = w.check(&k).unwrap_err();
        assert_eq!(e.code, "IncompleteSignatureException");
        assert!(e.message.contains("'X-Amz-Date'"), "{}", e.message);
        assert_eq!(code(good().set("authorization", "Basic dXNlcjpwYXNz").check(&k)), "IncompleteSignatureException");
        assert_eq!(code(good().set("x-amz-date", "yesterday").check(&k)), "IncompleteSignatureException");
        let auth = good().headers["authorization"].to_str().unwrap().to_string();
        let with = |from: &str, to: &str| good().set("authorization", &auth.replace(from, to));
        // Scope: service, region, terminator, date.
        let e = with("/connect/", "/s3/").check(&k).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("InvalidSignatureException", "Credential should be scoped to correct service: 'connect'. "));
        let e = with("/us-east-1/", "/moon-1/").check(&k).unwrap_err();
        assert_eq!((e.code, e.message.as_str()), ("InvalidSignatureException", "Credential should be scoped to a valid region, not 'moon-1'. "));
        assert_eq!(code(with("aws4_request", "aws5_request").check(&k)), "IncompleteSignatureException");
        let e = with("/20261122/", "/20261121/").check(&k).unwrap_err();
        assert_eq!(e.code, "InvalidSignatureException");
        assert!(e.message.starts_with("Date in Credential scope does not match"), "{}", e.message);
        // Host must be signed; so must x-amz-date and a session token when sent.
        let e = with("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date").check(&k).unwrap_err();
        assert_eq!(e.code, "IncompleteSignatureException");
        assert_eq!(code(with("SignedHeaders=host;x-amz-date", "SignedHeaders=host").check(&k)), "InvalidSignatureException");
        assert_eq!(code(good().set("x-amz-security-token", "unsigned").check(&k)), "InvalidSignatureException");
    }
}
