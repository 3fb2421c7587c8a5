//! The span of each request: the access log's fields (method, path, request id, client) and, for
//! an exported trace, the OpenTelemetry HTTP server conventions, continuing the caller's trace.
use std::time::Duration;

use axum::extract::MatchedPath;
use axum::http::{Request, Response};
use opentelemetry::trace::Status;
use tower_http::trace::{DefaultOnResponse, OnResponse};
use tracing::Span;
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::client_ip::ClientIp;
use crate::telemetry::{self, propagation};

/// The `request` span of `req`, a child of the caller's span when `traceparent` names one.
pub fn request<B>(req: &Request<B>) -> Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let client = req
        .extensions()
        .get::<ClientIp>()
        .map(ToString::to_string)
        .unwrap_or_else(|| "-".into());
    let method = req.method().as_str();
    let path = req.uri().path();
    if matches!(path, "/healthz" | "/readyz") {
        // Probes come every few seconds from every orchestrator and balancer: logged like any
        // request, never exported (a trace backend would be mostly probes, and bills by span).
        return tracing::info_span!(
            target: telemetry::UNEXPORTED,
            "request",
            method = %method,
            path = %path,
            request_id = %id,
            client = %client,
        );
    }
    let span = tracing::info_span!(
        "request",
        method = %method,
        path = %path,
        request_id = %id,
        client = %client,
        otel.kind = Empty,
        otel.name = Empty,
    );
    if !telemetry::exporting() {
        return span;
    }
    // The router's layers run after routing: the route template is known here (not for a path
    // no route matched). Spans are named `{method} {route}` as the conventions ask, so one
    // route's requests group together whatever their ids and slugs.
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(MatchedPath::as_str);
    span.record("otel.kind", "server");
    span.record(
        "otel.name",
        match route {
            Some(route) => format!("{method} {route}"),
            None => method.to_owned(),
        },
    );
    // Attributes only, not fields: the log line keeps its short names.
    span.set_attribute("http.request.method", method.to_owned());
    span.set_attribute("url.path", path.to_owned());
    if let Some(route) = route {
        span.set_attribute("http.route", route.to_owned());
    }
    if client != "-" {
        span.set_attribute("client.address", client);
    }
    propagation::continue_from(&span, req.headers());
    span
}

/// Logs the answer (one line per request, inside its span) and gives the span its status code;
/// a server error marks the span failed, as the conventions ask (a 4xx is the client's).
pub fn answered<B>(res: &Response<B>, latency: Duration, span: &Span) {
    if telemetry::exporting() {
        let status = res.status();
        span.set_attribute("http.response.status_code", i64::from(status.as_u16()));
        if status.is_server_error() {
            span.set_status(Status::error(status.to_string()));
        }
    }
    DefaultOnResponse::new()
        .level(tracing::Level::INFO)
        .on_response(res, latency, span);
}
