//! `/admin/hotels/{slug}`: a hotel's publishing state, room types, photos and details.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::hotel_fields::{FormState, Input};
use super::hotels_api::{HotelPage, load_admin_hotel};
use super::hotels_form::HotelForm;
use super::shell::{AdminError, AdminSection, AdminShell, HotelHead, HotelTab, published_badge};
use crate::components::form::SubmitButton;
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{AdminHotel, Flash, format_money};

/// The hotel named by the route's `:slug`, as the edit page and its confirmation pages load it.
pub fn hotel_resource() -> Resource<Result<HotelPage, crate::model::AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| p.get("slug").unwrap_or_default()),
        load_admin_hotel,
    )
}

#[component]
pub fn EditHotelPage() -> impl IntoView {
    let data = hotel_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <AdminError error=e /> }.into_any(),
                };
                let Some(hotel) = page.hotel.clone() else {
                    return view! { <AdminError error=crate::model::AppError::not_found("Hotel") /> }.into_any();
                };
                let slug = hotel.slug.clone();
                // Form errors show at their fields; only page-wide notices go in the banner.
                let banner = Flash { notice: page.flash.notice.clone(), alert: page.flash.alert.clone(), ..Default::default() };
                view! {
                    <Title text=hotel.name.clone() />
                    <AdminShell section=AdminSection::Hotels hotel=slug.clone()>
                        <HotelHead slug=slug.clone() name=hotel.name.clone() current=HotelTab::Details badge=published_badge(hotel.published) />
                        <FlashBanner flash=banner />
                        <Publishing hotel=hotel.clone() />
                        <RoomTypes hotel=hotel.clone() />
                        <Photos hotel=hotel.clone() flash=page.flash.clone() />
                        <section class="admin-section" aria-labelledby="details-h">
                            <h2 id="details-h">"Hotel details"</h2>
                            <HotelForm hotel=Some(hotel) cities=page.cities flash=page.flash />
                        </section>
                    </AdminShell>
                }.into_any()
            })}
        </Suspense>
    }
}

#[component]
fn Publishing(hotel: AdminHotel) -> impl IntoView {
    let slug = hotel.slug.clone();
    let sellable = hotel
        .room_types
        .iter()
        .any(|r| !r.retired && r.total_rooms > 0);
    if hotel.published {
        view! {
            <div class="status-panel status-live">
                <p><strong>"Published."</strong>" Guests can find this hotel in search and book it. "
                    <a href=format!("/hotels/{slug}")>"See the guest page"</a></p>
                <a class="btn btn-small btn-danger-outline" href=format!("/admin/hotels/{slug}/unpublish")>"Unpublish…"</a>
            </div>
        }
        .into_any()
    } else {
        let why = if sellable {
            "Guests can't find or book it yet."
        } else {
            "Guests can't find or book it yet. Add a room type with at least one room, then publish."
        };
        view! {
            <form method="post" action=format!("/admin/hotels/{slug}/publish") class="status-panel status-draft">
                <p><strong>"Not published."</strong>" "{why}</p>
                <input type="hidden" name="published" value="true" />
                <SubmitButton label="Publish hotel" pending_label="Publishing…" class="btn btn-small btn-primary" />
            </form>
        }
        .into_any()
    }
}

#[component]
fn RoomTypes(hotel: AdminHotel) -> impl IntoView {
    let slug = hotel.slug.clone();
    let cur = hotel.currency.clone();
    let empty = hotel.room_types.is_empty();
    let rows = hotel.room_types.iter().map(|r| {
        let base = format!("/admin/hotels/{slug}/room-types/{}", r.slug);
        view! {
            <tr class:retired=r.retired>
                <th scope="row"><a href=base.clone()>{r.name.clone()}</a></th>
                <td>{format!("{} · sleeps {}", r.beds, r.capacity)}</td>
                <td class="num">{r.total_rooms}</td>
                <td class="num">{format_money(r.nightly_rate_minor, &cur)}</td>
                <td class="num">{format_money(r.weekend_rate_minor, &cur)}</td>
                <td>{if r.retired { view! { <span class="badge badge-muted">"Retired"</span> }.into_any() } else { view! { <span class="badge badge-ok">"On sale"</span> }.into_any() }}</td>
                <td class="row-actions">
                    <a href=base.clone()>"Edit"<span class="sr-only">{format!(" {}", r.name)}</span></a>
                    <a href=format!("{base}/calendar")>"Calendar"<span class="sr-only">{format!(" of {}", r.name)}</span></a>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <section class="admin-section" id="room-types" aria-labelledby="rooms-h">
            <div class="section-head">
                <h2 id="rooms-h">"Room types"</h2>
                <a class="btn btn-small btn-primary" href=format!("/admin/hotels/{slug}/room-types/new")>"Add room type"</a>
            </div>
            {if empty {
                view! { <p class="admin-empty">"No room types yet. Add one to sell rooms."</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="admin-table">
                            <thead><tr>
                                <th scope="col">"Room type"</th><th scope="col">"Beds"</th><th scope="col" class="num">"Rooms"</th>
                                <th scope="col" class="num">"Sun–Thu"</th><th scope="col" class="num">"Fri–Sat"</th>
                                <th scope="col">"Status"</th><th scope="col"><span class="sr-only">"Actions"</span></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Photos(hotel: AdminHotel, flash: Flash) -> impl IntoView {
    let slug = hotel.slug.clone();
    let f = FormState::new(&flash, "photo");
    let photo_error = f.error("photo");
    let photo_invalid = photo_error.is_some();
    let items = hotel.photos.iter().map(|p| {
        let alt = if p.caption.is_empty() { format!("Photo {} of {}", p.id, hotel.name) } else { p.caption.clone() };
        view! {
            <li class="photo">
                <img src=p.admin_src(&slug) alt=alt width=p.width.to_string() height=p.height.to_string() loading="lazy" />
                <div class="photo-meta">
                    <span class="small">{if p.caption.is_empty() { "No caption".to_owned() } else { p.caption.clone() }}</span>
                    <a class="small danger-link" href=format!("/admin/hotels/{slug}/photos/{}/delete", p.id)>"Delete"<span class="sr-only">{format!(" photo {}", p.id)}</span></a>
                </div>
            </li>
        }
    }).collect_view();
    view! {
        <section class="admin-section" id="photos" aria-labelledby="photos-h">
            <div class="section-head">
                <h2 id="photos-h">"Photos"</h2>
                <span class="muted small">{format!("{} of 20", hotel.photos.len())}</span>
            </div>
            {hotel.photos.is_empty().then(|| view! { <p class="muted">"No photos yet: guests see the drawn artwork until you upload one. The first photo leads the guest page."</p> })}
            <ul class="photo-grid" role="list">{items}</ul>
            <form method="post" action=format!("/admin/hotels/{}/photos", hotel.slug) enctype="multipart/form-data" class="upload-form" aria-label="Upload a photo">
                <div class="field" class:has-error=photo_invalid>
                    <label for="f-photo">"Photo"</label>
                    <input id="f-photo" type="file" name="photo" required accept="image/jpeg,image/png,image/webp"
                        aria-invalid=photo_invalid.then_some("true") aria-describedby="f-photo-hint" />
                    {match photo_error {
                        Some(e) => view! { <p class="field-error" id="f-photo-hint">{e}</p> }.into_any(),
                        None => view! { <p class="hint" id="f-photo-hint">"JPEG, PNG or WebP, up to 5 MB, at least 320 × 320 pixels."</p> }.into_any(),
                    }}
                </div>
                <Input label="Caption" name="caption" value=f.value("caption", "") error=f.error("caption") hint="Say what it shows, e.g. River view from room 3." />
                <SubmitButton label="Upload photo" pending_label="Uploading…" class="btn btn-primary" />
            </form>
        </section>
    }
}
