//! Steady, bounded traffic for the release rehearsals: bookings through the REST API and page or
//! search reads, counted by outcome, and afterwards every acknowledged booking looked up again.
use crate::load;
use crate::plan::Plan;
use anyhow::{Context, Result, bail};
use reqwest::cookie::Jar;
use reqwest::{Client, StatusCode, Url};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Workers of each kind, and the pause each takes between requests: a few hundred requests a
/// second at most, so a 2-core machine keeps up with it and the counts mean something.
const BOOKERS: usize = 4;
const READERS: usize = 4;
const PAUSE: Duration = Duration::from_millis(20);

/// What a run of traffic saw.
#[derive(Default)]
pub struct Counts {
    pub bookings: u64,
    pub reads: u64,
    /// Requests that did not get the answer they should have, by reason.
    pub failures: BTreeMap<String, u64>,
    /// The references of the bookings that were acknowledged (201).
    pub booked: BTreeSet<String>,
    /// Requests sent again, once, after their kept-alive connection closed before any answer.
    pub retried: u64,
}

impl Counts {
    pub fn failed(&self) -> u64 {
        self.failures.values().sum()
    }

    fn merge(&mut self, other: Counts) {
        self.bookings += other.bookings;
        self.reads += other.reads;
        for (why, n) in other.failures {
            *self.failures.entry(why).or_default() += n;
        }
        self.booked.extend(other.booked);
        self.retried += other.retried;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} bookings ({} acknowledged), {} reads, {} failed",
            self.bookings,
            self.booked.len(),
            self.reads,
            self.failed()
        )?;
        if self.retried > 0 {
            write!(
                f,
                " ({} resent after a closed keep-alive connection)",
                self.retried
            )?;
        }
        if !self.failures.is_empty() {
            write!(f, " {:?}", self.failures)?;
        }
        Ok(())
    }
}

/// Who books, where, and where the stays come from.
#[derive(Clone)]
pub struct Booker {
    /// The services' API: bookings are made here unless `site` is set, and always looked up here.
    pub api: Url,
    /// The guest's access token.
    pub token: String,
    /// Book through the site's form instead: its base URL, Origin, and the guest's session.
    pub site: Option<(Url, String, Arc<Jar>)>,
    pub plan: Arc<Plan>,
}

impl Booker {
    /// A fresh guest (made at the customers service) who books through the REST API at `api`.
    pub async fn api(customers: &Url, api: &Url, plan: Arc<Plan>) -> Result<Booker> {
        Ok(Booker {
            api: api.clone(),
            token: crate::api::token(customers).await?,
            site: None,
            plan,
        })
    }

    /// A fresh guest, signed up through the site at `site`, who books through its form; the
    /// same guest signs in at the customers service to look the bookings up at `api`.
    pub async fn site(site: &Url, customers: &Url, api: &Url, plan: Arc<Plan>) -> Result<Booker> {
        let jar = Arc::new(Jar::default());
        let origin = site.as_str().trim_end_matches('/').to_owned();
        let client = load::client(Some(jar.clone()))?;
        let (email, password) = load::sign_up(&client, &jar, site, &origin).await?;
        Ok(Booker {
            api: api.clone(),
            token: crate::api::sign_in(customers, &email, &password).await?,
            site: Some((site.clone(), origin, jar)),
            plan,
        })
    }

    fn client(&self) -> Result<Client> {
        load::client(self.site.as_ref().map(|(_, _, jar)| jar.clone()))
    }
}

/// Books and reads `reads` until `stop` resolves, then returns the counts.
pub async fn run(booker: &Booker, reads: &[Url], stop: impl Future<Output = ()>) -> Result<Counts> {
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut tasks = Vec::new();
    for _ in 0..BOOKERS {
        let (booker, done) = (booker.clone(), done.clone());
        let client = booker.client()?;
        tasks.push(tokio::spawn(async move {
            let mut counts = Counts::default();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                book_once(&client, &booker, &mut counts).await;
                tokio::time::sleep(PAUSE).await;
            }
            counts
        }));
    }
    for i in 0..READERS {
        let Some(url) = reads.get(i % reads.len().max(1)).cloned() else {
            break;
        };
        let done = done.clone();
        let client = load::client(None)?;
        tasks.push(tokio::spawn(async move {
            let mut counts = Counts::default();
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                read_once(&client, &url, &mut counts).await;
                tokio::time::sleep(PAUSE).await;
            }
            counts
        }));
    }
    stop.await;
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut total = Counts::default();
    for task in tasks {
        total.merge(task.await.context("a traffic worker panicked")?);
    }
    Ok(total)
}

async fn book_once(client: &Client, booker: &Booker, counts: &mut Counts) {
    let Some((slot, check_in, check_out)) = booker.plan.take() else {
        return;
    };
    counts.bookings += 1;
    let key = uuid::Uuid::new_v4().to_string();
    let (check_in, check_out) = (check_in.to_string(), check_out.to_string());
    let answer = match &booker.site {
        Some((site, origin, _)) => {
            let form = [
                ("room_type", slot.room_type.as_str()),
                ("check_in", &check_in),
                ("check_out", &check_out),
                ("guests", "1"),
                ("guest_name", "Rehearsal Guest"),
                ("guest_email", "rehearsal-guest@example.com"),
                ("guest_phone", "+351 912 345 678"),
                ("special_requests", ""),
                ("idempotency_key", &key),
            ];
            let url = site.join(&format!("/hotels/{}/book", slot.hotel));
            match url {
                Ok(url) => {
                    let request = client.post(url).header("Origin", origin).form(&form);
                    match send(request, &mut counts.retried).await {
                        Ok(resp) => load::form_booking(resp)
                            .await
                            .map_err(|e| format!("booking: {e}")),
                        Err(e) => Err(format!("booking: {}", load::error_reason(&e))),
                    }
                }
                Err(e) => Err(format!("booking: {e}")),
            }
        }
        None => {
            let body = json!({
                "hotel": slot.hotel,
                "room_type": slot.room_type,
                "check_in": check_in,
                "check_out": check_out,
                "guests": 1,
                "guest": {"name": "Rehearsal Guest", "email": "rehearsal-guest@example.com"},
            });
            let request = client
                .post(booker.api.join("/api/v1/bookings").expect("a valid path"))
                .bearer_auth(&booker.token)
                .header("Idempotency-Key", &key)
                .json(&body);
            match send(request, &mut counts.retried).await {
                Ok(resp) => api_reference(resp).await,
                Err(e) => Err(format!("booking: {}", load::error_reason(&e))),
            }
        }
    };
    match answer {
        Ok(reference) => {
            counts.booked.insert(reference);
        }
        Err(failure) => *counts.failures.entry(failure).or_default() += 1,
    }
}

/// The reference of a booking the API created (201), or why there is none.
async fn api_reference(resp: reqwest::Response) -> Result<String, String> {
    if resp.status() != StatusCode::CREATED {
        return Err(format!("booking: status {}", resp.status().as_u16()));
    }
    let body: serde_json::Value = resp
        .json()
        .await
        .map_err(|e| format!("booking: {}", load::error_reason(&e)))?;
    body["reference"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| "booking: 201 without a reference".to_owned())
}

/// Sends `request`; when its kept-alive connection was closed before any answer came (a proxy
/// reloading closes its idle ones), sends it once more, as browsers do. A booking is resent
/// with the same idempotency key, so it can never be made twice.
async fn send(
    request: reqwest::RequestBuilder,
    retried: &mut u64,
) -> Result<reqwest::Response, reqwest::Error> {
    let again = request.try_clone();
    match request.send().await {
        Err(e) if !e.is_timeout() && !e.is_connect() && e.status().is_none() => match again {
            Some(again) => {
                *retried += 1;
                again.send().await
            }
            None => Err(e),
        },
        answer => answer,
    }
}

async fn read_once(client: &Client, url: &Url, counts: &mut Counts) {
    counts.reads += 1;
    let failure = match send(client.get(url.clone()), &mut counts.retried).await {
        Ok(resp) if resp.status() == StatusCode::OK => match resp.bytes().await {
            Ok(_) => return,
            Err(e) => format!("read: {}", load::error_reason(&e)),
        },
        Ok(resp) => format!("read: status {}", resp.status().as_u16()),
        Err(e) => format!("read: {}", load::error_reason(&e)),
    };
    *counts.failures.entry(failure).or_default() += 1;
}

/// Every acknowledged booking the guest's list no longer shows (0 = none lost).
pub async fn lost(booker: &Booker, booked: &BTreeSet<String>) -> Result<usize> {
    let client = load::client(None)?;
    let resp = client
        .get(booker.api.join("/api/v1/bookings")?)
        .bearer_auth(&booker.token)
        .send()
        .await
        .context("GET /api/v1/bookings")?;
    if resp.status() != StatusCode::OK {
        bail!("GET /api/v1/bookings answered {}", resp.status());
    }
    let list: Vec<serde_json::Value> = resp.json().await.context("the bookings list")?;
    let held: BTreeSet<&str> = list
        .iter()
        .filter_map(|b| b["reference"].as_str())
        .collect();
    Ok(booked.iter().filter(|r| !held.contains(r.as_str())).count())
}

/// Waits until `url` answers 200, for at most `limit`.
pub async fn wait_ok(url: &Url, limit: Duration) -> Result<()> {
    let client = load::client(None)?;
    let start = Instant::now();
    loop {
        if let Ok(resp) = client.get(url.clone()).send().await
            && resp.status() == StatusCode::OK
        {
            return Ok(());
        }
        if start.elapsed() > limit {
            bail!(
                "{url} did not answer 200 within {}",
                crate::util::secs(limit)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
