//! Custom metrics to OCI Monitoring: the alarms' gauges posted with PostMetricData, signed, in
//! the shape and within the rules the stand-in checks as OCI does, and kept through an outage.
use std::time::{Duration, Instant};

use serde_json::Value;
use server::oci::{AuthKind, OciArgs};

use crate::common::TestApp;
use crate::common::oci::{OciStandIn, REGION};

const COMPARTMENT: &str = "ocid1.compartment.oc1..aaaaaaaastandinmetrics";

async fn posted(standin: &OciStandIn) -> Vec<Value> {
    let res = reqwest::get(format!("{}/_standin/metrics", standin.url()))
        .await
        .unwrap();
    let mut body: Value = res.json().await.unwrap();
    serde_json::from_value(body["metrics"].take()).unwrap()
}

/// The values posted for metric `name` whose dimensions include `dims`.
fn values(metrics: &[Value], name: &str, dims: &[(&str, &str)]) -> Vec<f64> {
    metrics
        .iter()
        .filter(|m| m["name"] == name)
        .filter(|m| dims.iter().all(|(k, v)| m["dimensions"][*k] == *v))
        .flat_map(|m| m["datapoints"].as_array().unwrap().clone())
        .map(|p| p["value"].as_f64().unwrap())
        .collect()
}

async fn wait_until(what: &str, standin: &OciStandIn, check: impl Fn(&[Value]) -> bool) {
    let started = Instant::now();
    loop {
        if check(&posted(standin).await) {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still waiting for {what}: {:#?}",
            posted(standin).await.last()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn the_alarms_gauges_reach_oci_monitoring_and_survive_an_outage() {
    let standin = OciStandIn::start().await;
    let url: url::Url = standin.url().parse().unwrap();
    let config = standin.config_file().to_path_buf();
    let app = TestApp::spawn_configured(move |args| {
        args.release_track = "canary".into();
        args.oci = OciArgs {
            auth: Some(AuthKind::ApiKey),
            config_file: Some(config),
            profile: Some("DEFAULT".into()),
            region: Some(REGION.into()),
            monitoring_endpoint: Some(url),
            monitoring_namespace: Some("vision_stays".parse().unwrap()),
            monitoring_compartment_id: Some(COMPARTMENT.into()),
            monitoring_interval: 1,
            ..Default::default()
        };
    })
    .await;
    let http = reqwest::Client::new();
    let search = format!(
        "/search?city=Lisbon&check_in={}&check_out={}&guests=2",
        crate::common::day(20),
        crate::common::day(22)
    );
    for path in [search.as_str(), "/hotels/casa-do-tejo", "/healthz"] {
        let res = http.get(app.url(path)).send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
    }
    let res = http
        .post(app.url("/api/v1/bookings"))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "an anonymous booking is refused");

    let all = [("role", "all"), ("track", "canary")];
    wait_until("the journeys of the requests made", &standin, |m| {
        let journey = |j| {
            values(m, "journey_requests", &[("journey", j)])
                .iter()
                .sum::<f64>()
        };
        journey("search") >= 1.0 && journey("hotel_page") >= 1.0 && journey("booking") >= 1.0
    })
    .await;
    let metrics = posted(&standin).await;
    assert!(
        values(&metrics, "heartbeat", &all)
            .iter()
            .all(|v| *v == 1.0)
    );
    assert!(values(&metrics, "ready", &all).contains(&1.0));
    assert_eq!(
        values(&metrics, "journey_error_ratio", &[("journey", "booking")]),
        vec![0.0],
        "a 401 is the client's answer, not a failure"
    );
    let requests: f64 = values(&metrics, "http_requests", &all).iter().sum();
    assert!(
        requests >= 3.0,
        "search, hotel page and booking counted, /healthz not: {requests}"
    );
    assert!(!values(&metrics, "db_pool_utilisation", &all).is_empty());
    wait_until("the email outbox's lag", &standin, |m| {
        !values(m, "outbox_oldest_pending_seconds", &[("outbox", "emails")]).is_empty()
    })
    .await;
    for m in &metrics {
        assert_eq!(m["namespace"], "vision_stays");
        assert_eq!(m["compartmentId"], COMPARTMENT);
        assert!(
            m["dimensions"]["instance"]
                .as_str()
                .is_some_and(|i| !i.is_empty())
        );
    }
    let calls = standin.requests_for("PostMetricData").await;
    assert!(!calls.is_empty());
    for call in &calls {
        assert!(call.accepted, "refused: {:?}", call.reason);
        assert_eq!(call.status, Some(200));
        assert_eq!(call.principal_type(), Some("api-key"));
    }

    // Monitoring away for a few intervals: their datapoints arrive once it is back.
    standin.set_outage("metrics", true, 503, None).await;
    let down_from = chrono::Utc::now();
    tokio::time::sleep(Duration::from_millis(3500)).await;
    let down_until = chrono::Utc::now();
    let before = posted(&standin).await.len();
    standin.set_outage("metrics", false, 503, None).await;
    let during = |m: &[Value]| {
        m.iter()
            .filter(|m| m["name"] == "heartbeat")
            .flat_map(|m| m["datapoints"].as_array().unwrap().clone())
            .filter_map(|p| {
                p["timestamp"]
                    .as_str()?
                    .parse::<chrono::DateTime<chrono::Utc>>()
                    .ok()
            })
            .filter(|t| *t > down_from && *t < down_until)
            .count()
    };
    wait_until("the heartbeats of the outage", &standin, |m| during(m) >= 2).await;
    assert_eq!(during(&posted(&standin).await[..before]), 0);
    let refused = standin.requests().await;
    assert!(
        refused
            .iter()
            .any(|r| r.path == "/20180401/metrics" && r.status == Some(503)),
        "the outage was seen"
    );
}
