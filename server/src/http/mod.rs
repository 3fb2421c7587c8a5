//! What every role's HTTP server shares: health, readiness and metrics routes, and the layers
//! around every router (security headers and checks, limits, compression, timeouts, metrics,
//! request ids, client addresses and the access log).
pub mod client_ip;
pub mod limits;
pub mod outage;
pub mod probe;
pub mod problem;
pub mod security;
pub mod spans;

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use self::client_ip::TrustedProxies;
use crate::metrics::{self, Metrics};
use crate::store::Db;
use crate::telemetry::REQUEST_ID;
use crate::telemetry::propagation::RequestTrace;
use axum::extract::State;

/// Liveness and readiness (the database answers and is migrated, when the role has one).
pub fn ops(db: Option<Db>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(move || readyz(db.clone())))
}

/// The metrics listener's routes: `/metrics` for Prometheus (readiness and the pool of `db`
/// sampled at each scrape), and `/healthz` so a probe can tell the listener is up. Nothing of
/// the site is served here.
pub fn metrics_routes(metrics: &Metrics, db: Option<Db>) -> Router {
    let scrape = move |State(metrics): State<Metrics>| {
        let db = db.clone();
        async move {
            metrics::sampled::sample(&metrics, db.as_ref()).await;
            metrics::render(State(metrics)).await
        }
    };
    Router::new()
        .route("/metrics", get(scrape).with_state(metrics.clone()))
        .route("/healthz", get(|| async { "ok" }))
}

/// The layers every role's router gets: security, limits, metrics, request ids, tracing, and
/// the client address (`X-Forwarded-For` believed from `trusted` proxies only).
pub fn finish(
    router: Router,
    metrics: &Metrics,
    trusted: TrustedProxies,
    headers: security::Headers,
) -> Router {
    router
        .layer(axum::middleware::from_fn(problem::problems_only))
        .layer(axum::middleware::from_fn(security::check_origin))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            security::headers,
        ))
        .layer(axum::middleware::from_fn(security::body_limit))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(axum::middleware::from_fn_with_state(
            metrics.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn(forward_request_id))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(spans::request)
                // One line per answered request, inside the span that names its request id.
                .on_response(spans::answered),
        )
        // Outside the span, so the access log names the client.
        .layer(axum::middleware::from_fn_with_state(
            trusted,
            client_ip::resolve,
        ))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Makes the request id (and, while traces are exported, the request span's trace context)
/// available to calls this request makes to other services.
async fn forward_request_id(
    mut req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    // Inside the request span (the trace layer wraps this one).
    if crate::telemetry::exporting()
        && let Some(trace) = RequestTrace::of(&tracing::Span::current())
    {
        req.extensions_mut().insert(trace);
    }
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    REQUEST_ID.scope(id, next.run(req)).await
}

async fn readyz(db: Option<Db>) -> (StatusCode, &'static str) {
    let Some(db) = db else {
        return (StatusCode::OK, "ready");
    };
    if crate::store::health::answers(&db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database not ready")
    }
}
