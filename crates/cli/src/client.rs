//! Calling an operation: encode the input with the model's HTTP bindings, sign it (SigV4,
//! the same crate the server verifies with), send it, and read the answer — a JSON output or
//! an AWS error (`x-amzn-ErrorType` + `{"Message": …}`). Retries follow the AWS SDKs'
//! standard mode: at most `max_attempts` attempts, exponential backoff with full jitter
//! (capped at 20 s), on throttling errors, 429, 5xx and connection failures.
use crate::config::Settings;
use crate::error::CliError;
use serde_json::{Map, Value};
use std::time::Duration;
use switchboard_model::{model, validate::REDACTED, Location, Operation};

/// Error codes the SDKs treat as throttling (retried in standard mode, and what the adaptive
/// rate limiter of import-users slows down for).
pub const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

const MAX_BACKOFF: Duration = Duration::from_secs(20);

pub struct Client {
    http: reqwest::Client,
    pub settings: Settings,
    pub debug: bool,
}

/// The outcome of one attempt that reached the service.
#[derive(Debug)]
pub enum CallError {
    Service { status: u16, code: String, message: String },
    Transport(String),
}

impl CallError {
    pub fn is_throttle(&self) -> bool {
        matches!(self, CallError::Service { status, code, .. } if *status == 429 || THROTTLING_CODES.contains(&code.as_str()))
    }

    fn is_retryable(&self) -> bool {
        match self {
            CallError::Service { status, .. } => self.is_throttle() || matches!(status, 500 | 502 | 503 | 504),
            CallError::Transport(_) => true,
        }
    }

    pub fn into_cli(self, operation: &str) -> CliError {
        match self {
            CallError::Service { code, message, .. } => CliError::Service { operation: operation.to_string(), code, message },
            CallError::Transport(m) => CliError::other(m),
        }
    }
}

fn amz_date() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", now.year(), now.month() as u8, now.day(), now.hour(), now.minute(), now.second())
}

impl Client {
    pub fn new(settings: Settings, debug: bool) -> Result<Client, CliError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(60))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("switchboard-cli/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CliError::other(format!("HTTP client: {e}")))?;
        Ok(Client { http, settings, debug })
    }

    fn log(&self, what: impl FnOnce() -> String) {
        if self.debug {
            eprintln!("{} - switchboard - DEBUG - {}", time::OffsetDateTime::now_utc(), what());
        }
    }

    /// Calls `op` with retries (standard mode).
    pub async fn call(&self, op: &Operation, input: &Value) -> Result<Value, CallError> {
        let mut attempt = 1;
        loop {
            let result = self.attempt(op, input).await;
            match result {
                Err(e) if e.is_retryable() && attempt < self.settings.max_attempts => {
                    let cap = MAX_BACKOFF.min(Duration::from_secs_f64(2f64.powi(attempt as i32 - 1)));
                    let delay = cap.mul_f64(rand::random::<f64>());
                    self.log(|| format!("Retry needed ({e:?}); attempt {attempt}, retrying in {delay:?}"));
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One signed request.
    pub async fn attempt(&self, op: &Operation, input: &Value) -> Result<Value, CallError> {
        let m = model();
        let request = m.encode_input(op, input).map_err(|e| CallError::Transport(e.to_string()))?;
        let url = format!("{}{}", self.settings.endpoint, request.path_and_query());
        let parsed = reqwest::Url::parse(&url).map_err(|e| CallError::Transport(format!("Invalid endpoint: {url}: {e}")))?;
        let host = match parsed.port() {
            Some(p) => format!("{}:{p}", parsed.host_str().unwrap_or_default()),
            None => parsed.host_str().unwrap_or_default().to_string(),
        };
        let mut headers = request.headers.clone();
        headers.push(("host".into(), host));
        // The endpoint may carry a path prefix; it is part of what is signed.
        let signed_path = parsed.path().to_string();
        let query = parsed.query().unwrap_or("").to_string();
        let body = request.body.clone().unwrap_or_default();
        let sreq = switchboard_sigv4::Request { method: &request.method, path: &signed_path, query: &query, headers: &headers };
        let signed = switchboard_sigv4::sign(&sreq, &body, &self.settings.credentials, &self.settings.region, &m.signing_name, &amz_date());
        headers.extend(signed.headers);
        self.log(|| {
            let shown = op.input.as_deref().map(|s| m.redact(m.shape(s), input)).unwrap_or(Value::Null);
            format!("Making request for OperationModel(name={}) with params: {shown}", op.name)
        });
        self.log(|| {
            let visible: Vec<String> = headers
                .iter()
                .map(|(k, v)| match k.to_ascii_lowercase().as_str() {
                    "x-amz-security-token" => format!("{k}: {REDACTED}"),
                    "authorization" => format!("{k}: {}", v.split("Signature=").next().unwrap_or("").to_string() + "Signature=" + REDACTED),
                    _ => format!("{k}: {v}"),
                })
                .collect();
            format!("Sending http request: {} {url}\n{}", request.method, visible.join("\n"))
        });
        let method = reqwest::Method::from_bytes(request.method.as_bytes()).map_err(|e| CallError::Transport(e.to_string()))?;
        let mut builder = self.http.request(method, parsed);
        for (k, v) in &headers {
            builder = builder.header(k.as_str(), v.as_str());
        }
        if request.body.is_some() {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(|e| {
            let mut msg = format!("Could not connect to the endpoint URL: \"{url}\"");
            if !e.is_connect() {
                msg = format!("{msg}: {e}");
            }
            CallError::Transport(msg)
        })?;
        let status = response.status().as_u16();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        let error_type = header("x-amzn-errortype");
        let request_id = header("x-amzn-requestid");
        let output_headers: Vec<(String, String)> = op
            .output
            .as_deref()
            .map(|s| m.shape(s).members().iter().filter(|mm| mm.location == Location::Header).filter_map(|mm| header(&mm.location_name).map(|v| (mm.name.clone(), v))).collect())
            .unwrap_or_default();
        let bytes = response.bytes().await.map_err(|e| CallError::Transport(format!("reading the response: {e}")))?;
        let parsed_body: Option<Value> = serde_json::from_slice(&bytes).ok();
        self.log(|| {
            let shown = match (&parsed_body, op.output.as_deref()) {
                (Some(v), Some(s)) if status < 300 => m.redact(m.shape(s), v).to_string(),
                (Some(v), _) => v.to_string(),
                (None, _) => String::from_utf8_lossy(&bytes).into_owned(),
            };
            format!("Response: status {status}, request id {}, body: {shown}", request_id.as_deref().unwrap_or("-"))
        });
        if (200..300).contains(&status) {
            let mut out = match parsed_body {
                Some(Value::Object(map)) => map,
                _ => Map::new(),
            };
            for (k, v) in output_headers {
                out.insert(k, Value::String(v));
            }
            return Ok(Value::Object(out));
        }
        let body = parsed_body.unwrap_or(Value::Null);
        let code = error_type
            .map(|t| t.split(':').next().unwrap_or("").to_string())
            .or_else(|| body.get("__type").and_then(Value::as_str).map(|t| t.rsplit('#').next().unwrap_or(t).to_string()))
            .or_else(|| body.get("code").and_then(Value::as_str).map(str::to_string))
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| status.to_string());
        let message = body
            .get("Message")
            .or_else(|| body.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("Unknown").to_string());
        Err(CallError::Service { status, code, message })
    }
}
