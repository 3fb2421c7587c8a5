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

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

    use super::*;

    /// For each queue, rows 1 and 2 are `r`'s (2 already ran out), 3 another relay's: a
    /// heartbeat extends 1 only.
    #[tokio::test]
    async fn the_heartbeat_extends_only_live_claims_of_its_own_on_every_queue() {
        let options = SqliteConnectOptions::from_str("sqlite::memory:")
            .unwrap()
            .foreign_keys(false);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        let db = Db::Sqlite(pool.clone());
        crate::store::migrate(&db).await.unwrap();
        let now = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'";
        let rows = [
            (Queue::Emails, "INSERT INTO emails (id, kind, recipient, subject, text_body, html_body, message_id, next_attempt_at, created_at, claimed_by, claimed_until)
                 VALUES ($1, 'password_reset', 'a@b.test', 's', 't', 'h', 'm' || $1, '2000-01-01', '2000-01-01', $2, $3)"),
            (Queue::WebhookDeliveries, "INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event_type, payload, next_attempt_at, created_at, claimed_by, claimed_until)
                 VALUES ($1, 1, 'e' || $1, 't', '{}', '2000-01-01', '2000-01-01', $2, $3)"),
            (Queue::HotelStreams, "INSERT INTO hotel_event_streams (hotel_id, last_seq, stream_due_at, stream_claimed_by, stream_claimed_until)
                 VALUES ($1, 0, '2000-01-01', $2, $3)"),
            (Queue::AdminAlerts, "INSERT INTO admin_alerts (id, hotel_id, booking_reference, hotel_name, kind, topic_id, title, body, next_attempt_at, created_at, claimed_by, claimed_until)
                 VALUES ($1, 1, 'VS-1', 'H', 'admin_new_booking', 't', 'x', 'y', '2000-01-01', '2000-01-01', $2, $3)"),
        ];
        for (queue, insert) in rows {
            let sql = format!("SELECT {now}, '+1 seconds'), {now}, '-1 seconds')");
            let (soon, past): (String, String) =
                sqlx::query_as(&sql).fetch_one(&pool).await.unwrap();
            for (id, by, until) in [(1, "r", &soon), (2, "r", &past), (3, "other", &soon)] {
                sqlx::query(insert)
                    .bind(id)
                    .bind(by)
                    .bind(until)
                    .execute(&pool)
                    .await
                    .unwrap_or_else(|e| panic!("{queue:?}: {e}"));
            }
            let lease = Duration::from_secs(30);
            let kept = renew_held(&db, queue, &[1, 2, 3], "r", lease)
                .await
                .unwrap();
            assert_eq!(kept, vec![1], "{queue:?}");
            let (key, _, until_col, _) = queue.columns();
            let sql = format!(
                "SELECT COUNT(*) FROM {} WHERE {until_col} > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+20 seconds')
                 AND {key} = 1",
                queue.table()
            );
            let extended: i64 = sqlx::query_scalar(&sql).fetch_one(&pool).await.unwrap();
            assert_eq!(extended, 1, "{queue:?}");
        }
    }
}
