//! The relay's command line, shared by `hearth relay` and the `hearth-relay` binary, so the
//! two cannot drift apart.

use crate::RelayConfig;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// How to run the relay.
#[derive(clap::Args, Debug, Clone)]
pub struct RelayArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: String,
    /// Where the relay keeps its records: a SQLite file (one relay process), or a
    /// `postgres://user@host/database` URL (several relay processes may share it; add
    /// `?sslmode=require` for TLS to the database).
    #[arg(long, env = "HEARTH_RELAY_DB", default_value = "relay.db")]
    pub db: String,
    /// Connections to PostgreSQL this relay process keeps open at most.
    #[arg(long, default_value_t = 16)]
    pub db_pool: usize,
    /// A CA certificate (PEM) to trust for TLS to PostgreSQL, beside the public roots.
    #[arg(long)]
    pub db_ca: Option<PathBuf>,
    /// Days to keep circle messages and Welcomes.
    #[arg(long, default_value_t = 30)]
    pub retention_days: u64,
    /// Requests per second per client address (sustained).
    #[arg(long, default_value_t = RelayConfig::default().rate_per_second)]
    pub rate: u32,
    /// Requests per client address in a burst.
    #[arg(long, default_value_t = RelayConfig::default().rate_burst)]
    pub burst: u32,
    /// Serve HTTPS and WSS with this certificate chain (PEM; needs --tls-key). Without it the
    /// relay speaks plain HTTP, which phones accept only on this computer.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's private key (PEM; needs --tls-cert).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl RelayArgs {
    /// The settings these arguments ask for.
    pub fn config(&self) -> RelayConfig {
        RelayConfig {
            retention: Duration::from_secs(self.retention_days.saturating_mul(24 * 3600)),
            rate_per_second: self.rate,
            rate_burst: self.burst,
            ..RelayConfig::default()
        }
    }
}

/// Runs the relay on its own runtime until Ctrl-C or SIGTERM; errors are one line on stderr.
pub fn run(args: &RelayArgs) -> ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the relay's runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::tls::TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        }),
        _ => None,
    };
    let mut db = crate::Database::from_arg(&args.db);
    if let crate::Database::Postgres(options) = &mut db {
        options.pool_size = args.db_pool;
        options.ca_file = args.db_ca.clone();
    }
    match runtime.block_on(crate::run_until_signal(
        &args.listen,
        &db,
        args.config(),
        tls.as_ref(),
    )) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
