//! The rates and availability calendar of one room type: price, rooms for sale and closed
//! nights, never fewer rooms than already sold.
use std::collections::HashMap;

use app::model::*;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::input::MAX_RATE_MINOR;
use super::service::scoped;
use super::store;
use crate::hotels::pricing::base_rate;
use crate::hotels::service::today_in;
use crate::hotels::store::inventory;
use crate::store::{Db, Tx, TxFail, begin_write, db_fail, internal, on_tx, retrying};

/// Nights shown when no range is asked for: six weeks.
pub const DEFAULT_NIGHTS: u32 = 42;
/// The longest range one request reads or changes.
pub const MAX_NIGHTS: i64 = 366;
/// How far from today the calendar reaches, either way (about three years).
const HORIZON_DAYS: i64 = 3 * 366;

pub async fn get(
    db: &Db,
    caller: &Customer,
    slug: &str,
    room_slug: &str,
    from: Option<NaiveDate>,
    nights: Option<u32>,
) -> Result<Calendar, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let room = store::room(db, hotel.id, room_slug)
        .await
        .map_err(internal("cannot read room type"))?
        .ok_or_else(|| AppError::not_found("Room type"))?;
    let today = today_in(&hotel.time_zone);
    let nights = i64::from(nights.unwrap_or(DEFAULT_NIGHTS));
    if !(1..=MAX_NIGHTS).contains(&nights) {
        return Err(AppError::invalid(
            "nights",
            "Show 1 to 366 nights at a time.",
        ));
    }
    let from = from.unwrap_or(today);
    if (from - today).num_days().abs() > HORIZON_DAYS {
        return Err(AppError::invalid(
            "from",
            "Show nights within three years of today.",
        ));
    }
    let to = from + Duration::days(nights);
    let inv = inventory(db, &[room.id], from, to)
        .await
        .map_err(internal("cannot read inventory"))?;
    let empty = HashMap::new();
    let rows = inv.get(&room.id).unwrap_or(&empty);
    let rates = room.rates();
    let list = from
        .iter_days()
        .take_while(|d| *d < to)
        .map(|night| {
            let s = rows.get(&night).copied().unwrap_or_default();
            CalendarNight {
                night,
                rate_minor: s.rate_minor.unwrap_or_else(|| base_rate(&rates, night)),
                rate_override: s.rate_minor.is_some(),
                allotment: s.allotment.unwrap_or(rates.total_rooms).max(0) as u32,
                sold: s.sold.max(0) as u32,
                closed: s.closed,
                weekend: matches!(night.weekday(), Weekday::Fri | Weekday::Sat),
            }
        })
        .collect();
    Ok(Calendar {
        hotel_slug: hotel.slug.clone(),
        hotel_name: hotel.name.clone(),
        room_type: room.view(),
        currency: hotel.currency.clone(),
        from,
        to,
        today,
        nights: list,
    })
}

fn validate(c: &CalendarChange, today: NaiveDate) -> Result<(), AppError> {
    let mut e = FieldErrors::default();
    if c.first_night < today {
        e.add(
            "first_night",
            "Past nights cannot change: start today or later.",
        );
    }
    if (c.first_night - today).num_days() > HORIZON_DAYS {
        e.add("first_night", "Plan at most three years ahead.");
    }
    if c.last_night < c.first_night {
        e.add(
            "last_night",
            "The last night must be on or after the first night.",
        );
    } else if (c.last_night - c.first_night).num_days() >= MAX_NIGHTS {
        e.add("last_night", "Change at most 366 nights at a time.");
    }
    if let Some(rate) = c.rate_minor
        && !(1..=MAX_RATE_MINOR).contains(&rate)
    {
        e.add("rate_minor", "Enter a price above zero.");
    }
    if c.rate_minor.is_some() && c.reset_rate {
        e.add(
            "rate_minor",
            "Either set a price or go back to the base rates, not both.",
        );
    }
    if c.rooms.is_some_and(|r| r > 1000) {
        e.add("rooms", "Enter 0 to 1,000 rooms.");
    }
    if c.rate_minor.is_none() && !c.reset_rate && c.rooms.is_none() && c.closed.is_none() {
        e.add(
            "rate_minor",
            "Choose what to change: a price, the rooms for sale, or open/close.",
        );
    }
    e.into_result()
}

/// Applies the change to every night of the range in one transaction: all or nothing.
pub async fn change(
    db: &Db,
    caller: &Customer,
    slug: &str,
    room_slug: &str,
    c: CalendarChange,
) -> Result<Calendar, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let room = store::room(db, hotel.id, room_slug)
        .await
        .map_err(internal("cannot read room type"))?
        .ok_or_else(|| AppError::not_found("Room type"))?;
    validate(&c, today_in(&hotel.time_zone))?;
    let (id, total) = (room.id, room.view().total_rooms as i32);
    retrying(|| apply(db, id, total, &c)).await?;
    tracing::info!(hotel = %slug, room_type = %room_slug, first = %c.first_night, last = %c.last_night,
        rate = ?c.rate_minor, reset = c.reset_rate, rooms = ?c.rooms, closed = ?c.closed, "calendar changed");
    let nights = (c.last_night - c.first_night).num_days() as u32 + 1;
    get(
        db,
        caller,
        slug,
        room_slug,
        Some(c.first_night),
        Some(nights.max(DEFAULT_NIGHTS).min(MAX_NIGHTS as u32)),
    )
    .await
}

/// On PostgreSQL, holds the nights' rows so no booking sells one between checking `sold` and
/// lowering the rooms for sale (the booking waits, then sees the new number). SQLite's write
/// transaction already excludes every other writer.
pub(super) async fn lock_nights(
    tx: &mut Tx,
    room_type_id: i64,
    first: NaiveDate,
    last: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        let sql = "SELECT night FROM inventory WHERE room_type_id = $1 AND night >= $2
                   AND night <= COALESCE($3, night) FOR UPDATE";
        sqlx::query(sql)
            .bind(room_type_id)
            .bind(first)
            .bind(last)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

async fn apply(db: &Db, id: i64, total: i32, c: &CalendarChange) -> Result<(), TxFail> {
    let mut tx = begin_write(db)
        .await
        .map_err(db_fail("cannot begin calendar change"))?;
    let (first, last) = (c.first_night, c.last_night);
    ensure_rows(&mut tx, id, first, last, total)
        .await
        .map_err(db_fail("cannot create inventory rows"))?;
    if let Some(rooms) = c.rooms {
        lock_nights(&mut tx, id, first, Some(last))
            .await
            .map_err(db_fail("cannot lock nights"))?;
        let sql = "SELECT night, sold FROM inventory WHERE room_type_id = $1 AND night >= $2 AND night <= $3 AND sold > $4 ORDER BY night";
        let over: Vec<(NaiveDate, i32)> = on_tx!(&mut tx, |t| sqlx::query_as(sql)
            .bind(id)
            .bind(first)
            .bind(last)
            .bind(rooms as i32)
            .fetch_all(t)
            .await)
        .map_err(db_fail("cannot read sold rooms"))?;
        if let Some((night, sold)) = over.first() {
            let more = if over.len() > 1 {
                format!(" (and {} more nights)", over.len() - 1)
            } else {
                String::new()
            };
            return Err(AppError::invalid(
                "rooms",
                &format!(
                    "{sold} rooms are already sold on {}{more}: offer at least {sold}.",
                    night.format("%a %-d %b %Y")
                ),
            )
            .into());
        }
    }
    // Unset parts of the change keep what each night has.
    let sql = "UPDATE inventory SET allotment = COALESCE($4, allotment),
                 rate_minor = CASE WHEN $5 THEN NULL ELSE COALESCE($6, rate_minor) END,
                 closed = COALESCE($7, closed)
               WHERE room_type_id = $1 AND night >= $2 AND night <= $3";
    on_tx!(&mut tx, |t| sqlx::query(sql)
        .bind(id)
        .bind(first)
        .bind(last)
        .bind(c.rooms.map(|r| r as i32))
        .bind(c.reset_rate)
        .bind(c.rate_minor)
        .bind(c.closed)
        .execute(t)
        .await
        .map(|_| ()))
    .map_err(db_fail("cannot change nights"))?;
    tx.commit()
        .await
        .map_err(db_fail("cannot commit calendar change"))?;
    Ok(())
}

/// Inventory rows exist for every night of the range (nothing sold on new ones).
async fn ensure_rows(
    tx: &mut Tx,
    id: i64,
    first: NaiveDate,
    last: NaiveDate,
    total: i32,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO inventory (room_type_id, night, allotment, sold) VALUES ($1, $2, $3, 0) ON CONFLICT (room_type_id, night) DO NOTHING";
    for night in first.iter_days().take_while(|d| *d <= last) {
        on_tx!(tx, |t| sqlx::query(sql)
            .bind(id)
            .bind(night)
            .bind(total)
            .execute(t)
            .await
            .map(|_| ()))?;
    }
    Ok(())
}
