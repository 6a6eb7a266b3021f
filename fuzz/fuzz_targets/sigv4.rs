//! SigV4: the `Authorization` header parser on arbitrary text, and the signer and verifier
//! on arbitrary requests (what one signs, the other must accept; a changed body must not).
//!
//! Input: fields separated by `\n`: authorization header, method, path, query, amz date,
//! region, secret, then `name: value` header lines; what follows an empty line is the body.
#![no_main]
use libfuzzer_sys::fuzz_target;
use switchboard_sigv4::{parse_authorization, payload_hash, sign, verify, Credentials, Request};

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &b""[..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut fields = head.split('\n');
    let mut next = || fields.next().unwrap_or("").to_string();
    let (header, method, path, query, amz_date, region, secret) = (next(), next(), next(), next(), next(), next(), next());
    let mut headers: Vec<(String, String)> = fields
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.to_string()))
        // what HTTP can carry: a token for the name, no control characters in the value
        .filter(|(k, v)| {
            !k.is_empty()
                && k.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
                && !v.chars().any(|c| c.is_control() && c != '\t')
        })
        .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization") && !k.to_ascii_lowercase().starts_with("x-amz-"))
        .collect();
    headers.push(("Host".into(), "localhost".into()));

    // 1. The parser on arbitrary text: Ok or Err, and what it reads is what was there.
    if let Ok(auth) = parse_authorization(&header) {
        assert!(header.contains(&auth.scope()), "{header:?} {auth:?}");
        assert_eq!(auth.date.len(), 8);
    }

    // 2. Sign, parse the header the signer wrote, verify: must hold for any request.
    let credentials = Credentials { access_key: "AKIDFUZZ".into(), secret_key: secret.clone(), session_token: None };
    let request = Request { method: &method, path: &path, query: &query, headers: &headers };
    if region.is_empty() || region.contains(['/', ',', ' ']) || amz_date.len() < 8 || !amz_date.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        // not a scope a client could send: the signer is only asked to be total
        let _ = sign(&request, body, &credentials, &region, "connect", &amz_date);
        return;
    }
    let signed = sign(&request, body, &credentials, &region, "connect", &amz_date);
    let authorization = &signed.headers.iter().find(|(k, _)| k == "Authorization").expect("signed").1;
    let auth = parse_authorization(authorization).unwrap_or_else(|e| panic!("{authorization:?}: {e}"));
    let mut all = headers.clone();
    all.extend(signed.headers.iter().filter(|(k, _)| k != "Authorization").cloned());
    let received = Request { headers: &all, ..request };
    assert!(verify(&received, &auth, &amz_date, &payload_hash(body), &secret), "{authorization}");
    let mut tampered = body.to_vec();
    tampered.push(b'!');
    assert!(!verify(&received, &auth, &amz_date, &payload_hash(&tampered), &secret));
});
