//! Signed webhooks (Standard Webhooks) to hotels' own systems: each booking event's CloudEvent
//! is fanned out, in the booking's own transaction, into one delivery per enabled endpoint that
//! subscribed to its type (the hotel's own and the platform-wide ones); the relay's
//! [`Deliverer`] POSTs each after commit, signed with the endpoint's secret, and retries with
//! backoff until a 2xx or the last try. The endpoints themselves are managed by the hotels
//! service (`hotels::webhooks`) through [`endpoint_store`].
pub mod address;
mod delivery;
pub mod delivery_store;
pub mod endpoint_store;
pub mod sealing;
pub mod signature;

use std::sync::Arc;
use std::time::Duration;

use clap::Args;

use crate::secrets::{Secret as SecretSetting, Slot, slot};
use crate::store::Tx;
use sealing::SealingKey;

pub use delivery::{Deliverer, USER_AGENT};
pub use signature::Secret;

/// One booking event as the webhooks need it: the CloudEvent's `id`, `type` and its JSON as the
/// event writer wrote it (the body of every delivery, byte for byte).
#[derive(Clone, Copy, Debug)]
pub struct EventForWebhooks<'a> {
    pub id: &'a str,
    pub hotel_id: i64,
    pub type_: &'a str,
    pub json: &'a str,
}

/// Writes one delivery of `event` per enabled endpoint subscribed to its type (the hotel's
/// own and the platform-wide ones), inside the transaction that writes the event, so the
/// deliveries exist if and only if the booking change committed. Returns how many it wrote
/// (a repeated event id writes none again).
pub async fn fan_out(tx: &mut Tx, event: &EventForWebhooks<'_>) -> Result<u64, sqlx::Error> {
    let now = chrono::Utc::now();
    // The booking's request, for the deliverer's tries later.
    let origin = crate::telemetry::Origin::current();
    let mut written = 0;
    for (endpoint, types) in endpoint_store::subscribed(tx, event.hotel_id).await? {
        let types: Vec<String> = serde_json::from_str(&types).unwrap_or_default();
        if types.iter().any(|t| t == event.type_)
            && delivery_store::insert(tx, endpoint, event, &origin, now).await?
        {
            written += 1;
        }
    }
    Ok(written)
}

pub const DEFAULT_RETRY_BASE_MS: u64 = 5_000;
pub const DEFAULT_RETRY_CAP_MS: u64 = 7_200_000;
/// With the default base and cap: about 2.8 hours of doubling delays, then one try every 1 to
/// 2 hours (jitter); on average about 3 days of trying before a delivery is given up.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 60;
pub const DEFAULT_TIMEOUT_MS: u64 = 10_000;
pub const DEFAULT_POLL_MS: u64 = 1_000;
pub const DEFAULT_ROTATION_GRACE_HOURS: u64 = 24;

/// How webhooks are delivered; every field has a flag and a `VS_WEBHOOKS_*` variable.
#[derive(Args, Debug, Clone)]
pub struct WebhookArgs {
    /// Allow endpoints on private, loopback and link-local addresses, and plain http (tests
    /// and local development only: it lets admins make the platform call its own network).
    #[arg(long = "webhooks-allow-private", env = "VS_WEBHOOKS_ALLOW_PRIVATE", value_parser = clap::builder::BoolishValueParser::new(), default_value_t = false)]
    pub allow_private: bool,
    /// First retry delay after a failed try; it doubles on each failure (with jitter).
    #[arg(long = "webhooks-retry-base-ms", env = "VS_WEBHOOKS_RETRY_BASE_MS", default_value_t = DEFAULT_RETRY_BASE_MS)]
    pub retry_base_ms: u64,
    /// Longest delay between two tries of one delivery.
    #[arg(long = "webhooks-retry-cap-ms", env = "VS_WEBHOOKS_RETRY_CAP_MS", default_value_t = DEFAULT_RETRY_CAP_MS)]
    pub retry_cap_ms: u64,
    /// Tries before a delivery is given up (an admin can resend it then).
    #[arg(long = "webhooks-max-attempts", env = "VS_WEBHOOKS_MAX_ATTEMPTS", default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,
    /// How long one try may take, connecting included, before it counts as failed.
    #[arg(long = "webhooks-timeout-ms", env = "VS_WEBHOOKS_TIMEOUT_MS", default_value_t = DEFAULT_TIMEOUT_MS)]
    pub timeout_ms: u64,
    /// How often the relay looks for due deliveries when nothing woke it.
    #[arg(long = "webhooks-poll-ms", env = "VS_WEBHOOKS_POLL_MS", default_value_t = DEFAULT_POLL_MS)]
    pub poll_ms: u64,
    /// After a secret is rotated, how long deliveries still carry a signature with the old one.
    #[arg(long = "webhooks-rotation-grace-hours", env = "VS_WEBHOOKS_ROTATION_GRACE_HOURS", default_value_t = DEFAULT_ROTATION_GRACE_HOURS)]
    pub rotation_grace_hours: u64,
    /// 32 random bytes in base64 (`openssl rand -base64 32`) that seal the endpoints' signing
    /// secrets in the database; unset, they are stored as they are. A secret setting: a value,
    /// `oci-vault:<OCID>` or `VS_WEBHOOK_SECRETS_KEY_FILE`.
    #[arg(
        long = "webhook-secrets-key",
        env = "VS_WEBHOOK_SECRETS_KEY",
        hide_env_values = true
    )]
    pub secrets_key: Option<SecretSetting<String>>,
}

impl Default for WebhookArgs {
    fn default() -> Self {
        WebhookArgs {
            allow_private: false,
            retry_base_ms: DEFAULT_RETRY_BASE_MS,
            retry_cap_ms: DEFAULT_RETRY_CAP_MS,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            timeout_ms: DEFAULT_TIMEOUT_MS,
            poll_ms: DEFAULT_POLL_MS,
            rotation_grace_hours: DEFAULT_ROTATION_GRACE_HOURS,
            secrets_key: None,
        }
    }
}

/// What registering and rotating need to know of the settings.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    pub allow_private: bool,
    pub rotation_grace: Duration,
    /// Seals the secrets written to the database, when set.
    pub sealing: Option<Arc<SealingKey>>,
}

impl WebhookArgs {
    /// The settings checked: the sealing key must be 32 bytes of base64.
    pub fn policy(&self) -> anyhow::Result<Policy> {
        let sealing = match &self.secrets_key {
            Some(key) => {
                Some(Arc::new(SealingKey::parse(key.value()?).map_err(|e| {
                    anyhow::anyhow!("VS_WEBHOOK_SECRETS_KEY {e}")
                })?))
            }
            None => None,
        };
        Ok(Policy {
            allow_private: self.allow_private,
            rotation_grace: Duration::from_secs(self.rotation_grace_hours * 3600),
            sealing,
        })
    }

    /// The secret settings among these, for `crate::secrets::resolve`.
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        vec![slot("VS_WEBHOOK_SECRETS_KEY", &mut self.secrets_key)]
    }
}

#[cfg(test)]
mod tests {
    /// The admin UI offers the types the event writer writes, no more, no fewer.
    #[test]
    fn subscriptions_offer_exactly_the_types_the_event_writer_writes() {
        let written: Vec<&str> = crate::outbox::events::EventType::ALL
            .iter()
            .map(|t| t.cloud_type())
            .collect();
        let offered: Vec<&str> = app::model::BOOKING_EVENT_TYPES
            .iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(written, offered);
    }
}
