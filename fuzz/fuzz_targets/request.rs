//! The server's request path short of the operations: route (method, raw path, query),
//! decode (labels, query, headers, JSON body) and validate against the model.
//!
//! Input, HTTP-like so that seeds are readable:
//!   `METHOD TARGET\n` then header lines `name: value\n`, an empty line, then the body.
//! Must never panic; an input that validates must decode to itself again (decoding is a
//! function of the request, not of chance).
#![no_main]
use libfuzzer_sys::fuzz_target;
use switchboard_model::{model, route::parse_query};

fuzz_target!(|data: &[u8]| {
    let (head, body) = match data.windows(2).position(|w| w == b"\n\n") {
        Some(i) => (&data[..i], &data[i + 2..]),
        None => (data, &b""[..]),
    };
    let head = String::from_utf8_lossy(head);
    let mut lines = head.split('\n');
    let request_line = lines.next().unwrap_or("");
    let (method, target) = request_line.split_once(' ').unwrap_or((request_line, "/"));
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let query = parse_query(query);
    let m = model();
    let Some(routed) = m.route(method, path, &query) else { return };
    let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let Ok(input) = m.decode_input(routed.operation, &routed.labels, &query, &header, body) else { return };
    if let Some(shape) = &routed.operation.input {
        let violations = m.validate(shape, &input);
        // the message renders every violation (sensitive ones redacted)
        let _ = switchboard_model::validate::message(&violations);
    }
    let again = m.decode_input(routed.operation, &routed.labels, &query, &header, body).expect("decoded once, decodes again");
    assert_eq!(input, again);
});
