//! REST API load for `cargo xtask bench`: a bearer token for a fresh customer, then
//! `POST /api/v1/bookings` on many connections.
use crate::load::{self, Outcome, Stats, Worker};
use crate::plan::Plan;
use anyhow::{Context, Result, bail};
use reqwest::{Client, StatusCode, Url};
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Creates a customer (`POST /api/v1/customers`, 202: the address is confirmed by email, as
/// for any sign-up) and signs in (`POST /api/v1/sessions`); returns the access token.
pub async fn token(base: &Url) -> Result<String> {
    let client = load::client(None)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let email = format!("api-bench-{}@example.com", &id[..12]);
    let password = format!("Bench-pass-{id}");
    let resp = client
        .post(base.join("/api/v1/customers")?)
        .header("content-type", "application/json")
        .body(json!({"email": email, "password": password, "name": "API Bench Guest"}).to_string())
        .send()
        .await
        .context("POST /api/v1/customers")?;
    expect(resp, StatusCode::ACCEPTED, "POST /api/v1/customers").await?;
    sign_in(base, &email, &password).await
}

/// Signs an existing customer in (`POST /api/v1/sessions`); returns the access token.
pub async fn sign_in(base: &Url, email: &str, password: &str) -> Result<String> {
    let client = load::client(None)?;
    let resp = client
        .post(base.join("/api/v1/sessions")?)
        .header("content-type", "application/json")
        .body(json!({"email": email, "password": password}).to_string())
        .send()
        .await
        .context("POST /api/v1/sessions")?;
    let body = expect(resp, StatusCode::OK, "POST /api/v1/sessions").await?;
    let body: serde_json::Value =
        serde_json::from_str(&body).context("the session answer is not JSON")?;
    body["access_token"]
        .as_str()
        .map(str::to_owned)
        .context("the session answer has no access_token")
}

/// The body of a response with the `want`ed status, else an error quoting its start.
async fn expect(resp: reqwest::Response, want: StatusCode, what: &str) -> Result<String> {
    let status = resp.status();
    let body = resp.text().await.unwrap_or_default();
    if status != want {
        let start: String = body.chars().take(400).collect();
        bail!("{what} gave {status}, not {want}; body starts: {start}");
    }
    Ok(body)
}

/// `POST /api/v1/bookings` (one guest, a fresh `Idempotency-Key` each) on `connections`
/// loops for `duration`, taking stays from `plan`; 201 is success, 409 is counted as sold out.
pub async fn book(
    base: &Url,
    token: &str,
    plan: Arc<Plan>,
    connections: usize,
    duration: Duration,
) -> Result<Stats> {
    let start = Instant::now();
    let deadline = start + duration;
    let url = base.join("/api/v1/bookings")?;
    let bearer = format!("Bearer {token}");
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = load::client(None)?;
        let (url, bearer, plan) = (url.clone(), bearer.clone(), plan.clone());
        tasks.push(tokio::spawn(async move {
            let mut w = Worker::default();
            while Instant::now() < deadline {
                let Some((slot, check_in, check_out)) = plan.take() else {
                    break;
                };
                let body = booking_body(&slot.hotel, &slot.room_type, check_in, check_out);
                let t = Instant::now();
                let outcome = post(&client, &url, &bearer, body).await;
                w.record(t, outcome);
            }
            w
        }));
    }
    load::collect(tasks, start).await
}

/// `POST /api/v1/bookings` at a fixed `rate` for `duration`, open loop: each request is sent
/// at its scheduled time whatever the earlier ones do, and its latency counts from that time,
/// so a slow server shows in the percentiles instead of slowing the client down.
pub async fn book_at_rate(
    base: &Url,
    token: &str,
    plan: Arc<Plan>,
    rate: f64,
    duration: Duration,
) -> Result<Stats> {
    let url = base.join("/api/v1/bookings")?;
    let bearer = format!("Bearer {token}");
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()?;
    let total = (rate * duration.as_secs_f64()).round() as u64;
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..total {
        let due = start + Duration::from_secs_f64(i as f64 / rate.max(1e-9));
        tokio::time::sleep_until(due.into()).await;
        let Some((slot, check_in, check_out)) = plan.take() else {
            break;
        };
        let body = booking_body(&slot.hotel, &slot.room_type, check_in, check_out);
        let (client, url, bearer) = (client.clone(), url.clone(), bearer.clone());
        tasks.push(tokio::spawn(async move {
            let mut w = Worker::default();
            let outcome = post(&client, &url, &bearer, body).await;
            w.record(due, outcome);
            w
        }));
    }
    load::collect(tasks, start).await
}

fn booking_body(
    hotel: &str,
    room_type: &str,
    check_in: chrono::NaiveDate,
    check_out: chrono::NaiveDate,
) -> String {
    json!({
        "hotel": hotel,
        "room_type": room_type,
        "check_in": check_in.to_string(),
        "check_out": check_out.to_string(),
        "guests": 1,
        "guest": {"name": "API Bench Guest", "email": "api-bench-guest@example.com"},
    })
    .to_string()
}

async fn post(client: &Client, url: &Url, bearer: &str, body: String) -> Outcome {
    let sent = client
        .post(url.clone())
        .header("Authorization", bearer)
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await;
    match sent {
        Ok(resp) => {
            let status = resp.status();
            match resp.bytes().await {
                Ok(_) if status == StatusCode::CREATED => Outcome::Ok,
                Ok(_) if status == StatusCode::CONFLICT => Outcome::SoldOut,
                Ok(_) => Outcome::Failed(format!("status {}", status.as_u16())),
                Err(e) => Outcome::Failed(load::error_reason(&e)),
            }
        }
        Err(e) => Outcome::Failed(load::error_reason(&e)),
    }
}
