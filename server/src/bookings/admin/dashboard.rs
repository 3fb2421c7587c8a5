//! One hotel at a glance: occupancy of the next 30 nights, revenue, bookings and cancellations
//! per day over the last 30 days, and today's arrivals and departures.
use std::collections::HashMap;

use app::model::*;
use chrono::{DateTime, Duration, NaiveDate};
use chrono_tz::Tz;

use super::store;
use crate::error::{Result, internal};
use crate::hotels::admin::store as hotels;
use crate::hotels::scope::Admin;
use crate::inventory::store as inventory;
use crate::state::App;
use crate::store::Db;

pub const DAYS: i64 = 30;

pub async fn get(app: &App, admin: &Admin, slug: &str) -> Result<Dashboard> {
    let db = &app.db;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let (hotel_id, hotel_name, currency) = (hotel.id, hotel.name.clone(), hotel.currency.clone());
    let tz: Tz = hotel.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let now = app.clock.now();
    let today = now.with_timezone(&tz).date_naive();
    let end = today + Duration::days(DAYS);
    let occupancy = occupancy(db, hotel_id, today, end)
        .await
        .map_err(internal("cannot read occupancy"))?;
    let (sold, rooms) = occupancy.iter().fold((0u64, 0u64), |(s, r), n| {
        (s + u64::from(n.sold), r + u64::from(n.rooms))
    });
    let occupancy_bp = (sold * 10_000).checked_div(rooms).unwrap_or(0) as u32;

    let since = now - Duration::days(DAYS + 1);
    let rows = store::recent(db, hotel_id, since, today - Duration::days(1))
        .await
        .map_err(internal("cannot read bookings"))?;

    let first_day = today - Duration::days(DAYS - 1);
    let mut per_day: Vec<DayCount> = first_day
        .iter_days()
        .take(DAYS as usize)
        .map(|day| DayCount {
            day,
            bookings: 0,
            cancellations: 0,
        })
        .collect();
    let index: HashMap<NaiveDate, usize> = per_day
        .iter()
        .enumerate()
        .map(|(i, d)| (d.day, i))
        .collect();
    let local = |t: DateTime<chrono::Utc>| t.with_timezone(&tz).date_naive();
    let (mut revenue_booked, mut revenue_on_books) = (0i64, 0i64);
    let (mut arrivals, mut departures, mut in_house) = (0u32, 0u32, 0u32);
    for r in &rows {
        let confirmed = r.status() == BookingStatus::Confirmed;
        if let Some(&i) = index.get(&local(r.created_at)) {
            per_day[i].bookings += 1;
            if confirmed {
                revenue_booked += r.price().total_minor;
            }
        }
        if let Some(&i) = r.cancelled_at().and_then(|t| index.get(&local(t))) {
            per_day[i].cancellations += 1;
        }
        if !confirmed {
            continue;
        }
        revenue_on_books += r
            .price()
            .nights
            .iter()
            .filter(|n| n.night >= today && n.night < end)
            .map(|n| n.rate_minor)
            .sum::<i64>();
        if r.check_in == today && r.arrival() != "no_show" {
            arrivals += 1;
        }
        if r.check_out == today && r.arrival() != "no_show" {
            departures += 1;
        }
        if r.arrival() == "checked_in" {
            in_house += 1;
        }
    }
    Ok(Dashboard {
        hotel_slug: slug.to_owned(),
        hotel_name,
        currency,
        today,
        occupancy,
        occupancy_bp,
        revenue_booked_minor: revenue_booked,
        revenue_on_books_minor: revenue_on_books,
        bookings_30d: per_day.iter().map(|d| d.bookings).sum(),
        cancellations_30d: per_day.iter().map(|d| d.cancellations).sum(),
        per_day,
        arrivals_today: arrivals,
        departures_today: departures,
        in_house,
    })
}

/// Rooms sold and rooms for sale per night over `[from, to)`, across room types on sale. A night
/// without an inventory row has every room free; a closed night offers only what it has sold.
async fn occupancy(
    db: &Db,
    hotel_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> std::result::Result<Vec<NightOccupancy>, sqlx::Error> {
    let rooms: Vec<(i64, i32)> = hotels::rooms(db, hotel_id)
        .await?
        .iter()
        .filter(|r| !r.view().retired)
        .map(|r| (r.id, r.view().total_rooms as i32))
        .collect();
    let ids: Vec<i64> = rooms.iter().map(|r| r.0).collect();
    let inv = inventory::nights(db.into(), &ids, from, to).await?;
    Ok(from
        .iter_days()
        .take_while(|d| *d < to)
        .map(|night| {
            let (mut sold, mut total) = (0u32, 0u32);
            for (id, rooms) in &rooms {
                let state = inv
                    .get(id)
                    .and_then(|m| m.get(&night))
                    .copied()
                    .unwrap_or_default();
                let s = state.sold.max(0) as u32;
                let offered = if state.closed {
                    s
                } else {
                    state.allotment.unwrap_or(i64::from(*rooms)).max(0) as u32
                };
                sold += s;
                total += offered.max(s);
            }
            NightOccupancy {
                night,
                sold,
                rooms: total,
            }
        })
        .collect())
}
