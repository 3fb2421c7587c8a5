//! SQL for `webhook_deliveries` and `webhook_attempts` on both databases: writing deliveries in
//! the event's transaction, claiming due ones under a lease by the database's clock (as the
//! email relay does), recording each try, listing an endpoint's deliveries, resending one.
use std::time::Duration;

use app::model::{WebhookAttempt, WebhookDelivery};
use chrono::{DateTime, Utc};

use crate::store::{
    At, Db, Ids, Span, Tx, any_of, begin_write, db_now, db_now_plus, on_db, on_tx,
    seconds_since_earliest,
};
use crate::telemetry::Origin;

/// Writes one delivery of an event to an endpoint, due at once; a repeat of the same event to
/// the same endpoint writes nothing (false).
pub async fn insert(
    tx: &mut Tx,
    endpoint_id: i64,
    event: &super::EventForWebhooks<'_>,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let due = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "INSERT INTO webhook_deliveries (endpoint_id, event_id, event_type, hotel_id, payload,
                status, attempts, next_attempt_at, created_at, request_id, traceparent)
         VALUES ($1, $2, $3, $4, $5, 'pending', 0, {due}, $6, $7, $8) ON CONFLICT DO NOTHING"
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(endpoint_id)
        .bind(event.id)
        .bind(event.type_)
        .bind(event.hotel_id)
        .bind(event.json)
        .bind(At(now))
        .bind(origin.request_id.as_deref())
        .bind(origin.traceparent.as_deref())
        .execute(c)
        .await
        .map(|r| r.rows_affected() > 0))
}

/// A claimed delivery with what its try needs: where, the body, and the secrets to sign with
/// (the current one, and the previous one while its grace period lasts).
pub struct Claimed {
    pub id: i64,
    pub endpoint_id: i64,
    pub event_id: String,
    pub event_type: String,
    pub payload: String,
    pub attempts: u32,
    pub url: String,
    pub secret: String,
    pub previous_secret: Option<String>,
    /// The request that wrote it, for the try's span.
    pub origin: Origin,
}

#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    endpoint_id: i64,
    event_id: String,
    event_type: String,
    payload: String,
    attempts: i32,
    request_id: Option<String>,
    traceparent: Option<String>,
}

/// Takes up to `limit` due deliveries of enabled endpoints for `relay` for `lease`, in one
/// statement (see the email store's `claim` for why two relays never hold one row).
pub async fn claim(
    db: &Db,
    relay: &str,
    lease: Duration,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let (now, until) = (db_now(sqlite), db_now_plus(sqlite, "$2"));
    let lock = if sqlite {
        ""
    } else {
        "FOR UPDATE OF d SKIP LOCKED"
    };
    let due = format!(
        "SELECT d.id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = 'pending' AND e.enabled AND d.next_attempt_at <= {now}
           AND (d.claimed_until IS NULL OR d.claimed_until < {now})
         ORDER BY d.next_attempt_at, d.id LIMIT $3 {lock}"
    );
    let sql = format!(
        "UPDATE webhook_deliveries SET claimed_by = $1, claimed_until = {until} WHERE id IN ({due})
         RETURNING id, endpoint_id, event_id, event_type, payload, attempts, request_id, traceparent"
    );
    let mut rows: Vec<ClaimRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(relay)
        .bind(Span(lease))
        .bind(limit)
        .fetch_all(p)
        .await)?;
    rows.sort_by_key(|r| r.id);
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let endpoint_ids: Vec<i64> = rows.iter().map(|r| r.endpoint_id).collect();
    let sql = format!(
        "SELECT id, url, secret,
                CASE WHEN previous_secret_until > {now} THEN previous_secret END
           FROM webhook_endpoints WHERE {}",
        any_of(sqlite, "id", "$1")
    );
    let endpoints: Vec<(i64, String, String, Option<String>)> =
        on_db!(db, |p| sqlx::query_as(&sql)
            .bind(Ids(&endpoint_ids))
            .fetch_all(p)
            .await)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let (_, url, secret, previous) = endpoints.iter().find(|e| e.0 == r.endpoint_id)?;
            Some(Claimed {
                id: r.id,
                endpoint_id: r.endpoint_id,
                event_id: r.event_id,
                event_type: r.event_type,
                payload: r.payload,
                attempts: r.attempts.max(0) as u32,
                url: url.clone(),
                secret: secret.clone(),
                previous_secret: previous.clone(),
                origin: Origin {
                    request_id: r.request_id,
                    traceparent: r.traceparent,
                },
            })
        })
        .collect())
}

/// One try as it happened.
pub struct Try<'a> {
    pub relay: &'a str,
    pub started: DateTime<Utc>,
    pub duration: Duration,
    pub status_code: Option<u16>,
    pub error: Option<&'a str>,
    pub excerpt: Option<&'a str>,
}

/// What became of a delivery after a try.
pub enum Outcome {
    Delivered,
    /// Try again this long after now by the database's clock.
    Retry(Duration),
    /// Given up: resending is up to an admin.
    Failed,
}

/// Records a try and its outcome and gives up the lease; false when the lease had passed to
/// another relay (the try is recorded all the same).
pub async fn record(db: &Db, id: i64, t: &Try<'_>, outcome: &Outcome) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let sql = "INSERT INTO webhook_attempts
                   (delivery_id, relay, started_at, duration_ms, status_code, error, response_excerpt)
               VALUES ($1, $2, $3, $4, $5, $6, $7)";
    on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(t.relay)
        .bind(At(t.started))
        .bind(t.duration.as_millis() as i64)
        .bind(t.status_code.map(i32::from))
        .bind(t.error)
        .bind(t.excerpt)
        .execute(c)
        .await
        .map(|_| ()))?;
    let owned = "claimed_by = NULL, claimed_until = NULL, attempts = attempts + 1, last_error = $3";
    let mine = "WHERE id = $1 AND claimed_by = $2 AND status = 'pending'";
    let (set, delay) = match outcome {
        Outcome::Delivered => ("status = 'delivered', delivered_at = $4".to_owned(), None),
        Outcome::Retry(d) => (
            format!("next_attempt_at = {}", db_now_plus(db.is_sqlite(), "$4")),
            Some(*d),
        ),
        Outcome::Failed => ("status = 'failed'".to_owned(), None),
    };
    let sql = format!("UPDATE webhook_deliveries SET {set}, {owned} {mine}");
    let changed = on_tx!(&mut tx, |c| {
        let q = sqlx::query(&sql).bind(id).bind(t.relay).bind(t.error);
        let q = match (outcome, delay) {
            (Outcome::Delivered, _) => q.bind(At(
                t.started + chrono::Duration::milliseconds(t.duration.as_millis() as i64)
            )),
            (_, Some(d)) => q.bind(Span(d)),
            _ => q,
        };
        q.execute(c).await.map(|r| r.rows_affected())
    })?;
    tx.commit().await?;
    Ok(changed == 1)
}

/// Deliveries waiting for a try (of enabled endpoints or not), and those given up.
pub async fn backlog(db: &Db) -> Result<(i64, i64, f64), sqlx::Error> {
    let sql = format!(
        "SELECT
           (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'),
           (SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'failed'),
           (SELECT {} FROM webhook_deliveries WHERE status = 'pending')",
        seconds_since_earliest(db.is_sqlite(), "created_at")
    );
    let (pending, failed, age): (i64, i64, Option<f64>) =
        on_db!(db, |p| sqlx::query_as(&sql).fetch_one(p).await)?;
    Ok((pending, failed, age.unwrap_or(0.0).max(0.0)))
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: i64,
    event_id: String,
    event_type: String,
    status: String,
    created_at: DateTime<Utc>,
    next_attempt_at: DateTime<Utc>,
    delivered_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

#[derive(sqlx::FromRow)]
struct AttemptRow {
    delivery_id: i64,
    started_at: DateTime<Utc>,
    duration_ms: i64,
    status_code: Option<i32>,
    error: Option<String>,
    response_excerpt: Option<String>,
}

/// The endpoint's newest `limit` deliveries, newest first, each with its tries, newest first.
pub async fn list(
    db: &Db,
    endpoint_id: i64,
    limit: i64,
) -> Result<Vec<WebhookDelivery>, sqlx::Error> {
    let sql = "SELECT id, event_id, event_type, status, created_at, next_attempt_at, delivered_at,
                      last_error
                 FROM webhook_deliveries WHERE endpoint_id = $1 ORDER BY id DESC LIMIT $2";
    let rows: Vec<DeliveryRow> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(endpoint_id)
        .bind(limit)
        .fetch_all(p)
        .await)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let sql = format!(
        "SELECT delivery_id, started_at, duration_ms, status_code, error, response_excerpt
           FROM webhook_attempts WHERE {} ORDER BY id DESC",
        any_of(db.is_sqlite(), "delivery_id", "$1")
    );
    let attempts: Vec<AttemptRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(Ids(&ids))
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let tries: Vec<WebhookAttempt> = attempts
                .iter()
                .filter(|a| a.delivery_id == r.id)
                .map(|a| WebhookAttempt {
                    started_at: a.started_at,
                    duration_ms: a.duration_ms,
                    status_code: a.status_code,
                    error: a.error.clone(),
                    response_excerpt: a.response_excerpt.clone(),
                })
                .collect();
            WebhookDelivery {
                id: r.id,
                event_id: r.event_id,
                event_type: r.event_type,
                next_attempt_at: (r.status == "pending").then_some(r.next_attempt_at),
                status: r.status,
                attempts: tries.len() as i64,
                created_at: r.created_at,
                delivered_at: r.delivered_at,
                last_error: r.last_error,
                tries,
            }
        })
        .collect())
}

/// Makes a failed delivery of the endpoint due again now, with a fresh round of tries. `None`
/// when the endpoint has no such delivery, `Some(false)` when it has not failed.
pub async fn resend(tx: &mut Tx, endpoint_id: i64, id: i64) -> Result<Option<bool>, sqlx::Error> {
    let sql = "SELECT status FROM webhook_deliveries WHERE id = $1 AND endpoint_id = $2";
    let status: Option<String> = on_tx!(tx, |c| sqlx::query_scalar(sql)
        .bind(id)
        .bind(endpoint_id)
        .fetch_optional(c)
        .await)?;
    match status.as_deref() {
        None => return Ok(None),
        Some("failed") => {}
        Some(_) => return Ok(Some(false)),
    }
    let now = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = {now},
                claimed_by = NULL, claimed_until = NULL
          WHERE id = $1 AND status = 'failed'"
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(id)
        .execute(c)
        .await
        .map(|r| Some(r.rows_affected() == 1)))
}
