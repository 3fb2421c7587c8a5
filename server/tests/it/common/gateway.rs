//! A local stand-in for OCI API Gateway, for tests: it serves a rendered deployment
//! specification (`deploy/oci/api-gateway/deployment.json`) on 127.0.0.1 under the deployment's
//! path prefix, doing per request what the specification asks of OCI.
//!
//! In order: the rate limit per client IP (429 with `Retry-After`); a CORS preflight answered
//! at the gateway; the route by path template and method (404 for no route, 405 with `Allow`
//! when the path is a route's but the method is not: OCI documents neither answer); token
//! authentication (a route that is not `ANONYMOUS` needs a token, and a presented token must
//! pass, else 401 before any back end is called; the JWKS is cached for
//! `maxCacheDurationInHours` and not fetched again for an unknown `kid`); then the back end, and
//! CORS headers on the answer for the allowed origin. HTTP back ends get `X-Real-IP`,
//! `X-Forwarded-For` and `Forwarded` added and `Host` rewritten, as OCI's troubleshooting pages
//! describe; a function gets the client's request as it came. The gateway's own error answers
//! are JSON `{"code", "message"}`, as recalled of OCI, not checked against it.
//!
//! Not imitated: `ANY_OF` scopes, wildcard paths, other context variables than
//! `request.path[…]`, route-level policies other than `authorization`, response policies,
//! OCI's request size limits and its exact timeout handling (send + read are one limit here).
pub mod template;

mod backend;
mod policies;
mod routes;
mod tokens;

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::Router;
// `bytes::Bytes`, re-exported by axum.
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderValue, Request, Response, StatusCode, header};
use futures::future::BoxFuture;
use serde_json::{Value, json};

use policies::{Cors, RateLimit};
use routes::{Backend, Found, Route};
use tokens::TokenAuth;

pub use template::{VARIABLES, references, render, template};

/// Calls a function (`ORACLE_FUNCTIONS_BACKEND`) by its id with the client's request.
pub type Invoke = Arc<
    dyn Fn(String /* function id */, Request<Bytes>) -> BoxFuture<'static, Response<Bytes>>
        + Send
        + Sync,
>;

/// The deployment's path prefix (the deployment's `path_prefix`, not part of the specification).
pub const PATH_PREFIX: &str = "/api/v1";

/// The largest body the stand-in reads (OCI's own limit is not imitated).
const MAX_BODY: usize = 20 * 1024 * 1024;

pub struct Gateway {
    pub addr: SocketAddr,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.server.abort();
    }
}

struct Deployment {
    routes: Vec<Route>,
    auth: Option<TokenAuth>,
    cors: Option<Cors>,
    limit: Option<RateLimit>,
    invoke: Invoke,
}

impl Gateway {
    /// Serves `spec` (rendered) on a free port. Panics on a specification OCI would refuse or
    /// this stand-in does not imitate.
    pub async fn start(spec: &Value, invoke: Invoke) -> Gateway {
        let deployment = Deployment {
            routes: routes::parse(spec),
            auth: TokenAuth::from_spec(spec),
            cors: Cors::from_spec(spec),
            limit: RateLimit::from_spec(spec),
            invoke,
        };
        for route in &deployment.routes {
            match &deployment.auth {
                Some(auth) => assert!(
                    !route.anonymous || auth.anonymous_allowed,
                    "{}: ANONYMOUS needs isAnonymousAccessAllowed",
                    route.path
                ),
                None => assert!(
                    route.anonymous,
                    "{}: a route that needs a token needs an authentication policy",
                    route.path
                ),
            }
        }
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::new(deployment))
            .into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Gateway { addr, server }
    }

    /// The gateway's URL of `path` (prefix included, e.g. `/api/v1/cities`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// An error answered by the gateway itself.
pub fn oci_error(status: StatusCode) -> Response<Body> {
    let body = json!({"code": status.as_u16(), "message": status.canonical_reason()});
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn handle(
    State(d): State<Arc<Deployment>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request<Body>,
) -> Response<Body> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    if d.limit.as_ref().is_some_and(|l| !l.allow(peer.ip())) {
        let mut res = oci_error(StatusCode::TOO_MANY_REQUESTS);
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        return decorated(&d, origin.as_deref(), res);
    }
    if let Some(cors) = &d.cors
        && Cors::is_preflight(req.method(), req.headers())
    {
        let mut res = Response::new(Body::empty());
        *res.status_mut() = StatusCode::NO_CONTENT;
        *res.headers_mut() = cors.preflight(origin.as_deref());
        return res;
    }
    let res = d.answer(peer.ip(), req).await;
    decorated(&d, origin.as_deref(), res)
}

fn decorated(d: &Deployment, origin: Option<&str>, mut res: Response<Body>) -> Response<Body> {
    if let Some(cors) = &d.cors {
        cors.decorate(origin, res.headers_mut());
    }
    res
}

impl Deployment {
    async fn answer(&self, client_ip: IpAddr, req: Request<Body>) -> Response<Body> {
        let path = req.uri().path();
        let Some(relative) = path
            .strip_prefix(PATH_PREFIX)
            .filter(|r| r.starts_with('/'))
        else {
            return oci_error(StatusCode::NOT_FOUND);
        };
        let (route, params) = match routes::find(&self.routes, req.method(), relative) {
            Found::Route(route, params) => (route, params),
            Found::Nothing => return oci_error(StatusCode::NOT_FOUND),
            Found::OtherMethods(allowed) => {
                let mut res = oci_error(StatusCode::METHOD_NOT_ALLOWED);
                let allow: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
                res.headers_mut()
                    .insert(header::ALLOW, allow.join(", ").parse().unwrap());
                return res;
            }
        };
        let (parts, body) = req.into_parts();
        if let Some(auth) = &self.auth {
            match auth.token_in(&parts) {
                Some(token) => {
                    if let Err(why) = auth.verify(&token).await {
                        tracing::info!(%why, "the gateway refused a token");
                        return oci_error(StatusCode::UNAUTHORIZED);
                    }
                }
                None if !route.anonymous => return oci_error(StatusCode::UNAUTHORIZED),
                None => {}
            }
        }
        let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
            return oci_error(StatusCode::PAYLOAD_TOO_LARGE);
        };
        match &route.backend {
            Backend::Http {
                url,
                client,
                timeout,
            } => {
                let url = backend::target(url, &params, parts.uri.query());
                backend::http(client, url, *timeout, parts, body, client_ip).await
            }
            Backend::Function { id } => backend::function(&self.invoke, id, parts, body).await,
        }
    }
}
