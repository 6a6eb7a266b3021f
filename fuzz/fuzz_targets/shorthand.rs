//! The CLI's value parsing: the AWS CLI shorthand parser on arbitrary text, and the whole
//! option-value path (shorthand, JSON or a scalar, typed by the member's shape) for a member
//! chosen by the first byte among every input member of the model.
#![no_main]
use libfuzzer_sys::fuzz_target;
use switchboard_cli::{params, shorthand};
use switchboard_model::model;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let _ = shorthand::parse(text);

    let m = model();
    let members: Vec<&switchboard_model::Member> =
        m.operations.values().filter_map(|op| op.input.as_deref()).flat_map(|s| m.shape(s).members().iter()).collect();
    let member = members[pick as usize % members.len()];
    let shape = m.shape(&member.shape);
    // words are separated by NUL; `file://` words would read files
    let words: Vec<String> = text.split('\0').map(str::to_string).collect();
    if words.iter().any(|w| w.starts_with("file") || w.starts_with("fileb")) {
        return;
    }
    if let Ok(value) = params::parse_words(m, shape, "--fuzz", &words) {
        let _ = params::validate(m, shape, &value);
    }
});
