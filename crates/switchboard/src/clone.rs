//! `switchboard clone --instance-id ID -o FILE`: reads one Connect instance through the
//! Connect API (real Amazon Connect or any endpoint: the client CLI's signing, profiles and
//! endpoint resolution) and writes it as a snapshot (`store::snapshot`), which
//! `switchboard import` and `serve --seed` load.
//!
//! What it copies: the instance (with its attributes and hierarchy structure), and in it
//! every security profile (with its permissions), hours of operation, queue (with its quick
//! connects), routing profile (with its queues), hierarchy group, agent status, predefined
//! attribute, flow, flow module, quick connect, prompt and user (with its proficiencies).
//! Ids, ARNs, names, tags and timestamps are kept as the API shows them; `--to-account` and
//! `--to-region` re-point the ARNs (and the records) at another account and Region. Each
//! record is built as the server stores it (the `Stored*` types of `ops`, with their
//! references), so the seeded server answers every List and Describe as the source did.
//!
//! Not copied, because the API does not show them: passwords (`--set-passwords` gives each
//! user of a CONNECT_MANAGED instance a new one and writes them to a file), a user's current
//! agent status, a prompt's S3 URI, a security profile's applications, and predefined
//! attributes' internal ids (new ones are made). Phone numbers, vocabularies, storage
//! configurations and integrations are not copied yet.
//!
//! Pacing: each operation has a rate limiter of its own (Connect's quotas are per account and
//! operation), capped at `--rate` requests per second (2, Connect's default quota; 0: no cap),
//! which slows down on throttling the way the SDKs' adaptive retry mode does, and throttled or
//! failed requests are retried. Different operations go at once, each at its pace.
//!
//! Resuming: every answer about one resource (a Describe, its permissions, its queues) is
//! appended to `FILE.partial` as it arrives; a clone started again with the same `-o` reads
//! it and asks again only for what it lacks (the listings are read again). The journal is
//! removed once the snapshot is written.
use anyhow::{bail, Context};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_cli::client::{CallError, Client};
use switchboard_cli::config;
use switchboard_cli::ratelimit::RateLimiter;
use switchboard_model::{dto, model};
use switchboard_server::ops::crud::Stored;
use switchboard_server::ops::hours::StoredHours;
use switchboard_server::ops::predefined_attributes::StoredAttribute;
use switchboard_server::ops::prompts::StoredPrompt;
use switchboard_server::ops::queues::StoredQueue;
use switchboard_server::ops::quick_connects::StoredQuickConnect;
use switchboard_server::ops::resources::resource;
use switchboard_server::ops::routing_profiles::StoredRoutingProfile;
use switchboard_server::ops::security_profiles::StoredSecurityProfile;
use switchboard_server::ops::users::{HeldProficiency, StoredUser};
use switchboard_server::service::HIERARCHY_STRUCTURE;
use switchboard_server::store::{snapshot, Key, Kind, Record};

#[derive(clap::Args)]
pub struct CloneArgs {
    /// The instance to copy (its id or ARN).
    #[arg(long)]
    instance_id: String,
    /// The snapshot to write (`FILE.partial` holds the progress until it is written).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Where to read from (default: Amazon Connect in the Region; AWS_ENDPOINT_URL_CONNECT,
    /// AWS_ENDPOINT_URL and the profile's endpoint_url are read as by every AWS tool).
    #[arg(long)]
    endpoint_url: Option<String>,
    /// The AWS profile whose credentials (and Region, endpoint) to use.
    #[arg(long)]
    profile: Option<String>,
    /// The Region the instance is in.
    #[arg(long)]
    region: Option<String>,
    /// Re-point the copy at this account (the ARNs, and the account the records live in):
    /// the `--account-id` of the server that will serve it.
    #[arg(long, value_name = "ACCOUNT")]
    to_account: Option<String>,
    /// Re-point the copy's ARNs at this Region.
    #[arg(long, value_name = "REGION")]
    to_region: Option<String>,
    /// Give each user of a CONNECT_MANAGED instance a new password meeting Connect's policy,
    /// and write them to FILE (CSV: Username,Password; readable by its owner only).
    #[arg(long, value_name = "FILE")]
    set_passwords: Option<PathBuf>,
    /// Requests per second per operation at most (Connect's default quota is 2); 0: as fast
    /// as the service lets through (slowing down only when throttled).
    #[arg(long, default_value_t = 2.0)]
    rate: f64,
}

/// Calls the source, paced per operation, retried, journalled.
struct Source {
    client: Client,
    cap: Option<f64>,
    limiters: Mutex<HashMap<String, Arc<RateLimiter>>>,
    journal: Mutex<std::fs::File>,
    answers: HashMap<String, Value>,
    requests: AtomicU64,
    throttled: AtomicU64,
    reused: AtomicU64,
    progress: indicatif::ProgressBar,
}

const MAX_ATTEMPTS: u32 = 12;

impl Source {
    fn limiter(&self, operation: &str) -> Arc<RateLimiter> {
        self.limiters.lock().unwrap().entry(operation.to_string()).or_insert_with(|| Arc::new(RateLimiter::new(self.cap))).clone()
    }

    /// `operation` with `input`; `journalled`: an answer about one resource, which a resumed
    /// clone reads from the journal instead of asking again.
    async fn call(&self, operation: &str, input: Value, journalled: bool) -> anyhow::Result<Value> {
        let key = format!("{operation} {input}");
        if journalled {
            if let Some(answer) = self.answers.get(&key) {
                self.reused.fetch_add(1, Ordering::Relaxed);
                self.progress.inc(1);
                return Ok(answer.clone());
            }
        }
        let op = model().operation(operation).unwrap_or_else(|| panic!("{operation} is an operation of the model"));
        let limiter = self.limiter(operation);
        let mut attempt = 1;
        let answer = loop {
            limiter.acquire().await;
            self.requests.fetch_add(1, Ordering::Relaxed);
            let result = self.client.attempt(op, &input).await;
            let throttled = matches!(&result, Err(e) if e.is_throttle());
            limiter.update(throttled);
            match result {
                Ok(answer) => break answer,
                Err(e) if attempt < MAX_ATTEMPTS && (throttled || retryable(&e)) => {
                    if throttled {
                        self.throttled.fetch_add(1, Ordering::Relaxed);
                    }
                    // The limiter paces throttled retries; a failure waits a little (full jitter).
                    if !throttled {
                        let cap = Duration::from_secs_f64(2f64.powi(attempt as i32 - 1).min(20.0));
                        tokio::time::sleep(cap.mul_f64(rand::random::<f64>())).await;
                    }
                    attempt += 1;
                }
                Err(e) => return Err(anyhow::Error::new(e.into_cli(operation)).context(format!("{operation} {input}"))),
            }
        };
        self.progress.inc(1);
        if journalled {
            let mut journal = self.journal.lock().unwrap();
            writeln!(journal, "{}", json!({"call": key, "answer": answer})).and_then(|()| journal.flush()).context("writing the journal")?;
        }
        Ok(answer)
    }

    /// Every page of a paginated operation: the items of `list` across pages.
    async fn all(&self, operation: &str, mut input: Value, list: &str, journalled: bool) -> anyhow::Result<(Vec<Value>, Value)> {
        let mut items = Vec::new();
        loop {
            let mut page = self.call(operation, input.clone(), journalled).await?;
            if let Some(Value::Array(found)) = page.get_mut(list).map(Value::take) {
                items.extend(found);
            }
            match page.get("NextToken").and_then(Value::as_str) {
                Some(token) if !token.is_empty() => input["NextToken"] = token.into(),
                _ => return Ok((items, page)),
            }
        }
    }
}

fn retryable(e: &CallError) -> bool {
    match e {
        CallError::Service { status, .. } => matches!(status, 500 | 502 | 503 | 504),
        CallError::Transport(_) => true,
    }
}

fn from<T: DeserializeOwned>(value: Value, what: &str) -> anyhow::Result<T> {
    serde_json::from_value(value).with_context(|| format!("reading {what}"))
}

/// Where the copy goes: the instance's ARN prefix and the one it is re-pointed to.
struct Repoint {
    from: String,
    to: String,
    account: String,
}

impl Repoint {
    /// Re-points every ARN of the source instance's account and Region in `value`.
    fn apply(&self, value: &mut Value) {
        match value {
            Value::String(s) if self.from != self.to && s.starts_with(&self.from) => *s = format!("{}{}", self.to, &s[self.from.len()..]),
            Value::Array(items) => items.iter_mut().for_each(|v| self.apply(v)),
            Value::Object(map) => map.values_mut().for_each(|v| self.apply(v)),
            _ => {}
        }
    }
}

/// The record of a resource in the instance, as the server stores it.
fn record<T: Stored>(stored: &T, repoint: &Repoint, instance: &str) -> anyhow::Result<Record> {
    let mut body = serde_json::to_value(stored)?;
    repoint.apply(&mut body);
    let described = resource(T::KIND).expect("every cloned kind is a resource");
    let id = body.get(described.id).and_then(Value::as_str).with_context(|| format!("a {} without {}", T::KIND.label(), described.id))?.to_string();
    let name = body.get(described.name).and_then(Value::as_str).map(str::to_string);
    Ok(Record {
        key: Key::in_instance(&repoint.account, instance, T::KIND, &id),
        name,
        refs: stored.refs(&repoint.account, instance),
        body,
        secret: None,
    })
}

/// A password meeting Connect's policy for CONNECT_MANAGED users (8-64 characters, an upper
/// case letter, a lower case letter and a digit): 20 random letters and digits with one of
/// each class.
fn new_password() -> String {
    use rand::seq::SliceRandom;
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let mut chars: Vec<u8> = (0..17).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())]).collect();
    chars.push(b"ABCDEFGHJKLMNPQRSTUVWXYZ"[rng.gen_range(0..24)]);
    chars.push(b"abcdefghijkmnopqrstuvwxyz"[rng.gen_range(0..25)]);
    chars.push(b"23456789"[rng.gen_range(0..8)]);
    chars.shuffle(&mut rng);
    String::from_utf8(chars).expect("ASCII")
}

fn journal_path(output: &Path) -> PathBuf {
    let mut name = output.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    output.with_file_name(name)
}

/// The answers a previous run journalled.
fn read_journal(path: &Path) -> anyhow::Result<HashMap<String, Value>> {
    let mut answers = HashMap::new();
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(answers) };
    for line in text.lines() {
        // The last line may have been cut short by the interruption.
        let Ok(Value::Object(mut entry)) = serde_json::from_str::<Value>(line) else { continue };
        if let (Some(Value::String(call)), Some(answer)) = (entry.remove("call"), entry.remove("answer")) {
            answers.insert(call, answer);
        }
    }
    Ok(answers)
}

pub async fn run(args: CloneArgs) -> anyhow::Result<()> {
    let settings = config::resolve(&config::Sources {
        profile: args.profile.as_deref(),
        region: args.region.as_deref(),
        endpoint_url: args.endpoint_url.as_deref(),
        env: &|k| std::env::var(k).ok(),
    })?;
    let journal = journal_path(&args.output);
    let answers = read_journal(&journal)?;
    if !answers.is_empty() {
        eprintln!("resuming: {} answers from {}", answers.len(), journal.display());
    }
    let progress = indicatif::ProgressBar::with_draw_target(Some(0), indicatif::ProgressDrawTarget::stderr());
    progress.set_style(indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} requests {msg} [{elapsed}]").expect("a valid template"));
    let source = Arc::new(Source {
        client: Client::new(settings, false)?,
        cap: (args.rate > 0.0).then_some(args.rate),
        limiters: Mutex::new(HashMap::new()),
        journal: Mutex::new(std::fs::OpenOptions::new().create(true).append(true).open(&journal).with_context(|| format!("opening {}", journal.display()))?),
        answers,
        requests: AtomicU64::new(0),
        throttled: AtomicU64::new(0),
        reused: AtomicU64::new(0),
        progress,
    });
    let started = std::time::Instant::now();
    // Off a terminal (CI logs, a file) the bar does not draw: a line every 10 s instead.
    let ticker = (!std::io::IsTerminal::is_terminal(&std::io::stderr())).then(|| {
        let source = source.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_secs(10)).await;
                let p = &source.progress;
                eprintln!("{}/{} requests {} ({} throttled) after {} s", p.position(), p.length().unwrap_or(0), p.message(), source.throttled.load(Ordering::Relaxed), started.elapsed().as_secs());
            }
        })
    });
    let records = clone_instance(&source, &args).await;
    if let Some(t) = ticker {
        t.abort();
    }
    let records = records?;
    source.progress.finish_and_clear();

    let mut records = records;
    if let Some(path) = &args.set_passwords {
        set_passwords(&mut records, path).await?;
    }
    let n = records.len();
    let doc = snapshot::to_json(records);
    // Checked as import will check it, so that a snapshot that cannot be loaded is not written.
    snapshot::from_json(doc.clone()).context("the snapshot built is not one switchboard can load")?;
    let partial = args.output.with_extension("writing");
    {
        let file = std::fs::File::create(&partial).with_context(|| format!("creating {}", partial.display()))?;
        let mut out = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut out, &doc)?;
        out.write_all(b"\n")?;
        out.flush()?;
    }
    std::fs::rename(&partial, &args.output).with_context(|| format!("writing {}", args.output.display()))?;
    let _ = std::fs::remove_file(&journal);
    eprintln!(
        "cloned {} records into {} in {:.1} s: {} requests ({} throttled and retried), {} answers from the journal",
        n,
        args.output.display(),
        started.elapsed().as_secs_f64(),
        source.requests.load(Ordering::Relaxed),
        source.throttled.load(Ordering::Relaxed),
        source.reused.load(Ordering::Relaxed),
    );
    Ok(())
}

/// Everything in the instance, as records.
async fn clone_instance(source: &Arc<Source>, args: &CloneArgs) -> anyhow::Result<Vec<Record>> {
    let iid = args.instance_id.rsplit('/').next().unwrap_or(&args.instance_id).to_string();
    let instance_input = json!({ "InstanceId": iid });
    let described = source.call("DescribeInstance", instance_input.clone(), false).await?;
    let mut instance = described.get("Instance").cloned().context("DescribeInstance answered no Instance")?;
    let arn = instance.get("Arn").and_then(Value::as_str).context("the instance has no Arn")?.to_string();
    // arn:PARTITION:connect:REGION:ACCOUNT:instance/ID
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [_, partition, _, region, account, _] = parts[..] else { bail!("the instance's ARN {arn} is not an Amazon Connect ARN") };
    let to_account = args.to_account.clone().unwrap_or_else(|| account.to_string());
    let to_region = args.to_region.clone().unwrap_or_else(|| region.to_string());
    let repoint = Arc::new(Repoint {
        from: format!("arn:{partition}:connect:{region}:{account}:"),
        to: format!("arn:{partition}:connect:{to_region}:{to_account}:"),
        account: to_account,
    });
    let iid = instance.get("Id").and_then(Value::as_str).unwrap_or(&iid).to_string();
    let input = move || json!({ "InstanceId": iid.clone() });
    let identity = instance.get("IdentityManagementType").and_then(Value::as_str).unwrap_or_default().to_string();

    // The listings, all at once (each operation at its own pace).
    macro_rules! listing {
        ($op:literal, $list:literal) => {{
            let source = source.clone();
            let input = input();
            async move { source.all($op, input, $list, false).await.map(|(items, _)| items) }
        }};
    }
    let (attributes, structure, security_profiles, hours, queues, routing_profiles, groups, statuses, attributes_defined, flows, modules, quick_connects, prompts, users) = tokio::try_join!(
        listing!("ListInstanceAttributes", "Attributes"),
        source.call("DescribeUserHierarchyStructure", input(), false),
        listing!("ListSecurityProfiles", "SecurityProfileSummaryList"),
        listing!("ListHoursOfOperations", "HoursOfOperationSummaryList"),
        listing!("ListQueues", "QueueSummaryList"),
        listing!("ListRoutingProfiles", "RoutingProfileSummaryList"),
        listing!("ListUserHierarchyGroups", "UserHierarchyGroupSummaryList"),
        listing!("ListAgentStatuses", "AgentStatusSummaryList"),
        listing!("ListPredefinedAttributes", "PredefinedAttributeSummaryList"),
        listing!("ListContactFlows", "ContactFlowSummaryList"),
        listing!("ListContactFlowModules", "ContactFlowModulesSummaryList"),
        listing!("ListQuickConnects", "QuickConnectSummaryList"),
        listing!("ListPrompts", "PromptSummaryList"),
        listing!("ListUsers", "UserSummaryList"),
    )?;
    let planned = [&security_profiles, &hours, &routing_profiles, &groups, &statuses, &attributes_defined, &flows, &modules, &quick_connects, &prompts]
        .iter()
        .map(|l| l.len())
        .sum::<usize>()
        + 2 * (queues.len() + users.len() + security_profiles.len() + routing_profiles.len());
    source.progress.set_length(planned as u64 + 15);
    source.progress.set_message(format!("({} users)", users.len()));

    // The instance: its attributes (INBOUND_CALLS and OUTBOUND_CALLS are Instance members) and
    // its hierarchy structure.
    let mut set = Map::new();
    for a in &attributes {
        if let (Some(t), Some(v)) = (a.get("AttributeType").and_then(Value::as_str), a.get("Value").and_then(Value::as_str)) {
            if !matches!(t, "INBOUND_CALLS" | "OUTBOUND_CALLS") {
                set.insert(t.to_string(), Value::Bool(v.eq_ignore_ascii_case("true")));
            }
        }
    }
    if !set.is_empty() {
        instance["Attributes"] = Value::Object(set);
    }
    if let Some(s) = structure.get("HierarchyStructure").filter(|s| s.as_object().is_some_and(|m| !m.is_empty())) {
        instance[HIERARCHY_STRUCTURE] = s.clone();
    }
    repoint.apply(&mut instance);
    let instance_id = instance.get("Id").and_then(Value::as_str).unwrap_or_default().to_string();
    let name = instance.get("InstanceAlias").and_then(Value::as_str).unwrap_or(&instance_id).to_string();
    let mut records = vec![Record { key: Key::instance(&repoint.account, &instance_id), name: Some(name), body: instance, secret: None, refs: vec![] }];

    let ids = |items: &[Value], member: &str| -> Vec<String> { items.iter().filter_map(|i| i.get(member).and_then(Value::as_str)).map(str::to_string).collect() };
    // Each resource described (and what goes with it), each operation a stream of its own.
    // `$fetch(source, input)` for each id in turn, `$member` set to the id: one operation's stream.
    macro_rules! for_each_id {
        ($ids:expr, $member:literal, $fetch:expr) => {{
            let source = source.clone();
            let ids: Vec<String> = $ids;
            let base = input();
            async move {
                let mut out = Vec::new();
                for id in ids {
                    let mut input = base.clone();
                    input[$member] = id.into();
                    out.push($fetch(source.clone(), input).await?);
                }
                anyhow::Ok(out)
            }
        }};
    }
    // A Describe: the member `$out` of each answer.
    macro_rules! each {
        ($ids:expr, $op:literal, $member:literal, $out:literal) => {
            for_each_id!($ids, $member, |source: Arc<Source>, input| async move {
                let mut answer = source.call($op, input, true).await?;
                answer.get_mut($out).map(Value::take).with_context(|| format!("{} answered no {}", $op, $out))
            })
        };
    }
    // A List: every page's `$list`.
    macro_rules! each_all {
        ($ids:expr, $op:literal, $member:literal, $list:literal) => {
            for_each_id!($ids, $member, |source: Arc<Source>, input| async move { source.all($op, input, $list, true).await })
        };
    }
    let (sp_bodies, sp_permissions, sp_applications, hours_bodies, hours_overrides, queue_bodies, queue_qcs, rp_bodies, rp_queues, group_bodies, status_bodies, attribute_bodies, flow_bodies, module_bodies, qc_bodies, prompt_bodies, user_bodies, user_proficiencies) = tokio::try_join!(
        each!(ids(&security_profiles, "Id"), "DescribeSecurityProfile", "SecurityProfileId", "SecurityProfile"),
        each_all!(ids(&security_profiles, "Id"), "ListSecurityProfilePermissions", "SecurityProfileId", "Permissions"),
        each_all!(ids(&security_profiles, "Id"), "ListSecurityProfileApplications", "SecurityProfileId", "Applications"),
        each!(ids(&hours, "Id"), "DescribeHoursOfOperation", "HoursOfOperationId", "HoursOfOperation"),
        each_all!(ids(&hours, "Id"), "ListHoursOfOperationOverrides", "HoursOfOperationId", "HoursOfOperationOverrideList"),
        each!(ids(&queues, "Id"), "DescribeQueue", "QueueId", "Queue"),
        each_all!(ids(&queues, "Id"), "ListQueueQuickConnects", "QueueId", "QuickConnectSummaryList"),
        each!(ids(&routing_profiles, "Id"), "DescribeRoutingProfile", "RoutingProfileId", "RoutingProfile"),
        each_all!(ids(&routing_profiles, "Id"), "ListRoutingProfileQueues", "RoutingProfileId", "RoutingProfileQueueConfigSummaryList"),
        each!(ids(&groups, "Id"), "DescribeUserHierarchyGroup", "HierarchyGroupId", "HierarchyGroup"),
        each!(ids(&statuses, "Id"), "DescribeAgentStatus", "AgentStatusId", "AgentStatus"),
        each!(ids(&attributes_defined, "Name"), "DescribePredefinedAttribute", "Name", "PredefinedAttribute"),
        each!(ids(&flows, "Id"), "DescribeContactFlow", "ContactFlowId", "ContactFlow"),
        each!(ids(&modules, "Id"), "DescribeContactFlowModule", "ContactFlowModuleId", "ContactFlowModule"),
        each!(ids(&quick_connects, "Id"), "DescribeQuickConnect", "QuickConnectId", "QuickConnect"),
        each!(ids(&prompts, "Id"), "DescribePrompt", "PromptId", "Prompt"),
        each!(ids(&users, "Id"), "DescribeUser", "UserId", "User"),
        each_all!(ids(&users, "Id"), "ListUserProficiencies", "UserId", "UserProficiencyList"),
    )?;

    let iid = instance_id.as_str();
    for ((body, (permissions, _)), (applications, _)) in sp_bodies.into_iter().zip(sp_permissions).zip(sp_applications) {
        let permissions = permissions.into_iter().filter_map(|p| p.as_str().map(str::to_string)).collect();
        let applications: Vec<dto::Application> = from(Value::Array(applications), "a security profile's applications")?;
        let applications = (!applications.is_empty()).then_some(applications);
        let stored = StoredSecurityProfile { profile: from(body, "a security profile")?, permissions, applications, allowed_flow_modules: None, allowed_ai_agents: None };
        records.push(record(&stored, &repoint, iid)?);
    }
    for (body, (overrides, _)) in hours_bodies.into_iter().zip(hours_overrides) {
        let stored = StoredHours { hours: from(body, "hours of operation")?, overrides: from(Value::Array(overrides), "hours of operation overrides")? };
        records.push(record(&stored, &repoint, iid)?);
    }
    let queue_types: HashMap<&str, &str> =
        queues.iter().filter_map(|q| Some((q.get("Id")?.as_str()?, q.get("QueueType").and_then(Value::as_str).unwrap_or("STANDARD")))).collect();
    for (body, (qcs, _)) in queue_bodies.into_iter().zip(queue_qcs) {
        let queue: dto::Queue = from(body, "a queue")?;
        let queue_type = queue_types.get(queue.queue_id.as_deref().unwrap_or_default()).copied().unwrap_or("STANDARD");
        let ids = ids(&qcs, "Id");
        let stored = StoredQueue { queue, queue_type: from(Value::String(queue_type.into()), "a queue type")?, quick_connect_ids: (!ids.is_empty()).then_some(ids) };
        records.push(record(&stored, &repoint, iid)?);
    }
    for (body, (configs, _)) in rp_bodies.into_iter().zip(rp_queues) {
        let queue_configs = configs
            .into_iter()
            .map(|c| {
                from::<dto::RoutingProfileQueueConfig>(
                    json!({"QueueReference": {"QueueId": c["QueueId"], "Channel": c["Channel"]}, "Priority": c["Priority"], "Delay": c["Delay"]}),
                    "a routing profile's queue",
                )
            })
            .collect::<anyhow::Result<_>>()?;
        let stored = StoredRoutingProfile { profile: from(body, "a routing profile")?, queue_configs, manual_configs: vec![] };
        records.push(record(&stored, &repoint, iid)?);
    }
    for body in group_bodies {
        records.push(record(&from::<dto::HierarchyGroup>(body, "a hierarchy group")?, &repoint, iid)?);
    }
    for body in status_bodies {
        records.push(record(&from::<dto::AgentStatus>(body, "an agent status")?, &repoint, iid)?);
    }
    // Predefined attributes have no id in the API: each gets a new one, which users'
    // proficiencies reference.
    let mut attribute_ids = HashMap::new();
    for body in attribute_bodies {
        let stored = StoredAttribute { attribute: from(body, "a predefined attribute")?, id: uuid::Uuid::new_v4().to_string() };
        attribute_ids.insert(stored.attribute.name.clone().unwrap_or_default(), stored.id.clone());
        records.push(record(&stored, &repoint, iid)?);
    }
    for body in flow_bodies {
        records.push(record(&from::<dto::ContactFlow>(body, "a flow")?, &repoint, iid)?);
    }
    for body in module_bodies {
        records.push(record(&from::<dto::ContactFlowModule>(body, "a flow module")?, &repoint, iid)?);
    }
    for body in qc_bodies {
        let quick_connect: dto::QuickConnect = from(body, "a quick connect")?;
        let kind = quick_connect.quick_connect_config.as_ref().map(|c| serde_json::to_value(c.quick_connect_type)).transpose()?.unwrap_or(Value::Null);
        let stored = StoredQuickConnect { quick_connect, quick_connect_type: from(kind, "a quick connect type")? };
        records.push(record(&stored, &repoint, iid)?);
    }
    for body in prompt_bodies {
        records.push(record(&StoredPrompt { prompt: from(body, "a prompt")?, s3_uri: None }, &repoint, iid)?);
    }
    for (body, (proficiencies, page)) in user_bodies.into_iter().zip(user_proficiencies) {
        let proficiencies = proficiencies
            .into_iter()
            .map(|p| {
                let proficiency: dto::UserProficiency = from(p, "a proficiency")?;
                let attribute_id = attribute_ids.get(&proficiency.attribute_name).cloned().with_context(|| format!("a proficiency of an unknown predefined attribute {}", proficiency.attribute_name))?;
                anyhow::Ok(HeldProficiency { proficiency, attribute_id })
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        let modified = match (page.get("LastModifiedTime").and_then(Value::as_f64), page.get("LastModifiedRegion").and_then(Value::as_str)) {
            (Some(t), Some(r)) => Some((t, r.to_string())),
            _ => None,
        };
        let stored = StoredUser { user: from(body, "a user")?, status: None, proficiencies, proficiencies_modified: modified, traffic_distribution_group: None };
        records.push(record(&stored, &repoint, iid)?);
    }
    if identity != "CONNECT_MANAGED" && args.set_passwords.is_some() {
        bail!("--set-passwords: the instance's users are managed by {identity}, not by Connect: they have no Connect password");
    }
    Ok(records)
}

/// Gives every user a new password (hashed as the server hashes them, as many at once as it
/// would) and writes the list.
async fn set_passwords(records: &mut [Record], path: &Path) -> anyhow::Result<()> {
    // In batches of one per core: the server's hashing gate refuses what waits past 10 s.
    let users: Vec<usize> = records.iter().enumerate().filter(|(_, r)| r.key.kind == Kind::User).map(|(i, _)| i).collect();
    let batch = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let mut passwords = HashMap::new();
    for chunk in users.chunks(batch) {
        let mut hashing = tokio::task::JoinSet::new();
        for &i in chunk {
            let password = new_password();
            passwords.insert(i, password.clone());
            hashing.spawn(async move { (i, switchboard_server::service::hash_password(password).await) });
        }
        while let Some(done) = hashing.join_next().await {
            let (i, hash) = done?;
            records[i].secret = Some(hash.map_err(|e| anyhow::anyhow!("hashing a password: {}", e.message))?);
        }
    }
    let mut list = String::from("Username,Password\n");
    for i in users {
        list.push_str(&format!("{},{}\n", records[i].name.as_deref().unwrap_or_default(), passwords[&i]));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).with_context(|| format!("creating {}", path.display()))?;
    file.write_all(list.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_meet_the_policy() {
        for _ in 0..200 {
            let p = new_password();
            assert_eq!(p.len(), 20);
            assert!(p.bytes().any(|b| b.is_ascii_uppercase()) && p.bytes().any(|b| b.is_ascii_lowercase()) && p.bytes().any(|b| b.is_ascii_digit()), "{p}");
        }
    }

    #[test]
    fn arns_are_repointed_only_when_of_the_source_account_and_region() {
        let r = Repoint { from: "arn:aws:connect:eu-west-2:111111111111:".into(), to: "arn:aws:connect:us-east-1:123456789012:".into(), account: "123456789012".into() };
        let mut v = json!({"Arn": "arn:aws:connect:eu-west-2:111111111111:instance/i/agent/u", "Other": ["arn:aws:connect:eu-west-1:111111111111:instance/x", "text"],
            "Role": "arn:aws:iam::111111111111:role/r"});
        r.apply(&mut v);
        assert_eq!(v, json!({"Arn": "arn:aws:connect:us-east-1:123456789012:instance/i/agent/u", "Other": ["arn:aws:connect:eu-west-1:111111111111:instance/x", "text"],
            "Role": "arn:aws:iam::111111111111:role/r"}));
    }

    #[test]
    fn the_journal_is_next_to_the_output_and_a_cut_line_is_skipped() {
        assert_eq!(journal_path(Path::new("/tmp/x/snap.json")), PathBuf::from("/tmp/x/snap.json.partial"));
        let dir = std::env::temp_dir().join(format!("sb-clone-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        std::fs::write(&path, "{\"call\":\"DescribeUser {}\",\"answer\":{\"User\":{}}}\n{\"call\":\"Descr").unwrap();
        let answers = read_journal(&path).unwrap();
        assert_eq!(answers.len(), 1);
        assert_eq!(answers["DescribeUser {}"], json!({"User": {}}));
        std::fs::remove_dir_all(dir).unwrap();
    }
}
