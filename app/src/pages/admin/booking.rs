//! `/admin/bookings/{reference}`: one booking as the hotel sees it, with the front-desk
//! actions the booking's state allows right now.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::bookings_api::{BookingData, load_booking};
use super::bookings_common::{StatusBadges, bookings_href, guests_label, long_date};
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::layout::{FlashBanner, Loading};
use crate::components::price::{PriceBreakdown, nights_label};
use crate::model::{AdminBooking, AppError, Arrival, Booking, BookingStatus};
use crate::url::url_encode;

/// The booking of the current `:reference`, for the detail page and its confirmation steps.
pub(super) fn booking_resource() -> Resource<Result<BookingData, AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| p.get("reference").unwrap_or_default()),
        load_booking,
    )
}

#[component]
pub fn AdminBookingPage() -> impl IntoView {
    let data = booking_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Detail page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The action buttons, primary (arrival and departure) first; the destructive ones go through
/// a confirmation page.
#[component]
fn Actions(reference: String, actions: Vec<String>) -> impl IntoView {
    let base = format!("/admin/bookings/{}", url_encode(&reference));
    let has = |a: &str| actions.iter().any(|x| x == a);
    let post = |path: &str, label: &'static str| {
        view! {
            <form method="post" action=format!("{base}/{path}") class="inline">
                <button type="submit" class="btn btn-primary">{label}</button>
            </form>
        }
    };
    if actions.is_empty() {
        return view! { <p class="muted small">"No front-desk actions are open for this booking now."</p> }.into_any();
    }
    view! {
        <div class="desk-actions">
            {has("check_in").then(|| post("check-in", "Check in"))}
            {has("check_out").then(|| post("check-out", "Check out"))}
            {has("no_show").then(|| view! { <a class="btn btn-danger-outline" href=format!("{base}/no-show")>"Mark no-show"</a> })}
            {has("cancel").then(|| view! { <a class="btn btn-danger-outline" href=format!("{base}/cancel")>"Cancel booking"</a> })}
        </div>
    }
    .into_any()
}

fn policy(b: &Booking) -> String {
    match (&b.cancel_deadline_local, b.can_cancel) {
        (None, _) => "No free cancellation: the guest can't cancel online.".to_owned(),
        (Some(d), true) => format!("The guest may cancel free of charge until {d} (hotel time)."),
        (Some(d), false) => format!("The guest's free cancellation ended {d} (hotel time)."),
    }
}

/// When the front desk last changed the guest's state, in words.
fn desk_line(a: &AdminBooking) -> String {
    let when = a
        .arrival_local
        .as_ref()
        .map(|t| format!(" at {t} (hotel time)"))
        .unwrap_or_default();
    match a.arrival {
        Arrival::Expected => "Not arrived yet".to_owned(),
        other => format!("{}{when}", other.label()),
    }
}

#[component]
fn Detail(page: BookingData) -> impl IntoView {
    let BookingData { booking: a, flash } = page;
    let b = a.booking.clone();
    let cancelled = b.status == BookingStatus::Cancelled;
    let cancelled_line = a.cancelled_local.clone().map(|t| {
        let by = match a.cancelled_by.as_deref() {
            Some("hotel") => " by the hotel",
            Some("guest") => " by the guest",
            _ => "",
        };
        format!("{t} (hotel time){by}")
    });
    let phone = b.guest.phone.clone().filter(|p| !p.trim().is_empty());
    let tel = phone.as_ref().map(|p| {
        format!(
            "tel:{}",
            p.chars().filter(|c| !c.is_whitespace()).collect::<String>()
        )
    });
    let back = bookings_href(&[("hotel", &b.hotel_slug)]);
    view! {
        <Title text=format!("Booking {}", b.reference) />
        <AdminShell section=AdminSection::Bookings hotel=b.hotel_slug.clone()>
            <p class="bk-crumbs small"><a href=back>"← Bookings at "{b.hotel_name.clone()}</a></p>
            <FlashBanner flash />
            <div class="bk-head">
                <h1>"Booking "<span data-testid="reference">{b.reference.clone()}</span></h1>
                <StatusBadges status=b.status arrival=a.arrival />
            </div>
            <p class="lead">{format!("{} · {} · {}", b.guest.name, b.room_type_name, stay_summary(&b))}</p>
            <Actions reference=b.reference.clone() actions=a.actions.clone() />
            <div class="detail-grid">
                <section class="card" aria-labelledby="h-guest">
                    <h2 id="h-guest">"Guest"</h2>
                    <dl class="facts">
                        <dt>"Name"</dt><dd>{b.guest.name.clone()}</dd>
                        <dt>"Email"</dt><dd><a href=format!("mailto:{}", b.guest.email)>{b.guest.email.clone()}</a></dd>
                        <dt>"Phone"</dt>
                        <dd>{match (phone, tel) {
                            (Some(p), Some(t)) => view! { <a href=t>{p}</a> }.into_any(),
                            _ => view! { <span class="muted">"Not given"</span> }.into_any(),
                        }}</dd>
                        <dt>"Requests"</dt>
                        <dd>{match b.special_requests.clone().filter(|r| !r.trim().is_empty()) {
                            Some(r) => view! { <span class="requests">{r}</span> }.into_any(),
                            None => view! { <span class="muted">"None"</span> }.into_any(),
                        }}</dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="h-stay">
                    <h2 id="h-stay">"Stay"</h2>
                    <dl class="facts">
                        <dt>"Hotel"</dt><dd><a href=format!("/admin/hotels/{}/dashboard", b.hotel_slug)>{b.hotel_name.clone()}</a></dd>
                        <dt>"Room type"</dt><dd>{b.room_type_name.clone()}</dd>
                        <dt>"Check-in"</dt><dd>{format!("{} from {}", long_date(b.check_in), b.check_in_time)}</dd>
                        <dt>"Check-out"</dt><dd>{format!("{} until {}", long_date(b.check_out), b.check_out_time)}</dd>
                        <dt>"Guests"</dt><dd>{format!("{} · {}", guests_label(b.guests), nights_label(b.nights()))}</dd>
                        <dt>"Front desk"</dt><dd>{desk_line(&a)}</dd>
                    </dl>
                </section>
                <section class="card" aria-labelledby="h-price">
                    <h2 id="h-price">"Price"</h2>
                    <PriceBreakdown quote=b.price.clone() open=true />
                </section>
                <section class="card" aria-labelledby="h-history">
                    <h2 id="h-history">"Cancellation and history"</h2>
                    <dl class="facts">
                        <dt>"Policy"</dt><dd>{if cancelled { "—".to_owned() } else { policy(&b) }}</dd>
                        <dt>"Booked"</dt><dd>{format!("{} (hotel time)", a.booked_local)}</dd>
                        {cancelled_line.map(|c| view! { <dt>"Cancelled"</dt><dd>{c}</dd> })}
                    </dl>
                </section>
            </div>
        </AdminShell>
    }
}

pub(super) fn stay_summary(b: &Booking) -> String {
    format!(
        "{} – {} ({})",
        b.check_in.format("%a %-d %b"),
        long_date(b.check_out),
        nights_label(b.nights())
    )
}
