//! SQL for bookings, per-night inventory, idempotency keys and the outbox, on both databases.
use std::collections::HashMap;

use app::model::{GuestDetails, Quote};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;

pub use super::row::StoredBooking;
use super::row::{BOOKING_SELECT, BookingRow};
use crate::hotels::pricing::{NightState, Rates};
use crate::hotels::store::InventoryRow;
use crate::store::{At, Db, Tx, on_db, on_tx};

/// What the booking transaction knows about the room type it sells.
pub struct Sellable {
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub capacity: u32,
    pub rates: Rates,
}

pub struct NewBooking<'a> {
    pub reference: &'a str,
    pub customer_id: i64,
    pub sellable: &'a Sellable,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub guests: u32,
    pub guest: &'a GuestDetails,
    pub special_requests: Option<&'a str>,
    pub price: &'a Quote,
    pub cancel_deadline: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Makes sure an inventory row exists for every night, then sells one room on each night only
/// where `sold + 1 <= allotment`. Returns how many nights were sold: fewer than asked means
/// sold out, and the caller rolls back.
pub async fn sell_nights(
    tx: &mut Tx,
    s: &Sellable,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, sqlx::Error> {
    let allotment = s.rates.total_rooms as i32;
    match tx {
        Tx::Sqlite(t) => {
            let sql = "WITH RECURSIVE nights(n) AS (SELECT date($1) UNION ALL SELECT date(n, '+1 day') FROM nights WHERE date(n, '+1 day') < date($2))
                 INSERT INTO inventory (room_type_id, night, allotment, sold) SELECT $3, n, $4, 0 FROM nights WHERE true
                 ON CONFLICT (room_type_id, night) DO NOTHING";
            sqlx::query(sql)
                .bind(from)
                .bind(to)
                .bind(s.room_type_id)
                .bind(allotment)
                .execute(&mut **t)
                .await?;
        }
        Tx::Postgres(t) => {
            let sql = "INSERT INTO inventory (room_type_id, night, allotment, sold)
                 SELECT $3, d::date, $4, 0 FROM generate_series($1::date, $2::date - 1, interval '1 day') AS d
                 ON CONFLICT (room_type_id, night) DO NOTHING";
            sqlx::query(sql)
                .bind(from)
                .bind(to)
                .bind(s.room_type_id)
                .bind(allotment)
                .execute(&mut **t)
                .await?;
        }
    }
    let sql = "UPDATE inventory SET sold = sold + 1
               WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND NOT closed AND sold + 1 <= allotment";
    let done = on_tx!(tx, |c| sqlx::query(sql)
        .bind(s.room_type_id)
        .bind(from)
        .bind(to)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

/// Gives the nights of a cancelled stay back; returns how many rows changed.
pub async fn release_nights(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, sqlx::Error> {
    let sql = "UPDATE inventory SET sold = sold - 1 WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND sold > 0";
    let done = on_tx!(tx, |c| sqlx::query(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(to)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn sellable(
    tx: &mut Tx,
    hotel_slug: &str,
    room_slug: &str,
) -> Result<Option<Sellable>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        hotel_id: i64,
        room_type_id: i64,
        capacity: i32,
        total_rooms: i32,
        nightly_rate_minor: i64,
        weekend_rate_minor: i64,
    }
    let sql = "SELECT h.id AS hotel_id, r.id AS room_type_id, r.capacity, r.total_rooms, r.nightly_rate_minor, r.weekend_rate_minor
               FROM room_types r JOIN hotels h ON h.id = r.hotel_id
               WHERE h.slug = $1 AND r.slug = $2 AND h.published AND NOT r.retired";
    let row: Option<Row> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(hotel_slug)
        .bind(room_slug)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|r| Sellable {
        hotel_id: r.hotel_id,
        room_type_id: r.room_type_id,
        capacity: r.capacity.max(0) as u32,
        rates: Rates {
            nightly_minor: r.nightly_rate_minor,
            weekend_minor: r.weekend_rate_minor,
            total_rooms: i64::from(r.total_rooms),
        },
    }))
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
        .bind(b.sellable.hotel_id)
        .bind(b.sellable.room_type_id)
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

pub async fn insert_outbox(
    tx: &mut Tx,
    topic: &str,
    booking_id: i64,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO outbox (topic, booking_id, payload, created_at) VALUES ($1, $2, $3, $4)";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(topic)
        .bind(booking_id)
        .bind(Json(payload))
        .bind(At(now))
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(())
}

/// Marks a confirmed booking cancelled; 0 rows means someone else changed it first.
pub async fn mark_cancelled(
    tx: &mut Tx,
    booking_id: i64,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    // Only before the front desk recorded an arrival or a no-show: a guest in the room keeps it.
    let sql = "UPDATE bookings SET status = 'cancelled', cancelled_at = $1
               WHERE id = $2 AND status = 'confirmed' AND arrival = 'expected'";
    let done = on_tx!(tx, |c| sqlx::query(sql)
        .bind(At(now))
        .bind(booking_id)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))?;
    Ok(done)
}

pub async fn by_reference(
    db: &Db,
    customer_id: i64,
    reference: &str,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.reference = $1 AND b.customer_id = $2");
    let row: Option<BookingRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(reference)
        .bind(customer_id)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(StoredBooking::from))
}

/// The same, inside a transaction, locking the booking row on PostgreSQL; any customer's when
/// `customer_id` is `None` (the hotel acting).
pub async fn by_reference_tx(
    tx: &mut Tx,
    customer_id: Option<i64>,
    reference: &str,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let owner = if customer_id.is_some() {
        " AND b.customer_id = $2"
    } else {
        ""
    };
    let sql = format!("{BOOKING_SELECT} WHERE b.reference = $1{owner}");
    let sql = match tx {
        Tx::Sqlite(_) => sql,
        Tx::Postgres(_) => format!("{sql} FOR UPDATE OF b"),
    };
    let row: Option<BookingRow> = on_tx!(tx, |c| {
        let mut q = sqlx::query_as(&sql).bind(reference);
        if let Some(id) = customer_id {
            q = q.bind(id);
        }
        q.fetch_optional(c).await
    })?;
    Ok(row.map(StoredBooking::from))
}

/// Any customer's booking by reference (the hotel's view).
pub async fn by_reference_any(
    db: &Db,
    reference: &str,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.reference = $1");
    let row: Option<BookingRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(reference)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(StoredBooking::from))
}

pub async fn for_customer(db: &Db, customer_id: i64) -> Result<Vec<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.customer_id = $1 ORDER BY b.check_in, b.id");
    let rows: Vec<BookingRow> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(customer_id)
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(StoredBooking::from).collect())
}

/// Nightly inventory states used to price the stay inside the booking transaction.
pub async fn night_states(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<NaiveDate, NightState>, sqlx::Error> {
    let sql = "SELECT room_type_id, night, allotment, sold, rate_minor, closed FROM inventory
               WHERE room_type_id = $1 AND night >= $2 AND night < $3";
    let rows: Vec<InventoryRow> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?;
    Ok(rows.iter().map(|r| (r.night, r.state())).collect())
}
