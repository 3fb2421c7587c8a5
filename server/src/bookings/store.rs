//! SQL for bookings and idempotency keys on both databases: the only code that names them.
use app::model::{GuestDetails, Quote};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;

use super::row::{BOOKING_COLS, BookingRow};
use crate::store::{At, Conn, Db, Tx, on_conn, on_db, on_tx};

pub struct NewBooking<'a> {
    pub reference: &'a str,
    pub customer_id: i64,
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub guests: u32,
    pub guest: &'a GuestDetails,
    pub special_requests: Option<&'a str>,
    pub price: &'a Quote,
    pub cancel_deadline: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Inserts the booking; `Ok(None)` when the reference is already taken (pick another).
pub async fn insert_booking(tx: &mut Tx, b: &NewBooking<'_>) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO bookings (reference, customer_id, hotel_id, room_type_id, check_in, check_out, guests,
            guest_name, guest_email, guest_phone, special_requests, status, currency, total_minor, price,
            cancel_deadline, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'confirmed', $12, $13, $14, $15, $16)
         ON CONFLICT (reference) DO NOTHING RETURNING id";
    on_tx!(tx, |c| sqlx::query_scalar(sql)
        .bind(b.reference)
        .bind(b.customer_id)
        .bind(b.hotel_id)
        .bind(b.room_type_id)
        .bind(b.check_in)
        .bind(b.check_out)
        .bind(b.guests as i32)
        .bind(&b.guest.name)
        .bind(&b.guest.email)
        .bind(&b.guest.phone)
        .bind(b.special_requests)
        .bind(&b.price.currency)
        .bind(b.price.total_minor)
        .bind(Json(b.price))
        .bind(b.cancel_deadline.map(At))
        .bind(At(b.created_at))
        .fetch_optional(c)
        .await)
}

/// Serialises requests that share an idempotency key until this transaction ends, so a retry
/// racing its original waits and then replays it. SQLite's write transactions are already
/// serial (BEGIN IMMEDIATE); PostgreSQL takes a transaction-scoped advisory lock.
pub async fn lock_key(tx: &mut Tx, customer_id: i64, key: &str) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("idempotency:{customer_id}:{key}"))
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// The booking an idempotency key already produced, with the request fingerprint it was for.
pub async fn idempotent_hit(
    tx: &mut Tx,
    customer_id: i64,
    key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let sql = "SELECT k.fingerprint, b.reference FROM idempotency_keys k JOIN bookings b ON b.id = k.booking_id
               WHERE k.customer_id = $1 AND k.key = $2";
    on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(customer_id)
        .bind(key)
        .fetch_optional(c)
        .await)
}

pub async fn insert_idempotency_key(
    tx: &mut Tx,
    customer_id: i64,
    key: &str,
    fingerprint: &str,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO idempotency_keys (customer_id, key, fingerprint, booking_id, created_at) VALUES ($1, $2, $3, $4, $5)";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(customer_id)
        .bind(key)
        .bind(fingerprint)
        .bind(booking_id)
        .bind(At(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks a confirmed booking cancelled by `by` (guest or hotel); 0 rows means someone else
/// changed it first. Only before the front desk recorded an arrival or a no-show: a guest in
/// the room keeps it.
pub async fn mark_cancelled(
    tx: &mut Tx,
    booking_id: i64,
    by: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let sql = "UPDATE bookings SET status = 'cancelled', cancelled_at = $1, cancelled_by = $3
               WHERE id = $2 AND status = 'confirmed' AND arrival = 'expected'";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(At(now))
        .bind(booking_id)
        .bind(by)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}

/// A booking by reference: the customer's own when `customer_id` is given, else any (the
/// hotel's view).
pub async fn by_reference(
    conn: Conn<'_>,
    customer_id: Option<i64>,
    reference: &str,
) -> Result<Option<BookingRow>, sqlx::Error> {
    let owner = if customer_id.is_some() {
        " AND customer_id = $2"
    } else {
        ""
    };
    let sql = format!("SELECT {BOOKING_COLS} FROM bookings WHERE reference = $1{owner}");
    on_conn!(conn, |c| {
        let mut q = sqlx::query_as(&sql).bind(reference);
        if let Some(id) = customer_id {
            q = q.bind(id);
        }
        q.fetch_optional(c).await
    })
}

/// The same inside a transaction, locking the booking's row on PostgreSQL.
pub async fn for_update(
    tx: &mut Tx,
    customer_id: Option<i64>,
    reference: &str,
) -> Result<Option<BookingRow>, sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        sqlx::query("SELECT id FROM bookings WHERE reference = $1 FOR UPDATE")
            .bind(reference)
            .execute(&mut **t)
            .await?;
    }
    by_reference(Conn::Tx(tx), customer_id, reference).await
}

/// A booking by id, read in the transaction that changed it (for its emails).
pub async fn by_id(tx: &mut Tx, id: i64) -> Result<Option<BookingRow>, sqlx::Error> {
    let sql = format!("SELECT {BOOKING_COLS} FROM bookings WHERE id = $1");
    on_tx!(tx, |c| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

pub async fn for_customer(db: &Db, customer_id: i64) -> Result<Vec<BookingRow>, sqlx::Error> {
    let sql =
        format!("SELECT {BOOKING_COLS} FROM bookings WHERE customer_id = $1 ORDER BY check_in, id");
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(customer_id)
        .fetch_all(p)
        .await)
}
