//! The relay's settings, with the defaults `hearth relay` starts with.

use std::time::Duration;

/// How the relay behaves; every limit in one place.
#[derive(Clone, Debug)]
pub struct RelayConfig {
    /// Mailbox messages and Welcomes older than this are deleted (default 30 days).
    pub retention: Duration,
    /// An invite record is deleted this long after its expiry, used or not (default 1 day),
    /// so a facilitator's phone that was offline when the code was used can still finish.
    pub invite_grace: Duration,
    /// How long an uploaded KeyPackage is served (default 28 days).
    pub key_package_ttl: Duration,
    /// How often the retention sweep runs.
    pub sweep_every: Duration,
    /// Largest request body accepted, in bytes (default 1 MiB: a Welcome to 200 members is
    /// about 90 KiB in base64).
    pub max_body: usize,
    /// Requests per second allowed per client address, sustained.
    pub rate_per_second: u32,
    /// Requests allowed in a burst per client address.
    pub rate_burst: u32,
    /// Most one-time KeyPackages a device may hold.
    pub max_key_packages: u32,
    /// Most messages returned by one fetch.
    pub max_fetch: u32,
    /// How long a session token is valid.
    pub session_ttl: Duration,
    /// How long a challenge nonce is valid.
    pub challenge_ttl: Duration,
    /// How long after claiming one of a device's KeyPackages the claimer may leave that
    /// device a Welcome, one per claim (default 1 day: an adder offline after its commit
    /// still delivers).
    pub welcome_grant: Duration,
    /// Welcomes one device's inbox holds at most; more are refused (`quota_exceeded`).
    pub inbox_max: u32,
    /// Welcomes in one inbox page.
    pub inbox_page: u32,
    /// KeyPackages one device may claim per hour, of anyone's (a facilitator filling a
    /// large circle at once stays well below).
    pub claims_per_claimer_per_hour: u32,
    /// KeyPackages of one device anyone may claim per hour (so a stranger cannot drain a
    /// device's one-time KeyPackages and leave only its last resort, which links circles).
    pub claims_per_device_per_hour: u32,
    /// Times a device's last-resort KeyPackage is served per day; after that, none is.
    pub last_resort_per_day: u32,
    /// Bytes of messages one mailbox holds at most (anonymous writers share no other quota;
    /// a busy circle of 50 keeps a few MiB for the retention time).
    pub mailbox_bytes_max: u64,
    /// Reports one circle's facilitator inbox takes per day.
    pub reports_per_day: u32,
    /// Drops one inbox takes per day (a circle's join requests, or answers to one person).
    pub drops_per_day: u32,
    /// Wake tickets one epoch of a mailbox holds at most (a circle has at most 50 people,
    /// each with a phone or two).
    pub tickets_per_mailbox: u32,
    /// Requests worked on at once; more are answered 503 `busy` at once (see `shed.rs`).
    /// The default keeps a SQLite relay's waits near 100 ms at its full rate.
    pub max_in_flight: usize,
    /// The push gateway that wakes members' phones (none: no wakes).
    pub push_gateway: Option<crate::wake::PushGateway>,
    /// How long appends are gathered before their mailboxes' tickets go to the gateway.
    pub wake_delay: Duration,
    /// Where to serve Prometheus `/metrics` (off when none; keep it off the public address).
    pub metrics_listen: Option<std::net::SocketAddr>,
    /// Proxies (load balancers) whose `X-Forwarded-For` / `Forwarded` headers name the
    /// client; from anyone else those headers are ignored.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// An organisation's signed circle directory to serve at `/v1/directory` (read afresh
    /// for each request, so a new listing needs no restart). The relay does not check it:
    /// phones check the organisation's signature.
    pub directory_file: Option<std::path::PathBuf>,
}

impl Default for RelayConfig {
    fn default() -> Self {
        RelayConfig {
            retention: Duration::from_secs(30 * 24 * 3600),
            invite_grace: Duration::from_secs(24 * 3600),
            key_package_ttl: Duration::from_secs(28 * 24 * 3600),
            sweep_every: Duration::from_secs(3600),
            max_body: 1 << 20,
            rate_per_second: 50,
            rate_burst: 200,
            max_key_packages: 200,
            max_fetch: 500,
            session_ttl: Duration::from_secs(3600),
            challenge_ttl: Duration::from_secs(120),
            welcome_grant: Duration::from_secs(24 * 3600),
            inbox_max: 100,
            inbox_page: 20,
            claims_per_claimer_per_hour: 120,
            claims_per_device_per_hour: 10,
            last_resort_per_day: 3,
            mailbox_bytes_max: 256 << 20,
            reports_per_day: 200,
            drops_per_day: 100,
            max_in_flight: 256,
            tickets_per_mailbox: 128,
            metrics_listen: None,
            push_gateway: None,
            wake_delay: Duration::from_secs(1),
            trusted_proxies: Vec::new(),
            directory_file: None,
        }
    }
}
