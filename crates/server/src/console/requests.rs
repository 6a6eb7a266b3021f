//! Requests: the request log, newest first, filtered by operation, status and key, updated
//! live (the page's script asks `/console/requests.json?after=N` every 2 s); one request's
//! page shows its bodies as the log keeps them (sensitive members redacted). A signed-in
//! key sees only its own account's requests.
use super::{esc, format_time, page, session, url, Form, Session};
use crate::http::App;
use crate::requests::{Filter, LoggedRequest};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;

pub fn routes() -> axum::Router<Arc<App>> {
    axum::Router::new()
        .route("/console/requests", get(list))
        .route("/console/requests.json", get(rows_json))
        .route("/console/requests/{seq}", get(detail))
}

/// Rows shown at most.
const SHOWN: usize = 200;

fn filter(s: &Session, app: &App, q: &Form) -> Filter {
    Filter {
        operation: q.opt("operation"),
        status: q.opt("status"),
        access_key: q.opt("key"),
        // Default mode: everyone is the default account, as on the API; strict: one's own.
        account: app.auth.console_default().is_none().then(|| s.principal.account_id.clone()),
        after: q.get("after").parse().ok(),
    }
}

fn row(r: &LoggedRequest) -> String {
    format!(
        r#"<tr data-seq="{seq}" class="{class}"><td><a href="/console/requests/{seq}">{time}</a></td><td>{key}</td><td>{account}</td><td>{op}</td><td>{status}</td><td>{code}</td><td>{ms:.1} ms</td><td>{source}</td><td class="mono">{rid}</td></tr>"#,
        seq = r.seq,
        class = if r.status >= 400 { "failed" } else { "" },
        time = esc(&format_time(r.time)),
        key = esc(&r.access_key),
        account = esc(&r.account),
        op = esc(&r.operation),
        status = r.status,
        code = esc(r.error_code.as_deref().unwrap_or("")),
        ms = r.micros as f64 / 1000.0,
        source = r.source,
        rid = esc(&r.request_id),
    )
}

async fn list(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let q = Form::query(&uri);
    let entries = app.requests.recent(&filter(&s, &app, &q), SHOWN);
    let last = entries.first().map_or(0, |r| r.seq);
    let rows: String = entries.iter().map(|r| row(r)).collect();
    let body = format!(
        r#"<form method="get" class="filters"><input name="operation" placeholder="Operation" value="{op}" aria-label="Operation"><input name="status" placeholder="Status (200, 4xx)" value="{status}" aria-label="Status"><input name="key" placeholder="Access key id" value="{key}" aria-label="Access key id"><button>Filter</button></form>
<p class="hint">The {size} most recent requests are kept in memory (<code>--request-log-size</code>); bodies are shown with sensitive members redacted. <span id="live" data-after="{last}" data-query="{query}">Live</span></p>
<table class="list" id="requests"><thead><tr><th>Time</th><th>Access key</th><th>Account</th><th>Operation</th><th>Status</th><th>Error</th><th>Latency</th><th>Source</th><th>Request id</th></tr></thead><tbody>{rows}</tbody></table>"#,
        op = esc(q.get("operation")),
        status = esc(q.get("status")),
        key = esc(q.get("key")),
        size = app.requests.capacity(),
        query = esc(&format!("operation={}&status={}&key={}", url(q.get("operation")), url(q.get("status")), url(q.get("key")))),
    );
    page(&s, "Requests", &body)
}

/// The rows after `after`, newest first, as HTML, with the newest sequence number.
async fn rows_json(State(app): State<Arc<App>>, headers: HeaderMap, uri: Uri) -> Response {
    let Some(s) = super::console(&app).session(&app, &headers).filter(|s| s.new_cookie.is_none()) else {
        return (StatusCode::UNAUTHORIZED, "sign in").into_response();
    };
    let q = Form::query(&uri);
    let entries = app.requests.recent(&filter(&s, &app, &q), SHOWN);
    let last = entries.first().map(|r| r.seq);
    let body = serde_json::json!({"last": last, "rows": entries.iter().map(|r| row(r)).collect::<String>()});
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body.to_string()).into_response()
}

async fn detail(State(app): State<Arc<App>>, headers: HeaderMap, Path(seq): Path<u64>) -> Response {
    let s = match session(&app, &headers) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let own = filter(&s, &app, &Form(Vec::new()));
    let Some(r) = app.requests.get(seq).filter(|r| own.matches(r)) else {
        return page(&s, "Request", "<p>This request is not in the log (it holds only the most recent ones).</p>");
    };
    let body = format!(
        r#"<table class="fields"><tr><th>Time</th><td>{time}</td></tr><tr><th>Operation</th><td>{op}</td></tr><tr><th>HTTP</th><td>{method} {path} → {status}</td></tr><tr><th>Error</th><td>{code}</td></tr><tr><th>Access key</th><td>{key}</td></tr><tr><th>Account</th><td>{account}</td></tr><tr><th>Latency</th><td>{ms:.1} ms</td></tr><tr><th>Request id</th><td>{rid}</td></tr><tr><th>Source</th><td>{source}</td></tr></table>
<h2>Request</h2><pre id="request-body">{req}</pre><h2>Response</h2><pre id="response-body">{resp}</pre>"#,
        time = esc(&format_time(r.time)),
        op = esc(&r.operation),
        method = esc(&r.method),
        path = esc(&r.path),
        status = r.status,
        code = esc(r.error_code.as_deref().unwrap_or("")),
        key = esc(&r.access_key),
        account = esc(&r.account),
        ms = r.micros as f64 / 1000.0,
        rid = esc(&r.request_id),
        source = r.source,
        req = esc(&r.request_body),
        resp = esc(&r.response_body),
    );
    page(&s, &format!("Request {}", r.operation), &body)
}
