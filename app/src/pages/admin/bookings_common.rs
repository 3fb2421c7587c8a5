//! Pieces the bookings part's pages share: the signed-out and no-access states, status
//! badges, dates and links into the filtered bookings list.
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::layout::ErrorPage;
use crate::model::{AdminBookingRow, AppError, Arrival, BookingStatus};
use crate::pages::url_encode;

/// What an admin page shows when its data could not load. Signed out: a sign-in prompt that
/// comes back here (a link, so it works without JavaScript); a guest: no access; else the
/// usual error page (404 for a hotel or booking outside the admin's scope).
#[component]
pub fn AdminError(error: AppError) -> impl IntoView {
    match error {
        AppError::Unauthorized => {
            let location = use_location();
            // The router's `search` has no leading `?`.
            let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if search.is_empty() { path } else { format!("{path}?{search}") };
            let href = format!("/signin?next={}", url_encode(&here));
            view! {
                <leptos_meta::Title text="Please sign in" />
                <section class="wrap narrow empty-state">
                    <h1>"Please sign in"</h1>
                    <p>"Sign in with your hotel admin account to see this page."</p>
                    <a class="btn btn-primary" href=href>"Sign in"</a>
                </section>
            }
            .into_any()
        }
        AppError::Forbidden => view! {
            <leptos_meta::Title text="No access" />
            <section class="wrap narrow empty-state">
                <h1>"You don't have access"</h1>
                <p>"This part of Vision Stays is for hotel staff. Ask your hotel's administrator to add you."</p>
                <a class="btn" href="/">"Back to the home page"</a>
            </section>
        }
        .into_any(),
        other => view! { <ErrorPage error=other /> }.into_any(),
    }
}

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
