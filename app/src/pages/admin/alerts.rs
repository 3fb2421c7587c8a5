//! `/admin/alerts`: the alert recipients of every hotel the admin runs (every hotel for a
//! platform admin) in one place, confirmed or waiting, each removable; and the hotels nobody
//! confirmed for, whose alerts go to the platform admins.
use leptos::prelude::*;
use leptos_meta::Title;

use super::hotels_api::{AllAlertsPage, load_all_alerts};
use super::shell::{AdminError, AdminSection, AdminShell};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{Flash, HotelAlertRecipient};

#[component]
pub fn AllAlertsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_all_alerts());
    view! {
        <Title text="Alert recipients" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <AlertsView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AlertsView(page: AllAlertsPage) -> impl IntoView {
    let AllAlertsPage {
        recipients,
        hotels,
        platform,
        flash,
    } = page;
    let flash = Flash {
        notice: flash.notice,
        alert: flash.alert,
        ..Default::default()
    };
    let uncovered: Vec<_> = hotels
        .into_iter()
        .filter(|h| !recipients.iter().any(|r| r.confirmed && r.hotel == h.slug))
        .collect();
    let intro = if platform {
        "Everyone who gets booking alerts (with guests' names and contact details), for every hotel. An address gets them only once it confirms by the link emailed to it. Remove any address that should not have them, such as a former hotel admin's own."
    } else {
        "Everyone who gets booking alerts for the hotels you run. An address gets them only once it confirms by the link emailed to it."
    };
    let uncovered_view = (!uncovered.is_empty()).then(|| {
        let n = uncovered.len();
        let items = uncovered
            .into_iter()
            .map(|h| view! { <li><a href=format!("/admin/hotels/{}/alerts", h.slug)>{h.name}</a></li> })
            .collect_view();
        view! {
            <div class="status-panel status-draft">
                <p>{if n == 1 { "1 hotel has no confirmed alert recipient: its alerts go to the platform admins.".to_owned() }
                    else { format!("{n} hotels have no confirmed alert recipient: their alerts go to the platform admins.") }}</p>
                <ul class="small">{items}</ul>
            </div>
        }
    });
    let body = if recipients.is_empty() {
        view! { <div class="card empty-state"><p>"No alert recipients yet."</p></div> }.into_any()
    } else {
        let rows = recipients
            .into_iter()
            .map(|r| view! { <Row r /> })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="admin-table recipients-table">
                    <thead><tr>
                        <th scope="col">"Hotel"</th><th scope="col">"Email"</th>
                        <th scope="col">"Alerts for"</th><th scope="col">"State"</th>
                        <th scope="col"><span class="sr-only">"Actions"</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <AdminShell section=AdminSection::Alerts>
            <div class="bk-head"><h1>"Alert recipients"</h1></div>
            <FlashBanner flash />
            <p class="muted">{intro}</p>
            {uncovered_view}
            {body}
        </AdminShell>
    }
}

#[component]
fn Row(r: HotelAlertRecipient) -> impl IntoView {
    let events = match (r.on_booking, r.on_cancellation) {
        (true, true) => "New bookings, cancellations",
        (true, false) => "New bookings",
        (false, true) => "Cancellations",
        (false, false) => "Nothing",
    };
    let state = if r.confirmed {
        view! { <span class="badge badge-ok">"Confirmed"</span> }.into_any()
    } else {
        view! { <span class="badge badge-muted">"Waiting for confirmation"</span> }.into_any()
    };
    view! {
        <tr>
            <td><a href=format!("/admin/hotels/{}/alerts", r.hotel)>{r.hotel_name.clone()}</a></td>
            <td>{r.email.clone()}</td>
            <td class="small">{events}</td>
            <td>{state}</td>
            <td class="row-actions actions-cell">
                <form method="post" action="/admin/alerts/remove">
                    <input type="hidden" name="hotel" value=r.hotel.clone() />
                    <input type="hidden" name="email" value=r.email.clone() />
                    <input type="hidden" name="hotel_name" value=r.hotel_name.clone() />
                    <button type="submit" class="btn btn-small btn-danger-outline">
                        "Remove"<span class="sr-only">{format!(" {} from {}", r.email, r.hotel_name)}</span>
                    </button>
                </form>
            </td>
        </tr>
    }
}
