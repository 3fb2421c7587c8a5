//! The account page (address confirmation, sign out everywhere), the page an emailed
//! confirmation link opens, and forgotten-password pages. Every action is a plain form post.
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::{AuthPage, load_auth};
use crate::components::form::{ErrorSummary, Field, SubmitButton};
use crate::components::layout::{ErrorPage, FlashBanner, Loading};

/// Renders `render` with the signed-in customer (if any), the flash and the `token` query value.
fn page(title: &'static str, render: fn(AuthPage, String) -> AnyView) -> impl IntoView {
    let query = use_query_map();
    let token = Memo::new(move |_| query.with(|q| q.get("token").unwrap_or_default()));
    let data = Resource::new(|| (), |_| load_auth());
    view! {
        <Title text=title />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(page) => render(page, token.get_untracked()),
                    Err(e) => view! { <ErrorPage error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    page("Your account", |page, _| {
        let Some(c) = page.customer else {
            return view! {
                <section class="wrap narrow empty-state">
                    <h1>"Your account"</h1>
                    <p>"Sign in to see your account."</p>
                    <a class="btn btn-primary" href="/signin?next=/account">"Sign in"</a>
                </section>
            }
            .into_any();
        };
        let verified = c.email_verified;
        view! {
            <section class="wrap narrow account">
                <FlashBanner flash=page.flash />
                <h1>"Your account"</h1>
                <div class="card stack">
                    <dl class="facts">
                        <dt>"Name"</dt><dd>{c.name.clone()}</dd>
                        <dt>"Email"</dt>
                        <dd>
                            {c.email.clone()}" "
                            {if verified {
                                view! { <span class="status status-confirmed">"confirmed"</span> }.into_any()
                            } else {
                                view! { <span class="status status-pending">"not confirmed yet"</span> }.into_any()
                            }}
                        </dd>
                    </dl>
                    {(!verified).then(|| view! {
                        <p class="muted">"We emailed you a link to confirm this address. Your booking confirmations go there; confirming it lets us send password resets safely."</p>
                        <form method="post" action="/account/verification" class="inline">
                            <button type="submit" class="btn">"Send the link again"</button>
                        </form>
                    })}
                </div>
                <div class="card stack">
                    <h2>"Sessions"</h2>
                    <p class="muted">"Signed in on a shared or lost device? Sign out everywhere ends every session of your account, this one too."</p>
                    <form method="post" action="/account/sign-out-everywhere" class="inline">
                        <button type="submit" class="btn btn-danger-outline">"Sign out everywhere"</button>
                    </form>
                    <p class="muted small"><a href="/forgot-password">"Change your password"</a>" (we email you a link)."</p>
                </div>
            </section>
        }
        .into_any()
    })
}

/// What an emailed confirmation link opens: a button, because mail scanners open links too and a
/// visit alone must not confirm anything.
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    page("Confirm your address", |page, token| {
        let f = page.flash;
        view! {
            <section class="wrap auth">
                <div class="card">
                    <h1>"Confirm your email address"</h1>
                    <FlashBanner flash=f.clone() />
                    <p>"One click and your address is confirmed."</p>
                    <form method="post" action="/account/verify" class="stack">
                        <input type="hidden" name="token" value=token />
                        <SubmitButton label="Confirm my address" pending_label="Confirming…" />
                    </form>
                </div>
            </section>
        }
        .into_any()
    })
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    page("Forgot your password?", |page, _| {
        let f = page.flash;
        let e = |x: &str| f.error("forgot", x);
        view! {
            <section class="wrap auth">
                <div class="card">
                    <h1>"Forgot your password?"</h1>
                    <p class="muted">"Enter your account's email address and we'll send you a link to choose a new password. It works once, within an hour."</p>
                    <FlashBanner flash=f.clone() />
                    <ErrorSummary count=f.errors.0.len() />
                    <form method="post" action="/forgot-password" class="stack">
                        <Field label="Email" name="email" kind="email" value=f.value("forgot", "email") error=e("email") autocomplete="email" />
                        <SubmitButton label="Email me a link" pending_label="Sending…" />
                    </form>
                    <p class="muted"><a href="/signin">"Back to sign in"</a></p>
                </div>
            </section>
        }
        .into_any()
    })
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    page("Choose a new password", |page, token| {
        let f = page.flash;
        let e = |x: &str| f.error("reset", x);
        let link_error = e("token");
        view! {
            <section class="wrap auth">
                <div class="card">
                    <h1>"Choose a new password"</h1>
                    <FlashBanner flash=f.clone() />
                    <ErrorSummary count=f.errors.0.len() />
                    {link_error.map(|m| view! {
                        <p class="field-error" role="alert">{m}" "<a href="/forgot-password">"Ask for a new link"</a></p>
                    })}
                    <form method="post" action="/reset-password" class="stack">
                        <input type="hidden" name="token" value=token />
                        <Field label="New password" name="password" kind="password" error=e("password") autocomplete="new-password"
                            hint="At least 10 characters. A few words you'll remember work well." />
                        <SubmitButton label="Set my new password" pending_label="Saving…" />
                    </form>
                    <p class="muted small">"Setting it signs your account out on every device."</p>
                </div>
            </section>
        }
        .into_any()
    })
}
