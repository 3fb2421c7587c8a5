//! Rules for the hotel's side of bookings: what an admin may see, filter and do at the desk.
use app::model::*;
use chrono::{DateTime, NaiveDate, Utc};

use super::store::{self, Where};
use crate::bookings::policy::wall_clock;
use crate::bookings::reference::normalize;
use crate::bookings::service::{Canceller, cancel_as, present};
use crate::bookings::store as bookings;
use crate::customers::admins::{self, Scope};
use crate::hotels::service::today_in;
use crate::state::App;
use crate::store::{Db, internal, on_db};

pub const PER_PAGE: u32 = 50;

/// Each hotel in scope with its own "today".
async fn hotel_days(
    db: &Db,
    scope: &Scope,
    only: Option<i64>,
) -> Result<Vec<(i64, NaiveDate)>, AppError> {
    let rows: Vec<(i64, String)> =
        on_db!(db, |p| sqlx::query_as("SELECT id, time_zone FROM hotels")
            .fetch_all(p)
            .await)
        .map_err(internal("cannot read hotels"))?;
    Ok(rows
        .into_iter()
        .filter(|(id, _)| scope.allows(*id) && only.is_none_or(|o| o == *id))
        .map(|(id, tz)| (id, today_in(&tz)))
        .collect())
}

fn date(errors: &mut FieldErrors, field: &str, text: &Option<String>) -> Option<NaiveDate> {
    let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty())?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => Some(d),
        Err(_) => {
            errors.add(field, "Enter a date as YYYY-MM-DD.");
            None
        }
    }
}

pub async fn list(
    db: &Db,
    caller: &Customer,
    f: &BookingFilter,
) -> Result<AdminBookingList, AppError> {
    let scope = admins::scope(db, caller).await?;
    let mut errors = FieldErrors::default();
    let from = date(&mut errors, "from", &f.from);
    let to = date(&mut errors, "to", &f.to);
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        errors.add("to", "The end date must be on or after the start date.");
    }
    let status = f.status.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(s) = status
        && !matches!(
            s,
            "confirmed" | "cancelled" | "checked_in" | "checked_out" | "no_show" | "expected"
        )
    {
        errors.add(
            "status",
            "Choose confirmed, cancelled, expected, checked_in, checked_out or no_show.",
        );
    }
    let today = f.today.as_deref().map(str::trim).filter(|s| !s.is_empty());
    if let Some(t) = today
        && !matches!(t, "arrivals" | "departures" | "in_house")
    {
        errors.add("today", "Choose arrivals, departures or in_house.");
    }
    let q = f.q.as_deref().unwrap_or_default().trim().to_owned();
    if q.chars().count() > 100 {
        errors.add("q", "Search for at most 100 characters.");
    }
    let page = f.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        errors.add("page", "Pages run from 1 to 10,000.");
    }
    errors.into_result()?;

    let mut w = Where::default();
    let mut only = None;
    if let Some(slug) = f.hotel.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let id = admins::hotel_id(db, &scope, slug).await?;
        w.hotels(&[id]);
        only = Some(id);
    } else if let Some(ids) = scope.hotel_ids() {
        w.hotels(ids);
    }
    if let Some(d) = from {
        w.from(d);
    }
    if let Some(d) = to {
        w.to(d);
    }
    if let Some(s) = status {
        w.status(s);
    }
    if let Some(t) = today {
        let days = hotel_days(db, &scope, only).await?;
        match t {
            "arrivals" => w.per_hotel(&days, |d| {
                format!("b.check_in = '{d}' AND b.status = 'confirmed'")
            }),
            "departures" => w.per_hotel(&days, |d| {
                format!("b.check_out = '{d}' AND b.status = 'confirmed' AND b.arrival <> 'no_show'")
            }),
            _ => w.raw("b.status = 'confirmed' AND b.arrival = 'checked_in'"),
        }
    }
    let offset = i64::from(page - 1) * i64::from(PER_PAGE);
    let (bookings, total) = store::list(db, &w, &q, i64::from(PER_PAGE), offset)
        .await
        .map_err(internal("cannot list bookings"))?;
    Ok(AdminBookingList {
        bookings,
        page,
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

pub async fn detail(db: &Db, caller: &Customer, reference: &str) -> Result<AdminBooking, AppError> {
    let scope = admins::scope(db, caller).await?;
    let reference = normalize(reference).ok_or_else(|| AppError::not_found("Booking"))?;
    let desk = store::desk(db, &reference)
        .await
        .map_err(internal("cannot read booking"))?
        .filter(|d| scope.allows(d.hotel_id))
        .ok_or_else(|| AppError::not_found("Booking"))?;
    let stored = bookings::by_reference_any(db, &reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or_else(|| AppError::not_found("Booking"))?;
    let booking = present(stored, Utc::now());
    let today = today_in(&booking.time_zone);
    let local = |t: DateTime<Utc>| wall_clock(t, &booking.time_zone);
    Ok(AdminBooking {
        actions: actions(&booking, desk.arrival, today),
        booked_local: local(booking.created_at),
        cancelled_local: booking.cancelled_at.map(local),
        arrival_local: desk.arrival_at.map(local),
        booking,
        arrival: desk.arrival,
        arrival_at: desk.arrival_at,
        cancelled_by: desk.cancelled_by,
    })
}

/// Cancels, checks in, checks out or marks a no-show, if the booking's state allows it now.
pub async fn act(
    app: &App,
    caller: &Customer,
    reference: &str,
    action: BookingAction,
) -> Result<AdminBooking, AppError> {
    let db = &app.db;
    let current = detail(db, caller, reference).await?;
    let reference = current.booking.reference.clone();
    if !current.actions.iter().any(|a| a == action.as_str()) {
        let why = match action {
            BookingAction::CheckIn => {
                "Guests can be checked in from the check-in day until check-out, once."
            }
            BookingAction::CheckOut => "Only a checked-in guest can be checked out.",
            BookingAction::NoShow => {
                "A no-show can be recorded from the check-in day, for a guest who has not arrived."
            }
            BookingAction::Cancel => {
                "Only a confirmed booking whose guest has not arrived can be cancelled."
            }
        };
        return Err(AppError::Conflict(why.into()));
    }
    let desk = store::desk(db, &reference)
        .await
        .map_err(internal("cannot read booking"))?
        .ok_or(AppError::Internal)?;
    let now = Utc::now();
    // Nights from today on that the guest will not use go back on sale.
    let today = today_in(&current.booking.time_zone);
    let moved = match action {
        BookingAction::Cancel => {
            cancel_as(app, &reference, Canceller::Hotel).await?;
            Ok(1)
        }
        BookingAction::CheckIn => {
            store::set_arrival(
                db,
                desk.id,
                Arrival::Expected,
                Arrival::CheckedIn,
                now,
                None,
            )
            .await
        }
        BookingAction::CheckOut => {
            let release = Some(today);
            store::set_arrival(
                db,
                desk.id,
                Arrival::CheckedIn,
                Arrival::CheckedOut,
                now,
                release,
            )
            .await
        }
        BookingAction::NoShow => {
            let release = Some(today);
            store::set_arrival(
                db,
                desk.id,
                Arrival::Expected,
                Arrival::NoShow,
                now,
                release,
            )
            .await
        }
    }
    .map_err(internal("cannot update arrival"))?;
    if moved != 1 {
        return Err(AppError::Conflict(
            "This booking was changed at the same time. Please reload.".into(),
        ));
    }
    tracing::info!(%reference, action = action.as_str(), by = caller.id, "front desk action");
    detail(db, caller, &reference).await
}

/// Whether the caller runs this hotel (404 otherwise): for the dashboard.
pub async fn hotel_in_scope(
    db: &Db,
    caller: &Customer,
    slug: &str,
) -> Result<(i64, String, String, String), AppError> {
    let scope = admins::scope(db, caller).await?;
    let row: Option<(i64, String, String, String)> = on_db!(db, |p| sqlx::query_as(
        "SELECT id, name, currency, time_zone FROM hotels WHERE slug = $1"
    )
    .bind(slug)
    .fetch_optional(p)
    .await)
    .map_err(internal("cannot read hotel"))?;
    row.filter(|r| scope.allows(r.0))
        .ok_or_else(|| AppError::not_found("Hotel"))
}
