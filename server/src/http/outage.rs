//! Answers while the database is away: 503 with `Retry-After` (a problem document on the API,
//! a calm page for people), and the net that turns a 500 into that 503 when the database is
//! found unreachable, so no client reads an outage as a bug.
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::problem::Problem;
use crate::store::Db;
use crate::store::health::{self, RETRY_AFTER_SECS};

/// The 503 for a request to `path`: a problem document under `/api/` (and for the functions,
/// which serve API operations), otherwise a page.
pub fn unavailable(path: &str) -> Response {
    let mut res = if path.starts_with("/api/") {
        Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            crate::api::wording::UNAVAILABLE,
        )
        .into_response()
    } else {
        let body = page(
            "Just a moment",
            "Our booking system is briefly unavailable. Nothing is lost: please try again in a few seconds.",
            "",
        );
        (StatusCode::SERVICE_UNAVAILABLE, Html(body)).into_response()
    };
    set_retry_after(&mut res);
    res
}

pub fn set_retry_after(res: &mut Response) {
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
}

/// The site's mark, as the header of every page draws it.
const LOGO: &str = "<svg viewBox=\"0 0 32 32\" width=\"28\" height=\"28\" aria-hidden=\"true\">\
    <rect width=\"32\" height=\"32\" rx=\"9\" fill=\"#0f3d3e\"/>\
    <path d=\"M7 12 L16 24 L25 12\" fill=\"none\" stroke=\"#f4b860\" stroke-width=\"3.2\" \
    stroke-linecap=\"round\" stroke-linejoin=\"round\"/>\
    <circle cx=\"16\" cy=\"9\" r=\"2.6\" fill=\"#f4b860\"/></svg>";

/// A page in the site's style with `title`, `text` and `extra` markup (already escaped): it
/// needs no script and no database.
pub fn page(title: &str, text: &str, extra: &str) -> String {
    let (title, text) = (app::html::escape(title), app::html::escape(text));
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Vision Stays</title>\
         <link rel=\"stylesheet\" href=\"/pkg/vision-stays.css\"></head>\
         <body><header class=\"site-header\"><div class=\"wrap header-row\">\
         <a class=\"logo\" href=\"/\">{LOGO}<span>Vision Stays</span></a></div></header>\
         <main><section class=\"wrap narrow empty-state\" role=\"status\">\
         <h1>{title}</h1><p>{text}</p>{extra}</section></main></body></html>\n"
    )
}

/// Layer: a 500 answered while the database does not answer becomes the 503 above. Handlers
/// map the errors they see (`store::health::is_unavailable`); this catches the rest, such as
/// a connection that broke in a way no handler classified.
pub async fn net(State(db): State<Db>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR || health::answers(&db).await {
        return res;
    }
    tracing::warn!(%path, "answering 503 instead of 500: the database does not answer");
    unavailable(&path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_api_gets_a_problem_and_people_get_a_page() {
        let api = unavailable("/api/v1/bookings");
        assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(api.headers()[header::RETRY_AFTER], "5");
        assert_eq!(
            api.headers()[header::CONTENT_TYPE],
            "application/problem+json"
        );
        let page = unavailable("/hotels/x");
        assert_eq!(page.headers()[header::RETRY_AFTER], "5");
        let body = axum::body::to_bytes(page.into_body(), 1 << 16)
            .await
            .unwrap();
        let html = String::from_utf8(body.to_vec()).unwrap();
        assert!(html.contains("Just a moment"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
}
