//! `/admin/bookings`: the bookings at the admin's hotels, filtered by a plain GET form (works
//! without JavaScript), 50 to a page.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::bookings_api::{BookingsData, load_bookings};
use super::bookings_common::{
    StatusBadges, booking_href, bookings_href, guests_label, nights_between, stay_dates,
};
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::form::ErrorSummary;
use crate::components::layout::Loading;
use crate::components::price::{money, nights_label};
use crate::model::{AdminBookingList, AdminBookingRow, BookingFilter};

const STATUSES: [(&str, &str); 7] = [
    ("", "Any status"),
    ("confirmed", "Confirmed"),
    ("expected", "Expected (not arrived)"),
    ("checked_in", "Checked in"),
    ("checked_out", "Checked out"),
    ("no_show", "No-show"),
    ("cancelled", "Cancelled"),
];

const TODAY_VIEWS: [(&str, &str); 4] = [
    ("", "All stays"),
    ("arrivals", "Arrivals today"),
    ("departures", "Departures today"),
    ("in_house", "In house"),
];

#[component]
pub fn AdminBookingsPage() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            let filter = BookingFilter {
                hotel: q.get("hotel"),
                from: q.get("from"),
                to: q.get("to"),
                status: q.get("status"),
                q: q.get("q"),
                today: q.get("today"),
                page: q.get("page").and_then(|p| p.trim().parse().ok()),
            };
            (filter, filter_is_unset(q))
        })
    });
    let data = Resource::new(
        move || args.get(),
        |(filter, defaults)| load_bookings(filter, defaults),
    );
    view! {
        <Title text="Bookings" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <BookingsView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// No filter field in the address (a hotel alone doesn't count): the page's first visit.
fn filter_is_unset(q: &leptos_router::params::ParamsMap) -> bool {
    ["from", "to", "status", "q", "today"]
        .iter()
        .all(|k| q.get(k).is_none())
}

fn value(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

#[component]
fn BookingsView(page: BookingsData) -> impl IntoView {
    let BookingsData {
        hotels,
        filter,
        errors,
        list,
    } = page;
    let f = filter.clone();
    let hotel = value(&f.hotel);
    let today = value(&f.today);
    let e = |k: &str| errors.get(k).map(str::to_owned);
    let heading = TODAY_VIEWS
        .iter()
        .find(|(k, _)| !k.is_empty() && *k == today)
        .map(|(_, label)| *label)
        .unwrap_or("Bookings");
    let views = TODAY_VIEWS
        .iter()
        .map(|(key, label)| {
            let href = bookings_href(&[("hotel", &hotel), ("today", key)]);
            let current = (*key == today).then_some("page");
            view! { <a class="seg" href=href aria-current=current>{*label}</a> }
        })
        .collect_view();
    let hotel_options = hotels
        .iter()
        .map(|h| {
            let selected = h.slug == hotel;
            view! { <option value=h.slug.clone() selected=selected>{format!("{} · {}", h.name, h.city_name)}</option> }
        })
        .collect_view();
    let status = value(&f.status);
    let status_options = STATUSES
        .iter()
        .map(|(v, label)| view! { <option value=*v selected=*v == status>{*label}</option> })
        .collect_view();
    let count = errors.0.len();
    let body = match list {
        Some(list) => view! { <Results list filter=filter.clone() /> }.into_any(),
        None => view! { <p class="muted">"Fix the filter above to see bookings."</p> }.into_any(),
    };
    let content = view! {
            <div class="bk-head">
                <h1>{heading}</h1>
            </div>
            <nav class="segs" aria-label="Today at the front desk">{views}</nav>
            <ErrorSummary count />
            <form method="get" action="/admin/bookings" class="card filter-form" role="search" aria-label="Filter bookings">
                <div class="field grow fa-q" class:has-error=e("q").is_some()>
                    <label for="f-q">"Search"</label>
                    <input id="f-q" name="q" type="search" value=value(&f.q) placeholder="Reference, guest name or email"
                        aria-invalid=e("q").map(|_| "true") aria-describedby=e("q").map(|_| "f-q-error") />
                    {e("q").map(|m| view! { <p class="field-error" id="f-q-error">{m}</p> })}
                </div>
                <div class="field fa-hotel" class:has-error=e("hotel").is_some()>
                    <label for="f-hotel">"Hotel"</label>
                    <select id="f-hotel" name="hotel" aria-invalid=e("hotel").map(|_| "true") aria-describedby=e("hotel").map(|_| "f-hotel-error")>
                        <option value="">"All my hotels"</option>
                        {hotel_options}
                    </select>
                    {e("hotel").map(|m| view! { <p class="field-error" id="f-hotel-error">{m}</p> })}
                </div>
                <DateField label="Staying from" name="from" value=value(&f.from) error=e("from") />
                <DateField label="Staying until" name="to" value=value(&f.to) error=e("to") />
                <div class="field fa-status" class:has-error=e("status").is_some()>
                    <label for="f-status">"Status"</label>
                    <select id="f-status" name="status" aria-invalid=e("status").map(|_| "true") aria-describedby=e("status").map(|_| "f-status-error")>{status_options}</select>
                    {e("status").map(|m| view! { <p class="field-error" id="f-status-error">{m}</p> })}
                </div>
                {(!today.is_empty()).then(|| view! { <input type="hidden" name="today" value=today.clone() /> })}
                <div class="filter-go">
                    <button type="submit" class="btn btn-primary">"Search"</button>
                    <a class="btn" href="/admin/bookings?from=">"Clear"</a>
                </div>
                {e("today").or(e("page")).map(|m| view! { <p class="field-error grow">{m}</p> })}
            </form>
            {body}
    }
    .into_any();
    // The shell's `hotel` takes a plain String: pass it only when a hotel is chosen.
    match f.hotel.clone().filter(|h| !h.is_empty()) {
        Some(h) => {
            view! { <AdminShell section=AdminSection::Bookings hotel=h>{content}</AdminShell> }
                .into_any()
        }
        None => {
            view! { <AdminShell section=AdminSection::Bookings>{content}</AdminShell> }.into_any()
        }
    }
}

#[component]
fn DateField(
    label: &'static str,
    name: &'static str,
    value: String,
    error: Option<String>,
) -> impl IntoView {
    let id = format!("f-{name}");
    let err_id = format!("{id}-error");
    let invalid = error.is_some();
    let describedby = invalid.then(|| err_id.clone());
    view! {
        <div class=format!("field fa-{name}") class:has-error=invalid>
            <label for=id.clone()>{label}</label>
            <input id=id name=name type="date" value=value aria-invalid=invalid.then_some("true")
                aria-describedby=describedby />
            {error.map(|m| view! { <p class="field-error" id=err_id>{m}</p> })}
        </div>
    }
}

#[component]
fn Results(list: AdminBookingList, filter: BookingFilter) -> impl IntoView {
    if list.bookings.is_empty() {
        return view! {
            <div class="card empty-state">
                <p>"No bookings match these filters."</p>
                <a class="btn" href="/admin/bookings?from=">"Show all bookings"</a>
            </div>
        }
        .into_any();
    }
    let first = (list.page.saturating_sub(1) as u64) * list.per_page as u64 + 1;
    let last = first + list.bookings.len() as u64 - 1;
    let summary = format!(
        "{first}–{last} of {} {}",
        list.total,
        if list.total == 1 {
            "booking"
        } else {
            "bookings"
        }
    );
    let rows = list
        .bookings
        .into_iter()
        .map(|b| view! { <Row b /> })
        .collect_view();
    let pages = list.total.div_ceil(list.per_page.max(1) as u64).max(1) as u32;
    view! {
        <p class="muted small list-summary" role="status">{summary.clone()}</p>
        <div class="bk-scroll" tabindex="0" role="region" aria-label="Bookings table">
            <table class="bk-table bookings-table">
                <caption class="sr-only">{format!("Bookings, {summary}")}</caption>
                <thead>
                    <tr>
                        <th scope="col">"Reference"</th>
                        <th scope="col">"Guest"</th>
                        <th scope="col">"Hotel · room"</th>
                        <th scope="col">"Stay"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col" class="num">"Total"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <Pager page=list.page pages filter />
    }
    .into_any()
}

#[component]
fn Row(b: AdminBookingRow) -> impl IntoView {
    let nights = nights_between(b.check_in, b.check_out);
    view! {
        <tr>
            <th scope="row"><a class="ref" href=booking_href(&b.reference)>{b.reference.clone()}</a></th>
            <td>{b.guest_name.clone()}<br /><span class="muted small">{b.guest_email.clone()}</span></td>
            <td>{b.hotel_name.clone()}<br /><span class="muted small">{b.room_type_name.clone()}</span></td>
            <td class="nowrap">{stay_dates(b.check_in, b.check_out)}<br />
                <span class="muted small">{format!("{} · {}", nights_label(nights), guests_label(b.guests))}</span></td>
            <td><StatusBadges status=b.status arrival=b.arrival /></td>
            <td class="num">{money(b.total_minor, &b.currency)}</td>
        </tr>
    }
}

#[component]
fn Pager(page: u32, pages: u32, filter: BookingFilter) -> impl IntoView {
    if pages <= 1 {
        return ().into_any();
    }
    let href = move |p: u32| {
        let p = p.to_string();
        let pairs = [
            ("q", value(&filter.q)),
            ("hotel", value(&filter.hotel)),
            ("from", value(&filter.from)),
            ("to", value(&filter.to)),
            ("status", value(&filter.status)),
            ("today", value(&filter.today)),
        ];
        let mut list: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        list.push(("page", &p));
        bookings_href(&list)
    };
    let prev = (page > 1).then(
        || view! { <a class="btn btn-small" rel="prev" href=href(page - 1)>"← Previous"</a> },
    );
    let next = (page < pages)
        .then(|| view! { <a class="btn btn-small" rel="next" href=href(page + 1)>"Next →"</a> });
    view! {
        <nav class="pager" aria-label="Pages">
            {prev}
            <span class="muted small">{format!("Page {page} of {pages}")}</span>
            {next}
        </nav>
    }
    .into_any()
}
