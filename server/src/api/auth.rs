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
        let customer = app.verifier.customer(token.trim()).await.map_err(|e| {
            if !matches!(e, TokenError::Expired) {
                tracing::info!(error = %e, "rejected a bearer token");
            }
            Error::Unauthorized
        })?;
        Ok(Caller { customer })
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
