//! The web's one way to the services: a typed client of the REST API, with one method per
//! operation, over a `Transport` that is either the services' own router in this process or
//! HTTP to the roles that run apart. Both carry the same requests, so the two cannot drift.
use std::sync::Arc;

use async_trait::async_trait;
use bytes::Bytes;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::endpoints::{Endpoint, Service};
use crate::model::{AppError, Customer, FieldErrors, SignIn, SignUp};

mod admin;
mod guest;
mod webhooks;

/// A signed-in session: who, and the opaque token kept in the browser's cookie.
#[derive(Clone, Debug)]
pub struct SessionGrant {
    pub customer: Customer,
    pub token: String,
}

/// The signed-in caller as the web knows them: who, and the token from their cookie (a session
/// token in one-process mode, an RS256 access token when the services run apart).
#[derive(Clone, Debug)]
pub struct Caller {
    pub customer: Customer,
    pub token: String,
}

/// Carries one API request to the service that answers it.
#[async_trait]
pub trait Transport: Send + Sync + 'static {
    /// Sends `req` on behalf of `caller` (anonymous when `None`); a transport failure is
    /// `AppError::Transport`, an answer of any status is `Ok`.
    async fn send(
        &self,
        service: Service,
        caller: Option<&Caller>,
        req: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, AppError>;
}

/// How the web keeps its signed-in sessions: rows of the customers service in one process,
/// access tokens when the web runs apart from it.
#[async_trait]
pub trait Sessions: Send + Sync + 'static {
    /// A new account signed in, or `None` when the address already has one (its owner was
    /// emailed; the web answers "check your inbox" either way).
    async fn sign_up(&self, form: SignUp) -> Result<Option<SessionGrant>, AppError>;
    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError>;
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError>;
    async fn sign_out(&self, token: &str) -> Result<(), AppError>;
}

#[derive(Clone)]
pub struct Client {
    transport: Arc<dyn Transport>,
    sessions: Option<Arc<dyn Sessions>>,
}

impl Client {
    pub fn new(transport: Arc<dyn Transport>) -> Self {
        Client {
            transport,
            sessions: None,
        }
    }

    pub fn with_sessions(mut self, sessions: Arc<dyn Sessions>) -> Self {
        self.sessions = Some(sessions);
        self
    }

    fn sessions(&self) -> Result<&dyn Sessions, AppError> {
        self.sessions.as_deref().ok_or(AppError::Internal)
    }

    pub async fn sign_up(&self, form: SignUp) -> Result<Option<SessionGrant>, AppError> {
        self.sessions()?.sign_up(form).await
    }
    pub async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError> {
        self.sessions()?.sign_in(form).await
    }
    pub async fn session(&self, token: &str) -> Result<Option<Customer>, AppError> {
        self.sessions()?.session(token).await
    }
    pub async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        self.sessions()?.sign_out(token).await
    }

    /// Starts a request to `endpoint`; its `{params}` are filled from `args`, in order.
    pub fn call<'a>(&'a self, endpoint: Endpoint, args: &[&str]) -> Call<'a> {
        Call {
            client: self,
            endpoint,
            uri: endpoint.fill(args),
            caller: None,
            body: None,
            headers: Vec::new(),
        }
    }
}

/// One request being put together; `send`, `send_empty` or `send_raw` carries it.
pub struct Call<'a> {
    client: &'a Client,
    endpoint: Endpoint,
    uri: String,
    caller: Option<&'a Caller>,
    body: Option<(&'static str, Bytes)>,
    headers: Vec<(&'static str, String)>,
}

impl<'a> Call<'a> {
    pub fn caller(mut self, caller: &'a Caller) -> Self {
        self.caller = Some(caller);
        self
    }

    /// Appends `query` (a struct of strings and numbers; unset options are left out).
    pub fn query(mut self, query: &impl Serialize) -> Self {
        match serde_urlencoded::to_string(query) {
            Ok(q) if !q.is_empty() => {
                self.uri
                    .push(if self.uri.contains('?') { '&' } else { '?' });
                self.uri.push_str(&q);
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "cannot encode a query string"),
        }
        self
    }

    pub fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(json) => self.body = Some(("application/json", Bytes::from(json))),
            Err(e) => tracing::error!(error = %e, "cannot encode a request body"),
        }
        self
    }

    pub fn bytes(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.body = Some((content_type, Bytes::from(body)));
        self
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    /// Sends the request; any answer but 2xx comes back as the error its problem document names.
    pub async fn send_raw(self) -> Result<http::Response<Bytes>, AppError> {
        let mut req = http::Request::builder()
            .method(self.endpoint.method.as_str())
            .uri(&self.uri);
        if let Some((content_type, _)) = &self.body {
            req = req.header(http::header::CONTENT_TYPE, *content_type);
        }
        for (name, value) in &self.headers {
            req = req.header(*name, value);
        }
        let req = req
            .body(self.body.map(|(_, b)| b).unwrap_or_default())
            .map_err(|e| {
                tracing::error!(error = %e, uri = %self.uri, "cannot build an API request");
                AppError::Internal
            })?;
        let res = self
            .client
            .transport
            .send(self.endpoint.service, self.caller, req)
            .await?;
        if res.status().is_success() {
            return Ok(res);
        }
        Err(match error_of(res.status(), res.body()) {
            AppError::TooManyRequests { detail, .. } => AppError::TooManyRequests {
                detail,
                retry_after_secs: retry_after(res.headers()),
            },
            AppError::Unavailable { .. } => AppError::Unavailable {
                retry_after_secs: retry_after_or(res.headers(), DEFAULT_UNAVAILABLE_RETRY),
            },
            other => other,
        })
    }

    /// Sends the request and reads the JSON answer.
    pub async fn send<T: DeserializeOwned>(self) -> Result<T, AppError> {
        let res = self.send_raw().await?;
        serde_json::from_slice(res.body()).map_err(|e| {
            tracing::warn!(error = %e, "a service answered with JSON this client does not read");
            AppError::Transport("unreadable answer".into())
        })
    }

    /// Sends the request; the answer has no body (204).
    pub async fn send_empty(self) -> Result<(), AppError> {
        self.send_raw().await.map(drop)
    }
}

#[derive(serde::Deserialize)]
struct ProblemBody {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    errors: Option<std::collections::BTreeMap<String, String>>,
}

/// How long to wait after a 429 that does not say (a minute: the rate limits' pace).
const DEFAULT_RETRY_AFTER: u64 = 60;

/// How long to wait after a 503 that does not say: a database restart or failover is short.
const DEFAULT_UNAVAILABLE_RETRY: u64 = 5;

/// The seconds a 429's `Retry-After` asks for (the HTTP-date form is not used by the services).
fn retry_after(headers: &http::HeaderMap) -> u64 {
    retry_after_or(headers, DEFAULT_RETRY_AFTER)
}

fn retry_after_or(headers: &http::HeaderMap, default: u64) -> u64 {
    headers
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

/// The `AppError` a service meant by its answer (an RFC 9457 problem document).
pub fn error_of(status: http::StatusCode, body: &[u8]) -> AppError {
    let Ok(p) = serde_json::from_slice::<ProblemBody>(body) else {
        return AppError::Transport(format!("{status}"));
    };
    from_problem(status.as_u16(), &p.kind, p.detail, p.errors)
}

/// The `AppError` a problem document (its status, type URI, detail and field errors) means.
pub fn from_problem(
    status: u16,
    kind: &str,
    detail: String,
    errors: Option<std::collections::BTreeMap<String, String>>,
) -> AppError {
    match status {
        400 | 422 => AppError::Invalid(FieldErrors(
            errors.unwrap_or_else(|| [("form".to_owned(), detail)].into()),
        )),
        401 => AppError::Unauthorized,
        403 => AppError::Forbidden,
        404 => AppError::NotFound(detail.trim_end_matches(" not found.").to_owned()),
        409 if kind.ends_with("/sold-out") => AppError::SoldOut,
        409 => AppError::Conflict(detail),
        429 => AppError::TooManyRequests {
            detail,
            retry_after_secs: DEFAULT_RETRY_AFTER,
        },
        410 => AppError::Gone(detail),
        500 => AppError::Internal,
        503 => AppError::Unavailable {
            retry_after_secs: DEFAULT_UNAVAILABLE_RETRY,
        },
        _ => AppError::Transport(format!("{status}: {detail}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_become_the_errors_they_name() {
        let body = br#"{"type":"https://visionstays.dev/problems/sold-out","detail":"Sorry"}"#;
        assert_eq!(
            error_of(http::StatusCode::CONFLICT, body),
            AppError::SoldOut
        );
        let body = br#"{"type":"x/not-found","detail":"Room type not found."}"#;
        assert_eq!(
            error_of(http::StatusCode::NOT_FOUND, body),
            AppError::not_found("Room type")
        );
        let body =
            br#"{"type":"x/validation","detail":"d","errors":{"city":"Enter a destination."}}"#;
        assert_eq!(
            error_of(http::StatusCode::UNPROCESSABLE_ENTITY, body),
            AppError::invalid("city", "Enter a destination.")
        );
        assert_eq!(
            error_of(http::StatusCode::INTERNAL_SERVER_ERROR, b"{}"),
            AppError::Internal
        );
        assert!(matches!(
            error_of(http::StatusCode::BAD_GATEWAY, b"<html>"),
            AppError::Transport(_)
        ));
    }

    #[test]
    fn a_503_means_try_again_after_a_few_seconds() {
        let body = br#"{"type":"x/unavailable","detail":"Try again."}"#;
        let e = error_of(http::StatusCode::SERVICE_UNAVAILABLE, body);
        assert_eq!(
            e,
            AppError::Unavailable {
                retry_after_secs: DEFAULT_UNAVAILABLE_RETRY
            }
        );
        assert_eq!((e.status(), e.retry_after()), (503, Some(5)));
        // A gateway's own 503 page (not a problem document) is a transport failure.
        assert!(matches!(
            error_of(http::StatusCode::SERVICE_UNAVAILABLE, b"<html>"),
            AppError::Transport(_)
        ));
    }

    #[test]
    fn a_429_says_why_and_how_long_to_wait() {
        let body = br#"{"type":"x/rate-limited","detail":"Please wait."}"#;
        assert_eq!(
            error_of(http::StatusCode::TOO_MANY_REQUESTS, body),
            AppError::TooManyRequests {
                detail: "Please wait.".into(),
                retry_after_secs: DEFAULT_RETRY_AFTER
            }
        );
        let mut headers = http::HeaderMap::new();
        assert_eq!(retry_after(&headers), DEFAULT_RETRY_AFTER);
        assert_eq!(retry_after_or(&headers, 5), 5);
        headers.insert(http::header::RETRY_AFTER, "840".parse().unwrap());
        assert_eq!(retry_after(&headers), 840);
    }
}
