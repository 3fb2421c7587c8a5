//! Who is calling the API: a verified RS256 bearer token, or, for a call made inside the
//! process by the web (one-process mode), the customer its session belongs to; and for admin
//! routes, the hotels they run.
use app::model::Customer;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::problem::ApiError;
use crate::customers::tokens::TokenError;
use crate::error::Error;
use crate::hotels::scope::Admin;
use crate::state::App;

/// The authenticated caller of an API request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub customer: Customer,
    /// The id (`jti`) of the bearer token, whose session the customers service keeps; `None`
    /// for a call the web makes inside the process (it checked its own session).
    pub token_id: Option<String>,
}

/// Put into a request's extensions by the in-process transport: the web already resolved the
/// session. A request from the network cannot carry extensions, so only this process sets it.
#[derive(Clone, Debug)]
pub struct InProcessCaller(pub Customer);

impl FromRequestParts<App> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if let Some(InProcessCaller(customer)) = parts.extensions.get::<InProcessCaller>() {
            return Ok(Caller {
                customer: customer.clone(),
                token_id: None,
            });
        }
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or(Error::Unauthorized)?;
        let rejected = |e: TokenError| {
            if !matches!(e, TokenError::Expired) {
                tracing::info!(error = %e, "rejected a bearer token");
            }
            Error::Unauthorized
        };
        let claims = app.verifier.check(token.trim()).await.map_err(rejected)?;
        let customer = claims.customer().map_err(rejected)?;
        Ok(Caller {
            customer,
            token_id: Some(claims.jti),
        })
    }
}

/// Every admin route takes this: the caller, their role and hotels read from the database.
impl FromRequestParts<App> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, ApiError> {
        let caller = Caller::from_request_parts(parts, app).await?;
        Ok(Admin::of(&app.db, caller.customer).await?)
    }
}
