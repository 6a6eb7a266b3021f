//! Who is calling: the account and region a request acts in.
//!
//! The default, as LocalStack and moto do it, accepts any access key as long as the request
//! carries a SigV4 `Authorization` header, and puts every caller in one configured account.
//! Strict verification (known keys, full signature check) implements the same trait.
use crate::error::ApiError;
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
    pub body: &'a [u8],
}

pub trait Authenticator: Send + Sync {
    fn authenticate(&self, request: &RequestParts<'_>) -> Result<Principal, ApiError>;
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
    fn authenticate(&self, request: &RequestParts<'_>) -> Result<Principal, ApiError> {
        let auth = authorization(request)?;
        Ok(Principal { account_id: self.account_id.clone(), region: auth.region, access_key: auth.access_key })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_with(auth: Option<&str>) -> Result<Authorization, ApiError> {
        let header = |name: &str| if name == "authorization" { auth.map(str::to_string) } else { None };
        authorization(&RequestParts { method: "GET", path: "/", query: "", header: &header, body: b"" })
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
}
