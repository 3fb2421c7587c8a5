//! Prometheus metrics: the process-wide recorder, the HTTP request middleware, the `/metrics`
//! handler and the booking business counters.
//!
//! Built on the [`metrics`] facade with `metrics-exporter-prometheus` as the recorder (no HTTP
//! listener of its own: the app serves the text exposition itself at `GET /metrics`).
//!
//! # Wiring (axum 0.8)
//!
//! ```ignore
//! let handle = metrics::install();
//! let app = Router::new()
//!     // ... routes ...
//!     .route("/metrics", get(metrics::render))
//!     .layer(axum::middleware::from_fn(metrics::track))
//!     .layer(axum::Extension(handle));
//! ```
//!
//! `track` must be added with `Router::layer` (or `route_layer`) so that axum has already matched
//! the route and put [`MatchedPath`] into the request extensions when the middleware runs.
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
//! Business counters (recorded by the services through the helpers below; `hotel` is the hotel
//! slug, a bounded set):
//! - `bookings_confirmed_total{hotel}` — [`booking_confirmed`]: a booking was created.
//! - `bookings_sold_out_total{hotel}` — [`booking_sold_out`]: a booking was refused, no room left.
//! - `bookings_cancelled_total{hotel}` — [`booking_cancelled`]: a booking was cancelled.
//! - `bookings_idempotent_replays_total` — [`booking_replayed`]: a repeated request with a known
//!   idempotency key got the stored answer instead of a second booking.
//!
//! The recorder is global to the process: metrics recorded before [`install`] is called (or in a
//! process that never calls it) are silently dropped.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};

/// Histogram buckets (seconds) for web latencies: 5 ms .. 10 s.
pub const LATENCY_BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// How often the background thread drains histogram samples (the exporter's own default).
const UPKEEP_INTERVAL: Duration = Duration::from_secs(5);

/// Content type of the Prometheus text exposition format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the global recorder once per process (later calls return the same handle), with
/// histogram buckets suited to web latencies (5 ms .. 10 s).
///
/// Also starts one background thread (`metrics-upkeep`) that runs the exporter's upkeep every
/// 5 s, which `install_recorder` leaves to the caller. If some other recorder was already
/// installed globally, a warning is logged and a detached handle is returned: `/metrics` then
/// still answers, but with no samples.
pub fn install() -> PrometheusHandle {
    HANDLE.get_or_init(build_and_install).clone()
}

fn build_and_install() -> PrometheusHandle {
    let builder = PrometheusBuilder::new()
        .set_buckets(LATENCY_BUCKETS)
        .expect("LATENCY_BUCKETS is not empty");
    let recorder = builder.build_recorder();
    let handle = recorder.handle();
    if let Err(err) = metrics::set_global_recorder(recorder) {
        tracing::warn!(%err, "a metrics recorder was already installed; /metrics will be empty");
        return handle;
    }
    describe();
    let upkeep = handle.clone();
    let spawned = std::thread::Builder::new()
        .name("metrics-upkeep".into())
        .spawn(move || {
            loop {
                std::thread::sleep(UPKEEP_INTERVAL);
                upkeep.run_upkeep();
            }
        });
    if let Err(err) = spawned {
        tracing::warn!(%err, "could not start the metrics upkeep thread");
    }
    handle
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_histogram};
    describe_counter!(
        "http_requests_total",
        Unit::Count,
        "HTTP requests answered, by method, route template and status."
    );
    describe_histogram!(
        "http_request_duration_seconds",
        Unit::Seconds,
        "Time to produce the response head, by method and route template."
    );
    describe_counter!(
        "bookings_confirmed_total",
        Unit::Count,
        "Bookings created, by hotel."
    );
    describe_counter!(
        "bookings_sold_out_total",
        Unit::Count,
        "Booking attempts refused because no room was left, by hotel."
    );
    describe_counter!(
        "bookings_cancelled_total",
        Unit::Count,
        "Bookings cancelled, by hotel."
    );
    describe_counter!(
        "bookings_idempotent_replays_total",
        Unit::Count,
        "Booking requests answered from a stored idempotent result."
    );
}

/// axum middleware (use with [`axum::middleware::from_fn`]): counts
/// `http_requests_total{method,route,status}` and records
/// `http_request_duration_seconds{method,route}`; `route` is the [`MatchedPath`] template (e.g.
/// `/hotels/{slug}`) or `unmatched`.
pub async fn track(req: Request, next: Next) -> Response {
    let method = method_label(req.method());
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let started = Instant::now();
    let response = next.run(req).await;
    let elapsed = started.elapsed().as_secs_f64();
    let status = response.status().as_u16().to_string();
    metrics::counter!(
        "http_requests_total",
        "method" => method,
        "route" => route.clone(),
        "status" => status
    )
    .increment(1);
    metrics::histogram!(
        "http_request_duration_seconds",
        "method" => method,
        "route" => route
    )
    .record(elapsed);
    response
}

/// Bounded label for the request method: the standard ones by name, anything else `OTHER`.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}

/// Handler for `GET /metrics`: the Prometheus text exposition
/// (`text/plain; version=0.0.4`). Takes the handle from an `axum::Extension(handle)` layered on
/// the router (see the module docs).
pub async fn render(
    axum::Extension(handle): axum::Extension<PrometheusHandle>,
) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, CONTENT_TYPE)], handle.render())
}

/// Counts a confirmed booking: `bookings_confirmed_total{hotel}`.
pub fn booking_confirmed(hotel: &str) {
    metrics::counter!("bookings_confirmed_total", "hotel" => hotel.to_owned()).increment(1);
}

/// Counts a booking refused for lack of rooms: `bookings_sold_out_total{hotel}`.
pub fn booking_sold_out(hotel: &str) {
    metrics::counter!("bookings_sold_out_total", "hotel" => hotel.to_owned()).increment(1);
}

/// Counts a cancelled booking: `bookings_cancelled_total{hotel}`.
pub fn booking_cancelled(hotel: &str) {
    metrics::counter!("bookings_cancelled_total", "hotel" => hotel.to_owned()).increment(1);
}

/// Counts a booking request answered from its stored idempotent result:
/// `bookings_idempotent_replays_total`.
pub fn booking_replayed() {
    metrics::counter!("bookings_idempotent_replays_total").increment(1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::extract::Path;
    use axum::http::StatusCode;
    use axum::routing::get;
    use tower::ServiceExt;

    async fn hotel(Path(slug): Path<String>) -> String {
        slug
    }

    /// Shaped like the server's router: merged sub-router, fallback, state, outer layers.
    fn app() -> Router {
        let sub = Router::new().route("/hotels/{slug}", get(hotel).post(hotel));
        Router::<()>::new()
            .route("/metrics", get(render))
            .merge(sub)
            .fallback(|| async { (StatusCode::NOT_FOUND, "no such page") })
            .with_state(())
            .layer(axum::Extension(install()))
            .layer(axum::middleware::from_fn(track))
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
    fn install_returns_the_same_recorder() {
        let (a, b) = (install(), install());
        booking_cancelled("same-handle-check");
        let line = r#"bookings_cancelled_total{hotel="same-handle-check"} "#;
        assert!(a.render().contains(line));
        assert!(b.render().contains(line));
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
        let app = app();
        booking_confirmed("test-confirmed-hotel");
        booking_sold_out("test-sold-out-hotel");
        booking_cancelled("test-cancelled-hotel");
        booking_replayed();
        let out = scrape(&app).await;
        for line in [
            r#"bookings_confirmed_total{hotel="test-confirmed-hotel"} "#,
            r#"bookings_sold_out_total{hotel="test-sold-out-hotel"} "#,
            r#"bookings_cancelled_total{hotel="test-cancelled-hotel"} "#,
            "bookings_idempotent_replays_total ",
        ] {
            assert!(out.contains(line), "missing {line}: {out}");
        }
    }
}
