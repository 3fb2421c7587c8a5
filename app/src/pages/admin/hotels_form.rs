//! The hotel form (create and edit share it) and the "new hotel" page for platform admins.
use leptos::prelude::*;
use leptos_meta::Title;

use super::hotel_fields::{FormState, Input, TextArea};
use super::hotels_api::load_admin_hotel;
use super::shell::{AdminError, AdminSection, AdminShell};
use crate::components::form::{ErrorSummary, SubmitButton};
use crate::components::layout::Loading;
use crate::model::{AdminHotel, City, Flash};

/// Zones offered in the time zone field (any IANA zone may be typed).
const ZONES: &[&str] = &[
    "Europe/Lisbon",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Rome",
    "Europe/Amsterdam",
    "Europe/Athens",
    "Europe/Istanbul",
    "Atlantic/Reykjavik",
    "Atlantic/Azores",
    "Africa/Johannesburg",
    "Africa/Cairo",
    "Africa/Nairobi",
    "Africa/Casablanca",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Shanghai",
    "Asia/Tokyo",
    "Asia/Seoul",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "America/Buenos_Aires",
    "America/Toronto",
    "Pacific/Honolulu",
    "UTC",
];
const CURRENCIES: &[&str] = &[
    "EUR", "USD", "GBP", "JPY", "ZAR", "ISK", "CHF", "AUD", "CAD", "BRL", "MXN", "AED",
];

/// `/admin/hotels/new` (platform admins only).
#[component]
pub fn NewHotelPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_admin_hotel(String::new()));
    view! {
        <Title text="New hotel" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <AdminError error=e /> }.into_any(),
                };
                view! {
                    <AdminShell section=AdminSection::Hotels>
                        <header class="admin-head">
                            <p class="admin-crumbs"><a href="/admin/hotels">"Hotels"</a><span aria-hidden="true">" / "</span>"New hotel"</p>
                            <h1>"New hotel"</h1>
                            <p class="muted">"The hotel starts unpublished: add its room types and photos, then publish it for guests."</p>
                        </header>
                        <HotelForm hotel=None cities=page.cities flash=page.flash />
                    </AdminShell>
                }.into_any()
            })}
        </Suspense>
    }
}

/// Every field of a hotel, posted to `/admin/hotels/new` or to the hotel's own page.
#[component]
pub fn HotelForm(hotel: Option<AdminHotel>, cities: Vec<City>, flash: Flash) -> impl IntoView {
    let f = FormState::new(&flash, "hotel");
    let new = hotel.is_none();
    let action = hotel
        .as_ref()
        .map(|h| format!("/admin/hotels/{}", h.slug))
        .unwrap_or_else(|| "/admin/hotels/new".into());
    let h = hotel.unwrap_or_else(blank);
    let p = h.policies.clone();
    let tax = format!("{}", p.tax_rate_bp as f64 / 100.0);
    let city = f.value("city", h.city_name.clone());
    let zone = f.value("time_zone", h.time_zone.clone());
    let zones_of: Vec<(String, String)> = cities
        .iter()
        .map(|c| (c.name.to_lowercase(), c.time_zone.clone()))
        .collect();
    // The island's children are a closure of their own: they take values, not the form state.
    let (country, country_error) = (f.value("country", h.country.clone()), f.error("country"));
    let stars: u8 = f.value("stars", h.stars.to_string()).parse().unwrap_or(4);
    let city_options = cities.iter().map(|c| view! { <option value=c.name.clone()>{format!("{} · {}", c.country, c.time_zone)}</option> }).collect_view();
    view! {
        <ErrorSummary count=f.error_count() />
        <form method="post" action=action class="admin-form" aria-label=if new { "New hotel" } else { "Hotel details" }>
            <fieldset>
                <legend>"The hotel"</legend>
                <div class="form-grid">
                    <Input label="Name" name="name" value=f.value("name", h.name.clone()) error=f.error("name") required=true autofocus=new class="span-2" />
                    <div class="field" class:has-error=f.error("stars").is_some()>
                        <label for="f-stars">"Stars"</label>
                        <select id="f-stars" name="stars">
                            {(1..=5u8).rev().map(|n| view! { <option value=n.to_string() selected=n == stars>{format!("{n} {}", "★".repeat(n as usize))}</option> }).collect_view()}
                        </select>
                        {f.error("stars").map(|e| view! { <p class="field-error">{e}</p> })}
                    </div>
                    <Input label="Tagline" name="tagline" value=f.value("tagline", h.tagline.clone()) error=f.error("tagline") hint="One line for search results, up to 160 characters." class="span-all" />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Where"</legend>
                <div class="form-grid">
                    <CityAndZone city=city zone=zone zones_of city_error=f.error("city") zone_error=f.error("time_zone")>
                        <datalist id="city-list">{city_options}</datalist>
                        <Input label="Country" name="country" value=country error=country_error hint="Needed only for a city new to Vision Stays." autocomplete="country-name" />
                    </CityAndZone>
                    <Input label="Street address" name="address" value=f.value("address", h.address.clone()) error=f.error("address") required=true autocomplete="street-address" class="span-all" />
                    <datalist id="zone-list">{ZONES.iter().map(|z| view! { <option value=*z></option> }).collect_view()}</datalist>
                </div>
            </fieldset>
            <fieldset>
                <legend>"Prices and policies"</legend>
                <div class="form-grid form-grid-3">
                    <Input label="Currency" name="currency" value=f.value("currency", h.currency.clone()) error=f.error("currency") required=true list="currency-list" hint="ISO code, e.g. EUR." />
                    <datalist id="currency-list">{CURRENCIES.iter().map(|c| view! { <option value=*c></option> }).collect_view()}</datalist>
                    <Input label="Taxes" name="tax_rate" value=f.value("tax_rate", tax) error=f.error("tax_rate") required=true inputmode="decimal" suffix="%" hint="Included in guests' prices, e.g. 7.5" />
                    <Input label="Free cancellation" name="free_cancellation_days" kind="number" min="0" max="60" value=f.value("free_cancellation_days", p.free_cancellation_days.to_string()) error=f.error("free_cancellation_days") required=true suffix="days before" />
                    <Input label="Check-in from" name="check_in_time" kind="time" value=f.value("check_in_time", p.check_in_time.clone()) error=f.error("check_in_time") required=true />
                    <Input label="Check-out until" name="check_out_time" kind="time" value=f.value("check_out_time", p.check_out_time.clone()) error=f.error("check_out_time") required=true />
                    <div class="field check-field">
                        <label class="check"><input type="checkbox" name="pets_allowed" value="on" checked=f.checked("pets_allowed", p.pets_allowed) />" Pets welcome"</label>
                    </div>
                </div>
            </fieldset>
            <fieldset>
                <legend>"What guests read"</legend>
                <TextArea label="Description" name="description" rows=8 value=f.value("description", h.description.clone()) error=f.error("description") hint="Leave a blank line between paragraphs." />
                <div class="form-grid">
                    <TextArea label="Amenities" name="amenities" rows=6 value=f.value("amenities", h.amenities.join("\n")) error=f.error("amenities") hint="One per line, e.g. Free Wi-Fi." />
                    <TextArea label="House rules" name="notes" rows=6 value=f.value("notes", p.notes.join("\n")) error=f.error("notes") hint="One per line, e.g. Quiet hours from 22:00." />
                </div>
            </fieldset>
            <div class="form-actions">
                <SubmitButton label=if new { "Create hotel" } else { "Save changes" } pending_label="Saving…" />
                <a class="btn" href=if new { "/admin/hotels".to_owned() } else { format!("/admin/hotels/{}", h.slug) }>{if new { "Cancel" } else { "Discard changes" }}</a>
            </div>
        </form>
    }
}

/// The city and time zone fields, with what lies between them in the grid as children. With
/// JavaScript, an empty time zone follows the chosen city (the server does the same without).
#[island]
fn CityAndZone(
    city: String,
    zone: String,
    zones_of: Vec<(String, String)>,
    city_error: Option<String>,
    zone_error: Option<String>,
    children: Children,
) -> impl IntoView {
    let tz = RwSignal::new(zone);
    let on_city = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev).trim().to_lowercase();
        if tz.get_untracked().trim().is_empty()
            && let Some((_, zone)) = zones_of.iter().find(|(name, _)| *name == typed)
        {
            tz.set(zone.clone());
        }
    };
    let city_invalid = city_error.is_some();
    let zone_invalid = zone_error.is_some();
    view! {
        <div class="field" class:has-error=city_invalid>
            <label for="f-city">"City"</label>
            <input id="f-city" name="city" list="city-list" required value=city autocomplete="off" on:change=on_city
                aria-invalid=city_invalid.then_some("true") aria-describedby="f-city-hint" />
            <p class="hint" id="f-city-hint">"Pick a city on Vision Stays, or type a new one."</p>
            {city_error.map(|e| view! { <p class="field-error">{e}</p> })}
        </div>
        {children()}
        <div class="field" class:has-error=zone_invalid>
            <label for="f-time_zone">"Time zone"<span class="optional">" (optional)"</span></label>
            <input id="f-time_zone" name="time_zone" list="zone-list" autocomplete="off" placeholder="e.g. Europe/Lisbon"
                value=tz.get_untracked() prop:value=move || tz.get() on:input=move |ev| tz.set(event_target_value(&ev))
                aria-invalid=zone_invalid.then_some("true") aria-describedby="f-time_zone-hint" />
            {match zone_error {
                Some(e) => view! { <p class="field-error" id="f-time_zone-hint">{e}</p> }.into_any(),
                None => view! { <p class="hint" id="f-time_zone-hint">"Leave empty to use the city's. Dates and check-in times follow it."</p> }.into_any(),
            }}
        </div>
    }
}

/// What a new hotel's form starts with.
fn blank() -> AdminHotel {
    AdminHotel {
        slug: String::new(),
        name: String::new(),
        city_slug: String::new(),
        city_name: String::new(),
        country: String::new(),
        address: String::new(),
        stars: 4,
        currency: "EUR".into(),
        time_zone: String::new(),
        tagline: String::new(),
        description: String::new(),
        amenities: Vec::new(),
        policies: crate::model::Policies {
            check_in_time: "15:00".into(),
            check_out_time: "11:00".into(),
            free_cancellation_days: 2,
            tax_rate_bp: 0,
            pets_allowed: false,
            notes: Vec::new(),
        },
        published: false,
        photos: Vec::new(),
        room_types: Vec::new(),
        today: chrono::NaiveDate::MIN,
    }
}
