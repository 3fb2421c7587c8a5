//! Logging and tracing through `tracing`: readable text or JSON lines for log collectors and,
//! when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, the same spans exported as OpenTelemetry traces.
mod otlp;
pub mod propagation;

use std::sync::atomic::{AtomicBool, Ordering};

use tracing_subscriber::filter::filter_fn;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Layer, Registry};

use crate::config::LogFormat;

pub use otlp::export_wanted;

tokio::task_local! {
    /// The id of the request being served, forwarded so logs follow a booking across services
    /// (and written with its outbox rows, so the relay's sends name it too).
    pub static REQUEST_ID: String;
}

/// The target of spans that are logged but never exported (health probes'). The log does not
/// show targets; a `VS_LOG` of plain levels (`info`) covers it.
pub const UNEXPORTED: &str = "vs::unexported";

/// Set once `init` installed the trace exporter.
static EXPORTING: AtomicBool = AtomicBool::new(false);

/// Whether spans are exported: only then is it worth naming them for a trace backend.
pub fn exporting() -> bool {
    EXPORTING.load(Ordering::Relaxed)
}

/// The id of the request this task serves, if it serves one.
pub fn request_id() -> Option<String> {
    REQUEST_ID
        .try_with(Clone::clone)
        .ok()
        .filter(|id| !id.is_empty())
}

/// The request some work was done for, kept with work done later (an outbox row) so that the
/// later work's log lines and spans join that request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Origin {
    pub request_id: Option<String>,
    /// W3C `traceparent` of the span that did the work (only while traces are exported).
    pub traceparent: Option<String>,
}

impl Origin {
    /// The request this task serves and its current span (none outside a request).
    pub fn current() -> Self {
        Origin {
            request_id: request_id(),
            traceparent: exporting()
                .then(|| propagation::traceparent(&tracing::Span::current()))
                .flatten(),
        }
    }

    /// Makes `span` (the later work's) a child of the span that did the work.
    pub fn continue_in(&self, span: &tracing::Span) {
        propagation::continue_from_traceparent(span, self.traceparent.as_deref());
    }
}

/// Joins `span`, work done later for several requests at once (one publish of several events),
/// to their traces: a child of the one span they share when they share one, else linked to each
/// (a span has one parent; links are how a batch names its many origins).
pub fn continue_all<'a>(span: &tracing::Span, origins: impl IntoIterator<Item = &'a Origin>) {
    use tracing_opentelemetry::OpenTelemetrySpanExt;
    let mut parents: Vec<&str> = origins
        .into_iter()
        .filter_map(|o| o.traceparent.as_deref())
        .collect();
    parents.sort_unstable();
    parents.dedup();
    if let [one] = parents[..] {
        propagation::continue_from_traceparent(span, Some(one));
        return;
    }
    for parent in parents {
        if let Some(linked) = propagation::span_context(parent) {
            span.add_link(linked);
        }
    }
}

/// What `init` set up that must be closed at exit: the trace exporter, when there is one.
#[must_use = "call `shutdown` at exit, or the last spans are never exported"]
pub struct Telemetry {
    traces: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Telemetry {
    /// Exports the spans still batched and stops the exporter (on graceful shutdown: spans
    /// kept in memory are lost when the process exits).
    pub async fn shutdown(self) {
        let Some(provider) = self.traces else { return };
        // The provider waits for its batch task on this thread; that task runs on the runtime,
        // so block a thread of the blocking pool rather than a runtime worker.
        let result = tokio::task::spawn_blocking(move || provider.shutdown()).await;
        match result {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "traces: the last spans were not exported"),
            Err(e) => tracing::warn!(error = %e, "traces: the exporter did not stop"),
        }
    }
}

/// Starts logging in `format` (filtered by `VS_LOG`, else `RUST_LOG`) and, for a long-running
/// `service` (`serve`'s role, or a function) when the `OTEL_*` variables ask for it, trace
/// export. `VS_LOG` decides which spans exist, for the log and the traces alike. Must run inside
/// the tokio runtime: the exporter's batch task is spawned on it.
pub fn init(format: LogFormat, service: Option<&str>) -> anyhow::Result<Telemetry> {
    let filter = EnvFilter::try_from_env("VS_LOG")
        .or_else(|_| EnvFilter::try_from_default_env())
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    type Boxed =
        Box<dyn Layer<tracing_subscriber::layer::Layered<EnvFilter, Registry>> + Send + Sync>;
    let mut layers: Vec<Boxed> = Vec::new();
    let fmt = tracing_subscriber::fmt::layer().with_target(false);
    layers.push(match format {
        LogFormat::Json => fmt
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .boxed(),
        LogFormat::Text => fmt.boxed(),
    });
    // Nothing of the exporter is built (no client, no task) unless it is asked for.
    let traces = match service {
        Some(service) if export_wanted(|k| std::env::var(k).ok()) => {
            Some(otlp::provider(service, |k| std::env::var(k).ok())?)
        }
        _ => None,
    };
    if let Some(provider) = &traces {
        use opentelemetry::trace::TracerProvider as _;
        let tracer = provider.tracer("vision-stays");
        layers.push(
            tracing_opentelemetry::layer()
                .with_tracer(tracer)
                // Thread names and ids say nothing about a request on a work-stealing runtime.
                .with_threads(false)
                .with_filter(filter_fn(|meta| meta.target() != UNEXPORTED))
                .boxed(),
        );
    }
    // A second init (tests that build several apps in one process) keeps the first.
    let installed = tracing_subscriber::registry()
        .with(filter)
        .with(layers)
        .try_init()
        .is_ok();
    if installed && traces.is_some() {
        EXPORTING.store(true, Ordering::Relaxed);
        tracing::info!(
            endpoint = %otlp::endpoint_shown(|k| std::env::var(k).ok()),
            "traces: exporting spans over OTLP (HTTP/protobuf)"
        );
    }
    Ok(Telemetry { traces })
}
