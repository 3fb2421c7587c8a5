//! What operators rely on: rate limits, metrics, request ids, and the healthcheck command.

use crate::common::{TestApp, day};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn sign_in_and_booking_posts_are_rate_limited_per_client() {
    let app = TestApp::spawn_rate_limited(2, 2).await;
    let client = reqwest::Client::new();
    let creds = json!({"email": "nobody@example.com", "password": "not the password"});
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let res = client
            .post(app.url("/api/v1/sessions"))
            .json(&creds)
            .send()
            .await
            .unwrap();
        statuses.push(res.status());
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry: u64 = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            assert_eq!(res.headers()["content-type"], "application/problem+json");
            let body: serde_json::Value = res.json().await.unwrap();
            assert_eq!(body["status"], 429);
        }
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    // Reading is never limited.
    for _ in 0..5 {
        assert_eq!(
            client
                .get(app.url("/api/v1/hotels"))
                .send()
                .await
                .unwrap()
                .status(),
            StatusCode::OK
        );
    }
    // The web forms have their own budget and answer people in HTML.
    let b = app.browser();
    for _ in 0..2 {
        assert_eq!(
            b.post_form("/signin", &[("email", "a@example.com"), ("password", "x")])
                .await
                .status(),
            StatusCode::SEE_OTHER
        );
    }
    let res = b
        .client
        .post(app.url("/signin"))
        .header("accept", "text/html")
        .form(&[("email", "a@example.com")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_bookings() {
    let app = TestApp::spawn().await;
    let (slug, room, _) = app.first_room().await;
    let guest = app.guest().await;
    guest.get(&format!("/hotels/{slug}")).await;
    let res = guest.book(&slug, &room, &day(90), &day(91), 1).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let site = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_eq!(
        site.status(),
        StatusCode::NOT_FOUND,
        "metrics stay off the site"
    );
    let text = reqwest::get(format!("http://{}/metrics", app.metrics_addr))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(text.contains(r#"route="/hotels/{slug}""#), "{text}");
    assert!(
        !text.contains(&format!("/hotels/{slug}\"")),
        "raw paths must not become labels"
    );
    assert!(
        text.contains(&format!(r#"bookings_confirmed_total{{hotel="{slug}"}}"#)),
        "{text}"
    );
    assert!(text.contains("http_request_duration_seconds_bucket"));
    // Sampled at the scrape, for the alerts (deploy/monitoring): the build, readiness, the pool.
    assert!(
        text.contains(&format!(
            r#"vs_build_info{{version="{}","#,
            env!("CARGO_PKG_VERSION")
        )),
        "{text}"
    );
    assert_eq!(sample(&text, "vs_ready"), Some(1.0), "{text}");
    let max = sample(&text, "vs_db_pool_max_connections").expect("the pool's size");
    let in_use = sample(&text, r#"vs_db_pool_connections{state="in_use"}"#).unwrap();
    let idle = sample(&text, r#"vs_db_pool_connections{state="idle"}"#).unwrap();
    assert!(max >= 1.0 && in_use + idle >= 1.0, "{text}");
    assert!(in_use + idle <= max, "{text}");
}

/// The value of the exposition line `series value`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let res = reqwest::Client::new()
        .get(app.url("/healthz"))
        .header("x-request-id", "trace-me-123")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["x-request-id"], "trace-me-123");
    let res = reqwest::get(app.url("/api/v1/hotels")).await.unwrap();
    assert!(!res.headers()["x-request-id"].is_empty());
}

/// `vision-stays healthcheck` at `addr` (and an OCI setting it must not act on): status, output.
async fn healthcheck(addr: &str) -> (bool, String) {
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args(["healthcheck", "--addr", addr])
        .env("VS_OCI_AUTH", "instance-principal")
        .env("OCI_METADATA_BASE_URL", "http://127.0.0.1:9/opc/v2")
        .output()
        .await
        .expect("run vision-stays healthcheck");
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn the_healthcheck_command_exits_0_only_for_a_ready_process() {
    let app = TestApp::spawn().await;
    let (ready, out) = healthcheck(&app.addr.to_string()).await;
    assert!(ready, "{out}");
    // Listening on every address is asked on loopback, as in a container.
    let (ready, out) = healthcheck(&format!("0.0.0.0:{}", app.addr.port())).await;
    assert!(ready, "{out}");
    // Not ready: the database behind it lost a migration.
    app.exec(
        "DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)",
    )
    .await;
    let (ready, out) = healthcheck(&app.addr.to_string()).await;
    assert!(!ready && out.contains("503"), "{out}");
    // Nobody there.
    let port = crate::common::process::free_port();
    let (ready, out) = healthcheck(&format!("127.0.0.1:{port}")).await;
    assert!(!ready && out.contains("did not answer"), "{out}");
}
