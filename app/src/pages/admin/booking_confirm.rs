//! The steps that ask before a destructive front-desk action (cancel, no-show): a page of their
//! own with a POST form, so they work without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;

use super::booking::{booking_resource, stay_summary};
use super::bookings_common::booking_href;
use super::shell::AdminError;
use super::{AdminSection, AdminShell};
use crate::components::layout::Loading;
use crate::model::AdminBooking;

/// What a confirmation page says for one action.
struct Ask {
    action: &'static str,
    path: &'static str,
    title: &'static str,
    explain: &'static str,
    yes: &'static str,
    no: &'static str,
    refused: &'static str,
}

const CANCEL: Ask = Ask {
    action: "cancel",
    path: "cancel",
    title: "Cancel this booking?",
    explain: "The guest gets an email saying the hotel cancelled it, and the room goes back on sale. This can't be undone.",
    yes: "Yes, cancel booking",
    no: "Keep booking",
    refused: "This booking can't be cancelled now: it is already cancelled, or the guest has arrived or the stay is over.",
};

const NO_SHOW: Ask = Ask {
    action: "no_show",
    path: "no-show",
    title: "Mark the guest as a no-show?",
    explain: "This records that the guest did not arrive, and puts the room back on sale from tonight to the end of the stay. It can't be undone, and the guest can no longer be checked in.",
    yes: "Yes, mark no-show",
    no: "Go back",
    refused: "A no-show can only be recorded from the check-in day, for a guest who has not arrived.",
};

#[component]
pub fn AdminCancelPage() -> impl IntoView {
    view! { <ConfirmPage ask=&CANCEL /> }
}

#[component]
pub fn AdminNoShowPage() -> impl IntoView {
    view! { <ConfirmPage ask=&NO_SHOW /> }
}

#[component]
fn ConfirmPage(ask: &'static Ask) -> impl IntoView {
    let data = booking_resource();
    view! {
        <Title text=ask.title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Confirm ask a=page.booking /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Confirm(ask: &'static Ask, a: AdminBooking) -> impl IntoView {
    let b = a.booking;
    let back = booking_href(&b.reference);
    let allowed = a.actions.iter().any(|x| x == ask.action);
    let body = if allowed {
        view! {
            <p>{ask.explain}</p>
            <form method="post" action=format!("{back}/{}", ask.path) class="desk-actions">
                <button type="submit" class="btn btn-danger">{ask.yes}</button>
                <a class="btn" href=back.clone()>{ask.no}</a>
            </form>
        }
        .into_any()
    } else {
        view! {
            <p class="banner banner-alert" role="alert">{ask.refused}</p>
            <a class="btn" href=back.clone()>"Back to the booking"</a>
        }
        .into_any()
    };
    view! {
        <AdminShell section=AdminSection::Bookings hotel=b.hotel_slug.clone()>
            <div class="card bk-confirm">
                <h1>{ask.title}</h1>
                <p class="confirm-what">
                    <strong>{b.reference.clone()}</strong>" · "{b.guest.name.clone()}<br />
                    {format!("{}, {}", b.room_type_name, b.hotel_name)}<br />
                    {stay_summary(&b)}
                </p>
                {body}
            </div>
        </AdminShell>
    }
}
