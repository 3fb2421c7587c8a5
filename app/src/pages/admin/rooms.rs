//! Room types: the create and edit form (rates typed in the hotel's currency), retiring one
//! (asked first) and bringing it back.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::hotel_confirm::Confirm;
use super::hotel_fields::{FormState, Input, TextArea, major_text};
use super::hotels_api::{RoomTypePage, load_room_type};
use super::shell::{AdminError, AdminSection, AdminShell};
use crate::components::form::{ErrorSummary, SubmitButton};
use crate::components::layout::{FlashBanner, Loading};
use crate::model::{AdminRoomType, AppError, Flash};

fn room_resource() -> Resource<Result<RoomTypePage, AppError>> {
    let params = use_params_map();
    Resource::new(
        move || params.with(|p| (p.get("slug").unwrap_or_default(), p.get("room"))),
        |(slug, room)| load_room_type(slug, room),
    )
}

/// `/admin/hotels/{slug}/room-types/new` and `/admin/hotels/{slug}/room-types/{room}`.
#[component]
pub fn RoomTypePage() -> impl IntoView {
    let data = room_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => view! { <RoomTypeView page /> }.into_any(),
                    Err(e) => view! { <AdminError error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoomTypeView(page: RoomTypePage) -> impl IntoView {
    let hotel = page.hotel;
    let slug = hotel.slug.clone();
    let title = page
        .room
        .as_ref()
        .map(|r| r.name.clone())
        .unwrap_or_else(|| "New room type".into());
    let banner = Flash {
        notice: page.flash.notice.clone(),
        alert: page.flash.alert.clone(),
        ..Default::default()
    };
    let head_actions = page.room.as_ref().map(|r| {
        let base = format!("/admin/hotels/{slug}/room-types/{}", r.slug);
        let retire = if r.retired {
            view! {
                <form method="post" action=format!("{base}/retire") class="inline">
                    <input type="hidden" name="retired" value="false" />
                    <button type="submit" class="btn btn-small">"Bring back on sale"</button>
                </form>
            }
            .into_any()
        } else {
            view! { <a class="btn btn-small btn-danger-outline" href=format!("{base}/retire")>"Retire…"</a> }.into_any()
        };
        view! {
            <div class="head-actions">
                <a class="btn btn-small" href=format!("{base}/calendar")>"Rates & availability"</a>
                {retire}
            </div>
        }
    });
    let retired = page.room.as_ref().is_some_and(|r| r.retired);
    view! {
        <Title text=format!("{title} · {}", hotel.name) />
        <AdminShell section=AdminSection::Hotels hotel=slug.clone()>
            <header class="admin-head">
                <p class="admin-crumbs">
                    <a href="/admin/hotels">"Hotels"</a><span aria-hidden="true">" / "</span>
                    <a href=format!("/admin/hotels/{slug}")>{hotel.name.clone()}</a><span aria-hidden="true">" / "</span>
                    <a href=format!("/admin/hotels/{slug}#room-types")>"Room types"</a>
                </p>
                <div class="admin-title">
                    <h1>{title}</h1>
                    {retired.then(|| view! { <span class="badge badge-muted">"Retired"</span> })}
                    {head_actions}
                </div>
                {retired.then(|| view! { <p class="muted">"Retired: not in search and not bookable. Its bookings stay as they are."</p> })}
            </header>
            <FlashBanner flash=banner />
            <RoomForm slug currency=hotel.currency.clone() room=page.room flash=page.flash />
        </AdminShell>
    }
}

#[component]
fn RoomForm(
    slug: String,
    currency: String,
    room: Option<AdminRoomType>,
    flash: Flash,
) -> impl IntoView {
    let f = FormState::new(&flash, "room_type");
    let new = room.is_none();
    let action = match &room {
        Some(r) => format!("/admin/hotels/{slug}/room-types/{}", r.slug),
        None => format!("/admin/hotels/{slug}/room-types/new"),
    };
    let back = match &room {
        Some(_) => action.clone(),
        None => format!("/admin/hotels/{slug}#room-types"),
    };
    let r = room.unwrap_or(AdminRoomType {
        slug: String::new(),
        name: String::new(),
        description: String::new(),
        capacity: 2,
        beds: String::new(),
        size_m2: 0,
        amenities: Vec::new(),
        nightly_rate_minor: 0,
        weekend_rate_minor: 0,
        total_rooms: 1,
        retired: false,
    });
    let rate = |minor: i64| {
        if minor > 0 {
            major_text(minor, &currency)
        } else {
            String::new()
        }
    };
    let weekend = if r.weekend_rate_minor == r.nightly_rate_minor {
        String::new()
    } else {
        rate(r.weekend_rate_minor)
    };
    let size = if r.size_m2 == 0 {
        String::new()
    } else {
        r.size_m2.to_string()
    };
    view! {
        <ErrorSummary count=f.error_count() />
        <form method="post" action=action class="admin-form" aria-label=if new { "New room type" } else { "Room type details" }>
            <fieldset>
                <legend>"The room"</legend>
                <div class="form-grid">
                    <Input label="Name" name="name" value=f.value("name", r.name.clone()) error=f.error("name") required=true autofocus=new class="span-2" hint="E.g. River View Double." />
                    <Input label="Beds" name="beds" value=f.value("beds", r.beds.clone()) error=f.error("beds") required=true hint="E.g. 1 king bed, or 2 single beds." />
                    <Input label="Sleeps" name="capacity" kind="number" min="1" max="12" value=f.value("capacity", r.capacity.to_string()) error=f.error("capacity") required=true suffix="guests" />
                    <Input label="Size" name="size_m2" kind="number" min="0" max="1000" value=f.value("size_m2", size) error=f.error("size_m2") suffix="m²" />
                </div>
                <TextArea label="Description" name="description" rows=4 value=f.value("description", r.description.clone()) error=f.error("description") />
                <TextArea label="Amenities" name="amenities" rows=5 value=f.value("amenities", r.amenities.join("\n")) error=f.error("amenities") hint="One per line, e.g. Rain shower." />
            </fieldset>
            <fieldset>
                <legend>"Prices and rooms"</legend>
                <div class="form-grid form-grid-3">
                    <Input label="Nightly rate, Sun–Thu" name="nightly_rate" inputmode="decimal" value=f.value("nightly_rate", rate(r.nightly_rate_minor)) error=f.error("nightly_rate") required=true suffix=currency.clone() hint="Before taxes." />
                    <Input label="Weekend rate, Fri–Sat" name="weekend_rate" inputmode="decimal" value=f.value("weekend_rate", weekend) error=f.error("weekend_rate") suffix=currency.clone() hint="Empty: same as Sun–Thu." />
                    <Input label="Rooms of this type" name="total_rooms" kind="number" min="0" max="1000" value=f.value("total_rooms", r.total_rooms.to_string()) error=f.error("total_rooms") required=true hint="For sale each night, unless the calendar says otherwise." />
                </div>
            </fieldset>
            <div class="form-actions">
                <SubmitButton label=if new { "Add room type" } else { "Save changes" } pending_label="Saving…" />
                <a class="btn" href=back>{if new { "Cancel" } else { "Discard changes" }}</a>
            </div>
        </form>
    }
}

/// `/admin/hotels/{slug}/room-types/{room}/retire`.
#[component]
pub fn RetireRoomTypePage() -> impl IntoView {
    let data = room_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let page = match data.await {
                    Ok(page) => page,
                    Err(e) => return view! { <AdminError error=e /> }.into_any(),
                };
                let Some(room) = page.room else {
                    return view! { <AdminError error=AppError::not_found("Room type") /> }.into_any();
                };
                let base = format!("/admin/hotels/{}/room-types/{}", page.hotel.slug, room.slug);
                view! {
                    <Confirm slug=page.hotel.slug.clone() title=format!("Retire {}?", room.name)
                        action=format!("{base}/retire") button="Yes, retire room type" back=base hidden=("retired", "true".to_owned())>
                        <p>{format!("{} leaves search and can no longer be booked at {}. Existing bookings stay as they are, and you can bring it back later.", room.name, page.hotel.name)}</p>
                    </Confirm>
                }.into_any()
            })}
        </Suspense>
    }
}
