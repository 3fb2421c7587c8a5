//! SQL for publishing booking events to the stream: leasing hotels (one relay per hotel at a
//! time, so its events leave in number order), loading each leased hotel's oldest pending
//! events, recording each try, and the backlog the metrics report. Leases and due times are
//! the database's clock.
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::batch::{Plan, Verdict};
use crate::store::{
    At, Db, Ids, Span, any_of, begin_write, db_now, db_now_plus, on_db, on_tx,
    seconds_since_earliest,
};

/// Leases up to `limit` hotels that have pending events, are due (no backoff running) and are
/// not leased by a live relay, to `relay` for `lease`. As with emails: SQLite runs one writer
/// at a time; PostgreSQL skips rows another relay (or a booking committing) holds locked.
pub async fn claim_hotels(
    db: &Db,
    relay: &str,
    lease: Duration,
    limit: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$2"));
    let lock = if sqlite { "" } else { "FOR UPDATE SKIP LOCKED" };
    let sql = format!(
        "UPDATE hotel_event_streams SET stream_claimed_by = $1, stream_claimed_until = {until}
         WHERE hotel_id IN (
             SELECT s.hotel_id FROM hotel_event_streams s
             WHERE s.stream_due_at <= {now}
               AND (s.stream_claimed_until IS NULL OR s.stream_claimed_until < {now})
               AND EXISTS (SELECT 1 FROM booking_events e
                           WHERE e.hotel_id = s.hotel_id AND e.stream_status = 'pending')
             ORDER BY s.stream_due_at, s.hotel_id LIMIT $3 {lock})
         RETURNING hotel_id"
    );
    let mut ids: Vec<i64> = on_db!(db, |p| sqlx::query_scalar(&sql)
        .bind(relay)
        .bind(Span(lease))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    ids.sort_unstable();
    Ok(ids)
}

/// A pending event as loaded for publishing.
#[derive(sqlx::FromRow)]
pub struct PendingRow {
    pub id: i64,
    pub hotel_id: i64,
    pub seq: i64,
    pub document: String,
    pub stream_attempts: i32,
    pub booking_reference: String,
    pub request_id: Option<String>,
    pub traceparent: Option<String>,
}

/// The oldest `per_hotel` pending events of each of `hotels`, by hotel and number.
pub async fn pending(
    db: &Db,
    hotels: &[i64],
    per_hotel: i64,
) -> Result<Vec<PendingRow>, sqlx::Error> {
    let sql = format!(
        "SELECT id, hotel_id, seq, document, stream_attempts, booking_reference, request_id, traceparent FROM (
             SELECT id, hotel_id, seq, document, stream_attempts, booking_reference, request_id, traceparent,
                    ROW_NUMBER() OVER (PARTITION BY hotel_id ORDER BY seq) AS n
             FROM booking_events WHERE stream_status = 'pending' AND {}) t
         WHERE n <= $2 ORDER BY hotel_id, seq",
        any_of(db.is_sqlite(), "hotel_id", "$1")
    );
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(Ids(hotels))
        .bind(per_hotel)
        .fetch_all(p)
        .await)
}

const TRIED: &str =
    "INSERT INTO event_attempts (sink, event_id, relay, started_at, finished_at, outcome, error)
                     VALUES ('stream', $1, $2, $3, $4, $5, $6)";

/// Records one request's outcome in one transaction: each event's new state and its try, and
/// each hotel's next due time, handing the hotel's lease back.
pub async fn record(
    db: &Db,
    relay: &str,
    started: DateTime<Utc>,
    finished: DateTime<Utc>,
    plan: &Plan,
) -> Result<(), sqlx::Error> {
    let sqlite = db.is_sqlite();
    let now = db_now(sqlite);
    let mut tx = begin_write(db).await?;
    let sql = format!(
        "UPDATE booking_events SET stream_status = $7, stream_attempts = $2,
                stream_last_error = COALESCE($3, stream_last_error),
                stream_partition = COALESCE($4, stream_partition),
                stream_offset = COALESCE($5, stream_offset),
                stream_last_attempt_at = $6,
                stream_published_at = CASE WHEN $7 = 'published' THEN {now} ELSE stream_published_at END,
                parked_at = CASE WHEN $7 = 'parked' THEN {now} ELSE parked_at END
         WHERE id = $1 AND stream_status = 'pending'"
    );
    for (id, attempts, verdict) in &plan.events {
        let (status, outcome, error, place) = match verdict {
            Verdict::Published { partition, offset } => (
                "published",
                "published",
                None,
                Some((partition.as_str(), *offset)),
            ),
            Verdict::Retry { error } => ("pending", "retry", Some(error), None),
            Verdict::Parked { error } => ("parked", "parked", Some(error), None),
            Verdict::Unavailable { error } => ("pending", "unavailable", Some(error), None),
        };
        on_tx!(&mut tx, |c| sqlx::query(&sql)
            .bind(id)
            .bind(*attempts as i32)
            .bind(error)
            .bind(place.map(|p| p.0))
            .bind(place.map(|p| p.1))
            .bind(At(finished))
            .bind(status)
            .execute(c)
            .await
            .map(|_| ()))?;
        on_tx!(&mut tx, |c| sqlx::query(TRIED)
            .bind(id)
            .bind(relay)
            .bind(At(started))
            .bind(At(finished))
            .bind(outcome)
            .bind(error)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    let due = db_now_plus(sqlite, "$2");
    let sql = format!(
        "UPDATE hotel_event_streams SET stream_due_at = {due}, stream_claimed_by = NULL, stream_claimed_until = NULL
         WHERE hotel_id = $1 AND stream_claimed_by = $3"
    );
    for (hotel, delay) in &plan.hotels {
        on_tx!(&mut tx, |c| sqlx::query(&sql)
            .bind(hotel)
            .bind(Span(*delay))
            .bind(relay)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    tx.commit().await
}

/// Hands leased hotels back untouched (nothing of theirs was sent).
pub async fn release(db: &Db, relay: &str, hotels: &[i64]) -> Result<(), sqlx::Error> {
    let sql = format!(
        "UPDATE hotel_event_streams SET stream_claimed_by = NULL, stream_claimed_until = NULL
         WHERE stream_claimed_by = $1 AND {}",
        any_of(db.is_sqlite(), "hotel_id", "$2")
    );
    on_db!(db, |p| sqlx::query(&sql)
        .bind(relay)
        .bind(Ids(hotels))
        .execute(p)
        .await
        .map(|_| ()))
}

/// Events waiting for the stream, events parked, and the age in seconds of the oldest waiting
/// one by the database's clock.
pub async fn backlog(db: &Db) -> Result<(i64, i64, f64), sqlx::Error> {
    let sql = "SELECT stream_status, COUNT(*) FROM booking_events
               WHERE stream_status IN ('pending', 'parked') GROUP BY stream_status";
    let counts: Vec<(String, i64)> = on_db!(db, |p| sqlx::query_as(sql).fetch_all(p).await)?;
    let count = |s: &str| counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1);
    let age = format!(
        "SELECT {} FROM booking_events WHERE stream_status = 'pending'",
        seconds_since_earliest(db.is_sqlite(), "created_at")
    );
    let age: Option<f64> = on_db!(db, |p| sqlx::query_scalar(&age).fetch_one(p).await)?;
    Ok((
        count("pending"),
        count("parked"),
        age.unwrap_or(0.0).max(0.0),
    ))
}
