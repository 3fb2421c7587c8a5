//! The web edge: Leptos SSR pages and their form posts, static assets and artwork, and the
//! client the pages reach the services with (in this process, or over HTTP).
mod account;
mod admin;
mod alerts;
mod assets;
mod forms;
pub mod local;
pub mod remote;
mod retry;

use std::sync::LazyLock;

use app::client::Client;
use app::ssr::{AppContext, Cookies};
use axum::Router;
use axum::extract::FromRef;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use leptos::nonce::Nonce;
use leptos::prelude::*;
use leptos_axum::{AxumRouteListing, LeptosRoutes, ResponseOptions, generate_route_list};

use crate::http::limits::RateLimit;
use crate::http::security;

/// What the guest site needs: the Leptos options, the way to the services, and cookie and
/// rate-limit settings.
#[derive(Clone, FromRef)]
pub struct SiteState {
    pub leptos_options: LeptosOptions,
    pub client: Client,
    /// The cookies' names and attributes (`Secure` and `__Host-` when served over https).
    pub cookies: Cookies,
    pub rate_limit: RateLimit,
}

impl SiteState {
    /// What pages and server functions find in Leptos context.
    pub fn context(&self) -> AppContext {
        AppContext {
            client: self.client.clone(),
            cookies: self.cookies,
        }
    }
}

/// The Leptos context of one render: the site's, and a fresh nonce. Leptos writes the nonce on
/// every inline script it emits (hydration, resolved data), and the page's
/// Content-Security-Policy names it: no other inline script runs, injected or not.
pub(crate) fn provide_page_context(ctx: &AppContext) {
    provide_context(ctx.clone());
    let nonce = security::new_nonce();
    if let (Some(res), Ok(csp)) = (
        use_context::<ResponseOptions>(),
        HeaderValue::from_str(&security::page_csp(&nonce)),
    ) {
        res.insert_header(header::CONTENT_SECURITY_POLICY, csp);
    }
    // Replaces the nonce leptos_axum provides, so the header and the scripts agree by
    // construction here rather than by reading Leptos's back.
    provide_context(Nonce::from_value(nonce));
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
    let context = state.context();
    let shell_options = state.leptos_options.clone();
    let fallback_ctx = context.clone();
    let fallback_options = state.leptos_options.clone();
    // Sign-up, sign-in, booking and alert-confirmation posts are rate-limited per client IP.
    let limited_forms = crate::http::limits::apply(
        Router::new()
            .route("/signup", post(forms::sign_up))
            .route("/signin", post(forms::sign_in))
            .route("/forgot-password", post(account::forgot))
            .route("/reset-password", post(account::reset))
            .route("/account/verification", post(account::resend))
            .route("/hotels/{slug}/book", post(forms::book))
            .route("/alerts/confirm", post(alerts::confirm)),
        state.rate_limit,
    );
    Router::new()
        .merge(limited_forms)
        .route("/signout", post(forms::sign_out))
        .route("/account/verify", post(account::verify))
        .route(
            "/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .route("/bookings/{reference}/cancel", post(forms::cancel))
        .merge(admin::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_page_context(&context),
            move || app::shell(shell_options.clone()),
        )
        .fallback(move |req: axum::extract::Request| {
            assets::serve_or_not_found(req, fallback_ctx.clone(), fallback_options.clone())
        })
        .layer(axum::middleware::from_fn(retry::on_unavailable))
        .with_state(state)
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
                        Some(url) => proxy(&client, &url).await,
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

/// Relays an artwork or photo request to the hotels service.
async fn proxy(client: &reqwest::Client, url: &str) -> axum::response::Response {
    let Ok(res) = client.get(url).send().await else {
        return StatusCode::BAD_GATEWAY.into_response();
    };
    if res.status() != reqwest::StatusCode::OK {
        return StatusCode::from_u16(res.status().as_u16())
            .unwrap_or(StatusCode::BAD_GATEWAY)
            .into_response();
    }
    // The hotels service's content type and caching hold for SVG artwork and photos alike.
    let mut headers = axum::http::HeaderMap::new();
    for name in [
        axum::http::header::CONTENT_TYPE,
        axum::http::header::CACHE_CONTROL,
    ] {
        if let Some(v) = res
            .headers()
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            && let Ok(v) = v.parse()
        {
            headers.insert(name, v);
        }
    }
    match res.bytes().await {
        Ok(body) => (headers, body).into_response(),
        Err(_) => StatusCode::BAD_GATEWAY.into_response(),
    }
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
