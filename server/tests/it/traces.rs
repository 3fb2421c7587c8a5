//! OpenTelemetry trace export, end to end: the roles as processes export to a real OTLP/HTTP
//! receiver (the OpenTelemetry project's protobuf bindings decode every export), and one booking
//! made through the web is one trace, web → bookings service → the relay's email sends, the
//! publish of its event and its webhook delivery, each span naming the request id the logs use.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::common::oci::{OciStandIn, STREAM_ID};
use crate::common::process::{Process, stop, wait_ready};
use crate::common::python::start_peer;
use crate::common::receiver::Receiver as WebhookReceiver;
use crate::common::{Browser, DEMO_PASSWORD, day, form_fields, location};

/// The `OTEL_*` variables a developer's shell may have set: the test decides them all.
const OTEL_VARS: &[&str] = &[
    "OTEL_EXPORTER_OTLP_ENDPOINT",
    "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
    "OTEL_EXPORTER_OTLP_HEADERS",
    "OTEL_SERVICE_NAME",
    "OTEL_RESOURCE_ATTRIBUTES",
    "OTEL_SDK_DISABLED",
];

fn start(
    role: &'static str,
    dir: &Path,
    database_url: Option<&str>,
    otlp: Option<&str>,
    extra: &[String],
) -> Process {
    start_with(role, dir, database_url, otlp, extra, Vec::new())
}

fn start_with(
    role: &'static str,
    dir: &Path,
    database_url: Option<&str>,
    otlp: Option<&str>,
    extra: &[String],
    envs: Vec<(String, String)>,
) -> Process {
    Process::serve(role, dir, |cmd| {
        cmd.args(["--role", role])
            .envs(envs)
            .args(["--rate-limit-per-minute", "0"])
            .arg("--demo-data")
            .env("VS_DEMO_PASSWORD", DEMO_PASSWORD)
            .args(extra);
        for var in OTEL_VARS {
            cmd.env_remove(var);
        }
        if let Some(endpoint) = otlp {
            // A short batch delay: spans reach the receiver a tenth of a second after they end.
            cmd.env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
                .env("OTEL_BSP_SCHEDULE_DELAY", "100");
        }
        if let Some(url) = database_url {
            cmd.env("DATABASE_URL", url);
        }
    })
}

/// Registers an endpoint at `url` for Casa do Tejo's new bookings, as its manager.
async fn register_webhook(customers: &Process, hotels: &Process, url: &str) {
    let http = reqwest::Client::new();
    let token =
        &crate::common::access_token(&customers.url, "manager@casa-do-tejo.test", DEMO_PASSWORD)
            .await;
    let res = http
        .post(format!("{}/api/v1/admin/webhook-endpoints", hotels.url))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "hotel": "casa-do-tejo", "url": url, "event_types": ["booking.created"]
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "{}",
        res.text().await.unwrap()
    );
}

/// Every span the receiver has written so far.
fn spans(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).expect("a span line is JSON"))
        .collect()
}

fn attr<'a>(span: &'a Value, key: &str) -> Option<&'a str> {
    span["attributes"][key].as_str()
}

/// The spans of `service` that name request `id`.
fn of<'a>(all: &'a [Value], service: &str, id: &str) -> Vec<&'a Value> {
    all.iter()
        .filter(|s| s["service"] == service && attr(s, "request_id") == Some(id))
        .collect()
}

/// A started OTLP receiver: its base URL (what `OTEL_EXPORTER_OTLP_ENDPOINT` takes) and files.
struct Receiver {
    _process: tokio::process::Child,
    url: String,
    spans: PathBuf,
    requests: PathBuf,
}

async fn receiver(dir: &Path) -> Receiver {
    let (spans, requests) = (dir.join("spans.jsonl"), dir.join("requests.jsonl"));
    let (process, ready) = start_peer("OTLP receiver", "otlp_receiver.py", |cmd| {
        cmd.arg("--out")
            .arg(&spans)
            .arg("--requests")
            .arg(&requests);
    })
    .await;
    let port = ready.strip_prefix("READY ").expect("READY <port>");
    Receiver {
        _process: process,
        url: format!("http://127.0.0.1:{port}"),
        spans,
        requests,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_booking_is_one_trace_from_the_web_to_the_relay() {
    let dir = tempfile::tempdir().unwrap();
    let rx = receiver(dir.path()).await;
    let (span_file, request_file) = (&rx.spans, &rx.requests);
    let otlp = Some(rx.url.as_str());
    let database_url = format!("sqlite://{}", dir.path().join("shared.db").display());
    let db = Some(database_url.as_str());

    // The customers role exports nothing: without the variable there is no exporter.
    let customers = start("customers", dir.path(), db, None, &[]);
    wait_ready(&customers).await;
    let with_customers = ["--customers-url".to_owned(), customers.url.clone()];
    // Webhooks to the local receiver: registered at the hotels role, sent by the relay.
    let private_hooks = || {
        vec![
            ("VS_WEBHOOKS_ALLOW_PRIVATE".to_owned(), "1".to_owned()),
            ("VS_WEBHOOKS_POLL_MS".to_owned(), "50".to_owned()),
        ]
    };
    let hotels = start_with(
        "hotels",
        dir.path(),
        db,
        otlp,
        &with_customers,
        private_hooks(),
    );
    wait_ready(&hotels).await;
    let bookings = start("bookings", dir.path(), db, otlp, &with_customers);
    // The relay also streams the booking's event, to the OCI stand-in.
    let oci = OciStandIn::start().await;
    let mut oci_env = oci.api_key_env();
    oci_env.extend(oci.stream_and_topic_env());
    oci_env.push(("VS_EVENTS_POLL_MS".into(), "50".into()));
    oci_env.extend(private_hooks());
    let relay = start_with("relay", dir.path(), db, otlp, &[], oci_env);
    let web = start(
        "web",
        dir.path(),
        None,
        otlp,
        &[
            "--customers-url".into(),
            customers.url.clone(),
            "--hotels-url".into(),
            hotels.url.clone(),
            "--bookings-url".into(),
            bookings.url.clone(),
        ],
    );
    for p in [&bookings, &relay, &web] {
        wait_ready(p).await;
    }

    let hook = WebhookReceiver::running().await;
    register_webhook(&customers, &hotels, &hook.url("/pms")).await;

    let guest = Browser::at(&web.url);
    let res = guest
        .post_form(
            "/signup",
            &[
                ("name", "Tracy Trace"),
                ("email", "tracy@example.com"),
                ("password", "a long passphrase"),
                ("next", "/trips"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (hotel, room) = ("casa-do-tejo", "river-view-double");
    let (check_in, check_out) = (day(40), day(42));
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={check_in}&check_out={check_out}&guests=2"
    );
    let (status, html) = guest.get_html(&page).await;
    assert_eq!(status, StatusCode::OK, "booking page: {html}");
    let fields = form_fields(&html, "form[action$='/book']");
    let id = format!("trace-{}", uuid::Uuid::new_v4().simple());
    let res = guest
        .client
        .post(format!("{}/hotels/{hotel}/book", web.url))
        .header("x-request-id", &id)
        .form(&fields)
        .send()
        .await
        .unwrap();
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    let reference = confirmation.trim_start_matches("/bookings/").to_owned();

    // The web's span, the bookings service's span within it, and the relay's send: each
    // exported once it ends, the send once the relay picked the email up.
    let started = Instant::now();
    let (web_span, service_span, send_span, publish_span, hook_span, all) = loop {
        let all = spans(span_file);
        let web_span = of(&all, "vision-stays-web", &id)
            .into_iter()
            .find(|s| s["kind"] == "SPAN_KIND_SERVER")
            .cloned();
        let service_span = of(&all, "vision-stays-bookings", &id)
            .into_iter()
            .find(|s| {
                s["kind"] == "SPAN_KIND_SERVER" && s["attributes"]["http.request.method"] == "POST"
            })
            .cloned();
        let send_span = of(&all, "vision-stays-relay", &id)
            .into_iter()
            .find(|s| s["name"] == "outbox.send_email")
            .cloned();
        let publish_span = all
            .iter()
            .find(|s| s["name"] == "outbox.publish_events" && attr(s, "request_id") == Some(&id))
            .cloned();
        let hook_span = of(&all, "vision-stays-relay", &id)
            .into_iter()
            .find(|s| s["name"] == "outbox.deliver_webhook")
            .cloned();
        if let (Some(w), Some(s), Some(r), Some(p), Some(h)) = (
            &web_span,
            &service_span,
            &send_span,
            &publish_span,
            &hook_span,
        ) {
            break (w.clone(), s.clone(), r.clone(), p.clone(), h.clone(), all);
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "spans of request {id} missing: web {web_span:?}, bookings {service_span:?}, relay {send_span:?}, publish {publish_span:?}, webhook {hook_span:?}; all: {all:#?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };

    // The web's request span: named by its route, a root (the guest sent no traceparent).
    assert_eq!(web_span["name"], "POST /hotels/{slug}/book", "{web_span:#}");
    assert_eq!(attr(&web_span, "http.route"), Some("/hotels/{slug}/book"));
    assert_eq!(web_span["attributes"]["http.response.status_code"], 303);
    assert_eq!(web_span["parent_span_id"], "", "{web_span:#}");
    assert_eq!(web_span["resource"]["vs.role"], "web");

    // The service's span is in the web's trace, a child of a span of the web process (its
    // call to the service, itself in the request's span).
    let trace = web_span["trace_id"].as_str().unwrap();
    assert_eq!(service_span["trace_id"], trace, "{service_span:#}");
    let parent = all
        .iter()
        .find(|s| s["span_id"] == service_span["parent_span_id"])
        .unwrap_or_else(|| panic!("the service span's parent was not exported: {service_span:#}"));
    assert_eq!(parent["service"], "vision-stays-web", "{parent:#}");
    assert_eq!(parent["kind"], "SPAN_KIND_CLIENT", "{parent:#}");
    assert_eq!(parent["trace_id"], trace);
    assert_eq!(attr(parent, "request_id"), Some(id.as_str()));
    assert!(
        service_span["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("POST /api/")),
        "{service_span:#}"
    );

    // The relay's send continues the booking's trace, though it ran later in another process,
    // and names the booking.
    assert_eq!(send_span["trace_id"], trace, "{send_span:#}");
    assert_eq!(
        attr(&send_span, "booking_reference"),
        Some(reference.as_str())
    );
    assert!(
        all.iter()
            .any(|s| s["span_id"] == send_span["parent_span_id"]
                && s["service"] == "vision-stays-bookings"),
        "the send's parent is not a span of the bookings service: {send_span:#}"
    );
    // So does the publish of its event to the stream (one event: a child, not a link).
    assert_eq!(publish_span["service"], "vision-stays-relay");
    assert_eq!(publish_span["kind"], "SPAN_KIND_PRODUCER");
    assert_eq!(publish_span["trace_id"], trace, "{publish_span:#}");
    assert_eq!(
        attr(&publish_span, "booking_reference"),
        Some(reference.as_str())
    );
    assert_eq!(publish_span["parent_span_id"], send_span["parent_span_id"]);
    assert_eq!(oci.stream_messages(STREAM_ID).await.len(), 1);
    // And the webhook's delivery to the hotel's endpoint.
    assert_eq!(hook_span["kind"], "SPAN_KIND_CLIENT");
    assert_eq!(hook_span["trace_id"], trace, "{hook_span:#}");
    assert_eq!(hook_span["parent_span_id"], send_span["parent_span_id"]);
    assert_eq!(
        attr(&hook_span, "booking_reference"),
        Some(reference.as_str())
    );
    assert_eq!(hook_span["attributes"]["http.response.status_code"], 204);
    assert_eq!(hook.wait_for("/pms", 1).await.len(), 1);

    // Health probes (every process was waited for with /readyz) are logged, not exported.
    assert!(
        !all.iter().any(|s| attr(s, "url.path") == Some("/readyz")),
        "probe spans exported"
    );
    assert!(
        !all.iter().any(|s| s["service"] == "vision-stays-customers"),
        "the customers role exported spans without OTEL_EXPORTER_OTLP_ENDPOINT"
    );
    // Every export decoded (the receiver answers 400 to one that does not).
    let requests = std::fs::read_to_string(request_file).unwrap();
    assert!(
        requests.lines().all(|l| l.contains("\"status\": 200")),
        "{requests}"
    );

    for p in [web, relay, bookings, hotels, customers] {
        stop(p);
    }
}

/// Spans still waiting for their batch when SIGTERM comes are exported before the process exits;
/// one process (`--role all`) is `vision-stays-all`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spans_still_batched_go_out_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let rx = receiver(dir.path()).await;
    let all = Process::serve("all", dir.path(), |cmd| {
        for var in OTEL_VARS {
            cmd.env_remove(var);
        }
        // Ten minutes: only the shutdown can send the batch.
        cmd.env("OTEL_EXPORTER_OTLP_ENDPOINT", &rx.url)
            .env("OTEL_BSP_SCHEDULE_DELAY", "600000");
    });
    wait_ready(&all).await;
    let id = format!("flush-{}", uuid::Uuid::new_v4().simple());
    let res = reqwest::Client::new()
        .get(format!("{}/api/v1/hotels", all.url))
        .header("x-request-id", &id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        of(&spans(&rx.spans), "vision-stays-all", &id).is_empty(),
        "exported before the batch was due"
    );
    stop(all);
    let exported = spans(&rx.spans);
    let request = of(&exported, "vision-stays-all", &id);
    assert_eq!(request.len(), 1, "{exported:#?}");
    assert_eq!(request[0]["name"], "GET /api/v1/hotels");
    assert_eq!(request[0]["resource"]["vs.role"], "all");
}
