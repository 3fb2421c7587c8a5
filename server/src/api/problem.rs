//! The API's errors: service errors and malformed requests, answered as problem documents,
//! and the extractors that reject as problems too.
use app::model::FieldErrors;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::error::{Error, Rule};
pub use crate::http::problem::{PROBLEM_BASE, Problem};

/// The API's error: a service error or a malformed request, answered as a problem.
#[derive(Debug)]
pub enum ApiError {
    Service(Error),
    BadRequest(String),
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError::Service(e)
    }
}

impl From<Rule> for ApiError {
    fn from(r: Rule) -> Self {
        ApiError::Service(r.into())
    }
}

/// Input that does not parse, by field: a 422.
impl From<FieldErrors> for ApiError {
    fn from(e: FieldErrors) -> Self {
        ApiError::Service(Error::Invalid(e))
    }
}

impl From<axum::extract::rejection::QueryRejection> for ApiError {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        FieldErrors::one("query", &e.body_text()).into()
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        ApiError::BadRequest(e.body_text())
    }
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::BadRequest(detail) => Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-request",
                "Malformed request",
                detail,
            ),
            ApiError::Service(e) => e.into(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let retry_after = match &self {
            ApiError::Service(Error::TooManySignIns { retry_after_secs }) => {
                Some(*retry_after_secs)
            }
            ApiError::Service(Error::Unavailable) => Some(crate::store::health::RETRY_AFTER_SECS),
            _ => None,
        };
        let mut response = Problem::from(self).into_response();
        if let Some(secs) = retry_after {
            crate::http::limits::set_retry_after(&mut response, secs);
        }
        response
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// `Query<T>` whose rejection is a 422 problem naming the query string, not axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(ApiQuery(value))
    }
}

/// The errors every admin operation may answer with, declared once for the OpenAPI document.
#[derive(utoipa::IntoResponses)]
pub enum AdminErrors {
    /// Malformed JSON body or path.
    #[response(status = 400, content_type = "application/problem+json")]
    BadRequest(Problem),
    /// Missing, expired or invalid access token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthorized(Problem),
    /// Not an admin, or a platform admin's operation.
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
    /// No such hotel, room type, photo or booking among the caller's hotels.
    #[response(status = 404, content_type = "application/problem+json")]
    NotFound(Problem),
}
