//! The rates and availability calendar of one room type: price, rooms for sale and closed
//! nights, never fewer rooms than already sold (the nights themselves are the inventory's).
use std::collections::HashMap;

use app::model::*;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use super::input::MAX_NIGHTS;
use super::store;
use crate::checked::Parsed;
use crate::error::{Error, Result, RoomsField, Rule, Thing, internal};
use crate::hotels::pricing::base_rate;
use crate::hotels::scope::Admin;
use crate::inventory::{NightsChange, store as inventory};
use crate::state::App;
use crate::store::{Db, TxFail, begin_write, db_fail, retrying};

/// Nights shown when no range is asked for: six weeks.
pub const DEFAULT_NIGHTS: u32 = 42;
/// How far from today the calendar reaches, either way (about three years).
const HORIZON_DAYS: i64 = 3 * 366;

async fn room(db: &Db, hotel_id: i64, slug: &str) -> Result<store::RoomRow> {
    store::room(db, hotel_id, slug)
        .await
        .map_err(internal("cannot read room type"))?
        .ok_or(Error::NotFound(Thing::RoomType))
}

pub async fn get(
    app: &App,
    admin: &Admin,
    slug: &str,
    room_slug: &str,
    from: Option<NaiveDate>,
    nights: Option<u32>,
) -> Result<Calendar> {
    let db = &app.db;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let room = room(db, hotel.id, room_slug).await?;
    let today = app.clock.today_in(&hotel.time_zone);
    let nights = i64::from(nights.unwrap_or(DEFAULT_NIGHTS));
    if !(1..=MAX_NIGHTS).contains(&nights) {
        return Err(FieldErrors::one("nights", "Show 1 to 366 nights at a time.").into());
    }
    let from = from.unwrap_or(today);
    if (from - today).num_days().abs() > HORIZON_DAYS {
        return Err(Rule::CalendarTooFar.into());
    }
    let to = from + Duration::days(nights);
    let inv = inventory::nights(db.into(), &[room.id], from, to)
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

/// Applies the change to every night of the range in one transaction: all or nothing.
pub async fn change(
    app: &App,
    admin: &Admin,
    slug: &str,
    room_slug: &str,
    c: Parsed<CalendarChange>,
) -> Result<Calendar> {
    let db = &app.db;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let room = room(db, hotel.id, room_slug).await?;
    let c = c?;
    let today = app.clock.today_in(&hotel.time_zone);
    if c.first_night < today {
        return Err(Rule::PastNights.into());
    }
    if (c.first_night - today).num_days() > HORIZON_DAYS {
        return Err(Rule::NightsTooFar.into());
    }
    let (id, total) = (room.id, room.view().total_rooms as i32);
    let nights = NightsChange {
        rooms: c.rooms,
        rate_minor: c.rate_minor,
        reset_rate: c.reset_rate,
        closed: c.closed,
    };
    let range = (c.first_night, c.last_night);
    retrying(|| apply(db, id, total, range, &nights)).await?;
    tracing::info!(hotel = %slug, room_type = %room_slug, first = %c.first_night, last = %c.last_night,
        rate = ?c.rate_minor, reset = c.reset_rate, rooms = ?c.rooms, closed = ?c.closed, "calendar changed");
    let shown = (c.last_night - c.first_night).num_days() as u32 + 1;
    let shown = shown.max(DEFAULT_NIGHTS).min(MAX_NIGHTS as u32);
    get(
        app,
        admin,
        slug,
        room_slug,
        Some(c.first_night),
        Some(shown),
    )
    .await
}

async fn apply(
    db: &Db,
    id: i64,
    total: i32,
    (first, last): (NaiveDate, NaiveDate),
    c: &NightsChange,
) -> std::result::Result<(), TxFail> {
    let mut tx = begin_write(db)
        .await
        .map_err(db_fail("cannot begin calendar change"))?;
    inventory::ensure(&mut tx, id, first, last + Duration::days(1), total)
        .await
        .map_err(db_fail("cannot create inventory rows"))?;
    if let Some(rooms) = c.rooms {
        inventory::lock(&mut tx, id, first, Some(last))
            .await
            .map_err(db_fail("cannot lock nights"))?;
        let over = inventory::oversold(&mut tx, id, first, last, rooms)
            .await
            .map_err(db_fail("cannot read sold rooms"))?;
        if let Some((night, sold)) = over.first() {
            return Err(Rule::RoomsSold {
                night: *night,
                sold: (*sold).max(0) as u32,
                more: over.len() - 1,
                field: RoomsField::CalendarRooms,
            }
            .into());
        }
    }
    inventory::change(&mut tx, id, (first, last), c)
        .await
        .map_err(db_fail("cannot change nights"))?;
    tx.commit()
        .await
        .map_err(db_fail("cannot commit calendar change"))?;
    Ok(())
}
