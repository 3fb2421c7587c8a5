//! The web's way to the services when they run as their own roles: HTTP to each service's URL
//! with the caller's access token, the request id and the client's address, and sessions that
//! are access tokens verified against the customers service's published keys (fetched again
//! when it rotates them) whose session the customers service still keeps open.
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use app::client::{Caller, Client, SessionGrant, Sessions, Transport};
use app::endpoints::Service;
use app::model::{AppError, Customer, SignIn, SignUp};
use async_trait::async_trait;
use axum::body::Bytes;
use axum::http;

use tracing::{Instrument, Span};
use tracing_opentelemetry::OpenTelemetrySpanExt;

use crate::customers::tokens::{KeySource, Verifier};
use crate::http::client_ip::{CLIENT_IP, ClientIp, X_FORWARDED_FOR};
use crate::telemetry::propagation::{self, RequestTrace};

/// Where each service's API answers (scheme, host and port; no trailing slash).
#[derive(Clone, Debug)]
pub struct ServiceUrls {
    pub customers: String,
    pub hotels: String,
    pub bookings: String,
}

impl ServiceUrls {
    fn of(&self, service: Service) -> &str {
        match service {
            Service::Customers => &self.customers,
            Service::Hotels => &self.hotels,
            Service::Bookings => &self.bookings,
        }
    }
}

/// The id of the request being served, for the calls it makes.
pub fn request_id() -> Option<String> {
    crate::telemetry::request_id().or_else(|| {
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts
            .headers
            .get("x-request-id")?
            .to_str()
            .ok()
            .map(str::to_owned)
    })
}

/// The trace context of the request being served (while traces are exported): the current
/// span's, or in a page's own task the one its request's parts keep.
fn request_trace() -> Option<opentelemetry::Context> {
    RequestTrace::of(&tracing::Span::current())
        .or_else(|| {
            let parts = leptos::prelude::use_context::<http::request::Parts>()?;
            parts.extensions.get::<RequestTrace>().cloned()
        })
        .map(|t| t.0)
}

/// The client span of a call to `service`, a child of the request's span, when traces are
/// exported (else no span: the log has the request's line already).
fn call_span(service: Service, method: &http::Method, url: &str, id: Option<&str>) -> Span {
    if !crate::telemetry::exporting() {
        return Span::none();
    }
    // `{method} {service}`: the conventions' `{method} {url.template}` needs the service's
    // route templates, which the web does not know; the service's own span has them.
    let span = tracing::info_span!(
        "call",
        otel.kind = "client",
        otel.name = format!("{method} {}", service_name(service)),
        request_id = id.unwrap_or("-"),
    );
    if let Some(parent) = request_trace() {
        propagation::continue_from_context(&span, parent);
    }
    span.set_attribute("http.request.method", method.as_str().to_owned());
    span.set_attribute("url.full", url.to_owned());
    span.set_attribute("peer.service", service_name(service));
    span
}

fn service_name(service: Service) -> &'static str {
    match service {
        Service::Customers => "customers",
        Service::Hotels => "hotels",
        Service::Bookings => "bookings",
    }
}

/// The address of the client whose request is being served, for the calls it makes: the
/// services count their rate limits by it (they believe it from the web role's address only,
/// when that is in their `--trusted-proxies`).
pub fn client_ip() -> Option<IpAddr> {
    CLIENT_IP.try_with(|ip| *ip).ok().or_else(|| {
        // Pages render in tasks of their own; the request's parts are in their context.
        let parts = leptos::prelude::use_context::<http::request::Parts>()?;
        parts.extensions.get::<ClientIp>().map(|ip| ip.0)
    })
}

/// Calls to the services' URLs over HTTP.
pub struct Remote {
    http: reqwest::Client,
    urls: ServiceUrls,
}

impl Remote {
    pub fn new(urls: ServiceUrls) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        Ok(Remote { http, urls })
    }
}

fn unreachable_service(e: reqwest::Error) -> AppError {
    tracing::warn!(error = %e, "a service did not answer");
    AppError::Transport("service unavailable".into())
}

#[async_trait]
impl Transport for Remote {
    async fn send(
        &self,
        service: Service,
        caller: Option<&Caller>,
        req: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, AppError> {
        let (mut parts, body) = req.into_parts();
        let url = format!("{}{}", self.urls.of(service), parts.uri);
        let id = request_id();
        let span = call_span(service, &parts.method, &url, id.as_deref());
        // The service's request span continues this call's span (W3C `traceparent`).
        propagation::inject(&span, &mut parts.headers);
        let mut out = self.http.request(parts.method, url).headers(parts.headers);
        if let Some(c) = caller {
            out = out.bearer_auth(&c.token);
        }
        if let Some(id) = id {
            out = out.header("x-request-id", id);
        }
        // The client as this process resolved it (through its own trusted proxies), as the
        // one hop before the web role: the services then need to trust the web role only.
        if let Some(ip) = client_ip() {
            out = out.header(X_FORWARDED_FOR, ip.to_string());
        }
        let call = async {
            let res = out.body(body).send().await.map_err(unreachable_service)?;
            let status = res.status();
            if crate::telemetry::exporting() {
                let span = Span::current();
                span.set_attribute("http.response.status_code", i64::from(status.as_u16()));
                if status.is_server_error() {
                    span.set_status(opentelemetry::trace::Status::error(status.to_string()));
                }
            }
            let mut answer = http::Response::builder().status(status);
            if let Some(headers) = answer.headers_mut() {
                *headers = res.headers().clone();
            }
            let body = res.bytes().await.map_err(unreachable_service)?;
            answer.body(body).map_err(|_| AppError::Internal)
        };
        call.instrument(span).await
    }
}

/// Sessions that are the customers service's access tokens, checked here against its keys: no
/// call per page view.
pub struct RemoteSessions {
    pub client: Client,
    pub verifier: Verifier,
}

impl RemoteSessions {
    async fn grant(&self, form: &SignIn) -> Result<SessionGrant, AppError> {
        let token = self.client.access_token(form).await?.access_token;
        let customer = self.client.me(&token).await?;
        Ok(SessionGrant { customer, token })
    }
}

#[async_trait]
impl Sessions for RemoteSessions {
    async fn sign_up(&self, form: SignUp) -> Result<Option<SessionGrant>, AppError> {
        self.client.register(&form).await?;
        let credentials = SignIn {
            email: form.email,
            password: form.password,
        };
        // The service answers alike for a taken address; only a new account (whose password is
        // the one just chosen) can sign in.
        match self.grant(&credentials).await {
            Ok(grant) => Ok(Some(grant)),
            Err(AppError::Invalid(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }
    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError> {
        self.grant(&form).await
    }
    /// A token with a good signature, whose session the customers service still keeps open
    /// (one call per page: signing out anywhere takes effect at once).
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError> {
        if self.verifier.check(token).await.is_err() {
            return Ok(None);
        }
        match self.client.me(token).await {
            Ok(customer) => Ok(Some(customer)),
            Err(AppError::Unauthorized) => Ok(None),
            Err(e) => Err(e),
        }
    }
    async fn sign_out(&self, token: &str) -> Result<(), AppError> {
        match self.client.end_session(token).await {
            Ok(()) | Err(AppError::Unauthorized) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// The customers service's JWKS, over HTTP.
struct JwksUrl {
    http: reqwest::Client,
    url: String,
}

impl JwksUrl {
    async fn get(&self) -> reqwest::Result<serde_json::Value> {
        self.http
            .get(&self.url)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
    }
}

#[async_trait]
impl KeySource for JwksUrl {
    async fn jwks(&self) -> anyhow::Result<serde_json::Value> {
        self.get()
            .await
            .map_err(|e| anyhow::anyhow!("cannot fetch {}: {e}", self.url))
    }
}

/// The token verifier built from the customers service's published keys, waiting up to `wait`
/// for them; it fetches them again when a token names a key it does not hold.
pub async fn fetch_verifier(customers: &str, wait: Duration) -> anyhow::Result<Verifier> {
    let source = JwksUrl {
        // Requests naming a new key wait for this fetch: keep it short.
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()?,
        url: format!("{customers}{}", app::endpoints::JWKS.path),
    };
    let started = std::time::Instant::now();
    loop {
        match source.get().await {
            Ok(jwks) => return Ok(Verifier::from_jwks(&jwks)?.refreshing_from(Arc::new(source))),
            Err(e) if started.elapsed() < wait => {
                tracing::info!(error = %e, url = %source.url, "waiting for the customers service's keys");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => anyhow::bail!("cannot fetch {}: {e}", source.url),
        }
    }
}
