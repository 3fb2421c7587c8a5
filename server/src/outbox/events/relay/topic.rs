//! The event relay's admin alerts: each claimed on its own, published to the topic within its
//! claim's deadline, and recorded.
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::super::topic_store::{self, AlertOutcome};
use super::{EventRelay, PUBLISH_LIMIT, unanswered};
use crate::outbox::lease_store::{self, Queue};

impl EventRelay {
    /// Claims due admin alerts and publishes each; how many it tried.
    pub async fn publish_topic_once(&self) -> Result<usize, sqlx::Error> {
        let Some(topic) = &self.topic else {
            return Ok(0);
        };
        let cfg = &self.config;
        let claiming = Instant::now();
        let claimed =
            topic_store::claim(&self.db, &self.id, cfg.lease, cfg.alerts_per_batch).await?;
        let count = claimed.len();
        if count == 0 {
            return Ok(0);
        }
        let ids: Vec<i64> = claimed.iter().map(|a| a.id).collect();
        let _held = self.alerts.hold(&ids, claiming);
        let _heartbeat = self.alerts.heartbeat();
        for alert in claimed {
            if !self.alerts.may_start(&[alert.id]) {
                // The batch ran long (or the claims could not be extended): later.
                lease_store::release(&self.db, Queue::AdminAlerts, &[alert.id], &self.id).await?;
                self.alerts.forget(&[alert.id]);
                continue;
            }
            let started = self.clock.now();
            let publish = topic.publish(&alert.topic_id, &alert.title, &alert.body);
            let answer = self
                .alerts
                .bounded(&[alert.id], Some(PUBLISH_LIMIT), publish)
                .await
                .unwrap_or_else(|cut| Err(unanswered(cut)));
            let finished = self.clock.now();
            let attempts = alert.attempts.max(0) as u32;
            let (outcome, verdict) = match &answer {
                Ok(message_id) => {
                    self.topic_outages.store(0, Ordering::Relaxed);
                    (AlertOutcome::Published(message_id), "published")
                }
                Err(e) if e.retryable => {
                    let outages = self.topic_outages.fetch_add(1, Ordering::Relaxed) + 1;
                    let delay = e
                        .retry_after
                        .unwrap_or_default()
                        .max(self.retry_delay(outages));
                    tracing::warn!(relay = %self.id, alert = alert.id, error = %e.message, "topic unavailable; will retry");
                    let outcome = AlertOutcome::Retry {
                        error: &e.message,
                        delay,
                        counted: false,
                    };
                    (outcome, "unavailable")
                }
                Err(e) if attempts + 1 >= cfg.max_attempts => {
                    tracing::error!(relay = %self.id, alert = alert.id, error = %e.message, "alert parked: an admin can retry it from /admin/events");
                    (AlertOutcome::Parked(&e.message), "parked")
                }
                Err(e) => {
                    let delay = self.retry_delay(attempts + 1);
                    tracing::warn!(relay = %self.id, alert = alert.id, error = %e.message, "alert not published; will retry");
                    let outcome = AlertOutcome::Retry {
                        error: &e.message,
                        delay,
                        counted: true,
                    };
                    (outcome, "retry")
                }
            };
            self.metrics.record(|| {
                metrics::counter!("vs_event_publish_attempts_total", "sink" => "topic", "outcome" => verdict)
                    .increment(1);
                if verdict == "published" {
                    metrics::counter!("vs_events_published_total", "sink" => "topic").increment(1);
                }
            });
            topic_store::record(&self.db, alert.id, &self.id, (started, finished), &outcome)
                .await?;
            self.alerts.forget(&[alert.id]);
        }
        Ok(count)
    }
}
