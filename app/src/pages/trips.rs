//! The guest's trips: upcoming and past bookings.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::load_trips;
use crate::components::hotel::hotel_art;
use crate::components::layout::{ErrorPage, FlashBanner, Loading};
use crate::components::price::{money, nights_label};
use crate::model::{Booking, BookingStatus};

#[component]
pub fn TripsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_trips());
    view! {
        <Title text="My trips" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
                };
                let empty = page.upcoming.is_empty();
                view! {
                    <section class="wrap narrow">
                        <FlashBanner flash=page.flash />
                        <h1>"My trips"</h1>
                        <h2>"Upcoming"</h2>
                        {empty.then(|| view! {
                            <div class="empty-state card">
                                <p>"No upcoming trips yet."</p>
                                <a class="btn btn-primary" href="/">"Find a hotel"</a>
                            </div>
                        })}
                        <ul class="trip-list">{page.upcoming.into_iter().map(|b| view! { <TripItem b /> }).collect_view()}</ul>
                        {(!page.past.is_empty()).then(|| view! {
                            <h2>"Past and cancelled"</h2>
                            <ul class="trip-list past">{page.past.into_iter().map(|b| view! { <TripItem b /> }).collect_view()}</ul>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn TripItem(b: Booking) -> impl IntoView {
    let href = format!("/bookings/{}", b.reference);
    let cancellable = b.status == BookingStatus::Confirmed && b.can_cancel;
    view! {
        <li class="trip" class:cancelled=b.status == BookingStatus::Cancelled>
            <img src=hotel_art(&b.hotel_slug) alt="" width="150" height="100" loading="lazy" />
            <div class="trip-body">
                <h3><a href=href.clone()>{b.hotel_name.clone()}</a></h3>
                <p class="muted small">{b.city_name.clone()}" · "{b.room_type_name.clone()}</p>
                <p>{format!("{} – {} · {}", b.check_in.format("%a %-d %b"), b.check_out.format("%a %-d %b %Y"), nights_label(b.nights()))}</p>
                <p class="small">
                    <span class=format!("status status-{}", b.status.as_str())>{b.status.as_str()}</span>
                    " "{b.reference.clone()}" · "{money(b.price.total_minor, &b.price.currency)}
                </p>
            </div>
            <div class="trip-actions">
                <a class="btn btn-small" href=href>"View"</a>
                {cancellable.then(|| view! { <a class="btn btn-small btn-danger-outline" href=format!("/bookings/{}/cancel", b.reference)>"Cancel"</a> })}
            </div>
        </li>
    }
}
