//! REST API of the customers service: accounts, access tokens and the public JWKS.
use app::model::{AccessToken, Customer, SignIn, SignUp};
use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;

use super::input::{Credentials, NewAccount};
use super::{service, tokens::Signer};
use crate::api::auth::Caller;
use crate::api::problem::{ApiResult, Problem};
use crate::error::Error;
use crate::state::App;
use crate::store::Db;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Create a guest account.
#[utoipa::path(post, path = ep::CREATE_CUSTOMER.path, tag = "customers", request_body = SignUp,
    responses(
        (status = 201, description = "Account created", body = Customer),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the email is taken", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(db): State<Db>,
    body: Result<Json<SignUp>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    let Json(form) = body?;
    let account = NewAccount::parse(form)?;
    Ok((
        StatusCode::CREATED,
        Json(service::register(&db, account).await?),
    ))
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
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn me(State(db): State<Db>, caller: Caller) -> ApiResult<Json<Customer>> {
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
        .routes(routes!(jwks));
    let limited = OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(create_session));
    (open, limited)
}
