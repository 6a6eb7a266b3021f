//! The web console at `/console/`, on the API's listener (`--no-console` turns it off):
//! instances, users, resources and the request log, in server-rendered HTML with a little
//! JavaScript, every asset in the binary.
//!
//! Every change goes through [`crate::http::run_operation`], the code the API runs: the
//! console builds the operation's input from the model's types, and the operation's rules and
//! errors are the API's (the create form shows the API's message next to the field its path
//! names). The console's calls appear in the request log, marked `console`.
//!
//! Sessions are cookies (HttpOnly, SameSite=Strict, Path=/console) signed with HMAC-SHA256:
//! in strict mode (`--credentials`) with a key derived from the signed-in access key's secret,
//! so any replica with the same credentials file accepts them, and a key removed from the
//! file ends its sessions; in default mode (no sign-in, the default account, as the API) with
//! a key made at start-up. Every state-changing form carries a CSRF token derived from the
//! session. Failed sign-ins are throttled per access key id.
mod import;
mod instances;
mod requests;
mod resources;
mod users;

use crate::auth::Principal;
use crate::error::ApiError;
use crate::http::App;
use crate::requests::LoggedRequest;
use crate::service::{now_epoch_seconds, Ctx};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hmac::Mac;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use switchboard_model::model;

/// HMAC-SHA256.
pub(crate) fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

const COOKIE: &str = "sb_console";
/// Before sign-in: what the sign-in form's CSRF token is bound to.
const PRE_COOKIE: &str = "sb_console_pre";
/// How long a session lasts.
const SESSION_SECONDS: i64 = 12 * 3600;
/// Failed sign-ins of one access key id allowed before the next must wait.
const FREE_FAILURES: u32 = 5;
/// How long a key whose sign-ins keep failing waits between attempts.
const LOCKOUT: Duration = Duration::from_secs(60);

pub struct Console {
    /// Signs default-mode sessions and sign-in forms.
    local_key: [u8; 32],
    /// Failed sign-ins by access key id: how many in a row, and when the last was.
    failures: Mutex<HashMap<String, (u32, Instant)>>,
    /// The Import page's jobs (in this process).
    imports: import::Jobs,
    /// The largest CSV the Import page takes, in bytes (`--console-upload-limit`).
    pub upload_limit: u64,
}

impl Default for Console {
    fn default() -> Self {
        Console::new()
    }
}

impl Console {
    pub fn new() -> Console {
        Console { local_key: rand::random(), failures: Mutex::new(HashMap::new()), imports: import::Jobs::default(), upload_limit: import::DEFAULT_UPLOAD_LIMIT }
    }
}

/// The console's routes (merged into the API's router unless `--no-console`).
pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new()
        .route("/console", get(home))
        .route("/console/", get(home))
        .route("/console/assets/console.css", get(css))
        .route("/console/assets/console.js", get(js))
        .route("/console/signin", get(sign_in_page).post(sign_in))
        .route("/console/signout", axum::routing::post(sign_out))
        .merge(instances::routes())
        .merge(users::routes())
        .merge(resources::routes())
        .merge(requests::routes())
        .merge(import::routes())
}

/// A signed-in (or default-mode) browser.
pub struct Session {
    pub principal: Principal,
    /// The token every state-changing form carries.
    pub csrf: String,
    /// A session made for this request (default mode, first visit): its cookie is set on
    /// the response.
    new_cookie: Option<String>,
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).find_map(|c| {
        let (k, v) = c.trim().split_once('=')?;
        (k == name).then(|| v.to_string())
    })
}

fn set_cookie(name: &str, value: &str, max_age: i64) -> String {
    format!("{name}={value}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={max_age}")
}

impl Console {
    /// The session key of a cookie's key id: the access key's (strict), or the local one.
    fn session_key(&self, app: &App, key_id: &str) -> Option<(Vec<u8>, Principal)> {
        match app.auth.console_default() {
            Some(p) if key_id == "-" => Some((self.local_key.to_vec(), p)),
            Some(_) => None,
            None => app.auth.console_session_key(key_id),
        }
    }

    fn make_cookie(&self, key: &[u8], key_id: &str) -> String {
        let expires = now_epoch_seconds() as i64 + SESSION_SECONDS;
        let nonce = hex::encode(rand::random::<[u8; 16]>());
        let payload = format!("{key_id}.{expires}.{nonce}");
        format!("{payload}.{}", hex::encode(hmac(key, payload.as_bytes())))
    }

    fn csrf_of(key: &[u8], cookie: &str) -> String {
        hex::encode(hmac(key, format!("csrf:{cookie}").as_bytes()))
    }

    /// The browser's session: its cookie's, if valid; in default mode a new one otherwise.
    fn session(&self, app: &App, headers: &HeaderMap) -> Option<Session> {
        if let Some(value) = cookie(headers, COOKIE) {
            let parts: Vec<&str> = value.split('.').collect();
            if let [key_id, expires, nonce, sig] = parts.as_slice() {
                if let Some((key, principal)) = self.session_key(app, key_id) {
                    let payload = format!("{key_id}.{expires}.{nonce}");
                    let valid = hex::decode(sig).is_ok_and(|s| {
                        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&key).expect("any key length");
                        mac.update(payload.as_bytes());
                        mac.verify_slice(&s).is_ok()
                    });
                    if valid && expires.parse::<i64>().is_ok_and(|e| e > now_epoch_seconds() as i64) {
                        return Some(Session { principal, csrf: Self::csrf_of(&key, &value), new_cookie: None });
                    }
                }
            }
        }
        let principal = app.auth.console_default()?;
        let value = self.make_cookie(&self.local_key, "-");
        Some(Session { principal, csrf: Self::csrf_of(&self.local_key, &value), new_cookie: Some(value) })
    }
}

pub(crate) fn console(app: &App) -> &Console {
    app.console.as_ref().expect("console routes exist only with a console")
}

/// The session of a page request, or the redirect to the sign-in page.
pub(crate) fn session(app: &App, headers: &HeaderMap) -> Result<Session, Response> {
    console(app).session(app, headers).ok_or_else(|| redirect("/console/signin"))
}

/// The session of a form post whose CSRF token is right; 403 otherwise.
pub(crate) fn session_for_post(app: &App, headers: &HeaderMap, form: &Form) -> Result<Session, Response> {
    let s = session(app, headers)?;
    if s.new_cookie.is_some() || form.get("csrf") != s.csrf {
        return Err((StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], "The form's CSRF token is missing or wrong: reload the page and try again.").into_response());
    }
    Ok(s)
}

pub(crate) fn redirect(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to.to_string())]).into_response()
}

/// A decoded form (or query string).
pub(crate) struct Form(pub Vec<(String, String)>);

impl Form {
    pub fn parse(body: &[u8]) -> Form {
        Form(crate::http::parse_query(&String::from_utf8_lossy(body)))
    }

    pub fn query(uri: &Uri) -> Form {
        Form(crate::http::parse_query(uri.query().unwrap_or("")))
    }

    /// The first value of `name`, trimmed ("" if absent).
    pub fn get(&self, name: &str) -> &str {
        self.0.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
    }

    /// The value of `name` if not empty.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_string()).filter(|v| !v.is_empty())
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()).collect()
    }
}

/// HTML-escaped text.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encoded for a URL's path segment or query value.
pub(crate) fn url(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The hidden CSRF field of a form.
pub(crate) fn csrf_field(s: &Session) -> String {
    format!(r#"<input type="hidden" name="csrf" value="{}">"#, esc(&s.csrf))
}

/// A whole page: the navigation, `title`, `body`.
pub(crate) fn page(s: &Session, title: &str, body: &str) -> Response {
    let signed_in = if s.principal.access_key == "console" {
        format!(r#"<span class="who">account {}</span>"#, esc(&s.principal.account_id))
    } else {
        format!(
            r#"<span class="who">{} · account {}</span><form method="post" action="/console/signout" class="inline">{}<button>Sign out</button></form>"#,
            esc(&s.principal.access_key),
            esc(&s.principal.account_id),
            csrf_field(s)
        )
    };
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title} · switchboard</title>
<link rel="stylesheet" href="/console/assets/console.css"><script src="/console/assets/console.js" defer></script></head>
<body><header><a class="brand" href="/console/">switchboard</a><nav><a href="/console/instances">Instances</a><a href="/console/requests">Requests</a></nav>{signed_in}</header>
<main><h1>{title}</h1>{body}</main></body></html>"#,
        title = esc(title)
    );
    let mut response = html_response(StatusCode::OK, html);
    if let Some(c) = &s.new_cookie {
        response.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&set_cookie(COOKIE, c, SESSION_SECONDS)).expect("cookie is ASCII"));
    }
    response
}

pub(crate) fn html_response(status: StatusCode, html: String) -> Response {
    let mut r = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'self'; frame-ancestors 'none'; form-action 'self'"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Runs an operation for the session's caller through the API's own code, and logs it in
/// the request log (source `console`).
pub(crate) async fn call(app: &App, s: &Session, name: &'static str, input: Value) -> Result<Value, ApiError> {
    let started = Instant::now();
    let time = now_epoch_seconds();
    let op = model().operation(name).expect("the console calls modelled operations");
    let request_body = crate::requests::shown(op.input.as_deref(), &input);
    let ctx = Ctx { store: app.store.clone(), principal: s.principal.clone(), now: time };
    let result = crate::http::run_operation(&ctx, name, input).await;
    let (status, error_code, response_body) = match &result {
        Ok(out) => (200, None, crate::requests::shown(op.output.as_deref(), out)),
        Err(e) => (e.status, Some(e.code.to_string()), crate::requests::shown(None, &e.body())),
    };
    let elapsed = started.elapsed();
    crate::metrics::metrics().request(name, status, error_code.as_deref(), elapsed.as_secs_f64());
    app.requests.push(LoggedRequest {
        seq: 0,
        time,
        access_key: s.principal.access_key.clone(),
        account: s.principal.account_id.clone(),
        method: "CONSOLE".into(),
        path: String::new(),
        operation: name.to_string(),
        status,
        error_code,
        micros: elapsed.as_micros() as u64,
        request_id: uuid::Uuid::new_v4().to_string(),
        source: "console",
        request_body,
        response_body,
    });
    result
}

/// Every item of a List* operation (following NextToken), at most 100 pages of at most 100.
pub(crate) async fn list_all(app: &App, s: &Session, name: &'static str, key: &str, input: Value) -> Result<Vec<Value>, ApiError> {
    let mut items = Vec::new();
    for_each_page(app, s, name, key, input, Some(100), |page| items.extend_from_slice(page)).await?;
    Ok(items)
}

/// Each page of a List* operation's items (following NextToken), `max_pages` at most. A page
/// is the largest the operation's MaxResults allows (ListInstances: 10), at most 100 when
/// the pages are bounded, else at most 1000.
pub(crate) async fn for_each_page(app: &App, s: &Session, name: &'static str, key: &str, mut input: Value, max_pages: Option<usize>, mut each: impl FnMut(&[Value])) -> Result<(), ApiError> {
    let m = model();
    let page_size = m
        .operation(name)
        .and_then(|op| op.input.as_deref())
        .and_then(|shape| m.shape(shape).member("MaxResults"))
        .and_then(|member| m.shape(&member.shape).max)
        .map_or(100, |max| (max as i64).min(if max_pages.is_some() { 100 } else { 1000 }));
    for _ in 0..max_pages.unwrap_or(usize::MAX) {
        input["MaxResults"] = page_size.into();
        let out = call(app, s, name, input.clone()).await?;
        each(out.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default());
        match out.get("NextToken").and_then(Value::as_str) {
            Some(t) => input["NextToken"] = t.into(),
            None => break,
        }
    }
    Ok(())
}

/// An error box (the API's code and message).
pub(crate) fn error_box(e: &ApiError) -> String {
    format!(r#"<div class="error" role="alert"><b>{}</b>: {}</div>"#, esc(e.code), esc(&e.message))
}

/// A JSON value as nested HTML tables (every member, in the model's names).
pub(crate) fn json_table(v: &Value) -> String {
    match v {
        Value::Object(map) if !map.is_empty() => {
            let rows: String = map.iter().map(|(k, v)| format!("<tr><th>{}</th><td>{}</td></tr>", esc(k), json_table(v))).collect();
            format!(r#"<table class="fields">{rows}</table>"#)
        }
        Value::Array(items) if !items.is_empty() => format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{}</li>", json_table(i))).collect::<String>()),
        Value::String(s) => esc(s),
        Value::Null => String::new(),
        other => esc(&other.to_string()),
    }
}

/// `2026-12-01 09:46:45.769` (UTC).
pub(crate) fn format_time(epoch: f64) -> String {
    let format = time::format_description::parse_borrowed::<2>("[year]-[month]-[day] [hour]:[minute]:[second].[subsecond digits:3]").expect("a valid format");
    time::OffsetDateTime::from_unix_timestamp_nanos((epoch * 1000.0).round() as i128 * 1_000_000)
        .ok()
        .and_then(|t| t.format(&format).ok())
        .unwrap_or_default()
}

async fn home(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match session(&app, &headers) {
        Ok(_) => redirect("/console/instances"),
        Err(r) => r,
    }
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], include_str!("console.css")).into_response()
}

async fn js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "max-age=300")], include_str!("console.js")).into_response()
}

fn sign_in_html(app: &App, pre: &str, error: Option<&str>, key: &str) -> Response {
    let token = Console::csrf_of(&console(app).local_key, pre);
    let error = error.map(|e| format!(r#"<div class="error" role="alert">{}</div>"#, esc(e))).unwrap_or_default();
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · switchboard</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body><main class="signin"><h1>switchboard</h1><p>Sign in with an access key from the server's credentials file.</p>{error}
<form method="post" action="/console/signin"><input type="hidden" name="csrf" value="{token}">
<label>Access key id <input name="access_key" value="{key}" autocomplete="username" required></label>
<label>Secret access key <input name="secret" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></main></body></html>"#,
        key = esc(key)
    );
    let mut r = html_response(if error.is_empty() { StatusCode::OK } else { StatusCode::UNAUTHORIZED }, html);
    r.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&set_cookie(PRE_COOKIE, pre, 3600)).expect("ASCII"));
    r
}

async fn sign_in_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    if app.auth.console_default().is_some() {
        return redirect("/console/instances");
    }
    let pre = cookie(&headers, PRE_COOKIE).filter(|p| p.len() == 32 && p.bytes().all(|b| b.is_ascii_hexdigit())).unwrap_or_else(|| hex::encode(rand::random::<[u8; 16]>()));
    sign_in_html(&app, &pre, None, "")
}

async fn sign_in(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    if app.auth.console_default().is_some() {
        return redirect("/console/instances");
    }
    let form = Form::parse(&body);
    let c = console(&app);
    let pre = cookie(&headers, PRE_COOKIE).unwrap_or_default();
    if pre.is_empty() || form.get("csrf") != Console::csrf_of(&c.local_key, &pre) {
        return (StatusCode::FORBIDDEN, "The form's CSRF token is missing or wrong: reload the page and try again.").into_response();
    }
    let key = form.get("access_key").to_string();
    {
        let failures = c.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((n, last)) = failures.get(&key) {
            let wait = LOCKOUT.saturating_sub(last.elapsed());
            if *n >= FREE_FAILURES && !wait.is_zero() {
                let mut r = sign_in_html(&app, &pre, Some(&format!("Too many failed sign-ins for this key: try again in {} s.", wait.as_secs() + 1)), &key);
                *r.status_mut() = StatusCode::TOO_MANY_REQUESTS;
                return r;
            }
        }
    }
    match app.auth.console_sign_in(&key, form.get("secret")) {
        Some(_) => {
            c.failures.lock().unwrap_or_else(|e| e.into_inner()).remove(&key);
            let (session_key, _) = app.auth.console_session_key(&key).expect("a key that signs in has a session key");
            let value = c.make_cookie(&session_key, &key);
            let mut r = redirect("/console/instances");
            r.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&set_cookie(COOKIE, &value, SESSION_SECONDS)).expect("ASCII"));
            r
        }
        None => {
            let mut failures = c.failures.lock().unwrap_or_else(|e| e.into_inner());
            if failures.len() > 10_000 {
                failures.retain(|_, (_, last)| last.elapsed() < LOCKOUT);
            }
            let entry = failures.entry(key.clone()).or_insert((0, Instant::now()));
            *entry = (entry.0 + 1, Instant::now());
            drop(failures);
            sign_in_html(&app, &pre, Some("The access key id or the secret is wrong."), &key)
        }
    }
}

async fn sign_out(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = Form::parse(&body);
    if let Err(r) = session_for_post(&app, &headers, &form) {
        return r;
    }
    let mut r = redirect("/console/signin");
    r.headers_mut().append(header::SET_COOKIE, HeaderValue::from_str(&set_cookie(COOKIE, "", 0)).expect("ASCII"));
    r
}
