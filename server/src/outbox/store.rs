//! SQL for the `emails` and `email_attempts` tables on both databases: writing emails in the
//! booking's transaction, claiming due ones under a lease, recording each try. Leases and due
//! times are read from and written by the database's clock, never a relay's own: relays whose
//! clocks disagree still agree on who holds a row and when it is due.
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::mailer::{Delivery, Outgoing};
use super::templates::{BookingFacts, Rendered};
use crate::store::{
    At, Db, Span, Tx, begin_write, db_now, db_now_plus, on_db, on_tx, seconds_since_earliest,
};
use crate::telemetry::Origin;

pub async fn insert(
    tx: &mut Tx,
    facts: &BookingFacts,
    email: &Rendered,
    message_id: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Due at once by the database's clock, whatever the clock of the process that booked.
    let due = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "INSERT INTO emails (booking_id, hotel_id, kind, recipient, subject, text_body, html_body,
                   message_id, status, attempts, next_attempt_at, created_at, booking_reference, hotel_name, time_zone,
                   request_id, traceparent)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, {due}, $9, $10, $11, $12, $13, $14)"
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(facts.booking_id)
        .bind(facts.hotel_id)
        .bind(email.kind.as_str())
        .bind(&email.recipient)
        .bind(&email.subject)
        .bind(&email.text)
        .bind(&email.html)
        .bind(message_id)
        .bind(At(now))
        .bind(&facts.reference)
        .bind(&facts.hotel_name)
        .bind(&facts.time_zone)
        .bind(origin.request_id.as_deref())
        .bind(origin.traceparent.as_deref())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// Writes an email that belongs to no booking (account links, alert confirmations); `hotel`
/// (id, name, time zone) when it concerns one hotel, so that hotel's admins list it.
pub async fn insert_unbooked(
    tx: &mut Tx,
    hotel: Option<(i64, &str, &str)>,
    email: &Rendered,
    message_id: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO emails (hotel_id, kind, recipient, subject, text_body, html_body,
                   message_id, status, attempts, next_attempt_at, created_at, hotel_name, time_zone,
                   request_id, traceparent)
               VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8, $9, $10, $11, $12)";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel.map(|h| h.0))
        .bind(email.kind.as_str())
        .bind(&email.recipient)
        .bind(&email.subject)
        .bind(&email.text)
        .bind(&email.html)
        .bind(message_id)
        .bind(At(now))
        .bind(hotel.map(|h| h.1))
        .bind(hotel.map(|h| h.2))
        .bind(origin.request_id.as_deref())
        .bind(origin.traceparent.as_deref())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

/// A claimed email, how many tries it had before this one, and what it was written for.
pub struct Claimed {
    pub email: Outgoing,
    pub attempts: u32,
    pub booking_reference: Option<String>,
    pub origin: Origin,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    kind: String,
    recipient: String,
    subject: String,
    text_body: String,
    html_body: String,
    message_id: String,
    attempts: i32,
    created_at: DateTime<Utc>,
    booking_reference: Option<String>,
    request_id: Option<String>,
    traceparent: Option<String>,
}

/// Takes up to `limit` due emails for `relay` for `lease` from the database's now, in one
/// statement, so two relays never hold the same row: SQLite runs one writer at a time; on
/// PostgreSQL rows another relay is claiming are skipped (`SKIP LOCKED`) and a row it just
/// claimed fails the re-checked condition. A row whose lease ran out (its relay died) is due
/// again.
pub async fn claim(
    db: &Db,
    relay: &str,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$2"));
    let due = format!(
        "SELECT id FROM emails
         WHERE status = 'pending' AND next_attempt_at <= {now} AND (claimed_until IS NULL OR claimed_until < {now})
         ORDER BY next_attempt_at, id LIMIT $3"
    );
    let lock = if sqlite { "" } else { "FOR UPDATE SKIP LOCKED" };
    let sql = format!(
        "UPDATE emails SET claimed_by = $1, claimed_until = {until} WHERE id IN ({due} {lock})
         RETURNING id, kind, recipient, subject, text_body, html_body, message_id, attempts, created_at,
                   booking_reference, request_id, traceparent"
    );
    let mut rows: Vec<ClaimRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(relay)
        .bind(Span(lease))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    // RETURNING does not promise an order.
    rows.sort_by_key(|r| r.id);
    Ok(rows
        .into_iter()
        .map(|r| Claimed {
            attempts: r.attempts.max(0) as u32,
            booking_reference: r.booking_reference,
            origin: Origin {
                request_id: r.request_id,
                traceparent: r.traceparent,
            },
            email: Outgoing {
                id: r.id,
                kind: r.kind,
                recipient: r.recipient,
                subject: r.subject,
                text_body: r.text_body,
                html_body: r.html_body,
                message_id: r.message_id,
                created_at: r.created_at,
            },
        })
        .collect())
}

/// What became of one try.
pub enum Outcome<'a> {
    Sent(&'a Delivery),
    /// Failed; try again this long after now by the database's clock.
    Retry(&'a str, Duration),
    /// Failed for the last time.
    Failed(&'a str),
}

/// Records a try and its outcome, and gives up the lease. False when the lease had already
/// passed to another relay (the row is then left to it; the try is still recorded).
pub async fn record(
    db: &Db,
    id: i64,
    relay: &str,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
    outcome: &Outcome<'_>,
) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let (ok, error) = match outcome {
        Outcome::Sent(_) => (true, None),
        Outcome::Retry(e, _) | Outcome::Failed(e) => (false, Some(*e)),
    };
    let sql = "INSERT INTO email_attempts (email_id, relay, started_at, finished_at, ok, error)
               VALUES ($1, $2, $3, $4, $5, $6)";
    on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(relay)
        .bind(At(started))
        .bind(At(finished))
        .bind(ok)
        .bind(error)
        .execute(c)
        .await
        .map(|_| ()))?;
    let owned = "claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1";
    let mine = "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'";
    let changed = match outcome {
        Outcome::Sent(d) => {
            let sql = format!(
                "UPDATE emails SET status = 'sent', sent_at = $3, delivered_via = $4, file_name = $5, {owned} {mine}"
            );
            on_tx!(&mut tx, |c| sqlx::query(&sql)
                .bind(id)
                .bind(relay)
                .bind(At(finished))
                .bind(d.via)
                .bind(d.file_name.as_deref())
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?
        }
        Outcome::Retry(e, delay) => {
            let next = db_now_plus(db.is_sqlite(), "$3");
            let sql = format!(
                "UPDATE emails SET next_attempt_at = {next}, last_error = $4, {owned} {mine}"
            );
            on_tx!(&mut tx, |c| sqlx::query(&sql)
                .bind(id)
                .bind(relay)
                .bind(Span(*delay))
                .bind(*e)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?
        }
        Outcome::Failed(e) => {
            let sql =
                format!("UPDATE emails SET status = 'failed', last_error = $3, {owned} {mine}");
            on_tx!(&mut tx, |c| sqlx::query(&sql)
                .bind(id)
                .bind(relay)
                .bind(*e)
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?
        }
    };
    tx.commit().await?;
    Ok(changed == 1)
}

/// Emails still waiting to be delivered, due or not.
pub async fn backlog(db: &Db) -> Result<(i64, f64), sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*), {} FROM emails WHERE status = 'pending'",
        seconds_since_earliest(db.is_sqlite(), "created_at")
    );
    let (count, age): (i64, Option<f64>) = on_db!(db, |p| sqlx::query_as(&sql).fetch_one(p).await)?;
    Ok((count, age.unwrap_or(0.0).max(0.0)))
}
