//! `/admin/webhooks/{id}`: one endpoint — its secret right after it was registered or rotated
//! (that once), enable or disable, rotate, delete (asked first, on `/admin/webhooks/{id}/delete`),
//! and its deliveries, newest first, with every try and a resend for a failed one.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::shell::{AdminError, AdminSection, AdminShell};
use super::webhooks::event_label;
use super::webhooks_api::{WebhookPage, load_webhook};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{AppError, Flash, WebhookDelivery, WebhookEndpoint};

fn resource() -> Resource<Result<WebhookPage, AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| p.get("id").and_then(|id| id.parse().ok()).unwrap_or(0)),
        load_webhook,
    )
}

fn with_page(render: fn(WebhookPage) -> AnyView) -> impl IntoView {
    let data = resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => render(page),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

fn back_to(e: &WebhookEndpoint) -> (String, String) {
    match (&e.hotel, &e.hotel_name) {
        (Some(slug), Some(name)) => (
            format!("/admin/hotels/{slug}/webhooks"),
            format!("{name} webhooks"),
        ),
        _ => ("/admin/webhooks".to_owned(), "Webhooks".to_owned()),
    }
}

#[component]
pub fn WebhookEndpointPage() -> impl IntoView {
    with_page(|page| view! { <Endpoint page /> }.into_any())
}

#[component]
fn Endpoint(page: WebhookPage) -> impl IntoView {
    let WebhookPage {
        endpoint: e,
        deliveries,
        secret,
        flash,
    } = page;
    let banner = Flash {
        notice: flash.notice.clone(),
        alert: flash.alert.clone(),
        ..Default::default()
    };
    let (back, back_label) = back_to(&e);
    let base = format!("/admin/webhooks/{}", e.id);
    let secret_view = secret.map(|s| {
        view! {
            <div class="status-panel secret-panel" role="status">
                <p><strong>"Signing secret — copy it now: it is not shown again."</strong></p>
                <p><code class="secret" id="webhook-secret">{s}</code></p>
                <p class="small">"Give it to the receiving system: it verifies each delivery's webhook-signature with it (any Standard Webhooks library does). Select the line and copy it."</p>
            </div>
        }
    });
    let rotation = e.previous_secret_until.map(|until| {
        view! { <p class="small muted">{format!("The previous secret also signs until {}.", when(until))}</p> }
    });
    let types = e
        .event_types
        .iter()
        .map(|t| event_label(t).to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let (toggle_value, toggle_label) = if e.enabled {
        ("false", "Disable")
    } else {
        ("true", "Enable")
    };
    let list = if deliveries.is_empty() {
        view! { <div class="card empty-state"><p>"No deliveries yet."</p></div> }.into_any()
    } else {
        deliveries
            .into_iter()
            .map(|d| view! { <Delivery d base=base.clone() /> })
            .collect_view()
            .into_any()
    };
    view! {
        <Title text=format!("Webhook endpoint · {}", e.url) />
        <AdminShell section=AdminSection::Webhooks hotel=e.hotel.clone().unwrap_or_default()>
            <header class="admin-head">
                <p class="admin-crumbs"><a href=back.clone()>{back_label}</a></p>
                <div class="admin-title"><h1 class="webhook-url">{e.url.clone()}</h1>
                    {if e.enabled { view! { <span class="badge badge-ok">"Enabled"</span> }.into_any() }
                     else { view! { <span class="badge badge-muted">"Disabled"</span> }.into_any() }}
                </div>
            </header>
            <FlashBanner flash=banner />
            {secret_view}
            <dl class="card webhook-facts">
                <dt>"Hotel"</dt><dd>{e.hotel_name.clone().unwrap_or_else(|| "Every hotel (platform-wide)".into())}</dd>
                <dt>"Description"</dt><dd>{if e.description.is_empty() { "—".to_owned() } else { e.description.clone() }}</dd>
                <dt>"Events"</dt><dd>{types}</dd>
                <dt>"Registered"</dt><dd>{format!("{} by {}", when(e.created_at), e.created_by)}</dd>
            </dl>
            {rotation}
            <div class="head-actions webhook-actions">
                <form method="post" action=format!("{base}/enabled")>
                    <input type="hidden" name="enabled" value=toggle_value />
                    <button type="submit" class="btn">{toggle_label}</button>
                </form>
                <form method="post" action=format!("{base}/secret")>
                    <button type="submit" class="btn">"Rotate secret"</button>
                </form>
                <a class="btn btn-danger-outline" href=format!("{base}/delete")>"Delete"</a>
            </div>
            <h2>"Deliveries"</h2>
            <p class="small muted">"The newest 50. A delivery is tried until the endpoint answers 2xx; after the last try it is marked failed and can be sent again."</p>
            {list}
        </AdminShell>
    }
}

#[component]
fn Delivery(d: WebhookDelivery, base: String) -> impl IntoView {
    let badge = match d.status.as_str() {
        "delivered" => view! { <span class="badge badge-ok">"Delivered"</span> }.into_any(),
        "failed" => view! { <span class="badge badge-warn">"Failed"</span> }.into_any(),
        _ => view! { <span class="badge badge-muted">"Pending"</span> }.into_any(),
    };
    // A failed delivery shows its tries and the resend button at once.
    let open = d.status == "failed";
    let tries_label = match d.attempts {
        1 => "1 try".to_owned(),
        n => format!("{n} tries"),
    };
    let next = d
        .next_attempt_at
        .map(|at| view! { <span class="small muted">{format!(" next try {}", when(at))}</span> });
    let resend = (d.status == "failed").then(|| {
        view! {
            <form method="post" action=format!("{base}/deliveries/{}/resend", d.id) class="inline">
                <button type="submit" class="btn btn-small">"Resend"<span class="sr-only">{format!(" event {}", d.event_id)}</span></button>
            </form>
        }
    });
    let tries = d
        .tries
        .iter()
        .map(|t| {
            let answer = match (t.status_code, &t.error) {
                (Some(code), _) => format!("HTTP {code}"),
                (None, Some(e)) => e.clone(),
                (None, None) => "—".to_owned(),
            };
            view! {
                <tr>
                    <td class="small">{when(t.started_at)}</td>
                    <td class="small">{answer}</td>
                    <td class="small">{format!("{} ms", t.duration_ms)}</td>
                    <td class="small"><code>{t.response_excerpt.clone().unwrap_or_default()}</code></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <details class="card delivery" open=open>
            <summary>
                {badge}" "<strong>{event_label(&d.event_type).to_owned()}</strong>
                <span class="small muted">{format!(" {} · {} · {tries_label}", d.event_id, when(d.created_at))}</span>
                {next}
            </summary>
            {d.last_error.clone().map(|e| view! { <p class="small">{format!("Last error: {e}")}</p> })}
            {resend}
            <div class="table-scroll">
                <table class="admin-table">
                    <thead><tr><th scope="col">"Try"</th><th scope="col">"Answer"</th><th scope="col">"Took"</th><th scope="col">"Body"</th></tr></thead>
                    <tbody>{tries}</tbody>
                </table>
            </div>
        </details>
    }
}

/// `/admin/webhooks/{id}/delete`: asks first.
#[component]
pub fn DeleteWebhookPage() -> impl IntoView {
    with_page(|page| {
        let e = page.endpoint;
        let base = format!("/admin/webhooks/{}", e.id);
        let action = format!("{base}/delete");
        view! {
            <Title text="Delete webhook endpoint?" />
            <AdminShell section=AdminSection::Webhooks hotel=e.hotel.clone().unwrap_or_default()>
                <div class="card confirm-card">
                    <h1>"Delete this webhook endpoint?"</h1>
                    <p>{format!("{} stops getting events. Its deliveries and their history are deleted too; those still waiting are never sent.", e.url)}</p>
                    <form method="post" action=action class="actions">
                        <button type="submit" class="btn btn-danger">"Yes, delete endpoint"</button>
                        <a class="btn" href=base>"Cancel"</a>
                    </form>
                </div>
            </AdminShell>
        }
        .into_any()
    })
}
