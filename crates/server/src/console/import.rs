//! Import: a CSV in the `import-users` format, uploaded, checked, then imported. The rules are
//! [`switchboard_import`]'s, the CLI's own: the columns, the row → CreateUser input, the
//! checks against the model, the follow-ups, the summary and the report CSV. Every create
//! goes through [`super::call`], the API's code.
//!
//! 1. The upload (multipart, the CSRF token first) is streamed to a temporary file, at most
//!    `--console-upload-limit` bytes.
//! 2. The dry run: names are resolved and the users already there listed, as the CLI does,
//!    and one streaming pass checks every row; the page shows each row's result, nothing sent.
//! 3. The import: a second streaming pass sends the valid rows (8 at a time); the rows the
//!    dry run refused count as failed with their problem. The page polls the job's progress,
//!    then shows the summary and offers the failed rows as the report CSV.
//!
//! A job lives in the server process that took the upload (at most [`MAX_JOBS`] kept, the
//! oldest finished one dropped with its file); another replica does not know it.
use super::instances::tabs;
use super::{call, csrf_field, error_box, esc, for_each_page, page, session, session_for_post, url, Form, Session};
use crate::error::ApiError;
use crate::http::App;
use axum::body::Bytes;
use axum::extract::{Multipart, Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use switchboard_import::{Checked, Existing, Names, Outcome, Rows, Summary, USERS_LISTING};

/// Upload size when `--console-upload-limit` does not say otherwise: 64 MiB (about 600,000
/// rows of a typical file).
pub const DEFAULT_UPLOAD_LIMIT: u64 = 64 << 20;
/// Import jobs kept per server process.
pub const MAX_JOBS: usize = 8;
/// CreateUser calls in flight at once for one import.
const CONCURRENCY: usize = 8;
/// Rows per page of the dry run's table.
const PAGE_ROWS: u64 = 100;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new()
        .route("/console/instances/{iid}/import", get(upload_form).post(upload))
        .route("/console/instances/{iid}/import/{job}", get(job_page))
        .route("/console/instances/{iid}/import/{job}/start", post(start))
        .route("/console/instances/{iid}/import/{job}/progress.json", get(progress))
        .route("/console/instances/{iid}/import/{job}/report.csv", get(report))
        .layer(axum::extract::DefaultBodyLimit::disable())
}

enum State_ {
    /// Checked, waiting for the Import button.
    Checked,
    Running,
    Done(Summary),
    Failed(String),
}

/// One uploaded file, its dry run, and its import.
pub struct Job {
    id: String,
    instance_id: String,
    /// Who uploaded it: only that key (and account) sees it.
    access_key: String,
    account_id: String,
    filename: String,
    file: tempfile::NamedTempFile,
    names: Arc<Names>,
    existing: Arc<Existing>,
    checked: Checked,
    invalid: Arc<BTreeMap<u64, String>>,
    state: Mutex<State_>,
    done: AtomicU64,
}

/// The jobs of this server process, newest last.
#[derive(Default)]
pub struct Jobs(Mutex<VecDeque<Arc<Job>>>);

impl Jobs {
    fn get(&self, s: &Session, iid: &str, id: &str) -> Option<Arc<Job>> {
        let jobs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        jobs.iter().find(|j| j.id == id && j.instance_id == iid && j.access_key == s.principal.access_key && j.account_id == s.principal.account_id).cloned()
    }

    /// Keeps a new job, dropping the oldest one that is not running if there are too many.
    fn add(&self, job: Arc<Job>) -> Result<(), ApiError> {
        let mut jobs = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if jobs.len() >= MAX_JOBS {
            let idle = jobs.iter().position(|j| !matches!(*j.state.lock().unwrap_or_else(|e| e.into_inner()), State_::Running));
            match idle {
                Some(i) => {
                    jobs.remove(i);
                }
                None => return Err(ApiError::new("LimitExceededException", format!("{MAX_JOBS} imports are running on this server: try again when one has finished"))),
            }
        }
        jobs.push_back(job);
        Ok(())
    }
}

fn jobs(app: &App) -> &Jobs {
    &super::console(app).imports
}

async fn upload_form(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    page(&s, "Import users", &form_html(&s, &iid, super::console(&app).upload_limit, None))
}

fn form_html(s: &Session, iid: &str, limit: u64, error: Option<&ApiError>) -> String {
    let columns: String = switchboard_import::COLUMNS
        .iter()
        .map(|c| format!("<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>", c.name, if c.required { " (required)" } else { "" }, esc(c.format), esc(c.example)))
        .collect();
    format!(
        r#"{tabs}{error}<p class="lead">A CSV file in the format of <code>switchboard import-users</code>: a header line naming the columns, then one user per line. The file is checked first (a dry run: nothing is sent), then imported when you say so. At most {mib} MiB.</p>
<form method="post" action="/console/instances/{i}/import" enctype="multipart/form-data" id="import-upload" class="user-form">{csrf}
<div class="field"><label for="file">CSV file</label><input type="file" name="file" id="file" accept=".csv,text/csv" required></div>
<button type="submit">Check (dry run)</button></form>
<h2>Columns</h2><table class="list"><thead><tr><th>Column</th><th>Format</th><th>Example</th></tr></thead><tbody>{columns}</tbody></table>"#,
        tabs = tabs(iid),
        error = error.map(error_box).unwrap_or_default(),
        mib = limit >> 20,
        i = url(iid),
        csrf = csrf_field(s),
    )
}

/// The upload: the CSRF field must come before the file, which is streamed to a temporary
/// file of at most the upload limit.
async fn upload(State(app): State<Arc<App>>, headers: HeaderMap, Path(iid): Path<String>, mut multipart: Multipart) -> Response {
    let limit = super::console(&app).upload_limit;
    let mut csrf = None;
    let mut stored = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return bad_request(&e.to_string()),
        };
        match field.name() {
            Some("csrf") => csrf = Some(field.text().await.unwrap_or_default()),
            Some("file") => {
                // The token is checked before a byte of the file is stored.
                let form = Form(vec![("csrf".into(), csrf.clone().unwrap_or_default())]);
                let s = match session_for_post(&app, &headers, &form) {
                    Ok(s) => s,
                    Err(r) => return r,
                };
                let filename = field.file_name().unwrap_or("import.csv").to_string();
                match store_upload(field, limit).await {
                    Ok(file) => stored = Some((filename, file)),
                    Err(e) => {
                        let mut r = page(&s, "Import users", &form_html(&s, &iid, limit, Some(&e)));
                        *r.status_mut() = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
                        return r;
                    }
                }
            }
            _ => {}
        }
    }
    let form = Form(vec![("csrf".into(), csrf.unwrap_or_default())]);
    let s = match session_for_post(&app, &headers, &form) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some((filename, file)) = stored else { return bad_request("the form has no file") };
    match dry_run(&app, &s, &iid, filename, file).await {
        Ok(job) => super::redirect(&format!("/console/instances/{}/import/{}", url(&iid), url(&job.id))),
        Err(e) => {
            let mut r = page(&s, "Import users", &form_html(&s, &iid, limit, Some(&e)));
            *r.status_mut() = StatusCode::from_u16(e.status).unwrap_or(StatusCode::BAD_REQUEST);
            r
        }
    }
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("The upload could not be read: {message}")).into_response()
}

async fn store_upload(mut field: axum::extract::multipart::Field<'_>, limit: u64) -> Result<tempfile::NamedTempFile, ApiError> {
    let io = |e: std::io::Error| ApiError::internal(format!("storing the upload: {e}"));
    let mut file = tempfile::Builder::new().prefix("switchboard-import-").suffix(".csv").tempfile().map_err(io)?;
    let mut size = 0u64;
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if size > limit {
                        return Err(ApiError::new("LimitExceededException", format!("The file is larger than the upload limit of {} MiB (--console-upload-limit)", limit >> 20)));
                    }
                    out.write_all(&chunk).map_err(io)?;
                }
                Ok(None) => break,
                Err(e) => return Err(ApiError::invalid_request(format!("The upload could not be read: {e}"))),
            }
        }
        out.flush().map_err(io)?;
    }
    Ok(file)
}

/// The dry run: the header checked, names resolved, users listed, every row checked.
async fn dry_run(app: &App, s: &Session, iid: &str, filename: String, file: tempfile::NamedTempFile) -> Result<Arc<Job>, ApiError> {
    let path = file.path().to_path_buf();
    let headers = Rows::open(&path).map_err(|e| ApiError::invalid_request(e.replace(&path.display().to_string(), &filename)))?.headers().to_vec();
    switchboard_import::check_header(&headers).map_err(|e| ApiError::invalid_request(format!("{filename}: {e}")))?;
    let mut listings = HashMap::new();
    for l in Names::listings(&headers) {
        let mut items = Vec::new();
        for_each_page(app, s, l.operation, l.key, json!({"InstanceId": iid}), None, |page| items.extend_from_slice(page)).await?;
        listings.insert(l.operation, items);
    }
    let names = Arc::new(Names::from_listings(&listings));
    let mut existing = Existing::default();
    for_each_page(app, s, USERS_LISTING.operation, USERS_LISTING.key, json!({"InstanceId": iid}), None, |page| existing.add_summaries(page)).await?;
    existing.seal();
    let existing = Arc::new(existing);
    let (n, e, i, p) = (names.clone(), existing.clone(), iid.to_string(), path.clone());
    let checked = tokio::task::spawn_blocking(move || switchboard_import::validate(&p, &i, &n, &e))
        .await
        .map_err(|e| ApiError::internal(e.to_string()))?
        .map_err(|e| ApiError::invalid_request(e.replace(&path.display().to_string(), &filename)))?;
    let job = Arc::new(Job {
        id: uuid::Uuid::new_v4().to_string(),
        instance_id: iid.to_string(),
        access_key: s.principal.access_key.clone(),
        account_id: s.principal.account_id.clone(),
        filename,
        file,
        names,
        existing,
        invalid: Arc::new(checked.invalid.clone()),
        checked,
        state: Mutex::new(State_::Checked),
        done: AtomicU64::new(0),
    });
    jobs(app).add(job.clone())?;
    Ok(job)
}

/// The rows of one page of the dry run: line, username, result.
fn rows_page(job: &Job, page_no: u64, only_invalid: bool) -> Result<Vec<(u64, String, Result<&'static str, String>)>, String> {
    let mut out = Vec::new();
    let mut skip = page_no * PAGE_ROWS;
    for row in Rows::open(job.file.path())? {
        let row = row?;
        let problem = job.invalid.get(&row.line);
        if only_invalid && problem.is_none() {
            continue;
        }
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let username = row.cells.get("username").map_or("", |u| u.trim()).to_string();
        let result = match problem {
            Some(p) => Err(p.clone()),
            None if job.existing.contains(&username) => Ok("exists: will be skipped"),
            None => Ok("valid"),
        };
        out.push((row.line, username, result));
        if out.len() as u64 == PAGE_ROWS {
            break;
        }
    }
    Ok(out)
}

fn count(label: &str, n: u64, id: &str) -> String {
    format!(r#"<div class="count" id="{id}"><span class="n">{n}</span>{}</div>"#, esc(label))
}

async fn job_page(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, id)): Path<(String, String)>, uri: Uri) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(job) = jobs(&app).get(&s, &iid, &id) else { return not_found(&s, &iid) };
    let q = Form::query(&uri);
    let page_no = q.get("page").parse::<u64>().unwrap_or(0);
    let only_invalid = q.get("show") == "invalid";
    let base = format!("/console/instances/{}/import/{}", url(&iid), url(&id));
    let c = &job.checked;
    let counts = [count("rows", c.rows, "rows"), count("valid, to create", c.to_send(), "to-create"), count("exist: skipped", c.existing, "to-skip"), count("invalid", c.invalid.len() as u64, "invalid")].concat();
    let status = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        State_::Checked => format!(
            r#"<div class="notice" role="status" id="dry-run">Dry run: every row is checked, nothing was sent. {advice}</div>
<form method="post" action="{base}/start" id="import-start">{csrf}<button type="submit">Import {n} user(s)</button></form>"#,
            advice = if c.invalid.is_empty() { String::new() } else { format!("The {} invalid row(s) will not be sent: they count as failed, and are in the report.", c.invalid.len()) },
            csrf = csrf_field(&s),
            n = c.to_send(),
        ),
        State_::Running => format!(
            r#"<div class="notice" role="status" id="import-progress" data-url="{base}/progress.json">Importing: <progress max="{total}" value="{done}"></progress> <span class="done">{done}</span> of {total} rows</div>"#,
            total = c.rows,
            done = job.done.load(Ordering::Relaxed),
        ),
        State_::Done(summary) => format!(
            r#"<div class="{class}" role="status" id="import-summary">{summary}</div>{report}"#,
            class = if summary.failed.is_empty() { "notice" } else { "error" },
            report = if summary.failed.is_empty() {
                String::new()
            } else {
                format!(r#"<p><a class="button" id="import-report" href="{base}/report.csv" download>Download the failed rows (report CSV)</a></p>"#)
            },
        ),
        State_::Failed(e) => format!(r#"<div class="error" role="alert" id="import-failed">The import stopped: {}</div>"#, esc(e)),
    };
    let j = job.clone();
    let rows = match tokio::task::spawn_blocking(move || rows_page(&j, page_no, only_invalid)).await.unwrap_or_else(|e| Err(e.to_string())) {
        Ok(rows) => rows,
        Err(e) => return page(&s, "Import users", &format!("{}{}", tabs(&iid), error_box(&ApiError::internal(e)))),
    };
    let table: String = rows
        .iter()
        .map(|(line, username, result)| match result {
            Ok(r) => format!(r#"<tr data-row="{line}"><td>{line}</td><td>{}</td><td>{r}</td></tr>"#, esc(username)),
            Err(e) => format!(r#"<tr class="failed" data-row="{line}"><td>{line}</td><td>{}</td><td>{}</td></tr>"#, esc(username), esc(e)),
        })
        .collect();
    let shown = if only_invalid { c.invalid.len() as u64 } else { c.rows };
    let filter = if only_invalid { "&amp;show=invalid" } else { "" };
    let mut paging = format!("Rows {}–{} of {shown}.", (page_no * PAGE_ROWS + 1).min(shown), (page_no * PAGE_ROWS + rows.len() as u64));
    if page_no > 0 {
        paging.push_str(&format!(r#" <a href="{base}?page={}{filter}">Previous</a>"#, page_no - 1));
    }
    if (page_no + 1) * PAGE_ROWS < shown {
        paging.push_str(&format!(r#" <a href="{base}?page={}{filter}" rel="next">Next</a>"#, page_no + 1));
    }
    paging.push_str(&if only_invalid { format!(r#" <a href="{base}">Show every row</a>"#) } else { format!(r#" <a href="{base}?show=invalid">Show only invalid rows</a>"#) });
    let body = format!(
        r#"{tabs}<p class="lead">File <b>{file}</b>.</p><div class="counts">{counts}</div>{status}
<h2>Every row's check</h2><table class="list" id="import-rows"><thead><tr><th>Row</th><th>Username</th><th>Result</th></tr></thead><tbody>{table}</tbody></table><p class="paging">{paging}</p>
<p><a href="/console/instances/{i}/import">Import another file</a></p>"#,
        tabs = tabs(&iid),
        file = esc(&job.filename),
        i = url(&iid),
    );
    page(&s, "Import users", &body)
}

fn not_found(s: &Session, iid: &str) -> Response {
    let mut r = page(
        s,
        "Import users",
        &format!(r#"{}<div class="error" role="alert">No such import on this server: imports are kept by the server process that took the upload (the last {MAX_JOBS}).</div>"#, tabs(iid)),
    );
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

async fn start(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, id)): Path<(String, String)>, body: Bytes) -> Response {
    let f = Form::parse(&body);
    let s = match session_for_post(&app, &headers, &f) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(job) = jobs(&app).get(&s, &iid, &id) else { return not_found(&s, &iid) };
    {
        let mut state = job.state.lock().unwrap_or_else(|e| e.into_inner());
        if !matches!(*state, State_::Checked) {
            // Started already (a second click, or another tab).
            return super::redirect(&format!("/console/instances/{}/import/{}", url(&iid), url(&id)));
        }
        *state = State_::Running;
    }
    let principal = s.principal.clone();
    let calls = {
        let app = app.clone();
        move |operation: &'static str, input: Value| {
            let (app, s) = (app.clone(), Session { principal: principal.clone(), csrf: String::new(), new_cookie: None });
            async move { call(&app, &s, operation, input).await.map_err(|e| switchboard_import::CallError { code: Some(e.code.to_string()), message: e.message }) }
        }
    };
    let progress = {
        let job = job.clone();
        move |_: u64, _: &Outcome| {
            job.done.fetch_add(1, Ordering::Relaxed);
        }
    };
    let task_job = job.clone();
    tokio::spawn(async move {
        let job = task_job;
        let result = switchboard_import::send(job.file.path().to_path_buf(), job.instance_id.clone(), job.names.clone(), job.existing.clone(), job.invalid.clone(), CONCURRENCY, calls, progress).await;
        *job.state.lock().unwrap_or_else(|e| e.into_inner()) = match result {
            Ok(summary) => State_::Done(summary),
            Err(e) => State_::Failed(e.replace(&job.file.path().display().to_string(), &job.filename)),
        };
    });
    super::redirect(&format!("/console/instances/{}/import/{}", url(&iid), url(&id)))
}

async fn progress(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, id)): Path<(String, String)>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(job) = jobs(&app).get(&s, &iid, &id) else { return json_response(StatusCode::NOT_FOUND, json!({"state": "unknown"})) };
    let mut body = json!({"done": job.done.load(Ordering::Relaxed), "total": job.checked.rows});
    body["state"] = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        State_::Checked => json!("checked"),
        State_::Running => json!("running"),
        State_::Done(summary) => {
            body["summary"] = json!(summary.to_string());
            json!("done")
        }
        State_::Failed(e) => {
            body["error"] = json!(e);
            json!("failed")
        }
    };
    json_response(StatusCode::OK, body)
}

fn json_response(status: StatusCode, body: Value) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body.to_string()).into_response()
}

/// The failed rows as the CLI writes them (`row`, the input's columns, `error`).
async fn report(State(app): State<Arc<App>>, headers: HeaderMap, Path((iid, id)): Path<(String, String)>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let Some(job) = jobs(&app).get(&s, &iid, &id) else { return not_found(&s, &iid) };
    let failed = match &*job.state.lock().unwrap_or_else(|e| e.into_inner()) {
        State_::Done(summary) => summary.failed.clone(),
        // Before the import: the invalid rows, as the CLI reports them when it refuses a file.
        _ => (*job.invalid).clone(),
    };
    let j = job.clone();
    let csv = match tokio::task::spawn_blocking(move || {
        let mut csv = Vec::new();
        switchboard_import::write_report(&mut csv, j.file.path(), &failed).map(|_| csv)
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()))
    {
        Ok(csv) => csv,
        Err(e) => return page(&s, "Import users", &error_box(&ApiError::internal(e))),
    };
    let stem = job.filename.strip_suffix(".csv").unwrap_or(&job.filename);
    let disposition = format!("attachment; filename=\"{}.failed.csv\"", stem.replace(['"', '\\', '\r', '\n'], "_"));
    let mut r = (StatusCode::OK, [(header::CONTENT_TYPE, "text/csv; charset=utf-8")], csv).into_response();
    if let Ok(v) = header::HeaderValue::from_str(&disposition) {
        r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    r
}
