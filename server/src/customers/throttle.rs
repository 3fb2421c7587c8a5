//! Failed sign-ins counted per account (its lower-cased email), whatever address they come
//! from: after `MAX_FAILURES` within `WINDOW`, the account's sign-ins are refused for
//! `LOCKOUT`; a success clears the count. Kept in this process's memory, bounded, and swept
//! every minute: a restart forgets it, and each customers process counts on its own.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use crate::error::{Error, Result, Rule};

/// Failures that lock an account …
pub const MAX_FAILURES: u32 = 10;
/// … when they fall within this long of the first.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// How long a locked account's sign-ins are refused.
pub const LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Most accounts tracked at once; past it the stalest unlocked entry makes room.
const MAX_ACCOUNTS: usize = 100_000;
const SWEEP_INTERVAL: Duration = Duration::from_secs(60);

/// The per-account sign-in throttle of one app. Cheap to clone: clones share the counts.
#[derive(Clone, Default)]
pub struct SignInThrottle {
    accounts: Arc<Mutex<HashMap<String, Entry>>>,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    first_failure: Instant,
    failures: u32,
    locked_until: Option<Instant>,
}

impl Entry {
    fn is_stale(&self, now: Instant) -> bool {
        match self.locked_until {
            Some(until) => now >= until,
            None => now.duration_since(self.first_failure) >= WINDOW,
        }
    }
}

impl SignInThrottle {
    /// A throttle that, while a tokio runtime runs, sweeps stale entries every minute until
    /// the last clone is dropped (`default()` has no sweeper).
    pub fn new() -> Self {
        let throttle = SignInThrottle::default();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(sweep_every_minute(Arc::downgrade(&throttle.accounts)));
        }
        throttle
    }

    /// Runs `sign_in` (the credentials check) for `email` unless the account is locked: a
    /// wrong password counts against the account, a success clears its count.
    pub async fn attempt<T>(
        &self,
        email: &str,
        sign_in: impl Future<Output = Result<T>>,
    ) -> Result<T> {
        let key = email.trim().to_lowercase();
        self.begin(&key, Instant::now())?;
        let outcome = sign_in.await;
        match &outcome {
            Ok(_) => self.succeeded(&key),
            Err(Error::Rule(Rule::WrongCredentials)) => {}
            // The check could not be made (the database failed): not the guest's failure.
            Err(_) => self.forgive(&key),
        }
        outcome
    }

    /// Refuses a locked account; otherwise counts the attempt as a failure up front, so
    /// attempts made at the same moment cannot slip past the limit together.
    fn begin(&self, key: &str, now: Instant) -> Result<()> {
        let mut accounts = self.lock();
        if let Some(entry) = accounts.get(key).copied() {
            if let Some(until) = entry.locked_until.filter(|until| now < *until) {
                return Err(Error::TooManySignIns {
                    retry_after_secs: whole_seconds(until - now),
                });
            }
            if entry.is_stale(now) {
                accounts.remove(key);
            }
        }
        if !accounts.contains_key(key) && accounts.len() >= MAX_ACCOUNTS {
            make_room(&mut accounts, now);
        }
        let entry = accounts.entry(key.to_owned()).or_insert(Entry {
            first_failure: now,
            failures: 0,
            locked_until: None,
        });
        entry.failures += 1;
        if entry.failures >= MAX_FAILURES {
            entry.locked_until = Some(now + LOCKOUT);
        }
        Ok(())
    }

    fn succeeded(&self, key: &str) {
        self.lock().remove(key);
    }

    /// Takes back the failure [`Self::begin`] counted, lifting a lock that one set.
    fn forgive(&self, key: &str) {
        let mut accounts = self.lock();
        if let Some(entry) = accounts.get_mut(key) {
            entry.failures = entry.failures.saturating_sub(1);
            if entry.failures < MAX_FAILURES {
                entry.locked_until = None;
            }
        }
    }

    /// Drops the entries whose window or lock has passed.
    fn sweep(&self, now: Instant) {
        let mut accounts = self.lock();
        accounts.retain(|_, entry| !entry.is_stale(now));
        accounts.shrink_to_fit();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        // The map stays consistent whatever panicked while holding it: keep using it.
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Frees one slot in a full map: stale entries first, else the unlocked entry whose window
/// started longest ago (locked accounts stay locked), else the oldest of all.
fn make_room(accounts: &mut HashMap<String, Entry>, now: Instant) {
    accounts.retain(|_, entry| !entry.is_stale(now));
    if accounts.len() < MAX_ACCOUNTS {
        return;
    }
    let oldest = |locked: bool| {
        accounts
            .iter()
            .filter(|(_, e)| locked || e.locked_until.is_none())
            .min_by_key(|(_, e)| e.first_failure)
            .map(|(k, _)| k.clone())
    };
    if let Some(key) = oldest(false).or_else(|| oldest(true)) {
        accounts.remove(&key);
    }
}

/// Seconds to wait, rounded up, so a client that waits exactly that long is let in.
fn whole_seconds(wait: Duration) -> u64 {
    wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
}

async fn sweep_every_minute(accounts: Weak<Mutex<HashMap<String, Entry>>>) {
    let mut tick = tokio::time::interval(SWEEP_INTERVAL);
    tick.tick().await; // the first tick is immediate
    loop {
        tick.tick().await;
        let Some(accounts) = accounts.upgrade() else {
            break;
        };
        SignInThrottle { accounts }.sweep(Instant::now());
    }
}

#[cfg(test)]
mod tests;
