//! Leases on the outbox's queues, by the database's clock: renewing one row just before its
//! try, renewing every row a live relay still works on (its heartbeat), handing back untried
//! ones.
use std::time::Duration;

use crate::store::{Db, Ids, Span, any_of, db_now, db_now_plus, on_db};

/// A table of rows that relays claim under a lease.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    Emails,
    WebhookDeliveries,
    /// Hotels' booking-event stream cursors (`hotel_event_streams`), one relay per hotel.
    HotelStreams,
    AdminAlerts,
}

impl Queue {
    fn table(self) -> &'static str {
        match self {
            Queue::Emails => "emails",
            Queue::WebhookDeliveries => "webhook_deliveries",
            Queue::HotelStreams => "hotel_event_streams",
            Queue::AdminAlerts => "admin_alerts",
        }
    }

    /// The key column, the holder's and the lease's columns, and what makes a row still worth
    /// holding.
    fn columns(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Queue::HotelStreams => (
                "hotel_id",
                "stream_claimed_by",
                "stream_claimed_until",
                "TRUE",
            ),
            _ => ("id", "claimed_by", "claimed_until", "status = 'pending'"),
        }
    }

    pub fn name(self) -> &'static str {
        self.table()
    }
}

/// Extends `relay`'s lease on row `id` to `lease` from the database's now, just before its try,
/// so a batch that takes long never has a later row's lease run out mid-batch. False when the
/// lease had already run out by the database's clock (another relay may hold the row now):
/// then it must not be tried.
pub async fn renew(
    db: &Db,
    queue: Queue,
    id: i64,
    relay: &str,
    lease: Duration,
) -> Result<bool, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$3"));
    let (key, by, until_col, live) = queue.columns();
    let sql = format!(
        "UPDATE {} SET {until_col} = {until}
         WHERE {key} = $1 AND {by} = $2 AND {live} AND {until_col} > {now}",
        queue.table()
    );
    on_db!(db, |p| sqlx::query(&sql)
        .bind(id)
        .bind(relay)
        .bind(Span(lease))
        .execute(p)
        .await
        .map(|r| r.rows_affected() == 1))
}

/// The heartbeat: extends `relay`'s leases on those of `ids` it still holds (not run out, not
/// finished) to `lease` from the database's now; the keys it extended. A row whose lease ran
/// out stays out: another relay may be sending it already.
pub async fn renew_held(
    db: &Db,
    queue: Queue,
    ids: &[i64],
    relay: &str,
    lease: Duration,
) -> Result<Vec<i64>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$2"));
    let (key, by, until_col, live) = queue.columns();
    let sql = format!(
        "UPDATE {} SET {until_col} = {until}
         WHERE {by} = $1 AND {live} AND {until_col} > {now} AND {}
         RETURNING {key}",
        queue.table(),
        any_of(sqlite, key, "$3")
    );
    on_db!(db, |p| sqlx::query_scalar(&sql)
        .bind(relay)
        .bind(Span(lease))
        .bind(Ids(ids))
        .fetch_all(p)
        .await)
}

/// Hands claimed rows back untried (the relay is stopping).
pub async fn release(db: &Db, queue: Queue, ids: &[i64], relay: &str) -> Result<(), sqlx::Error> {
    let (key, by, until_col, _) = queue.columns();
    let sql = format!(
        "UPDATE {} SET {by} = NULL, {until_col} = NULL WHERE {key} = $1 AND {by} = $2",
        queue.table()
    );
    for id in ids {
        on_db!(db, |p| sqlx::query(&sql)
            .bind(id)
            .bind(relay)
            .execute(p)
            .await
            .map(|_| ()))?;
    }
    Ok(())
}
