//! Signatures botocore produced for the same requests (tests/data/make-vectors.py): the
//! signer must reproduce each Authorization header byte for byte, and the verifier must
//! accept each one and refuse it once anything signed changes.
use serde_json::Value;
use switchboard_sigv4::{expected_signature, parse_authorization, payload_hash, sign, verify, Credentials, Request};

fn vectors() -> Vec<Value> {
    serde_json::from_str(include_str!("data/botocore-vectors.json")).unwrap()
}

fn headers(v: &Value) -> Vec<(String, String)> {
    let mut h = vec![("host".to_string(), v["host"].as_str().unwrap().to_string())];
    for (k, val) in v["headers"].as_object().unwrap() {
        h.push((k.clone(), val.as_str().unwrap().to_string()));
    }
    h
}

fn s<'a>(v: &'a Value, k: &str) -> &'a str {
    v[k].as_str().unwrap()
}

#[test]
fn signer_reproduces_botocore() {
    for v in vectors() {
        let hs = headers(&v);
        let req = Request { method: s(&v, "method"), path: s(&v, "path"), query: s(&v, "query"), headers: &hs };
        let creds = Credentials {
            access_key: s(&v, "access_key").into(),
            secret_key: s(&v, "secret_key").into(),
            session_token: v["session_token"].as_str().map(str::to_string),
        };
        let signed = sign(&req, s(&v, "body").as_bytes(), &creds, s(&v, "region"), s(&v, "service"), s(&v, "amz_date"));
        let auth = signed.headers.iter().find(|(k, _)| k == "Authorization").map(|(_, v)| v.as_str());
        assert_eq!(auth, Some(s(&v, "authorization")), "{}\n{}", s(&v, "name"), signed.canonical_request);
        let token = signed.headers.iter().find(|(k, _)| k == "X-Amz-Security-Token").map(|(_, v)| v.as_str());
        assert_eq!(token, v["session_token"].as_str(), "{}", s(&v, "name"));
    }
}

#[test]
fn verifier_accepts_botocore_and_refuses_tampering() {
    for v in vectors() {
        let mut hs = headers(&v);
        hs.push(("X-Amz-Date".into(), s(&v, "amz_date").into()));
        if let Some(t) = v["session_token"].as_str() {
            hs.push(("X-Amz-Security-Token".into(), t.into()));
        }
        let auth = parse_authorization(s(&v, "authorization")).unwrap();
        let req = Request { method: s(&v, "method"), path: s(&v, "path"), query: s(&v, "query"), headers: &hs };
        let hash = payload_hash(s(&v, "body").as_bytes());
        assert_eq!(expected_signature(&req, &auth, s(&v, "amz_date"), &hash, s(&v, "secret_key")), auth.signature);
        assert!(verify(&req, &auth, s(&v, "amz_date"), &hash, s(&v, "secret_key")), "{}", s(&v, "name"));
        assert!(!verify(&req, &auth, s(&v, "amz_date"), &hash, "wrong"), "{}", s(&v, "name"));
        assert!(!verify(&req, &auth, s(&v, "amz_date"), &payload_hash(b"tampered"), s(&v, "secret_key")));
        let other = Request { method: "PATCH", ..req };
        assert!(!verify(&other, &auth, s(&v, "amz_date"), &hash, s(&v, "secret_key")));
    }
}
