//! The transactional outbox, the one place side effects leave from (emails now; booking events
//! to Streaming and webhooks join it next): the transaction that changes a booking writes its
//! emails into the `emails` table, and a relay (in `serve`, or `--role relay`) delivers them
//! after commit over SMTP (lettre), or into .eml files in the data dir when no SMTP server is
//! configured.
mod config;
pub mod events;
mod lease;
mod lease_store;
mod mailer;
mod relay;
mod store;
mod summary_store;
mod templates;
pub mod webhooks;

use std::sync::Arc;

use chrono::Utc;
use tokio::sync::Notify;

pub use config::{MailArgs, Security, SmtpUrl};
pub use lease::LEASE;
pub use mailer::{Delivery, Kept, Mailer, Outgoing, SMTP_TIMEOUT};
pub use relay::{Relay, RelayConfig, RelayHandle, backoff};
pub use summary_store::{message, recent};
pub use templates::BookingFacts;
pub use templates::account::{AccountMessage, RESET_MINUTES, VERIFY_DAYS};
pub use webhooks::WebhookArgs;

use crate::store::Tx;
use crate::telemetry::Origin;

/// What happened to a booking that its emails tell about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingEvent {
    Confirmed,
    Cancelled,
}

/// Who hears about a booking on the hotel's side: every booking alerts somebody.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HotelAlerts {
    /// The hotel's confirmed alert recipients subscribed to the event.
    Recipients(Vec<String>),
    /// The hotel has none, so the verified platform admins hear instead (the email says why).
    PlatformAdmins(Vec<String>),
}

/// One application's outbox: how its emails are rendered (links, Message-ID domain) and the
/// signal that wakes its relay when a transaction committed emails.
#[derive(Clone, Debug)]
pub struct Outbox {
    public_url: Arc<str>,
    /// The OCI Notifications topic admin alerts also go to (`VS_OCI_TOPIC_ID`), when this
    /// process has one.
    topic_id: Option<Arc<str>>,
    /// The right-hand side of every Message-ID: the sender's domain.
    message_id_domain: Arc<str>,
    wake: Arc<Notify>,
}

impl Default for Outbox {
    fn default() -> Self {
        Outbox::new(&MailArgs::default())
    }
}

impl Outbox {
    pub fn new(args: &MailArgs) -> Self {
        let domain = args
            .mail_from
            .rsplit_once('@')
            .map(|(_, d)| d.trim_end_matches('>').trim())
            .filter(|d| !d.is_empty())
            .unwrap_or("visionstays.local");
        Outbox {
            public_url: args.public_url.trim_end_matches('/').into(),
            topic_id: None,
            message_id_domain: domain.into(),
            wake: Arc::new(Notify::new()),
        }
    }

    /// Also writes each admin alert for the OCI Notifications topic `topic_id`. Alerts are
    /// written only while a topic is configured: an alert kept for a topic configured weeks
    /// later would page somebody about old news.
    pub fn with_topic(mut self, topic_id: Option<&str>) -> Self {
        self.topic_id = topic_id
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(Into::into);
        self
    }

    /// The site's address as guests reach it (links, the `source` of booking events).
    pub fn public_url(&self) -> &str {
        &self.public_url
    }

    /// Tells this application's relay that emails were committed, so it need not wait for its
    /// next poll. Call it after the commit: before it, the rows are not visible yet.
    pub fn wake(&self) {
        self.wake.notify_waiters();
        // A relay busy with a batch is not waiting: leave it a permit for its next wait.
        self.wake.notify_one();
    }

    /// Resolves at the next `wake`.
    pub async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Writes the emails of `event` inside the transaction that made the change: one to the
    /// guest and one to each address `alerts` names. Rendering now freezes the content and
    /// lets a relay work from the `emails` table alone; if the transaction rolls back, so do
    /// the emails.
    pub async fn booking_emails(
        &self,
        tx: &mut Tx,
        facts: &BookingFacts,
        alerts: &HotelAlerts,
        event: BookingEvent,
    ) -> Result<(), sqlx::Error> {
        let url = &self.public_url;
        let mut emails = vec![templates::guest(facts, event, url)];
        let (recipients, instead) = match alerts {
            HotelAlerts::Recipients(r) => (r, false),
            HotelAlerts::PlatformAdmins(r) => (r, true),
        };
        for recipient in recipients {
            emails.push(templates::admin(facts, event, recipient, url, instead));
        }
        let now = Utc::now();
        // The booking's request, for the relay's send of these emails later.
        let origin = Origin::current();
        for email in &emails {
            let message_id = format!(
                "<{}.{}@{}>",
                facts.reference.to_ascii_lowercase(),
                uuid::Uuid::new_v4().simple(),
                self.message_id_domain
            );
            store::insert(tx, facts, email, &message_id, &origin, now).await?;
        }
        if let Some(topic_id) = &self.topic_id {
            let alert = templates::topic::render(facts, event, url);
            events::alert(tx, facts, topic_id, &alert).await?;
        }
        Ok(())
    }

    /// Writes an account or alert-address email (one link each) inside the transaction that
    /// made its link; `hotel` (id, name, time zone) when it concerns one hotel.
    pub async fn account_email(
        &self,
        tx: &mut Tx,
        recipient: &str,
        hotel: Option<(i64, &str, &str)>,
        message: AccountMessage<'_>,
    ) -> Result<(), sqlx::Error> {
        let email = templates::account::render(message, recipient, &self.public_url);
        let message_id = format!(
            "<{}.{}@{}>",
            email.kind.as_str().replace('_', "-"),
            uuid::Uuid::new_v4().simple(),
            self.message_id_domain
        );
        let origin = Origin::current();
        store::insert_unbooked(tx, hotel, &email, &message_id, &origin, Utc::now()).await
    }
}
