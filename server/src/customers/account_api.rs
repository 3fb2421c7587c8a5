//! REST API of what an account does by email: confirming the address, resetting the password,
//! and signing out everywhere.
use app::endpoints as ep;
use app::model::{Accepted, EmailLink, PasswordReset, PasswordResetRequest};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::api::accepted;
use super::input;
use super::{accounts, service};
use crate::api::auth::Caller;
use crate::api::problem::{ApiResult, Problem};
use crate::state::App;

/// Confirm an email address.
///
/// With the token of the link emailed at sign-up. A link works once.
#[utoipa::path(post, path = ep::VERIFY_EMAIL.path, tag = "customers", request_body = EmailLink,
    responses(
        (status = 204, description = "The address is confirmed"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The link was used, expired or never existed", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn verify(
    State(app): State<App>,
    body: Result<Json<EmailLink>, JsonRejection>,
) -> ApiResult<StatusCode> {
    let Json(link) = body?;
    accounts::verify_email(&app, &link.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a new confirmation link.
///
/// To the signed-in account's address (the previous link stops working). Nothing is sent when
/// the address is already confirmed.
#[utoipa::path(post, path = ep::RESEND_VERIFICATION.path, tag = "customers", security(("bearer" = [])),
    responses(
        (status = 202, description = "Accepted", body = Accepted),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn resend(
    State(app): State<App>,
    caller: Caller,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    accounts::resend_verification(&app, &caller.customer).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted())))
}

/// Ask for a password reset.
///
/// Emails a link that sets a new password, valid once within an hour. The answer is the same
/// whether or not the address has an account.
#[utoipa::path(post, path = ep::REQUEST_PASSWORD_RESET.path, tag = "customers", request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Accepted", body = Accepted),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an email address", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn request_reset(
    State(app): State<App>,
    body: Result<Json<PasswordResetRequest>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    let Json(form) = body?;
    let email = input::parse_one(|e| input::email(&form.email, "email", e))?;
    accounts::request_password_reset(&app, &email).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted())))
}

/// Set a new password.
///
/// With the token of the emailed reset link. Every session of the account ends.
#[utoipa::path(post, path = ep::RESET_PASSWORD.path, tag = "customers", request_body = PasswordReset,
    responses(
        (status = 204, description = "The password is changed; every session ended"),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The password is too short or long, or the link no longer works", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn reset(
    State(app): State<App>,
    body: Result<Json<PasswordReset>, JsonRejection>,
) -> ApiResult<StatusCode> {
    let Json(form) = body?;
    let password = input::parse_one(|e| input::password(&form.password, "password", e))?;
    accounts::reset_password(&app, &form.token, password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign out everywhere.
///
/// Ends every session of the caller's account on the site. Access tokens already issued stay
/// valid until they expire (at most an hour).
#[utoipa::path(delete, path = ep::END_SESSIONS.path, tag = "customers", security(("bearer" = [])),
    responses(
        (status = 204, description = "Every session ended"),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_sessions(State(app): State<App>, caller: Caller) -> ApiResult<StatusCode> {
    accounts::sign_out_everywhere(&app, caller.customer.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Sign out.
///
/// Ends the session of the bearer token: the site stops accepting it. (The other services
/// verify tokens by signature alone, so they accept it until it expires, within the hour.)
#[utoipa::path(delete, path = ep::END_SESSION.path, tag = "customers", security(("bearer" = [])),
    responses(
        (status = 204, description = "The session ended"),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn end_session(State(app): State<App>, caller: Caller) -> ApiResult<StatusCode> {
    if let Some(id) = &caller.token_id {
        service::end_token_session(&app.db, id).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

pub fn open_routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(verify))
        .routes(routes!(end_sessions))
        .routes(routes!(end_session))
}

/// The ones that send email or check a secret: rate-limited by the caller.
pub fn limited_routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(resend))
        .routes(routes!(request_reset))
        .routes(routes!(reset))
}
