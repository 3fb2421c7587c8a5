//! Parked events and alerts for the admin: the list and "retry", scoped to hotels.
use app::model::{OutboxSink, ParkedItem};

use super::document::EventType;
use super::parked_store;
use crate::store::Db;

/// How many of the newest parked items the admin list shows.
pub const LIMIT: i64 = 200;

/// The newest parked items, of `hotels` only when given (a hotel admin's).
pub async fn list(db: &Db, hotels: Option<&[i64]>) -> Result<Vec<ParkedItem>, sqlx::Error> {
    let rows = parked_store::list(db, hotels, LIMIT).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let sink = OutboxSink::parse(&r.sink)?;
            let what = match sink {
                OutboxSink::Stream => EventType::parse(&r.what)
                    .map(|t| t.name().to_owned())
                    .unwrap_or(r.what),
                OutboxSink::Topic => r.what,
            };
            Some(ParkedItem {
                sink,
                id: r.id,
                what,
                booking_reference: r.booking_reference,
                hotel_name: r.hotel_name,
                attempts: r.attempts.max(0) as u32,
                last_error: r.last_error,
                created_at: r.created_at,
                parked_at: r.parked_at,
                last_attempt_at: r.last_attempt_at,
            })
        })
        .collect())
}

/// The hotel a parked item belongs to; None when nothing is parked under that id.
pub async fn hotel_of(db: &Db, sink: OutboxSink, id: i64) -> Result<Option<i64>, sqlx::Error> {
    parked_store::hotel_of(db, sink.as_str(), id).await
}

/// Puts a parked item back in line (due now, tries counted afresh); false if it was not parked.
pub async fn retry(db: &Db, sink: OutboxSink, id: i64) -> Result<bool, sqlx::Error> {
    parked_store::requeue(db, sink.as_str(), id).await
}
