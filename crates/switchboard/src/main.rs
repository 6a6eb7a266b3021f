//! The `switchboard` binary: thin; the service lives in `switchboard-server`.
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

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
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:8420")]
    listen: SocketAddr,
    /// Directory holding the embedded SQLite database (created if missing).
    #[arg(long, env = "SWITCHBOARD_DATA_DIR", default_value = "switchboard-data")]
    data_dir: PathBuf,
    /// The AWS account id every caller acts in.
    #[arg(long, env = "SWITCHBOARD_ACCOUNT_ID", default_value = "123456789012", value_parser = account_id)]
    account_id: String,
}

fn account_id(s: &str) -> Result<String, String> {
    if s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit()) {
        Ok(s.to_string())
    } else {
        Err("an AWS account id is 12 digits".into())
    }
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("SWITCHBOARD_LOG").unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    match cli.command {
        Command::Serve(args) => {
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
            runtime.block_on(switchboard_server::server::serve(switchboard_server::server::Config {
                listen: args.listen,
                data_dir: args.data_dir,
                account_id: args.account_id,
            }))
        }
    }
}
