//! A hotel: story, amenities, policies and every room type with its price for the stay.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::use_params_map;

use crate::api::load_hotel;
use crate::components::hotel::{Amenities, HeroImage, PhotoStrip, RoomCard, Stars};
use crate::components::layout::{ErrorPage, FlashBanner, Loading};
use crate::components::price::nights_label;
use crate::model::{HotelDetail, Policies};

#[component]
pub fn HotelPage() -> impl IntoView {
    let params = use_params_map();
    let stay = super::stay_params_from_query();
    let data = Resource::new(
        move || {
            (
                params.with(|p| p.get("slug").unwrap_or_default()),
                stay.get(),
            )
        },
        |(slug, stay)| load_hotel(slug, stay),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
                };
                let hotel = page.hotel;
                let stay = page.stay;
                let rooms = hotel.room_types.iter().cloned().map(|room| view! {
                    <RoomCard hotel=hotel.slug.clone() currency=hotel.currency.clone() room stay />
                }).collect_view();
                let any_bookable = stay.is_some_and(|(_, g)| hotel.room_types.iter().any(|r| r.bookable(g)));
                let e = |f: &str| page.errors.get(f).map(str::to_owned);
                let (e_in, e_out) = (e("check_in"), e("check_out"));
                let guests: u32 = page.params.guests.parse().unwrap_or(2);
                let stay_line = stay.map(|(s, g)| format!("{} – {} · {} · {} {}",
                    s.check_in.format("%a %-d %b"), s.check_out.format("%a %-d %b %Y"),
                    nights_label(s.nights()), g, if g == 1 { "guest" } else { "guests" }));
                view! {
                    <Title text=hotel.name.clone() />
                    <Meta name="description" content=hotel.tagline.clone() />
                    <section class="hotel-hero">
                        <HeroImage hotel=hotel.clone() />
                        <div class="wrap hotel-title">
                            <p class="crumbs"><a href=format!("/search?city={}&{}", hotel.city_name, stay.map(|(s, g)| s.query(g)).unwrap_or_default())>{hotel.city_name.clone()}</a>" · "{hotel.country.clone()}</p>
                            <h1>{hotel.name.clone()}" "<Stars stars=hotel.stars /></h1>
                            <p class="muted">{hotel.address.clone()}</p>
                            <PhotoStrip photos=hotel.photos.clone() />
                        </div>
                    </section>
                    <div class="wrap">
                        <FlashBanner flash=page.flash.clone() />
                        <form method="get" action=format!("/hotels/{}", hotel.slug) class="stay-form" aria-label="Your stay">
                            <div class="field" class:has-error=e_in.is_some()>
                                <label for="h-in">"Check-in"</label>
                                <input id="h-in" type="date" name="check_in" required value=page.params.check_in.clone() aria-invalid=e_in.is_some().then_some("true") aria-describedby=e_in.is_some().then_some("h-in-error") />
                                {e_in.clone().map(|e| view! { <p class="field-error" id="h-in-error">{e}</p> })}
                            </div>
                            <div class="field" class:has-error=e_out.is_some()>
                                <label for="h-out">"Check-out"</label>
                                <input id="h-out" type="date" name="check_out" required value=page.params.check_out.clone() aria-invalid=e_out.is_some().then_some("true") aria-describedby=e_out.is_some().then_some("h-out-error") />
                                {e_out.clone().map(|e| view! { <p class="field-error" id="h-out-error">{e}</p> })}
                            </div>
                            <div class="field narrow-field">
                                <label for="h-guests">"Guests"</label>
                                <select id="h-guests" name="guests">
                                    {(1..=8u32).map(|n| view! { <option value=n.to_string() selected=n == guests>{if n == 1 { "1 guest".to_owned() } else { format!("{n} guests") }}</option> }).collect_view()}
                                </select>
                            </div>
                            <button class="btn" type="submit">{if stay.is_some() { "Update" } else { "Check prices" }}</button>
                        </form>
                        {stay_line.map(|l| view! { <p class="stay-line">{l}</p> })}
                        {(stay.is_some() && !any_bookable).then(|| view! {
                            <p class="banner banner-alert" role="status">"No room type is free for every night of this stay. Try other dates."</p>
                        })}
                    </div>
                    <div class="wrap hotel-layout">
                        <section class="rooms" aria-labelledby="rooms-h">
                            <h2 id="rooms-h">"Rooms"</h2>
                            {rooms}
                        </section>
                        <aside class="hotel-about">
                            <About hotel=hotel.clone() />
                        </aside>
                    </div>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn About(hotel: HotelDetail) -> impl IntoView {
    let paragraphs = hotel
        .description
        .split("\n\n")
        .map(|p| view! { <p>{p.to_owned()}</p> })
        .collect_view();
    view! {
        <h2>"About the hotel"</h2>
        <p class="tagline">{hotel.tagline.clone()}</p>
        {paragraphs}
        <h3>"Amenities"</h3>
        <Amenities items=hotel.amenities.clone() />
        <h3>"Policies"</h3>
        <PolicyList policies=hotel.policies.clone() />
        <p class="muted small">{format!("Times are local to the hotel ({}).", hotel.time_zone)}</p>
    }
}

pub fn cancellation_text(days: u32) -> String {
    match days {
        0 => "Free cancellation until the day of check-in.".to_owned(),
        1 => "Free cancellation until 1 day before check-in.".to_owned(),
        n => format!("Free cancellation until {n} days before check-in."),
    }
}

#[component]
pub fn PolicyList(policies: Policies) -> impl IntoView {
    view! {
        <dl class="policies">
            <dt>"Check-in"</dt><dd>{format!("From {}", policies.check_in_time)}</dd>
            <dt>"Check-out"</dt><dd>{format!("Until {}", policies.check_out_time)}</dd>
            <dt>"Cancellation"</dt><dd>{cancellation_text(policies.free_cancellation_days)}</dd>
            <dt>"Taxes"</dt><dd>{format!("{}% included in prices shown", policies.tax_rate_bp as f64 / 100.0)}</dd>
            <dt>"Pets"</dt><dd>{if policies.pets_allowed { "Welcome" } else { "Not allowed" }}</dd>
            {policies.notes.into_iter().map(|n| view! { <dt class="sr-only">"House rule"</dt><dd class="note">{n}</dd> }).collect_view()}
        </dl>
    }
}
