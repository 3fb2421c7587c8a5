//! Errors every layer shares, with field-level messages for forms and APIs.
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Messages keyed by form or JSON field name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldErrors(pub BTreeMap<String, String>);

impl FieldErrors {
    pub fn one(field: &str, message: &str) -> Self {
        let mut errors = Self::default();
        errors.add(field, message);
        errors
    }
    /// Keeps the first message for a field: it is usually the most basic problem.
    pub fn add(&mut self, field: &str, message: &str) {
        self.0
            .entry(field.to_owned())
            .or_insert_with(|| message.to_owned());
    }
    pub fn merge(&mut self, other: FieldErrors) {
        for (field, message) in other.0 {
            self.0.entry(field).or_insert(message);
        }
    }
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.get(field).map(String::as_str)
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// `Ok(())` when nothing was added, so validators can end with `errors.into_result()?`.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Please correct the highlighted fields.")]
    Invalid(FieldErrors),
    #[error("{0} not found.")]
    NotFound(String),
    #[error("Sorry, that room is no longer available for every night of your stay.")]
    SoldOut,
    #[error("{0}")]
    Conflict(String),
    /// Something that worked once and no longer does, e.g. an expired link; the message says
    /// what to do next.
    #[error("{0}")]
    Gone(String),
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have access to that.")]
    Forbidden,
    /// The message is safe to show; details stay in the server's log.
    #[error("Something went wrong on our side. Please try again.")]
    Internal,
    #[error("We couldn't reach Vision Stays. Check your connection and try again.")]
    Transport(String),
    /// Refused for now (too many requests from the address, or failed sign-ins for the
    /// account): the detail says why, `retry_after_secs` when to try again.
    #[error("{detail}")]
    TooManyRequests {
        detail: String,
        retry_after_secs: u64,
    },
    /// The service cannot reach its database for now (a restart, a failover): nothing is
    /// wrong with the request, and the same request can be sent again after
    /// `retry_after_secs` (a booking with its idempotency key books once).
    #[error(
        "Our booking system is briefly unavailable. Nothing you typed is lost: please try again in a few seconds."
    )]
    Unavailable { retry_after_secs: u64 },
}

impl AppError {
    pub fn invalid(field: &str, message: &str) -> Self {
        AppError::Invalid(FieldErrors::one(field, message))
    }
    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(what.to_owned())
    }
    /// The HTTP status a page or API answers with for this error.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid(_) => 422,
            AppError::NotFound(_) => 404,
            AppError::SoldOut | AppError::Conflict(_) => 409,
            AppError::Gone(_) => 410,
            AppError::Unauthorized => 401,
            AppError::Forbidden => 403,
            AppError::Internal => 500,
            AppError::Transport(_) => 502,
            AppError::TooManyRequests { .. } => 429,
            AppError::Unavailable { .. } => 503,
        }
    }

    /// Seconds the client should wait before sending the request again, when the error says.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests {
                retry_after_secs, ..
            }
            | AppError::Unavailable { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}
