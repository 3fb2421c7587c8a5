//! The frame around every admin page: the admin's navigation, a hotel's tabs, and what a guest
//! or a signed-out visitor sees instead.
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::layout::ErrorPage;
use crate::model::AppError;
use crate::url::url_encode;

/// Which part of the admin the page belongs to (highlighted in the navigation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminSection {
    Dashboard,
    Hotels,
    Bookings,
    Emails,
    Alerts,
    Webhooks,
    /// Parked booking events and admin alerts.
    Events,
}

/// The admin navigation beside the page's own content. `hotel` (a slug) narrows the links to one
/// hotel.
#[component]
pub fn AdminShell(
    section: AdminSection,
    #[prop(optional_no_strip, into)] hotel: Option<String>,
    children: Children,
) -> impl IntoView {
    let link = move |s: AdminSection, href: String, label: &'static str| {
        let current = (s == section).then_some("page");
        view! { <a href=href aria-current=current class="admin-nav-link">{label}</a> }
    };
    // An empty slug means no hotel, so callers can pass one unconditionally.
    let hotel = hotel.filter(|h| !h.is_empty());
    let q = hotel
        .as_deref()
        .map(|h| format!("?hotel={h}"))
        .unwrap_or_default();
    let dashboard = hotel
        .as_deref()
        .map(|h| format!("/admin/hotels/{h}/dashboard"))
        .unwrap_or_else(|| "/admin".into());
    view! {
        <leptos_meta::Stylesheet id="vs-admin" href="/pkg/vision-stays-admin.css" />
        <div class="admin">
            <nav class="admin-nav" aria-label="Admin">
                <p class="admin-nav-title" aria-hidden="true">"Hotel admin"</p>
                {link(AdminSection::Dashboard, dashboard, "Dashboard")}
                {link(AdminSection::Hotels, "/admin/hotels".into(), "Hotels")}
                {link(AdminSection::Bookings, format!("/admin/bookings{q}"), "Bookings")}
                {link(AdminSection::Emails, format!("/admin/emails{q}"), "Emails")}
                {link(AdminSection::Alerts, "/admin/alerts".into(), "Alert recipients")}
                {link(AdminSection::Webhooks, "/admin/webhooks".into(), "Webhooks")}
                {link(AdminSection::Events, "/admin/events".into(), "Parked events")}
            </nav>
            <div class="admin-main">{children()}</div>
        </div>
    }
}

/// One tab of a hotel's pages (see [`HotelTabs`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HotelTab {
    Details,
    Dashboard,
    Calendar,
    Bookings,
    Alerts,
    Webhooks,
    Admins,
}

/// The title block of a hotel's pages: breadcrumb, name, and tabs to the hotel's other pages.
#[component]
pub fn HotelHead(
    #[prop(into)] slug: String,
    #[prop(into)] name: String,
    current: HotelTab,
    /// Shown after the name, e.g. the published badge.
    #[prop(optional)]
    badge: Option<AnyView>,
    /// The page's own title when it is not the hotel's name (e.g. "Alert emails").
    #[prop(optional, into)]
    title: Option<String>,
) -> impl IntoView {
    let tabs = [
        (
            HotelTab::Details,
            "Details",
            format!("/admin/hotels/{slug}"),
        ),
        (
            HotelTab::Dashboard,
            "Dashboard",
            format!("/admin/hotels/{slug}/dashboard"),
        ),
        (
            HotelTab::Calendar,
            "Rates & availability",
            format!("/admin/hotels/{slug}/calendar"),
        ),
        (
            HotelTab::Bookings,
            "Bookings",
            format!("/admin/bookings?hotel={slug}"),
        ),
        (
            HotelTab::Alerts,
            "Alert emails",
            format!("/admin/hotels/{slug}/alerts"),
        ),
        (
            HotelTab::Webhooks,
            "Webhooks",
            format!("/admin/hotels/{slug}/webhooks"),
        ),
        (
            HotelTab::Admins,
            "Admins",
            format!("/admin/hotels/{slug}/admins"),
        ),
    ];
    let heading = title.clone().unwrap_or_else(|| name.clone());
    view! {
        <header class="admin-head">
            <p class="admin-crumbs">
                <a href="/admin/hotels">"Hotels"</a>
                <span aria-hidden="true">" / "</span>
                {if title.is_some() {
                    view! { <a href=format!("/admin/hotels/{slug}")>{name.clone()}</a> }.into_any()
                } else {
                    view! { <span>{name.clone()}</span> }.into_any()
                }}
            </p>
            <div class="admin-title">
                <h1>{heading}</h1>
                {badge}
            </div>
            <nav class="hotel-tabs" aria-label=format!("{name} pages")>
                {tabs.into_iter().map(|(tab, label, href)| {
                    let current = (tab == current).then_some("page");
                    view! { <a href=href aria-current=current>{label}</a> }
                }).collect_view()}
            </nav>
        </header>
    }
}

/// Published or not, as a badge.
pub fn published_badge(published: bool) -> AnyView {
    if published {
        view! { <span class="badge badge-ok">"Published"</span> }.into_any()
    } else {
        view! { <span class="badge badge-muted">"Not published"</span> }.into_any()
    }
}

/// What an admin page shows instead of its content when loading failed: a sign-in prompt that
/// comes back here (a link, so it works without JavaScript), the no-access page for guests, or a
/// not-found inside the admin frame (a hotel or booking outside the admin's scope answers so).
#[component]
pub fn AdminError(error: AppError) -> impl IntoView {
    let location = use_location();
    // Signed out keeps the sign-in redirect `admin_caller` may have set.
    #[cfg(feature = "ssr")]
    if error != AppError::Unauthorized {
        crate::ssr::set_error_status(&error);
    }
    match error {
        AppError::Unauthorized => {
            // The router's `search` has no leading `?`.
            let (path, search) = (location.pathname.get_untracked(), location.search.get_untracked());
            let here = if search.is_empty() { path } else { format!("{path}?{}", search.trim_start_matches('?')) };
            view! {
                <leptos_meta::Title text="Please sign in" />
                <section class="wrap narrow empty-state">
                    <h1>"Please sign in"</h1>
                    <p>"Sign in with your hotel staff account to manage your hotels."</p>
                    <a class="btn btn-primary" href=format!("/signin?next={}", url_encode(&here))>"Sign in"</a>
                </section>
            }
            .into_any()
        }
        AppError::Forbidden => view! {
            <leptos_meta::Title text="No access" />
            <section class="wrap narrow empty-state">
                <h1>"You don't have access"</h1>
                <p>"This part of Vision Stays is for hotel staff. If you run a hotel here, ask a platform admin to add your account."</p>
                <a class="btn" href="/">"Back to the home page"</a>
            </section>
        }
        .into_any(),
        AppError::NotFound(what) => {
            let bookings = location.pathname.get_untracked().starts_with("/admin/bookings");
            let (section, back, label) = if bookings {
                (AdminSection::Bookings, "/admin/bookings", "Bookings")
            } else {
                (AdminSection::Hotels, "/admin/hotels", "Your hotels")
            };
            view! {
                <leptos_meta::Title text=format!("{what} not found") />
                <AdminShell section=section>
                    <div class="admin-empty">
                        <h1>{format!("{what} not found")}</h1>
                        <p>"It may have been removed, or it belongs to a hotel you don't run."</p>
                        <a class="btn" href=back>{label}</a>
                    </div>
                </AdminShell>
            }
            .into_any()
        }
        other => view! { <ErrorPage error=other /> }.into_any(),
    }
}

/// What an admin page does for a signed-out visitor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignedOut {
    /// The hotels part: a page load goes to the sign-in page and comes back afterwards.
    Redirect,
    /// The bookings part: the page answers 401 with a sign-in prompt (`AdminError`).
    Prompt,
}

/// The signed-in admin for an admin page's data; a guest gets 403. A server-function call from
/// the browser is never redirected: its page shows the sign-in prompt instead.
#[cfg(feature = "ssr")]
pub async fn admin_caller(signed_out: SignedOut) -> Result<crate::client::Caller, AppError> {
    let Some(caller) = crate::ssr::caller().await? else {
        crate::ssr::set_status(401);
        if let Some(parts) = use_context::<http::request::Parts>()
            && signed_out == SignedOut::Redirect
            && !parts.uri.path().starts_with("/_fn/")
        {
            let here = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/admin");
            leptos_axum::redirect(&format!("/signin?next={}", url_encode(here)));
        }
        return Err(AppError::Unauthorized);
    };
    if !caller.customer.role.is_admin() {
        crate::ssr::set_status(403);
        return Err(AppError::Forbidden);
    }
    Ok(caller)
}
