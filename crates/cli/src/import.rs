//! `switchboard import-users --instance-id ID FILE.csv [--rate N] [--report FILE]
//! [--concurrency N]`: bulk onboarding from a spreadsheet.
//!
//! The rules (columns, rows → CreateUser inputs, checks, follow-ups, report, summary) are
//! [`switchboard_import`]'s, shared with the console's Import page; this is the CLI's side:
//!
//! 1. Read the CSV's header; columns are matched by name, case-insensitively, in any order.
//! 2. Resolve names to ids once (security profiles, routing profiles, hierarchy groups,
//!    agent statuses, and the predefined attributes with their values) and list the users
//!    already there (page by page, keeping a 16-byte key per user).
//! 3. A first streaming pass turns every row into a CreateUser input and validates it against
//!    the model (the same validator the server runs) *before anything is sent*; problems are
//!    reported with their row numbers (the file's line numbers) and nothing is created.
//! 4. A second streaming pass creates the users concurrently under the adaptive rate limiter
//!    ([`crate::ratelimit`]); users that exist already are skipped (so a re-run is safe);
//!    failures go to a report CSV with the error; a progress bar shows on a terminal; a
//!    summary line ends the run. Memory stays bounded by the rows in flight.
use crate::args::CommandLine;
use crate::client::{CallError, Client};
use crate::error::CliError;
use crate::ratelimit::RateLimiter;
use crate::{config, paginate};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use switchboard_import::{Existing, Names, Rows, COLUMNS, USERS_LISTING};
use switchboard_model::model;

pub const USAGE: &str = "switchboard import-users --instance-id ID FILE.csv [--rate N] [--report FILE] [--concurrency N]";

/// CreateUser requests in flight at once, unless --concurrency says otherwise.
const DEFAULT_CONCURRENCY: usize = 16;

/// `switchboard import-users help`: usage, options, the CSV columns, the report, the outcome.
pub fn help_page(width: usize) -> String {
    use crate::help::{global_options, Page, BODY};
    let mut page = Page::new(width);
    page.heading("NAME");
    page.line(BODY, "import-users");
    page.heading("DESCRIPTION");
    page.html(
        BODY,
        "<p>Creates the users listed in a CSV file in an Amazon Connect instance: bulk onboarding from a spreadsheet. It is safe to run again: users that already exist are skipped.</p>\
         <ol><li>The file is read; its first line names the columns (see CSV COLUMNS).</li>\
         <li>Profile and group names are resolved to ids once, and the instance's users are listed.</li>\
         <li>Every row becomes a CreateUser request and is checked against the service model, the same checks the service makes, before anything is sent. If any row is invalid, each problem is shown with its row number (the row's line in the file), the invalid rows go to the report file, and no user is created.</li>\
         <li>The users are created concurrently, at full speed until the service throttles, then at the rate it accepts (the AWS SDKs' adaptive rate limiting); <code>--rate</code> caps it. Users that exist already are skipped. A progress bar shows on a terminal.</li></ol>",
    );
    page.heading("SYNOPSIS");
    page.line(BODY, "import-users");
    for l in ["--instance-id <value>", "<FILE.csv>", "[--rate <value>]", "[--report <value>]", "[--concurrency <value>]", "[--endpoint-url <value>]", "[--region <value>]", "[--profile <value>]", "[--debug]"] {
        page.line(BODY + 2, l);
    }
    page.heading("OPTIONS");
    let default_concurrency = format!("<p>How many CreateUser requests may be in flight at once. Default: {DEFAULT_CONCURRENCY}.</p>");
    for (name, about) in [
        ("--instance-id (string) [required]", "<p>The identifier of the Amazon Connect instance to create the users in.</p>"),
        ("FILE.csv (path) [required]", "<p>The CSV file (UTF-8, comma-separated, a header line first; cells may be quoted and span lines).</p>"),
        ("--rate (double)", "<p>At most this many CreateUser requests per second. Without it, requests go as fast as the service accepts them.</p>"),
        ("--report (path)", "<p>Where the rows that failed are written. Default: the input file's name with <code>.failed.csv</code> instead of <code>.csv</code>, beside it (<code>agents.csv</code> → <code>agents.failed.csv</code>).</p>"),
        ("--concurrency (integer)", default_concurrency.as_str()),
    ] {
        page.line(BODY, name);
        page.html(BODY + 3, about);
    }
    page.heading("CSV COLUMNS");
    page.html(
        BODY,
        "<p>Columns are matched by name, in any order and case; a column not listed here is an error, and so is a missing required one. An empty cell is the same as no value. Names of profiles and groups are those of the instance; an id is accepted too.</p>",
    );
    for c in COLUMNS {
        page.line(BODY, &format!("{}{}", c.name, if c.required { " [required]" } else { "" }));
        page.html(BODY + 3, &format!("<p>{}</p>", c.meaning));
        page.line(BODY + 3, &format!("Format: {}", c.format));
        page.line(BODY + 3, &format!("Example: {}", c.example));
        page.blank();
    }
    page.heading("REPORT FILE");
    page.html(
        BODY,
        "<p>A CSV file with the rows that were not imported: a <code>row</code> column (the row's line in the input file), the input's own columns as they were given (<code>password</code> left empty), and an <code>error</code> column saying what went wrong. It is written when rows are invalid (then nothing was sent) or when creating them failed; a run where every row was created or skipped writes none. Fix the rows and run the import again with the same file: the users created already are skipped.</p>",
    );
    global_options(&mut page, &["--debug", "--endpoint-url", "--profile", "--region"]);
    page.heading("OUTPUT");
    page.html(
        BODY,
        "<p>A summary line on standard output, <code>created N, skipped N, failed N</code>; each failed row is also shown on standard error with its row number and error.</p>\
         <p>Exit status: 0 when every row was created or skipped; 252 for a usage error or invalid rows (nothing was created); 254 when some rows failed (they are in the report); 255 for anything else, such as an unreachable endpoint.</p>",
    );
    page.heading("EXAMPLES");
    page.html(BODY, "<p>agents.csv:</p>");
    page.verbatim(
        BODY + 3,
        "username,password,first_name,last_name,email,routing_profile,security_profiles,auto_accept,acw_timeout,tags\n\
         jdoe,Passw0rd!,John,Doe,jdoe@example.com,Basic Routing Profile,Agent,true,30,team=blue\n\
         mmajor,Passw0rd!,Mary,Major,mmajor@example.com,Basic Routing Profile,Agent|CallCenterManager,false,0,team=red|site=sfo",
    );
    page.verbatim(BODY + 3, "switchboard import-users --instance-id $iid agents.csv --rate 2 --report failed.csv");
    page.finish()
}

/// Attempts per row when the service throttles (the limiter slows down between them).
const THROTTLE_ATTEMPTS: u32 = 10;

#[derive(Debug)]
struct Options {
    instance_id: String,
    file: PathBuf,
    rate: Option<f64>,
    report: Option<PathBuf>,
    concurrency: usize,
}

fn options(cl: &CommandLine) -> Result<Options, CliError> {
    let mut instance_id = None;
    let mut rate = None;
    let mut report = None;
    let mut concurrency = DEFAULT_CONCURRENCY;
    let mut positionals = cl.positionals.clone();
    for (name, words) in &cl.options {
        let (value, extra) = match words.split_first() {
            Some((v, rest)) => (v.clone(), rest.to_vec()),
            None => return Err(CliError::usage(format!("argument --{name}: expected one argument"))),
        };
        positionals.extend(extra);
        match name.as_str() {
            "instance-id" => instance_id = Some(value),
            "rate" => rate = Some(value.parse::<f64>().ok().filter(|r| *r > 0.0).ok_or_else(|| CliError::param(format!("--rate must be a positive number of requests per second, not '{value}'")))?),
            "report" => report = Some(PathBuf::from(value)),
            "concurrency" => concurrency = value.parse::<usize>().ok().filter(|c| *c > 0).ok_or_else(|| CliError::param(format!("--concurrency must be a positive integer, not '{value}'")))?,
            other => return Err(CliError::usage(format!("Unknown options: --{other}"))),
        }
    }
    let instance_id = instance_id.ok_or_else(|| CliError::usage(format!("the following arguments are required: --instance-id\n  {USAGE}")))?;
    let file = match positionals.as_slice() {
        [f] => PathBuf::from(f),
        [] => return Err(CliError::usage(format!("the following arguments are required: FILE.csv\n  {USAGE}"))),
        [_, rest @ ..] => return Err(CliError::usage(format!("Unknown options: {}", rest.join(", ")))),
    };
    Ok(Options { instance_id, file, rate, report, concurrency })
}

async fn list_all(client: &Client, op: &str, list_key: &str, input: Value) -> Result<Vec<Value>, CliError> {
    let m = model();
    let operation = m.operation(op).expect("the model has the list operations");
    let p = switchboard_model::paginate::paginator(op).expect("list operations paginate");
    let opts = paginate::Options { max_items: None, starting_token: None, page_size: None };
    let out = paginate::paginate(client, operation, input.as_object().cloned().unwrap_or_default(), p, &opts).await?;
    Ok(out.get(list_key).and_then(Value::as_array).cloned().unwrap_or_default())
}

/// The usernames already in the instance, page by page (only their keys are kept).
async fn existing_users(client: &Client, instance_id: &str) -> Result<Existing, CliError> {
    let op = model().operation(USERS_LISTING.operation).expect("the model has ListUsers");
    let mut existing = Existing::default();
    let mut input = json!({"InstanceId": instance_id, "MaxResults": 1000});
    loop {
        let page = client.call(op, &input).await.map_err(|e| e.into_cli(&op.name))?;
        existing.add_summaries(page.get(USERS_LISTING.key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default());
        match page.get("NextToken").and_then(Value::as_str) {
            Some(t) => input["NextToken"] = t.into(),
            None => break,
        }
    }
    existing.seal();
    Ok(existing)
}

pub async fn run(cl: CommandLine) -> Result<(), CliError> {
    let opts = options(&cl)?;
    let headers = Rows::open(&opts.file).map_err(CliError::param)?.headers().to_vec();
    switchboard_import::check_header(&headers).map_err(|e| CliError::param(format!("{}: {e}", opts.file.display())))?;
    let settings = config::resolve(&config::Sources {
        profile: cl.globals.profile.as_deref(),
        region: cl.globals.region.as_deref(),
        endpoint_url: cl.globals.endpoint_url.as_deref(),
        env: &|k| std::env::var(k).ok(),
    })?;
    let client = Arc::new(Client::new(settings, cl.globals.debug)?);
    let instance = json!({"InstanceId": opts.instance_id});

    // Names are resolved once, before any row is looked at.
    let mut listings = HashMap::new();
    for l in Names::listings(&headers) {
        listings.insert(l.operation, list_all(&client, l.operation, l.key, instance.clone()).await?);
    }
    let names = Arc::new(Names::from_listings(&listings));
    drop(listings);
    let existing = Arc::new(existing_users(&client, &opts.instance_id).await?);
    let report = opts.report.clone().unwrap_or_else(|| default_report(&opts.file));

    // Every row is checked before anything is sent.
    let checked = switchboard_import::validate(&opts.file, &opts.instance_id, &names, &existing).map_err(CliError::param)?;
    if !checked.invalid.is_empty() {
        let mut msg = format!("{}: {} row(s) are invalid; nothing was sent:\n", opts.file.display(), checked.invalid.len());
        for (line, e) in &checked.invalid {
            msg.push_str(&format!("  row {line}: {e}\n"));
        }
        write_report(&report, &opts.file, &checked.invalid)?;
        msg.push_str(&format!("The invalid rows are in {}", report.display()));
        return Err(CliError::param(msg));
    }

    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = ProgressBar::new(checked.rows);
        b.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} users  {per_sec}  eta {eta}  {msg}").expect("a valid template"));
        b
    } else {
        ProgressBar::hidden()
    };
    let limiter = Arc::new(RateLimiter::new(opts.rate));
    let calls = {
        let (client, limiter) = (client.clone(), limiter.clone());
        move |operation: &'static str, input: Value| {
            let (client, limiter) = (client.clone(), limiter.clone());
            async move { call(&client, &limiter, operation, input).await.map_err(to_import_error) }
        }
    };
    let progress = {
        let (bar, limiter) = (bar.clone(), limiter.clone());
        move |_line: u64, _outcome: &switchboard_import::Outcome| {
            if let Some(rate) = limiter.rate() {
                bar.set_message(format!("throttled: pacing at {rate:.1}/s"));
            }
            bar.inc(1);
        }
    };
    let summary = switchboard_import::send(opts.file.clone(), opts.instance_id.clone(), names, existing, Arc::new(BTreeMap::new()), opts.concurrency, calls, progress)
        .await
        .map_err(CliError::param)?;
    bar.finish_and_clear();

    crate::print(&format!("{summary}\n"));
    if summary.failed.is_empty() {
        return Ok(());
    }
    for (line, e) in &summary.failed {
        eprintln!("row {line}: {e}");
    }
    write_report(&report, &opts.file, &summary.failed)?;
    Err(CliError::Service {
        operation: "CreateUser".into(),
        code: "ImportIncomplete".into(),
        message: format!("{} row(s) failed; they are in {}", summary.failed.len(), report.display()),
    })
}

fn default_report(file: &Path) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("import");
    file.with_file_name(format!("{stem}.failed.csv"))
}

/// The report of the rows in `problems` (see [`switchboard_import::write_report`]).
fn write_report(path: &Path, input: &Path, problems: &BTreeMap<u64, String>) -> Result<(), CliError> {
    let out = std::fs::File::create(path).map_err(|e| e.to_string());
    out.and_then(|f| switchboard_import::write_report(std::io::BufWriter::new(f), input, problems))
        .map_err(|e| CliError::other(format!("writing the report {}: {e}", path.display())))
}

fn to_import_error(e: CallError) -> switchboard_import::CallError {
    match e {
        CallError::Service { code, message, .. } => switchboard_import::CallError { code: Some(code), message },
        CallError::Transport(m) => switchboard_import::CallError { code: None, message: m },
    }
}

/// One call under the limiter: throttles slow the limiter down and are retried, server
/// errors and transport failures are retried with back-off.
async fn call(client: &Client, limiter: &RateLimiter, operation: &str, input: Value) -> Result<Value, CallError> {
    let op = model().operation(operation).expect("the model has the import's operations");
    let mut other_failures = 0;
    let mut attempt = 0;
    loop {
        attempt += 1;
        limiter.acquire().await;
        let result = client.attempt(op, &input).await;
        let throttled = result.as_ref().err().is_some_and(CallError::is_throttle);
        limiter.update(throttled);
        match result {
            Ok(out) => return Ok(out),
            Err(e) if throttled => {
                if attempt == THROTTLE_ATTEMPTS {
                    return Err(e);
                }
            }
            Err(e @ CallError::Service { status: 500..=599, .. }) | Err(e @ CallError::Transport(_)) => {
                other_failures += 1;
                if other_failures >= client.settings.max_attempts {
                    return Err(e);
                }
                let cap = 2f64.powi(other_failures as i32 - 1).min(20.0);
                tokio::time::sleep(Duration::from_secs_f64(cap * rand::random::<f64>())).await;
            }
            Err(e) => return Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_documents_every_column_and_option() {
        let page = help_page(80);
        for c in COLUMNS {
            let marker = if c.required { " [required]" } else { "" };
            assert!(page.contains(&format!("\n       {}{marker}\n", c.name)), "{}", c.name);
            assert!(page.contains(&format!("          Example: {}\n", c.example)), "{}", c.example);
        }
        for option in ["--instance-id (string) [required]", "FILE.csv (path) [required]", "--rate", "--report", "--concurrency"] {
            assert!(page.contains(&format!("\n       {option}")), "{option}");
        }
        for section in ["NAME", "DESCRIPTION", "SYNOPSIS", "OPTIONS", "CSV COLUMNS", "REPORT FILE", "GLOBAL OPTIONS", "OUTPUT", "EXAMPLES"] {
            assert!(page.contains(&format!("\n{section}\n")) || page.starts_with(&format!("{section}\n")), "{section}");
        }
        let prose = &page[..page.find("\nEXAMPLES\n").unwrap()];
        assert!(prose.lines().all(|l| l.chars().count() <= 80), "{prose}");
    }
}
