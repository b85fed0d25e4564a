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
    /// Requests worked on at once; past that the relay answers 503 with Retry-After at once
    /// rather than queueing (shedding load keeps what it accepts fast).
    #[arg(long, default_value_t = RelayConfig::default().max_in_flight)]
    pub max_in_flight: usize,
    /// The push gateway that wakes members' phones (`https://…`); without it, no wakes.
    #[arg(long, env = "HEARTH_PUSH_GATEWAY", requires = "push_token")]
    pub push_gateway: Option<String>,
    /// The token the push gateway expects from this relay (`hearth push serve --relay-token`).
    #[arg(long, env = "HEARTH_PUSH_TOKEN", requires = "push_gateway")]
    pub push_token: Option<String>,
    /// Milliseconds to gather posts before their mailboxes' tickets go to the gateway (a
    /// burst in one circle wakes each phone once).
    #[arg(long, default_value_t = 1000)]
    pub wake_delay_ms: u64,
    /// Serve Prometheus metrics at `http://ADDR/metrics` (off by default; keep it on an
    /// address only your monitoring reaches).
    #[arg(long, value_name = "ADDR")]
    pub metrics_listen: Option<std::net::SocketAddr>,
    /// A load balancer or proxy (address or CIDR range) whose `X-Forwarded-For` or
    /// `Forwarded` header names the client for rate limits; repeat for several.
    #[arg(long = "trusted-proxy", value_name = "CIDR", value_parser = parse_net)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Log lines as JSON objects (one per line) rather than text. Which lines: the
    /// `HEARTH_LOG` filter (default `info`; `hearth_relay::requests=debug` adds one per request).
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Serve this file (an organisation's signed circle directory, made with
    /// `hearth directory sign`) at `/v1/directory`.
    #[arg(long, value_name = "FILE")]
    pub directory: Option<std::path::PathBuf>,
}

/// How log lines are written.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable text.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// An address (a single host) or a CIDR range.
fn parse_net(text: &str) -> Result<ipnet::IpNet, String> {
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("not an address or CIDR range: {text}"))
}

/// Sends log lines to stderr in `format`, filtered by `HEARTH_LOG` (or `RUST_LOG`).
fn init_logging(format: LogFormat) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_env("HEARTH_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    // Already set (a test harness): keep that one.
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

impl RelayArgs {
    /// The settings these arguments ask for.
    pub fn config(&self) -> RelayConfig {
        RelayConfig {
            retention: Duration::from_secs(self.retention_days.saturating_mul(24 * 3600)),
            rate_per_second: self.rate,
            rate_burst: self.burst,
            metrics_listen: self.metrics_listen,
            max_in_flight: self.max_in_flight,
            wake_delay: Duration::from_millis(self.wake_delay_ms),
            push_gateway: self
                .push_gateway
                .clone()
                .zip(self.push_token.clone())
                .map(|(url, token)| crate::wake::PushGateway { url, token }),
            trusted_proxies: self.trusted_proxies.clone(),
            directory_file: self.directory.clone(),
            ..RelayConfig::default()
        }
    }
}

/// Runs the relay on its own runtime until Ctrl-C or SIGTERM; errors are one line on stderr.
pub fn run(args: &RelayArgs) -> ExitCode {
    init_logging(args.log_format);
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
