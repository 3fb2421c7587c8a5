//! `/admin/webhooks` (every endpoint the admin manages, platform-wide ones included for a
//! platform admin) and `/admin/hotels/{slug}/webhooks` (one hotel's): the endpoints, and the
//! form that registers one (URL, description, the event types it gets).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::hotel_fields::{FormState, Input};
use super::shell::{AdminError, AdminSection, AdminShell, HotelHead, HotelTab};
use super::webhooks_api::{WebhooksPage, load_webhooks};
use crate::components::form::{ErrorSummary, SubmitButton};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{BOOKING_EVENT_TYPES, Flash, WebhookEndpoint};

/// What the admin UI calls an event type.
pub fn event_label(t: &str) -> &str {
    BOOKING_EVENT_TYPES
        .iter()
        .find(|(name, _)| *name == t)
        .map_or(t, |(_, label)| label)
}

#[component]
pub fn AllWebhooksPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| load_webhooks(None));
    page(data)
}

#[component]
pub fn HotelWebhooksPage() -> impl IntoView {
    let params = use_params_map();
    let data = Resource::new(move || params.with(|p| p.get("slug")), load_webhooks);
    page(data)
}

fn page(data: Resource<Result<WebhooksPage, crate::model::AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <Webhooks page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Webhooks(page: WebhooksPage) -> impl IntoView {
    let WebhooksPage {
        endpoints,
        hotels,
        hotel,
        platform,
        flash,
    } = page;
    let banner = Flash {
        notice: flash.notice.clone(),
        alert: flash.alert.clone(),
        ..Default::default()
    };
    let f = FormState::new(&flash, "webhook");
    // A hotel's page is one of its tabs; the list of every endpoint is a section of its own.
    let section = if hotel.is_some() {
        AdminSection::Hotels
    } else {
        AdminSection::Webhooks
    };
    let (title, head) = match &hotel {
        Some((slug, name)) => (
            format!("Webhooks · {name}"),
            view! { <HotelHead slug=slug.clone() name=name.clone() current=HotelTab::Webhooks title="Webhooks" /> }.into_any(),
        ),
        None => (
            "Webhooks".to_owned(),
            view! { <div class="bk-head"><h1>"Webhooks"</h1></div> }.into_any(),
        ),
    };
    let intro = "Your channel manager, PMS or other systems get the hotel's booking events as signed webhooks (Standard Webhooks): each is a CloudEvent in JSON, POSTed to the endpoint's https URL with webhook-id, webhook-timestamp and webhook-signature headers. Failed deliveries are retried for about three days.";
    let list = if endpoints.is_empty() {
        view! { <div class="card empty-state"><p>"No webhook endpoints yet."</p></div> }.into_any()
    } else {
        // A hotel's page needs no hotel column.
        let show_hotel = hotel.is_none();
        let rows = endpoints
            .into_iter()
            .map(|e| view! { <Row e show_hotel /> })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="admin-table webhooks-table">
                    <thead><tr>
                        <th scope="col">"Endpoint"</th>{show_hotel.then(|| view! { <th scope="col">"Hotel"</th> })}
                        <th scope="col">"Events"</th><th scope="col">"State"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    // The hotel of the page; else a choice of the admin's hotels (and every hotel, for a
    // platform admin).
    let chosen = f.value(
        "hotel",
        hotel.as_ref().map(|h| h.0.clone()).unwrap_or_default(),
    );
    let hotel_field = match &hotel {
        Some((slug, _)) => {
            view! { <input type="hidden" name="hotel" value=slug.clone() /> }.into_any()
        }
        None => {
            let options = hotels
                .into_iter()
                .map(|h| {
                    let selected = h.slug == chosen;
                    view! { <option value=h.slug.clone() selected=selected>{h.name}</option> }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for="f-hotel">"Hotel"</label>
                    <select id="f-hotel" name="hotel">
                        {platform.then(|| view! { <option value="" selected=chosen.is_empty()>"Every hotel (platform-wide)"</option> })}
                        {options}
                    </select>
                    {f.error("hotel").map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
            }
            .into_any()
        }
    };
    let back = match &hotel {
        Some((slug, _)) => format!("/admin/hotels/{slug}/webhooks"),
        None => "/admin/webhooks".to_owned(),
    };
    let returned = f.returned();
    let boxes = BOOKING_EVENT_TYPES
        .iter()
        .enumerate()
        .map(|(i, (name, label))| {
            let field = format!("type.{name}");
            let checked = if returned {
                f.checked(&field, false)
            } else {
                true
            };
            let (id, label_for) = (format!("f-type-{i}"), format!("f-type-{i}"));
            view! {
                <label class="check" for=label_for>
                    <input type="checkbox" id=id name=field value="on" checked=checked />
                    " "{*label}" "<code class="small muted">{*name}</code>
                </label>
            }
        })
        .collect_view();
    view! {
        <Title text=title />
        <AdminShell section=section hotel=hotel.as_ref().map(|h| h.0.clone()).unwrap_or_default()>
            {head}
            <FlashBanner flash=banner />
            <p class="muted">{intro}</p>
            {list}
            <form method="post" action="/admin/webhooks" class="admin-form card webhook-register" aria-labelledby="register-h">
                <h2 id="register-h">"Register an endpoint"</h2>
                <ErrorSummary count=f.error_count() />
                <input type="hidden" name="page" value=back />
                {hotel_field}
                <Input label="URL" name="url" kind="url" required=true value=f.value("url", "") error=f.error("url")
                    hint="https only; it must resolve to a public address." autocomplete="off" />
                <Input label="Description" name="description" value=f.value("description", "") error=f.error("description")
                    hint="What it is, e.g. the channel manager's name." autocomplete="off" />
                <fieldset class="field">
                    <legend>"Events it gets"</legend>
                    {boxes}
                    {f.error("event_types").map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <div class="form-actions">
                    <SubmitButton label="Register endpoint" pending_label="Registering…" />
                </div>
            </form>
        </AdminShell>
    }
}

#[component]
fn Row(e: WebhookEndpoint, show_hotel: bool) -> impl IntoView {
    let every = BOOKING_EVENT_TYPES.iter().all(|(name, _)| {
        e.event_types
            .iter()
            .any(|t| event_label(t) == event_label(name))
    });
    let events = if every {
        "Every booking event".to_owned()
    } else {
        e.event_types
            .iter()
            .map(|t| event_label(t).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let state = match (e.enabled, e.failed) {
        (false, _) => view! { <span class="badge badge-muted">"Disabled"</span> }.into_any(),
        (true, 0) => view! { <span class="badge badge-ok">"Enabled"</span> }.into_any(),
        (true, n) => {
            view! { <span class="badge badge-warn">{format!("{n} failed")}</span> }.into_any()
        }
    };
    let hotel = e
        .hotel_name
        .clone()
        .unwrap_or_else(|| "Every hotel".to_owned());
    view! {
        <tr>
            <td>
                <a href=format!("/admin/webhooks/{}", e.id)><code class="url">{e.url.clone()}</code></a>
                {(!e.description.is_empty()).then(|| view! { <div class="small muted">{e.description.clone()}</div> })}
            </td>
            {show_hotel.then(|| view! { <td>{hotel}</td> })}
            <td class="small">{events}</td>
            <td>{state}{(e.pending > 0).then(|| view! { <div class="small muted">{format!("{} waiting", e.pending)}</div> })}</td>
        </tr>
    }
}
