//! A form post that met the database away gets a calm 503 page holding what the person typed,
//! with one button that sends the same post again (the booking form's idempotency key makes a
//! second try book at most once). Works without JavaScript.
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::http::outage;

/// The most of a form this layer keeps to offer again (the site's forms are a few KB; photo
/// uploads are multipart and pass untouched).
const MAX_FORM: usize = 64 * 1024;

/// Layer over the site's form posts: a 503 answer to a urlencoded post becomes the retry page.
pub async fn on_unavailable(req: Request, next: Next) -> Response {
    // Server functions (`/_fn/`) answer their own callers in their own encoding.
    let form = req.method() == Method::POST
        && !req.uri().path().starts_with("/_fn/")
        && req.headers().get(header::CONTENT_TYPE).is_some_and(|v| {
            v.as_bytes()
                .starts_with(b"application/x-www-form-urlencoded")
        });
    if !form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let action = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    if res.status() != StatusCode::SERVICE_UNAVAILABLE {
        return res;
    }
    let fields: Vec<(String, String)> = url::form_urlencoded::parse(&bytes)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let mut page = (
        StatusCode::SERVICE_UNAVAILABLE,
        Html(retry_page(&action, &fields)),
    )
        .into_response();
    outage::set_retry_after(&mut page);
    page
}

/// The page: what happened, and the same form again. Passwords are never written back into a
/// page: the person types theirs again in a visible field.
fn retry_page(action: &str, fields: &[(String, String)]) -> String {
    let esc = app::html::escape;
    let mut form = format!(
        "<form method=\"post\" action=\"{}\" class=\"stack\">",
        esc(action)
    );
    let mut password = false;
    for (name, value) in fields {
        if name.contains("password") {
            if !password {
                form.push_str(&format!(
                    "<div class=\"field\"><label for=\"retry-password\">Your password, again\
                     </label><input id=\"retry-password\" type=\"password\" name=\"{}\" \
                     autocomplete=\"current-password\" required></div>",
                    esc(name)
                ));
            }
            password = true;
            continue;
        }
        form.push_str(&format!(
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(name),
            esc(value)
        ));
    }
    form.push_str("<button class=\"btn btn-primary\" type=\"submit\">Try again</button></form>");
    let text = if fields.iter().any(|(k, _)| k == "idempotency_key") {
        "We could not reach our booking system to finish this. What you typed is kept below: \
         press Try again in a few seconds. If the first try went through, trying again will not \
         book the room twice."
    } else {
        "We could not reach our booking system to finish this. What you typed is kept: press \
         Try again in a few seconds."
    };
    outage::page("Just a moment", text, &form)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_posts_the_same_fields_again_but_never_a_password() {
        let fields = vec![
            ("guest_name".to_owned(), "Ana \"Zé\" <Silva>".to_owned()),
            ("idempotency_key".to_owned(), "k-1".to_owned()),
            ("password".to_owned(), "hunter22hunter22".to_owned()),
        ];
        let html = retry_page("/hotels/casa?x=1&y=2", &fields);
        assert!(
            html.contains("action=\"/hotels/casa?x=1&amp;y=2\""),
            "{html}"
        );
        assert!(
            html.contains("name=\"guest_name\" value=\"Ana &quot;Zé&quot; &lt;Silva&gt;\""),
            "{html}"
        );
        assert!(html.contains("name=\"idempotency_key\" value=\"k-1\""));
        assert!(!html.contains("hunter22"), "{html}");
        assert!(html.contains("type=\"password\" name=\"password\""));
        assert!(html.contains("will not book the room twice"));
    }
}
