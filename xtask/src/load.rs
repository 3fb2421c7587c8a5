//! In-process HTTP load generator for `cargo xtask bench`: GET throughput and booking creation.
use crate::plan::Plan;
use anyhow::{Context, Result, bail};
use reqwest::cookie::{CookieStore, Jar};
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode, Url};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Hard cap on requests per connection, on top of the time limit.
const MAX_REQUESTS_PER_CONNECTION: u64 = 2_000_000;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What a load run measured.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    /// Successful requests.
    pub ok: u64,
    /// Bookings refused as sold out (409): counted apart from successes and failures.
    pub sold_out: u64,
    /// Failed requests by reason (`status 500`, `connect error`...).
    pub failures: BTreeMap<String, u64>,
    pub elapsed: Duration,
    /// Latency of every request (successful or not), in microseconds, sorted.
    pub latencies_us: Vec<u32>,
}

impl Stats {
    /// Successful requests per second.
    pub fn per_sec(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    pub fn failed(&self) -> u64 {
        self.failures.values().sum()
    }

    /// The `p`th percentile latency in milliseconds (0 when nothing was measured).
    pub fn percentile_ms(&self, p: f64) -> f64 {
        percentile(&self.latencies_us, p) as f64 / 1000.0
    }

    fn merge(&mut self, other: Worker) {
        self.ok += other.ok;
        self.sold_out += other.sold_out;
        for (k, v) in other.failures {
            *self.failures.entry(k).or_default() += v;
        }
        self.latencies_us.extend(other.latencies_us);
    }
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// How one request ended.
pub enum Outcome {
    Ok,
    SoldOut,
    Failed(String),
}

impl From<Option<String>> for Outcome {
    fn from(failure: Option<String>) -> Outcome {
        failure.map_or(Outcome::Ok, Outcome::Failed)
    }
}

/// What one connection's loop measured.
#[derive(Default)]
pub struct Worker {
    ok: u64,
    sold_out: u64,
    failures: BTreeMap<String, u64>,
    latencies_us: Vec<u32>,
}

impl Worker {
    pub fn record(&mut self, started: Instant, outcome: impl Into<Outcome>) {
        let us = started.elapsed().as_micros().min(u32::MAX as u128) as u32;
        self.latencies_us.push(us);
        match outcome.into() {
            Outcome::Ok => self.ok += 1,
            Outcome::SoldOut => self.sold_out += 1,
            Outcome::Failed(reason) => *self.failures.entry(reason).or_default() += 1,
        }
    }
}

/// A client that never uses a proxy and never follows redirects.
pub fn client(jar: Option<Arc<Jar>>) -> Result<Client> {
    let mut builder = Client::builder()
        .no_proxy()
        .redirect(Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(1);
    if let Some(jar) = jar {
        builder = builder.cookie_provider(jar);
    }
    builder.build().context("building the HTTP client")
}

pub fn error_reason(err: &reqwest::Error) -> String {
    if err.is_timeout() {
        "timeout".into()
    } else if err.is_connect() {
        "connect error".into()
    } else {
        "request error".into()
    }
}

/// `connections` loops (one keep-alive connection each) GET `url` for `duration`;
/// 200 counts as success.
pub async fn get(url: &Url, connections: usize, duration: Duration) -> Result<Stats> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = client(None)?;
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut w = Worker::default();
            for _ in 0..MAX_REQUESTS_PER_CONNECTION {
                if Instant::now() >= deadline {
                    break;
                }
                let t = Instant::now();
                let failure = match client.get(url.clone()).send().await {
                    Ok(resp) => {
                        let status = resp.status();
                        match resp.bytes().await {
                            Ok(_) if status == StatusCode::OK => None,
                            Ok(_) => Some(format!("status {}", status.as_u16())),
                            Err(e) => Some(error_reason(&e)),
                        }
                    }
                    Err(e) => Some(error_reason(&e)),
                };
                w.record(t, failure);
            }
            w
        }));
    }
    collect(tasks, start).await
}

pub async fn collect(tasks: Vec<tokio::task::JoinHandle<Worker>>, start: Instant) -> Result<Stats> {
    let mut stats = Stats::default();
    for task in tasks {
        stats.merge(task.await.context("a load task panicked")?);
    }
    stats.elapsed = start.elapsed();
    stats.latencies_us.sort_unstable();
    Ok(stats)
}

/// Signs up a fresh guest; the session cookie lands in `jar`. Returns the email and password.
pub async fn sign_up(
    client: &Client,
    jar: &Jar,
    base: &Url,
    origin: &str,
) -> Result<(String, String)> {
    let id = uuid::Uuid::new_v4().simple().to_string();
    let email = format!("bench-{}@example.com", &id[..12]);
    let password = format!("Bench-pass-{id}");
    let form = [
        ("name", "Bench Guest"),
        ("email", email.as_str()),
        ("password", password.as_str()),
        ("next", "/"),
    ];
    let url = base.join("/signup")?;
    let resp = client
        .post(url.clone())
        .header("Origin", origin)
        .form(&form)
        .send()
        .await
        .context("POST /signup")?;
    let status = resp.status();
    let has_session = jar
        .cookies(&url)
        .is_some_and(|c| c.to_str().unwrap_or_default().contains("vs_session="));
    if !has_session {
        let body = resp.text().await.unwrap_or_default();
        let body: String = body.chars().take(400).collect();
        bail!("POST /signup gave {status} and no vs_session cookie; body starts: {body}");
    }
    Ok((email, password))
}

/// Creates bookings through the HTML form on `connections` loops (one keep-alive connection
/// each, all signed in through `jar`) for `duration`, taking stays from `plan` until it is full;
/// a 303 to `/bookings/VS-...` counts as success.
pub async fn book(
    jar: Arc<Jar>,
    base: &Url,
    origin: &str,
    plan: Arc<Plan>,
    connections: usize,
    duration: Duration,
) -> Result<Stats> {
    let start = Instant::now();
    let deadline = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let client = client(Some(jar.clone()))?;
        let (base, origin, plan) = (base.clone(), origin.to_string(), plan.clone());
        tasks.push(tokio::spawn(async move {
            let mut w = Worker::default();
            while Instant::now() < deadline {
                let Some((slot, check_in, check_out)) = plan.take() else {
                    break;
                };
                let Ok(url) = base.join(&format!("/hotels/{}/book", slot.hotel)) else {
                    break;
                };
                let (check_in, check_out) = (check_in.to_string(), check_out.to_string());
                let guests = slot.guests.to_string();
                let key = uuid::Uuid::new_v4().to_string();
                let form = [
                    ("room_type", slot.room_type.as_str()),
                    ("check_in", &check_in),
                    ("check_out", &check_out),
                    ("guests", &guests),
                    ("guest_name", "Bench Guest"),
                    ("guest_email", "bench-guest@example.com"),
                    ("guest_phone", "+351 912 345 678"),
                    ("special_requests", ""),
                    ("idempotency_key", &key),
                ];
                let t = Instant::now();
                let failure = match client
                    .post(url)
                    .header("Origin", &origin)
                    .form(&form)
                    .send()
                    .await
                {
                    Ok(resp) => booking_failure(resp).await,
                    Err(e) => Some(error_reason(&e)),
                };
                w.record(t, failure);
            }
            w
        }));
    }
    collect(tasks, start).await
}

async fn booking_failure(resp: reqwest::Response) -> Option<String> {
    form_booking(resp).await.err()
}

/// The reference of the booking a form post made (a 303 to `/bookings/VS-…`), or why not.
pub async fn form_booking(resp: reqwest::Response) -> Result<String, String> {
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let _ = resp.bytes().await;
    if status != StatusCode::SEE_OTHER {
        return Err(format!("status {}", status.as_u16()));
    }
    let path = location.split(['?', '#']).next().unwrap_or_default();
    match path.strip_prefix("/bookings/") {
        Some(reference) if reference.starts_with("VS-") => Ok(reference.to_owned()),
        _ => Err(format!("303 to {path}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let v: Vec<u32> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&v, 100.0), 100);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
    }
}
