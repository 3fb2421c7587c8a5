//! The OTLP trace pipeline: spans batched on the tokio runtime and posted as HTTP/protobuf (over
//! the server's reqwest) to the endpoint the standard `OTEL_*` variables name.
use opentelemetry::KeyValue;
use opentelemetry_otlp::{Protocol, SpanExporter, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::runtime::Tokio;
use opentelemetry_sdk::trace::SdkTracerProvider;
use opentelemetry_sdk::trace::span_processor_with_async_runtime::BatchSpanProcessor;

/// The collector's base URL; traces go to `<it>/v1/traces`.
const ENDPOINT: &str = "OTEL_EXPORTER_OTLP_ENDPOINT";
/// The full URL traces go to, instead of the base URL's `/v1/traces`.
const TRACES_ENDPOINT: &str = "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT";

/// Whether `env` asks for trace export: an OTLP endpoint is set (for all signals or for traces)
/// and `OTEL_SDK_DISABLED` is not `true`.
pub fn export_wanted(env: impl Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.trim().is_empty());
    let disabled = env("OTEL_SDK_DISABLED").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"));
    !disabled && (set(ENDPOINT) || set(TRACES_ENDPOINT))
}

/// The tracer provider of `service` (`serve`'s role, or `function`). The exporter reads the
/// endpoint, `OTEL_EXPORTER_OTLP_HEADERS` (e.g. a backend's API key) and the timeout from the
/// environment itself; the batch processor reads `OTEL_BSP_*`; the resource reads
/// `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`.
pub fn provider(
    service: &str,
    env: impl Fn(&str) -> Option<String>,
) -> anyhow::Result<SdkTracerProvider> {
    // HTTP/protobuf whatever `OTEL_EXPORTER_OTLP_PROTOCOL` says: gRPC is not built in.
    let exporter = SpanExporter::builder()
        .with_http()
        .with_protocol(Protocol::HttpBinary)
        .build()
        .map_err(|e| anyhow::anyhow!("traces: cannot build the OTLP exporter: {e}"))?;
    // On the runtime, like every other task here: the exporter's reqwest client needs it, and
    // no thread of its own is started.
    let processor = BatchSpanProcessor::builder(exporter, Tokio).build();
    let mut resource =
        Resource::builder().with_attribute(KeyValue::new("vs.role", service.to_owned()));
    if !names_service(&env) {
        resource = resource.with_service_name(format!("vision-stays-{service}"));
    }
    Ok(SdkTracerProvider::builder()
        .with_span_processor(processor)
        .with_resource(resource.build())
        .build())
}

/// Whether the operator named the service (`OTEL_SERVICE_NAME`, or `service.name` in
/// `OTEL_RESOURCE_ATTRIBUTES`): that name wins over ours.
fn names_service(env: &impl Fn(&str) -> Option<String>) -> bool {
    env("OTEL_SERVICE_NAME").is_some_and(|v| !v.trim().is_empty())
        || env("OTEL_RESOURCE_ATTRIBUTES").is_some_and(|attrs| {
            attrs
                .split(',')
                .filter_map(|kv| kv.split_once('='))
                .any(|(k, v)| k.trim() == "service.name" && !v.trim().is_empty())
        })
}

/// Where traces go, for the start-up log: scheme, host, port and path only (a URL may carry
/// credentials).
pub fn endpoint_shown(env: impl Fn(&str) -> Option<String>) -> String {
    let (url, suffix) = match env(TRACES_ENDPOINT).filter(|v| !v.trim().is_empty()) {
        Some(url) => (url, ""),
        None => (env(ENDPOINT).unwrap_or_default(), "/v1/traces"),
    };
    match url::Url::parse(url.trim()) {
        Ok(u) => format!(
            "{}://{}{}{}{suffix}",
            u.scheme(),
            u.host_str().unwrap_or_default(),
            u.port().map(|p| format!(":{p}")).unwrap_or_default(),
            u.path().trim_end_matches('/'),
        ),
        Err(_) => "(not a URL)".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    }

    #[test]
    fn export_needs_an_endpoint_and_no_disable() {
        assert!(!export_wanted(env(&[])));
        assert!(!export_wanted(env(&[(ENDPOINT, " ")])));
        assert!(export_wanted(env(&[(ENDPOINT, "http://collector:4318")])));
        assert!(export_wanted(env(&[(
            TRACES_ENDPOINT,
            "http://c:4318/v1/traces"
        )])));
        assert!(!export_wanted(env(&[
            (ENDPOINT, "http://collector:4318"),
            ("OTEL_SDK_DISABLED", "TRUE")
        ])));
    }

    #[test]
    fn the_operator_may_name_the_service() {
        assert!(!names_service(&env(&[])));
        assert!(names_service(&env(&[("OTEL_SERVICE_NAME", "stays")])));
        assert!(names_service(&env(&[(
            "OTEL_RESOURCE_ATTRIBUTES",
            "deployment.environment=prod, service.name=stays"
        )])));
        assert!(!names_service(&env(&[(
            "OTEL_RESOURCE_ATTRIBUTES",
            "deployment.environment=prod"
        )])));
    }

    #[test]
    fn the_log_shows_no_credentials() {
        let shown = endpoint_shown(env(&[(ENDPOINT, "https://user:secret@apm.example.com/")]));
        assert_eq!(shown, "https://apm.example.com/v1/traces");
        let shown = endpoint_shown(env(&[
            (ENDPOINT, "http://ignored:4318"),
            (TRACES_ENDPOINT, "http://c:4318/private/v1/traces?key=k"),
        ]));
        assert_eq!(shown, "http://c:4318/private/v1/traces");
    }
}
