//! Security middleware: same-origin checks on state-changing requests, and response headers
//! (a Content-Security-Policy, HSTS when the site is served over https).
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The scheme-less `host[:port]` part of an `Origin` or `Referer` value.
fn authority(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// Whether a state-changing request comes from our own pages. Browsers send `Origin` on every
/// POST; a request with neither `Origin` nor `Referer` is refused too, so a page elsewhere
/// cannot submit forms here with a guest's cookies.
pub fn same_origin(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let source = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER))
        .and_then(|v| v.to_str().ok());
    match source {
        Some("null") | None => false,
        Some(url) => authority(url).is_some_and(|a| a.eq_ignore_ascii_case(host)),
    }
}

pub async fn check_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    // The JSON API authenticates with bearer tokens, never cookies, so a page elsewhere cannot
    // act as a signed-in guest through it; only cookie-backed routes need the origin check.
    let path = req.uri().path();
    let bearer_api = path.starts_with("/api/") || path.starts_with("/.well-known/");
    if safe || bearer_api || same_origin(req.headers()) {
        return next.run(req).await;
    }
    tracing::warn!(path = %req.uri().path(), "refused a cross-origin state-changing request");
    (
        StatusCode::FORBIDDEN,
        "This request did not come from a Vision Stays page, so it was refused.",
    )
        .into_response()
}

/// The policy of every response that does not bring its own: no script at all. The API docs
/// and the too-many-requests page are HTML with, at most, an inline `<style>`.
const DEFAULT_CSP: &str = "default-src 'none'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
    frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// A year, subdomains included: the floor the browsers' HSTS preload list asks for.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// A fresh nonce for one page's scripts: 128 bits from a CSPRNG (rand's thread generator,
/// seeded from the OS), in base64 as CSP spells nonces.
pub fn new_nonce() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The policy of a rendered page whose inline scripts carry `nonce`. Only those scripts and
/// the site's own files run; the WASM needs `'wasm-unsafe-eval'` to be compiled. Styles keep
/// `'unsafe-inline'`: in the browser, Leptos Meta adds a page's `<Style>` on client-side
/// navigation with no nonce (the nonce exists only on the server), and inline CSS cannot run
/// code.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    )
}

/// Response headers that depend on how guests reach the site.
#[derive(Clone, Copy, Debug, Default)]
pub struct Headers {
    /// Send `Strict-Transport-Security`: only when the public URL is https, since a browser
    /// that saw it refuses plain http to the host (and its subdomains) for a year.
    pub hsts: bool,
}

pub async fn headers(State(config): State<Headers>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let h = res.headers_mut();
    // A rendered page sets its own policy naming its nonce; nothing else keeps one (a server
    // function's JSON goes through the same Leptos context that sets it).
    if !html || !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DEFAULT_CSP),
        );
    }
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "strict-origin-when-cross-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=()",
    );
    set(h, "cross-origin-opener-policy", "same-origin");
    if config.hsts {
        set(h, "strict-transport-security", HSTS);
    }
    res
}

/// Request bodies stay small (64 KiB) everywhere except photo uploads (6 MiB): a cap on what
/// one client can make the server buffer.
pub const BODY_LIMIT: usize = 64 * 1024;
pub const UPLOAD_LIMIT: usize = 6 * 1024 * 1024;

fn is_upload(method: &axum::http::Method, path: &str) -> bool {
    method == axum::http::Method::POST && path.ends_with("/photos")
}

pub async fn body_limit(req: Request, next: Next) -> Response {
    let limit = if is_upload(req.method(), req.uri().path()) {
        UPLOAD_LIMIT
    } else {
        BODY_LIMIT
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request body is too large.",
        )
            .into_response();
    }
    let (parts, body) = req.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, HeaderValue::from_str(v).unwrap());
        }
        map
    }

    #[test]
    fn origin_must_match_host() {
        assert!(same_origin(&h(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(!same_origin(&h(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "http://evil.example")
        ])));
        assert!(!same_origin(&h(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "null")
        ])));
        assert!(same_origin(&h(&[
            ("host", "a.test"),
            ("referer", "https://a.test/hotels/x?y=1")
        ])));
        assert!(!same_origin(&h(&[
            ("host", "a.test"),
            ("referer", "https://a.test.evil/x")
        ])));
        assert!(!same_origin(&h(&[("host", "a.test")])));
    }
}
