//! What an OCI call can fail with, and whether trying again can help.
use std::time::Duration;

/// An OCI call that did not succeed. Messages name the operation and OCI's own error code and
/// request id (for Oracle support), never a secret value or a security token.
#[derive(Debug, thiserror::Error)]
pub enum OciError {
    /// The service answered with an error status.
    #[error(
        "OCI {operation} failed: HTTP {status} {code}: {message} (opc-request-id {request_id})"
    )]
    Service {
        operation: &'static str,
        status: u16,
        /// OCI's error code, e.g. `NotAuthenticated`, `NotAuthorizedOrNotFound`, `TooManyRequests`.
        code: String,
        message: String,
        request_id: String,
        retry_after: Option<Duration>,
    },
    /// The request did not get an answer: connection refused, TLS, timeout.
    #[error("OCI {operation} failed: {source}")]
    Transport {
        operation: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The principal could not produce credentials to sign with (instance metadata, federation,
    /// resource principal files, the service-account token exchange).
    #[error("OCI authentication failed: {0}")]
    Auth(String),
    /// The service answered 2xx with a body this client does not understand.
    #[error("OCI {operation} answered unexpectedly: {detail}")]
    BadResponse {
        operation: &'static str,
        detail: String,
    },
    /// This process is not configured for the call (e.g. a stream without its endpoint).
    #[error("OCI is not configured for this: {0}")]
    Config(String),
}

impl OciError {
    /// Whether the same call may succeed later: throttling (429), server errors (5xx),
    /// transport failures, and a principal that could not sign (its metadata or token service
    /// may be back). 409 is not: OCI uses it for conflicts a retry repeats.
    pub fn is_retryable(&self) -> bool {
        match self {
            OciError::Service { status, .. } => *status == 429 || *status >= 500,
            OciError::Transport { .. } | OciError::Auth(_) => true,
            OciError::BadResponse { .. } | OciError::Config(_) => false,
        }
    }

    /// How long the service asked the caller to wait (`retry-after`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            OciError::Service { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// The HTTP status of a service error.
    pub fn status(&self) -> Option<u16> {
        match self {
            OciError::Service { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// OCI's error code of a service error (`NotAuthenticated`, ...).
    pub fn code(&self) -> Option<&str> {
        match self {
            OciError::Service { code, .. } => Some(code),
            _ => None,
        }
    }

    pub(crate) fn bad(operation: &'static str, detail: impl std::fmt::Display) -> Self {
        OciError::BadResponse {
            operation,
            detail: detail.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(status: u16) -> OciError {
        OciError::Service {
            operation: "PutMessages",
            status,
            code: "X".into(),
            message: "m".into(),
            request_id: "r".into(),
            retry_after: Some(Duration::from_secs(3)),
        }
    }

    #[test]
    fn throttling_and_server_errors_are_retried_client_errors_are_not() {
        for status in [429, 500, 503] {
            assert!(service(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 404, 409] {
            assert!(!service(status).is_retryable(), "{status}");
        }
        assert!(OciError::Auth("imds down".into()).is_retryable());
        assert!(!OciError::bad("GetSecretBundle", "no content").is_retryable());
        assert_eq!(service(429).retry_after(), Some(Duration::from_secs(3)));
        assert_eq!(
            service(404).to_string(),
            "OCI PutMessages failed: HTTP 404 X: m (opc-request-id r)"
        );
    }
}
