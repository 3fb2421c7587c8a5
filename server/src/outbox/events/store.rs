//! SQL for writing booking events in the booking's transaction: the per-hotel event number
//! (`hotel_event_streams.last_seq`) and the `booking_events` row.
use crate::store::{Tx, db_now, on_tx};
use crate::telemetry::Origin;

/// Hands out the hotel's next event number. The row lock this update takes is held until the
/// booking commits, so a second writer of the same hotel waits here and gets the next number
/// only after the first committed (or rolled back): numbers follow commit order on PostgreSQL,
/// and SQLite runs one writer at a time anyway. Call it late in the transaction.
pub async fn next_seq(tx: &mut Tx, hotel_id: i64) -> Result<i64, sqlx::Error> {
    let now = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "INSERT INTO hotel_event_streams (hotel_id, last_seq, stream_due_at) VALUES ($1, 1, {now})
         ON CONFLICT (hotel_id) DO UPDATE SET last_seq = hotel_event_streams.last_seq + 1
         RETURNING last_seq"
    );
    on_tx!(tx, |c| sqlx::query_scalar(&sql)
        .bind(hotel_id)
        .fetch_one(c)
        .await)
}

/// What one `booking_events` row holds when written.
pub struct NewEvent<'a> {
    pub event_id: &'a str,
    pub hotel_id: i64,
    pub seq: i64,
    pub booking_id: Option<i64>,
    pub booking_reference: &'a str,
    pub hotel_name: &'a str,
    pub event_type: &'a str,
    pub document: &'a str,
    /// The request that wrote it, for the publish's span.
    pub origin: &'a Origin,
}

/// Inserts the event, pending for the stream; its row id.
pub async fn insert(tx: &mut Tx, e: &NewEvent<'_>) -> Result<i64, sqlx::Error> {
    // Dated by the database's clock, like the lag the relay reports from it.
    let now = db_now(matches!(tx, Tx::Sqlite(_)));
    let sql = format!(
        "INSERT INTO booking_events (event_id, hotel_id, seq, booking_id, booking_reference,
                   hotel_name, type, document, created_at, stream_status, request_id, traceparent)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, {now}, 'pending', $9, $10) RETURNING id"
    );
    on_tx!(tx, |c| sqlx::query_scalar(&sql)
        .bind(e.event_id)
        .bind(e.hotel_id)
        .bind(e.seq)
        .bind(e.booking_id)
        .bind(e.booking_reference)
        .bind(e.hotel_name)
        .bind(e.event_type)
        .bind(e.document)
        .bind(e.origin.request_id.as_deref())
        .bind(e.origin.traceparent.as_deref())
        .fetch_one(c)
        .await)
}
