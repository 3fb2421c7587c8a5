//! Short claims kept alive while their relay lives, so the claims of a relay that died are
//! taken over within about one lease, and a live relay never sends after its claim could be.
//!
//! Every outbox queue (emails, webhook deliveries, hotels' stream cursors, admin alerts) is
//! claimed for [`LEASE`] (30 s) by the database's clock. While a relay works on claimed rows, a
//! heartbeat extends them every third of the lease, so a slow send keeps its rows; when the
//! process dies, nobody extends them, and another relay takes them once the lease has run out:
//! at most a lease plus one poll after the death. Nothing has to tell that a relay is dead.
//!
//! The holder's side of that promise is a local deadline per row: the [`Instant`] at which
//! the statement that last claimed or extended it *started*, plus the lease, minus a margin.
//! The database set that row's `claimed_until` to its own now plus the lease, a now no earlier
//! than that start, so the deadline falls at least the margin before the claim can be taken.
//! A send races its deadline ([`Keeper::bounded`]), which each extension moves on, and is
//! dropped when it is reached; none starts with less than half a lease left. The margin
//! covers what a dropped send may still have put on the wire and the rounding of instants to
//! the millisecond. Only rows the relay still works on are extended ([`lease_store::renew_held`]):
//! a row finished, handed back or whose lease already ran out is never revived, since another
//! relay may hold it by then. With any number of relays a row is held by one: claims are
//! conditional updates that only take rows whose lease ran out.
use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::lease_store::{self, Queue};
use crate::store::Db;

/// How long one claim holds a row unless its relay extends it: a dead relay's rows are taken
/// over this long after its last heartbeat, plus the taker's poll.
pub const LEASE: Duration = Duration::from_secs(30);

/// Why a send was stopped before it ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// Its own time limit passed.
    Limit(Duration),
    /// The claim on its row could not be kept (another relay may take it now).
    Lease,
}

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cut::Limit(limit) => write!(f, "gave up after {} s without an answer", limit.as_secs()),
            Cut::Lease => f.write_str(
                "stopped: the claim on it could not be kept alive, so another relay may take it",
            ),
        }
    }
}

/// One relay's claims on one queue, with each row's local deadline.
#[derive(Clone)]
pub struct Keeper {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    queue: Queue,
    relay: String,
    lease: Duration,
    /// Held rows and the instant by which their sends must have ended.
    held: Mutex<HashMap<i64, Instant>>,
}

impl Keeper {
    pub fn new(db: Db, queue: Queue, relay: &str, lease: Duration) -> Self {
        Keeper {
            inner: Arc::new(Inner {
                db,
                queue,
                relay: relay.to_owned(),
                lease,
                held: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// The deadline of a claim (or extension) whose statement started at `started`.
    fn deadline_after(&self, started: Instant) -> Instant {
        let lease = self.inner.lease;
        started + lease - lease / 6
    }

    fn held(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Instant>> {
        self.inner.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts holding `ids`, claimed by a statement that started at `started`; they are
    /// forgotten when the returned guard drops, whatever way the batch ends.
    pub fn hold(&self, ids: &[i64], started: Instant) -> Held<'_> {
        let deadline = self.deadline_after(started);
        let mut held = self.held();
        for id in ids {
            held.insert(*id, deadline);
        }
        Held {
            keeper: self,
            ids: ids.to_vec(),
        }
    }

    /// Row `id` was extended by a statement that started at `started`.
    pub fn renewed(&self, id: i64, started: Instant) {
        let deadline = self.deadline_after(started);
        if let Some(d) = self.held().get_mut(&id) {
            *d = (*d).max(deadline);
        }
    }

    /// Stops holding `ids`: finished, handed back, or lost.
    pub fn forget(&self, ids: &[i64]) {
        let mut held = self.held();
        for id in ids {
            held.remove(id);
        }
    }

    /// The earliest deadline of `ids`; None when one is not held.
    pub fn deadline(&self, ids: &[i64]) -> Option<Instant> {
        let held = self.held();
        ids.iter()
            .map(|id| held.get(id).copied())
            .try_fold(None, |min: Option<Instant>, d| {
                d.map(|d| Some(min.map_or(d, |m| m.min(d))))
            })
            .flatten()
    }

    /// Whether a send of `ids` may start: at least half a lease is left to it, so a send
    /// that runs into the deadline was slow, not started late.
    pub fn may_start(&self, ids: &[i64]) -> bool {
        self.deadline(ids)
            .is_some_and(|d| d.saturating_duration_since(Instant::now()) >= self.inner.lease / 2)
    }

    /// Runs `send` for `ids` until it ends, `limit` passes, or the deadline of one of `ids`
    /// is reached (then `send` is dropped mid-way). The deadline is read again when reached:
    /// the heartbeat may have moved it on meanwhile.
    pub async fn bounded<F: Future>(
        &self,
        ids: &[i64],
        limit: Option<Duration>,
        send: F,
    ) -> Result<F::Output, Cut> {
        let give_up = limit.map(|l| (Instant::now() + l, l));
        tokio::pin!(send);
        loop {
            let now = Instant::now();
            let deadline = self.deadline(ids).filter(|d| *d > now).ok_or(Cut::Lease)?;
            if let Some((at, limit)) = give_up
                && at <= now
            {
                return Err(Cut::Limit(limit));
            }
            let wake = give_up.map_or(deadline, |(at, _)| at.min(deadline));
            tokio::select! {
                out = &mut send => return Ok(out),
                _ = tokio::time::sleep_until(wake.into()) => {}
            }
        }
    }

    /// One heartbeat: extends every held row whose lease has not run out, and moves those
    /// rows' deadlines on. Rows it could not extend keep their deadlines and lapse.
    pub async fn renew(&self) -> Result<usize, sqlx::Error> {
        let ids: Vec<i64> = self.held().keys().copied().collect();
        if ids.is_empty() {
            return Ok(0);
        }
        let started = Instant::now();
        let inner = &self.inner;
        let kept = lease_store::renew_held(&inner.db, inner.queue, &ids, &inner.relay, inner.lease)
            .await?;
        for id in &kept {
            self.renewed(*id, started);
        }
        Ok(kept.len())
    }

    /// Extends the held rows every third of the lease until the returned guard drops. A
    /// renewal that fails is only logged: the deadlines then stop the sends in time.
    pub fn heartbeat(&self) -> Heartbeat {
        let keeper = self.clone();
        let every = (self.inner.lease / 3).max(Duration::from_millis(10));
        Heartbeat(tokio::spawn(async move {
            let mut tick = tokio::time::interval_at((Instant::now() + every).into(), every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                // A renewal that hangs must not hold up the next one past the deadline.
                match tokio::time::timeout(every, keeper.renew()).await {
                    Ok(Ok(_)) => {}
                    Ok(Err(e)) => {
                        let i = &keeper.inner;
                        tracing::warn!(relay = %i.relay, queue = i.queue.name(), error = %e, "cannot extend the claims in hand");
                    }
                    Err(_) => {
                        let i = &keeper.inner;
                        tracing::warn!(relay = %i.relay, queue = i.queue.name(), "extending the claims in hand took too long");
                    }
                }
            }
        }))
    }
}

/// Rows held for one batch; forgotten when it drops.
pub struct Held<'a> {
    keeper: &'a Keeper,
    ids: Vec<i64>,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        self.keeper.forget(&self.ids);
    }
}

/// A running heartbeat; it stops when dropped (the batch ended, or the relay's task did).
pub struct Heartbeat(JoinHandle<()>);

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A keeper whose database is never reached (these tests renew nothing).
    async fn keeper(lease: Duration) -> Keeper {
        let pool = sqlx::SqlitePool::connect_lazy("sqlite::memory:").unwrap();
        Keeper::new(Db::Sqlite(pool), Queue::Emails, "r", lease)
    }

    #[tokio::test]
    async fn deadlines_fall_a_margin_inside_the_lease_and_only_move_on() {
        let k = keeper(Duration::from_secs(30)).await;
        let t0 = Instant::now();
        let held = k.hold(&[1, 2], t0);
        assert_eq!(k.deadline(&[1]), Some(t0 + Duration::from_secs(25)));
        k.renewed(2, t0 + Duration::from_secs(10));
        assert_eq!(k.deadline(&[2]), Some(t0 + Duration::from_secs(35)));
        assert_eq!(k.deadline(&[1, 2]), Some(t0 + Duration::from_secs(25)));
        k.renewed(2, t0);
        assert_eq!(k.deadline(&[2]), Some(t0 + Duration::from_secs(35)));
        assert!(k.may_start(&[1]));
        assert_eq!(k.deadline(&[1, 3]), None, "3 is not held");
        drop(held);
        assert_eq!(k.deadline(&[1]), None);
        assert!(!k.may_start(&[1]));
    }

    #[tokio::test]
    async fn a_send_is_dropped_at_its_deadline_or_its_limit() {
        let k = keeper(Duration::from_millis(300)).await;
        let _held = k.hold(&[1], Instant::now());
        let forever = std::future::pending::<()>();
        assert_eq!(k.bounded(&[1], None, forever).await, Err(Cut::Lease));
        let _held = k.hold(&[2], Instant::now());
        let limit = Some(Duration::from_millis(20));
        let forever = std::future::pending::<()>();
        assert_eq!(
            k.bounded(&[2], limit, forever).await,
            Err(Cut::Limit(Duration::from_millis(20)))
        );
        assert_eq!(k.bounded(&[2], limit, async { 7 }).await, Ok(7));
        assert_eq!(k.bounded(&[3], limit, async { 7 }).await, Err(Cut::Lease));
    }
}
