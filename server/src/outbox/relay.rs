//! The outbox relay: after the booking commits, it claims due emails under a short lease kept
//! alive while it sends (`lease`), sends each, records every try, and retries failures with
//! capped exponential backoff and jitter. Any number of relays may run on one database; a row
//! is only ever held by one of them, and the rows of a relay that died are taken over within
//! about 30 s. Leases and due times follow the database's clock; the relay's own clock only
//! dates its tries.
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use lettre::message::Mailbox;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tracing::Instrument;
use tracing::field::Empty;
use tracing_opentelemetry::OpenTelemetrySpanExt;

use super::Outbox;
use super::config::MailArgs;
use super::lease::{Keeper, LEASE};
use super::lease_store::{self, Queue};
use super::mailer::{Mailer, SendError};
use super::store::{self, Claimed, Outcome};
use crate::metrics::Metrics;
use crate::state::Clock;
use crate::store::Db;

/// Longest one send may take, whatever the lease: `SMTP_TIMEOUT` bounds each command, this a
/// server that answers every command just in time.
const SEND_LIMIT: Duration = Duration::from_secs(120);
/// Emails claimed at once; small, so a stopping relay hands little back.
const BATCH: i64 = 10;

#[derive(Clone, Debug)]
pub struct RelayConfig {
    pub from: Mailbox,
    pub retry_base: Duration,
    pub retry_cap: Duration,
    pub max_attempts: u32,
    pub poll: Duration,
    /// How long a claim lasts unless extended ([`LEASE`]; shorter in tests).
    pub lease: Duration,
    pub batch: i64,
}

impl RelayConfig {
    pub fn from_args(args: &MailArgs) -> anyhow::Result<Self> {
        let from = args.mail_from.parse().with_context(|| {
            format!("VS_MAIL_FROM {:?} is not an email address", args.mail_from)
        })?;
        Ok(RelayConfig {
            from,
            retry_base: Duration::from_millis(args.mail_retry_base_ms.max(1)),
            retry_cap: Duration::from_millis(args.mail_retry_cap_ms.max(args.mail_retry_base_ms)),
            max_attempts: args.mail_max_attempts.max(1),
            poll: Duration::from_millis(args.mail_poll_ms.max(10)),
            lease: LEASE,
            batch: BATCH,
        })
    }
}

/// The delay before try number `attempt + 1`, after `attempt` failures: base · 2^(attempt-1),
/// capped; half of it fixed and half random (`jitter` in 0..1), so emails that failed together
/// (an outage) do not all come back at the same instant.
pub fn backoff(attempt: u32, base: Duration, cap: Duration, jitter: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(30);
    let delay = base.saturating_mul(1 << doublings).min(cap);
    delay / 2 + (delay / 2).mul_f64(jitter.clamp(0.0, 1.0))
}

pub struct Relay {
    db: Db,
    mailer: Arc<Mailer>,
    config: RelayConfig,
    id: String,
    outbox: Outbox,
    metrics: Metrics,
    /// Dates each try in `email_attempts`; leases never read it.
    clock: Clock,
    /// The claims in hand and their deadlines.
    keeper: Keeper,
}

/// A running relay; `shutdown` lets it finish the email in flight, then stops it.
pub struct RelayHandle {
    pub(in crate::outbox) stop: watch::Sender<bool>,
    pub(in crate::outbox) task: JoinHandle<()>,
}

impl RelayHandle {
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        if let Err(e) = self.task.await {
            tracing::error!(error = %e, "a relay task failed");
        }
    }
}

impl Relay {
    pub fn new(db: Db, mailer: Mailer, config: RelayConfig) -> Self {
        let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".into());
        let tag = uuid::Uuid::new_v4().simple().to_string();
        let id = format!("{host}-{}-{}", std::process::id(), &tag[..8]);
        Relay {
            keeper: Keeper::new(db.clone(), Queue::Emails, &id, config.lease),
            db,
            mailer: Arc::new(mailer),
            config,
            id,
            outbox: Outbox::default(),
            metrics: Metrics::new(),
            clock: Clock::System,
        }
    }

    /// Wakes on this application's commits and records into its metrics.
    pub fn for_app(mut self, outbox: &Outbox, metrics: &Metrics) -> Self {
        self.outbox = outbox.clone();
        self.metrics = metrics.clone();
        self
    }

    /// Dates tries by `clock` (tests of a relay whose clock is off).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The relay `serve` runs: SMTP when configured, else files in `<data-dir>/mail/`.
    pub fn from_args(db: Db, args: &MailArgs, data_dir: &Path) -> anyhow::Result<Self> {
        let mailer = Mailer::from_args(args, data_dir)?;
        Ok(Self::new(db, mailer, RelayConfig::from_args(args)?))
    }

    /// Names this relay in attempt rows and logs.
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn mailer(&self) -> &Mailer {
        &self.mailer
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
        tracing::info!(relay = %self.id, backend = %self.mailer.describe(), from = %self.config.from, "email relay started");
        self.metrics.declare_counters(
            "vs_email_attempts_total",
            &[
                &[("outcome", "sent")],
                &[("outcome", "retry")],
                &[("outcome", "failed")],
            ],
        );
        loop {
            if *stop.borrow() {
                break;
            }
            match self.deliver_due(Some(&stop)).await {
                // A full batch may mean more are due.
                Ok(n) if n > 0 => continue,
                Ok(_) => {}
                Err(e) => {
                    tracing::warn!(relay = %self.id, error = %e, "email relay: cannot claim emails");
                }
            }
            if let Ok((pending, age)) = store::backlog(&self.db).await {
                self.metrics.record(|| {
                    metrics::gauge!("vs_emails_pending").set(pending as f64);
                    metrics::gauge!("vs_emails_oldest_pending_seconds").set(age);
                });
                self.metrics.outbox_lag(crate::metrics::Outbox::Emails, age);
            }
            tokio::select! {
                changed = stop.changed() => if changed.is_err() { break },
                _ = self.outbox.woken() => {}
                _ = tokio::time::sleep(self.config.poll) => {}
            }
        }
        self.mailer.close().await;
        tracing::info!(relay = %self.id, "email relay stopped");
    }

    /// Claims one batch of due emails and tries each, its claims kept alive meanwhile; returns
    /// how many were claimed. When `stop` turns true it finishes the email in flight and hands
    /// the rest back.
    pub async fn deliver_due(
        &self,
        stop: Option<&watch::Receiver<bool>>,
    ) -> Result<usize, sqlx::Error> {
        let lease = self.config.lease;
        let started = Instant::now();
        let claimed = store::claim(&self.db, &self.id, lease, self.config.batch).await?;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let ids: Vec<i64> = claimed.iter().map(|c| c.email.id).collect();
        let _held = self.keeper.hold(&ids, started);
        let _heartbeat = self.keeper.heartbeat();
        let mut queue = claimed.into_iter();
        while let Some(next) = queue.next() {
            let id = next.email.id;
            if stop.is_some_and(|s| *s.borrow()) {
                let ids: Vec<i64> = std::iter::once(id)
                    .chain(queue.map(|c| c.email.id))
                    .collect();
                lease_store::release(&self.db, Queue::Emails, &ids, &self.id).await?;
                break;
            }
            let renewing = Instant::now();
            if !lease_store::renew(&self.db, Queue::Emails, id, &self.id, lease).await? {
                self.keeper.forget(&[id]);
                tracing::warn!(relay = %self.id, email = id, "email relay: the lease ran out before sending; left to whoever holds it now");
                continue;
            }
            self.keeper.renewed(id, renewing);
            if !self.keeper.may_start(&[id]) {
                // The database answered too slowly to leave a send its time: try it later.
                lease_store::release(&self.db, Queue::Emails, &[id], &self.id).await?;
                self.keeper.forget(&[id]);
                tracing::warn!(relay = %self.id, email = id, "email relay: too little of the lease left to send; handed back");
                continue;
            }
            self.try_one(next).await;
            self.keeper.forget(&[id]);
        }
        Ok(count)
    }

    /// Tries one email inside its `outbox.send_email` span: a child of the span of the request
    /// that wrote it (when traces were exported then), named by that request's id and the
    /// booking's reference, so the send shows in the booking's trace and its log lines name
    /// the request.
    async fn try_one(&self, claimed: Claimed) {
        let span = tracing::info_span!(
            "outbox.send_email",
            otel.kind = Empty,
            request_id = Empty,
            booking_reference = Empty,
        );
        if let Some(id) = &claimed.origin.request_id {
            span.record("request_id", id.as_str());
        }
        if let Some(reference) = &claimed.booking_reference {
            span.record("booking_reference", reference.as_str());
        }
        if crate::telemetry::exporting() {
            // Sending is a call out (SMTP), made on behalf of the request.
            span.record("otel.kind", "client");
            span.set_attribute("email.kind", claimed.email.kind.clone());
            span.set_attribute("email.message_id", claimed.email.message_id.clone());
            span.set_attribute("email.attempt", i64::from(claimed.attempts) + 1);
            claimed.origin.continue_in(&span);
        }
        self.send_and_record(claimed).instrument(span).await;
    }

    async fn send_and_record(&self, claimed: Claimed) {
        let Claimed {
            email, attempts, ..
        } = claimed;
        let started = self.clock.now();
        // A send ends before its claim could pass to another relay: dropped mid-way if needed.
        let send = self.mailer.deliver(&self.config.from, &email);
        let result = self
            .keeper
            .bounded(&[email.id], Some(SEND_LIMIT), send)
            .await
            .unwrap_or_else(|cut| {
                Err(SendError {
                    message: cut.to_string(),
                    permanent: false,
                })
            });
        let finished = self.clock.now();
        if let Err(e) = &result
            && crate::telemetry::exporting()
        {
            let failed = opentelemetry::trace::Status::error(e.message.clone());
            tracing::Span::current().set_status(failed);
        }
        let attempt = attempts + 1;
        let outcome = match &result {
            Ok(delivery) => {
                tracing::info!(relay = %self.id, email = email.id, kind = %email.kind, message_id = %email.message_id, via = delivery.via, attempt, "email delivered");
                self.metrics.record(|| {
                    metrics::counter!("vs_email_attempts_total", "outcome" => "sent").increment(1);
                    metrics::counter!("vs_emails_sent_total", "kind" => email.kind.clone())
                        .increment(1);
                });
                Outcome::Sent(delivery)
            }
            Err(e) if e.permanent || attempt >= self.config.max_attempts => {
                tracing::error!(relay = %self.id, email = email.id, kind = %email.kind, message_id = %email.message_id, attempt, error = %e.message, "email given up");
                self.metrics.record(|| {
                    metrics::counter!("vs_email_attempts_total", "outcome" => "failed")
                        .increment(1);
                    metrics::counter!("vs_emails_failed_total", "kind" => email.kind.clone())
                        .increment(1);
                });
                Outcome::Failed(&e.message)
            }
            Err(e) => {
                let delay = backoff(
                    attempt,
                    self.config.retry_base,
                    self.config.retry_cap,
                    rand::random(),
                );
                tracing::warn!(relay = %self.id, email = email.id, kind = %email.kind, attempt, retry_in_ms = delay.as_millis() as u64, error = %e.message, "email not delivered; will retry");
                self.metrics.record(|| {
                    metrics::counter!("vs_email_attempts_total", "outcome" => "retry").increment(1);
                });
                Outcome::Retry(&e.message, delay)
            }
        };
        // The email may be out already: keep trying to record that, or it is sent again (with
        // the same Message-ID) once the lease runs out.
        for pause in [100, 300, 1000, 3000, 0] {
            match store::record(&self.db, email.id, &self.id, started, finished, &outcome).await {
                Ok(true) => return,
                Ok(false) => {
                    tracing::warn!(relay = %self.id, email = email.id, "email relay: the lease on this email had passed to another relay");
                    return;
                }
                Err(e) if pause > 0 => {
                    tracing::warn!(relay = %self.id, email = email.id, error = %e, "email relay: cannot record the try; retrying");
                    tokio::time::sleep(Duration::from_millis(pause)).await;
                }
                Err(e) => {
                    tracing::error!(relay = %self.id, email = email.id, error = %e, "email relay: cannot record the try; the email may be sent again after the lease");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_then_caps_with_half_jitter() {
        let (base, cap) = (Duration::from_secs(2), Duration::from_secs(3600));
        let at = |n, j| backoff(n, base, cap, j);
        assert_eq!(at(1, 1.0), Duration::from_secs(2));
        assert_eq!(at(1, 0.0), Duration::from_secs(1));
        assert_eq!(at(2, 1.0), Duration::from_secs(4));
        assert_eq!(at(5, 1.0), Duration::from_secs(32));
        assert_eq!(at(12, 1.0), cap);
        assert_eq!(at(12, 0.0), cap / 2);
        assert_eq!(at(1000, 0.5), cap.mul_f64(0.75));
        for n in 1..50 {
            assert!(at(n, 0.3) <= cap);
        }
    }

    #[test]
    fn config_rejects_a_bad_sender() {
        let args = MailArgs {
            mail_from: "not an address".into(),
            ..MailArgs::default()
        };
        assert!(RelayConfig::from_args(&args).is_err());
        let ok = RelayConfig::from_args(&MailArgs::default()).unwrap();
        assert_eq!(ok.from.email.to_string(), "bookings@visionstays.local");
    }
}
