//! `/admin/hotels/{slug}/dashboard`: one hotel at a glance. Figures that link to the bookings
//! behind them, today's arrivals and departures, and two server-drawn charts.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::bookings_api::{DashboardData, load_dashboard};
use super::bookings_common::{
    StatusBadges, booking_href, bookings_href, long_date, nights_between, quick_action,
};
use super::chart::{bookings_svg, occupancy_svg, percent};
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::layout::{FlashBanner, Loading};
use crate::components::price::{money, nights_label};
use crate::model::{AdminBookingList, Dashboard};
use crate::url::url_encode;

/// How many of today's arrivals or departures the dashboard lists before "see all".
const SHORT_LIST: usize = 8;

#[component]
pub fn HotelDashboardPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        load_dashboard,
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <DashboardView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Kpi(label: &'static str, value: String, note: String, href: String) -> impl IntoView {
    view! {
        <li>
            <a class="kpi" href=href>
                <span class="kpi-label">{label}</span>
                <span class="kpi-value">{value}</span>
                <span class="kpi-note">{note}</span>
            </a>
        </li>
    }
}

#[component]
fn DashboardView(page: DashboardData) -> impl IntoView {
    let DashboardData {
        dashboard: d,
        arrivals,
        departures,
        flash,
    } = page;
    let slug = d.hotel_slug.clone();
    let today = d.today.to_string();
    let in_30 = (d.today + chrono::Duration::days(30)).to_string();
    let list = |pairs: &[(&str, &str)]| {
        let mut all = vec![("hotel", slug.as_str())];
        all.extend_from_slice(pairs);
        bookings_href(&all)
    };
    let next_30 = list(&[("from", &today), ("to", &in_30), ("status", "confirmed")]);
    let confirmed = list(&[("status", "confirmed")]);
    let cancelled = list(&[("status", "cancelled")]);
    let (arrivals_href, departures_href) = (
        list(&[("today", "arrivals")]),
        list(&[("today", "departures")]),
    );
    let in_house = list(&[("today", "in_house")]);
    // `from=` (empty) asks for every stay, past ones too, instead of the list's default.
    let every = format!("/admin/bookings?hotel={}&from=", url_encode(&slug));
    // A quiet month reads 0.4 %, not 0 %.
    let pct = f64::from(d.occupancy_bp) / 100.0;
    let occupancy = if pct > 0.0 && pct < 10.0 {
        format!("{pct:.1}%")
    } else {
        format!("{pct:.0}%")
    };
    let dashboard_href = format!("/admin/hotels/{slug}/dashboard");
    view! {
        <Title text=format!("Dashboard · {}", d.hotel_name) />
        <AdminShell section=AdminSection::Dashboard hotel=slug.clone()>
            <FlashBanner flash />
            <div class="bk-head">
                <h1>{d.hotel_name.clone()}</h1>
                <p class="muted">"Today at the hotel: "<strong data-testid="hotel-today" data-date=today.clone()>{long_date(d.today)}</strong></p>
            </div>
            <ul class="kpis" aria-label="Key figures">
                <Kpi label="Occupancy" value=occupancy note="next 30 nights".into() href=next_30.clone() />
                <Kpi label="Revenue booked" value=money(d.revenue_booked_minor, &d.currency) note="bookings made in the last 30 days".into() href=confirmed />
                <Kpi label="On the books" value=money(d.revenue_on_books_minor, &d.currency) note="room revenue, next 30 nights".into() href=next_30 />
                <Kpi label="Bookings" value=d.bookings_30d.to_string() note="made in the last 30 days".into() href=every />
                <Kpi label="Cancellations" value=d.cancellations_30d.to_string() note="in the last 30 days".into() href=cancelled />
                <Kpi label="Arrivals" value=d.arrivals_today.to_string() note="today".into() href=arrivals_href.clone() />
                <Kpi label="Departures" value=d.departures_today.to_string() note="today".into() href=departures_href.clone() />
                <Kpi label="In house" value=d.in_house.to_string() note="checked in now".into() href=in_house />
            </ul>
            <div class="today-grid">
                <TodayList title="Arrivals today" list=arrivals departures=false all=arrivals_href back=dashboard_href.clone() />
                <TodayList title="Departures today" list=departures departures=true all=departures_href back=dashboard_href />
            </div>
            <Charts d />
        </AdminShell>
    }
}

/// Today's arrivals or departures, a few with a one-click check-in or check-out.
#[component]
fn TodayList(
    title: &'static str,
    list: AdminBookingList,
    departures: bool,
    all: String,
    back: String,
) -> impl IntoView {
    let id = if departures {
        "h-departures"
    } else {
        "h-arrivals"
    };
    let more = (list.total as usize > SHORT_LIST)
        .then(|| view! { <a href=all.clone()>{format!("See all {}", list.total)}</a> });
    let empty = list.bookings.is_empty().then(|| {
        let what = if departures {
            "No departures today."
        } else {
            "No arrivals today."
        };
        view! { <p class="muted">{what}</p> }
    });
    let items = list
        .bookings
        .into_iter()
        .take(SHORT_LIST)
        .map(|b| {
            let action = quick_action(&b, departures).map(|(path, label)| {
                view! {
                    <form method="post" action=format!("{}/{path}", booking_href(&b.reference)) class="inline">
                        <input type="hidden" name="back" value=back.clone() />
                        <button type="submit" class="btn btn-small">{label}<span class="sr-only">{format!(" {}", b.guest_name)}</span></button>
                    </form>
                }
            });
            view! {
                <li>
                    <div>
                        <a href=booking_href(&b.reference)>{b.guest_name.clone()}</a>
                        <span class="muted small today-meta">{format!("{} · {} · {}", b.reference, b.room_type_name, nights_label(nights_between(b.check_in, b.check_out)))}</span>
                    </div>
                    <StatusBadges status=b.status arrival=b.arrival />
                    {action}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card today" aria-labelledby=id>
            <h2 id=id><a href=all>{title}</a></h2>
            {empty}
            <ul class="today-list">{items}</ul>
            {more}
        </section>
    }
}

#[component]
fn Charts(d: Dashboard) -> impl IntoView {
    let occupancy = occupancy_svg(&d.occupancy, &d.hotel_name);
    let per_day = bookings_svg(&d.per_day, &d.hotel_name);
    let nights = d
        .occupancy
        .iter()
        .map(|n| {
            view! {
                <tr>
                    <th scope="row">{n.night.format("%a %-d %b").to_string()}</th>
                    <td class="num">{n.sold}</td>
                    <td class="num">{n.rooms}</td>
                    <td class="num">{format!("{:.0}%", percent(n.sold, n.rooms))}</td>
                </tr>
            }
        })
        .collect_view();
    let days = d
        .per_day
        .iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.day.format("%a %-d %b").to_string()}</th>
                    <td class="num">{c.bookings}</td>
                    <td class="num">{c.cancellations}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="chart-grid">
            <section class="card chart-card" aria-labelledby="h-occ">
                <h2 id="h-occ">"Occupancy, next 30 nights"</h2>
                <p class="legend small"><span class="key key-bar"></span>" Sunday–Thursday "<span class="key key-weekend"></span>" Friday, Saturday"</p>
                <div class="chart" inner_html=occupancy></div>
                <details class="chart-data">
                    <summary>"Occupancy by night, as a table"</summary>
                    <div class="bk-scroll">
                        <table class="bk-table compact">
                            <thead><tr><th scope="col">"Night"</th><th scope="col" class="num">"Sold"</th><th scope="col" class="num">"Rooms"</th><th scope="col" class="num">"Occupancy"</th></tr></thead>
                            <tbody>{nights}</tbody>
                        </table>
                    </div>
                </details>
            </section>
            <section class="card chart-card" aria-labelledby="h-bpd">
                <h2 id="h-bpd">"Bookings per day, last 30 days"</h2>
                <p class="legend small"><span class="key key-bar"></span>" Bookings "<span class="key key-cancel"></span>" Cancellations"</p>
                <div class="chart chart-recent" inner_html=per_day></div>
                <details class="chart-data">
                    <summary>"Bookings by day, as a table"</summary>
                    <div class="bk-scroll">
                        <table class="bk-table compact">
                            <thead><tr><th scope="col">"Day"</th><th scope="col" class="num">"Bookings"</th><th scope="col" class="num">"Cancellations"</th></tr></thead>
                            <tbody>{days}</tbody>
                        </table>
                    </div>
                </details>
            </section>
        </div>
    }
}
