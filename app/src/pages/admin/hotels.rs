//! The admin's hotels: `/admin` (the overview) and `/admin/hotels`, each hotel with its links.
use leptos::prelude::*;
use leptos_meta::Title;

use super::hotels_api::{HotelsPage, load_admin_hotels};
use super::shell::{AdminError, AdminSection, AdminShell, published_badge};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::AdminHotelSummary;

/// `/admin`: the same list, with a hotel admin's single hotel shown large.
#[component]
pub fn AdminHomePage() -> impl IntoView {
    hotels_view(true)
}

/// `/admin/hotels`.
#[component]
pub fn AdminHotelsPage() -> impl IntoView {
    hotels_view(false)
}

fn hotels_view(home: bool) -> impl IntoView {
    let data = Resource::new(|| (), |_| load_admin_hotels());
    view! {
        <Title text=if home { "Admin" } else { "Hotels" } />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <HotelList page home /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HotelList(page: HotelsPage, home: bool) -> impl IntoView {
    let single = page.hotels.len() == 1;
    let section = if home {
        AdminSection::Dashboard
    } else {
        AdminSection::Hotels
    };
    let hotel = (home && single).then(|| page.hotels[0].slug.clone());
    let count = page.hotels.len();
    let intro = if page.platform {
        format!(
            "All {count} hotels on Vision Stays. New hotels start unpublished until they have rooms."
        )
    } else if single {
        "The hotel you run.".to_owned()
    } else {
        format!("The {count} hotels you run.")
    };
    let rows = page
        .hotels
        .into_iter()
        .map(|h| view! { <HotelRow h large=home && single /> })
        .collect_view();
    view! {
        <AdminShell section hotel=hotel.unwrap_or_default()>
            <header class="admin-head">
                <div class="admin-title">
                    <h1>{if home { "Your hotels" } else { "Hotels" }}</h1>
                    {page.platform.then(|| view! { <a class="btn btn-primary" href="/admin/hotels/new">"New hotel"</a> })}
                </div>
                <p class="muted">{intro}</p>
            </header>
            <FlashBanner flash=page.flash />
            {(count == 0).then(|| view! {
                <div class="admin-empty">
                    <p>"No hotels are assigned to your account yet. Ask a platform admin to add you to your hotel."</p>
                </div>
            })}
            <ul class="hotel-rows" role="list">{rows}</ul>
        </AdminShell>
    }
}

#[component]
fn HotelRow(h: AdminHotelSummary, large: bool) -> impl IntoView {
    let base = format!("/admin/hotels/{}", h.slug);
    let rooms = match (h.room_types, h.total_rooms) {
        (0, _) => "No room types yet".to_owned(),
        (t, r) => format!(
            "{t} room {} · {r} {}",
            if t == 1 { "type" } else { "types" },
            if r == 1 { "room" } else { "rooms" }
        ),
    };
    let links = [
        ("Dashboard", format!("{base}/dashboard")),
        ("Edit", base.clone()),
        ("Room types", format!("{base}#room-types")),
        ("Calendar", format!("{base}/calendar")),
        ("Bookings", format!("/admin/bookings?hotel={}", h.slug)),
        ("Alerts", format!("{base}/alerts")),
    ];
    let name = h.name.clone();
    view! {
        <li class="hotel-row card" class:large=large data-hotel=h.slug.clone()>
            <div class="hotel-row-head">
                <h2><a href=base.clone()>{h.name.clone()}</a></h2>
                {published_badge(h.published)}
            </div>
            <p class="muted">{h.city_name.clone()}" · "{rooms}" · "{h.currency.clone()}" · "{h.time_zone.clone()}</p>
            <nav class="row-links" aria-label=format!("{name}")>
                {links.into_iter().map(|(label, href)| view! { <a class="btn btn-small" href=href>{label}</a> }).collect_view()}
            </nav>
        </li>
    }
}
