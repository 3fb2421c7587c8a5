//! A booking's confirmation page, and the step that confirms a cancellation.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::api::load_booking;
use crate::components::layout::{ErrorPage, FlashBanner, Loading};
use crate::components::price::{PriceBreakdown, nights_label};
use crate::model::{Booking, BookingStatus};

fn booking_resource() -> Resource<Result<crate::api::BookingPage, crate::model::AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| p.get("reference").unwrap_or_default()),
        load_booking,
    )
}

#[component]
pub fn BookingPage() -> impl IntoView {
    let data = booking_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <BookingView booking=page.booking flash=page.flash /> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BookingView(booking: Booking, flash: crate::model::Flash) -> impl IntoView {
    let b = booking;
    let confirmed = b.status == BookingStatus::Confirmed;
    let head = if confirmed {
        view! {
            <div class="confirm-head">
                <p class="eyebrow">"Booking confirmed"</p>
                <h1>"You're going to "{b.city_name.clone()}"!"</h1>
                <p class="lead">{format!("{} is expecting {} on {}.", b.hotel_name, b.guest.name, b.check_in.format("%A %-d %B"))}</p>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="confirm-head cancelled">
                <p class="eyebrow">"Booking cancelled"</p>
                <h1>"This booking is cancelled"</h1>
                <p class="lead">"Nothing is owed. The room has been released."</p>
            </div>
        }
        .into_any()
    };
    let policy = match (confirmed, b.cancel_deadline_local.clone(), b.can_cancel) {
        (false, _, _) => None,
        (true, Some(d), true) => Some(format!("Free cancellation until {d} (hotel time).")),
        (true, _, _) => Some(
            "The free cancellation period has ended; contact the hotel to change this booking."
                .to_owned(),
        ),
    };
    let cancel_href = format!("/bookings/{}/cancel", b.reference);
    view! {
        <Title text=format!("Booking {}", b.reference) />
        <section class="wrap narrow">
            <FlashBanner flash />
            {head}
            <div class="card booking-card">
                <p class="reference">"Reference "<strong data-testid="reference">{b.reference.clone()}</strong></p>
                <dl class="facts">
                    <dt>"Hotel"</dt><dd><a href=format!("/hotels/{}", b.hotel_slug)>{b.hotel_name.clone()}</a><br /><span class="muted small">{b.address.clone()}</span></dd>
                    <dt>"Room"</dt><dd>{b.room_type_name.clone()}</dd>
                    <dt>"Check-in"</dt><dd>{format!("{} from {}", b.check_in.format("%a %-d %b %Y"), b.check_in_time)}</dd>
                    <dt>"Check-out"</dt><dd>{format!("{} until {}", b.check_out.format("%a %-d %b %Y"), b.check_out_time)}</dd>
                    <dt>"Guests"</dt><dd>{format!("{} {} · {}", b.guests, if b.guests == 1 { "guest" } else { "guests" }, nights_label(b.nights()))}</dd>
                    <dt>"Lead guest"</dt><dd>{b.guest.name.clone()}<br /><span class="muted small">{b.guest.email.clone()}{b.guest.phone.clone().map(|p| format!(" · {p}"))}</span></dd>
                    {b.special_requests.clone().map(|r| view! { <dt>"Requests"</dt><dd>{r}</dd> })}
                    <dt>"Status"</dt><dd><span class=format!("status status-{}", b.status.as_str())>{b.status.as_str()}</span></dd>
                </dl>
                <PriceBreakdown quote=b.price.clone() open=true />
                {policy.map(|p| view! { <p class="policy">{p}</p> })}
                <div class="actions">
                    <a class="btn" href="/trips">"All my trips"</a>
                    {(confirmed && b.can_cancel).then(|| view! { <a class="btn btn-danger-outline" href=cancel_href>"Cancel booking"</a> })}
                </div>
            </div>
        </section>
    }
}

/// Asks before cancelling: a page of its own, so it works without JavaScript.
#[component]
pub fn CancelPage() -> impl IntoView {
    let data = booking_resource();
    view! {
        <Title text="Cancel booking" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let b = match data.await {
                    Ok(page) => page.booking,
                    Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
                };
                let back = format!("/bookings/{}", b.reference);
                if !(b.status == BookingStatus::Confirmed && b.can_cancel) {
                    return view! {
                        <section class="wrap narrow empty-state">
                            <h1>"This booking can't be cancelled online"</h1>
                            <p>"It is already cancelled, or the hotel's free cancellation period has ended."</p>
                            <a class="btn" href=back>"Back to the booking"</a>
                        </section>
                    }.into_any();
                }
                view! {
                    <section class="wrap narrow">
                        <div class="card">
                            <h1>"Cancel this booking?"</h1>
                            <p>{format!("{}, {} at {}, {} – {}.", b.reference, b.room_type_name, b.hotel_name,
                                b.check_in.format("%a %-d %b"), b.check_out.format("%a %-d %b %Y"))}</p>
                            <p>"Cancellation is free under the hotel's policy. This can't be undone: the room goes back on sale."</p>
                            <form method="post" action=format!("/bookings/{}/cancel", b.reference) class="actions">
                                <button type="submit" class="btn btn-danger">"Yes, cancel booking"</button>
                                <a class="btn" href=back>"Keep booking"</a>
                            </form>
                        </div>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
