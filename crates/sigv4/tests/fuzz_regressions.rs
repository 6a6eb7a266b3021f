//! Inputs the fuzzer (fuzz/fuzz_targets/sigv4.rs) found, kept as regression tests.
use switchboard_sigv4::{parse_authorization, sign, Credentials, Request};

fn credentials() -> Credentials {
    Credentials { access_key: "AKID".into(), secret_key: "secret".into(), session_token: None }
}

/// The signer took the scope date as the first 8 *bytes* of `x-amz-date`: a multi-byte
/// character across byte 8 panicked. It is total now; a malformed date just signs a
/// request no server accepts.
#[test]
fn a_non_ascii_amz_date_does_not_panic() {
    let headers = vec![("Host".to_string(), "localhost".to_string())];
    let request = Request { method: "GET", path: "/", query: "", headers: &headers };
    for date in ["\u{f9}\u{c2}o", "2026112\u{e9}T000000Z", "", "2026", "\u{1F600}\u{1F600}\u{1F600}"] {
        let signed = sign(&request, b"", &credentials(), "us-east-1", "connect", date);
        assert!(signed.headers.iter().any(|(k, _)| k == "Authorization"), "{date:?}");
    }
    // a well-formed date still gives a header the parser reads back
    let signed = sign(&request, b"", &credentials(), "us-east-1", "connect", "20261122T184601Z");
    let auth = &signed.headers.iter().find(|(k, _)| k == "Authorization").unwrap().1;
    assert_eq!(parse_authorization(auth).unwrap().date, "20261122");
}
