//! REST API of the customers service: accounts, access tokens and the public JWKS.
use app::model::{Accepted, AccessToken, Customer, SignIn, SignUp};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

use super::input::{Credentials, NewAccount};
use super::{accounts, service, tokens::Signer};
use crate::api::auth::Caller;
use crate::api::problem::{ApiResult, Problem};
use crate::error::Error;
use crate::state::App;
use crate::store::Db;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Create a guest account.
///
/// Emails a link to confirm the address. The answer is the same when the address already has
/// an account (its owner is emailed instead), so it tells nobody which addresses have accounts.
#[utoipa::path(post, path = ep::CREATE_CUSTOMER.path, tag = "customers", request_body = SignUp,
    responses(
        (status = 202, description = "Accepted: a link is on its way to the address", body = Accepted),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    body: Result<Json<SignUp>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    let Json(form) = body?;
    let account = NewAccount::parse(form)?;
    accounts::register(&app, account).await?;
    Ok((StatusCode::ACCEPTED, Json(accepted())))
}

/// The one answer of sign-up and password-reset requests.
pub fn accepted() -> Accepted {
    Accepted {
        detail: "Check your inbox: we have sent an email to that address.".into(),
    }
}

/// Sign in.
///
/// Exchange email and password for an access token.
#[utoipa::path(post, path = ep::CREATE_SESSION.path, tag = "customers", request_body = SignIn,
    responses(
        (status = 200, description = "Signed in", body = AccessToken),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields, or the email and password don't match", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests from this address, or too many failed sign-ins for this account", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_session(
    State(app): State<App>,
    body: Result<Json<SignIn>, JsonRejection>,
) -> ApiResult<Json<AccessToken>> {
    let Json(form) = body?;
    let db = &app.db;
    let signer = signer(&app)?;
    let credentials = Credentials::parse(form)?;
    let customer = service::authenticate(db, &app.sign_ins, credentials).await?;
    let role = service::role(db, customer.id).await?;
    let (token, claims) = signer
        .issue(customer.id, &customer.email, &customer.name, role.as_str())
        .map_err(|e| {
            tracing::error!(error = %e, "cannot sign access token");
            Error::Internal
        })?;
    let expires = chrono::DateTime::from_timestamp(claims.exp, 0).ok_or(Error::Internal)?;
    service::open_token_session(db, customer.id, &claims.jti, expires).await?;
    Ok(Json(AccessToken {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: claims.exp - claims.iat,
    }))
}

/// The signed-in customer.
#[utoipa::path(get, path = ep::ME.path, tag = "customers", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = Customer),
        (status = 401, description = "Missing or invalid token, or its session ended", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(db): State<Db>, caller: Caller) -> ApiResult<Json<Customer>> {
    // The token's signature proves who; its session says whether they signed out since.
    if let Some(id) = &caller.token_id
        && !service::token_session_open(&db, id).await?
    {
        return Err(Error::Unauthorized.into());
    }
    Ok(Json(service::by_id(&db, caller.customer.id).await?))
}

/// Token signing keys (JWKS).
///
/// Public keys that verify access tokens (RFC 7517).
#[utoipa::path(get, path = ep::JWKS.path, tag = "customers",
    responses((status = 200, description = "JSON Web Key Set", body = Object)))]
pub async fn jwks(State(app): State<App>) -> ApiResult<Json<serde_json::Value>> {
    Ok(Json(signer(&app)?.jwks()))
}

/// The token signer; the customers routes are only mounted where there is one.
fn signer(app: &App) -> Result<&Signer, Error> {
    app.signer().ok_or_else(|| {
        tracing::error!("the customers API runs without a token signer");
        Error::Internal
    })
}

/// The customers routes; `limited` holds the POSTs that the caller rate-limits.
pub fn routes() -> (OpenApiRouter<App>, OpenApiRouter<App>) {
    let open = OpenApiRouter::new()
        .routes(routes!(me))
        .routes(routes!(jwks))
        .merge(super::account_api::open_routes());
    let limited = OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(create_session))
        .merge(super::account_api::limited_routes());
    (open, limited)
}
