//! Header, footer and page-level states (loading, errors, flash banners).
use leptos::prelude::*;

use crate::model::{AppError, Customer, Flash};

pub type CustomerResource = Resource<Result<Option<Customer>, AppError>>;

#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <a class="logo" href="/" aria-label="Vision Stays home">
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
                <rect width="32" height="32" rx="9" fill="#0f3d3e" />
                <path d="M7 12 L16 24 L25 12" fill="none" stroke="#f4b860" stroke-width="3.2"
                    stroke-linecap="round" stroke-linejoin="round" />
                <circle cx="16" cy="9" r="2.6" fill="#f4b860" />
            </svg>
            <span>"Vision Stays"</span>
        </a>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let customer = expect_context::<CustomerResource>();
    view! {
        <header class="site-header">
            <div class="wrap header-row">
                <Logo />
                <nav aria-label="Account">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            match customer.await {
                                Ok(Some(c)) => {
                                    let admin = c.role.is_admin();
                                    view! {
                                        {admin.then(|| view! { <a href="/admin" class="nav-link">"Admin"</a> })}
                                        <a href="/trips" class="nav-link">"My trips"</a>
                                        <a href="/account" class="nav-link nav-name" title=c.email.clone()>{first_name(&c.name)}</a>
                                        <form method="post" action="/signout" class="inline">
                                            <button type="submit" class="nav-link as-link">"Sign out"</button>
                                        </form>
                                    }.into_any()
                                }
                                _ => {
                                    view! {
                                        <a href="/signin" class="nav-link">"Sign in"</a>
                                        <a href="/signup" class="btn btn-small">"Create account"</a>
                                    }.into_any()
                                }
                            }
                        })}
                    </Suspense>
                </nav>
            </div>
        </header>
    }
}

fn first_name(name: &str) -> String {
    name.split_whitespace().next().unwrap_or(name).to_owned()
}

#[component]
pub fn Footer() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <div class="wrap footer-row">
                <p>"Vision Stays — book direct, pay at the hotel, cancel where the policy allows."</p>
                <p class="muted">"Prices include taxes. Dates are in each hotel's local time."</p>
            </div>
        </footer>
    }
}

/// Shown while a page's data loads during client-side navigation.
#[component]
pub fn Loading() -> impl IntoView {
    view! { <div class="wrap loading" role="status" aria-live="polite">"Loading…"</div> }
}

/// A full-page error with a way forward.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let (title, body, link, label) = match &error {
        AppError::NotFound(what) => (
            format!("{what} not found"),
            "It may have moved, or the link may be mistyped.".to_owned(),
            "/".to_owned(),
            "Search hotels",
        ),
        AppError::Unauthorized => (
            "Please sign in".to_owned(),
            "Sign in to see your bookings.".to_owned(),
            "/signin".to_owned(),
            "Sign in",
        ),
        // The same page again: nothing was wrong with the request.
        AppError::Unavailable { .. } => {
            let location = leptos_router::hooks::use_location();
            let (path, search) = (
                location.pathname.get_untracked(),
                location.search.get_untracked(),
            );
            let here = if search.is_empty() {
                path
            } else {
                format!("{path}?{}", search.trim_start_matches('?'))
            };
            (
                "Just a moment".to_owned(),
                error.to_string(),
                here,
                "Try again",
            )
        }
        other => (
            "Something went wrong".to_owned(),
            other.to_string(),
            "/".to_owned(),
            "Back to the home page",
        ),
    };
    view! {
        <leptos_meta::Title text=title.clone() />
        <section class="wrap narrow empty-state">
            <h1>{title}</h1>
            <p>{body}</p>
            <a class="btn" href=link>{label}</a>
        </section>
    }
}

#[component]
pub fn FlashBanner(flash: Flash) -> impl IntoView {
    view! {
        {flash.notice.map(|n| view! { <p class="banner banner-ok" role="status">{n}</p> })}
        {flash.alert.map(|a| view! { <p class="banner banner-alert" role="alert">{a}</p> })}
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_status(404);
    view! { <ErrorPage error=AppError::not_found("Page") /> }
}
