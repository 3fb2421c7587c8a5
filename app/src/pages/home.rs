//! The home page: search, destinations and a few hotels to dream about.
use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::api::load_home;
use crate::components::hotel::HotelCard;
use crate::components::layout::{ErrorPage, Loading};
use crate::components::search::SearchForm;
use crate::model::{SearchParams, StayParams};

#[component]
pub fn HomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text="" />
        <Meta name="description" content="Find and book hotel rooms in Lisbon, Kyoto, New York, Cape Town and Reykjavik. Clear prices for your whole stay." />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
                };
                if page.hotels.is_empty() {
                    return view! { <NoHotelsYet /> }.into_any();
                }
                let params = SearchParams {
                    stay: StayParams {
                        check_in: page.suggested.0.clone(),
                        check_out: page.suggested.1.clone(),
                        guests: "2".into(),
                    },
                    ..Default::default()
                };
                let cities = page.cities.iter().map(|c| {
                    let href = format!("/search?city={}&check_in={}&check_out={}&guests=2", c.name, page.suggested.0, page.suggested.1);
                    let count = page.hotels.iter().filter(|h| h.city_name == c.name).count();
                    let art = page.hotels.iter().find(|h| h.city_name == c.name).map(|h| crate::components::hotel::hotel_art(&h.slug)).unwrap_or_default();
                    view! {
                        <li>
                            <a class="city-card" href=href>
                                <img src=art alt="" width="300" height="200" loading="lazy" />
                                <span class="city-name">{c.name.clone()}</span>
                                <span class="city-meta">{format!("{}, {} hotels", c.country, count)}</span>
                                <span class="city-blurb">{c.blurb.clone()}</span>
                            </a>
                        </li>
                    }
                }).collect_view();
                let featured = page.hotels.iter().filter(|h| h.stars >= 4).take(4).cloned()
                    .map(|h| view! { <HotelCard hotel=h stay=None /> }).collect_view();
                view! {
                    <section class="hero">
                        <div class="wrap">
                            <h1>"Stays worth the trip"</h1>
                            <p class="lead">"Handpicked hotels in five cities. One clear price for your whole stay, taxes included."</p>
                            <SearchForm cities=page.cities.clone() params />
                        </div>
                    </section>
                    <section class="wrap section">
                        <h2>"Where to next?"</h2>
                        <ul class="city-grid">{cities}</ul>
                    </section>
                    <section class="wrap section">
                        <h2>"Guest favourites"</h2>
                        <div class="hotel-list">{featured}</div>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// A new site without hotels: what its operator does next (a bare `serve` never loads the demo).
#[component]
fn NoHotelsYet() -> impl IntoView {
    view! {
        <section class="wrap section empty-site">
            <h1>"No hotels here yet"</h1>
            <p class="lead">"This Vision Stays site is running, but nobody has added a hotel."</p>
            <h2>"If you run this site"</h2>
            <ol>
                <li>
                    "Create the first platform admin on the server (it asks for a password):"
                    <pre><code>"vision-stays admin create --email you@example.com --role platform-admin"</code></pre>
                </li>
                <li>"Sign in at " <a href="/admin">"/admin"</a> " and add your first hotel, its room types and rates."</li>
                <li>"Publish the hotel: guests can then find and book it here."</li>
            </ol>
            <p>"Only trying it out? Start the server with " <code>"--demo-data"</code> " on an empty database for 16 demo hotels and their admins."</p>
        </section>
    }
}
