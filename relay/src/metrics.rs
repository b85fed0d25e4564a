//! The relay's metrics in Prometheus's text format, served on a listen address of their own
//! (`--metrics-listen`, off by default) so they are never reachable where phones connect.
//!
//! No label carries a mailbox, device, code or address: routes are the matched path
//! templates (`/v1/mailboxes/{mailbox_id}/messages`), statuses are numbers.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A request's route and answer.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    status: u16,
}

/// A request's route.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

/// Latency buckets from 0.5 ms to about 16 s.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// How long store calls take (each store records into its own; registered beside the rest).
#[derive(Clone, Debug)]
pub struct StoreLatency(Histogram);

impl Default for StoreLatency {
    fn default() -> Self {
        StoreLatency(latency_histogram())
    }
}

impl StoreLatency {
    /// Records one call that started at `started`.
    pub fn since(&self, started: Instant) {
        self.0.observe(started.elapsed().as_secs_f64());
    }
}

/// Every metric the relay keeps.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Family<RouteLabels, Histogram>,
    sockets: Gauge,
    deliveries: Counter,
    notice_lag: Histogram,
    shed: Counter,
    wakes_sent: Counter,
    wakes_dropped: Counter,
}

impl Metrics {
    /// Registers every metric, with the store's latency.
    pub fn new(store_latency: &StoreLatency) -> Metrics {
        let mut registry = Registry::with_prefix("hearth_relay");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "HTTP requests by route and status",
            requests.clone(),
        );
        let request_seconds =
            Family::<RouteLabels, Histogram>::new_with_constructor(latency_histogram as fn() -> _);
        registry.register(
            "request_seconds",
            "Time to answer an HTTP request, by route",
            request_seconds.clone(),
        );
        let sockets = Gauge::default();
        registry.register("live_sockets", "Open live WebSockets", sockets.clone());
        let deliveries = Counter::default();
        registry.register(
            "deliveries",
            "Messages handed to live sockets",
            deliveries.clone(),
        );
        let notice_lag = latency_histogram();
        registry.register(
            "notice_lag_seconds",
            "From another node's commit to its notice arriving here",
            notice_lag.clone(),
        );
        registry.register(
            "store_seconds",
            "Time a store call takes, waiting for the database included",
            store_latency.0.clone(),
        );
        let shed = Counter::default();
        registry.register(
            "shed",
            "Requests answered 503 at once because the relay was at capacity",
            shed.clone(),
        );
        let wakes_sent = Counter::default();
        registry.register(
            "wake_tickets_sent",
            "Wake tickets handed to the push gateway",
            wakes_sent.clone(),
        );
        let wakes_dropped = Counter::default();
        registry.register(
            "wake_tickets_dropped",
            "Wake tickets the push gateway did not take (away, or refused)",
            wakes_dropped.clone(),
        );
        Metrics {
            wakes_sent,
            wakes_dropped,
            shed,
            registry,
            requests,
            request_seconds,
            sockets,
            deliveries,
            notice_lag,
        }
    }

    /// Counts tickets the gateway took.
    pub fn wakes_sent(&self, n: usize) {
        self.wakes_sent.inc_by(n as u64);
    }

    /// Counts tickets the gateway did not take.
    pub fn wakes_dropped(&self, n: usize) {
        self.wakes_dropped.inc_by(n as u64);
    }

    /// Counts a request shed at capacity.
    pub fn shed(&self) {
        self.shed.inc();
    }

    /// Counts messages handed to live sockets (`reached` of them).
    pub fn delivered(&self, reached: usize) {
        self.deliveries.inc_by(reached as u64);
    }

    /// Counts a live socket opened; the guard counts it closed when dropped.
    pub fn socket_opened(self: &Arc<Self>) -> SocketGuard {
        self.sockets.inc();
        SocketGuard(Arc::clone(self))
    }

    /// Records how late another node's notice arrived.
    pub fn observe_notice_lag(metrics: &Metrics, lag: Duration) {
        metrics.notice_lag.observe(lag.as_secs_f64());
    }

    /// The text exposition.
    pub fn render(&self) -> String {
        let mut text = String::new();
        // Writing into a String cannot fail.
        let _ = prometheus_client::encoding::text::encode(&mut text, &self.registry);
        text
    }
}

/// Counts a live socket while it is open.
pub struct SocketGuard(Arc<Metrics>);

impl Drop for SocketGuard {
    fn drop(&mut self) {
        self.0.sockets.dec();
    }
}

/// Middleware: counts each request by route and status and times it.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let started = Instant::now();
    let response = next.run(request).await;
    // The route's template and the status only: no address, id or payload.
    tracing::debug!(
        target: "hearth_relay::requests",
        route = %route,
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "request"
    );
    metrics
        .request_seconds
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// The metrics endpoint's router (`GET /metrics`).
pub fn router(metrics: Arc<Metrics>) -> axum::Router {
    axum::Router::new()
        .route(
            "/metrics",
            axum::routing::get(|State(metrics): State<Arc<Metrics>>| async move {
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    metrics.render(),
                )
                    .into_response()
            }),
        )
        .with_state(metrics)
}
