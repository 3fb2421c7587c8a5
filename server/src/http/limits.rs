//! Per-client-IP rate limits for the expensive or abusable form posts (sign-in, sign-up,
//! booking creation), built on `tower_governor` and keyed by the client address that
//! [`super::client_ip`] resolved (IPv6 clients by their /64).
//!
//! # Wiring (axum 0.8)
//!
//! ```ignore
//! let limited = Router::new()
//!     .route("/sign-in", post(sign_in))
//!     .route("/sign-up", post(sign_up))
//!     .route("/api/bookings", post(create_booking));
//! let app = Router::new()
//!     .merge(limits::apply(limited, RateLimit { per_minute: 10, burst: 5 }))
//!     // ... the other routes ...
//!     ;
//! axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
//! ```
//!
//! - Only unsafe methods (POST, PUT, PATCH, DELETE) are counted, so a sub-router whose paths also
//!   serve a GET page can be limited as a whole; GET/HEAD/OPTIONS always pass.
//! - Each call to [`apply`] has its own bucket map: routes limited by one call share one budget
//!   per IP. Call it once per group that should have a separate budget.
//! - The key is the request's [`ClientIp`], which `client_ip::resolve` (in `http::finish`) puts
//!   there from the peer address and, through trusted proxies only, `X-Forwarded-For`; the server
//!   must be run with `into_make_service_with_connect_info::<SocketAddr>()` (in `oneshot` tests,
//!   insert a `ClientIp` into the request extensions). A limited request without it is answered
//!   500 and logged, rather than silently let through.
//! - A rejected request gets 429 with `Retry-After` (whole seconds, rounded up) and, when it
//!   accepts JSON or its path is under `/api/`, an RFC 9457 `application/problem+json` body;
//!   otherwise a short HTML page (if it accepts `text/html`) or plain text.
//! - While a tokio runtime is running, [`apply`] spawns a task that forgets idle IPs every minute
//!   (`retain_recent`); it stops by itself once the router is dropped.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use tower_governor::GovernorError;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use utoipa_axum::router::OpenApiRouter;

use super::client_ip::ClientIp;
use super::problem::Problem;

/// Problem type URI of a rate-limited request.
pub const PROBLEM_TYPE: &str = "https://visionstays.dev/problems/rate-limited";

/// How often idle client entries are dropped from a limiter's key map.
const CLEANUP_INTERVAL: Duration = Duration::from_secs(60);

/// A per-IP quota: `per_minute` requests replenish evenly over a minute (one every
/// `60 s / per_minute`), and up to `burst` may be spent at once. `per_minute == 0` disables the
/// limit; `burst == 0` is treated as 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_minute: u32,
    pub burst: u32,
}

impl RateLimit {
    /// No limit at all.
    pub const DISABLED: RateLimit = RateLimit {
        per_minute: 0,
        burst: 0,
    };

    /// Whether this limit restricts anything.
    pub fn is_enabled(&self) -> bool {
        self.per_minute > 0
    }

    /// Time for one request of the quota to be replenished.
    fn period(&self) -> Option<Duration> {
        self.is_enabled()
            .then(|| Duration::from_nanos(60_000_000_000 / u64::from(self.per_minute)))
    }
}

/// Marks a response produced by the limiter, for [`shape_rejection`] to render.
#[derive(Clone, Copy, Debug)]
enum Rejection {
    TooMany { retry_after_secs: u64 },
    NoClientAddress,
}

/// Rate-limits the unsafe-method requests of every route in `router` by peer IP; returns the
/// router unchanged when `limit` is disabled. See the module docs for what clients receive.
pub fn apply<S: Clone + Send + Sync + 'static>(router: Router<S>, limit: RateLimit) -> Router<S> {
    match governor(limit) {
        Some(governor) => router
            .layer(governor)
            .layer(axum::middleware::from_fn(shape_rejection)),
        None => router,
    }
}

/// [`apply`] for API routes registered with their OpenAPI entries.
pub fn apply_documented<S: Clone + Send + Sync + 'static>(
    router: OpenApiRouter<S>,
    limit: RateLimit,
) -> OpenApiRouter<S> {
    match governor(limit) {
        Some(governor) => router
            .layer(governor)
            .layer(axum::middleware::from_fn(shape_rejection)),
        None => router,
    }
}

/// Keys requests by their resolved client ([`ClientIp::rate_key`]).
#[derive(Clone, Copy, Debug)]
struct ClientKey;

impl tower_governor::key_extractor::KeyExtractor for ClientKey {
    type Key = std::net::IpAddr;

    fn extract<T>(&self, req: &axum::http::Request<T>) -> Result<Self::Key, GovernorError> {
        req.extensions()
            .get::<ClientIp>()
            .map(|ip| ip.rate_key())
            .ok_or(GovernorError::UnableToExtractKey)
    }
}

type Governor = GovernorLayer<ClientKey, governor::middleware::NoOpMiddleware, Body>;

/// The limiter of one group of routes (`None` when `limit` is disabled), with its cleanup task.
fn governor(limit: RateLimit) -> Option<Governor> {
    let period = limit.period()?;
    let Some(config) = GovernorConfigBuilder::default()
        .key_extractor(ClientKey)
        .period(period)
        .burst_size(limit.burst.max(1))
        .methods(vec![
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
        ])
        .finish()
    else {
        // Unreachable: period and burst are both non-zero here.
        tracing::error!(?limit, "invalid rate limit; not limiting");
        return None;
    };
    let limiter = Arc::downgrade(config.limiter());
    spawn_cleanup(move || {
        let Some(limiter) = limiter.upgrade() else {
            return false;
        };
        limiter.retain_recent();
        limiter.shrink_to_fit();
        true
    });
    Some(GovernorLayer::new(config).error_handler(mark_rejection))
}

/// Runs `clean_up` every minute on the current tokio runtime, if one is running, until it
/// returns `false` (the limiter was dropped).
fn spawn_cleanup(mut clean_up: impl FnMut() -> bool + Send + 'static) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(CLEANUP_INTERVAL);
        tick.tick().await; // the first tick is immediate
        loop {
            tick.tick().await;
            if !clean_up() {
                break;
            }
        }
    });
}

/// tower_governor's error handler: it cannot see the request, so it only marks the response.
fn mark_rejection(err: GovernorError) -> Response<Body> {
    let (status, rejection) = match err {
        GovernorError::TooManyRequests { wait_time, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            // governor truncates the wait to whole seconds; round up so a client that waits
            // exactly Retry-After seconds is let through.
            Rejection::TooMany {
                retry_after_secs: wait_time.saturating_add(1),
            },
        ),
        GovernorError::UnableToExtractKey => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Rejection::NoClientAddress,
        ),
        GovernorError::Other { code, .. } => (code, Rejection::NoClientAddress),
    };
    let mut response = Response::new(Body::empty());
    *response.status_mut() = status;
    response.extensions_mut().insert(rejection);
    response
}

/// Outer middleware: renders a marked rejection in the form the request asked for.
async fn shape_rejection(req: Request, next: Next) -> Response {
    let wants_json = wants_json(&req);
    let wants_html = accepts(&req, "text/html");
    let mut response = next.run(req).await;
    let Some(rejection) = response.extensions_mut().remove::<Rejection>() else {
        return response;
    };
    match rejection {
        Rejection::TooMany { retry_after_secs } => {
            let detail = format!(
                "Too many attempts from your address. Please wait {retry_after_secs} seconds and try again."
            );
            let mut response = if wants_json {
                problem(StatusCode::TOO_MANY_REQUESTS, "Too many requests", &detail)
            } else if wants_html {
                (StatusCode::TOO_MANY_REQUESTS, Html(html_page(&detail))).into_response()
            } else {
                (StatusCode::TOO_MANY_REQUESTS, detail).into_response()
            };
            set_retry_after(&mut response, retry_after_secs);
            response
        }
        Rejection::NoClientAddress => {
            tracing::error!(
                "rate limit: request has no ClientIp; wrap the router in http::finish and serve \
                 it with into_make_service_with_connect_info::<SocketAddr>()"
            );
            let detail = "The server could not identify the client address.";
            if wants_json {
                problem(StatusCode::INTERNAL_SERVER_ERROR, "Server error", detail)
            } else {
                (StatusCode::INTERNAL_SERVER_ERROR, detail).into_response()
            }
        }
    }
}

fn wants_json(req: &Request) -> bool {
    let path = req
        .extensions()
        .get::<OriginalUri>()
        .map(|uri| uri.path())
        .unwrap_or_else(|| req.uri().path());
    path.starts_with("/api/") || accepts(req, "json")
}

/// Whether any `Accept` header of `req` mentions `needle` (e.g. `json`, `text/html`).
fn accepts(req: &Request, needle: &str) -> bool {
    req.headers()
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.to_ascii_lowercase().contains(needle))
}

/// A 429 for people (the page a refused form post shows), with `Retry-After`: the same page
/// as the limiter's, for refusals decided further in (too many failed sign-ins).
pub fn too_many_page(detail: &str, retry_after_secs: u64) -> Response {
    let mut response = (StatusCode::TOO_MANY_REQUESTS, Html(html_page(detail))).into_response();
    set_retry_after(&mut response, retry_after_secs);
    response
}

/// Tells the client how many seconds to wait before trying again.
pub fn set_retry_after(response: &mut Response, secs: u64) {
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
}

fn problem(status: StatusCode, title: &str, detail: &str) -> Response {
    Problem::new(status, "rate-limited", title, detail).into_response()
}

fn html_page(detail: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Too many requests · Vision Stays</title></head>\
         <body><main><h1>Too many requests</h1><p>{detail}</p>\
         <p><a href=\"/\">Back to Vision Stays</a></p></main></body></html>\n"
    )
}

#[cfg(test)]
mod tests;
