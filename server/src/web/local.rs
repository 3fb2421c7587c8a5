//! The web's way to the services in one process: each API call goes through the services' own
//! router (no network, no rate limits, the caller handed over as resolved by the session), and
//! sessions are rows of the customers service.
use app::client::{Caller, SessionGrant, Sessions, Transport};
use app::endpoints::Service;
use app::model::{AppError, Customer, SignIn, SignUp};
use async_trait::async_trait;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::http;
use tower::ServiceExt;

use super::remote::{client_ip, request_id};
use crate::api::auth::InProcessCaller;
use crate::customers::accounts;
use crate::customers::input::{Credentials, NewAccount};
use crate::customers::service as customers;
use crate::http::client_ip::ClientIp;
use crate::state::App;

/// Calls answered by the services' router inside this process.
pub struct Local {
    router: Router,
}

/// The largest answer a page reads from a service (a photo is at most 5 MB).
const MAX_ANSWER: usize = 8 * 1024 * 1024;

impl Local {
    /// `router` serves every service's API (without rate limits: the web limits its own forms).
    pub fn new(router: Router) -> Self {
        Local {
            router: router.layer(axum::middleware::from_fn(
                crate::http::problem::problems_only,
            )),
        }
    }
}

#[async_trait]
impl Transport for Local {
    async fn send(
        &self,
        _service: Service,
        caller: Option<&Caller>,
        req: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, AppError> {
        let (mut parts, body) = req.into_parts();
        if let Some(c) = caller {
            parts.extensions.insert(InProcessCaller(c.customer.clone()));
        }
        if let Some(id) = request_id().and_then(|id| id.parse().ok()) {
            parts.headers.insert("x-request-id", id);
        }
        if let Some(ip) = client_ip() {
            parts.extensions.insert(ClientIp(ip));
        }
        let req = http::Request::from_parts(parts, Body::from(body));
        let res = match self.router.clone().oneshot(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        };
        let (parts, body) = res.into_parts();
        let body = axum::body::to_bytes(body, MAX_ANSWER).await.map_err(|e| {
            tracing::error!(error = %e, "cannot read a service's answer");
            AppError::Internal
        })?;
        Ok(http::Response::from_parts(parts, body))
    }
}

/// Sessions kept in the customers service's tables, revoked on sign-out.
pub struct LocalSessions {
    pub app: App,
}

#[async_trait]
impl Sessions for LocalSessions {
    async fn sign_up(&self, form: SignUp) -> Result<Option<SessionGrant>, AppError> {
        let account = NewAccount::parse(form).map_err(AppError::Invalid)?;
        Ok(accounts::sign_up(&self.app, account).await?)
    }
    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError> {
        let credentials = Credentials::parse(form).map_err(AppError::Invalid)?;
        Ok(customers::sign_in(&self.app.db, &self.app.sign_ins, credentials).await?)
    }
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError> {
        Ok(customers::session(&self.app.db, token).await?)
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        Ok(customers::sign_out(&self.app.db, token).await?)
    }
}
