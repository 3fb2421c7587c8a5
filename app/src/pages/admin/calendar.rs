//! The rates and availability calendar of one room type: six weeks of nights (price, rooms sold
//! of rooms for sale, closed), and a form that changes a range of nights at once. Nights are
//! links: the first click picks a night, a later night extends the range (no JavaScript needed).
use chrono::{Datelike, Duration, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::hotel_fields::{FormState, Input, major_text};
use super::hotels_api::{CalendarPage, load_calendar};
use super::shell::{AdminError, AdminSection, AdminShell, HotelHead, HotelTab};
use crate::components::form::{ErrorSummary, SubmitButton};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{Calendar, CalendarNight, Flash, format_money};

/// `/admin/hotels/{slug}/room-types/{room}/calendar?from=…`, and `/admin/hotels/{slug}/calendar`
/// (the first room type on sale).
#[component]
pub fn CalendarPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            let (slug, room) = params.with(|p| (p.get("slug").unwrap_or_default(), p.get("room")));
            (slug, room, query.with(|q| q.get("from")))
        },
        |(slug, room, from)| load_calendar(slug, room, from),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let pick = query.with(|q| Pick::from_query(q.get("first"), q.get("last")));
                match data.await {
                    Ok(page) => view! { <CalendarView page pick /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The nights picked by clicking the calendar, which fill the range form.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Pick {
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
}

impl Pick {
    fn from_query(first: Option<String>, last: Option<String>) -> Self {
        let parse = |d: Option<String>| d.and_then(|d| d.parse::<NaiveDate>().ok());
        let (first, last) = (parse(first), parse(last));
        match (first, last) {
            (Some(f), Some(l)) if l >= f => Self { first, last },
            (Some(_), _) => Self { first, last: first },
            _ => Self::default(),
        }
    }

    fn contains(&self, night: NaiveDate) -> bool {
        matches!((self.first, self.last), (Some(f), Some(l)) if f <= night && night <= l)
    }

    /// What clicking `night` picks: after a single picked night, a later one ends the range;
    /// otherwise it starts a new one.
    fn click(&self, night: NaiveDate) -> (NaiveDate, NaiveDate) {
        match (self.first, self.last) {
            (Some(f), Some(l)) if f == l && night > f => (f, night),
            _ => (night, night),
        }
    }
}

#[component]
fn CalendarView(page: CalendarPage, pick: Pick) -> impl IntoView {
    let (hotel, cal) = (page.hotel, page.calendar);
    let slug = hotel.slug.clone();
    let room = cal.room_type.clone();
    let base = format!("/admin/hotels/{slug}/room-types/{}/calendar", room.slug);
    let at = |d: NaiveDate| format!("{base}?from={d}");
    let (earlier, later) = (
        at(cal.from - Duration::days(42)),
        at(cal.from + Duration::days(42)),
    );
    let last = cal.to - Duration::days(1);
    let span = format!(
        "{} – {}",
        cal.from.format("%-d %b"),
        last.format("%-d %b %Y")
    );
    let switcher = hotel
        .room_types
        .iter()
        .map(|r| {
            let current = (r.slug == room.slug).then_some("page");
            let href = format!(
                "/admin/hotels/{slug}/room-types/{}/calendar?from={}",
                r.slug, cal.from
            );
            view! { <a href=href aria-current=current class:retired=r.retired>{r.name.clone()}</a> }
        })
        .collect_view();
    // Once nights are picked the last post's notice and typed values are history (in the
    // browser the page is not reloaded, so they would otherwise stay).
    let flash = if pick.first.is_some() {
        Flash::default()
    } else {
        page.flash
    };
    let banner = Flash {
        notice: flash.notice.clone(),
        alert: flash.alert.clone(),
        ..Default::default()
    };
    view! {
        <Title text=format!("Rates · {} · {}", room.name, hotel.name) />
        <AdminShell section=AdminSection::Hotels hotel=slug.clone()>
            <HotelHead slug=slug.clone() name=hotel.name.clone() current=HotelTab::Calendar title="Rates & availability" />
            <nav class="room-switch" aria-label="Room types">{switcher}</nav>
            <FlashBanner flash=banner />
            <div class="cal-layout">
                <section class="cal" aria-labelledby="cal-h">
                    <div class="cal-bar">
                        <h2 id="cal-h">{room.name.clone()}<span class="muted">{format!(" · {span}")}</span></h2>
                        <nav class="cal-nav" aria-label="Weeks">
                            <a class="btn btn-small" href=earlier aria-label="Previous 6 weeks">"← 6 weeks"</a>
                            <a class="btn btn-small" href=base.clone()>"Today"</a>
                            <a class="btn btn-small" href=later aria-label="Next 6 weeks">"6 weeks →"</a>
                        </nav>
                    </div>
                    <p class="cal-legend small muted">
                        {format!("Base rates {} Sun–Thu, {} Fri–Sat · {} rooms. ", format_money(room.nightly_rate_minor, &cal.currency), format_money(room.weekend_rate_minor, &cal.currency), room.total_rooms)}
                        <span class="cal-key cal-key-override">"Special price"</span>
                        <span class="cal-key cal-key-closed">"Closed"</span>
                        <span class="cal-key cal-key-today">"Today"</span>
                    </p>
                    <CalendarGrid cal=cal.clone() base=base.clone() pick />
                </section>
                <RangeForm cal flash pick />
            </div>
        </AdminShell>
    }
}

/// A price without the ".00" that only adds noise in a small cell.
fn short_money(minor: i64, currency: &str) -> String {
    let text = format_money(minor, currency);
    text.strip_suffix(".00").map(str::to_owned).unwrap_or(text)
}

#[component]
fn CalendarGrid(cal: Calendar, base: String, pick: Pick) -> impl IntoView {
    let weeks: Vec<Vec<CalendarNight>> = cal.nights.chunks(7).map(|w| w.to_vec()).collect();
    let rows = weeks.into_iter().enumerate().map(|(i, week)| {
        let first = week[0].night;
        // A month label where a month starts, and on the first row.
        let month = week.iter().find(|n| n.night.day() == 1).map(|n| n.night).or((i == 0).then_some(first));
        let cells = week.into_iter().map(|n| {
            let (first, last) = pick.click(n.night);
            // Back at the calendar, where the next night is picked; the form shows the range.
            let href = format!("{base}?from={}&first={first}&last={last}#cal-h", cal.from);
            let picked = pick.contains(n.night);
            view! { <NightCell n today=cal.today currency=cal.currency.clone() href picked /> }
        }).collect_view();
        view! {
            <tr>
                <th scope="row" class="cal-week">
                    {month.map(|m| view! { <span class="cal-month">{m.format("%b").to_string()}</span><span class="cal-year">{m.format("%Y").to_string()}</span> })}
                    <span class="sr-only">{format!("Week of {}", first.format("%-d %B"))}</span>
                </th>
                {cells}
            </tr>
        }
    }).collect_view();
    let days = [
        ("Mon", "Monday"),
        ("Tue", "Tuesday"),
        ("Wed", "Wednesday"),
        ("Thu", "Thursday"),
        ("Fri", "Friday"),
        ("Sat", "Saturday"),
        ("Sun", "Sunday"),
    ];
    view! {
        <div class="table-scroll">
            <table class="cal-grid">
                <caption class="sr-only">{format!("Prices and rooms of {}, a week per row", cal.room_type.name)}</caption>
                <thead><tr>
                    <td></td>
                    {days.into_iter().map(|(d, full)| view! { <th scope="col"><abbr title=full>{d}</abbr></th> }).collect_view()}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn NightCell(
    n: CalendarNight,
    today: NaiveDate,
    currency: String,
    href: String,
    picked: bool,
) -> impl IntoView {
    let day = if n.night.day() == 1 {
        n.night.format("%-d %b").to_string()
    } else {
        n.night.day().to_string()
    };
    let full = n.sold >= n.allotment && n.allotment > 0;
    let rooms = if n.closed {
        "Closed".to_owned()
    } else {
        format!("{}/{}", n.sold, n.allotment)
    };
    let inner = view! {
        <span class="n-day">{day}{(n.night == today).then(|| view! { <span class="sr-only">" (today)"</span> })}</span>
        <span class="n-price">{short_money(n.rate_minor, &currency)}{n.rate_override.then(|| view! { <span class="sr-only">" special price"</span> })}</span>
        <span class="n-rooms" title=format!("{} sold of {} for sale", n.sold, n.allotment)>
            {rooms}{(!n.closed).then(|| view! { <span class="sr-only">" sold"</span> })}
            {(n.closed && n.sold > 0).then(|| format!(" · {} sold", n.sold))}
        </span>
        {picked.then(|| view! { <span class="sr-only">" (in the range)"</span> })}
    };
    // Past nights cannot change, so they are not links.
    let body = if n.night < today {
        view! { <div class="n-box">{inner}</div> }.into_any()
    } else {
        view! { <a class="n-box" href=href>{inner}</a> }.into_any()
    };
    view! {
        <td class="night" class:past=n.night < today class:is-today=n.night == today class:closed=n.closed
            class:weekend=n.weekend class:override=n.rate_override class:full=full class:picked=picked
            data-night=n.night.to_string()>
            {body}
        </td>
    }
}

#[component]
fn RangeForm(cal: Calendar, flash: Flash, pick: Pick) -> impl IntoView {
    let f = FormState::new(&flash, "calendar");
    let action = format!(
        "/admin/hotels/{}/room-types/{}/calendar",
        cal.hotel_slug, cal.room_type.slug
    );
    let change = f.value("change", "price");
    let option = |value: &'static str, label: &'static str| {
        let (id, label_for) = (format!("change-{value}"), format!("change-{value}"));
        let checked = change == value;
        view! {
            <label class="check" for=label_for>
                <input type="radio" id=id name="change" value=value checked=checked />
                " "{label}
            </label>
        }
    };
    let change_error = f.error("change");
    // The picked nights, else the first night shown (when it is ahead) or today and a week on.
    let first = pick.first.unwrap_or(cal.from.max(cal.today));
    let last = pick.last.unwrap_or(first + Duration::days(6));
    let change_invalid = change_error.is_some();
    view! {
        <section class="cal-form card" aria-labelledby="range-h">
            <h2 id="range-h">"Change a range of nights"</h2>
            <p class="small muted">"Pick the nights in the calendar: a night, then a later one."</p>
            <ErrorSummary count=f.error_count() />
            <form method="post" action=action class="stack">
                <input type="hidden" name="view_from" value=cal.from.to_string() />
                <div class="form-grid">
                    <Input label="First night" name="first_night" kind="date" min=cal.today.to_string() required=true
                        value=f.value("first_night", first.to_string()) error=f.error("first_night") />
                    <Input label="Last night" name="last_night" kind="date" min=cal.today.to_string() required=true
                        value=f.value("last_night", last.to_string()) error=f.error("last_night") />
                </div>
                <fieldset class="change-choice" class:has-error=change_invalid>
                    <legend>"Change"</legend>
                    {option("price", "Set price")}
                    <Input label="Price per night" name="price" inputmode="decimal" suffix=cal.currency.clone() class="indent" plain=true
                        value=f.value("price", major_text(cal.room_type.nightly_rate_minor, &cal.currency)) error=f.error("price") hint="Before taxes, every night of the range." />
                    {option("rooms", "Set rooms for sale")}
                    <Input label="Rooms for sale" name="rooms" kind="number" min="0" max="1000" class="indent" plain=true
                        value=f.value("rooms", cal.room_type.total_rooms.to_string()) error=f.error("rooms") hint="Never fewer than already sold." />
                    {option("close", "Close for sale")}
                    {option("open", "Reopen for sale")}
                    {option("reset", "Back to base rates")}
                    {change_error.map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <SubmitButton label="Apply to these nights" pending_label="Applying…" />
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::Pick;
    use chrono::NaiveDate;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, day).unwrap()
    }

    #[test]
    fn a_click_starts_a_range_and_a_later_click_ends_it() {
        let none = Pick::default();
        assert_eq!(none.click(d(5)), (d(5), d(5)));
        let one = Pick::from_query(Some("2026-12-05".into()), Some("2026-12-05".into()));
        assert_eq!(one.click(d(9)), (d(5), d(9)));
        assert_eq!(
            one.click(d(3)),
            (d(3), d(3)),
            "an earlier night starts again"
        );
        let range = Pick::from_query(Some("2026-12-05".into()), Some("2026-12-09".into()));
        assert!(range.contains(d(7)) && !range.contains(d(10)));
        assert_eq!(
            range.click(d(12)),
            (d(12), d(12)),
            "a whole range starts again"
        );
    }

    #[test]
    fn bad_or_backwards_query_dates_pick_one_night_or_none() {
        assert_eq!(Pick::from_query(Some("soon".into()), None), Pick::default());
        let back = Pick::from_query(Some("2026-12-05".into()), Some("2026-12-01".into()));
        assert_eq!((back.first, back.last), (Some(d(5)), Some(d(5))));
    }
}
