//! Server-side helpers for server functions: the client, the cookies (session, flash) and their
//! names, flash messages.
use base64::Engine;
use leptos::prelude::*;

use crate::client::{Caller, Client};
use crate::model::{AppError, Customer, Flash};

/// The site's cookies: their names and attributes depend on whether guests reach it over https.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cookies {
    /// `Secure`, with `__Host-` names: the browser then sends them only over https, and keeps
    /// them only if set by this exact host on `/` (a sibling subdomain or a man in the middle on
    /// plain http cannot plant or overwrite one).
    pub secure: bool,
}

impl Cookies {
    pub fn session(self) -> &'static str {
        if self.secure {
            "__Host-vs_session"
        } else {
            "vs_session"
        }
    }

    pub fn flash(self) -> &'static str {
        if self.secure {
            "__Host-vs_flash"
        } else {
            "vs_flash"
        }
    }

    /// A `Set-Cookie` value for one of our cookies (`Max-Age=0` clears it). Clearing must carry
    /// the same attributes: a browser ignores a `__Host-` cookie without `Secure` and `Path=/`.
    pub fn set(self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
    }
}

/// What SSR and server functions find in Leptos context.
#[derive(Clone)]
pub struct AppContext {
    pub client: Client,
    pub cookies: Cookies,
}

pub fn client() -> Client {
    expect_context::<AppContext>().client
}

fn cookies() -> Cookies {
    expect_context::<AppContext>().cookies
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
    let Some(token) = request_cookie(cookies().session()) else {
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
        set_error_status(e);
    }
    result
}

/// The page's HTTP status from `e`, with `Retry-After` when the error says when to try again
/// (a 503 while the database is away, a 429), so browsers' and proxies' retries wait for it.
pub fn set_error_status(e: &AppError) {
    set_status(e.status());
    if let (Some(secs), Some(options)) = (
        e.retry_after(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) {
        options.insert_header(http::header::RETRY_AFTER, http::HeaderValue::from(secs));
    }
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
    let cookies = cookies();
    let Some(raw) = request_cookie(cookies.flash()) else {
        return Flash::default();
    };
    if let Some(options) = use_context::<leptos_axum::ResponseOptions>() {
        let clear = cookies.set(cookies.flash(), "", 0);
        if let Ok(value) = http::HeaderValue::from_str(&clear) {
            options.append_header(http::header::SET_COOKIE, value);
        }
    }
    decode_flash(&raw).unwrap_or_default()
}

pub fn new_key() -> String {
    uuid::Uuid::new_v4().to_string()
}
