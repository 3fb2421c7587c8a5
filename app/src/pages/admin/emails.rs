//! `/admin/emails`: what the platform sent, or is still trying to send, for the admin's hotels:
//! guest confirmations and cancellations, and the hotel's own alerts, with delivery status.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::bookings_api::{EmailsData, load_emails};
use super::bookings_common::booking_href;
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::layout::Loading;
use crate::model::{EmailStatus, EmailSummary};

const STATUSES: [(&str, &str); 4] = [
    ("", "Any status"),
    ("pending", "Pending"),
    ("sent", "Sent"),
    ("failed", "Failed"),
];

#[component]
pub fn EmailsPage() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| {
            (
                q.get("hotel").unwrap_or_default(),
                q.get("status").unwrap_or_default(),
            )
        })
    });
    let data = Resource::new(
        move || args.get(),
        |(hotel, status)| load_emails(hotel, status),
    );
    view! {
        <Title text="Emails" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <EmailsView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn EmailsView(page: EmailsData) -> impl IntoView {
    let EmailsData {
        hotels,
        hotel,
        status,
        emails,
        fetched,
    } = page;
    let hotel_options = hotels
        .iter()
        .map(|h| view! { <option value=h.slug.clone() selected=h.slug == hotel>{format!("{} · {}", h.name, h.city_name)}</option> })
        .collect_view();
    let status_options = STATUSES
        .iter()
        .map(|(v, label)| view! { <option value=*v selected=*v == status>{*label}</option> })
        .collect_view();
    let summary = match emails.len() {
        0 => String::new(),
        1 => "1 email, newest first".to_owned(),
        n => format!("{n} emails, newest first"),
    };
    let body = if emails.is_empty() {
        view! {
            <div class="card empty-state">
                <p>{if fetched == 0 { "No emails yet. Bookings and cancellations send them." } else { "No emails with this status." }}</p>
            </div>
        }
        .into_any()
    } else {
        let rows = emails
            .into_iter()
            .map(|e| view! { <Row e /> })
            .collect_view();
        view! {
            <p class="muted small list-summary">{summary}</p>
            <div class="bk-scroll" tabindex="0" role="region" aria-label="Emails table">
                <table class="bk-table emails-table">
                    <thead>
                        <tr>
                            <th scope="col">"Created " <span class="muted small">"(hotel time)"</span></th>
                            <th scope="col">"Email"</th>
                            <th scope="col">"To"</th>
                            <th scope="col">"Booking"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let content = view! {
        <div class="bk-head"><h1>"Emails"</h1></div>
        <form method="get" action="/admin/emails" class="card filter-form emails-filter" aria-label="Filter emails">
            <div class="field">
                <label for="f-hotel">"Hotel"</label>
                <select id="f-hotel" name="hotel">
                    <option value="">"All my hotels"</option>
                    {hotel_options}
                </select>
            </div>
            <div class="field">
                <label for="f-status">"Status"</label>
                <select id="f-status" name="status">{status_options}</select>
            </div>
            <div class="filter-go">
                <button type="submit" class="btn btn-primary">"Show"</button>
            </div>
        </form>
        {body}
    }
    .into_any();
    // The shell's `hotel` takes a plain String: pass it only when a hotel is chosen.
    if hotel.is_empty() {
        view! { <AdminShell section=AdminSection::Emails>{content}</AdminShell> }.into_any()
    } else {
        view! { <AdminShell section=AdminSection::Emails hotel=hotel>{content}</AdminShell> }
            .into_any()
    }
}

#[component]
fn Row(e: EmailSummary) -> impl IntoView {
    let status = e.status;
    let tries = match e.attempts {
        0 => "not tried yet".to_owned(),
        1 => "1 attempt".to_owned(),
        n => format!("{n} attempts"),
    };
    let sent = e.sent_local.clone().map(|t| format!("sent {t}"));
    // The last error matters while the email is not delivered; after a success it is history.
    let error = e.last_error.clone().filter(|_| status != EmailStatus::Sent);
    view! {
        <tr>
            <td class="nowrap">{e.created_local.clone()}</td>
            <td>
                <span class=format!("kind kind-{}", e.kind.as_str())>{e.kind.label()}</span><br />
                {e.subject.clone()}
            </td>
            <td><a href=format!("mailto:{}", e.recipient)>{e.recipient.clone()}</a></td>
            <td class="nowrap">
                {match e.booking_reference.clone() {
                    Some(r) => view! { <a class="ref" href=booking_href(&r)>{r.clone()}</a> }.into_any(),
                    None => view! { <span class="muted">"—"</span> }.into_any(),
                }}
                {e.hotel_name.clone().map(|h| view! { <br /><span class="muted small">{h}</span> })}
            </td>
            <td>
                <span class=format!("mail mail-{}", status.as_str())>{status.as_str()}</span>
                <br /><span class="muted small">{tries}{sent.map(|s| format!(", {s}"))}</span>
                {error.map(|m| view! { <br /><span class="small mail-error">{m}</span> })}
            </td>
        </tr>
    }
}
