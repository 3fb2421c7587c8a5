//! Who is calling the API: a verified RS256 bearer token.
use app::model::{AppError, Customer};
use axum::extract::{FromRef, FromRequestParts};
use axum::http::header;
use axum::http::request::Parts;

use super::problem::ApiError;
use crate::customers::tokens::{Claims, TokenError, Verifier};

/// The authenticated caller of an API request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub claims: Claims,
    pub customer: Customer,
}

impl<S> FromRequestParts<S> for Caller
where
    Verifier: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .ok_or(AppError::Unauthorized)?;
        let claims = Verifier::from_ref(state)
            .verify(token.trim())
            .map_err(|e| {
                if !matches!(e, TokenError::Expired) {
                    tracing::info!(error = %e, "rejected a bearer token");
                }
                AppError::Unauthorized
            })?;
        let id = claims
            .sub
            .parse::<i64>()
            .map_err(|_| AppError::Unauthorized)?;
        let customer = Customer {
            id,
            email: claims.email.clone(),
            name: claims.name.clone(),
            phone: None,
            role: app::model::Role::parse(&claims.role).unwrap_or_default(),
        };
        Ok(Caller { claims, customer })
    }
}
