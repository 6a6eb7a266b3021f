//! The harness of the aws-sdk-rust suite: starts `switchboard serve` (as
//! tests/clients/conftest.py does), hands out `aws_sdk_connect::Client`s configured through
//! aws-config as a user would, and small helpers for the resources most tests need.
//!
//! Environment:
//!   SWITCHBOARD_BIN           the server binary (default <repo>/target/release/switchboard)
//!   SWITCHBOARD_DATABASE_URL  if set, every server gets `--database-url <it>` (PostgreSQL)
use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_connect::config::Credentials;
use aws_sdk_connect::types::{InstanceSummary, PhoneType, UserIdentityInfo, UserPhoneConfig};
use aws_sdk_connect::Client;

pub const ACCOUNT: &str = "123456789012";
pub const REGION: &str = "us-east-1";
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "secret";
pub const PASSWORD: &str = "Sw1tchb0ard-Pw-Q7x";
pub const UNKNOWN_ID: &str = "00000000-0000-0000-0000-000000000000";

const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);

fn bin() -> PathBuf {
    match std::env::var_os("SWITCHBOARD_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/release/switchboard"),
    }
}

/// One `switchboard serve` process on a free loopback port, with a data dir of its own.
/// Dropped without `stop()` (a failed test), it is killed.
pub struct Server {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl Server {
    /// Starts a server with extra `serve` options and waits until `GET /health` answers 200.
    pub async fn start(args: &[&str]) -> Server {
        let bin = bin();
        assert!(bin.exists(), "switchboard binary not found at {} (cargo build --release, or set SWITCHBOARD_BIN)", bin.display());
        let dir = tempfile::Builder::new().prefix("sb-rust-").tempdir().expect("temp dir");
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
        let mut cmd = Command::new(&bin);
        cmd.arg("serve").arg("--listen").arg(format!("127.0.0.1:{port}"));
        cmd.arg("--data-dir").arg(dir.path().join("data"));
        if let Some(url) = std::env::var_os("SWITCHBOARD_DATABASE_URL").filter(|u| !u.is_empty()) {
            cmd.arg("--database-url").arg(url);
        }
        cmd.args(args).stdin(Stdio::null()).stdout(log.try_clone().unwrap()).stderr(log);
        let child = cmd.spawn().expect("spawn switchboard");
        let mut server = Server { child: Some(child), port, dir };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            if let Some(status) = server.child.as_mut().unwrap().try_wait().unwrap() {
                panic!("switchboard exited with {status} during start-up:\n{}", server.log_tail());
            }
            if server.health() {
                return server;
            }
            assert!(Instant::now() < deadline, "switchboard did not answer GET /health within {STARTUP_TIMEOUT:?}:\n{}", server.log_tail());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn health(&self) -> bool {
        let Ok(mut s) = TcpStream::connect(("127.0.0.1", self.port)) else { return false };
        let _ = s.set_read_timeout(Some(Duration::from_secs(2)));
        if s.write_all(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").is_err() {
            return false;
        }
        let mut buf = String::new();
        let _ = s.read_to_string(&mut buf);
        buf.starts_with("HTTP/1.1 200")
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn log_tail(&self) -> String {
        let log = std::fs::read(self.dir.path().join("server.log")).unwrap_or_default();
        String::from_utf8_lossy(&log[log.len().saturating_sub(4000)..]).into_owned()
    }

    /// SIGTERM, and a clean exit (status 0) within 10 s.
    pub async fn stop(mut self) {
        let mut child = self.child.take().unwrap();
        // SAFETY: kill(2) on our own child's pid.
        unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGTERM) };
        let deadline = Instant::now() + SHUTDOWN_TIMEOUT;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!("switchboard did not exit within {SHUTDOWN_TIMEOUT:?} of SIGTERM:\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(status.success(), "switchboard exited with {status} after SIGTERM:\n{}", self.log_tail());
    }

    /// A client with the suite's default key, region us-east-1 and no retries (every error
    /// reaches the test as the server sent it).
    pub async fn client(&self) -> Client {
        self.client_with(ClientOptions::default()).await
    }

    /// A client configured through aws-config, as a user would configure one.
    pub async fn client_with(&self, o: ClientOptions) -> Client {
        let config = aws_config::defaults(BehaviorVersion::latest())
            .empty_test_environment() // the machine's AWS_* variables play no part
            .endpoint_url(self.endpoint())
            .region(Region::new(o.region.unwrap_or(REGION).to_string()))
            .credentials_provider(Credentials::new(
                o.access_key.unwrap_or(ACCESS_KEY),
                o.secret_key.unwrap_or(SECRET_KEY),
                None,
                None,
                "switchboard-tests",
            ))
            .retry_config(o.retry.unwrap_or_else(RetryConfig::disabled))
            .load()
            .await;
        Client::new(&config)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[derive(Default)]
pub struct ClientOptions {
    pub region: Option<&'static str>,
    pub access_key: Option<&'static str>,
    pub secret_key: Option<&'static str>,
    pub retry: Option<RetryConfig>,
}

/// An AWS shared-credentials file for strict mode: (section, key, secret, account).
pub fn write_credentials(dir: &Path, keys: &[(&str, &str, &str, &str)]) -> PathBuf {
    let path = dir.join("credentials.ini");
    let text: String = keys
        .iter()
        .map(|(name, key, secret, account)| {
            format!("[{name}]\naws_access_key_id = {key}\naws_secret_access_key = {secret}\naccount_id = {account}\n\n")
        })
        .collect();
    std::fs::write(&path, text).unwrap();
    path
}

/// `prefix-` and 8 random hex digits.
pub fn unique(prefix: &str) -> String {
    let n: u32 = rand_u32();
    format!("{prefix}-{n:08x}")
}

/// A 12-digit account id no other test uses.
pub fn random_account() -> String {
    format!("{:012}", 100_000_000_000u64 + (rand_u32() as u64 * 211) % 800_000_000_000)
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    h.finish() as u32
}

/// A new CONNECT_MANAGED instance and the ids of the default resources Connect gives it.
pub struct Instance {
    pub id: String,
    pub arn: String,
    pub security_profiles: HashMap<String, String>,
    pub routing_profile_id: String,
    pub queue_id: String,
    pub hours_id: String,
}

impl Instance {
    pub async fn create(client: &Client) -> Instance {
        let out = client
            .create_instance()
            .identity_management_type(aws_sdk_connect::types::DirectoryType::ConnectManaged)
            .instance_alias(unique("rs"))
            .inbound_calls_enabled(true)
            .outbound_calls_enabled(true)
            .send()
            .await
            .expect("CreateInstance");
        let id = out.id().unwrap().to_string();
        let described = client.describe_instance().instance_id(&id).send().await.expect("DescribeInstance");
        assert_eq!(
            described.instance().and_then(|i| i.instance_status()),
            Some(&aws_sdk_connect::types::InstanceStatus::Active)
        );
        let sps: Vec<_> = client
            .list_security_profiles()
            .instance_id(&id)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .expect("ListSecurityProfiles");
        let rps: Vec<_> = client
            .list_routing_profiles()
            .instance_id(&id)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .expect("ListRoutingProfiles");
        let queues: Vec<_> = client
            .list_queues()
            .instance_id(&id)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .expect("ListQueues");
        let hours: Vec<_> = client
            .list_hours_of_operations()
            .instance_id(&id)
            .into_paginator()
            .items()
            .send()
            .collect::<Result<Vec<_>, _>>()
            .await
            .expect("ListHoursOfOperations");
        Instance {
            arn: out.arn().unwrap().to_string(),
            security_profiles: sps
                .iter()
                .map(|p| (p.name().unwrap().to_string(), p.id().unwrap().to_string()))
                .collect(),
            routing_profile_id: rps.iter().find(|p| p.name() == Some("Basic Routing Profile")).unwrap().id().unwrap().into(),
            queue_id: queues.iter().find(|q| q.name() == Some("BasicQueue")).unwrap().id().unwrap().into(),
            hours_id: hours.iter().find(|h| h.name() == Some("Basic Hours")).unwrap().id().unwrap().into(),
            id,
        }
    }

    pub fn security_profile(&self, name: &str) -> &str {
        &self.security_profiles[name]
    }

    /// A valid CreateUser request (SOFT_PHONE, Agent, the basic routing profile) to adjust.
    pub fn user_request(&self, client: &Client, username: &str) -> aws_sdk_connect::operation::create_user::builders::CreateUserFluentBuilder {
        client
            .create_user()
            .instance_id(&self.id)
            .username(username)
            .password(PASSWORD)
            .identity_info(UserIdentityInfo::builder().first_name("Jane").last_name("Doe").build())
            .phone_config(soft_phone(0))
            .security_profile_ids(self.security_profile("Agent"))
            .routing_profile_id(&self.routing_profile_id)
    }

    /// CreateUser with the defaults of `user_request`; returns (user id, arn).
    pub async fn create_user(&self, client: &Client, username: &str) -> (String, String) {
        let out = self.user_request(client, username).send().await.expect("CreateUser");
        (out.user_id().unwrap().to_string(), out.user_arn().unwrap().to_string())
    }
}

pub fn soft_phone(acw: i32) -> UserPhoneConfig {
    UserPhoneConfig::builder()
        .phone_type(PhoneType::SoftPhone)
        .auto_accept(false)
        .after_contact_work_time_limit(acw)
        .build()
}

/// Every instance the client's account sees in its region, through the paginator.
pub async fn all_instances(client: &Client) -> Vec<InstanceSummary> {
    client
        .list_instances()
        .into_paginator()
        .items()
        .send()
        .collect::<Result<Vec<_>, _>>()
        .await
        .expect("ListInstances")
}

/// `expect_error!(call.send(), OperationError::Variant)`: the call fails with that modelled
/// error (not `Unhandled`), which carries a message; evaluates to the exception.
#[macro_export]
macro_rules! expect_error {
    ($call:expr, $variant:path) => {{
        match $call.await {
            Ok(_) => panic!("expected {}, but the call succeeded", stringify!($variant)),
            Err(err) => {
                use aws_sdk_connect::error::ProvideErrorMetadata as _;
                let status = err.raw_response().map(|r| r.status().as_u16());
                match err.into_service_error() {
                    $variant(e) => {
                        let message = e.message().unwrap_or_default();
                        assert!(!message.is_empty(), "{} (HTTP {status:?}) without a message", stringify!($variant));
                        e
                    }
                    other => panic!(
                        "expected {}, got {:?} (code {:?}, message {:?}, HTTP {status:?})",
                        stringify!($variant),
                        other,
                        other.code(),
                        other.message()
                    ),
                }
            }
        }
    }};
}

/// `expect_common_error!(call.send(), "Code", status)`: the call fails with an error every AWS
/// service can return (not in Connect's model: the SDK gives it as unhandled, with its code),
/// with that HTTP status and a message.
#[macro_export]
macro_rules! expect_common_error {
    ($call:expr, $code:expr, $status:expr) => {{
        match $call.await {
            Ok(_) => panic!("expected {}, but the call succeeded", $code),
            Err(err) => {
                use aws_sdk_connect::error::ProvideErrorMetadata as _;
                let status = err.raw_response().map(|r| r.status().as_u16());
                assert_eq!(err.code(), Some($code), "{err:?}");
                assert_eq!(status, Some($status), "{err:?}");
                assert!(err.message().is_some_and(|m| !m.is_empty()), "{} without a message", $code);
                err
            }
        }
    }};
}

/// `items!(builder)`: every item of an operation's paginator (`into_paginator().items()`).
#[macro_export]
macro_rules! items {
    ($builder:expr) => {
        $builder.into_paginator().items().send().collect::<Result<Vec<_>, _>>().await.expect("paginator")
    };
    ($builder:expr, page_size = $n:expr) => {
        $builder.into_paginator().page_size($n).items().send().collect::<Result<Vec<_>, _>>().await.expect("paginator")
    };
}

/// `pages!(builder, page_size)`: every page of an operation's paginator.
#[macro_export]
macro_rules! pages {
    ($builder:expr, $n:expr) => {
        $builder.into_paginator().page_size($n).send().collect::<Result<Vec<_>, _>>().await.expect("paginator")
    };
}
