//! SQL for bookings, per-night inventory, idempotency keys and the outbox.
use app::model::{Booking, BookingStatus, GuestDetails, Quote};
use chrono::NaiveDate;
use sqlx::{Row, sqlite::SqliteRow};

use crate::store::{Db, Tx, parse_ts};

/// What the booking transaction knows about the room type it sells.
pub struct Sellable {
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub capacity: u32,
    pub rates: crate::hotels::pricing::Rates,
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
    pub cancel_deadline: Option<String>,
    pub created_at: &'a str,
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
    sqlx::query(
        "WITH RECURSIVE nights(n) AS (SELECT date(?1) UNION ALL SELECT date(n, '+1 day') FROM nights WHERE date(n, '+1 day') < date(?2))
         INSERT INTO inventory (room_type_id, night, allotment, sold) SELECT ?3, n, ?4, 0 FROM nights WHERE true
         ON CONFLICT (room_type_id, night) DO NOTHING",
    )
    .bind(from.to_string())
    .bind(to.to_string())
    .bind(s.room_type_id)
    .bind(s.rates.total_rooms)
    .execute(&mut **tx)
    .await?;
    let done = sqlx::query(
        "UPDATE inventory SET sold = sold + 1
         WHERE room_type_id = ? AND night >= ? AND night < ? AND closed = 0 AND sold + 1 <= allotment",
    )
    .bind(s.room_type_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// Gives the nights of a cancelled stay back; returns how many rows changed.
pub async fn release_nights(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE inventory SET sold = sold - 1 WHERE room_type_id = ? AND night >= ? AND night < ? AND sold > 0",
    )
    .bind(room_type_id)
    .bind(from.to_string())
    .bind(to.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

pub async fn sellable(
    tx: &mut Tx,
    hotel_slug: &str,
    room_slug: &str,
) -> Result<Option<Sellable>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT h.id AS hotel_id, r.id AS room_type_id, r.capacity, r.total_rooms, r.nightly_rate_minor, r.weekend_rate_minor
         FROM room_types r JOIN hotels h ON h.id = r.hotel_id
         WHERE h.slug = ? AND r.slug = ? AND h.published = 1 AND r.retired = 0",
    )
    .bind(hotel_slug)
    .bind(room_slug)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| Sellable {
        hotel_id: r.get("hotel_id"),
        room_type_id: r.get("room_type_id"),
        capacity: r.get::<i64, _>("capacity") as u32,
        rates: crate::hotels::pricing::Rates {
            nightly_minor: r.get("nightly_rate_minor"),
            weekend_minor: r.get("weekend_rate_minor"),
            total_rooms: r.get("total_rooms"),
        },
    }))
}

/// Inserts the booking; `Ok(None)` when the reference is already taken (pick another).
pub async fn insert_booking(tx: &mut Tx, b: &NewBooking<'_>) -> Result<Option<i64>, sqlx::Error> {
    let price = serde_json::to_string(b.price).unwrap_or_default();
    let id = sqlx::query_scalar(
        "INSERT INTO bookings (reference, customer_id, hotel_id, room_type_id, check_in, check_out, guests,
            guest_name, guest_email, guest_phone, special_requests, status, currency, total_minor, price,
            cancel_deadline, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'confirmed', ?, ?, ?, ?, ?)
         ON CONFLICT (reference) DO NOTHING RETURNING id",
    )
    .bind(b.reference)
    .bind(b.customer_id)
    .bind(b.sellable.hotel_id)
    .bind(b.sellable.room_type_id)
    .bind(b.check_in.to_string())
    .bind(b.check_out.to_string())
    .bind(b.guests as i64)
    .bind(&b.guest.name)
    .bind(&b.guest.email)
    .bind(&b.guest.phone)
    .bind(b.special_requests)
    .bind(&b.price.currency)
    .bind(b.price.total_minor)
    .bind(price)
    .bind(&b.cancel_deadline)
    .bind(b.created_at)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(id)
}

/// The booking an idempotency key already produced, with the request fingerprint it was for.
pub async fn idempotent_hit(
    tx: &mut Tx,
    customer_id: i64,
    key: &str,
) -> Result<Option<(String, String)>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT k.fingerprint, b.reference FROM idempotency_keys k JOIN bookings b ON b.id = k.booking_id
         WHERE k.customer_id = ? AND k.key = ?",
    )
    .bind(customer_id)
    .bind(key)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| (r.get("fingerprint"), r.get("reference"))))
}

pub async fn insert_idempotency_key(
    tx: &mut Tx,
    customer_id: i64,
    key: &str,
    fingerprint: &str,
    booking_id: i64,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO idempotency_keys (customer_id, key, fingerprint, booking_id, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(customer_id)
        .bind(key)
        .bind(fingerprint)
        .bind(booking_id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn insert_outbox(
    tx: &mut Tx,
    topic: &str,
    booking_id: i64,
    payload: &serde_json::Value,
    now: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO outbox (topic, booking_id, payload, created_at) VALUES (?, ?, ?, ?)")
        .bind(topic)
        .bind(booking_id)
        .bind(payload.to_string())
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Marks a confirmed booking cancelled; 0 rows means someone else changed it first.
pub async fn mark_cancelled(tx: &mut Tx, booking_id: i64, now: &str) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("UPDATE bookings SET status = 'cancelled', cancelled_at = ? WHERE id = ? AND status = 'confirmed'")
        .bind(now)
        .bind(booking_id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

const BOOKING_SELECT: &str =
    "SELECT b.*, h.slug AS hotel_slug, h.name AS hotel_name, h.address, h.time_zone,
       h.policies, c.name AS city_name, r.slug AS room_type_slug, r.name AS room_type_name
  FROM bookings b JOIN hotels h ON h.id = b.hotel_id JOIN cities c ON c.slug = h.city_slug
  JOIN room_types r ON r.id = b.room_type_id";

/// A stored booking, plus its row id and room type id for updates.
pub struct StoredBooking {
    pub id: i64,
    pub room_type_id: i64,
    pub booking: Booking,
}

fn booking_from(r: &SqliteRow) -> Result<StoredBooking, sqlx::Error> {
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let date = |col: &str| {
        NaiveDate::parse_from_str(&r.get::<String, _>(col), "%Y-%m-%d")
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))
    };
    let policies: app::model::Policies =
        serde_json::from_str(&r.get::<String, _>("policies")).map_err(decode)?;
    let status: String = r.get("status");
    Ok(StoredBooking {
        id: r.get("id"),
        room_type_id: r.get("room_type_id"),
        booking: Booking {
            reference: r.get("reference"),
            status: BookingStatus::parse(&status).unwrap_or(BookingStatus::Cancelled),
            hotel_slug: r.get("hotel_slug"),
            hotel_name: r.get("hotel_name"),
            city_name: r.get("city_name"),
            address: r.get("address"),
            time_zone: r.get("time_zone"),
            check_in_time: policies.check_in_time,
            check_out_time: policies.check_out_time,
            room_type_slug: r.get("room_type_slug"),
            room_type_name: r.get("room_type_name"),
            check_in: date("check_in")?,
            check_out: date("check_out")?,
            guests: r.get::<i64, _>("guests") as u32,
            guest: GuestDetails {
                name: r.get("guest_name"),
                email: r.get("guest_email"),
                phone: r.get("guest_phone"),
            },
            special_requests: r.get("special_requests"),
            price: serde_json::from_str(&r.get::<String, _>("price")).map_err(decode)?,
            created_at: parse_ts(&r.get::<String, _>("created_at")).unwrap_or_default(),
            cancelled_at: r
                .get::<Option<String>, _>("cancelled_at")
                .as_deref()
                .and_then(parse_ts),
            cancel_deadline: r
                .get::<Option<String>, _>("cancel_deadline")
                .as_deref()
                .and_then(parse_ts),
            cancel_deadline_local: None,
            can_cancel: false,
            upcoming: false,
        },
    })
}

pub async fn by_reference(
    db: &Db,
    customer_id: i64,
    reference: &str,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.reference = ? AND b.customer_id = ?");
    let row = sqlx::query(&sql)
        .bind(reference)
        .bind(customer_id)
        .fetch_optional(db)
        .await?;
    row.as_ref().map(booking_from).transpose()
}

pub async fn by_reference_tx(
    tx: &mut Tx,
    customer_id: i64,
    reference: &str,
) -> Result<Option<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.reference = ? AND b.customer_id = ?");
    let row = sqlx::query(&sql)
        .bind(reference)
        .bind(customer_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.as_ref().map(booking_from).transpose()
}

pub async fn for_customer(db: &Db, customer_id: i64) -> Result<Vec<StoredBooking>, sqlx::Error> {
    let sql = format!("{BOOKING_SELECT} WHERE b.customer_id = ? ORDER BY b.check_in, b.id");
    let rows = sqlx::query(&sql).bind(customer_id).fetch_all(db).await?;
    rows.iter().map(booking_from).collect()
}

/// Nightly inventory states used to price the stay inside the booking transaction.
pub async fn night_states(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<std::collections::HashMap<NaiveDate, crate::hotels::pricing::NightState>, sqlx::Error> {
    let rows = sqlx::query("SELECT night, allotment, sold, rate_minor, closed FROM inventory WHERE room_type_id = ? AND night >= ? AND night < ?")
        .bind(room_type_id)
        .bind(from.to_string())
        .bind(to.to_string())
        .fetch_all(&mut **tx)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| {
            let night = NaiveDate::parse_from_str(&r.get::<String, _>("night"), "%Y-%m-%d").ok()?;
            Some((
                night,
                crate::hotels::pricing::NightState {
                    allotment: Some(r.get("allotment")),
                    sold: r.get("sold"),
                    rate_minor: r.get("rate_minor"),
                    closed: r.get::<i64, _>("closed") != 0,
                },
            ))
        })
        .collect())
}
