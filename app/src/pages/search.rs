//! Search results: hotels with a room free for every night of the stay.
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::load_search;
use crate::components::hotel::HotelCard;
use crate::components::layout::{ErrorPage, Loading};
use crate::components::price::nights_label;
use crate::components::search::SearchForm;
use crate::model::SearchSort;

#[component]
pub fn SearchPage() -> impl IntoView {
    let params = super::search_params_from_query();
    let data = Resource::new(move || params.get(), load_search);
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <ErrorPage error=e /> }.into_any(),
                };
                let form = view! {
                    <div class="search-bar">
                        <div class="wrap">
                            <SearchForm cities=page.cities.clone() params=page.params.clone() errors=page.errors.clone() compact=true />
                        </div>
                    </div>
                };
                let Some(results) = page.results else {
                    return view! {
                        <Title text="Search" />
                        {form}
                        <section class="wrap narrow empty-state">
                            <h1>"Let's fix your search"</h1>
                            <p>"Check the highlighted fields above, then search again."</p>
                        </section>
                    }.into_any();
                };
                let stay_q = page.params.stay.clone();
                let sort = SearchSort::parse(&page.params.sort);
                let sort_link = |s: SearchSort, label: &'static str| {
                    let href = format!("/search?city={}&check_in={}&check_out={}&guests={}&sort={}",
                        results.city.name, stay_q.check_in, stay_q.check_out, stay_q.guests, s.as_str());
                    let current = s == sort;
                    view! { <a href=href class="sort" aria-current=current.then_some("true")>{label}</a> }
                };
                let stay = results.stay;
                let count = results.hotels.len();
                let heading = match count {
                    0 => format!("No hotels free in {}", results.city.name),
                    1 => format!("1 hotel in {}", results.city.name),
                    n => format!("{n} hotels in {}", results.city.name),
                };
                let sub = format!("{} – {} · {} · {} {}",
                    stay.check_in.format("%a %-d %b"), stay.check_out.format("%a %-d %b %Y"),
                    nights_label(stay.nights()), results.guests,
                    if results.guests == 1 { "guest" } else { "guests" });
                let hotels = results.hotels.into_iter()
                    .map(|h| view! { <HotelCard hotel=h stay=Some((stay, results.guests)) /> })
                    .collect_view();
                let unavailable = results.unavailable;
                view! {
                    <Title text=format!("Hotels in {}", results.city.name) />
                    {form}
                    <section class="wrap section">
                        <div class="results-head">
                            <div>
                                <h1>{heading}</h1>
                                <p class="muted">{sub}</p>
                            </div>
                            {(count > 1).then(|| view! {
                                <nav class="sorts" aria-label="Sort results">
                                    <span class="muted small">"Sort: "</span>
                                    {sort_link(SearchSort::PriceLow, "Lowest price")}
                                    {sort_link(SearchSort::PriceHigh, "Highest price")}
                                    {sort_link(SearchSort::Stars, "Stars")}
                                </nav>
                            })}
                        </div>
                        {(count == 0).then(|| view! {
                            <div class="empty-state">
                                <p>"Every hotel in this city is full for those nights, or no room fits your party."</p>
                                <p>"Try different dates, fewer guests per room, or another city."</p>
                            </div>
                        })}
                        // The cards' names are h3s, as on the home page: this keeps the outline whole.
                        {(count > 0).then(|| view! { <h2 class="sr-only">"Hotels with a room for your stay"</h2> })}
                        <div class="hotel-list">{hotels}</div>
                        {(unavailable > 0 && count > 0).then(|| view! {
                            <p class="muted small">{format!("{unavailable} more {} no room free for your dates.", if unavailable == 1 { "hotel has" } else { "hotels have" })}</p>
                        })}
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}
