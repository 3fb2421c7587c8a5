//! The web role: Leptos SSR, form posts, static assets, artwork, health, and security layers.
pub mod apidocs;
mod art;
mod assets;
mod forms;
pub mod limits;
pub mod metrics;
mod security;

use std::sync::Arc;
use std::time::Duration;

use app::backend::{AppContext, Backend};
use axum::Router;
use axum::extract::{FromRef, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::store::Db;

#[derive(Clone, FromRef)]
pub struct WebState {
    pub leptos_options: LeptosOptions,
    pub backend: Arc<dyn Backend>,
    pub db: Db,
    /// Add `Secure` to cookies: on when the public origin is https.
    pub secure_cookies: bool,
    pub signer: Arc<crate::customers::tokens::Signer>,
    pub verifier: crate::customers::tokens::Verifier,
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

pub fn router(state: WebState) -> Router {
    let routes = generate_route_list(app::App);
    let context = AppContext {
        backend: state.backend.clone(),
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
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics::render))
        .merge(limited_forms)
        .merge(crate::api::routes(state.rate_limit))
        .route("/signout", post(forms::sign_out))
        .route("/bookings/{reference}/cancel", post(forms::cancel))
        .route("/art/hotels/{file}", get(art::hotel))
        .route("/art/rooms/{hotel}/{file}", get(art::room))
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
        .layer(axum::Extension(metrics::install()))
        .layer(axum::middleware::from_fn(crate::api::problem::problems_only))
        .layer(axum::middleware::from_fn(security::check_origin))
        .layer(axum::middleware::from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(64 * 1024))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(axum::middleware::from_fn(metrics::track))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
}

async fn readyz(State(db): State<Db>) -> (StatusCode, &'static str) {
    if crate::store::is_ready(&db).await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database not ready")
    }
}

pub fn assets_built() -> bool {
    assets::has_site()
}
