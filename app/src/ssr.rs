//! Server-side helpers for server functions: the client, the session cookie, flash messages.
use base64::Engine;
use leptos::prelude::*;

use crate::client::{Caller, Client};
use crate::model::{AppError, Customer, Flash};

pub const SESSION_COOKIE: &str = "vs_session";
pub const FLASH_COOKIE: &str = "vs_flash";

/// What SSR and server functions find in Leptos context.
#[derive(Clone)]
pub struct AppContext {
    pub client: Client,
}

pub fn client() -> Client {
    expect_context::<AppContext>().client
}

/// The value of a cookie on the request being served.
pub fn request_cookie(name: &str) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie_from_headers(&parts.headers, name)
}

pub fn cookie_from_headers(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

pub async fn customer() -> Result<Option<Customer>, AppError> {
    Ok(caller().await?.map(|c| c.customer))
}

/// The signed-in caller of the request being served, from the session cookie.
pub async fn caller() -> Result<Option<Caller>, AppError> {
    let Some(token) = request_cookie(SESSION_COOKIE) else {
        return Ok(None);
    };
    let customer = client().session(&token).await?;
    Ok(customer.map(|customer| Caller { customer, token }))
}

pub async fn require_caller() -> Result<Caller, AppError> {
    match caller().await? {
        Some(caller) => Ok(caller),
        None => {
            set_status(401);
            Err(AppError::Unauthorized)
        }
    }
}

pub fn set_status(code: u16) {
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
}

/// Passes a result through, setting the page's HTTP status from its error.
pub fn or_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_status(e.status());
    }
    result
}

pub fn encode_flash(flash: &Flash) -> String {
    let json = serde_json::to_vec(flash).unwrap_or_default();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
}

pub fn decode_flash(value: &str) -> Option<Flash> {
    let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value)
        .ok()?;
    serde_json::from_slice(&json).ok()
}

/// Reads the flash left by the last form post and clears it, so a reload shows a clean page.
pub fn take_flash() -> Flash {
    let Some(raw) = request_cookie(FLASH_COOKIE) else {
        return Flash::default();
    };
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        let clear = format!("{FLASH_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        if let Ok(value) = http::HeaderValue::from_str(&clear) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
    decode_flash(&raw).unwrap_or_default()
}

pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
