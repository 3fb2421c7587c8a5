//! REST API of the customers service: accounts, access tokens and the public JWKS.
use std::sync::Arc;

use app::model::{Customer, SignIn, SignUp};
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{service, store, tokens::Signer};
use crate::api::auth::Caller;
use crate::api::problem::{ApiResult, Problem};
use crate::store::{Db, internal};

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewCustomer {
    pub email: String,
    /// At least 10 characters.
    pub password: String,
    pub name: String,
    pub phone: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessToken {
    /// An RS256 JWT; verify it with `/.well-known/jwks.json`.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
}

/// Create a guest account.
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = NewCustomer,
    responses(
        (status = 201, description = "Account created", body = Customer),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the email is taken", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(db): State<Db>,
    body: Result<Json<NewCustomer>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Customer>)> {
    let Json(body) = body?;
    let form = SignUp {
        email: body.email,
        password: body.password,
        name: body.name,
        phone: body.phone,
    };
    Ok((
        StatusCode::CREATED,
        Json(service::register(&db, form).await?),
    ))
}

/// Sign in.
///
/// Exchange email and password for an access token.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "customers", request_body = Credentials,
    responses(
        (status = 200, description = "Signed in", body = AccessToken),
        (status = 400, description = "Malformed JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing fields, or the email and password don't match", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create_session(
    State(db): State<Db>,
    State(signer): State<Arc<Signer>>,
    body: Result<Json<Credentials>, JsonRejection>,
) -> ApiResult<Json<AccessToken>> {
    let Json(body) = body?;
    let customer = service::authenticate(
        &db,
        SignIn {
            email: body.email,
            password: body.password,
        },
    )
    .await?;
    let role = store::role(&db, customer.id)
        .await
        .map_err(internal("cannot read role"))?;
    let (token, claims) = signer
        .issue(customer.id, &customer.email, &customer.name, &role)
        .map_err(|e| {
            tracing::error!(error = %e, "cannot sign access token");
            app::model::AppError::Internal
        })?;
    Ok(Json(AccessToken {
        access_token: token,
        token_type: "Bearer".into(),
        expires_in: claims.exp - claims.iat,
    }))
}

/// The signed-in customer.
#[utoipa::path(get, path = "/api/v1/customers/me", tag = "customers", security(("bearer" = [])),
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
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "customers",
    responses((status = 200, description = "JSON Web Key Set", body = Object)))]
pub async fn jwks(State(signer): State<Arc<Signer>>) -> Json<serde_json::Value> {
    Json(signer.jwks())
}

/// The customers routes; `limited` holds the POSTs that the caller rate-limits.
pub fn routes<S>() -> (Router<S>, Router<S>)
where
    S: Clone + Send + Sync + 'static,
    Db: axum::extract::FromRef<S>,
    Arc<Signer>: axum::extract::FromRef<S>,
    super::tokens::Verifier: axum::extract::FromRef<S>,
{
    let open = Router::new()
        .route("/api/v1/customers/me", get(me))
        .route("/.well-known/jwks.json", get(jwks));
    let limited = Router::new()
        .route("/api/v1/customers", post(create))
        .route("/api/v1/sessions", post(create_session));
    (open, limited)
}
