//! SQL for the parked list: booking events and admin alerts set aside after their last try,
//! and putting one back in line.
use chrono::{DateTime, Utc};

use crate::store::{Db, Ids, any_of, begin_write, db_now, on_db, on_tx};

#[derive(sqlx::FromRow)]
pub struct ParkedRow {
    pub sink: String,
    pub id: i64,
    pub what: String,
    pub booking_reference: Option<String>,
    pub hotel_name: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub parked_at: DateTime<Utc>,
    pub last_attempt_at: Option<DateTime<Utc>>,
}

/// The newest `limit` parked events and alerts (of `hotels` only, when given).
pub async fn list(
    db: &Db,
    hotels: Option<&[i64]>,
    limit: i64,
) -> Result<Vec<ParkedRow>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let only = |column: &str| match hotels {
        Some(_) => format!("AND {}", any_of(sqlite, column, "$2")),
        None => "AND $2 IS NULL".to_owned(),
    };
    let sql = format!(
        "SELECT 'stream' AS sink, id, type AS what, booking_reference, hotel_name,
                stream_attempts AS attempts, stream_last_error AS last_error, created_at, parked_at,
                stream_last_attempt_at AS last_attempt_at
           FROM booking_events WHERE stream_status = 'parked' {}
         UNION ALL
         SELECT 'topic' AS sink, id, kind AS what, booking_reference, hotel_name,
                attempts, last_error, created_at, parked_at, last_attempt_at
           FROM admin_alerts WHERE status = 'parked' {}
         ORDER BY parked_at DESC, id DESC LIMIT $1",
        only("hotel_id"),
        only("hotel_id")
    );
    let ids = hotels.map(Ids);
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(limit)
        .bind(ids)
        .fetch_all(p)
        .await)
}

/// The hotel of a parked item, if it is parked.
pub async fn hotel_of(db: &Db, sink: &str, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let sql = match sink {
        "stream" => {
            "SELECT hotel_id FROM booking_events WHERE id = $1 AND stream_status = 'parked'"
        }
        _ => "SELECT hotel_id FROM admin_alerts WHERE id = $1 AND status = 'parked'",
    };
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(id)
        .fetch_optional(p)
        .await)
}

/// Puts a parked item back in line with a fresh count of tries, due now. A booking event goes
/// back to its hotel's line at its own number: the oldest pending, so it is published next
/// (after the events published while it was parked). False when it was not parked.
pub async fn requeue(db: &Db, sink: &str, id: i64) -> Result<bool, sqlx::Error> {
    let now = db_now(db.is_sqlite());
    let mut tx = begin_write(db).await?;
    let changed = if sink == "stream" {
        let sql = "UPDATE booking_events SET stream_status = 'pending', stream_attempts = 0, parked_at = NULL
                   WHERE id = $1 AND stream_status = 'parked'";
        let changed = on_tx!(&mut tx, |c| sqlx::query(sql)
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?;
        let sql = format!(
            "UPDATE hotel_event_streams SET stream_due_at = {now}
             WHERE hotel_id = (SELECT hotel_id FROM booking_events WHERE id = $1)"
        );
        on_tx!(&mut tx, |c| sqlx::query(&sql)
            .bind(id)
            .execute(c)
            .await
            .map(|_| ()))?;
        changed
    } else {
        let sql = format!(
            "UPDATE admin_alerts SET status = 'pending', attempts = 0, parked_at = NULL, next_attempt_at = {now}
             WHERE id = $1 AND status = 'parked'"
        );
        on_tx!(&mut tx, |c| sqlx::query(&sql)
            .bind(id)
            .execute(c)
            .await
            .map(|r| r.rows_affected()))?
    };
    tx.commit().await?;
    Ok(changed == 1)
}
