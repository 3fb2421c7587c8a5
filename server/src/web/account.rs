//! Form posts of the account pages: confirming an address, sending the link again, forgotten
//! and new passwords, signing out everywhere. Each answers with a redirect and a flash message.
use std::collections::HashMap;

use app::model::{AppError, Flash, PasswordReset};
use app::url::url_encode;
use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::SiteState;
use super::forms::{back_with, caller, field, flash_cookie, see_other, session_cookie};

type Fields = Form<HashMap<String, String>>;

/// Sends a guest who is not signed in to sign in first.
fn sign_in_first(state: &SiteState, next: &str) -> Response {
    let flash = flash_cookie(state, &Flash::notice("Please sign in first."));
    see_other(&format!("/signin?next={}", url_encode(next)), vec![flash])
}

pub async fn verify(State(state): State<SiteState>, Form(f): Fields) -> Response {
    let token = field(&f, "token");
    match state.client.verify_email(&token).await {
        Ok(()) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice("Thank you: your email address is confirmed."),
            );
            see_other("/account", vec![flash])
        }
        Err(AppError::Invalid(errors)) => {
            let message = errors
                .get("token")
                .unwrap_or("This link no longer works.")
                .to_owned();
            let flash = flash_cookie(&state, &Flash::alert(&message));
            see_other("/account", vec![flash])
        }
        Err(e) => back_with(
            &state,
            &format!("/account/verify?token={}", url_encode(&token)),
            "verify",
            &f,
            &[],
            e,
        ),
    }
}

pub async fn resend(State(state): State<SiteState>, headers: HeaderMap) -> Response {
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return sign_in_first(&state, "/account"),
        Err(e) => return back_with(&state, "/account", "account", &HashMap::new(), &[], e),
    };
    match state.client.resend_verification(&caller).await {
        Ok(_) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice(&format!(
                    "We've sent a new link to {}. The earlier one no longer works.",
                    caller.customer.email
                )),
            );
            see_other("/account", vec![flash])
        }
        Err(e) => back_with(&state, "/account", "account", &HashMap::new(), &[], e),
    }
}

pub async fn forgot(State(state): State<SiteState>, Form(f): Fields) -> Response {
    let email = field(&f, "email");
    match state.client.request_password_reset(&email).await {
        Ok(_) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice(&format!(
                    "If {} has an account, a link to choose a new password is on its way. It works once, within an hour.",
                    email.trim()
                )),
            );
            see_other("/forgot-password", vec![flash])
        }
        Err(e) => back_with(&state, "/forgot-password", "forgot", &f, &["email"], e),
    }
}

pub async fn reset(State(state): State<SiteState>, Form(f): Fields) -> Response {
    let form = PasswordReset {
        token: field(&f, "token"),
        password: field(&f, "password"),
    };
    match state.client.reset_password(&form).await {
        Ok(()) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice(
                    "Your password is changed and every session is signed out. Sign in with the new password.",
                ),
            );
            // The browser's own session ended with the others.
            see_other("/signin", vec![session_cookie(&state, "", 0), flash])
        }
        Err(e) => back_with(
            &state,
            &format!("/reset-password?token={}", url_encode(&form.token)),
            "reset",
            &f,
            &[],
            e,
        ),
    }
}

pub async fn sign_out_everywhere(State(state): State<SiteState>, headers: HeaderMap) -> Response {
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return sign_in_first(&state, "/account"),
        Err(e) => return back_with(&state, "/account", "account", &HashMap::new(), &[], e),
    };
    match state.client.end_sessions(&caller).await {
        Ok(()) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice("You're signed out on every device, this one too."),
            );
            see_other("/signin", vec![session_cookie(&state, "", 0), flash])
        }
        Err(e) => back_with(&state, "/account", "account", &HashMap::new(), &[], e),
    }
}
