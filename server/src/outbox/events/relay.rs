//! The event relay: after commit, it publishes booking events to the stream (hotel by hotel
//! under a short lease kept alive while it publishes, each hotel's in number order, batched)
//! and admin alerts to the topic (each under its own lease),
//! retrying with capped exponential backoff and jitter, parking what keeps failing. Runs
//! beside the email relay wherever that runs (`serve`, `serve --role relay`).
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tracing::Instrument;

use super::batch::{self, MAX_REQUEST_BYTES, Pending, Plan, Retry, Verdict};
use super::config::EventRelayConfig;
use super::document::BookingEventDoc;
use super::publish_span;
use super::sink::{SinkError, StreamSink, TopicSink};
use super::stream_store;
use super::topic_store;
use crate::metrics::Metrics;
use crate::outbox::lease::{Cut, Keeper};
use crate::outbox::lease_store::Queue;
use crate::outbox::{Outbox, RelayHandle, backoff};
use crate::state::Clock;
use crate::store::Db;

mod topic;

/// Longest one request to the stream or the topic may take, whatever the lease (the OCI
/// client's own timeout is 60 s).
const PUBLISH_LIMIT: Duration = Duration::from_secs(90);

pub struct EventRelay {
    db: Db,
    stream: Option<Arc<dyn StreamSink>>,
    topic: Option<Arc<dyn TopicSink>>,
    config: EventRelayConfig,
    id: String,
    outbox: Outbox,
    metrics: Metrics,
    /// Dates each try; leases and due times never read it.
    clock: Clock,
    /// Requests in a row that found the stream (or topic) down: the outage backoff.
    stream_outages: AtomicU32,
    topic_outages: AtomicU32,
    /// The hotels' stream cursors and the alerts in hand, and their deadlines.
    cursors: Keeper,
    alerts: Keeper,
}

/// A request that had to stop, as an unanswered one: tried again later.
fn unanswered(cut: Cut) -> SinkError {
    SinkError {
        message: cut.to_string(),
        retryable: true,
        retry_after: None,
    }
}

impl EventRelay {
    pub fn new(db: Db, config: EventRelayConfig) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let id = format!("{host}-{}-{}-events", std::process::id(), &tag[..8]);
        EventRelay {
            cursors: Keeper::new(db.clone(), Queue::HotelStreams, &id, config.lease),
            alerts: Keeper::new(db.clone(), Queue::AdminAlerts, &id, config.lease),
            db,
            stream: None,
            topic: None,
            config,
            id,
            outbox: Outbox::default(),
            metrics: Metrics::new(),
            clock: Clock::System,
            stream_outages: AtomicU32::new(0),
            topic_outages: AtomicU32::new(0),
        }
    }

    /// Publishes booking events to `stream`.
    pub fn with_stream(mut self, stream: Arc<dyn StreamSink>) -> Self {
        self.stream = Some(stream);
        self
    }

    /// Publishes admin alerts through `topic`.
    pub fn with_topic(mut self, topic: Arc<dyn TopicSink>) -> Self {
        self.topic = Some(topic);
        self
    }

    /// Wakes on this application's commits and records into its metrics.
    pub fn for_app(mut self, outbox: &Outbox, metrics: &Metrics) -> Self {
        self.outbox = outbox.clone();
        self.metrics = metrics.clone();
        self
    }

    pub fn id(&self) -> &str {
        &self.id
    }

    /// Whether it has anywhere to publish.
    pub fn has_sinks(&self) -> bool {
        self.stream.is_some() || self.topic.is_some()
    }

    pub fn spawn(self) -> RelayHandle {
        let (stop, stopped) = watch::channel(false);
        RelayHandle {
            stop,
            task: tokio::spawn(self.run(stopped)),
        }
    }

    /// Publishes until `stop` turns true; a request in flight is finished and recorded.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let stream = self.stream.as_ref().map(|s| s.describe());
        tracing::info!(relay = %self.id, stream = ?stream, topic = self.topic.is_some(), "event relay started");
        let sinks = [
            ("stream", self.stream.is_some()),
            ("topic", self.topic.is_some()),
        ];
        for sink in sinks.into_iter().filter_map(|(s, on)| on.then_some(s)) {
            self.metrics
                .declare_counters("vs_events_published_total", &[&[("sink", sink)]]);
            self.metrics.declare_counters(
                "vs_event_publish_attempts_total",
                &[
                    &[("sink", sink), ("outcome", "published")],
                    &[("sink", sink), ("outcome", "retry")],
                    &[("sink", sink), ("outcome", "parked")],
                    &[("sink", sink), ("outcome", "unavailable")],
                ],
            );
        }
        loop {
            if *stop.borrow() {
                break;
            }
            let mut busy = false;
            if self.stream.is_some() {
                match self.publish_stream_once().await {
                    Ok(n) => busy |= n > 0,
                    Err(e) => {
                        tracing::warn!(relay = %self.id, error = %e, "event relay: cannot read or record events");
                    }
                }
            }
            if self.topic.is_some() {
                match self.publish_topic_once().await {
                    Ok(n) => busy |= n > 0,
                    Err(e) => {
                        tracing::warn!(relay = %self.id, error = %e, "event relay: cannot read or record alerts");
                    }
                }
            }
            self.report_backlog().await;
            if busy {
                continue;
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                _ = self.outbox.woken() => {}
                _ = tokio::time::sleep(self.config.poll) => {}
            }
        }
        tracing::info!(relay = %self.id, "event relay stopped");
    }

    fn retry_delay(&self, failures: u32) -> Duration {
        backoff(
            failures,
            self.config.retry_base,
            self.config.retry_cap,
            rand::random(),
        )
    }

    /// Leases due hotels, puts one request of their oldest events, records what the stream
    /// answered; how many events it sent or parked (0: nothing was due).
    pub async fn publish_stream_once(&self) -> Result<usize, sqlx::Error> {
        let Some(stream) = &self.stream else {
            return Ok(0);
        };
        let cfg = &self.config;
        let claiming = Instant::now();
        let hotels =
            stream_store::claim_hotels(&self.db, &self.id, cfg.lease, cfg.hotels_per_batch).await?;
        if hotels.is_empty() {
            return Ok(0);
        }
        let _held = self.cursors.hold(&hotels, claiming);
        let _heartbeat = self.cursors.heartbeat();
        let rows = stream_store::pending(&self.db, &hotels, cfg.events_per_hotel).await?;
        if !self.cursors.may_start(&hotels) {
            // The database answered too slowly to leave the request its time: later.
            stream_store::release(&self.db, &self.id, &hotels).await?;
            return Ok(0);
        }
        let about = publish_span::origins(&rows);
        let pending: Vec<Pending> = rows
            .into_iter()
            .map(|r| {
                // The key is the hotel's slug, read from the document itself.
                let key = BookingEventDoc::from_json(&r.document)
                    .map(|d| d.data.hotel.slug.into_bytes())
                    .unwrap_or_else(|_| format!("hotel-{}", r.hotel_id).into_bytes());
                Pending {
                    row_id: r.id,
                    hotel_id: r.hotel_id,
                    seq: r.seq,
                    key,
                    value: r.document.into_bytes(),
                    attempts: r.stream_attempts.max(0) as u32,
                }
            })
            .collect();
        let built = batch::batch(pending, MAX_REQUEST_BYTES);
        let retry_delay = |n| self.retry_delay(n);
        let retry = Retry {
            max_attempts: cfg.max_attempts,
            backoff: &retry_delay,
        };
        let started = self.clock.now();
        let mut plan = Plan::default();
        for big in &built.too_large {
            let error = format!(
                "{} bytes: larger than a PutMessages request may be",
                big.value.len()
            );
            plan.events
                .push((big.row_id, big.attempts + 1, Verdict::Parked { error }));
            plan.hotels.entry(big.hotel_id).or_insert(Duration::ZERO);
        }
        if !built.events.is_empty() {
            let messages: Vec<(Vec<u8>, Vec<u8>)> = built
                .events
                .iter()
                .map(|e| (e.key.clone(), e.value.clone()))
                .collect();
            let sent: Vec<_> = built
                .events
                .iter()
                .filter_map(|e| about.get(&e.row_id))
                .collect();
            // The request ends before a hotel's claim could pass to another relay.
            let put = stream.put(&messages).instrument(publish_span::span(&sent));
            let answer = self
                .cursors
                .bounded(&hotels, Some(PUBLISH_LIMIT), put)
                .await
                .unwrap_or_else(|cut| Err(unanswered(cut)));
            let sent = match answer {
                Ok(outcomes) => {
                    self.stream_outages.store(0, Ordering::Relaxed);
                    batch::plan_answer(&built.events, &outcomes, &retry)
                }
                Err(e) => {
                    let outages = self.stream_outages.fetch_add(1, Ordering::Relaxed) + 1;
                    if e.retryable {
                        tracing::warn!(relay = %self.id, events = built.events.len(), error = %e.message, "stream unavailable; will retry");
                    } else {
                        tracing::error!(relay = %self.id, events = built.events.len(), error = %e.message, "stream refused the events");
                    }
                    batch::plan_error(&built.events, &e, self.retry_delay(outages), &retry)
                }
            };
            plan.events.extend(sent.events);
            for (hotel, delay) in sent.hotels {
                let wait = plan.hotels.entry(hotel).or_default();
                *wait = (*wait).max(delay);
            }
        }
        let finished = self.clock.now();
        // Hotels leased but left out of this request (it was full) go back as they were.
        let untouched: Vec<i64> = hotels
            .iter()
            .copied()
            .filter(|h| !plan.hotels.contains_key(h))
            .collect();
        if !untouched.is_empty() {
            stream_store::release(&self.db, &self.id, &untouched).await?;
        }
        self.count("stream", &plan);
        // What the stream stored must be recorded, or it is sent again after the lease.
        let mut pause = 100;
        loop {
            match stream_store::record(&self.db, &self.id, started, finished, &plan).await {
                Ok(()) => break,
                Err(e) if pause <= 3_000 => {
                    tracing::warn!(relay = %self.id, error = %e, "event relay: cannot record a publish; retrying");
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                    pause *= 3;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(plan.events.len())
    }

    fn count(&self, sink: &'static str, plan: &Plan) {
        self.metrics.record(|| {
            for (_, _, verdict) in &plan.events {
                let outcome = match verdict {
                    Verdict::Published { .. } => "published",
                    Verdict::Retry { .. } => "retry",
                    Verdict::Parked { .. } => "parked",
                    Verdict::Unavailable { .. } => "unavailable",
                };
                metrics::counter!("vs_event_publish_attempts_total", "sink" => sink, "outcome" => outcome)
                    .increment(1);
                if outcome == "published" {
                    metrics::counter!("vs_events_published_total", "sink" => sink).increment(1);
                }
            }
        });
        for (row, attempts, verdict) in &plan.events {
            match verdict {
                Verdict::Parked { error } => {
                    tracing::error!(relay = %self.id, sink, row, attempts, %error, "parked: an admin can retry it from /admin/events");
                }
                Verdict::Retry { error } => {
                    tracing::warn!(relay = %self.id, sink, row, attempts, %error, "not published; will retry");
                }
                _ => {}
            }
        }
    }

    /// Pending, parked and lag gauges per sink, from the database.
    async fn report_backlog(&self) {
        let mut sinks = Vec::new();
        if self.stream.is_some() {
            sinks.push(("stream", stream_store::backlog(&self.db).await));
        }
        if self.topic.is_some() {
            sinks.push(("topic", topic_store::backlog(&self.db).await));
        }
        let mut oldest: Option<f64> = None;
        for (sink, backlog) in sinks {
            let Ok((pending, parked, age)) = backlog else {
                continue;
            };
            self.metrics.record(|| {
                metrics::gauge!("vs_events_pending", "sink" => sink).set(pending as f64);
                metrics::gauge!("vs_events_parked", "sink" => sink).set(parked as f64);
                metrics::gauge!("vs_events_oldest_pending_seconds", "sink" => sink).set(age);
            });
            oldest = Some(oldest.map_or(age, |o| o.max(age)));
        }
        if let Some(age) = oldest {
            self.metrics.outbox_lag(crate::metrics::Outbox::Events, age);
        }
    }
}
