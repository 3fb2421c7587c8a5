//! Leases on the outbox's queues of single sends (emails, webhook deliveries), by the
//! database's clock: renewing one just before its try, handing back untried ones.
use std::time::Duration;

use crate::store::{Db, Span, db_now, db_now_plus, on_db};

/// A table of rows that relays claim one send at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Queue {
    Emails,
    WebhookDeliveries,
}

impl Queue {
    fn table(self) -> &'static str {
        match self {
            Queue::Emails => "emails",
            Queue::WebhookDeliveries => "webhook_deliveries",
        }
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
    let sql = format!(
        "UPDATE {} SET claimed_until = {until}
         WHERE id = $1 AND claimed_by = $2 AND status = 'pending' AND claimed_until > {now}",
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

/// Hands claimed rows back untried (the relay is stopping).
pub async fn release(db: &Db, queue: Queue, ids: &[i64], relay: &str) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE {} SET claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2",
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
