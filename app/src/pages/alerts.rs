//! `/alerts/confirm?token=…`: where the link in an alert confirmation email lands. The GET only
//! shows a button (mail scanners fetch links, and must not confirm anything); the button posts
//! the token, and the post comes back here with the outcome.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::layout::Loading;
use crate::model::{AppError, Flash};

/// The outcome the confirming post left, if any (its HTTP status in `values["status"]`).
#[server(prefix = "/_fn", endpoint = "alert-confirm")]
pub async fn load_alert_confirm() -> Result<Flash, AppError> {
    let flash = crate::ssr::take_flash();
    if let Some(status) = flash.values.get("status").and_then(|s| s.parse().ok()) {
        crate::ssr::set_status(status);
    }
    Ok(flash)
}

#[component]
pub fn AlertConfirmPage() -> impl IntoView {
    let token = use_query_map().with_untracked(|q| q.get("token").unwrap_or_default());
    let data = Resource::new(|| (), |_| load_alert_confirm());
    view! {
        <Suspense fallback=Loading>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    let flash = data.await.unwrap_or_default();
                    outcome(flash, token)
                })
            }}
        </Suspense>
    }
}

fn outcome(flash: Flash, token: String) -> AnyView {
    if let Some(done) = flash.notice {
        return view! {
            <Title text="Booking alerts confirmed" />
            <section class="wrap narrow empty-state">
                <h1>"Booking alerts confirmed"</h1>
                <p>{done}</p>
            </section>
        }
        .into_any();
    }
    if let Some(refused) = flash.alert {
        return view! {
            <Title text="This link can't be used" />
            <section class="wrap narrow empty-state">
                <h1>"This link can't be used"</h1>
                <p>{refused}</p>
                <a class="btn" href="/">"Back to the home page"</a>
            </section>
        }
        .into_any();
    }
    if token.trim().is_empty() {
        return view! {
            <Title text="Confirm booking alerts" />
            <section class="wrap narrow empty-state">
                <h1>"Confirm booking alerts"</h1>
                <p>"Open the link in the confirmation email: this page needs the code it carries."</p>
            </section>
        }
        .into_any();
    }
    view! {
        <Title text="Confirm booking alerts" />
        <section class="wrap narrow">
            <div class="card">
                <h1>"Confirm booking alerts"</h1>
                <p>"A hotel on Vision Stays added this email address to its booking alerts: an email for each new booking and cancellation, with the guest's name and contact details."</p>
                <p>"If you expect them, confirm below. If not, close this page: nothing is sent without your confirmation."</p>
                <form method="post" action="/alerts/confirm" class="actions">
                    <input type="hidden" name="token" value=token />
                    <button type="submit" class="btn btn-primary">"Confirm booking alerts"</button>
                </form>
            </div>
        </section>
    }
    .into_any()
}
