//! Pieces the bookings part's pages share: status badges, dates and links into the filtered
//! bookings list.
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::model::{AdminBookingRow, Arrival, BookingStatus};
use crate::url::url_encode;

/// The booking's status, and for a confirmed one the front desk's record of the guest.
#[component]
pub fn StatusBadges(status: BookingStatus, arrival: Arrival) -> impl IntoView {
    let desk = (status == BookingStatus::Confirmed).then(|| {
        view! { <span class=format!("desk desk-{}", arrival.as_str())>{arrival.label()}</span> }
    });
    let label = match status {
        BookingStatus::Confirmed => "Confirmed",
        BookingStatus::Cancelled => "Cancelled",
    };
    view! {
        <span class="badges">
            <span class=format!("status status-{}", status.as_str())>{label}</span>
            {desk}
        </span>
    }
}

pub fn short_date(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

pub fn long_date(d: NaiveDate) -> String {
    d.format("%a %-d %b %Y").to_string()
}

pub fn nights_between(a: NaiveDate, b: NaiveDate) -> u32 {
    (b - a).num_days().max(0) as u32
}

/// "Mon 3 Mar – Thu 6 Mar 2025" for a stay.
pub fn stay_dates(check_in: NaiveDate, check_out: NaiveDate) -> String {
    format!("{} – {}", short_date(check_in), long_date(check_out))
}

/// The bookings list narrowed by `pairs` (empty values left out).
pub fn bookings_href(pairs: &[(&str, &str)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", url_encode(v)))
        .collect();
    if query.is_empty() {
        "/admin/bookings".to_owned()
    } else {
        format!("/admin/bookings?{}", query.join("&"))
    }
}

pub fn guests_label(n: u32) -> String {
    if n == 1 {
        "1 guest".to_owned()
    } else {
        format!("{n} guests")
    }
}

pub fn booking_href(reference: &str) -> String {
    format!("/admin/bookings/{}", url_encode(reference))
}

/// The one front-desk step a row of today's arrivals or departures can take from a list, if any.
pub fn quick_action(
    row: &AdminBookingRow,
    departures: bool,
) -> Option<(&'static str, &'static str)> {
    if row.status != BookingStatus::Confirmed {
        return None;
    }
    match (departures, row.arrival) {
        (false, Arrival::Expected) => Some(("check-in", "Check in")),
        (true, Arrival::CheckedIn) => Some(("check-out", "Check out")),
        _ => None,
    }
}
