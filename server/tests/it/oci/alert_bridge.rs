//! The alert bridge: Alertmanager's webhook payload in, a signed PublishMessage to the on-call
//! topic out; no token, a wrong payload or a topic that is down each get their answer.
use serde_json::json;

use crate::common::oci::{OciStandIn, TOPIC_ID};

const TOKEN: &str = "bridge-test-token-0123456789";

/// A firing page as Alertmanager 0.25 posts it (webhook payload version 4).
fn page() -> serde_json::Value {
    json!({
        "version": "4",
        "groupKey": "{}/{severity=\"page\"}:{alertname=\"RoleDown\"}",
        "truncatedAlerts": 0,
        "status": "firing",
        "receiver": "page-oci-notifications",
        "groupLabels": {"alertname": "RoleDown"},
        "commonLabels": {"alertname": "RoleDown", "severity": "page", "role": "bookings", "track": "stable"},
        "commonAnnotations": {"summary": "Every bookings instance is down"},
        "externalURL": "http://alertmanager.monitoring:9093",
        "alerts": [{
            "status": "firing",
            "labels": {"alertname": "RoleDown", "severity": "page", "role": "bookings", "track": "stable"},
            "annotations": {
                "summary": "Every bookings instance is down",
                "runbook_url": "https://github.com/vision-stays/vision-stays/blob/main/deploy/monitoring/README.md#roledown"
            },
            "startsAt": "2026-12-04T10:00:00.000Z",
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": "http://prometheus:9090/graph?g0.expr=...",
            "fingerprint": "a1b2c3d4e5f60718"
        }]
    })
}

#[tokio::test]
async fn a_page_reaches_the_on_call_topic_signed() {
    let standin = OciStandIn::start().await;
    let mut pairs = standin.api_key_env();
    pairs.extend(standin.stream_and_topic_env());
    let oci = super::client(&pairs).await.unwrap();
    let router = server::alert_bridge::router(oci, TOPIC_ID.to_owned(), TOKEN.to_owned());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/alert", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    let http = reqwest::Client::new();
    let post = |token: Option<&str>, body: String| {
        let mut req = http.post(&url).body(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };

    let r = post(None, page().to_string()).await.unwrap();
    assert_eq!(r.status(), 401);
    let r = post(Some("wrong-token"), page().to_string()).await.unwrap();
    assert_eq!(r.status(), 401);
    let r = post(Some(TOKEN), "{\"not\": \"alertmanager\"}".into())
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        standin.topic_messages(TOPIC_ID).await.is_empty(),
        "nothing published yet"
    );

    let r = post(Some(TOKEN), page().to_string()).await.unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let messages = standin.topic_messages(TOPIC_ID).await;
    assert_eq!(messages.len(), 1);
    let (title, body) = &messages[0];
    assert_eq!(title.as_deref(), Some("[PAGE FIRING] RoleDown (1)"));
    assert!(
        body.contains("FIRING — Every bookings instance is down"),
        "{body}"
    );
    assert!(body.contains("README.md#roledown"), "{body}");
    assert!(body.contains("role=bookings track=stable"), "{body}");
    let calls = standin.requests_for("PublishMessage").await;
    assert!(
        calls
            .iter()
            .all(|c| c.accepted && c.principal_type() == Some("api-key"))
    );

    // Notifications down: 502, so Alertmanager tries again; then it gets through.
    standin.set_topic_down(true).await;
    let mut resolved = page();
    resolved["status"] = json!("resolved");
    resolved["alerts"][0]["status"] = json!("resolved");
    let r = post(Some(TOKEN), resolved.to_string()).await.unwrap();
    assert_eq!(r.status(), 502);
    standin.set_topic_down(false).await;
    let r = post(Some(TOKEN), resolved.to_string()).await.unwrap();
    assert_eq!(r.status(), 200);
    let messages = standin.topic_messages(TOPIC_ID).await;
    assert_eq!(
        messages[1].0.as_deref(),
        Some("[PAGE RESOLVED] RoleDown (1)")
    );
}
