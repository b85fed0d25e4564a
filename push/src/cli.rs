//! The gateway's command line, shared by `hearth push serve` and the `hearth-push` binary.

use crate::GatewayConfig;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

/// How to run the gateway.
#[derive(clap::Args, Debug, Clone)]
pub struct PushArgs {
    /// Address to listen on (put it behind a TLS-terminating proxy, or on this computer).
    #[arg(long, default_value = "127.0.0.1:8790")]
    pub listen: String,
    /// Where the gateway keeps its keys and registrations.
    #[arg(long, default_value = "push-gateway")]
    pub dir: PathBuf,
    /// A token a relay presents to hand over wake tickets; repeat for several relays.
    #[arg(long = "relay-token", env = "HEARTH_PUSH_RELAY_TOKEN", required = true)]
    pub relay_tokens: Vec<String>,
    /// Seconds between two wakes of one device, at the least.
    #[arg(long, default_value_t = 30)]
    pub coalesce_secs: u64,
    /// An address range UnifiedPush endpoints may be in beside public addresses (for a
    /// private distributor, or tests on this computer); repeat for several.
    #[arg(long = "allow", value_name = "CIDR")]
    pub allow: Vec<ipnet::IpNet>,
    /// Registration requests (add, change, delete) one address may make per minute. Behind
    /// a reverse proxy every device shares the proxy's address: raise it there.
    #[arg(long, default_value_t = 20)]
    pub registrations_per_minute: u32,
    /// Who runs this gateway, for push services (`mailto:…` or `https://…`).
    #[arg(long, default_value = "mailto:admin@localhost")]
    pub contact: String,
    /// Send through FCM with this service account's JSON key file.
    #[arg(long, value_name = "FILE")]
    pub fcm_service_account: Option<PathBuf>,
    /// Send through APNs with this `.p8` key (needs --apns-key-id, --apns-team-id,
    /// --apns-topic).
    #[arg(long, value_name = "FILE", requires_all = ["apns_key_id", "apns_team_id", "apns_topic"])]
    pub apns_key: Option<PathBuf>,
    /// The APNs key's id.
    #[arg(long)]
    pub apns_key_id: Option<String>,
    /// The Apple developer team id.
    #[arg(long)]
    pub apns_team_id: Option<String>,
    /// The iOS app's bundle id.
    #[arg(long)]
    pub apns_topic: Option<String>,
    /// Use APNs's development environment (apps built for development).
    #[arg(long)]
    pub apns_sandbox: bool,
}

impl PushArgs {
    /// The settings these arguments ask for (reading the FCM and APNs key files).
    pub fn config(&self) -> Result<GatewayConfig, String> {
        let fcm = self
            .fcm_service_account
            .as_ref()
            .map(|path| {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                crate::providers::fcm::FcmConfig::from_service_account(&text)
            })
            .transpose()?;
        let apns = match (
            &self.apns_key,
            &self.apns_key_id,
            &self.apns_team_id,
            &self.apns_topic,
        ) {
            (Some(path), Some(key_id), Some(team_id), Some(topic)) => {
                Some(crate::providers::apns::ApnsConfig {
                    team_id: team_id.clone(),
                    key_id: key_id.clone(),
                    private_key_pem: std::fs::read_to_string(path)
                        .map_err(|e| format!("cannot read {}: {e}", path.display()))?,
                    topic: topic.clone(),
                    api_base: if self.apns_sandbox {
                        "https://api.sandbox.push.apple.com".into()
                    } else {
                        "https://api.push.apple.com".into()
                    },
                })
            }
            _ => None,
        };
        Ok(GatewayConfig {
            relay_tokens: self.relay_tokens.clone(),
            coalesce: Duration::from_secs(self.coalesce_secs),
            allow: self.allow.clone(),
            contact: self.contact.clone(),
            registrations_per_minute: self.registrations_per_minute,
            fcm,
            apns,
            ..GatewayConfig::default()
        })
    }
}

/// Runs the gateway until Ctrl-C or SIGTERM; errors are one line on stderr.
pub fn run(args: &PushArgs) -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("HEARTH_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .try_init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the gateway's runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result: Result<(), String> = runtime.block_on(async {
        std::fs::create_dir_all(&args.dir)
            .map_err(|e| format!("cannot make {}: {e}", args.dir.display()))?;
        let listener = tokio::net::TcpListener::bind(&args.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
        let config = args.config()?;
        let handle = crate::start(listener, &args.dir, config).map_err(|e| e.to_string())?;
        println!("hearth push gateway listening on {}", handle.url());
        let token = handle.shutdown_token();
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            token.cancel();
        });
        handle
            .wait()
            .await
            .map_err(|e| format!("serving failed: {e}"))
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
