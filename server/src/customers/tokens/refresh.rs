//! Keeping a verifier's keys current without a restart: when a token names a key it does not
//! hold (the customers service rotated its key), it fetches the JWKS again — at most once per
//! interval in the process, so a flood of made-up key ids costs the customers service one
//! request per interval, and requests arriving during a fetch wait for that one fetch.
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use serde_json::Value;

use super::verifier::{Verifier, keys_of};

/// The shortest time between two fetches of the keys by one process.
pub const REFRESH_INTERVAL: Duration = Duration::from_secs(30);

/// Where a verifier's keys come from (the customers service's `/.well-known/jwks.json`).
#[async_trait]
pub trait KeySource: Send + Sync {
    /// The current JWKS.
    async fn jwks(&self) -> anyhow::Result<Value>;
}

/// Lets one fetch through per interval; a failed fetch counts, so a customers service that is
/// down is not asked again at once either.
#[derive(Debug)]
pub(super) struct Gate {
    interval: Duration,
    last: Option<Instant>,
}

impl Gate {
    pub(super) fn new(interval: Duration) -> Gate {
        Gate {
            interval,
            last: None,
        }
    }

    /// Whether a fetch may start at `now`; if so, it is counted.
    pub(super) fn open(&mut self, now: Instant) -> bool {
        if self
            .last
            .is_some_and(|last| now.saturating_duration_since(last) < self.interval)
        {
            return false;
        }
        self.last = Some(now);
        true
    }
}

pub(super) struct Refresh {
    source: Arc<dyn KeySource>,
    /// Held through a fetch: requests naming the new key wait for it, then find the key.
    gate: tokio::sync::Mutex<Gate>,
}

impl Refresh {
    pub(super) fn new(source: Arc<dyn KeySource>, interval: Duration) -> Refresh {
        Refresh {
            source,
            gate: tokio::sync::Mutex::new(Gate::new(interval)),
        }
    }

    /// Makes `verifier` hold the keys published now, if `kid` is still unknown and the gate
    /// lets a fetch through. True when `kid` may now be known (worth checking the token again).
    pub(super) async fn reload(&self, verifier: &Verifier, kid: &str) -> bool {
        let mut gate = self.gate.lock().await;
        if verifier.keys().contains_key(kid) {
            // Fetched while this request waited.
            return true;
        }
        if !gate.open(Instant::now()) {
            return false;
        }
        match self.source.jwks().await.and_then(|jwks| keys_of(&jwks)) {
            Ok(keys) => {
                let known = keys.contains_key(kid);
                verifier.replace_keys(keys);
                tracing::info!(
                    verifier = ?verifier,
                    "fetched the token keys again: a token named a key this process did not hold"
                );
                known
            }
            Err(e) => {
                tracing::warn!(error = %format!("{e:#}"), "cannot fetch the token keys again; keeping the ones held");
                false
            }
        }
    }
}
