//! Webhook endpoints: registering one, enabling or disabling, rotating the secret, deleting,
//! resending a failed delivery. Registering and rotating answer by rendering the endpoint's
//! page with the new secret (no redirect, no cookie, not cached): the one time it is shown.
use app::model::{AppError, NewWebhookEndpoint, WebhookEndpointUpdate};
use app::pages::admin::webhooks_api::RevealedSecret;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;
use axum::routing::post;
use leptos::prelude::provide_context;

use super::{Back, Fields, admin, done, field, notice_to, render_with};
use crate::web::SiteState;
use app::model::Flash;

pub fn routes() -> Router<SiteState> {
    let e = "/admin/webhooks/{id}";
    Router::new()
        .route("/admin/webhooks", post(create))
        .route(&format!("{e}/enabled"), post(enabled))
        .route(&format!("{e}/secret"), post(rotate))
        .route(&format!("{e}/delete"), post(delete))
        .route(&format!("{e}/deliveries/{{delivery}}/resend"), post(resend))
}

/// The page a register form was posted from: the list of every endpoint, or a hotel's.
fn form_page(posted: &str) -> String {
    let hotel = posted
        .strip_prefix("/admin/hotels/")
        .and_then(|rest| rest.strip_suffix("/webhooks"))
        .filter(|slug| {
            !slug.is_empty()
                && slug
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        });
    match hotel {
        Some(slug) => format!("/admin/hotels/{slug}/webhooks"),
        None => "/admin/webhooks".to_owned(),
    }
}

/// The endpoint's page, rendered as the answer to the post, showing `secret` this once.
async fn show_secret(
    state: &SiteState,
    headers: &HeaderMap,
    id: i64,
    secret: String,
    notice: &str,
) -> Response {
    let revealed = RevealedSecret {
        secret,
        notice: notice.to_owned(),
    };
    let page = format!("/admin/webhooks/{id}");
    let provide = move || provide_context(revealed.clone());
    let mut res = render_with(state, headers, &page, provide).await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub async fn create(
    State(state): State<SiteState>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = form_page(&field(&f, "page"));
    let (caller, back) = match Back::start(&state, &headers, &page, "webhook", &[]).await {
        Ok(started) => started,
        Err(r) => return r,
    };
    let hotel = Some(field(&f, "hotel")).filter(|h| !h.is_empty());
    let mut event_types: Vec<String> = f
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .filter_map(|(k, _)| k.strip_prefix("type.").map(str::to_owned))
        .collect();
    event_types.sort_by_key(|t| {
        app::model::BOOKING_EVENT_TYPES
            .iter()
            .position(|(name, _)| name == t)
    });
    let input = NewWebhookEndpoint {
        hotel,
        url: field(&f, "url"),
        description: field(&f, "description"),
        event_types,
        enabled: true,
    };
    match state.client.create_webhook_endpoint(&caller, &input).await {
        Ok(made) => {
            let notice =
                "Endpoint registered. Copy its signing secret below now: it is not shown again.";
            show_secret(&state, &headers, made.endpoint.id, made.secret, notice).await
        }
        Err(e) => back.with(&f, e).await,
    }
}

pub async fn enabled(
    State(state): State<SiteState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    Form(f): Form<Fields>,
) -> Response {
    let page = format!("/admin/webhooks/{id}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let on = field(&f, "enabled") == "true";
    let change = WebhookEndpointUpdate {
        enabled: Some(on),
        ..Default::default()
    };
    match state
        .client
        .update_webhook_endpoint(&caller, id, &change)
        .await
    {
        Ok(_) if on => done(
            &state,
            &page,
            "Enabled: deliveries that were waiting go out now.",
        ),
        Ok(_) => done(
            &state,
            &page,
            "Disabled: new events are not delivered to it, and waiting deliveries wait until it is enabled again.",
        ),
        Err(e) => failed(&state, &page, e),
    }
}

pub async fn rotate(
    State(state): State<SiteState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let page = format!("/admin/webhooks/{id}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match state.client.rotate_webhook_secret(&caller, id).await {
        Ok(made) => {
            let notice = "New signing secret made: copy it below now, it is not shown again. For a while deliveries carry signatures with both the new and the old secret, so the receiving system can switch without missing any.";
            show_secret(&state, &headers, made.endpoint.id, made.secret, notice).await
        }
        Err(e) => failed(&state, &page, e),
    }
}

pub async fn delete(
    State(state): State<SiteState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
) -> Response {
    let page = format!("/admin/webhooks/{id}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match state.client.delete_webhook_endpoint(&caller, id).await {
        Ok(()) => done(&state, "/admin/webhooks", "Webhook endpoint deleted."),
        Err(e) => failed(&state, &page, e),
    }
}

pub async fn resend(
    State(state): State<SiteState>,
    Path((id, delivery)): Path<(i64, i64)>,
    headers: HeaderMap,
) -> Response {
    let page = format!("/admin/webhooks/{id}");
    let caller = match admin(&state, &headers, &page).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    match state
        .client
        .resend_webhook_delivery(&caller, id, delivery)
        .await
    {
        Ok(()) => done(&state, &page, "Sending it again now."),
        Err(e) => failed(&state, &page, e),
    }
}

fn failed(state: &SiteState, page: &str, e: AppError) -> Response {
    notice_to(state, page, Flash::alert(&e.to_string()))
}
