//! `hearth-relay`: the relay on its own (the CLI's `hearth relay` runs the same thing).

use clap::Parser;
use hearth_relay::RelayConfig;
use std::path::PathBuf;
use std::process::ExitCode;

/// The Hearth relay: stores and forwards MLS ciphertext, never plaintext.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: String,
    /// The SQLite database file.
    #[arg(long, default_value = "relay.db")]
    db: PathBuf,
    /// Days to keep mailbox messages and Welcomes.
    #[arg(long, default_value_t = 30)]
    retention_days: u64,
    /// Requests per second per client address (sustained).
    #[arg(long, default_value_t = 50)]
    rate: u32,
    /// Requests per client address in a burst.
    #[arg(long, default_value_t = 200)]
    burst: u32,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("hearth-relay: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        let config = RelayConfig {
            retention: std::time::Duration::from_secs(args.retention_days * 24 * 3600),
            rate_per_second: args.rate,
            rate_burst: args.burst,
            ..RelayConfig::default()
        };
        match hearth_relay::run_until_signal(&args.listen, &args.db, config).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("hearth-relay: {e}");
                ExitCode::FAILURE
            }
        }
    })
}
