//! Prometheus metrics of one application: its own recorder (no process-wide state), the HTTP
//! request middleware, the `/metrics` handler and the business counters services record.
//!
//! Built on the [`metrics`] facade with `metrics-exporter-prometheus` as the recorder, used as a
//! local recorder: several applications in one process (the tests start dozens) keep apart.
//!
//! # Metric names
//!
//! HTTP (recorded by [`track`]):
//! - `http_requests_total{method,route,status}` — counter, one per answered request.
//! - `http_request_duration_seconds{method,route}` — histogram, time until the response head is
//!   ready (body streaming not included); buckets 5 ms .. 10 s.
//!
//! `route` is the route template (`/hotels/{slug}`) or `unmatched` (fallback, 404s, static
//! assets served by the fallback) — never the raw path, which would make label values unbounded.
//! `method` is the standard method name or `OTHER`; `status` is the numeric status code.
//!
//! Business (recorded through [`Metrics`]; `hotel` is the hotel slug, a bounded set):
//! - `bookings_confirmed_total{hotel}`, `bookings_sold_out_total{hotel}`,
//!   `bookings_cancelled_total{hotel}`, `bookings_idempotent_replays_total`, and the money:
//!   `bookings_value_minor_total{hotel,currency}` and `bookings_cancelled_value_minor_total{hotel,currency}`
//!   (taxes included, in the currency's integer minor unit: cents, or yen).
//! - Email delivery: `vs_emails_sent_total{kind}`, `vs_emails_failed_total{kind}`,
//!   `vs_email_attempts_total{outcome}`, `vs_emails_pending`.
//! - Booking events and admin alerts (`sink` is `stream`, OCI Streaming, or `topic`, OCI
//!   Notifications; `type` the short event type, `booking.created`, …):
//!   `vs_events_written_total{type}` (committed to the outbox), `vs_events_published_total{sink}`,
//!   `vs_event_publish_attempts_total{sink,outcome}` (outcome: published, retry, parked,
//!   unavailable — an outage, not counted against the event), and the gauges
//!   `vs_events_pending{sink}`, `vs_events_parked{sink}`, `vs_events_oldest_pending_seconds{sink}`
//!   (the lag: age of the oldest unpublished one), set by the event relay.
//! - `vs_emails_oldest_pending_seconds` and `vs_webhook_deliveries_oldest_pending_seconds`:
//!   the email and webhook lag, set by their relays.
//!
//! Sampled at each scrape ([`sampled`]): `vs_build_info{version,revision}`, `vs_ready`,
//! `vs_db_pool_connections{state}` and `vs_db_pool_max_connections`.
mod describe;
mod http;
pub mod oci_post;
pub mod sampled;
pub mod window;

pub use http::track;
pub use window::{Journey, Outbox, Window};

use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle, PrometheusRecorder};

/// Histogram buckets (seconds) for web latencies: 5 ms .. 10 s.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often a running application drains histogram samples between scrapes.
pub const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// Content type of the Prometheus text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// One application's metrics: cheap to clone, shared by its routers, services and relay.
#[derive(Clone)]
pub struct Metrics {
    recorder: Arc<PrometheusRecorder>,
    handle: PrometheusHandle,
    window: Arc<Window>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Metrics {
    pub fn new() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets(LATENCY_BUCKETS)
            .expect("LATENCY_BUCKETS is not empty")
            .build_recorder();
        let metrics = Metrics {
            handle: recorder.handle(),
            recorder: Arc::new(recorder),
            window: Arc::default(),
        };
        metrics.record(describe::all);
        metrics
    }

    /// Runs `f` with this application's recorder behind the `metrics` macros.
    pub fn record<T>(&self, f: impl FnOnce() -> T) -> T {
        metrics::with_local_recorder(&*self.recorder, f)
    }

    /// The text exposition of everything recorded so far.
    pub fn render(&self) -> String {
        self.handle.render()
    }

    /// Drains histogram samples into their buckets (a running application does it every
    /// [`UPKEEP_INTERVAL`]; rendering does it too).
    pub fn upkeep(&self) {
        self.handle.run_upkeep();
    }

    /// The figures since the last OCI Monitoring post.
    pub fn window(&self) -> &Window {
        &self.window
    }

    /// Keeps the lag a relay measured for OCI Monitoring (the relay sets its Prometheus gauge).
    pub fn outbox_lag(&self, outbox: Outbox, seconds: f64) {
        self.window.set_lag(outbox, seconds);
    }

    /// Makes counter `name` with each label set in `sets` appear at its current value (0 at
    /// start): a bounded label set is exported before its first event, so dashboards and rate()
    /// see a series, not an empty result.
    pub fn declare_counters(&self, name: &'static str, sets: &[&[(&'static str, &'static str)]]) {
        self.record(|| {
            for set in sets {
                let labels: Vec<metrics::Label> = set
                    .iter()
                    .map(|(k, v)| metrics::Label::new(*k, *v))
                    .collect();
                metrics::counter!(name, labels).increment(0);
            }
        });
    }

    /// Counts a confirmed booking and what the guest pays for it:
    /// `bookings_confirmed_total{hotel}`, `bookings_value_minor_total{hotel,currency}`.
    pub fn booking_confirmed(&self, hotel: &str, price: &app::model::Quote) {
        let value = u64::try_from(price.total_minor).unwrap_or(0);
        self.record(|| {
            metrics::counter!("bookings_confirmed_total", "hotel" => hotel.to_owned()).increment(1);
            metrics::counter!("bookings_value_minor_total", "hotel" => hotel.to_owned(), "currency" => price.currency.clone())
                .increment(value);
        });
    }

    /// Counts a booking refused for lack of rooms: `bookings_sold_out_total{hotel}`.
    pub fn booking_sold_out(&self, hotel: &str) {
        self.record(|| {
            metrics::counter!("bookings_sold_out_total", "hotel" => hotel.to_owned()).increment(1);
        });
    }

    /// Counts a cancelled booking and the value it gives back:
    /// `bookings_cancelled_total{hotel}`, `bookings_cancelled_value_minor_total{hotel,currency}`.
    pub fn booking_cancelled(&self, hotel: &str, price: &app::model::Quote) {
        let value = u64::try_from(price.total_minor).unwrap_or(0);
        self.record(|| {
            metrics::counter!("bookings_cancelled_total", "hotel" => hotel.to_owned()).increment(1);
            metrics::counter!("bookings_cancelled_value_minor_total", "hotel" => hotel.to_owned(), "currency" => price.currency.clone())
                .increment(value);
        });
    }

    /// Counts a booking event committed to the outbox: `vs_events_written_total{type}` (the
    /// short name, `booking.created`).
    pub fn event_written(&self, event_type: &'static str) {
        self.record(|| {
            metrics::counter!("vs_events_written_total", "type" => event_type).increment(1);
        });
    }

    /// Counts a booking request answered from its stored idempotent result:
    /// `bookings_idempotent_replays_total`.
    pub fn booking_replayed(&self) {
        self.record(|| metrics::counter!("bookings_idempotent_replays_total").increment(1));
    }
}

/// Handler for `GET /metrics`: the Prometheus text exposition (`text/plain; version=0.0.4`).
pub async fn render(State(metrics): State<Metrics>) -> Response {
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], metrics.render()).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Path;
    use axum::http::{Method, StatusCode};
    use axum::routing::get;
    use tower::ServiceExt;

    fn quote(total_minor: i64, currency: &str) -> app::model::Quote {
        app::model::Quote {
            currency: currency.into(),
            nights: Vec::new(),
            subtotal_minor: total_minor,
            tax_rate_bp: 0,
            taxes_minor: 0,
            total_minor,
        }
    }

    async fn hotel(Path(slug): Path<String>) -> String {
        slug
    }

    /// Shaped like the server's router: merged sub-router, fallback, state, outer layers.
    fn app_with(metrics: &Metrics) -> Router {
        let sub = Router::new().route("/hotels/{slug}", get(hotel).post(hotel));
        Router::<Metrics>::new()
            .route("/metrics", get(render))
            .merge(sub)
            .fallback(|| async { (StatusCode::NOT_FOUND, "no such page") })
            .with_state(metrics.clone())
            .layer(axum::middleware::from_fn_with_state(metrics.clone(), track))
    }

    fn app() -> Router {
        app_with(&Metrics::new())
    }

    async fn call(app: &Router, method: Method, uri: &str) -> (StatusCode, String, String) {
        let req = axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let ctype = res
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = axum::body::to_bytes(res.into_body(), 1 << 20)
            .await
            .unwrap();
        (status, ctype, String::from_utf8(body.to_vec()).unwrap())
    }

    async fn scrape(app: &Router) -> String {
        let (status, ctype, body) = call(app, Method::GET, "/metrics").await;
        assert_eq!(status, StatusCode::OK);
        assert!(ctype.starts_with("text/plain; version=0.0.4"), "{ctype}");
        body
    }

    #[test]
    fn clones_share_a_recorder_and_applications_keep_apart() {
        let (a, other) = (Metrics::new(), Metrics::new());
        a.clone()
            .booking_cancelled("same-handle-check", &quote(1000, "EUR"));
        let line = r#"bookings_cancelled_total{hotel="same-handle-check"} "#;
        assert!(a.render().contains(line));
        assert!(!other.render().contains(line));
    }

    #[tokio::test]
    async fn counts_matched_routes_by_template() {
        let app = app();
        let (status, _, body) = call(&app, Method::GET, "/hotels/lisbon-harbour").await;
        assert_eq!((status, body.as_str()), (StatusCode::OK, "lisbon-harbour"));
        let out = scrape(&app).await;
        assert!(
            out.contains(
                r#"http_requests_total{method="GET",route="/hotels/{slug}",status="200"} "#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/hotels/{slug}",le="0.005"} "#),
            "{out}"
        );
        assert!(
            out.contains(r#"http_request_duration_seconds_bucket{method="GET",route="/hotels/{slug}",le="10"} "#),
            "{out}"
        );
        assert!(!out.contains("lisbon-harbour"), "raw path leaked: {out}");
        assert!(out.contains("# TYPE http_requests_total counter"), "{out}");
    }

    #[tokio::test]
    async fn unknown_paths_are_unmatched() {
        let app = app();
        let (status, _, _) = call(&app, Method::GET, "/no/such/page-123").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = call(&app, Method::from_bytes(b"BREW").unwrap(), "/hotels/x").await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        let out = scrape(&app).await;
        assert!(
            out.contains(r#"http_requests_total{method="GET",route="unmatched",status="404"} "#),
            "{out}"
        );
        assert!(out.contains(r#"method="OTHER""#), "{out}");
        assert!(!out.contains("page-123"), "raw path leaked: {out}");
        assert!(!out.contains("BREW"), "raw method leaked: {out}");
    }

    #[tokio::test]
    async fn business_counters_appear() {
        let metrics = Metrics::new();
        let app = app_with(&metrics);
        metrics.booking_confirmed("test-confirmed-hotel", &quote(32_000, "JPY"));
        metrics.booking_confirmed("test-confirmed-hotel", &quote(12_345, "EUR"));
        metrics.booking_sold_out("test-sold-out-hotel");
        metrics.booking_cancelled("test-cancelled-hotel", &quote(12_345, "EUR"));
        metrics.booking_replayed();
        let out = scrape(&app).await;
        for line in [
            r#"bookings_confirmed_total{hotel="test-confirmed-hotel"} "#,
            r#"bookings_sold_out_total{hotel="test-sold-out-hotel"} "#,
            r#"bookings_cancelled_total{hotel="test-cancelled-hotel"} "#,
            "bookings_idempotent_replays_total ",
            r#"bookings_value_minor_total{hotel="test-confirmed-hotel",currency="JPY"} 32000"#,
            r#"bookings_value_minor_total{hotel="test-confirmed-hotel",currency="EUR"} 12345"#,
            r#"bookings_cancelled_value_minor_total{hotel="test-cancelled-hotel",currency="EUR"} 12345"#,
        ] {
            assert!(out.contains(line), "missing {line}: {out}");
        }
    }
}
