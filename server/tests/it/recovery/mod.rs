//! Recovery drills: the real binary killed with SIGKILL mid-work and restarted, through a
//! database outage and a shutdown under traffic, and backups taken while it serves, restored.
mod backup;
mod crash;
mod outage;
mod pg_cluster;
mod shutdown;
mod support;

use reqwest::StatusCode;
use serde_json::json;

/// Signs up `email` through the API and returns an access token for it.
async fn customer_token(http: &reqwest::Client, base: &str, email: &str) -> String {
    let password = "a long passphrase";
    let r = http
        .post(format!("{base}/api/v1/customers"))
        .json(&json!({"email": email, "password": password, "name": "Drill Guest"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let r: serde_json::Value = http
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["access_token"].as_str().unwrap().to_owned()
}

/// Sends an unanswered booking again with its key: it must resolve (201, or 200/409 for a
/// booking made before or a room sold out meanwhile), never book twice.
async fn replay(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    key: &str,
    body: &serde_json::Value,
) -> StatusCode {
    let r = http
        .post(format!("{base}/api/v1/bookings"))
        .bearer_auth(token)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(
        matches!(r.status().as_u16(), 200 | 201 | 409),
        "replaying {key}: {}",
        r.status()
    );
    r.status()
}
