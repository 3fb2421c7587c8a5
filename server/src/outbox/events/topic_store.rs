//! SQL for admin alerts bound for a Notifications topic: written beside the alert emails,
//! claimed under a lease by the database's clock (order does not matter for alerts, so each
//! row is leased on its own, as emails are), and every try recorded.
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{
    At, Db, Span, Tx, begin_write, db_now, db_now_plus, on_db, on_tx, seconds_since_earliest,
};

pub struct NewAlert<'a> {
    pub hotel_id: i64,
    pub booking_id: i64,
    pub booking_reference: &'a str,
    pub hotel_name: &'a str,
    pub kind: &'a str,
    pub topic_id: &'a str,
    pub title: &'a str,
    pub body: &'a str,
}

pub async fn insert(tx: &mut Tx, a: &NewAlert<'_>) -> Result<(), sqlx::Error> {
    let now = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "INSERT INTO admin_alerts (hotel_id, booking_id, booking_reference, hotel_name, kind, topic_id,
                   title, body, status, attempts, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', 0, {now}, {now})"
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(a.hotel_id)
        .bind(a.booking_id)
        .bind(a.booking_reference)
        .bind(a.hotel_name)
        .bind(a.kind)
        .bind(a.topic_id)
        .bind(a.title)
        .bind(a.body)
        .execute(c)
        .await
        .map(|_| ()))
}

#[derive(sqlx::FromRow)]
pub struct ClaimedAlert {
    pub id: i64,
    pub topic_id: String,
    pub title: String,
    pub body: String,
    pub attempts: i32,
}

/// Takes up to `limit` due alerts for `relay` for `lease` (as emails are claimed).
pub async fn claim(
    db: &Db,
    relay: &str,
    lease: Duration,
    limit: i64,
) -> Result<Vec<ClaimedAlert>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$2"));
    let lock = if sqlite { "" } else { "FOR UPDATE SKIP LOCKED" };
    let sql = format!(
        "UPDATE admin_alerts SET claimed_by = $1, claimed_until = {until} WHERE id IN (
             SELECT id FROM admin_alerts
             WHERE status = 'pending' AND next_attempt_at <= {now}
               AND (claimed_until IS NULL OR claimed_until < {now})
             ORDER BY next_attempt_at, id LIMIT $3 {lock})
         RETURNING id, topic_id, title, body, attempts"
    );
    let mut rows: Vec<ClaimedAlert> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(relay)
        .bind(Span(lease))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    rows.sort_by_key(|r| r.id);
    Ok(rows)
}

/// What became of one try of an alert.
pub enum AlertOutcome<'a> {
    Published(&'a str),
    /// Failed; `counted` when it uses up one of the alert's tries (not an outage).
    Retry {
        error: &'a str,
        delay: Duration,
        counted: bool,
    },
    Parked(&'a str),
}

/// Records a try and its outcome, and gives up the lease; a row whose lease passed to another
/// relay is left to it (the try is still recorded).
pub async fn record(
    db: &Db,
    id: i64,
    relay: &str,
    (started, finished): (DateTime<Utc>, DateTime<Utc>),
    outcome: &AlertOutcome<'_>,
) -> Result<(), sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, next) = (db_now(sqlite), db_now_plus(sqlite, "$5"));
    let (status, tried, error, message_id, delay, counted) = match outcome {
        AlertOutcome::Published(m) => ("published", "published", None, Some(*m), None, 1),
        AlertOutcome::Retry {
            error,
            delay,
            counted,
        } => {
            let tried = if *counted { "retry" } else { "unavailable" };
            (
                "pending",
                tried,
                Some(*error),
                None,
                Some(*delay),
                i32::from(*counted),
            )
        }
        AlertOutcome::Parked(e) => ("parked", "parked", Some(*e), None, None, 1),
    };
    let mut tx = begin_write(db).await?;
    let sql = format!(
        "UPDATE admin_alerts SET status = $2, attempts = attempts + $3,
                last_error = COALESCE($4, last_error),
                next_attempt_at = CASE WHEN $5 IS NULL THEN next_attempt_at ELSE {next} END,
                message_id = COALESCE($6, message_id), last_attempt_at = $7,
                published_at = CASE WHEN $2 = 'published' THEN {now} ELSE published_at END,
                parked_at = CASE WHEN $2 = 'parked' THEN {now} ELSE parked_at END,
                claimed_by = NULL, claimed_until = NULL
         WHERE id = $1 AND status = 'pending' AND claimed_by = $8"
    );
    on_tx!(&mut tx, |c| sqlx::query(&sql)
        .bind(id)
        .bind(status)
        .bind(counted)
        .bind(error)
        .bind(delay.map(Span))
        .bind(message_id)
        .bind(At(finished))
        .bind(relay)
        .execute(c)
        .await
        .map(|_| ()))?;
    let sql = "INSERT INTO event_attempts (sink, alert_id, relay, started_at, finished_at, outcome, error)
               VALUES ('topic', $1, $2, $3, $4, $5, $6)";
    on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(relay)
        .bind(At(started))
        .bind(At(finished))
        .bind(tried)
        .bind(error)
        .execute(c)
        .await
        .map(|_| ()))?;
    tx.commit().await
}

/// Alerts waiting, alerts parked, and the age in seconds of the oldest waiting one.
pub async fn backlog(db: &Db) -> Result<(i64, i64, f64), sqlx::Error> {
    let sql = "SELECT status, COUNT(*) FROM admin_alerts
               WHERE status IN ('pending', 'parked') GROUP BY status";
    let counts: Vec<(String, i64)> = on_db!(db, |p| sqlx::query_as(sql).fetch_all(p).await)?;
    let count = |s: &str| counts.iter().find(|c| c.0 == s).map_or(0, |c| c.1);
    let age = format!(
        "SELECT {} FROM admin_alerts WHERE status = 'pending'",
        seconds_since_earliest(db.is_sqlite(), "created_at")
    );
    let age: Option<f64> = on_db!(db, |p| sqlx::query_scalar(&age).fetch_one(p).await)?;
    Ok((
        count("pending"),
        count("parked"),
        age.unwrap_or(0.0).max(0.0),
    ))
}
