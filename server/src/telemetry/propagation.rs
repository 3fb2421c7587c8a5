//! W3C trace context across hops: the `traceparent` a call carries to a service, and the one an
//! outbox row keeps for the relay that sends it later, so their spans join the request's trace.
//!
//! These are harmless while traces are not exported: without the OpenTelemetry layer a span has
//! no trace context, so nothing is injected or stored, and an incoming `traceparent` is parsed
//! and dropped. The hot paths still skip them then ([`super::exporting`]).
use axum::http::{HeaderMap, HeaderName, HeaderValue};
use opentelemetry::Context;
use opentelemetry::propagation::{Extractor, Injector, TextMapPropagator};
use opentelemetry::trace::{SpanContext, TraceContextExt};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use tracing_opentelemetry::OpenTelemetrySpanExt;

const TRACEPARENT: &str = "traceparent";

/// The trace context of the request being served, kept in its extensions: pages render in tasks
/// of their own, outside the request's span, and find it there (in the request's parts) for the
/// calls they make. A context, not the span: it does not hold the span open.
#[derive(Clone, Debug)]
pub struct RequestTrace(pub Context);

impl RequestTrace {
    /// `span`'s context, when it has one (only while traces are exported).
    pub fn of(span: &tracing::Span) -> Option<Self> {
        let cx = span.context();
        cx.span()
            .span_context()
            .is_valid()
            .then_some(RequestTrace(cx))
    }
}

struct Reading<'a>(&'a HeaderMap);

impl Extractor for Reading<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|v| v.to_str().ok())
    }
    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(HeaderName::as_str).collect()
    }
}

struct Writing<'a>(&'a mut HeaderMap);

impl Injector for Writing<'_> {
    fn set(&mut self, key: &str, value: String) {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(key), HeaderValue::try_from(value)) {
            self.0.insert(name, value);
        }
    }
}

/// One `traceparent` value as a carrier of its own.
struct Single<'a>(Option<&'a str>);

impl Extractor for Single<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        if key == TRACEPARENT { self.0 } else { None }
    }
    fn keys(&self) -> Vec<&str> {
        vec![TRACEPARENT]
    }
}

/// Makes `span` a child of the span whose context `headers` carry (`traceparent`, `tracestate`),
/// when they carry a valid one: the service's request span continues the web's trace.
pub fn continue_from(span: &tracing::Span, headers: &HeaderMap) {
    if headers.contains_key(TRACEPARENT) {
        adopt(
            span,
            TraceContextPropagator::new().extract(&Reading(headers)),
        );
    }
}

/// Makes `span` a child of the span `traceparent` names (one kept with an outbox row).
pub fn continue_from_traceparent(span: &tracing::Span, traceparent: Option<&str>) {
    if traceparent.is_some() {
        adopt(
            span,
            TraceContextPropagator::new().extract(&Single(traceparent)),
        );
    }
}

fn adopt(span: &tracing::Span, parent: Context) {
    if parent.span().span_context().is_valid() {
        // Fails only for a span already started in another trace, which these never are.
        let _ = span.set_parent(parent);
    }
}

/// Makes `span` a child of `parent` (a [`RequestTrace`]'s context).
pub fn continue_from_context(span: &tracing::Span, parent: Context) {
    adopt(span, parent);
}

/// The span `traceparent` names, if it is a valid one (for a span link).
pub fn span_context(traceparent: &str) -> Option<SpanContext> {
    let cx = TraceContextPropagator::new().extract(&Single(Some(traceparent)));
    let found = cx.span().span_context().clone();
    found.is_valid().then_some(found)
}

/// Writes `span`'s trace context into `headers` for the service being called.
pub fn inject(span: &tracing::Span, headers: &mut HeaderMap) {
    TraceContextPropagator::new().inject_context(&span.context(), &mut Writing(headers));
}

/// `span`'s `traceparent`, when it has a trace context (only while traces are exported).
pub fn traceparent(span: &tracing::Span) -> Option<String> {
    let mut headers = HeaderMap::new();
    inject(span, &mut headers);
    headers
        .get(TRACEPARENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_export_nothing_is_injected() {
        let span = tracing::info_span!("request");
        assert_eq!(traceparent(&span), None);
        let mut headers = HeaderMap::new();
        headers.insert(
            TRACEPARENT,
            HeaderValue::from_static("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
        );
        // Parsed and dropped: no layer to hold it.
        continue_from(&span, &headers);
        continue_from_traceparent(&span, Some("not a traceparent"));
    }
}
