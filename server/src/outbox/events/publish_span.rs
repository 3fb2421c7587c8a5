//! The span of one request to the stream (`outbox.publish_events`), joined to the traces of the
//! requests that wrote its events.
use std::collections::HashMap;

use opentelemetry::{Array, Value};
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::stream_store::PendingRow;
use crate::telemetry::{self, Origin};

/// Each loaded event's booking reference and the request that wrote it, by row id.
pub fn origins(rows: &[PendingRow]) -> HashMap<i64, (String, Origin)> {
    rows.iter()
        .map(|r| {
            let origin = Origin {
                request_id: r.request_id.clone(),
                traceparent: r.traceparent.clone(),
            };
            (r.id, (r.booking_reference.clone(), origin))
        })
        .collect()
}

/// The span of publishing `events` (see `telemetry::continue_all`: a child of the request's span
/// when they came from one, else linked to each). One event's booking and request are
/// `booking_reference` and `request_id`; several events' are `booking_references` and
/// `request_ids`.
pub fn span(events: &[&(String, Origin)]) -> tracing::Span {
    let span = tracing::info_span!(
        "outbox.publish_events",
        otel.kind = Empty,
        events = events.len()
    );
    if !telemetry::exporting() {
        return span;
    }
    span.record("otel.kind", "producer");
    span.set_attribute("messaging.batch.message_count", events.len() as i64);
    match events {
        [(reference, origin)] => {
            span.set_attribute("booking_reference", reference.clone());
            if let Some(id) = &origin.request_id {
                span.set_attribute("request_id", id.clone());
            }
        }
        _ => {
            let all = |values: Vec<String>| {
                Value::Array(Array::String(values.into_iter().map(Into::into).collect()))
            };
            let references = events.iter().map(|e| e.0.clone()).collect();
            let ids = events
                .iter()
                .filter_map(|e| e.1.request_id.clone())
                .collect();
            span.set_attribute("booking_references", all(references));
            span.set_attribute("request_ids", all(ids));
        }
    }
    telemetry::continue_all(&span, events.iter().map(|e| &e.1));
    span
}
