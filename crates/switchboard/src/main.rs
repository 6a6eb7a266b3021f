//! The `switchboard` binary: thin. `switchboard serve` runs the service
//! (`switchboard-server`); every other command is the client CLI (`switchboard-cli`):
//! `switchboard create-user …`, `switchboard import-users …`.
use anyhow::Context;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;
use switchboard_server::emulate::{parse_fault_rate, Emulation, Quotas, Throttle};
use switchboard_server::server::{open_store, StoreConfig};
use switchboard_server::store::postgres::{PgOptions, DEFAULT_POOL_SIZE};
use switchboard_server::store::sqlite::DEFAULT_READERS;
use switchboard_server::service::PasswordHashing;
use switchboard_server::store::snapshot;

mod clone;

#[derive(Parser)]
#[command(name = "switchboard", version, about = "Amazon Connect's user-management API, self-hosted")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the Amazon Connect API (rest-json) over HTTP.
    Serve(ServeArgs),
    /// Write the whole state (every record with its name, body, password hash and references)
    /// as one JSON snapshot document.
    Export {
        #[command(flatten)]
        from: StoreArgs,
        /// File to write (default: standard output).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// A consistent copy of a store, taken while `serve` runs on it without stopping its
    /// writers: from --data-dir, a SQLite database file (restore it by putting it, as
    /// switchboard.db, into an empty data dir); from --database-url, a snapshot document read
    /// in one transaction (restore it with `switchboard import`).
    Backup {
        #[command(flatten)]
        from: StoreArgs,
        /// File to write; it must not exist.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Load a snapshot written by `switchboard export` into a store, in one transaction.
    Import {
        #[command(flatten)]
        into: StoreArgs,
        /// The snapshot (`-`: standard input).
        file: PathBuf,
        /// Replace whatever the store holds (without it, the store must be empty).
        #[arg(long)]
        replace: bool,
    },
    /// Copy a Connect instance (real Amazon Connect, or any endpoint) into a snapshot that
    /// `import` and `serve --seed` load: the instance and everything switchboard implements
    /// in it, with their ids, ARNs, names and tags (users without passwords, unless
    /// --set-passwords). Paced under Connect's quotas; run it again to resume.
    Clone(clone::CloneArgs),
}

/// The store an export reads or an import writes: exactly one of the two.
#[derive(clap::Args)]
#[group(required = true, multiple = false)]
struct StoreArgs {
    /// The data directory of a SQLite store.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The URL of a PostgreSQL store (postgres://user@host:port/db).
    #[arg(long)]
    database_url: Option<String>,
}

impl StoreArgs {
    fn config(self) -> StoreConfig {
        match (self.database_url, self.data_dir) {
            (Some(url), _) => StoreConfig::Postgres { url, options: PgOptions::default() },
            (None, dir) => StoreConfig::Sqlite { dir: dir.expect("clap requires one of the two"), readers: DEFAULT_READERS },
        }
    }
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on (port 0: any free port). Once ready, serve prints one line of
    /// JSON on stdout giving the address bound: {"switchboard":"ready","listen":"127.0.0.1:41234","endpoint_url":"http://127.0.0.1:41234"}.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:8420")]
    listen: SocketAddr,
    /// Keep the SQLite store in a new temporary directory, removed at exit (instead of
    /// --data-dir): a throwaway server for tests.
    #[arg(long, conflicts_with = "database_url")]
    ephemeral: bool,
    /// A snapshot (from `switchboard export` or `switchboard clone`) to load at start-up when
    /// the store is empty; POST /_switchboard/reset restores it.
    #[arg(long, env = "SWITCHBOARD_SEED", value_name = "FILE")]
    seed: Option<PathBuf>,
    /// Let POST /_switchboard/reset in even in strict mode (--credentials), for requests signed
    /// with one of its keys. Without --credentials it is always allowed.
    #[arg(long, env = "SWITCHBOARD_ALLOW_RESET")]
    allow_reset: bool,
    /// Directory holding the embedded SQLite database (created if missing).
    #[arg(long, env = "SWITCHBOARD_DATA_DIR", default_value = "switchboard-data")]
    data_dir: PathBuf,
    /// Keep the state in PostgreSQL instead (postgres://user@host:port/db): any number of
    /// replicas can serve from one database. --data-dir is then not used. TLS as libpq's
    /// sslmode (disable, allow, prefer: the default, require, verify-ca, verify-full) and
    /// sslrootcert (a PEM file, or `system`) define it.
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL")]
    database_url: Option<String>,
    /// Seconds to wait at start-up for the database to become reachable.
    #[arg(long, env = "SWITCHBOARD_DATABASE_WAIT", default_value_t = 30)]
    database_wait: u64,
    /// How passwords are hashed: `standard` (argon2id, m=19456 KiB, t=2: OWASP's minimum) or
    /// `fast` (argon2id, m=1024 KiB, t=1: for throwaway test servers, about 100 times less
    /// work). Either way a salted argon2id hash that records its parameters, never clear text.
    #[arg(long, env = "SWITCHBOARD_PASSWORD_HASHING", default_value = "standard", value_parser = |s: &str| s.parse::<PasswordHashing>())]
    password_hashing: PasswordHashing,
    /// Seconds one request's work in PostgreSQL may take, retries of deadlocks and lost
    /// connections included, before it fails with InternalServiceException (which SDKs
    /// retry) rather than wait on a database that does not answer.
    #[arg(long, env = "SWITCHBOARD_DATABASE_TIMEOUT", default_value_t = 15, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    database_timeout: u64,
    /// Database connections: with PostgreSQL, those each replica keeps (default 16;
    /// replicas × this must stay below the server's max_connections, PostgreSQL's default
    /// being 100); with SQLite, the reader connections beside the one writer (default 8).
    /// Requests that find every connection busy wait for one, at most 10 s, then get
    /// ThrottlingException.
    #[arg(long, env = "SWITCHBOARD_DATABASE_POOL_SIZE", value_parser = clap::value_parser!(u16).range(1..))]
    database_pool_size: Option<u16>,
    /// The AWS account id every caller acts in.
    #[arg(long, env = "SWITCHBOARD_ACCOUNT_ID", default_value = "123456789012", value_parser = account_id)]
    account_id: String,
    /// Strict mode: verify every request's SigV4 signature against the keys in this AWS
    /// shared-credentials file (sections with aws_access_key_id, aws_secret_access_key and
    /// account_id); each key acts in its own account.
    #[arg(long, env = "SWITCHBOARD_CREDENTIALS")]
    credentials: Option<PathBuf>,
    /// Throttle like Connect: `aws` (2 requests/s, burst 5, per account and operation) or
    /// RATE/BURST, e.g. 50/100.
    #[arg(long, env = "SWITCHBOARD_THROTTLE", value_parser = |s: &str| s.parse::<Throttle>())]
    throttle: Option<Throttle>,
    /// Enforce Connect's default resource quotas: `aws`, optionally with raised ones, e.g.
    /// aws,users-per-instance=2000.
    #[arg(long, env = "SWITCHBOARD_QUOTAS", value_parser = |s: &str| s.parse::<Quotas>())]
    quotas: Option<Quotas>,
    /// Answer this fraction (0-1) of API requests with an emulated 500 InternalServiceException
    /// or 429 ThrottlingException, before anything is changed.
    #[arg(long, env = "SWITCHBOARD_FAULT_RATE", default_value_t = 0.0, value_parser = parse_fault_rate)]
    fault_rate: f64,
    /// How many recent API requests the console's Requests page keeps (in memory, per
    /// replica; 0 keeps none).
    #[arg(long, env = "SWITCHBOARD_REQUEST_LOG_SIZE", default_value_t = switchboard_server::requests::DEFAULT_SIZE)]
    request_log_size: usize,
    /// Do not serve the web console at /console/ (on the same listener; on by default).
    #[arg(long, env = "SWITCHBOARD_NO_CONSOLE")]
    no_console: bool,
    /// The largest CSV file the console's Import page takes, in MiB (it is stored in a
    /// temporary file while the import runs).
    #[arg(long, env = "SWITCHBOARD_CONSOLE_UPLOAD_LIMIT", default_value_t = 64, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=65536))]
    console_upload_limit: u64,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Bounds on what one connection may ask of the server.
#[derive(clap::Args)]
struct LimitArgs {
    /// Seconds a client has to send a request's headers (counted from the connection's
    /// start or the previous response); an idle keep-alive connection is closed after it.
    #[arg(long, env = "SWITCHBOARD_HEADER_TIMEOUT", default_value_t = 10, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    header_timeout: u64,
    /// Seconds a client has to send a request's body once its headers are in
    /// (408 RequestTimeoutException after it); a response left unread this long closes the
    /// connection.
    #[arg(long, env = "SWITCHBOARD_BODY_TIMEOUT", default_value_t = 30, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    body_timeout: u64,
    /// Connections served at once; more wait to be accepted.
    #[arg(long, env = "SWITCHBOARD_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    max_connections: u64,
}

impl LimitArgs {
    fn limits(&self) -> switchboard_server::server::Limits {
        switchboard_server::server::Limits {
            header_timeout: Duration::from_secs(self.header_timeout),
            body_timeout: Duration::from_secs(self.body_timeout),
            max_connections: self.max_connections as usize,
            ..Default::default()
        }
    }
}

fn account_id(s: &str) -> Result<String, String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("an AWS account id is 12 digits".into())
    }
}

/// The subcommands declared above (serve, export, import) belong to the server; every other
/// first argument is the client CLI's (`create-user`, `import-users`, `help`, …).
fn is_server_command(arg: &str) -> bool {
    <Cli as clap::CommandFactory>::command().get_subcommands().any(|c| c.get_name() == arg)
}

/// `SWITCHBOARD_LOG` (default `info`), with the dependencies that would log request data
/// capped: tokio-postgres logs every statement's parameters at debug level (record bodies
/// with names, emails and phone numbers), so it never logs below info, whatever the setting.
fn log_filter() -> tracing_subscriber::EnvFilter {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SWITCHBOARD_LOG").unwrap_or_else(|_| "info".into());
    filter.add_directive("tokio_postgres=info".parse().expect("a valid directive"))
}

/// glibc gives each thread that allocates an arena of its own (up to 8 per core), and keeps
/// what is freed in it: the server's blocking threads (database reads, password hashing) would
/// each keep tens of MiB, and RSS would follow the number of threads that ever worked rather
/// than the work in progress. Two arenas are plenty for a server whose requests spend their
/// time waiting (README, "Limits").
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn bound_allocator_arenas() {
    // SAFETY: mallopt only sets a parameter of the allocator; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn bound_allocator_arenas() {}

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if !args.get(1).is_some_and(|a| is_server_command(a)) {
        std::process::exit(switchboard_cli::run(args[1..].to_vec()));
    }
    bound_allocator_arenas();
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(log_filter())
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    match cli.command {
        Command::Serve(args) => {
            switchboard_server::service::set_password_hashing(args.password_hashing);
            // Removed when serve returns (SIGTERM, Ctrl-C or a failed start-up).
            let ephemeral = if args.ephemeral {
                Some(tempfile::Builder::new().prefix("switchboard-ephemeral-").tempdir().context("creating the ephemeral data dir")?)
            } else {
                None
            };
            let data_dir = ephemeral.as_ref().map_or(args.data_dir, |d| d.path().to_path_buf());
            let store = match args.database_url {
                Some(url) => StoreConfig::Postgres {
                    url,
                    options: PgOptions {
                        connect_wait: Duration::from_secs(args.database_wait),
                        pool_size: args.database_pool_size.unwrap_or(DEFAULT_POOL_SIZE).into(),
                        timeout: Duration::from_secs(args.database_timeout),
                    },
                },
                None => StoreConfig::Sqlite { dir: data_dir, readers: args.database_pool_size.map_or(DEFAULT_READERS, usize::from) },
            };
            let result = runtime.block_on(switchboard_server::server::serve(switchboard_server::server::Config {
                listen: args.listen,
                store,
                account_id: args.account_id,
                credentials: args.credentials,
                emulation: Emulation { throttle: args.throttle, quotas: args.quotas, fault_rate: args.fault_rate },
                limits: args.limits.limits(),
                request_log_size: args.request_log_size,
                console: !args.no_console,
                console_upload_limit: args.console_upload_limit << 20,
                seed: args.seed,
                allow_reset: args.allow_reset,
            }));
            drop(ephemeral);
            result
        }
        Command::Clone(args) => runtime.block_on(clone::run(args)),
        Command::Export { from, output } => runtime.block_on(async {
            let store = open_store(&from.config()).await?;
            let n = match &output {
                Some(path) => {
                    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
                    snapshot::export(&*store, std::io::BufWriter::new(file)).await
                }
                None => snapshot::export(&*store, std::io::stdout().lock()).await,
            }
            .context("exporting the snapshot")?;
            tracing::info!(records = n, "exported");
            Ok(())
        }),
        Command::Backup { from, output } => {
            anyhow::ensure!(!output.exists(), "{} exists: a backup is written to a new file", output.display());
            match from.config() {
                StoreConfig::Sqlite { dir, .. } => {
                    switchboard_server::store::sqlite::backup(&dir, &output).with_context(|| format!("backing up {}", dir.display()))?;
                    tracing::info!(output = %output.display(), "backed up");
                    Ok(())
                }
                config => runtime.block_on(async {
                    let store = open_store(&config).await?;
                    let file = std::fs::File::create(&output).with_context(|| format!("creating {}", output.display()))?;
                    let n = snapshot::export(&*store, std::io::BufWriter::new(file)).await.context("backing up")?;
                    std::fs::File::open(&output)?.sync_all()?;
                    tracing::info!(records = n, output = %output.display(), "backed up");
                    Ok(())
                }),
            }
        }
        Command::Import { into, file, replace } => runtime.block_on(async {
            let input: Box<dyn std::io::Read + Send> = if file.as_os_str() == "-" {
                Box::new(std::io::stdin())
            } else {
                Box::new(std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?)
            };
            let store = open_store(&into.config()).await?;
            let n = snapshot::import(&*store, input, replace).await.map_err(|e| match e {
                snapshot::SnapshotError::Store(switchboard_server::store::StoreError::NotEmpty) => {
                    anyhow::anyhow!("the target store is not empty: import into an empty one, or pass --replace to overwrite it")
                }
                e => anyhow::Error::new(e).context(format!("importing {}", file.display())),
            })?;
            tracing::info!(records = n, "imported");
            Ok(())
        }),
    }
}
