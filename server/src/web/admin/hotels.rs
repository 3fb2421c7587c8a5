//! Form posts of the hotels part of the admin: hotels, photos, room types, the calendar, alert
//! recipients, hotel admins and webhook endpoints. Each answers 303 to its page with a notice,
//! or with the typed values and field errors (a flash too big for a cookie is answered by
//! rendering the page).
use std::collections::{BTreeMap, HashMap};

use app::client::Caller;
use app::model::{AppError, FieldErrors, Flash, currency_exponent};
use app::pages::admin::hotels_api::PendingFlash;
use app::ssr::encode_flash;
use app::url::url_encode;
use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, Method, Request, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use leptos::prelude::provide_context;

use super::super::SiteState;
use super::super::forms::{caller, flash_cookie, see_other};

mod hotel;
mod rooms;
mod team;
mod webhooks;

pub fn routes() -> Router<SiteState> {
    let h = "/admin/hotels/{slug}";
    let r = "/admin/hotels/{slug}/room-types/{room}";
    Router::new()
        .route("/admin/hotels/new", post(hotel::create))
        .route(h, post(hotel::update))
        .route(&format!("{h}/publish"), post(hotel::publish))
        // The security layer allows up to 6 MiB for posts ending in /photos; photos are ≤ 5 MB.
        .route(
            &format!("{h}/photos"),
            post(hotel::upload).layer(DefaultBodyLimit::max(6 * 1024 * 1024)),
        )
        .route(&format!("{h}/photos/{{id}}"), get(hotel::photo))
        .route(
            &format!("{h}/photos/{{id}}/delete"),
            post(hotel::delete_photo),
        )
        .route(&format!("{h}/room-types/new"), post(rooms::create))
        .route(r, post(rooms::update))
        .route(&format!("{r}/retire"), post(rooms::retire))
        .route(&format!("{r}/calendar"), post(rooms::calendar))
        .route(&format!("{h}/alerts"), post(team::alerts))
        .route(&format!("{h}/alerts/resend"), post(team::resend))
        .route("/admin/alerts/remove", post(team::remove))
        .route(&format!("{h}/admins"), post(team::assign))
        .route(&format!("{h}/admins/remove"), post(team::unassign))
        .merge(webhooks::routes())
}

type Fields = HashMap<String, String>;

fn field(f: &Fields, name: &str) -> String {
    f.get(name).map(|v| v.trim().to_owned()).unwrap_or_default()
}

/// The signed-in caller of a post, or the response that sends them to sign in first.
async fn admin(state: &SiteState, headers: &HeaderMap, page: &str) -> Result<Caller, Response> {
    match caller(state, headers).await {
        Ok(Some(c)) => Ok(c),
        Ok(None) => Err(see_other(
            &format!("/signin?next={}", url_encode(page)),
            vec![],
        )),
        Err(e) => Err(notice_to(state, page, Flash::alert(&e.to_string()))),
    }
}

fn notice_to(state: &SiteState, page: &str, flash: Flash) -> Response {
    see_other(page, vec![flash_cookie(state, &flash)])
}

fn done(state: &SiteState, page: &str, notice: &str) -> Response {
    notice_to(state, page, Flash::notice(notice))
}

/// A failed post, back on `page` (which must be the URL the form was posted from or the page it
/// renders): field errors at their fields (keys renamed from the API's to the form's) with
/// everything typed, other errors as an alert.
struct Back<'a> {
    state: &'a SiteState,
    headers: &'a HeaderMap,
    page: String,
    form: &'static str,
    renames: &'static [(&'static str, &'static str)],
}

impl<'a> Back<'a> {
    /// The signed-in caller of a post from `page` and where its failures go back to, or the
    /// response that sends them to sign in first.
    async fn start(
        state: &'a SiteState,
        headers: &'a HeaderMap,
        page: &str,
        form: &'static str,
        renames: &'static [(&'static str, &'static str)],
    ) -> Result<(Caller, Self), Response> {
        let caller = admin(state, headers, page).await?;
        let page = page.to_owned();
        Ok((
            caller,
            Back {
                state,
                headers,
                page,
                form,
                renames,
            },
        ))
    }

    async fn with(&self, fields: &Fields, error: AppError) -> Response {
        let mut flash = Flash {
            form: self.form.to_owned(),
            ..Default::default()
        };
        match error {
            AppError::Invalid(errors) => {
                let mut renamed = FieldErrors::default();
                for (key, message) in errors.0 {
                    let key = self
                        .renames
                        .iter()
                        .find(|(api, _)| *api == key)
                        .map(|(_, form)| form.to_string())
                        .unwrap_or(key);
                    renamed.add(&key, &message);
                }
                flash.errors = renamed;
            }
            other => flash.alert = Some(other.to_string()),
        }
        flash.values = fields
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<BTreeMap<_, _>>();
        // Browsers drop cookies over 4 KB: a long description comes back in a rendered page.
        if encode_flash(&flash).len() > 3500 {
            return render_in_place(self.state, self.headers, &self.page, flash).await;
        }
        notice_to(self.state, &self.page, flash)
    }
}

/// Renders `page` as the answer to the post, with `flash` in place of the cookie (status 422).
async fn render_in_place(
    state: &SiteState,
    headers: &HeaderMap,
    page: &str,
    flash: Flash,
) -> Response {
    let provide = move || provide_context(PendingFlash(flash.clone()));
    render_with(state, headers, page, provide).await
}

/// Renders `page` as the answer to the post, with what `provide` puts in its Leptos context.
async fn render_with(
    state: &SiteState,
    headers: &HeaderMap,
    page: &str,
    provide: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let mut req = Request::builder().method(Method::GET).uri(page);
    for (name, value) in headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            req = req.header(name, value);
        }
    }
    let Ok(req) = req.body(Body::empty()) else {
        return notice_to(
            state,
            page,
            Flash::alert("Please try again: your changes were too long to keep."),
        );
    };
    let ctx = state.context();
    let options = state.leptos_options.clone();
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            crate::web::provide_page_context(&ctx);
            provide();
        },
        move || app::shell(options.clone()),
    );
    handler(req).await.into_response()
}

/// An amount typed in major units ("120.50", "120,5", "32000") in minor units of `currency`.
fn parse_major(text: &str, currency: &str) -> Result<i64, String> {
    let exp = currency_exponent(currency) as usize;
    let mut t: String = text.trim().chars().filter(|c| !c.is_whitespace()).collect();
    if t.is_empty() {
        return Err("Enter an amount.".into());
    }
    // "120,50" is a decimal comma; "1,250" or "1,250.50" group thousands.
    if !t.contains('.')
        && let Some((_, after)) = t.rsplit_once(',')
        && exp > 0
        && after.len() <= exp
        && t.matches(',').count() == 1
    {
        t = t.replace(',', ".");
    }
    let t = t.replace(',', "");
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !(frac.is_empty() || digits(frac)) {
        return Err(format!(
            "Enter an amount in {currency}, e.g. {}.",
            if exp == 0 { "12000" } else { "120.50" }
        ));
    }
    if frac.len() > exp {
        return Err(if exp == 0 {
            format!("{currency} has no decimals.")
        } else {
            format!("Use at most {exp} decimals.")
        });
    }
    let whole: i64 = whole
        .parse()
        .map_err(|_| "That amount is too large.".to_owned())?;
    let frac: i64 = format!("{frac:0<exp$}").parse().unwrap_or(0);
    whole
        .checked_mul(10_i64.pow(exp as u32))
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(|| "That amount is too large.".to_owned())
}

/// A whole number typed in a field, or the field's error.
fn parse_count(f: &Fields, name: &str, errors: &mut FieldErrors, message: &str) -> u32 {
    match field(f, name).parse::<u32>() {
        Ok(n) => n,
        Err(_) => {
            errors.add(name, message);
            0
        }
    }
}

/// The lines of a text area, blank ones dropped.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_in_major_units() {
        assert_eq!(parse_major("120.50", "EUR"), Ok(12050));
        assert_eq!(parse_major("120,5", "EUR"), Ok(12050));
        assert_eq!(parse_major(" 99 ", "EUR"), Ok(9900));
        assert_eq!(parse_major("1,250", "EUR"), Ok(125000));
        assert_eq!(parse_major("1,250.75", "EUR"), Ok(125075));
        assert_eq!(parse_major("32000", "JPY"), Ok(32000));
        assert_eq!(parse_major("1.234", "KWD"), Ok(1234));
        assert!(parse_major("12.345", "EUR").is_err());
        assert!(parse_major("100.5", "JPY").is_err());
        assert!(parse_major("-5", "EUR").is_err());
        assert!(parse_major("abc", "EUR").is_err());
        assert!(parse_major("", "EUR").is_err());
    }
}
