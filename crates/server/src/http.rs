//! The rest-json protocol over HTTP: route by method and URI template, authenticate, decode
//! and validate the input against the model, run the operation, encode its output, and
//! answer errors the way AWS does: status from the error shape, `x-amzn-ErrorType`, a body
//! with the message (under `Message` and `message`) and the shape's other members, and
//! `x-amzn-RequestId` on every response. Every error of a routed request is resolved against
//! the operation's modelled errors first ([`ApiError::resolve`]).
use crate::auth::{Authenticator, RequestParts};
use crate::conn::BodyTimedOut;
use crate::emulate::Emulator;
use crate::error::ApiError;
use crate::limits::{Gate, DEFAULT_WAIT};
use crate::ops;
use crate::requests::{LoggedRequest, RequestLog};
use crate::service::{now_epoch_seconds, Ctx};
use crate::store::{Record, Store};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use hyper::body::Body as _;
use tokio::sync::OwnedSemaphorePermit;
use axum::routing::{get, post};
use serde_json::Value;
use std::sync::Arc;
use switchboard_model::{model, Location};

/// Largest request body accepted (AWS API Gateway's own limit is 10 MiB; Connect's
/// user-management inputs are far smaller).
pub const DEFAULT_MAX_BODY: usize = 1 << 20;

/// Request bodies up to this size are read without drawing on the body budget: the
/// connection cap bounds them (1,024 connections × 16 KiB = 16 MiB), and every request of
/// a well-behaved client is far smaller.
pub const FREE_BODY: usize = 16 << 10;

/// Bytes of larger request bodies held at once, across every connection, from the moment
/// they are read until the request is authenticated and decoded (docs/rules.md, *Limits*).
pub const DEFAULT_BODY_BUDGET: usize = 64 << 20;

pub struct App {
    pub store: Arc<dyn Store>,
    pub auth: Arc<dyn Authenticator>,
    pub max_body: usize,
    /// Throttling and faults (`--throttle`, `--fault-rate`); [`Emulator::off`] by default.
    pub emulator: Emulator,
    /// The body budget: one permit per byte of a body larger than [`FREE_BODY`].
    pub bodies: Gate,
    /// The recent requests, for the console (`--request-log-size`).
    pub requests: RequestLog,
    /// The web console at `/console/` (None: `--no-console`).
    pub console: Option<crate::console::Console>,
    /// Whether `POST /_switchboard/reset` may empty the store (see [`reset`]).
    pub reset: ResetPolicy,
    /// The records `serve --seed` started with: what a reset restores (None: it empties).
    pub seed: Option<Arc<Vec<Record>>>,
}

/// Who may call `POST /_switchboard/reset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResetPolicy {
    /// Anyone (the default without `--credentials`: every caller is trusted anyway).
    Open,
    /// A request signed with one of the strict-mode keys (`--credentials` with `--allow-reset`).
    Signed,
    /// Nobody (`--credentials` without `--allow-reset`).
    Refused,
}

impl App {
    /// An application with the default bounds.
    pub fn new(store: Arc<dyn Store>, auth: Arc<dyn Authenticator>, emulator: Emulator) -> App {
        App {
            store,
            auth,
            max_body: DEFAULT_MAX_BODY,
            emulator,
            bodies: Gate::new("request body memory", DEFAULT_BODY_BUDGET, DEFAULT_WAIT),
            requests: RequestLog::new(crate::requests::DEFAULT_SIZE),
            console: Some(crate::console::Console::new()),
            reset: ResetPolicy::Open,
            seed: None,
        }
    }
}

/// Where the reset endpoint lives: outside every Connect route (theirs all start with a
/// resource name, none with `_`).
pub const RESET_PATH: &str = "/_switchboard/reset";

pub fn router(app: Arc<App>) -> axum::Router {
    let mut router = axum::Router::new().route("/health", get(health)).route("/metrics", get(metrics)).route(RESET_PATH, post(reset));
    if app.console.is_some() {
        router = router.merge(crate::console::routes());
    }
    router.fallback(handle).with_state(app)
}

/// `POST /_switchboard/reset`: puts the whole store (every account) back as it was at
/// start-up: empty, or holding the `--seed` snapshot. One transaction: a concurrent request
/// sees the state before or after, never a part. Answers `{"records": N}` (the records now
/// held). For test suites: see README, "In your tests".
async fn reset(State(app): State<Arc<App>>, request: Request) -> Response {
    let result = async {
        match app.reset {
            ResetPolicy::Open => {}
            ResetPolicy::Refused => {
                return Err(ApiError::new(
                    "AccessDeniedException",
                    "Resetting is not allowed in strict mode (--credentials) unless the server was started with --allow-reset",
                ))
            }
            ResetPolicy::Signed => {
                let (parts, body) = request.into_parts();
                let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
                let request = |body| RequestParts {
                    method: parts.method.as_str(),
                    path: parts.uri.path(),
                    query: parts.uri.query().unwrap_or(""),
                    header: &header,
                    headers: &parts.headers,
                    body,
                };
                app.auth.precheck(&request(b""))?;
                let (body, _budget) = read_body(body, &parts.headers, app.max_body, &app.bodies).await?;
                app.auth.authenticate(&request(&body))?;
            }
        }
        let records = app.seed.as_deref().cloned().unwrap_or_default();
        let n = records.len();
        app.store.restore(records.into(), true).await.map_err(ApiError::from)?;
        tracing::info!(records = n, "store reset");
        Ok(n)
    }
    .await;
    with_request_id(match result {
        Ok(n) => (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], serde_json::json!({ "records": n }).to_string()).into_response(),
        Err(e) => error_response(&e),
    })
}

async fn metrics() -> Response {
    let text = crate::metrics::metrics().render();
    (StatusCode::OK, [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}

/// 200 `{"status":"ok"}` while the store can serve; 503 `{"status":"unavailable", …}` while
/// it cannot (PostgreSQL unreachable), so that a load balancer routes around the replica.
async fn health(State(app): State<Arc<App>>) -> Response {
    let json = [(header::CONTENT_TYPE, "application/json")];
    let response = match app.store.ready().await {
        Ok(()) => (StatusCode::OK, json, r#"{"status":"ok"}"#.to_string()).into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "not ready: the store cannot serve");
            let body = serde_json::json!({"status": "unavailable", "reason": "the database is not reachable"});
            (StatusCode::SERVICE_UNAVAILABLE, json, body.to_string()).into_response()
        }
    };
    with_request_id(response)
}

pub fn with_request_id(mut response: Response) -> Response {
    let id = uuid::Uuid::new_v4().to_string();
    response.headers_mut().insert(HeaderName::from_static("x-amzn-requestid"), HeaderValue::from_str(&id).expect("uuid is a header value"));
    response
}

/// Decoded query pairs (`+` is a space, as in form encoding).
pub use switchboard_model::route::parse_query;

/// What the request log and the metrics learn of a request as it is processed.
#[derive(Default)]
struct Trace {
    operation: Option<&'static str>,
    access_key: String,
    account: String,
    request_body: String,
    response_body: String,
}

async fn handle(State(app): State<Arc<App>>, request: Request) -> Response {
    let started = std::time::Instant::now();
    let time = now_epoch_seconds();
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let mut trace = Trace::default();
    let result = process(&app, request, &mut trace).await;
    let error_code = result.as_ref().err().map(|e| e.code);
    let response = match result {
        Ok(response) => response,
        Err(e) => {
            trace.response_body = crate::requests::shown(None, &e.body());
            let mut response = error_response(&e);
            if e.status == 408 {
                // The rest of the body may never come: do not wait for it on this connection.
                response.headers_mut().insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            response
        }
    };
    let response = with_request_id(response);
    let operation = trace.operation.unwrap_or("-");
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    let request_id = response.headers().get("x-amzn-requestid").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    tracing::info!(
        target: "switchboard::access",
        %method,
        operation,
        status,
        micros = elapsed.as_micros() as u64,
        request_id,
        "request"
    );
    if trace.operation.is_none() {
        tracing::debug!(%path, "unrouted request");
    }
    crate::metrics::metrics().request(operation, status, error_code, elapsed.as_secs_f64());
    app.requests.push(LoggedRequest {
        seq: 0,
        time,
        access_key: trace.access_key,
        account: trace.account,
        method,
        path,
        operation: operation.to_string(),
        status,
        error_code: error_code.map(str::to_string),
        micros: elapsed.as_micros() as u64,
        request_id,
        source: "api",
        request_body: trace.request_body,
        response_body: trace.response_body,
    });
    response
}

/// Runs operation `name` for `ctx`'s caller on a decoded `input`: the model's validation,
/// then the operation (in its idempotency token), its errors resolved against the
/// operation's modelled list. Every front end (the HTTP API, the console) goes through here.
pub async fn run_operation(ctx: &Ctx, name: &str, input: Value) -> Result<Value, ApiError> {
    let op = model().operation(name).ok_or_else(|| ApiError::not_implemented(name))?;
    let result = async {
        if !ops::IMPLEMENTED.contains(&name) {
            return Err(ApiError::not_implemented(name));
        }
        if let Some(shape) = &op.input {
            let violations = model().validate(shape, &input);
            if !violations.is_empty() {
                return Err(ApiError::validation(&violations));
            }
        }
        ops::dispatch(ctx, name, input).await.unwrap_or_else(|| Err(ApiError::not_implemented(name)))
    }
    .await;
    result.map_err(|e| e.resolve(&op.errors))
}

pub fn error_response(e: &ApiError) -> Response {
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = e.body().to_string();
    let mut response = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
    response.headers_mut().insert(HeaderName::from_static("x-amzn-errortype"), HeaderValue::from_static(e.code));
    response
}

/// Reads the whole body, at most `max` bytes whether or not a Content-Length announces it
/// (chunked bodies are counted as they arrive). A body larger than [`FREE_BODY`] (or of
/// unknown size) first takes its size from `budget`, given back when the permit is dropped;
/// when the budget stays spent, ThrottlingException.
async fn read_body(body: Body, headers: &HeaderMap, max: usize, budget: &Gate) -> Result<(Bytes, Option<OwnedSemaphorePermit>), ApiError> {
    let too_large = || ApiError::new("RequestEntityTooLargeException", format!("Request body is larger than {max} bytes"));
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > max as u64) {
        return Err(too_large());
    }
    let size = body.size_hint().exact().map_or(max, |n| n as usize).min(max);
    let permit = if size > FREE_BODY { Some(budget.enter_many(size).await?) } else { None };
    let bytes = axum::body::to_bytes(body, max).await.map_err(|e| {
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
        while let Some(c) = cause {
            if c.is::<BodyTimedOut>() {
                return ApiError::new("RequestTimeoutException", "The request body did not arrive in time");
            }
            if c.is::<http_body_util::LengthLimitError>() {
                return too_large();
            }
            cause = c.source();
        }
        ApiError::serialization(format!("The request body could not be read: {e}"))
    })?;
    Ok((bytes, permit))
}

async fn process(app: &App, request: Request, trace: &mut Trace) -> Result<Response, ApiError> {
    let (parts, body) = request.into_parts();
    let query = parse_query(parts.uri.query().unwrap_or(""));
    let Some(routed) = model().route(parts.method.as_str(), parts.uri.path(), &query) else {
        return Err(ApiError::new("UnknownOperationException", format!("No Amazon Connect operation matches {} {}", parts.method, parts.uri.path())));
    };
    let op = routed.operation;
    let name: &'static str = op.name.as_str();
    trace.operation = Some(name);
    let result = async {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let request = |body| RequestParts {
            method: parts.method.as_str(),
            path: parts.uri.path(),
            query: parts.uri.query().unwrap_or(""),
            header: &header,
            headers: &parts.headers,
            body,
        };
        if let Ok(auth) = crate::auth::authorization(&request(b"")) {
            trace.access_key = auth.access_key;
        }
        // What can be refused without the body is, before the body is read.
        app.auth.precheck(&request(b""))?;
        let (body, budget) = read_body(body, &parts.headers, app.max_body, &app.bodies).await?;
        let principal = app.auth.authenticate(&request(&body))?;
        trace.account = principal.account_id.clone();
        app.emulator.before(&principal.account_id, &principal.region, name)?;
        // What is not built says so whatever the input: a validation error would suggest
        // that a corrected request could succeed.
        if !ops::IMPLEMENTED.contains(&name) {
            return Err(ApiError::not_implemented(name));
        }
        let repeated = model().repeated_query(op, &query);
        if !repeated.is_empty() {
            return Err(ApiError::validation(&repeated));
        }
        let input = match model().decode_input(op, &routed.labels, &query, &header, &body) {
            Ok(input) => input,
            Err(e) => {
                trace.request_body = crate::requests::shown_raw(op.input.as_deref(), &body);
                return Err(ApiError::serialization(e.0));
            }
        };
        trace.request_body = crate::requests::shown(op.input.as_deref(), &input);
        // The raw body is done with: its bytes go back to the budget.
        drop((body, budget));
        let ctx = Ctx { store: app.store.clone(), principal, now: now_epoch_seconds() };
        let output = run_operation(&ctx, name, input).await?;
        trace.response_body = crate::requests::shown(op.output.as_deref(), &output);
        Ok(encode_output(op.output.as_deref(), output))
    }
    .await;
    result.map_err(|e| e.resolve(&op.errors))
}

/// Members bound to headers go to headers; the rest is the JSON body.
fn encode_output(shape: Option<&str>, output: Value) -> Response {
    let mut body = match output {
        Value::Object(map) => map,
        _ => Default::default(),
    };
    let mut headers = Vec::new();
    if let Some(shape) = shape {
        for m in model().shape(shape).members().iter().filter(|m| m.location == Location::Header) {
            if let Some(v) = body.remove(&m.name) {
                let text = match v {
                    Value::String(s) => s,
                    other => other.to_string(),
                };
                headers.push((m.location_name.clone(), text));
            }
        }
    }
    let mut response = (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], Value::Object(body).to_string()).into_response();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (HeaderName::from_bytes(name.as_bytes()), HeaderValue::from_str(&value)) {
            response.headers_mut().insert(n, v);
        }
    }
    response
}
