//! AWS Signature Version 4: the `Authorization` header's parts. Verification of the
//! signature itself plugs in through [`crate::auth::Authenticator`].
use crate::error::ApiError;

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

fn incomplete(detail: &str) -> ApiError {
    ApiError::new("IncompleteSignatureException", format!("Authorization header requires {detail}"))
}

/// Parses `AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/connect/aws4_request,
/// SignedHeaders=content-type;host;x-amz-date, Signature=…`.
pub fn parse_authorization(header: &str) -> Result<Authorization, ApiError> {
    let rest = header
        .trim()
        .strip_prefix("AWS4-HMAC-SHA256")
        .ok_or_else(|| ApiError::new("IncompleteSignatureException", "Unsupported authorization scheme: only AWS4-HMAC-SHA256 is accepted"))?;
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
    let credential = credential.ok_or_else(|| incomplete("'Credential' parameter"))?;
    let signed = signed.ok_or_else(|| incomplete("'SignedHeaders' parameter"))?;
    let signature = signature.ok_or_else(|| incomplete("'Signature' parameter"))?;
    let scope: Vec<&str> = credential.split('/').collect();
    let [access_key, date, region, service, terminator] = scope.as_slice() else {
        return Err(incomplete("a Credential of the form AKID/YYYYMMDD/region/service/aws4_request"));
    };
    if access_key.is_empty() || region.is_empty() || *terminator != "aws4_request" || date.len() != 8 || !date.bytes().all(|b| b.is_ascii_digit()) {
        return Err(incomplete("a Credential of the form AKID/YYYYMMDD/region/service/aws4_request"));
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
    }

    #[test]
    fn rejects_malformed_headers() {
        for bad in [
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/2026/us-east-1/connect/aws4_request, SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/connect, SignedHeaders=host, Signature=x",
        ] {
            assert_eq!(parse_authorization(bad).unwrap_err().status, 403, "{bad}");
        }
    }
}
