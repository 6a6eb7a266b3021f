//! switchboard's client CLI: `switchboard <operation> [options]` for every operation of the
//! Connect service model, a drop-in for `aws connect <operation>`, and `switchboard
//! import-users` for bulk onboarding from a CSV file.
//!
//! Nothing here is written per operation: commands, options, value types, HTTP bindings and
//! pagination all come from the model (`switchboard-model`) at run time.
//!
//! ```text
//! args       the command line: global options anywhere, the command, its options
//! params     option words → the input object (shorthand, JSON, file://), botocore's checks
//! config     credentials, region, endpoint: flags, environment, ~/.aws/{config,credentials}
//! client     encode (model) → sign (sigv4) → send → output or AWS error; standard retries
//! paginate   automatic pagination, --max-items / --starting-token / --page-size
//! output     json / text / table, --query
//! help       help pages (docs: the model's documentation, html: rendered to text, syntax:
//!            shorthand and JSON syntax of an option)
//! import     import-users
//! ```
pub mod args;
pub mod client;
pub mod config;
pub mod docs;
pub mod error;
pub mod help;
pub mod html;
pub mod import;
pub mod names;
pub mod output;
pub mod paginate;
pub mod params;
pub mod ratelimit;
pub mod shorthand;
pub mod skeleton;
pub mod syntax;

use args::{CommandLine, Globals};
use client::Client;
use error::CliError;
use serde_json::{Map, Value};
use std::io::Write;
use switchboard_model::{model, Model, Operation, ShapeKind};

/// Runs the CLI on `args` (without the program name) and returns the exit status.
pub fn run(args: Vec<String>) -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("switchboard: cannot start: {e}");
            return 255;
        }
    };
    match runtime.block_on(run_async(args)) {
        Ok(()) => 0,
        Err(e) => {
            eprint!("{}", e.report());
            e.exit_code()
        }
    }
}

/// Prints to stdout; a closed pipe (`| head`) is not an error.
pub(crate) fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
}

async fn run_async(args: Vec<String>) -> Result<(), CliError> {
    let cl = args::parse(&args)?;
    if cl.globals.version {
        print(&format!("switchboard-cli/{} (Amazon Connect API {})\n", env!("CARGO_PKG_VERSION"), model().api_version));
        return Ok(());
    }
    let Some(command) = cl.command.clone() else {
        if cl.globals.help {
            print(&help::commands_page(help::width()));
            return Ok(());
        }
        return Err(CliError::usage("the following arguments are required: command"));
    };
    if command == "import-users" {
        if cl.globals.help {
            print(&import::help_page(help::width()));
            return Ok(());
        }
        return import::run(cl).await;
    }
    let m = model();
    // Only names equal but for dashes and case can match: compare those first, so that a
    // cold start does not transform all 370 operation names.
    let squashed = command.replace('-', "");
    let op = m
        .operations
        .values()
        .filter(|op| op.name.eq_ignore_ascii_case(&squashed))
        .find(|op| names::kebab(&op.name) == command)
        .ok_or_else(|| CliError::usage(format!("argument operation: Invalid choice: '{command}' (run `switchboard help` for the list of commands)")))?;
    if cl.globals.help {
        print(&help::operation_page(op, help::width()));
        return Ok(());
    }
    let skeleton = cl.globals.generate_cli_skeleton.clone();
    if skeleton.as_deref() == Some("input") {
        let v = op.input.as_deref().map(|s| skeleton::generate(m, s)).unwrap_or(Value::Object(Map::new()));
        print(&output::json(&v));
        return Ok(());
    }
    let input = build_input(m, op, &cl)?;
    if skeleton.as_deref() == Some("output") {
        let v = op.output.as_deref().map(|s| skeleton::generate(m, s)).unwrap_or(Value::Object(Map::new()));
        print(&output::json(&v));
        return Ok(());
    }
    let query = compile_query(&cl.globals)?;
    let settings = config::resolve(&config::Sources {
        profile: cl.globals.profile.as_deref(),
        region: cl.globals.region.as_deref(),
        endpoint_url: cl.globals.endpoint_url.as_deref(),
        env: &|k| std::env::var(k).ok(),
    })?;
    let output_format = output_format(&cl.globals, &settings)?;
    let client = Client::new(settings, cl.globals.debug)?;
    let paginator = switchboard_model::paginate::paginator(&op.name);
    let explicit_paging = paginator.is_some_and(|p| p.input_token.iter().chain(&p.limit_key).any(|k| input.contains_key(k)));
    let result = match paginator {
        Some(p) if !cl.globals.no_paginate && !explicit_paging => {
            let opts = paginate::Options {
                max_items: number(&cl.globals.max_items, "--max-items")?.map(|n| n.max(0) as usize),
                starting_token: cl.globals.starting_token.clone(),
                page_size: number(&cl.globals.page_size, "--page-size")?,
            };
            paginate::paginate(&client, op, input, p, &opts).await?
        }
        _ => client.call(op, &Value::Object(input)).await.map_err(|e| e.into_cli(&op.name))?,
    };
    let result = match &query {
        Some(q) => search(q, &result)?,
        None => result,
    };
    print(&match output_format.as_str() {
        "text" => output::text(&result),
        "table" => output::table(&op.name, &result),
        _ => output::json(&result),
    });
    Ok(())
}

fn number(v: &Option<String>, option: &str) -> Result<Option<i64>, CliError> {
    v.as_deref()
        .map(|s| s.trim().parse::<i64>().map_err(|_| CliError::param(format!("Error parsing parameter '{option}': expected an integer, received: '{s}'"))))
        .transpose()
}

/// `--output`, else `AWS_DEFAULT_OUTPUT`, else the profile's `output`, else json.
fn output_format(g: &Globals, settings: &config::Settings) -> Result<String, CliError> {
    let valid = |v: &String| ["json", "text", "table"].contains(&v.as_str());
    let chosen = g.output.clone().or_else(|| std::env::var("AWS_DEFAULT_OUTPUT").ok()).or_else(|| settings.output.clone()).unwrap_or_else(|| "json".into());
    if !valid(&chosen) {
        return Err(CliError::other(format!("Unknown output type: {chosen}")));
    }
    Ok(chosen)
}

fn compile_query(g: &Globals) -> Result<Option<jmespath::Expression<'static>>, CliError> {
    g.query
        .as_deref()
        .map(|q| jmespath::compile(q).map_err(|e| CliError::param(format!("Bad value for --query {q}: {e}"))))
        .transpose()
}

fn search(q: &jmespath::Expression<'static>, data: &Value) -> Result<Value, CliError> {
    let var = jmespath::Variable::from_json(&data.to_string()).map_err(|e| CliError::other(format!("--query: {e}")))?;
    let found = q.search(var).map_err(|e| CliError::param(format!("Bad value for --query {}: {e}", q.as_str())))?;
    serde_json::to_value(&*found).map_err(|e| CliError::other(format!("--query: {e}")))
}

/// The operation's input: `--cli-input-json`, overridden member by member by the options on
/// the command line; idempotency tokens filled in; checked as botocore checks it.
pub fn build_input(m: &Model, op: &Operation, cl: &CommandLine) -> Result<Map<String, Value>, CliError> {
    let Some(shape_name) = op.input.as_deref() else {
        if let Some((name, _)) = cl.options.first() {
            return Err(CliError::usage(format!("Unknown options: --{name}")));
        }
        return Ok(Map::new());
    };
    let shape = m.shape(shape_name);
    let base = match &cl.globals.cli_input_json {
        Some(raw) => {
            let text = params::resolve_file("--cli-input-json", raw)?;
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(map)) => map,
                Ok(_) => return Err(CliError::param("Error parsing parameter '--cli-input-json': the JSON must be an object")),
                Err(e) => return Err(CliError::param(format!("Error parsing parameter '--cli-input-json': Invalid JSON: {e}\nJSON received: {text}"))),
            }
        }
        None => Map::new(),
    };
    let mut given = Map::new();
    let mut unknown = Vec::new();
    for (name, words) in &cl.options {
        let member = shape.members().iter().find(|mm| names::kebab(&mm.name) == *name);
        let negated = name.strip_prefix("no-").and_then(|n| shape.members().iter().find(|mm| names::kebab(&mm.name) == n));
        match (member, negated) {
            (Some(mm), _) if matches!(m.shape(&mm.shape).kind, ShapeKind::Boolean) => {
                let v = match words.as_slice() {
                    [] => Value::Bool(true),
                    [w] => params::typed(m, m.shape(&mm.shape), Value::String(w.clone())),
                    [_, rest @ ..] => return Err(CliError::usage(format!("Unknown options: {}", rest.join(", ")))),
                };
                given.insert(mm.name.clone(), v);
            }
            (Some(mm), _) => {
                let v = params::parse_words(m, m.shape(&mm.shape), &format!("--{name}"), words)?;
                given.insert(mm.name.clone(), v);
            }
            (None, Some(mm)) if matches!(m.shape(&mm.shape).kind, ShapeKind::Boolean) && words.is_empty() => {
                given.insert(mm.name.clone(), Value::Bool(false));
            }
            _ => {
                unknown.push(format!("--{name}"));
                unknown.extend(words.iter().cloned());
            }
        }
    }
    if !cl.positionals.is_empty() {
        unknown.extend(cl.positionals.iter().cloned());
    }
    if !unknown.is_empty() {
        return Err(CliError::usage(format!("Unknown options: {}", unknown.join(", "))));
    }
    if let ShapeKind::Structure { required, .. } = &shape.kind {
        if cl.globals.cli_input_json.is_none() {
            // The AWS CLI makes required members required options unless --cli-input-json
            // may supply them (botocore's check below covers that case), except idempotency
            // tokens, which it fills in.
            let missing: Vec<String> = shape
                .members()
                .iter()
                .filter(|mm| required.contains(&mm.name) && !mm.idempotency_token && !given.contains_key(&mm.name))
                .map(|mm| format!("--{}", names::kebab(&mm.name)))
                .collect();
            if !missing.is_empty() {
                return Err(CliError::usage(format!("the following arguments are required: {}", missing.join(", "))));
            }
        }
    }
    let mut input = params::merge(base, given);
    for mm in shape.members().iter().filter(|mm| mm.idempotency_token) {
        input.entry(mm.name.clone()).or_insert_with(|| Value::String(uuid::Uuid::new_v4().to_string()));
    }
    let problems = params::validate(m, shape, &Value::Object(input.clone()));
    if !problems.is_empty() {
        return Err(CliError::param(format!("Parameter validation failed:\n{}", problems.join("\n"))));
    }
    Ok(input)
}
