//! REST API for alert recipients: each hotel's list (`/api/v1/admin/hotels/{slug}/alert-recipients`),
//! every hotel's in one list, removing one, sending a new link, and confirming by the link.
use app::model::*;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::problem::{AdminErrors, ApiResult, Problem};
use crate::hotels::admin::input;
use crate::hotels::scope::Admin;
use crate::state::App;
use app::endpoints as ep;

type Body<T> = Result<Json<T>, JsonRejection>;

/// Who gets an email for new bookings and cancellations; `confirmed` is false while an address
/// has not used the link emailed to it (it gets no alerts meanwhile).
#[utoipa::path(get, path = ep::ALERT_RECIPIENTS.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = AlertRecipients),
        AdminErrors))]
pub async fn recipients(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
) -> ApiResult<Json<AlertRecipients>> {
    Ok(Json(super::recipients(&app.db, &admin, &slug).await?))
}

/// Replace the list of alert recipients. Addresses already on it keep their confirmation; each
/// new one is emailed a link and gets no alerts until it confirms.
#[utoipa::path(put, path = ep::SET_ALERT_RECIPIENTS.path, tag = "admin", security(("bearer" = [])), request_body = AlertRecipients,
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = AlertRecipients),
        AdminErrors,
        (status = 422, description = "Invalid addresses", body = Problem, content_type = "application/problem+json")))]
pub async fn set_recipients(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    body: Body<AlertRecipients>,
) -> ApiResult<Json<AlertRecipients>> {
    let Json(list) = body?;
    Ok(Json(
        super::set_recipients(&app, &admin, &slug, input::recipients(list)).await?,
    ))
}

/// Take one address off the hotel's alerts.
#[utoipa::path(delete, path = ep::REMOVE_ALERT_RECIPIENT.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("email" = String, Path, description = "The recipient's email")),
    responses((status = 204, description = "Removed"),
        AdminErrors))]
pub async fn remove(
    State(app): State<App>,
    admin: Admin,
    Path((slug, email)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    super::remove(&app.db, &admin, &slug, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Email a waiting address a new confirmation link (valid 7 days); the previous link stops
/// working.
#[utoipa::path(post, path = ep::RESEND_ALERT_CONFIRMATION.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("email" = String, Path, description = "The recipient's email")),
    responses((status = 204, description = "A new link is on its way"),
        AdminErrors,
        (status = 409, description = "The address has already confirmed", body = Problem, content_type = "application/problem+json")))]
pub async fn resend(
    State(app): State<App>,
    admin: Admin,
    Path((slug, email)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    super::resend(&app, &admin, &slug, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The alert recipients of every hotel you run (every hotel for a platform admin), confirmed
/// or waiting, by hotel name.
#[utoipa::path(get, path = ep::ALL_ALERT_RECIPIENTS.path, tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<HotelAlertRecipient>),
        AdminErrors))]
pub async fn all(
    State(app): State<App>,
    admin: Admin,
) -> ApiResult<Json<Vec<HotelAlertRecipient>>> {
    Ok(Json(super::all(&app.db, &admin).await?))
}

/// Confirm an address for a hotel's booking alerts with the token from the emailed link
/// (`/alerts/confirm?token=…`). No sign-in: the token is the proof. A link works once, for 7
/// days.
#[utoipa::path(post, path = ep::CONFIRM_ALERT_RECIPIENT.path, tag = "hotels", request_body = AlertConfirmation,
    responses((status = 200, description = "Confirmed: alerts now go to the address", body = ConfirmedAlerts),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No address waits for this link (a newer link replaced it, or the address was removed)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The link was already used", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The link has expired", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json")))]
pub async fn confirm(
    State(app): State<App>,
    body: Body<AlertConfirmation>,
) -> ApiResult<Json<ConfirmedAlerts>> {
    let Json(input) = body?;
    let token = input.token.trim();
    if token.is_empty() {
        return Err(FieldErrors::one(
            "token",
            "The link has no token: open the link from the email again.",
        )
        .into());
    }
    Ok(Json(super::confirm(&app, token).await?))
}

/// The admin routes, and (apart, for the caller to rate-limit) the confirmation by link.
pub fn routes() -> (OpenApiRouter<App>, OpenApiRouter<App>) {
    let admin = OpenApiRouter::new()
        .routes(routes!(recipients, set_recipients))
        .routes(routes!(remove))
        .routes(routes!(resend))
        .routes(routes!(all));
    let limited = OpenApiRouter::new().routes(routes!(confirm));
    (admin, limited)
}
