//! Settings of the event relay (`VS_EVENTS_*`): retries and parking for the stream and the
//! topic. Where they publish (`VS_OCI_STREAM_ID`, `VS_OCI_TOPIC_ID`) is OCI's configuration.
use std::time::Duration;

use clap::Args;

pub const DEFAULT_MAX_ATTEMPTS: u32 = 12;
pub const DEFAULT_RETRY_BASE_MS: u64 = 1_000;
pub const DEFAULT_RETRY_CAP_MS: u64 = 300_000;
pub const DEFAULT_POLL_MS: u64 = 1_000;

#[derive(Args, Debug, Clone)]
pub struct EventArgs {
    /// Failed tries of one event (or admin alert) before it is parked for an admin to retry.
    /// Outages (429, 5xx, no answer) do not count: they hold publishing back, not the event.
    /// With the default base and cap, about 20 minutes of retrying.
    #[arg(long, env = "VS_EVENTS_MAX_ATTEMPTS", default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub events_max_attempts: u32,
    /// First retry delay after a failure; it doubles on each failure (with jitter).
    #[arg(long, env = "VS_EVENTS_RETRY_BASE_MS", default_value_t = DEFAULT_RETRY_BASE_MS)]
    pub events_retry_base_ms: u64,
    /// Longest delay between two tries.
    #[arg(long, env = "VS_EVENTS_RETRY_CAP_MS", default_value_t = DEFAULT_RETRY_CAP_MS)]
    pub events_retry_cap_ms: u64,
    /// How often the relay looks for events to publish when nothing woke it.
    #[arg(long, env = "VS_EVENTS_POLL_MS", default_value_t = DEFAULT_POLL_MS)]
    pub events_poll_ms: u64,
}

impl Default for EventArgs {
    fn default() -> Self {
        EventArgs {
            events_max_attempts: DEFAULT_MAX_ATTEMPTS,
            events_retry_base_ms: DEFAULT_RETRY_BASE_MS,
            events_retry_cap_ms: DEFAULT_RETRY_CAP_MS,
            events_poll_ms: DEFAULT_POLL_MS,
        }
    }
}

#[derive(Clone, Debug)]
pub struct EventRelayConfig {
    pub max_attempts: u32,
    pub retry_base: Duration,
    pub retry_cap: Duration,
    pub poll: Duration,
    /// How long a claim on a hotel's cursor or an alert lasts unless extended
    /// ([`crate::outbox::LEASE`]; shorter in tests).
    pub lease: Duration,
    /// Hotels leased per request.
    pub hotels_per_batch: i64,
    /// Events loaded per hotel per round: a request carries one (see `batch`), the others only
    /// let it look past events too large for any request.
    pub events_per_hotel: i64,
    /// Alerts claimed at once.
    pub alerts_per_batch: i64,
}

impl EventRelayConfig {
    pub fn from_args(args: &EventArgs) -> Self {
        EventRelayConfig {
            max_attempts: args.events_max_attempts.max(1),
            retry_base: Duration::from_millis(args.events_retry_base_ms.max(1)),
            retry_cap: Duration::from_millis(
                args.events_retry_cap_ms.max(args.events_retry_base_ms),
            ),
            poll: Duration::from_millis(args.events_poll_ms.max(10)),
            lease: crate::outbox::LEASE,
            hotels_per_batch: 100,
            events_per_hotel: 4,
            alerts_per_batch: 10,
        }
    }
}

impl Default for EventRelayConfig {
    fn default() -> Self {
        Self::from_args(&EventArgs::default())
    }
}
