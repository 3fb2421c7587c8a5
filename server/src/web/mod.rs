//! The web role: Leptos SSR, form posts, static assets, artwork, health, and security layers.
mod admin;
pub mod apidocs;
mod art;
mod assets;
mod forms;
pub mod limits;
pub mod local;
pub mod remote;
mod security;

use std::sync::LazyLock;
use std::time::Duration;

use app::client::Client;
use app::ssr::AppContext;
use axum::Router;
use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::metrics::{self, Metrics};
use crate::state::App;
use crate::store::Db;

/// What the guest site needs: the Leptos options, the way to the services, and cookie and
/// rate-limit settings.
#[derive(Clone, FromRef)]
pub struct SiteState {
    pub leptos_options: LeptosOptions,
    pub client: Client,
    /// Add `Secure` to cookies: on when the public origin is https.
    pub secure_cookies: bool,
    pub rate_limit: limits::RateLimit,
}

pub fn leptos_options(addr: std::net::SocketAddr) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("vision-stays")
        .site_root("target/site")
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .env(leptos_config::Env::PROD)
        .build()
}

/// The app's routes, listed once per process. Listing them runs the app with a process-wide
/// flag up that parks any Leptos resource first polled meanwhile for good (leptos#4773): a
/// second site built in the same process (the tests build dozens) would hang a page another
/// site is rendering until the 30 s request timeout.
static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(app::App));

/// The guest site: pages, form posts, and the embedded assets (which also answer the 404s).
pub fn site(state: SiteState) -> Router {
    let routes = ROUTES.clone();
    let context = AppContext {
        client: state.client.clone(),
    };
    let shell_options = state.leptos_options.clone();
    let fallback_ctx = context.clone();
    let fallback_options = state.leptos_options.clone();
    // Sign-up, sign-in and booking posts are rate-limited per client IP.
    let limited_forms = limits::apply(
        Router::new()
            .route("/signup", post(forms::sign_up))
            .route("/signin", post(forms::sign_in))
            .route("/hotels/{slug}/book", post(forms::book)),
        state.rate_limit,
    );
    Router::new()
        .merge(limited_forms)
        .route("/signout", post(forms::sign_out))
        .route("/bookings/{reference}/cancel", post(forms::cancel))
        .merge(admin::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(context.clone()),
            move || app::shell(shell_options.clone()),
        )
        .fallback(move |req: axum::extract::Request| {
            assets::serve_or_not_found(req, fallback_ctx.clone(), fallback_options.clone())
        })
        .with_state(state)
}

/// Hotel and room artwork, drawn from the hotels' tables.
pub fn art(app: &App) -> Router {
    Router::new()
        .route("/art/hotels/{file}", get(art::hotel))
        .route("/art/rooms/{hotel}/{file}", get(art::room))
        .with_state(app.db.clone())
}

/// Artwork and uploaded photos fetched from the hotels service, for the web role (which has no
/// database).
pub fn art_proxy(hotels_url: String) -> Router {
    let client = reqwest::Client::new();
    let proxied = |prefix: &'static str| {
        let (client, base) = (client.clone(), hotels_url.clone());
        get(
            move |axum::extract::Path(path): axum::extract::Path<String>| {
                let url = upstream_path(&path).map(|p| format!("{base}/{prefix}/{p}"));
                let client = client.clone();
                async move {
                    match url {
                        Some(url) => art::proxy(&client, &url).await,
                        None => StatusCode::NOT_FOUND.into_response(),
                    }
                }
            },
        )
    };
    Router::new()
        .route("/art/{*path}", proxied("art"))
        .route("/photos/{*path}", proxied("photos"))
}

/// A decoded path re-encoded segment by segment for the upstream URL, or `None` for a path
/// that would step out of its folder ("..", "%2F..") or has empty segments.
fn upstream_path(path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == "..")
    {
        return None;
    }
    let encoded: Vec<String> = segments.iter().map(|s| app::url::url_encode(s)).collect();
    Some(encoded.join("/"))
}

/// Liveness, readiness (the database answers and is migrated, when the role has one) and metrics.
pub fn ops(db: Option<Db>, metrics: &Metrics) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(move || readyz(db.clone())))
        .route("/metrics", get(metrics::render).with_state(metrics.clone()))
}

/// The layers every role's router gets: security, limits, metrics, request ids, tracing.
pub fn finish(router: Router, metrics: &Metrics) -> Router {
    router
        .layer(axum::middleware::from_fn(crate::api::problem::problems_only))
        .layer(axum::middleware::from_fn(security::check_origin))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(axum::middleware::from_fn(security::body_limit))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(axum::middleware::from_fn_with_state(metrics.clone(), metrics::track))
        .layer(axum::middleware::from_fn(forward_request_id))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
                })
                // One line per answered request, inside the span that names its request id.
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

/// Makes the request id available to calls this request makes to other services.
async fn forward_request_id(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    remote::REQUEST_ID.scope(id, next.run(req)).await
}

async fn readyz(db: Option<Db>) -> (StatusCode, &'static str) {
    let Some(db) = db else {
        return (StatusCode::OK, "ready");
    };
    if crate::store::is_ready(&db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database not ready")
    }
}

pub fn assets_built() -> bool {
    assets::has_site()
}

#[cfg(test)]
mod tests {
    use super::upstream_path;

    #[test]
    fn proxied_paths_stay_in_their_folder() {
        assert_eq!(upstream_path("12").as_deref(), Some("12"));
        assert_eq!(
            upstream_path("hotels/casa do tejo.svg").as_deref(),
            Some("hotels/casa%20do%20tejo.svg")
        );
        assert_eq!(upstream_path("../metrics"), None);
        assert_eq!(upstream_path("a//b"), None);
        assert_eq!(upstream_path("a/./b"), None);
        assert_eq!(upstream_path("?x").as_deref(), Some("%3Fx"));
    }
}
