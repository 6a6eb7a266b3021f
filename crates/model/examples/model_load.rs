//! What loading the service model costs a process, for BENCHMARKS.md ("CLI"):
//!   cargo build --release -p switchboard-model --example model_load
//!   hyperfine -N "$CARGO_TARGET_DIR/release/examples/model_load json" "$CARGO_TARGET_DIR/release/examples/model_load built"
//! `json` parses the checked-in JSON (what every process did before build.rs did it once);
//! `built` loads the form build.rs wrote, as `switchboard_model::model()` does.
use switchboard_model::{model, Model, MODEL_JSON};

fn main() {
    let how = std::env::args().nth(1).unwrap_or_default();
    let start = std::time::Instant::now();
    let shapes = match how.as_str() {
        "json" => Model::parse(MODEL_JSON).expect("the model parses").shapes.len(),
        "built" => model().shapes.len(),
        _ => panic!("usage: model_load json|built"),
    };
    println!("{how}: {shapes} shapes in {:.2} ms", start.elapsed().as_secs_f64() * 1000.0);
}
