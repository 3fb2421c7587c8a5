//! Sign in and sign up; both return the guest to where they were going (`next`).
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AuthPage, load_auth};
use crate::components::form::{ErrorSummary, Field, SubmitButton};
use crate::components::layout::{ErrorPage, FlashBanner, Loading};

use crate::url::{safe_next, url_encode};

fn auth_view(signup: bool, render: fn(AuthPage, String) -> AnyView) -> impl IntoView {
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(&query.with(|q| q.get("next").unwrap_or_default())));
    let data = Resource::new(|| (), |_| load_auth());
    view! {
        <Title text=if signup { "Create account" } else { "Sign in" } />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => render(page, next.get_untracked()),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn already_signed_in(name: &str, next: &str) -> AnyView {
    view! {
        <section class="wrap narrow empty-state">
            <h1>{format!("You're signed in as {name}")}</h1>
            <a class="btn btn-primary" href=next.to_owned()>"Continue"</a>
        </section>
    }
    .into_any()
}

#[component]
pub fn SignInPage() -> impl IntoView {
    auth_view(false, |page, next| {
        if let Some(c) = page.customer {
            return already_signed_in(&c.name, &next);
        }
        let f = page.flash;
        let e = |x: &str| f.error("signin", x);
        view! {
            <section class="wrap auth">
                <div class="card">
                    <h1>"Sign in"</h1>
                    <FlashBanner flash=f.clone() />
                    <ErrorSummary count=f.errors.0.len() />
                    <form method="post" action="/signin" class="stack">
                        <input type="hidden" name="next" value=next.clone() />
                        <Field label="Email" name="email" kind="email" value=f.value("signin", "email") error=e("email") autocomplete="email" />
                        <Field label="Password" name="password" kind="password" error=e("password") autocomplete="current-password" />
                        <SubmitButton label="Sign in" pending_label="Signing in…" />
                    </form>
                    <p class="muted"><a href="/forgot-password">"Forgot your password?"</a></p>
                    <p class="muted">"New to Vision Stays? "<a href=format!("/signup?next={}", url_encode(&next))>"Create an account"</a></p>
                </div>
            </section>
        }
        .into_any()
    })
}

#[component]
pub fn SignUpPage() -> impl IntoView {
    auth_view(true, |page, next| {
        if let Some(c) = page.customer {
            return already_signed_in(&c.name, &next);
        }
        let f = page.flash;
        let e = |x: &str| f.error("signup", x);
        let v = |x: &str| f.value("signup", x);
        view! {
            <section class="wrap auth">
                <div class="card">
                    <h1>"Create your account"</h1>
                    <p class="muted">"Book in seconds and manage your trips in one place."</p>
                    <FlashBanner flash=f.clone() />
                    <ErrorSummary count=f.errors.0.len() />
                    <form method="post" action="/signup" class="stack">
                        <input type="hidden" name="next" value=next.clone() />
                        <Field label="Full name" name="name" value=v("name") error=e("name") autocomplete="name" />
                        <Field label="Email" name="email" kind="email" value=v("email") error=e("email") autocomplete="email" />
                        <Field label="Phone" name="phone" kind="tel" value=v("phone") error=e("phone") autocomplete="tel" required=false />
                        <Field label="Password" name="password" kind="password" error=e("password") autocomplete="new-password"
                            hint=const_format_hint() />
                        <SubmitButton label="Create account" pending_label="Creating your account…" />
                    </form>
                    <p class="muted">"Already have an account? "<a href=format!("/signin?next={}", url_encode(&next))>"Sign in"</a></p>
                </div>
            </section>
        }
        .into_any()
    })
}

const fn const_format_hint() -> &'static str {
    // Keep in step with MIN_PASSWORD_LEN (checked by the test below).
    "At least 10 characters. A few words you'll remember work well."
}

#[cfg(test)]
mod tests {
    #[test]
    fn hint_matches_minimum() {
        assert!(super::const_format_hint().contains(&crate::model::MIN_PASSWORD_LEN.to_string()));
    }
}
