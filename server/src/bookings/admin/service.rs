//! Rules for the hotel's side of bookings: what an admin may see, filter and do at the desk.
use app::model::*;
use chrono::{DateTime, NaiveDate, Utc};

use super::filter::{Filter, Today};
use super::store::{self, Where};
use crate::bookings::events::{self, Change};
use crate::bookings::reference::normalize;
use crate::bookings::row::BookingRow;
use crate::bookings::service::{cancel_as, labels};
use crate::bookings::store as bookings;
use crate::checked::Checked;
use crate::error::{DeskAction, Error, Party, Result, Rule, Thing, internal};
use crate::hotels::scope::Admin;
use crate::hotels::store as hotels;
use crate::inventory::store as inventory;
use crate::state::App;
use crate::store::{Conn, begin_write};

pub const PER_PAGE: u32 = 50;

/// Each hotel in scope (or only `only`) with its own "today".
async fn hotel_days(app: &App, admin: &Admin, only: Option<i64>) -> Result<Vec<(i64, NaiveDate)>> {
    let rows = hotels::time_zones(&app.db)
        .await
        .map_err(internal("cannot read hotels"))?;
    Ok(rows
        .into_iter()
        .filter(|(id, _)| admin.scope.allows(*id) && only.is_none_or(|o| o == *id))
        .map(|(id, tz)| (id, app.clock.today_in(&tz)))
        .collect())
}

pub async fn list(app: &App, admin: &Admin, f: Checked<Filter>) -> Result<AdminBookingList> {
    let db = &app.db;
    let mut w = Where::default();
    let mut only = None;
    if let Some(slug) = &f.hotel {
        let (hotel, _) = admin.hotel(db, slug).await?;
        w.hotels(&[hotel.id]);
        only = Some(hotel.id);
    } else if let Some(ids) = admin.scope.hotel_ids() {
        w.hotels(ids);
    }
    if let Some(d) = f.from {
        w.from(d);
    }
    if let Some(d) = f.to {
        w.to(d);
    }
    if let Some(s) = &f.status {
        w.status(s);
    }
    if let Some(t) = f.today {
        let days = hotel_days(app, admin, only).await?;
        match t {
            Today::Arrivals => w.per_hotel(&days, |d| {
                format!("b.check_in = '{d}' AND b.status = 'confirmed'")
            }),
            Today::Departures => w.per_hotel(&days, |d| {
                format!("b.check_out = '{d}' AND b.status = 'confirmed' AND b.arrival <> 'no_show'")
            }),
            Today::InHouse => w.raw("b.status = 'confirmed' AND b.arrival = 'checked_in'"),
        }
    }
    let offset = i64::from(f.page - 1) * i64::from(PER_PAGE);
    let (rows, total) = store::list(db, &w, &f.q, i64::from(PER_PAGE), offset)
        .await
        .map_err(internal("cannot list bookings"))?;
    let labels = labels(db.into(), &rows.iter().collect::<Vec<_>>()).await?;
    let bookings = rows
        .iter()
        .map(|r| {
            let (hotel, room) = (
                &labels.hotels.get(&r.hotel_id),
                &labels.rooms.get(&r.room_type_id),
            );
            AdminBookingRow {
                reference: r.reference.clone(),
                hotel_slug: hotel.map(|h| h.slug.clone()).unwrap_or_default(),
                hotel_name: hotel.map(|h| h.name.clone()).unwrap_or_default(),
                room_type_name: room.map(|r| r.name.clone()).unwrap_or_default(),
                guest_name: r.guest().name,
                guest_email: r.guest().email,
                check_in: r.check_in,
                check_out: r.check_out,
                guests: r.guests(),
                status: r.status(),
                arrival: Arrival::parse(r.arrival()).unwrap_or_default(),
                total_minor: r.price().total_minor,
                currency: r.price().currency.clone(),
                created_at: r.created_at,
            }
        })
        .collect();
    Ok(AdminBookingList {
        bookings,
        page: f.page,
        per_page: PER_PAGE,
        total,
    })
}

/// The actions the desk may take now, in the hotel's calendar.
fn actions(b: &Booking, arrival: Arrival, today: NaiveDate) -> Vec<String> {
    let mut list = Vec::new();
    if b.status != BookingStatus::Confirmed {
        return Vec::new();
    }
    match arrival {
        Arrival::Expected => {
            if b.check_in <= today && today < b.check_out {
                list.push(BookingAction::CheckIn);
            }
            if b.check_in <= today {
                list.push(BookingAction::NoShow);
            }
            if today < b.check_out {
                list.push(BookingAction::Cancel);
            }
        }
        Arrival::CheckedIn => list.push(BookingAction::CheckOut),
        Arrival::CheckedOut | Arrival::NoShow => {}
    }
    list.into_iter().map(|a| a.as_str().to_owned()).collect()
}

/// A booking at one of the admin's hotels (404 otherwise, as if absent).
async fn in_scope(app: &App, admin: &Admin, reference: &str) -> Result<BookingRow> {
    let reference = normalize(reference).ok_or(Error::NotFound(Thing::Booking))?;
    bookings::by_reference((&app.db).into(), None, &reference)
        .await
        .map_err(internal("cannot read booking"))?
        .filter(|b| admin.scope.allows(b.hotel_id))
        .ok_or(Error::NotFound(Thing::Booking))
}

pub async fn detail(app: &App, admin: &Admin, reference: &str) -> Result<AdminBooking> {
    let row = in_scope(app, admin, reference).await?;
    let labels = labels((&app.db).into(), &[&row]).await?;
    let booking = row.present(&labels, app.clock.now())?;
    let today = app.clock.today_in(&booking.time_zone);
    let local = |t: DateTime<Utc>| app::model::wall_clock(t, &booking.time_zone);
    let arrival = Arrival::parse(row.arrival()).unwrap_or_default();
    Ok(AdminBooking {
        actions: actions(&booking, arrival, today),
        booked_local: local(booking.created_at),
        cancelled_local: booking.cancelled_at.map(local),
        arrival_local: row.arrival_at.map(local),
        booking,
        arrival,
        arrival_at: row.arrival_at,
        cancelled_by: row.cancelled_by.clone(),
    })
}

/// Cancels, checks in, checks out or marks a no-show, if the booking's state allows it now.
pub async fn act(
    app: &App,
    admin: &Admin,
    reference: &str,
    action: BookingAction,
) -> Result<AdminBooking> {
    let current = detail(app, admin, reference).await?;
    let reference = current.booking.reference.clone();
    if !current.actions.iter().any(|a| a == action.as_str()) {
        let refused = match action {
            BookingAction::CheckIn => DeskAction::CheckIn,
            BookingAction::CheckOut => DeskAction::CheckOut,
            BookingAction::NoShow => DeskAction::NoShow,
            BookingAction::Cancel => DeskAction::Cancel,
        };
        return Err(Rule::DeskRefused(refused).into());
    }
    // Nights from today on that the guest will not use go back on sale.
    let today = app.clock.today_in(&current.booking.time_zone);
    let moved = match action {
        BookingAction::Cancel => {
            cancel_as(app, &reference, Party::Hotel, None).await?;
            1
        }
        BookingAction::CheckIn => {
            let moves = (Arrival::Expected, Arrival::CheckedIn);
            desk(app, &reference, moves, None, Change::CheckedIn).await?
        }
        BookingAction::CheckOut => {
            let moves = (Arrival::CheckedIn, Arrival::CheckedOut);
            let change = Change::CheckedOut { departed: today };
            desk(app, &reference, moves, Some(today), change).await?
        }
        BookingAction::NoShow => {
            let moves = (Arrival::Expected, Arrival::NoShow);
            desk(app, &reference, moves, Some(today), Change::NoShow).await?
        }
    };
    if moved != 1 {
        return Err(Rule::ChangedMeanwhile.into());
    }
    tracing::info!(%reference, action = action.as_str(), by = admin.customer.id, "front desk action");
    detail(app, admin, &reference).await
}

/// Moves the desk's record once (a compare-and-set). With `release_from`, the stay's nights
/// from that night on go back on sale in the same transaction, so a no-show's room or an early
/// departure's nights can be sold again. The move's booking event is recorded in it too.
async fn desk(
    app: &App,
    reference: &str,
    (from, to): (Arrival, Arrival),
    release_from: Option<NaiveDate>,
    change: Change,
) -> Result<u64> {
    let fail = internal("cannot update arrival");
    let mut tx = begin_write(&app.db)
        .await
        .map_err(internal("cannot begin desk action"))?;
    let row = bookings::by_reference(Conn::Tx(&mut tx), None, reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or(Error::NotFound(Thing::Booking))?;
    let moved = store::set_arrival(&mut tx, row.id, from, to, app.clock.now())
        .await
        .map_err(internal("cannot update arrival"))?;
    if moved == 1
        && let Some(first) = release_from
    {
        let first = first.max(row.check_in);
        if first < row.check_out {
            inventory::release(&mut tx, row.room_type_id, first, row.check_out)
                .await
                .map_err(internal("cannot release nights"))?;
        }
    }
    let event = if moved == 1 {
        let booking = crate::bookings::labelled::read(&mut tx, row.id)
            .await
            .map_err(internal("cannot read booking"))?;
        let event = events::write(app, &mut tx, &booking, change)
            .await
            .map_err(internal("cannot record booking event"))?;
        Some(event.event_type)
    } else {
        None
    };
    tx.commit().await.map_err(fail)?;
    if let Some(event) = event {
        app.outbox.wake();
        app.metrics.event_written(event.name());
    }
    Ok(moved)
}
