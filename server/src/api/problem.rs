//! RFC 9457 problem details: every API error, with field-level messages for validation.
use std::collections::BTreeMap;

use app::model::AppError;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

pub const PROBLEM_BASE: &str = "https://visionstays.dev/problems/";

/// An `application/problem+json` body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Field name → what is wrong with it (validation problems only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, String>>,
}

impl Problem {
    pub fn new(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> Self {
        Problem {
            kind: format!("{PROBLEM_BASE}{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            errors: None,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, axum::Json(self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}

/// The API's error: a service error or a malformed request, answered as a problem.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    BadRequest(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<JsonRejection> for ApiError {
    fn from(e: JsonRejection) -> Self {
        ApiError::BadRequest(e.body_text())
    }
}

impl From<ApiError> for Problem {
    fn from(e: ApiError) -> Self {
        let e = match e {
            ApiError::BadRequest(detail) => {
                return Problem::new(
                    StatusCode::BAD_REQUEST,
                    "bad-request",
                    "Malformed request",
                    detail,
                );
            }
            ApiError::App(e) => e,
        };
        let detail = e.to_string();
        match e {
            AppError::Invalid(errors) => Problem {
                errors: Some(errors.0),
                ..Problem::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "validation",
                    "Invalid request",
                    detail,
                )
            },
            AppError::NotFound(_) => {
                Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found", detail)
            }
            AppError::SoldOut => Problem::new(StatusCode::CONFLICT, "sold-out", "Sold out", detail),
            AppError::Conflict(_) => {
                Problem::new(StatusCode::CONFLICT, "conflict", "Conflict", detail)
            }
            AppError::Unauthorized => Problem::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
                detail,
            ),
            AppError::Forbidden => {
                Problem::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail)
            }
            AppError::Transport(_) => Problem::new(
                StatusCode::BAD_GATEWAY,
                "upstream",
                "Upstream unavailable",
                detail,
            ),
            AppError::Internal => Problem::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                detail,
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        Problem::from(self).into_response()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
