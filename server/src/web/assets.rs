//! The site's WASM, JS, CSS and images, embedded in the binary at build time.
use app::ssr::AppContext;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use rust_embed::RustEmbed;

/// `target/site` as built by `cargo xtask build`.
#[derive(RustEmbed)]
#[folder = "$CARGO_MANIFEST_DIR/../target/site"]
struct Site;

/// Serves an embedded file, or renders the app's own 404 page.
pub async fn serve_or_not_found(req: Request, ctx: AppContext, options: LeptosOptions) -> Response {
    let path = req.uri().path().trim_start_matches('/');
    if let Some(file) = Site::get(path) {
        let mut res = Body::from(file.data.into_owned()).into_response();
        let mime = file.metadata.mimetype();
        if let Ok(v) = HeaderValue::from_str(mime) {
            res.headers_mut().insert(header::CONTENT_TYPE, v);
        }
        // Not content-hashed, so revalidate: the ETag makes repeat visits cheap.
        let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..12]));
        if req
            .headers()
            .get(header::IF_NONE_MATCH)
            .and_then(|v| v.to_str().ok())
            == Some(etag.as_str())
        {
            return StatusCode::NOT_MODIFIED.into_response();
        }
        if let Ok(v) = HeaderValue::from_str(&etag) {
            res.headers_mut().insert(header::ETAG, v);
        }
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300, must-revalidate"),
        );
        return res;
    }
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || super::provide_page_context(&ctx),
        move || app::shell(options.clone()),
    );
    let mut res = handler(req).await.into_response();
    *res.status_mut() = StatusCode::NOT_FOUND;
    res
}

/// Whether the site (WASM bundle) was built into this binary.
pub fn has_site() -> bool {
    Site::get("pkg/vision-stays.js").is_some()
}
