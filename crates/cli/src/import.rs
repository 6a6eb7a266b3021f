//! `switchboard import-users --instance-id ID FILE.csv [--rate N] [--report FILE]
//! [--concurrency N]`: bulk onboarding from a spreadsheet.
//!
//! 1. Read the CSV; columns are matched by name, case-insensitively, in any order.
//! 2. Resolve names to ids once (security profiles, routing profiles, hierarchy groups,
//!    agent statuses, and the predefined attributes with their values) and list the users
//!    already there.
//! 3. Turn every row into a CreateUser input and validate it against the model (the same
//!    validator the server runs) *before anything is sent*; problems are reported with their
//!    row numbers (the file's line numbers) and nothing is created. A row's proficiencies and
//!    agent status are checked as the server would check them, at the same time.
//! 4. Create the users concurrently under the adaptive rate limiter ([`crate::ratelimit`]);
//!    users that exist already are skipped (so a re-run is safe); failures go to a report
//!    CSV with the error; a progress bar shows on a terminal; a summary line ends the run.
//!    A created user then gets its proficiencies (AssociateUserProficiencies) and its agent
//!    status (PutUserStatus); a user skipped because it exists is left as it is.
use crate::args::CommandLine;
use crate::client::{CallError, Client};
use crate::error::CliError;
use crate::ratelimit::RateLimiter;
use crate::{config, paginate};
use indicatif::{ProgressBar, ProgressStyle};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_model::model;

/// One column of the CSV, as `switchboard import-users help` documents it.
pub struct Column {
    pub name: &'static str,
    /// What the cell becomes (HTML, for help).
    pub meaning: &'static str,
    pub format: &'static str,
    pub required: bool,
    pub example: &'static str,
}

/// The columns an import file may have; a header naming any other is refused.
pub const COLUMNS: &[Column] = &[
    Column { name: "username", meaning: "The user's name in Amazon Connect (CreateUser <code>Username</code>). A user of that name already in the instance is skipped.", format: "text, unique in the file", required: true, example: "jdoe" },
    Column { name: "password", meaning: "The user's password (<code>Password</code>): needed when Amazon Connect manages the instance's identities, refused with SAML or a directory. Never written to the report.", format: "text", required: false, example: "Passw0rd!" },
    Column { name: "first_name", meaning: "<code>IdentityInfo.FirstName</code>; Amazon Connect requires it with Connect-managed or SAML identities.", format: "text", required: false, example: "John" },
    Column { name: "last_name", meaning: "<code>IdentityInfo.LastName</code>; Amazon Connect requires it with Connect-managed or SAML identities.", format: "text", required: false, example: "Doe" },
    Column { name: "email", meaning: "<code>IdentityInfo.Email</code>.", format: "email address", required: false, example: "jdoe@example.com" },
    Column { name: "secondary_email", meaning: "<code>IdentityInfo.SecondaryEmail</code>: where notifications other than password resets go.", format: "email address", required: false, example: "john@example.org" },
    Column { name: "mobile", meaning: "<code>IdentityInfo.Mobile</code>.", format: "phone number in E.164 format", required: false, example: "+15555550100" },
    Column { name: "routing_profile", meaning: "The user's routing profile (<code>RoutingProfileId</code>).", format: "the routing profile's name or id", required: true, example: "Basic Routing Profile" },
    Column { name: "security_profiles", meaning: "The user's security profiles (<code>SecurityProfileIds</code>).", format: "one or more names or ids, separated by |", required: true, example: "Agent|CallCenterManager" },
    Column { name: "phone_type", meaning: "<code>PhoneConfig.PhoneType</code>. When any of the four phone columns has a value, a <code>PhoneConfig</code> is sent and its phone type is SOFT_PHONE unless this says otherwise.", format: "SOFT_PHONE or DESK_PHONE (any case)", required: false, example: "DESK_PHONE" },
    Column { name: "desk_phone_number", meaning: "<code>PhoneConfig.DeskPhoneNumber</code>; Amazon Connect requires it for DESK_PHONE.", format: "phone number in E.164 format", required: false, example: "+15555550101" },
    Column { name: "auto_accept", meaning: "<code>PhoneConfig.AutoAccept</code>: whether contacts are accepted automatically.", format: "true/false, yes/no, y/n or 1/0", required: false, example: "true" },
    Column { name: "acw_timeout", meaning: "<code>PhoneConfig.AfterContactWorkTimeLimit</code>: after contact work time, 0 for no limit.", format: "whole number of seconds", required: false, example: "30" },
    Column { name: "hierarchy_group", meaning: "The user's hierarchy group (<code>HierarchyGroupId</code>).", format: "the group's name or id", required: false, example: "Floor 2" },
    Column { name: "tags", meaning: "The user's tags (<code>Tags</code>).", format: "key=value pairs, separated by |", required: false, example: "team=blue|site=sfo" },
    Column { name: "proficiencies", meaning: "The user's proficiencies, set after it is created (AssociateUserProficiencies): each names a predefined attribute of the instance, one of its values and a level from 1 to 5.", format: "attribute:value:level triples, separated by |", required: false, example: "Language:English:4|Language:Spanish:2" },
    Column { name: "agent_status", meaning: "The agent status the user is put in after it is created (PutUserStatus); it must be enabled.", format: "the status's name or id", required: false, example: "Offline" },
];

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

/// One data row: its line in the file, its cells by column name, and its CreateUser input.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    cells: BTreeMap<String, String>,
    input: Map<String, Value>,
    then: Followups,
}

/// What a row asks for once its user is created: AssociateUserProficiencies'
/// UserProficiencies, and the id of the agent status to put the user in.
#[derive(Debug, Clone, Default, PartialEq)]
struct Followups {
    proficiencies: Vec<Value>,
    agent_status: Option<String>,
}

/// Name → id for the instance's resources.
struct Names {
    security_profiles: HashMap<String, String>,
    routing_profiles: HashMap<String, String>,
    hierarchy_groups: HashMap<String, String>,
    /// Predefined attribute name → its values.
    attributes: HashMap<String, Vec<String>>,
    /// Agent status name → (id, enabled).
    agent_statuses: HashMap<String, (String, bool)>,
}

/// A name resolves to its id; an id is accepted as it is.
fn resolve(map: &HashMap<String, String>, value: &str) -> Option<String> {
    map.get(value).cloned().or_else(|| map.values().any(|id| id == value).then(|| value.to_string()))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" | "y" => Some(true),
        "false" | "no" | "0" | "n" => Some(false),
        _ => None,
    }
}

/// A row's cells → CreateUser input, or every problem found with it.
fn row_input(instance_id: &str, cells: &BTreeMap<String, String>, names: &Names) -> Result<Map<String, Value>, Vec<String>> {
    let mut problems = Vec::new();
    let cell = |k: &str| cells.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut input = Map::new();
    input.insert("InstanceId".into(), json!(instance_id));
    match cell("username") {
        Some(u) => {
            input.insert("Username".into(), json!(u));
        }
        None => problems.push("username is empty".to_string()),
    }
    if let Some(p) = cells.get("password").filter(|p| !p.is_empty()) {
        input.insert("Password".into(), json!(p));
    }
    let mut identity = Map::new();
    for (col, member) in [("first_name", "FirstName"), ("last_name", "LastName"), ("email", "Email"), ("secondary_email", "SecondaryEmail"), ("mobile", "Mobile")] {
        if let Some(v) = cell(col) {
            identity.insert(member.into(), json!(v));
        }
    }
    if !identity.is_empty() {
        input.insert("IdentityInfo".into(), Value::Object(identity));
    }
    match cell("routing_profile") {
        Some(name) => match resolve(&names.routing_profiles, name) {
            Some(id) => {
                input.insert("RoutingProfileId".into(), json!(id));
            }
            None => problems.push(format!("routing profile '{name}' does not exist in the instance")),
        },
        None => problems.push("routing_profile is empty".into()),
    }
    let sps: Vec<&str> = cell("security_profiles").map(|s| s.split('|').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_default();
    if sps.is_empty() {
        problems.push("security_profiles is empty".into());
    }
    let mut sp_ids = Vec::new();
    for name in sps {
        match resolve(&names.security_profiles, name) {
            Some(id) => sp_ids.push(json!(id)),
            None => problems.push(format!("security profile '{name}' does not exist in the instance")),
        }
    }
    if !sp_ids.is_empty() {
        input.insert("SecurityProfileIds".into(), Value::Array(sp_ids));
    }
    let phone_cols = ["phone_type", "desk_phone_number", "auto_accept", "acw_timeout"];
    if phone_cols.iter().any(|c| cell(c).is_some()) {
        let mut phone = Map::new();
        phone.insert("PhoneType".into(), json!(cell("phone_type").map(str::to_ascii_uppercase).unwrap_or_else(|| "SOFT_PHONE".into())));
        if let Some(n) = cell("desk_phone_number") {
            phone.insert("DeskPhoneNumber".into(), json!(n));
        }
        if let Some(a) = cell("auto_accept") {
            match parse_bool(a) {
                Some(b) => {
                    phone.insert("AutoAccept".into(), json!(b));
                }
                None => problems.push(format!("auto_accept '{a}' is not true or false")),
            }
        }
        if let Some(t) = cell("acw_timeout") {
            match t.parse::<i64>() {
                Ok(n) => {
                    phone.insert("AfterContactWorkTimeLimit".into(), json!(n));
                }
                Err(_) => problems.push(format!("acw_timeout '{t}' is not a whole number of seconds")),
            }
        }
        input.insert("PhoneConfig".into(), Value::Object(phone));
    }
    if let Some(name) = cell("hierarchy_group") {
        match resolve(&names.hierarchy_groups, name) {
            Some(id) => {
                input.insert("HierarchyGroupId".into(), json!(id));
            }
            None => problems.push(format!("hierarchy group '{name}' does not exist in the instance")),
        }
    }
    if let Some(tags) = cell("tags") {
        let mut map = Map::new();
        for pair in tags.split('|').map(str::trim).filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some((k, v)) => {
                    map.insert(k.trim().to_string(), json!(v.trim()));
                }
                None => problems.push(format!("tag '{pair}' is not of the form key=value")),
            }
        }
        input.insert("Tags".into(), Value::Object(map));
    }
    if problems.is_empty() {
        // The model's constraints, in AWS's words (passwords are never echoed).
        let m = model();
        let violations = m.validate("CreateUserRequest", &Value::Object(input.clone()));
        if !violations.is_empty() {
            problems.push(violations.message());
        }
    }
    if problems.is_empty() {
        Ok(input)
    } else {
        Err(problems)
    }
}

/// A row's proficiencies and agent status, checked as the server checks them
/// (AssociateUserProficiencies, PutUserStatus), or every problem found with them.
fn row_followups(cells: &BTreeMap<String, String>, names: &Names) -> Result<Followups, Vec<String>> {
    let mut problems = Vec::new();
    let cell = |k: &str| cells.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut then = Followups::default();
    for triple in cell("proficiencies").map(|s| s.split('|').map(str::trim).filter(|s| !s.is_empty()).collect()).unwrap_or_else(Vec::new) {
        let parts: Vec<&str> = triple.rsplitn(3, ':').collect();
        let [level, value, attribute] = parts.as_slice() else {
            problems.push(format!("proficiency '{triple}' is not of the form attribute:value:level"));
            continue;
        };
        match level.trim().parse::<u8>() {
            Ok(1..=5) => {}
            _ => problems.push(format!("proficiency '{triple}': the level must be 1, 2, 3, 4 or 5")),
        }
        match names.attributes.get(attribute.trim()) {
            None => problems.push(format!("predefined attribute '{}' does not exist in the instance", attribute.trim())),
            Some(values) if !values.iter().any(|v| v == value.trim()) => {
                problems.push(format!("'{}' is not a value of predefined attribute '{}'", value.trim(), attribute.trim()))
            }
            Some(_) => {}
        }
        let entry = json!({"AttributeName": attribute.trim(), "AttributeValue": value.trim(), "Level": level.trim().parse::<f64>().unwrap_or_default()});
        if then.proficiencies.iter().any(|p| p["AttributeName"] == entry["AttributeName"] && p["AttributeValue"] == entry["AttributeValue"]) {
            problems.push(format!("proficiency '{triple}' is listed more than once"));
        }
        then.proficiencies.push(entry);
    }
    if let Some(status) = cell("agent_status") {
        let found = names.agent_statuses.get(status).cloned().or_else(|| names.agent_statuses.values().find(|(id, _)| id == status).cloned());
        match found {
            Some((id, true)) => then.agent_status = Some(id),
            Some((_, false)) => problems.push(format!("agent status '{status}' is disabled")),
            None => problems.push(format!("agent status '{status}' does not exist in the instance")),
        }
    }
    if problems.is_empty() {
        Ok(then)
    } else {
        Err(problems)
    }
}

fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<(u64, BTreeMap<String, String>)>), CliError> {
    let text = std::fs::read(path).map_err(|e| CliError::param(format!("Cannot read {}: {e}", path.display())))?;
    let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::Headers).from_reader(text.as_slice());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| CliError::param(format!("{}: {e}", path.display())))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let unknown: Vec<&String> = headers.iter().filter(|h| !COLUMNS.iter().any(|c| c.name == h.as_str())).collect();
    if !unknown.is_empty() {
        return Err(CliError::param(format!(
            "{}: unknown column(s) {}; the columns are: {}",
            path.display(),
            unknown.iter().map(|h| format!("'{h}'")).collect::<Vec<_>>().join(", "),
            COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
        )));
    }
    let seen: HashSet<&String> = headers.iter().collect();
    if seen.len() != headers.len() {
        return Err(CliError::param(format!("{}: a column appears twice in the header", path.display())));
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CliError::param(format!("{}: {e}", path.display())))?;
        let line = record.position().map(|p| line_of(&text, p.byte() as usize)).unwrap_or(0);
        let cells = headers.iter().cloned().zip(record.iter().map(str::to_string)).collect();
        rows.push((line, cells));
    }
    Ok((headers, rows))
}

/// The file line a record starts on. The reader's own line count lags by one after CRLF
/// terminators, so the line is counted from the record's byte offset instead (skipping the
/// rest of the previous record's terminator).
fn line_of(text: &[u8], mut offset: usize) -> u64 {
    while offset < text.len() && (text[offset] == b'\r' || text[offset] == b'\n') {
        offset += 1;
    }
    1 + text[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u64
}

async fn list_all(client: &Client, op: &str, list_key: &str, input: Value) -> Result<Vec<Value>, CliError> {
    let m = model();
    let operation = m.operation(op).expect("the model has the list operations");
    let p = switchboard_model::paginate::paginator(op).expect("list operations paginate");
    let opts = paginate::Options { max_items: None, starting_token: None, page_size: None };
    let out = paginate::paginate(client, operation, input.as_object().cloned().unwrap_or_default(), p, &opts).await?;
    Ok(out.get(list_key).and_then(Value::as_array).cloned().unwrap_or_default())
}

fn by_name(items: &[Value], name_key: &str) -> HashMap<String, String> {
    items
        .iter()
        .filter_map(|i| Some((i.get(name_key)?.as_str()?.to_string(), i.get("Id")?.as_str()?.to_string())))
        .collect()
}

enum Outcome {
    Created,
    Skipped,
    Failed(String),
}

pub async fn run(cl: CommandLine) -> Result<(), CliError> {
    let opts = options(&cl)?;
    let (headers, records) = read_csv(&opts.file)?;
    for required in COLUMNS.iter().filter(|c| c.required).map(|c| c.name) {
        if !headers.iter().any(|h| h == required) {
            return Err(CliError::param(format!("{}: the column '{required}' is required", opts.file.display())));
        }
    }
    let settings = config::resolve(&config::Sources {
        profile: cl.globals.profile.as_deref(),
        region: cl.globals.region.as_deref(),
        endpoint_url: cl.globals.endpoint_url.as_deref(),
        env: &|k| std::env::var(k).ok(),
    })?;
    let client = Arc::new(Client::new(settings, cl.globals.debug)?);
    let instance = json!({"InstanceId": opts.instance_id});

    // Names are resolved once, before any row is looked at.
    let names = Names {
        security_profiles: by_name(&list_all(&client, "ListSecurityProfiles", "SecurityProfileSummaryList", instance.clone()).await?, "Name"),
        routing_profiles: by_name(&list_all(&client, "ListRoutingProfiles", "RoutingProfileSummaryList", instance.clone()).await?, "Name"),
        hierarchy_groups: if headers.iter().any(|h| h == "hierarchy_group") {
            by_name(&list_all(&client, "ListUserHierarchyGroups", "UserHierarchyGroupSummaryList", instance.clone()).await?, "Name")
        } else {
            HashMap::new()
        },
        attributes: if headers.iter().any(|h| h == "proficiencies") {
            let all = list_all(&client, "SearchPredefinedAttributes", "PredefinedAttributes", instance.clone()).await?;
            all.iter()
                .filter_map(|a| {
                    let values = a.pointer("/Values/StringList").and_then(Value::as_array).into_iter().flatten();
                    Some((a.get("Name")?.as_str()?.to_string(), values.filter_map(|v| v.as_str().map(str::to_string)).collect()))
                })
                .collect()
        } else {
            HashMap::new()
        },
        agent_statuses: if headers.iter().any(|h| h == "agent_status") {
            let all = list_all(&client, "SearchAgentStatuses", "AgentStatuses", instance.clone()).await?;
            all.iter()
                .filter_map(|s| Some((s.get("Name")?.as_str()?.to_string(), (s.get("AgentStatusId")?.as_str()?.to_string(), s.get("State")? == "ENABLED"))))
                .collect()
        } else {
            HashMap::new()
        },
    };
    let existing: HashSet<String> =
        list_all(&client, "ListUsers", "UserSummaryList", instance.clone()).await?.iter().filter_map(|u| u.get("Username")?.as_str().map(str::to_string)).collect();

    // Every row is checked before anything is sent.
    let mut rows = Vec::new();
    let mut invalid: Vec<(u64, BTreeMap<String, String>, String)> = Vec::new();
    let mut usernames: HashMap<String, u64> = HashMap::new();
    for (line, cells) in records {
        match (row_input(&opts.instance_id, &cells, &names), row_followups(&cells, &names)) {
            (Ok(input), Ok(then)) => {
                let username = input["Username"].as_str().unwrap_or_default().to_string();
                if let Some(first) = usernames.insert(username.clone(), line) {
                    invalid.push((line, cells, format!("username '{username}' already appears on row {first}")));
                } else {
                    rows.push(Row { line, cells, input, then });
                }
            }
            (input, then) => {
                let problems: Vec<String> = input.err().into_iter().chain(then.err()).flatten().collect();
                invalid.push((line, cells, problems.join("; ")));
            }
        }
    }
    if !invalid.is_empty() {
        let mut msg = format!("{}: {} row(s) are invalid; nothing was sent:\n", opts.file.display(), invalid.len());
        for (line, _, e) in &invalid {
            msg.push_str(&format!("  row {line}: {e}\n"));
        }
        let report = opts.report.clone().unwrap_or_else(|| default_report(&opts.file));
        write_report(&report, &headers, invalid.iter().map(|(l, c, e)| (*l, c, e.as_str())))?;
        msg.push_str(&format!("The invalid rows are in {}", report.display()));
        return Err(CliError::param(msg));
    }

    let total = rows.len() as u64;
    let bar = if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        let b = ProgressBar::new(total);
        b.set_style(ProgressStyle::with_template("{bar:40} {pos}/{len} users  {per_sec}  eta {eta}  {msg}").expect("a valid template"));
        b
    } else {
        ProgressBar::hidden()
    };
    let limiter = Arc::new(RateLimiter::new(opts.rate));
    let queue = Arc::new(Mutex::new(rows.into_iter().collect::<VecDeque<Row>>()));
    let existing = Arc::new(existing);
    let results: Arc<Mutex<Vec<(Row, Outcome)>>> = Arc::new(Mutex::new(Vec::new()));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..opts.concurrency {
        let (queue, client, limiter, existing, results, bar) = (queue.clone(), client.clone(), limiter.clone(), existing.clone(), results.clone(), bar.clone());
        workers.spawn(async move {
            loop {
                let Some(row) = queue.lock().unwrap().pop_front() else { break };
                let username = row.input["Username"].as_str().unwrap_or_default().to_string();
                let outcome = if existing.contains(&username) { Outcome::Skipped } else { create(&client, &limiter, &row).await };
                if let Some(rate) = limiter.rate() {
                    bar.set_message(format!("throttled: pacing at {rate:.1}/s"));
                }
                bar.inc(1);
                results.lock().unwrap().push((row, outcome));
            }
        });
    }
    while workers.join_next().await.is_some() {}
    bar.finish_and_clear();

    let mut results = std::mem::take(&mut *results.lock().unwrap());
    results.sort_by_key(|(r, _)| r.line);
    let created = results.iter().filter(|(_, o)| matches!(o, Outcome::Created)).count();
    let skipped = results.iter().filter(|(_, o)| matches!(o, Outcome::Skipped)).count();
    let failed: Vec<(u64, &BTreeMap<String, String>, &str)> =
        results.iter().filter_map(|(r, o)| if let Outcome::Failed(e) = o { Some((r.line, &r.cells, e.as_str())) } else { None }).collect();
    crate::print(&format!("created {created}, skipped {skipped}, failed {}\n", failed.len()));
    if failed.is_empty() {
        return Ok(());
    }
    let report = opts.report.clone().unwrap_or_else(|| default_report(&opts.file));
    for (line, _, e) in &failed {
        eprintln!("row {line}: {e}");
    }
    write_report(&report, &headers, failed.iter().copied())?;
    Err(CliError::Service {
        operation: "CreateUser".into(),
        code: "ImportIncomplete".into(),
        message: format!("{} row(s) failed; they are in {}", failed.len(), report.display()),
    })
}

fn default_report(file: &Path) -> PathBuf {
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("import");
    file.with_file_name(format!("{stem}.failed.csv"))
}

/// The failed rows as they were given, with their row number and the error.
fn write_report<'a>(path: &Path, headers: &[String], rows: impl Iterator<Item = (u64, &'a BTreeMap<String, String>, &'a str)>) -> Result<(), CliError> {
    let write = || -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_path(path)?;
        let mut head = vec!["row".to_string()];
        head.extend(headers.iter().cloned());
        head.push("error".into());
        w.write_record(&head)?;
        for (line, cells, error) in rows {
            let mut rec = vec![line.to_string()];
            rec.extend(headers.iter().map(|h| if h == "password" { String::new() } else { cells.get(h).cloned().unwrap_or_default() }));
            rec.push(error.to_string());
            w.write_record(&rec)?;
        }
        w.flush()?;
        Ok(())
    };
    write().map_err(|e| CliError::other(format!("writing the report {}: {e}", path.display())))
}

/// A row's CreateUser, then its follow-ups, each under the limiter; a user that exists
/// already (created meanwhile, or by an earlier run) counts as skipped. A follow-up that
/// fails leaves the user created and the row in the report.
async fn create(client: &Client, limiter: &RateLimiter, row: &Row) -> Outcome {
    let user_id = match call(client, limiter, "CreateUser", Value::Object(row.input.clone())).await {
        Ok(out) => out.get("UserId").and_then(Value::as_str).unwrap_or_default().to_string(),
        Err(CallError::Service { code, .. }) if code == "DuplicateResourceException" => return Outcome::Skipped,
        Err(e) => return Outcome::Failed(describe(e)),
    };
    let user = json!({"InstanceId": row.input["InstanceId"].clone(), "UserId": user_id});
    let mut followups = Vec::new();
    if !row.then.proficiencies.is_empty() {
        let mut input = user.clone();
        input["UserProficiencies"] = Value::Array(row.then.proficiencies.clone());
        followups.push(("AssociateUserProficiencies", input));
    }
    if let Some(status) = &row.then.agent_status {
        let mut input = user.clone();
        input["AgentStatusId"] = json!(status);
        followups.push(("PutUserStatus", input));
    }
    for (op, input) in followups {
        if let Err(e) = call(client, limiter, op, input).await {
            return Outcome::Failed(format!("created, but {op} failed: {}", describe(e)));
        }
    }
    Outcome::Created
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

fn describe(e: CallError) -> String {
    match e {
        CallError::Service { code, message, .. } => format!("{code}: {message}"),
        CallError::Transport(m) => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            security_profiles: [("Agent".to_string(), "sp-1".to_string()), ("Admin".to_string(), "sp-2".to_string())].into(),
            routing_profiles: [("Basic Routing Profile".to_string(), "rp-1".to_string())].into(),
            hierarchy_groups: HashMap::new(),
            attributes: [("Language".to_string(), vec!["English".to_string(), "Spanish".to_string()])].into(),
            agent_statuses: [("Offline".to_string(), ("st-1".to_string(), true)), ("Gone".to_string(), ("st-2".to_string(), false))].into(),
        }
    }

    #[test]
    fn proficiencies_and_agent_status_are_checked_up_front() {
        let then = row_followups(&cells(&[("proficiencies", "Language:English:4 | Language:Spanish:2"), ("agent_status", "Offline")]), &names()).unwrap();
        assert_eq!(then.agent_status.as_deref(), Some("st-1"));
        assert_eq!(
            Value::Array(then.proficiencies),
            json!([{"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0},
                   {"AttributeName": "Language", "AttributeValue": "Spanish", "Level": 2.0}])
        );
        assert_eq!(row_followups(&cells(&[("agent_status", "st-1")]), &names()).unwrap().agent_status.as_deref(), Some("st-1"));
        assert_eq!(row_followups(&cells(&[]), &names()).unwrap(), Followups::default());
        let p = row_followups(
            &cells(&[("proficiencies", "Skill:x:1|Language:Klingon:2|Language:English:9|nonsense|Language:English:1"), ("agent_status", "Gone")]),
            &names(),
        )
        .unwrap_err()
        .join("; ");
        for part in ["'Skill' does not exist", "'Klingon' is not a value", "level must be", "'nonsense' is not of the form", "listed more than once", "'Gone' is disabled"] {
            assert!(p.contains(part), "{part}: {p}");
        }
    }

    fn cells(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_row_becomes_a_create_user_input() {
        let c = cells(&[
            ("username", "jdoe"),
            ("password", "Passw0rd!"),
            ("first_name", "John"),
            ("last_name", "Doe"),
            ("routing_profile", "Basic Routing Profile"),
            ("security_profiles", "Agent|Admin"),
            ("auto_accept", "true"),
            ("acw_timeout", "30"),
            ("tags", "team=blue|site=sfo"),
        ]);
        let input = row_input("i-1", &c, &names()).unwrap();
        assert_eq!(
            Value::Object(input),
            json!({"InstanceId": "i-1", "Username": "jdoe", "Password": "Passw0rd!", "IdentityInfo": {"FirstName": "John", "LastName": "Doe"},
                   "RoutingProfileId": "rp-1", "SecurityProfileIds": ["sp-1", "sp-2"],
                   "PhoneConfig": {"PhoneType": "SOFT_PHONE", "AutoAccept": true, "AfterContactWorkTimeLimit": 30},
                   "Tags": {"team": "blue", "site": "sfo"}})
        );
    }

    #[test]
    fn problems_are_named_and_passwords_never_echoed() {
        let c = cells(&[("username", "jdoe"), ("password", "weakpass"), ("routing_profile", "Nope"), ("security_profiles", "Agent|Ghost"), ("auto_accept", "maybe")]);
        let p = row_input("i-1", &c, &names()).unwrap_err().join("; ");
        assert!(p.contains("routing profile 'Nope'") && p.contains("security profile 'Ghost'") && p.contains("auto_accept 'maybe'"), "{p}");
        let c = cells(&[("username", "jdoe"), ("password", "weakpass"), ("routing_profile", "Basic Routing Profile"), ("security_profiles", "Agent")]);
        let p = row_input("i-1", &c, &names()).unwrap_err().join("; ");
        assert!(p.contains("'password'") && !p.contains("weakpass"), "{p}");
    }

    #[test]
    fn acw_timeout_is_at_most_the_documented_maximum() {
        // The documented bound (switchboard_model::DOCUMENTED_BOUNDS) is part of the model the
        // rows are validated against, so a row over it is refused before anything is sent.
        let row = |acw: &str| cells(&[("username", "jdoe"), ("routing_profile", "Basic Routing Profile"), ("security_profiles", "Agent"), ("acw_timeout", acw)]);
        assert!(row_input("i-1", &row("2000000"), &names()).is_ok());
        let p = row_input("i-1", &row("3000000"), &names()).unwrap_err().join("; ");
        assert!(p.contains("Value '3000000' at 'phoneConfig.afterContactWorkTimeLimit'") && p.contains("less than or equal to 2000000"), "{p}");
        assert!(row_input("i-1", &row("-1"), &names()).is_err());
    }

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

    #[test]
    fn rows_are_numbered_by_their_line_in_the_file() {
        let dir = std::env::temp_dir().join(format!("sbimport-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("u.csv");
        for eol in ["\n", "\r\n"] {
            std::fs::write(&f, format!("Username,TAGS{eol}a,x=1{eol}b,\"multi{eol}line\"{eol}c,{eol}")).unwrap();
            let (headers, rows) = read_csv(&f).unwrap();
            assert_eq!(headers, ["username", "tags"]);
            assert_eq!(rows.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2, 3, 5], "{eol:?}");
            assert_eq!(rows[1].1["tags"], format!("multi{eol}line"));
        }
    }
}
