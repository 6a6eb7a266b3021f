//! The user import from CSV, one copy of every rule, for the CLI's `import-users` and the
//! console's Import page:
//!
//! - the columns ([`COLUMNS`]) and the header check ([`check_header`]);
//! - the streaming reader ([`Rows`]), which numbers each row by its line in the file;
//! - name resolution ([`Names`], from the listings of [`LISTINGS`]) and the users already in
//!   the instance ([`Existing`]);
//! - a row → its CreateUser input and its follow-ups, validated against the model
//!   ([`check`]);
//! - the up-front pass ([`validate`]): every row checked, usernames unique in the file, before
//!   anything is sent, holding only a 24-byte key per row;
//! - the sending pass ([`send`]): the file read again, rows created concurrently through the
//!   caller's own operation runner ([`create`]: CreateUser, then AssociateUserProficiencies
//!   and PutUserStatus), a user that exists counted as skipped;
//! - the report CSV ([`write_report`]) and the summary ([`Summary`]).
//!
//! Memory is bounded by the rows in flight, not by the file: both passes stream it.
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::future::Future;
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use switchboard_model::model;

mod lines;
use lines::LineCounter;

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

/// A header's problem: a column not in [`COLUMNS`], one given twice, or a required one
/// missing. `headers` are the file's, lower-cased (as [`Rows::headers`] gives them).
pub fn check_header(headers: &[String]) -> Result<(), String> {
    let unknown: Vec<&String> = headers.iter().filter(|h| !COLUMNS.iter().any(|c| c.name == h.as_str())).collect();
    if !unknown.is_empty() {
        return Err(format!(
            "unknown column(s) {}; the columns are: {}",
            unknown.iter().map(|h| format!("'{h}'")).collect::<Vec<_>>().join(", "),
            COLUMNS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ")
        ));
    }
    let seen: HashSet<&String> = headers.iter().collect();
    if seen.len() != headers.len() {
        return Err("a column appears twice in the header".into());
    }
    for required in COLUMNS.iter().filter(|c| c.required).map(|c| c.name) {
        if !headers.iter().any(|h| h == required) {
            return Err(format!("the column '{required}' is required"));
        }
    }
    Ok(())
}

/// One data row: its line in the file and its cells by column name.
#[derive(Debug, Clone)]
pub struct Row {
    pub line: u64,
    pub cells: BTreeMap<String, String>,
}

/// The rows of a CSV file, read as a stream: UTF-8, comma-separated, a header first,
/// cells may be quoted and span lines. Each row is numbered by the line it starts on.
pub struct Rows<R: Read> {
    reader: csv::Reader<LineCounter<R>>,
    headers: Vec<String>,
    record: csv::StringRecord,
}

impl Rows<std::fs::File> {
    /// The rows of a file; the error says which file and why.
    pub fn open(path: &Path) -> Result<Self, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("Cannot read {}: {e}", path.display()))?;
        Rows::new(file).map_err(|e| format!("{}: {e}", path.display()))
    }
}

impl<R: Read> Rows<R> {
    pub fn new(input: R) -> Result<Self, String> {
        let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::Headers).from_reader(LineCounter::new(input));
        let headers = reader.headers().map_err(|e| e.to_string())?.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase()).collect();
        Ok(Rows { reader, headers, record: csv::StringRecord::new() })
    }

    /// The header's column names, lower-cased.
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// The next row, or why the file cannot be read further.
    pub fn next_row(&mut self) -> Option<Result<Row, String>> {
        match self.reader.read_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => Some(Err(e.to_string())),
            Ok(true) => {
                let offset = self.record.position().map_or(0, |p| p.byte());
                let line = self.reader.get_mut().line_at(offset);
                let cells = self.headers.iter().cloned().zip(self.record.iter().map(str::to_string)).collect();
                Some(Ok(Row { line, cells }))
            }
        }
    }
}

impl<R: Read> Iterator for Rows<R> {
    type Item = Result<Row, String>;
    fn next(&mut self) -> Option<Self::Item> {
        self.next_row()
    }
}

/// A listing [`Names`] is built from: an operation that lists the instance's resources, the
/// member holding them, and the column that needs it (`None`: always needed).
pub struct Listing {
    pub operation: &'static str,
    pub key: &'static str,
    pub column: Option<&'static str>,
}

pub const LISTINGS: &[Listing] = &[
    Listing { operation: "ListSecurityProfiles", key: "SecurityProfileSummaryList", column: None },
    Listing { operation: "ListRoutingProfiles", key: "RoutingProfileSummaryList", column: None },
    Listing { operation: "ListUserHierarchyGroups", key: "UserHierarchyGroupSummaryList", column: Some("hierarchy_group") },
    Listing { operation: "SearchPredefinedAttributes", key: "PredefinedAttributes", column: Some("proficiencies") },
    Listing { operation: "SearchAgentStatuses", key: "AgentStatuses", column: Some("agent_status") },
];

/// The listing of the instance's users, for [`Existing`].
pub const USERS_LISTING: Listing = Listing { operation: "ListUsers", key: "UserSummaryList", column: None };

/// Name → id for the instance's resources.
#[derive(Debug, Default)]
pub struct Names {
    pub security_profiles: HashMap<String, String>,
    pub routing_profiles: HashMap<String, String>,
    pub hierarchy_groups: HashMap<String, String>,
    /// Predefined attribute name → its values.
    pub attributes: HashMap<String, Vec<String>>,
    /// Agent status name → (id, enabled).
    pub agent_statuses: HashMap<String, (String, bool)>,
}

impl Names {
    /// The listings a file with these headers needs.
    pub fn listings(headers: &[String]) -> impl Iterator<Item = &'static Listing> + '_ {
        LISTINGS.iter().filter(move |l| l.column.map_or(true, |c| headers.iter().any(|h| h == c)))
    }

    /// The names, from the items of each listing (by operation; a listing not given is empty).
    pub fn from_listings(items: &HashMap<&'static str, Vec<Value>>) -> Names {
        let of = |op: &str| items.get(op).map(Vec::as_slice).unwrap_or_default();
        let by_name = |op: &str| -> HashMap<String, String> { of(op).iter().filter_map(|i| Some((i.get("Name")?.as_str()?.to_string(), i.get("Id")?.as_str()?.to_string()))).collect() };
        Names {
            security_profiles: by_name("ListSecurityProfiles"),
            routing_profiles: by_name("ListRoutingProfiles"),
            hierarchy_groups: by_name("ListUserHierarchyGroups"),
            attributes: of("SearchPredefinedAttributes")
                .iter()
                .filter_map(|a| {
                    let values = a.pointer("/Values/StringList").and_then(Value::as_array).into_iter().flatten();
                    Some((a.get("Name")?.as_str()?.to_string(), values.filter_map(|v| v.as_str().map(str::to_string)).collect()))
                })
                .collect(),
            agent_statuses: of("SearchAgentStatuses")
                .iter()
                .filter_map(|s| Some((s.get("Name")?.as_str()?.to_string(), (s.get("AgentStatusId")?.as_str()?.to_string(), s.get("State")? == "ENABLED"))))
                .collect(),
        }
    }
}

/// A username's key: 128 bits of two SipHashes, so that a million usernames take 16 MB and
/// two different ones share a key with a chance of about 10⁻²⁶.
type Key = [u64; 2];

fn key(username: &str) -> Key {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        salt.hash(&mut h);
        username.hash(&mut h);
        h.finish()
    };
    [half(0), half(1)]
}

/// The usernames already in the instance (as keys), to skip their rows without a request.
#[derive(Debug, Default)]
pub struct Existing(Vec<Key>);

impl Existing {
    pub fn add(&mut self, username: &str) {
        self.0.push(key(username));
    }

    /// The usernames of a page of ListUsers' UserSummaryList.
    pub fn add_summaries(&mut self, items: &[Value]) {
        for u in items {
            if let Some(name) = u.get("Username").and_then(Value::as_str) {
                self.add(name);
            }
        }
    }

    /// Call once every username is added.
    pub fn seal(&mut self) {
        self.0.sort_unstable();
        self.0.dedup();
    }

    pub fn contains(&self, username: &str) -> bool {
        self.contains_key(&key(username))
    }

    fn contains_key(&self, k: &Key) -> bool {
        self.0.binary_search(k).is_ok()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a row asks for once its user is created: AssociateUserProficiencies'
/// UserProficiencies, and the id of the agent status to put the user in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Followups {
    pub proficiencies: Vec<Value>,
    pub agent_status: Option<String>,
}

/// A row ready to send: its CreateUser input and its follow-ups.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub line: u64,
    pub username: String,
    pub input: Map<String, Value>,
    pub then: Followups,
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

/// A row → its CreateUser input (validated against the model) and its follow-ups, or every
/// problem found with it, separated by "; " (a password is never echoed).
pub fn check(instance_id: &str, row: &Row, names: &Names) -> Result<Prepared, String> {
    match (row_input(instance_id, &row.cells, names), row_followups(&row.cells, names)) {
        (Ok(input), Ok(then)) => Ok(Prepared { line: row.line, username: input["Username"].as_str().unwrap_or_default().to_string(), input, then }),
        (input, then) => Err(input.err().into_iter().chain(then.err()).flatten().collect::<Vec<_>>().join("; ")),
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
        let input = Value::Object(input);
        let violations = model().validate("CreateUserRequest", &input);
        if !violations.is_empty() {
            return Err(vec![violations.message()]);
        }
        let Value::Object(input) = input else { unreachable!("built as an object") };
        return Ok(input);
    }
    Err(problems)
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

/// What the up-front pass found: how many rows, and each invalid row's line and problems.
#[derive(Debug, Default)]
pub struct Checked {
    pub rows: u64,
    /// Valid rows whose user exists already (they will be skipped).
    pub existing: u64,
    pub invalid: BTreeMap<u64, String>,
}

impl Checked {
    /// The rows that will be sent (valid, not known to exist).
    pub fn to_send(&self) -> u64 {
        self.rows - self.invalid.len() as u64 - self.existing
    }
}

/// The up-front pass: every row of the file checked ([`check`]) and every username unique
/// in the file, before anything is sent. It keeps a 24-byte key per valid row (a million
/// rows: 24 MB) and the invalid rows' problems; when a username repeats, a short second read
/// finds the names of the repeating rows. A file that is not well-formed CSV is an error
/// (`Err`), as is a header [`check_header`] refuses.
pub fn validate(path: &Path, instance_id: &str, names: &Names, existing: &Existing) -> Result<Checked, String> {
    let mut rows = Rows::open(path)?;
    let at = |e: String| format!("{}: {e}", path.display());
    check_header(rows.headers()).map_err(at)?;
    let mut checked = Checked::default();
    let mut usernames: Vec<(Key, u64)> = Vec::new();
    while let Some(row) = rows.next_row() {
        let row = row.map_err(at)?;
        checked.rows += 1;
        match check(instance_id, &row, names) {
            Ok(p) => {
                let k = key(&p.username);
                if existing.contains_key(&k) {
                    checked.existing += 1;
                }
                usernames.push((k, row.line));
            }
            Err(e) => {
                checked.invalid.insert(row.line, e);
            }
        }
    }
    // A username given again: every later row of it is invalid, naming the first.
    usernames.sort_unstable();
    let mut repeated: HashMap<u64, u64> = HashMap::new();
    for same in usernames.chunk_by(|a, b| a.0 == b.0).filter(|s| s.len() > 1) {
        for (k, line) in &same[1..] {
            repeated.insert(*line, same[0].1);
            if existing.contains_key(k) {
                checked.existing -= 1;
            }
        }
    }
    drop(usernames);
    if !repeated.is_empty() {
        for row in Rows::open(path)? {
            let row = row.map_err(at)?;
            if let Some(first) = repeated.get(&row.line) {
                let username = row.cells.get("username").map_or("", |u| u.trim());
                checked.invalid.insert(row.line, format!("username '{username}' already appears on row {first}"));
            }
        }
    }
    Ok(checked)
}

/// How a row ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Created,
    Skipped,
    Failed(String),
}

/// An operation's error, as the caller's runner reports it.
#[derive(Debug, Clone)]
pub struct CallError {
    /// The service's error code; `None` for a failure to reach it.
    pub code: Option<String>,
    pub message: String,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A row's CreateUser, then its follow-ups, each through `call` (the caller's way of running
/// an operation); a user that exists already (created meanwhile, or by an earlier run) counts
/// as skipped. A follow-up that fails leaves the user created and the row failed.
pub async fn create<F, Fut>(call: &F, row: &Prepared) -> Outcome
where
    F: Fn(&'static str, Value) -> Fut,
    Fut: Future<Output = Result<Value, CallError>>,
{
    let user_id = match call("CreateUser", Value::Object(row.input.clone())).await {
        Ok(out) => out.get("UserId").and_then(Value::as_str).unwrap_or_default().to_string(),
        Err(CallError { code: Some(code), .. }) if code == "DuplicateResourceException" => return Outcome::Skipped,
        Err(e) => return Outcome::Failed(e.to_string()),
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
        if let Err(e) = call(op, input).await {
            return Outcome::Failed(format!("created, but {op} failed: {e}"));
        }
    }
    Outcome::Created
}

/// The end of an import: `created N, skipped N, failed N`, and each failed row's problem.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub created: u64,
    pub skipped: u64,
    pub failed: BTreeMap<u64, String>,
}

impl Summary {
    pub fn add(&mut self, line: u64, outcome: Outcome) {
        match outcome {
            Outcome::Created => self.created += 1,
            Outcome::Skipped => self.skipped += 1,
            Outcome::Failed(e) => {
                self.failed.insert(line, e);
            }
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "created {}, skipped {}, failed {}", self.created, self.skipped, self.failed.len())
    }
}

/// Rows read ahead of the senders: what bounds the sending pass's memory.
const READ_AHEAD: usize = 256;

/// The sending pass: the file (already [`validate`]d) read again in a thread of its own, its
/// rows sent by `concurrency` tasks through [`create`]; a row whose user is in `existing` is
/// skipped without a request, and a row in `invalid` (the up-front pass's findings) fails
/// with its problem without a request. `progress` sees each row as it ends. A row that no
/// longer checks (the file changed since) fails with its problem.
#[allow(clippy::too_many_arguments)]
pub async fn send<F, Fut, P>(path: PathBuf, instance_id: String, names: Arc<Names>, existing: Arc<Existing>, invalid: Arc<BTreeMap<u64, String>>, concurrency: usize, call: F, progress: P) -> Result<Summary, String>
where
    F: Fn(&'static str, Value) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<Value, CallError>> + Send,
    P: Fn(u64, &Outcome) + Clone + Send + Sync + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Prepared, (u64, String)>>(READ_AHEAD);
    let reader = std::thread::spawn(move || -> Result<(), String> {
        let at = |e: String| format!("{}: {e}", path.display());
        for row in Rows::open(&path)? {
            let row = row.map_err(at)?;
            let item = match invalid.get(&row.line) {
                Some(problem) => Err((row.line, problem.clone())),
                None => check(&instance_id, &row, &names).map_err(|e| (row.line, e)),
            };
            if tx.blocking_send(item).is_err() {
                break;
            }
        }
        Ok(())
    });
    let rx = Arc::new(tokio::sync::Mutex::new(rx));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..concurrency.max(1) {
        let (rx, call, progress, existing) = (rx.clone(), call.clone(), progress.clone(), existing.clone());
        workers.spawn(async move {
            let mut summary = Summary::default();
            loop {
                let Some(item) = rx.lock().await.recv().await else { break };
                let (line, outcome) = match item {
                    Ok(row) if existing.contains(&row.username) => (row.line, Outcome::Skipped),
                    Ok(row) => (row.line, create(&call, &row).await),
                    Err((line, e)) => (line, Outcome::Failed(e)),
                };
                progress(line, &outcome);
                summary.add(line, outcome);
            }
            summary
        });
    }
    let mut total = Summary::default();
    while let Some(part) = workers.join_next().await {
        let part = part.map_err(|e| format!("an import task failed: {e}"))?;
        total.created += part.created;
        total.skipped += part.skipped;
        total.failed.extend(part.failed);
    }
    reader.join().map_err(|_| "the import's reader failed".to_string())??;
    Ok(total)
}

/// The report: the rows of `input` whose line is in `problems`, as they were given (the
/// password left empty), after a `row` column (the line) and before an `error` column.
pub fn write_report<W: std::io::Write>(out: W, input: &Path, problems: &BTreeMap<u64, String>) -> Result<(), String> {
    let at = |e: String| format!("{}: {e}", input.display());
    let mut rows = Rows::open(input)?;
    let headers = rows.headers().to_vec();
    let mut w = csv::Writer::from_writer(out);
    let mut head = vec!["row".to_string()];
    head.extend(headers.iter().cloned());
    head.push("error".into());
    w.write_record(&head).map_err(|e| e.to_string())?;
    let mut left = problems.len();
    while left > 0 {
        let Some(row) = rows.next_row() else { break };
        let row = row.map_err(at)?;
        let Some(error) = problems.get(&row.line) else { continue };
        left -= 1;
        let mut rec = vec![row.line.to_string()];
        rec.extend(headers.iter().map(|h| if h == "password" { String::new() } else { row.cells.get(h).cloned().unwrap_or_default() }));
        rec.push(error.clone());
        w.write_record(&rec).map_err(|e| e.to_string())?;
    }
    w.flush().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
    fn rows_are_numbered_by_their_line_in_the_file() {
        for eol in ["\n", "\r\n"] {
            let f = file(&format!("u{}.csv", eol.len()), &format!("Username,TAGS{eol}a,x=1{eol}b,\"multi{eol}line\"{eol}c,{eol}"));
            let rows = Rows::open(&f).unwrap();
            assert_eq!(rows.headers(), ["username", "tags"]);
            let rows: Vec<Row> = rows.map(Result::unwrap).collect();
            assert_eq!(rows.iter().map(|r| r.line).collect::<Vec<_>>(), [2, 3, 5], "{eol:?}");
            assert_eq!(rows[1].cells["tags"], format!("multi{eol}line"));
        }
    }

    #[test]
    fn line_numbers_stay_right_past_blank_lines_and_large_buffers() {
        // Rows long enough that the reader's buffer fills many times, blank lines between.
        let mut text = String::from("username,tags\r\n");
        let mut want = Vec::new();
        let mut line = 2;
        for i in 0..3000 {
            want.push(line);
            text.push_str(&format!("u{i},{}\r\n", "x".repeat(i % 50)));
            line += 1;
            if i % 7 == 0 {
                text.push_str("\r\n");
                line += 1;
            }
        }
        let got: Vec<u64> = Rows::new(text.as_bytes()).unwrap().map(|r| r.unwrap().line).collect();
        assert_eq!(got, want);
    }

    fn file(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("sbimport-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join(name);
        std::fs::write(&f, text).unwrap();
        f
    }

    const HEAD: &str = "username,password,routing_profile,security_profiles\n";

    #[test]
    fn the_up_front_pass_finds_bad_rows_and_repeated_usernames() {
        let f = file(
            "v.csv",
            &format!("{HEAD}a,,Basic Routing Profile,Agent\nb,,Nope,Agent\n\"a\",,Basic Routing Profile,Admin\nc,,Basic Routing Profile,Agent\na,,Basic Routing Profile,Agent\n"),
        );
        let mut existing = Existing::default();
        existing.add("c");
        existing.seal();
        let checked = validate(&f, "i-1", &names(), &existing).unwrap();
        assert_eq!(checked.rows, 5);
        assert_eq!(checked.existing, 1);
        assert_eq!(checked.to_send(), 1);
        assert_eq!(
            checked.invalid.iter().map(|(l, e)| (*l, e.as_str())).collect::<Vec<_>>(),
            [(3, "routing profile 'Nope' does not exist in the instance"), (4, "username 'a' already appears on row 2"), (6, "username 'a' already appears on row 2")]
        );
        let mut report = Vec::new();
        write_report(&mut report, &f, &checked.invalid).unwrap();
        assert_eq!(
            String::from_utf8(report).unwrap(),
            "row,username,password,routing_profile,security_profiles,error\n3,b,,Nope,Agent,routing profile 'Nope' does not exist in the instance\n\
             4,a,,Basic Routing Profile,Admin,username 'a' already appears on row 2\n6,a,,Basic Routing Profile,Agent,username 'a' already appears on row 2\n"
        );
        let f = file("h.csv", "username,colour\na,red\n");
        assert!(validate(&f, "i-1", &names(), &existing).unwrap_err().contains("unknown column(s) 'colour'"));
        let f = file("r.csv", "username\na\n");
        assert!(validate(&f, "i-1", &names(), &existing).unwrap_err().contains("the column 'routing_profile' is required"));
        let f = file("w.csv", &format!("{HEAD}a,,Basic Routing Profile\n"));
        assert!(validate(&f, "i-1", &names(), &existing).unwrap_err().contains("found record with 3 fields"));
    }

    #[tokio::test]
    async fn the_sending_pass_creates_skips_and_reports() {
        let f = file(
            "s.csv",
            &format!("{HEAD}new1,,Basic Routing Profile,Agent\nthere,,Basic Routing Profile,Agent\nraced,,Basic Routing Profile,Agent\nrefused,,Basic Routing Profile,Agent\nbad,,Nope,Agent\n"),
        );
        let mut existing = Existing::default();
        existing.add("there");
        existing.seal();
        let existing = Arc::new(existing);
        let checked = validate(&f, "i-1", &names(), &existing).unwrap();
        let sent = Arc::new(std::sync::Mutex::new(Vec::new()));
        let calls = {
            let sent = sent.clone();
            move |op: &'static str, input: Value| {
                let sent = sent.clone();
                async move {
                    let name = input["Username"].as_str().unwrap_or_default().to_string();
                    sent.lock().unwrap().push((op, name.clone()));
                    match name.as_str() {
                        "raced" => Err(CallError { code: Some("DuplicateResourceException".into()), message: "exists".into() }),
                        "refused" => Err(CallError { code: Some("InvalidRequestException".into()), message: "no".into() }),
                        _ => Ok(json!({"UserId": "u-1"})),
                    }
                }
            }
        };
        let seen = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let progress = {
            let seen = seen.clone();
            move |_: u64, _: &Outcome| {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let summary = send(f.clone(), "i-1".into(), Arc::new(names()), existing, Arc::new(checked.invalid), 3, calls, progress).await.unwrap();
        assert_eq!(summary.to_string(), "created 1, skipped 2, failed 2");
        assert_eq!(summary.failed.iter().map(|(l, e)| (*l, e.as_str())).collect::<Vec<_>>(), [(5, "InvalidRequestException: no"), (6, "routing profile 'Nope' does not exist in the instance")]);
        assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), 5);
        let mut sent = sent.lock().unwrap().clone();
        sent.sort();
        assert_eq!(sent, [("CreateUser", "new1".to_string()), ("CreateUser", "raced".to_string()), ("CreateUser", "refused".to_string())]);
    }

    #[tokio::test]
    async fn follow_ups_run_after_the_create_and_their_failure_is_reported() {
        let row = Prepared {
            line: 2,
            username: "a".into(),
            input: json!({"InstanceId": "i-1", "Username": "a"}).as_object().unwrap().clone(),
            then: Followups { proficiencies: vec![json!({"AttributeName": "Language", "AttributeValue": "English", "Level": 4.0})], agent_status: Some("st-1".into()) },
        };
        let calls = |op: &'static str, input: Value| async move {
            match op {
                "CreateUser" => Ok(json!({"UserId": "u-9"})),
                "AssociateUserProficiencies" => {
                    assert_eq!(input["UserId"], "u-9");
                    Ok(json!({}))
                }
                _ => Err(CallError { code: None, message: "connection refused".into() }),
            }
        };
        assert_eq!(create(&calls, &row).await, Outcome::Failed("created, but PutUserStatus failed: connection refused".into()));
    }
}
