//! The webhook deliverer the relay runs: claims due deliveries under a short lease kept alive
//! while it posts (`outbox::lease`), checks the
//! endpoint's address again, POSTs the CloudEvent to the addresses it checked (no redirects, no
//! proxy, bounded time and answer), signed per Standard Webhooks; records every try and retries
//! failures with capped exponential backoff and jitter until the last try.
use std::sync::Arc;
use std::time::{Duration, Instant};

use opentelemetry::trace::Status;
use tokio::sync::watch;
use tracing::Instrument;
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::delivery_store::{self, Claimed, Outcome, Try};
use super::sealing::{self, SealingKey};
use super::signature::{self, Secret};
use super::{Policy, WebhookArgs, address};
use crate::metrics::Metrics;
use crate::outbox::lease::{Keeper, LEASE};
use crate::outbox::lease_store::{self, Queue};
use crate::outbox::{Outbox, RelayHandle, backoff};
use crate::state::Clock;
use crate::store::Db;

/// Names the platform to receivers.
pub const USER_AGENT: &str = concat!("VisionStays-Webhooks/", env!("CARGO_PKG_VERSION"));
/// The body of the structured-mode CloudEvent (CloudEvents HTTP binding).
const CONTENT_TYPE: &str = "application/cloudevents+json";
/// How much of an answer is read (the rest is dropped unread) and how much of it is kept.
const READ_LIMIT: usize = 4096;
const EXCERPT_CHARS: usize = 300;
const BATCH: i64 = 10;

pub struct Deliverer {
    db: Db,
    args: WebhookArgs,
    id: String,
    outbox: Outbox,
    metrics: Metrics,
    clock: Clock,
    /// Opens the endpoints' sealed secrets.
    sealing: Option<Arc<SealingKey>>,
    /// The claims in hand and their deadlines.
    keeper: Keeper,
}

impl Deliverer {
    /// Delivers with `args`; `policy` is what they make (`WebhookArgs::policy`, checked once).
    pub fn new(
        db: Db,
        args: WebhookArgs,
        policy: &Policy,
        outbox: &Outbox,
        metrics: &Metrics,
    ) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let id = format!("{host}-{}-{}-webhooks", std::process::id(), &tag[..8]);
        Deliverer {
            keeper: Keeper::new(db.clone(), Queue::WebhookDeliveries, &id, LEASE),
            db,
            args,
            id,
            outbox: outbox.clone(),
            metrics: metrics.clone(),
            clock: Clock::System,
            sealing: policy.sealing.clone(),
        }
    }

    pub fn spawn(self) -> RelayHandle {
        let (stop, stopped) = watch::channel(false);
        RelayHandle {
            stop,
            task: tokio::spawn(self.run(stopped)),
        }
    }

    /// Delivers until `stop` turns true (or its sender goes away).
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        tracing::info!(relay = %self.id, allow_private = self.args.allow_private, "webhook deliverer started");
        let outcomes: [&[(&str, &str)]; 3] = [
            &[("outcome", "delivered")],
            &[("outcome", "retry")],
            &[("outcome", "failed")],
        ];
        self.metrics
            .declare_counters("vs_webhook_attempts_total", &outcomes);
        self.metrics
            .declare_counters("vs_webhook_deliveries_total", &[outcomes[0], outcomes[2]]);
        let poll = Duration::from_millis(self.args.poll_ms.max(10));
        loop {
            if *stop.borrow() {
                break;
            }
            match self.deliver_due(Some(&stop)).await {
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(relay = %self.id, error = %e, "webhooks: cannot claim deliveries");
                }
            }
            if let Ok((pending, failed, age)) = delivery_store::backlog(&self.db).await {
                self.metrics.record(|| {
                    metrics::gauge!("vs_webhook_deliveries_pending").set(pending as f64);
                    metrics::gauge!("vs_webhook_deliveries_failed").set(failed as f64);
                    metrics::gauge!("vs_webhook_deliveries_oldest_pending_seconds").set(age);
                });
                self.metrics
                    .outbox_lag(crate::metrics::Outbox::Webhooks, age);
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                _ = self.outbox.woken() => {}
                _ = tokio::time::sleep(poll) => {}
            }
        }
        tracing::info!(relay = %self.id, "webhook deliverer stopped");
    }

    /// Claims one batch of due deliveries and tries each, its claims kept alive meanwhile;
    /// returns how many were claimed.
    pub async fn deliver_due(
        &self,
        stop: Option<&watch::Receiver<bool>>,
    ) -> Result<usize, sqlx::Error> {
        let started = Instant::now();
        let claimed = delivery_store::claim(&self.db, &self.id, LEASE, BATCH).await?;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let ids: Vec<i64> = claimed.iter().map(|c| c.id).collect();
        let _held = self.keeper.hold(&ids, started);
        let _heartbeat = self.keeper.heartbeat();
        let mut queue = claimed.into_iter();
        while let Some(next) = queue.next() {
            let id = next.id;
            if stop.is_some_and(|s| *s.borrow()) {
                let ids: Vec<i64> = std::iter::once(id).chain(queue.map(|c| c.id)).collect();
                lease_store::release(&self.db, Queue::WebhookDeliveries, &ids, &self.id).await?;
                break;
            }
            let renewing = Instant::now();
            let queue_name = Queue::WebhookDeliveries;
            if !lease_store::renew(&self.db, queue_name, id, &self.id, LEASE).await? {
                self.keeper.forget(&[id]);
                continue;
            }
            self.keeper.renewed(id, renewing);
            if !self.keeper.may_start(&[id]) {
                lease_store::release(&self.db, queue_name, &[id], &self.id).await?;
                self.keeper.forget(&[id]);
                continue;
            }
            self.try_one(next).await;
            self.keeper.forget(&[id]);
        }
        Ok(count)
    }

    async fn try_one(&self, d: Claimed) {
        let span = Self::try_span(&d);
        self.try_and_record(d).instrument(span).await;
    }

    async fn try_and_record(&self, d: Claimed) {
        let started = self.clock.now();
        let clock = Instant::now();
        // The request's own timeout, and as long again for resolving the address; in any case
        // it ends before the claim could pass to another relay.
        let limit = Duration::from_millis(self.args.timeout_ms.max(100)) * 2;
        let answer = self
            .keeper
            .bounded(&[d.id], Some(limit), self.post(&d))
            .await
            .unwrap_or_else(|cut| Err(cut.to_string()));
        if crate::telemetry::exporting() {
            let span = tracing::Span::current();
            match &answer {
                Ok((status, _)) => {
                    span.set_attribute("http.response.status_code", i64::from(*status));
                    if !(200..300).contains(status) {
                        span.set_status(Status::error(format!("HTTP {status}")));
                    }
                }
                Err(e) => span.set_status(Status::error(e.clone())),
            }
        }
        let duration = clock.elapsed();
        let attempt = d.attempts + 1;
        let (status_code, error, excerpt) = match &answer {
            Ok((status, excerpt)) if (200..300).contains(status) => {
                (Some(*status), None, excerpt.clone())
            }
            Ok((status, excerpt)) => (
                Some(*status),
                Some(format!("the endpoint answered HTTP {status}")),
                excerpt.clone(),
            ),
            Err(e) => (None, Some(e.clone()), None),
        };
        let outcome = match &error {
            None => Outcome::Delivered,
            Some(_) if attempt >= self.args.max_attempts.max(1) => Outcome::Failed,
            Some(_) => Outcome::Retry(backoff(
                attempt,
                Duration::from_millis(self.args.retry_base_ms.max(1)),
                Duration::from_millis(self.args.retry_cap_ms.max(self.args.retry_base_ms)),
                rand::random(),
            )),
        };
        let label = match outcome {
            Outcome::Delivered => "delivered",
            Outcome::Retry(_) => "retry",
            Outcome::Failed => "failed",
        };
        match (&outcome, &error) {
            (Outcome::Delivered, _) => {
                tracing::info!(relay = %self.id, delivery = d.id, endpoint = d.endpoint_id, event = %d.event_id, r#type = %d.event_type, attempt, "webhook delivered");
            }
            (Outcome::Retry(delay), Some(e)) => {
                tracing::warn!(relay = %self.id, delivery = d.id, endpoint = d.endpoint_id, event = %d.event_id, attempt, retry_in_ms = delay.as_millis() as u64, error = %e, "webhook not delivered; will retry");
            }
            (_, e) => {
                tracing::error!(relay = %self.id, delivery = d.id, endpoint = d.endpoint_id, event = %d.event_id, attempt, error = ?e, "webhook given up");
            }
        }
        self.metrics.record(|| {
            metrics::counter!("vs_webhook_attempts_total", "outcome" => label).increment(1);
            if !matches!(outcome, Outcome::Retry(_)) {
                metrics::counter!("vs_webhook_deliveries_total", "outcome" => label).increment(1);
            }
        });
        let t = Try {
            relay: &self.id,
            started,
            duration,
            status_code,
            error: error.as_deref(),
            excerpt: excerpt.as_deref(),
        };
        // The receiver may have the event already: keep trying to record that, or it is sent
        // again (with the same webhook-id, which receivers drop) once the lease runs out.
        for pause in [100, 300, 1000, 3000, 0] {
            match delivery_store::record(&self.db, d.id, &t, &outcome).await {
                Ok(_) => return,
                Err(e) if pause > 0 => {
                    tracing::warn!(relay = %self.id, delivery = d.id, error = %e, "webhooks: cannot record the try; retrying");
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
                Err(e) => {
                    tracing::error!(relay = %self.id, delivery = d.id, error = %e, "webhooks: cannot record the try; it may be sent again after the lease");
                }
            }
        }
    }

    /// The span of one try of `d` (`outbox.deliver_webhook`): a child of the span of the request
    /// that wrote the delivery, with its request id and the event's booking. No `traceparent` goes
    /// to the endpoint: it is the hotel's system, and our trace ids are none of its business.
    fn try_span(d: &Claimed) -> tracing::Span {
        let span = tracing::info_span!(
            "outbox.deliver_webhook",
            otel.kind = Empty,
            request_id = Empty,
            delivery = d.id,
        );
        if let Some(id) = &d.origin.request_id {
            span.record("request_id", id.as_str());
        }
        if !crate::telemetry::exporting() {
            return span;
        }
        span.record("otel.kind", "client");
        span.set_attribute("webhook.endpoint_id", d.endpoint_id);
        span.set_attribute("webhook.event_id", d.event_id.clone());
        span.set_attribute("webhook.event_type", d.event_type.clone());
        span.set_attribute("webhook.attempt", i64::from(d.attempts) + 1);
        // The event's subject is its booking's reference.
        if let Ok(doc) = serde_json::from_str::<serde_json::Value>(&d.payload)
            && let Some(reference) = doc["subject"].as_str()
        {
            span.set_attribute("booking_reference", reference.to_owned());
        }
        d.origin.continue_in(&span);
        span
    }

    /// One POST: the HTTP status and the start of the answer, or why there was none. Errors
    /// never carry the URL (its query may hold the receiver's own token) nor any secret.
    async fn post(&self, d: &Claimed) -> Result<(u16, Option<String>), String> {
        let allow = self.args.allow_private;
        let url = address::parse(&d.url, allow)?;
        let checked = address::resolve(&url, allow).await?;
        let mut secrets: Vec<Secret> = Vec::with_capacity(2);
        let key = self.sealing.as_deref();
        secrets.extend(Secret::parse(&sealing::open(key, &d.secret)?));
        if let Some(previous) = &d.previous_secret {
            secrets.extend(Secret::parse(&sealing::open(key, previous)?));
        }
        if secrets.is_empty() {
            return Err("the endpoint has no usable secret".into());
        }
        let timeout = Duration::from_millis(self.args.timeout_ms.max(100));
        let mut client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent(USER_AGENT);
        // Connect to the addresses just checked, whatever DNS answers a moment later.
        if let Some(domain) = &checked.domain {
            client = client.resolve_to_addrs(domain, &checked.addrs);
        }
        let client = client
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {}", e.without_url()))?;
        let timestamp = chrono::Utc::now().timestamp();
        let body = d.payload.as_bytes();
        let request = client
            .post(checked.url)
            .header(reqwest::header::CONTENT_TYPE, CONTENT_TYPE)
            .header("webhook-id", &d.event_id)
            .header("webhook-timestamp", timestamp.to_string())
            .header(
                "webhook-signature",
                signature::header(&secrets, &d.event_id, timestamp, body),
            )
            .body(d.payload.clone());
        let mut res = request.send().await.map_err(describe)?;
        let status = res.status().as_u16();
        let mut read = Vec::new();
        while read.len() < READ_LIMIT {
            match res.chunk().await {
                Ok(Some(chunk)) => read.extend_from_slice(&chunk),
                Ok(None) => break,
                // The status counts; an answer cut short only loses its excerpt.
                Err(_) => break,
            }
        }
        let text: String = String::from_utf8_lossy(&read[..read.len().min(READ_LIMIT)])
            .chars()
            .filter(|c| !c.is_control() || *c == '\n')
            .take(EXCERPT_CHARS)
            .collect();
        let text = text.trim().to_owned();
        Ok((status, (!text.is_empty()).then_some(text)))
    }
}

/// Why a request got no answer, in words for the admin.
fn describe(e: reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "no answer in time"
    } else if e.is_connect() {
        "cannot connect"
    } else {
        "the request failed"
    };
    let e = e.without_url();
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail = format!("{detail}: {s}");
        source = s.source();
    }
    format!("{kind} ({detail})")
}
