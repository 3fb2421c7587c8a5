//! `/admin/events`: booking events the stream would not take and admin alerts the topic would
//! not, parked after their last try, with the error and a retry button each (a plain form
//! post, so it works without JavaScript).
use leptos::prelude::*;
use leptos_meta::Title;

use super::bookings_api::{ParkedData, load_parked};
use super::bookings_common::booking_href;
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{Flash, ParkedItem};

#[component]
pub fn ParkedPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_parked());
    view! {
        <Title text="Parked events" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <ParkedView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ParkedView(page: ParkedData) -> impl IntoView {
    let ParkedData { items, flash } = page;
    let flash = Flash {
        notice: flash.notice,
        alert: flash.alert,
        ..Default::default()
    };
    let body = if items.is_empty() {
        view! {
            <div class="card empty-state">
                <p>"Nothing is parked: every booking event and admin alert was published or is still being tried."</p>
            </div>
        }
        .into_any()
    } else {
        let summary = match items.len() {
            1 => "1 parked item, newest first".to_owned(),
            n => format!("{n} parked items, newest first"),
        };
        let rows = items
            .into_iter()
            .map(|item| view! { <Row item /> })
            .collect_view();
        view! {
            <p class="muted small list-summary">{summary}</p>
            <div class="bk-scroll" tabindex="0" role="region" aria-label="Parked events table">
                <table class="bk-table parked-table">
                    <thead>
                        <tr>
                            <th scope="col">"Parked " <span class="muted small">"(UTC)"</span></th>
                            <th scope="col">"What"</th>
                            <th scope="col">"Booking"</th>
                            <th scope="col">"Last error"</th>
                            <th scope="col"><span class="sr-only">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <AdminShell section=AdminSection::Events>
            <div class="bk-head"><h1>"Parked events"</h1></div>
            <FlashBanner flash />
            <p class="muted">
                "Booking events go to the OCI stream and admin alerts to the OCI Notifications topic. One that keeps failing is parked here after its last try, so it never blocks the others; retry it once the cause is fixed. Outages are not counted: those events wait and go out when the service is back."
            </p>
            {body}
        </AdminShell>
    }
}

/// An instant in UTC (the column says so): the page hydrates in the
/// browser too, where the hotels' time zones are not compiled in.
fn utc(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%a %-d %b %Y, %H:%M").to_string()
}

#[component]
fn Row(item: ParkedItem) -> impl IntoView {
    let tries = match item.attempts {
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    };
    let last = item.last_attempt_at.map(|t| format!(", last {}", utc(t)));
    let action = format!("/admin/events/{}/{}/retry", item.sink.as_str(), item.id);
    let label = format!(
        "Retry {} {}",
        item.what,
        item.booking_reference.clone().unwrap_or_default()
    );
    view! {
        <tr>
            <td class="nowrap">{utc(item.parked_at)}</td>
            <td>
                <span class=format!("kind kind-{}", item.sink.as_str())>{item.sink.label()}</span><br />
                <code>{item.what.clone()}</code>
            </td>
            <td class="nowrap">
                {match item.booking_reference.clone() {
                    Some(r) => view! { <a class="ref" href=booking_href(&r)>{r.clone()}</a> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
                <br /><span class="muted small">{item.hotel_name.clone()}</span>
            </td>
            <td>
                <span class="small mail-error">{item.last_error.clone().unwrap_or_default()}</span>
                <br /><span class="muted small">{tries}{last}</span>
            </td>
            <td>
                <form method="post" action=action>
                    <button type="submit" class="btn btn-small" aria-label=label>"Retry"</button>
                </form>
            </td>
        </tr>
    }
}
