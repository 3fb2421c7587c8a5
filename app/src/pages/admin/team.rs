//! Who hears about and who runs a hotel: alert email recipients, and the hotel's admins
//! (platform admins assign and remove them; removing asks first).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::hotel_confirm::Confirm;
use super::hotel_fields::{FormState, Input};
use super::hotels_api::{TeamPage, load_team};
use super::shell::{AdminError, AdminSection, AdminShell, HotelHead, HotelTab};
use crate::components::form::{ErrorSummary, SubmitButton};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{AlertRecipient, AppError, Flash};

fn team_resource() -> Resource<Result<TeamPage, AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        load_team,
    )
}

fn team_view(render: fn(TeamPage) -> AnyView) -> impl IntoView {
    let data = team_resource();
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

fn banner(flash: &Flash) -> Flash {
    Flash {
        notice: flash.notice.clone(),
        alert: flash.alert.clone(),
        ..Default::default()
    }
}

/// `/admin/hotels/{slug}/alerts`.
#[component]
pub fn AlertsPage() -> impl IntoView {
    team_view(|page| {
        let slug = page.hotel.slug.clone();
        let f = FormState::new(&page.flash, "alerts");
        // After a failed save, the rows as typed; else the saved list and one empty row to add.
        let saved = page.recipients.clone();
        let rows: Vec<AlertRecipient> = if f.returned() {
            let n: usize = f.value("rows", "0").parse().unwrap_or(0);
            (0..n.min(40))
                .map(|i| {
                    let email = f.value(&format!("recipients[{i}].email"), "");
                    AlertRecipient {
                        confirmed: saved
                            .iter()
                            .any(|s| s.confirmed && s.email.eq_ignore_ascii_case(email.trim())),
                        on_booking: f.checked(&format!("recipients[{i}].on_booking"), false),
                        on_cancellation: f
                            .checked(&format!("recipients[{i}].on_cancellation"), false),
                        email,
                    }
                })
                .collect()
        } else {
            let mut list = saved.clone();
            list.push(AlertRecipient {
                email: String::new(),
                on_booking: true,
                on_cancellation: true,
                confirmed: false,
            });
            list
        };
        let none_confirmed = !saved.iter().any(|r| r.confirmed);
        let count = rows.len();
        let lines = rows.into_iter().enumerate().map(|(i, r)| {
            let name = |field: &str| format!("recipients[{i}].{field}");
            let n = i + 1;
            let new = r.email.is_empty() && i + 1 == count;
            // Only a saved address can wait for its link (and be sent a new one).
            let waiting = !r.confirmed && saved.iter().any(|s| s.email.eq_ignore_ascii_case(r.email.trim()));
            let state = if new {
                view! { <span class="muted small">"New"</span> }.into_any()
            } else if r.confirmed {
                view! { <span class="badge badge-ok">"Confirmed"</span> }.into_any()
            } else if waiting {
                view! {
                    <span class="badge badge-muted">"Waiting for confirmation"</span>
                    " "
                    <button type="submit" form="alerts-resend" name="email" value=r.email.clone() class="btn btn-small">
                        "Send the link again"<span class="sr-only">{format!(" to {}", r.email)}</span>
                    </button>
                }.into_any()
            } else {
                view! { <span class="muted small">"Not saved"</span> }.into_any()
            };
            view! {
                <tr>
                    <td>
                        <Input label=format!("Recipient {n} email") name=name("email") kind="email" value=r.email.clone() error=f.error(&name("email")) autocomplete="off" class="compact" />
                    </td>
                    <td class="center">
                        <label class="sr-only" for=format!("alert-b-{i}")>{format!("Recipient {n}: new bookings")}</label>
                        <input type="checkbox" id=format!("alert-b-{i}") name=name("on_booking") value="on" checked=r.on_booking />
                    </td>
                    <td class="center">
                        <label class="sr-only" for=format!("alert-c-{i}")>{format!("Recipient {n}: cancellations")}</label>
                        <input type="checkbox" id=format!("alert-c-{i}") name=name("on_cancellation") value="on" checked=r.on_cancellation />
                    </td>
                    <td class="alert-state">{state}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <Title text=format!("Alert emails · {}", page.hotel.name) />
            <AdminShell section=AdminSection::Hotels hotel=slug.clone()>
                <HotelHead slug=slug.clone() name=page.hotel.name.clone() current=HotelTab::Alerts title="Alert emails" />
                <FlashBanner flash=banner(&page.flash) />
                <p class="muted">"Who gets an email when a guest books or cancels at this hotel. To remove someone, untick both boxes (or clear the address) and save. Type an address in the empty row to add one: it is emailed a link, and gets alerts (with the guests' details) once it confirms."</p>
                {none_confirmed.then(|| view! {
                    <p class="status-panel status-draft">"No address has confirmed yet, so this hotel's alerts go to the platform admins."</p>
                })}
                <ErrorSummary count=f.error_count() />
                {f.error("recipients").map(|e| view! { <p class="field-error">{e}</p> })}
                <form method="post" action=format!("/admin/hotels/{slug}/alerts") class="admin-form">
                    <input type="hidden" name="rows" value=count.to_string() />
                    <div class="table-scroll">
                        <table class="admin-table alerts-table">
                            <thead><tr>
                                <th scope="col">"Email"</th><th scope="col" class="center">"New bookings"</th>
                                <th scope="col" class="center">"Cancellations"</th><th scope="col">"State"</th>
                            </tr></thead>
                            <tbody>{lines}</tbody>
                        </table>
                    </div>
                    <div class="form-actions">
                        <SubmitButton label="Save recipients" pending_label="Saving…" />
                    </div>
                </form>
                // The rows' "Send the link again" buttons submit this form (their `form`
                // attribute), so Enter in the list above still saves it.
                <form id="alerts-resend" method="post" action=format!("/admin/hotels/{slug}/alerts/resend")></form>
            </AdminShell>
        }.into_any()
    })
}

/// `/admin/hotels/{slug}/admins`.
#[component]
pub fn HotelAdminsPage() -> impl IntoView {
    team_view(|page| {
        let slug = page.hotel.slug.clone();
        let f = FormState::new(&page.flash, "assign");
        let platform = page.platform;
        let rows = page.admins.iter().map(|a| {
            let remove = format!("/admin/hotels/{slug}/admins/remove?email={}", crate::url::url_encode(&a.email));
            view! {
                <tr>
                    <th scope="row">{a.name.clone()}</th>
                    <td>{a.email.clone()}</td>
                    {platform.then(|| view! { <td class="row-actions"><a class="danger-link" href=remove>"Remove"<span class="sr-only">{format!(" {}", a.name)}</span></a></td> })}
                </tr>
            }
        }).collect_view();
        let empty = page.admins.is_empty();
        view! {
            <Title text=format!("Admins · {}", page.hotel.name) />
            <AdminShell section=AdminSection::Hotels hotel=slug.clone()>
                <HotelHead slug=slug.clone() name=page.hotel.name.clone() current=HotelTab::Admins title="Hotel admins" />
                <FlashBanner flash=banner(&page.flash) />
                <p class="muted">"Hotel admins run this hotel: its details, rooms, rates and bookings. Platform admins run every hotel."</p>
                {if empty {
                    view! { <p class="admin-empty">"No hotel admins yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll">
                            <table class="admin-table">
                                <thead><tr><th scope="col">"Name"</th><th scope="col">"Email"</th>
                                    {platform.then(|| view! { <th scope="col"><span class="sr-only">"Actions"</span></th> })}</tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                {if platform {
                    view! {
                        <form method="post" action=format!("/admin/hotels/{slug}/admins") class="inline-form card" aria-labelledby="assign-h">
                            <h2 id="assign-h">"Add an admin"</h2>
                            <div class="inline-row">
                                <Input label="Email of their account" name="email" kind="email" required=true value=f.value("email", "") error=f.error("email")
                                    hint="They need a Vision Stays account already: ask them to sign up first." autocomplete="off" />
                                <SubmitButton label="Add admin" pending_label="Adding…" />
                            </div>
                        </form>
                    }.into_any()
                } else {
                    view! { <p class="muted small">"Only platform admins can change who runs this hotel."</p> }.into_any()
                }}
            </AdminShell>
        }.into_any()
    })
}

/// `/admin/hotels/{slug}/admins/remove?email=…`.
#[component]
pub fn RemoveAdminPage() -> impl IntoView {
    team_view(|page| view! { <RemoveAdmin page /> }.into_any())
}

#[component]
fn RemoveAdmin(page: TeamPage) -> impl IntoView {
    let email = use_query_map().with_untracked(|q| q.get("email").unwrap_or_default());
    let slug = page.hotel.slug.clone();
    let back = format!("/admin/hotels/{slug}/admins");
    let Some(admin) = page
        .admins
        .iter()
        .find(|a| a.email.eq_ignore_ascii_case(&email))
        .cloned()
    else {
        return view! { <AdminError error=AppError::not_found("Hotel admin") /> }.into_any();
    };
    if !page.platform {
        return view! { <AdminError error=AppError::Forbidden /> }.into_any();
    }
    view! {
        <Confirm slug=slug.clone() title=format!("Remove {} from {}?", admin.name, page.hotel.name)
            action=format!("/admin/hotels/{slug}/admins/remove") button="Yes, remove admin" back hidden=("email", admin.email.clone())>
            <p>{format!("{} ({}) will no longer see or run {}. Their account and any other hotels they run stay.", admin.name, admin.email, page.hotel.name)}</p>
        </Confirm>
    }
    .into_any()
}
