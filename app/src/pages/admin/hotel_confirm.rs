//! Pages that ask before something hard to undo on a hotel: unpublishing it, deleting a photo.
//! Each is a page with a POST form, so it works without JavaScript.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::hotels_edit::hotel_resource;
use super::shell::{AdminError, AdminSection, AdminShell};
use crate::components::layout::Loading;
use crate::model::AppError;

/// A confirmation card: what happens, the dangerous button, and the way back.
#[component]
pub fn Confirm(
    #[prop(into)] slug: String,
    #[prop(into)] title: String,
    #[prop(into)] action: String,
    #[prop(into)] button: String,
    #[prop(into)] back: String,
    /// A hidden field sent with the form, e.g. `("published", "false")`.
    #[prop(optional)]
    hidden: Option<(&'static str, String)>,
    children: Children,
) -> impl IntoView {
    view! {
        <Title text=title.clone() />
        <AdminShell section=AdminSection::Hotels hotel=slug>
            <div class="card confirm-card">
                <h1>{title}</h1>
                {children()}
                <form method="post" action=action class="actions">
                    {hidden.map(|(name, value)| view! { <input type="hidden" name=name value=value /> })}
                    <button type="submit" class="btn btn-danger">{button}</button>
                    <a class="btn" href=back>"Cancel"</a>
                </form>
            </div>
        </AdminShell>
    }
}

/// `/admin/hotels/{slug}/unpublish`.
#[component]
pub fn UnpublishPage() -> impl IntoView {
    let data = hotel_resource();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let hotel = match data.await.and_then(|p| p.hotel.ok_or_else(|| AppError::not_found("Hotel"))) {
                    Ok(h) => h,
                    Err(e) => return view! { <AdminError error=e /> }.into_any(),
                };
                let back = format!("/admin/hotels/{}", hotel.slug);
                view! {
                    <Confirm slug=hotel.slug.clone() title=format!("Unpublish {}?", hotel.name)
                        action=format!("/admin/hotels/{}/publish", hotel.slug) button="Yes, unpublish" back hidden=("published", "false".to_owned())>
                        <p>"Guests will no longer find this hotel in search or be able to book it. Existing bookings stay as they are, and you can publish it again at any time."</p>
                    </Confirm>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/admin/hotels/{slug}/photos/{id}/delete`.
#[component]
pub fn DeletePhotoPage() -> impl IntoView {
    let data = hotel_resource();
    let params = use_params_map();
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let hotel = match data.await.and_then(|p| p.hotel.ok_or_else(|| AppError::not_found("Hotel"))) {
                    Ok(h) => h,
                    Err(e) => return view! { <AdminError error=e /> }.into_any(),
                };
                let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
                let Some(photo) = hotel.photos.iter().find(|p| p.id.to_string() == id).cloned() else {
                    return view! { <AdminError error=AppError::not_found("Photo") /> }.into_any();
                };
                view! {
                    <Confirm slug=hotel.slug.clone() title="Delete this photo?"
                        action=format!("/admin/hotels/{}/photos/{}/delete", hotel.slug, photo.id) button="Yes, delete photo"
                        back=format!("/admin/hotels/{}#photos", hotel.slug)>
                        <img class="confirm-photo" src=photo.admin_src(&hotel.slug) alt=photo.caption.clone() width=photo.width.to_string() height=photo.height.to_string() />
                        <p>{format!("It disappears from {}'s guest page. This can't be undone.", hotel.name)}</p>
                    </Confirm>
                }.into_any()
            })}
        </Suspense>
    }
}
