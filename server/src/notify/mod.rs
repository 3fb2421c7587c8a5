//! Email for booking events, as a transactional outbox: the booking's own transaction renders
//! the guest's and the hotel admins' emails into the `emails` table, and a relay (in `serve`, or
//! `--role relay`) delivers them after commit over SMTP (lettre), or into .eml files in the data
//! dir when no SMTP server is configured.
mod config;
mod mailer;
mod relay;
mod store;
mod summary;
mod templates;

use std::sync::{Arc, LazyLock, RwLock};

use chrono::Utc;
use tokio::sync::Notify;

pub use config::{MailArgs, Security, SmtpUrl};
pub use mailer::{Delivery, Kept, Mailer, Outgoing, SMTP_TIMEOUT};
pub use relay::{Relay, RelayConfig, RelayHandle, backoff};
pub use summary::{message, recent};

use crate::store::Tx;

/// What happened to a booking that its emails tell about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BookingEvent {
    Confirmed,
    Cancelled,
}

/// What rendering needs from the configuration. Process-wide because emails are rendered inside
/// booking transactions, which know only the database.
#[derive(Clone, Debug)]
struct RenderSettings {
    public_url: String,
    /// The right-hand side of every Message-ID: the sender's domain.
    message_id_domain: String,
}

static RENDER: RwLock<Option<Arc<RenderSettings>>> = RwLock::new(None);

/// Wakes in-process relays: a booking just committed emails.
static WAKE: LazyLock<Notify> = LazyLock::new(Notify::new);

/// Sets the links and Message-ID domain of the emails this process writes (done by every role
/// at startup; the latest call wins).
pub fn configure(args: &MailArgs) {
    let domain = args
        .mail_from
        .rsplit_once('@')
        .map(|(_, d)| d.trim_end_matches('>').trim())
        .filter(|d| !d.is_empty())
        .unwrap_or("visionstays.local");
    let settings = RenderSettings {
        public_url: args.public_url.trim_end_matches('/').to_owned(),
        message_id_domain: domain.to_owned(),
    };
    *RENDER.write().unwrap_or_else(|e| e.into_inner()) = Some(Arc::new(settings));
}

fn render_settings() -> Arc<RenderSettings> {
    if let Some(s) = RENDER.read().unwrap_or_else(|e| e.into_inner()).as_ref() {
        return s.clone();
    }
    configure(&MailArgs::default());
    render_settings()
}

/// Tells the relays in this process that emails were committed, so they need not wait for their
/// next poll. Call it after the commit: before it, the rows are not visible yet.
pub fn wake() {
    WAKE.notify_waiters();
    // A relay busy with a batch is not waiting: leave it a permit for its next wait.
    WAKE.notify_one();
}

/// Writes the emails of `event` for booking `booking_id` inside the transaction that made the
/// change: one to the guest and one to each of the hotel's alert recipients subscribed to the
/// event. Rendering now freezes the content and lets a relay work from the `emails` table alone;
/// if the transaction rolls back, so do the emails.
pub async fn booking_emails(
    tx: &mut Tx,
    booking_id: i64,
    event: BookingEvent,
) -> Result<(), sqlx::Error> {
    let facts = store::booking_facts(tx, booking_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let settings = render_settings();
    let mut emails = vec![templates::guest(&facts, event, &settings.public_url)];
    for recipient in store::alert_recipients(tx, facts.hotel_id, event).await? {
        emails.push(templates::admin(
            &facts,
            event,
            &recipient,
            &settings.public_url,
        ));
    }
    let now = Utc::now();
    for email in &emails {
        let message_id = format!(
            "<{}.{}@{}>",
            facts.reference.to_ascii_lowercase(),
            uuid::Uuid::new_v4().simple(),
            settings.message_id_domain
        );
        store::insert(tx, &facts, email, &message_id, now).await?;
    }
    Ok(())
}

fn describe_metrics() {
    use metrics::{Unit, describe_counter, describe_gauge};
    describe_counter!(
        "vs_emails_sent_total",
        Unit::Count,
        "Emails delivered (SMTP accepted them, or they were written to the mail folder), by kind."
    );
    describe_counter!(
        "vs_emails_failed_total",
        Unit::Count,
        "Emails given up after their last try, by kind."
    );
    describe_counter!(
        "vs_email_attempts_total",
        Unit::Count,
        "Delivery tries, by outcome: sent, retry (will try again), failed (given up)."
    );
    describe_gauge!(
        "vs_emails_pending",
        Unit::Count,
        "Emails waiting for delivery (due now or after a backoff)."
    );
}
