//! Plain HTML form posts (work with JavaScript off): each answers with a redirect, and a
//! failed post returns to its form with the typed values and field errors in a flash cookie.
use std::collections::{BTreeMap, HashMap};

use app::client::Caller;
use app::model::{
    AppError, FieldErrors, Flash, GuestDetails, MAX_KEY_LEN, NewBooking, SignIn, SignUp,
    StayParams, parse_guests,
};
use app::ssr::{cookie_from_headers, encode_flash};
use app::url::{safe_next, url_encode};
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::SiteState;

type Fields = Form<HashMap<String, String>>;

pub(super) fn field(fields: &HashMap<String, String>, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}

/// 303 See Other: the browser follows with a GET, so a reload never re-posts.
pub(super) fn see_other(location: &str, cookies: Vec<String>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

pub(super) fn flash_cookie(state: &SiteState, flash: &Flash) -> String {
    let cookies = state.cookies;
    cookies.set(cookies.flash(), &encode_flash(flash), 300)
}

pub(super) fn session_cookie(state: &SiteState, token: &str, max_age: i64) -> String {
    let cookies = state.cookies;
    cookies.set(cookies.session(), token, max_age)
}

/// Sends the guest back to `location` with what they typed and what was wrong.
pub(super) fn back_with(
    state: &SiteState,
    location: &str,
    form: &str,
    fields: &HashMap<String, String>,
    keep: &[&str],
    error: AppError,
) -> Response {
    // Refused for now: the page says how long to wait, as the rate limits' own page does.
    if let AppError::TooManyRequests {
        detail,
        retry_after_secs,
    } = error
    {
        return crate::http::limits::too_many_page(&detail, retry_after_secs);
    }
    // The database is away: a 503, which `retry::on_unavailable` turns into a page that keeps
    // the whole form and posts it again.
    if let AppError::Unavailable { .. } = error {
        return crate::http::outage::unavailable(location);
    }
    let mut flash = Flash {
        form: form.to_owned(),
        ..Default::default()
    };
    match error {
        AppError::Invalid(errors) => flash.errors = errors,
        other => flash.alert = Some(other.to_string()),
    }
    flash.values = keep
        .iter()
        .map(|k| (k.to_string(), field(fields, k)))
        .collect::<BTreeMap<_, _>>();
    see_other(location, vec![flash_cookie(state, &flash)])
}

pub(super) async fn caller(
    state: &SiteState,
    headers: &HeaderMap,
) -> Result<Option<Caller>, AppError> {
    let Some(token) = cookie_from_headers(headers, state.cookies.session()) else {
        return Ok(None);
    };
    let customer = state.client.session(&token).await?;
    Ok(customer.map(|customer| Caller { customer, token }))
}

pub async fn sign_up(State(state): State<SiteState>, Form(f): Fields) -> Response {
    let next = safe_next(&field(&f, "next"));
    let phone = Some(field(&f, "phone")).filter(|p| !p.trim().is_empty());
    let form = SignUp {
        name: field(&f, "name"),
        email: field(&f, "email"),
        password: field(&f, "password"),
        phone,
    };
    let email = form.email.trim().to_owned();
    match state.client.sign_up(form).await {
        Ok(Some(grant)) => {
            let welcome = Flash::notice(&format!(
                "Welcome, {}! We've emailed {email} a link to confirm your address.",
                grant.customer.name
            ));
            see_other(
                &next,
                vec![
                    session_cookie(&state, &grant.token, 30 * 86_400),
                    flash_cookie(&state, &welcome),
                ],
            )
        }
        // The address has an account; its owner was emailed. The words match a new account's.
        Ok(None) => {
            let notice = Flash::notice(&format!(
                "We've emailed {email}. If you already have an account, sign in or reset your password."
            ));
            see_other(
                &format!("/signin?next={}", url_encode(&next)),
                vec![flash_cookie(&state, &notice)],
            )
        }
        Err(e) => back_with(
            &state,
            &format!("/signup?next={}", url_encode(&next)),
            "signup",
            &f,
            &["name", "email", "phone"],
            e,
        ),
    }
}

pub async fn sign_in(
    State(state): State<SiteState>,
    headers: HeaderMap,
    Form(f): Fields,
) -> Response {
    let next = safe_next(&field(&f, "next"));
    let form = SignIn {
        email: field(&f, "email"),
        password: field(&f, "password"),
    };
    match state.client.sign_in(form).await {
        Ok(grant) => {
            // A new session id at every sign-in; a session the browser held before ends.
            end_cookie_session(&state, &headers).await;
            see_other(
                &next,
                vec![session_cookie(&state, &grant.token, 30 * 86_400)],
            )
        }
        Err(e) => back_with(
            &state,
            &format!("/signin?next={}", url_encode(&next)),
            "signin",
            &f,
            &["email"],
            e,
        ),
    }
}

/// Ends the session in the request's cookie, if any.
async fn end_cookie_session(state: &SiteState, headers: &HeaderMap) {
    if let Some(token) = cookie_from_headers(headers, state.cookies.session())
        && let Err(e) = state.client.sign_out(&token).await
    {
        tracing::warn!(error = %e, "could not delete the session");
    }
}

pub async fn sign_out(State(state): State<SiteState>, headers: HeaderMap) -> Response {
    end_cookie_session(&state, &headers).await;
    let flash = flash_cookie(&state, &Flash::notice("You're signed out. See you soon."));
    see_other("/", vec![session_cookie(&state, "", 0), flash])
}

pub async fn book(
    State(state): State<SiteState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Form(f): Fields,
) -> Response {
    let stay = StayParams {
        check_in: field(&f, "check_in"),
        check_out: field(&f, "check_out"),
        guests: field(&f, "guests"),
    };
    let stay_q = format!(
        "check_in={}&check_out={}&guests={}",
        url_encode(&stay.check_in),
        url_encode(&stay.check_out),
        url_encode(&stay.guests)
    );
    let room_type = field(&f, "room_type");
    let form_url = format!(
        "/hotels/{}/book?room_type={}&{stay_q}",
        url_encode(&slug),
        url_encode(&room_type)
    );
    let hotel_url = format!("/hotels/{}?{stay_q}", url_encode(&slug));
    let customer = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => {
            let flash = flash_cookie(
                &state,
                &Flash::notice("Please sign in to finish your booking. Your stay is kept."),
            );
            return see_other(
                &format!("/signin?next={}", url_encode(&form_url)),
                vec![flash],
            );
        }
        Err(e) => return back_with(&state, &form_url, "book", &f, &[], e),
    };
    let keep = [
        "guest_name",
        "guest_email",
        "guest_phone",
        "special_requests",
    ];
    let key = field(&f, "idempotency_key");
    let booked = match booking_of(&f, &slug, room_type, &stay, &key) {
        Ok(booking) => {
            state
                .client
                .create_booking(&customer, &booking, key.trim())
                .await
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match booked {
        Ok(booking) => see_other(&format!("/bookings/{}", booking.reference), vec![]),
        // Problems with the dates or party size are fixed on the hotel page, where they are chosen.
        Err(AppError::Invalid(errors))
            if ["check_in", "check_out", "guests"]
                .iter()
                .any(|k| errors.get(k).is_some()) =>
        {
            let message = errors.0.values().next().cloned().unwrap_or_default();
            see_other(
                &hotel_url,
                vec![flash_cookie(&state, &Flash::alert(&message))],
            )
        }
        Err(AppError::SoldOut) => {
            let flash = Flash::alert(
                "Sorry, that room just sold out for your dates. Here is what is still free.",
            );
            see_other(&hotel_url, vec![flash_cookie(&state, &flash)])
        }
        Err(AppError::NotFound(_)) => see_other(
            &hotel_url,
            vec![flash_cookie(
                &state,
                &Flash::alert("That room type is no longer offered."),
            )],
        ),
        Err(e) => back_with(&state, &form_url, "book", &f, &keep, e),
    }
}

/// The booking the form asks for, as the API takes it; the form's own fields checked here.
fn booking_of(
    f: &HashMap<String, String>,
    hotel: &str,
    room_type: String,
    stay: &StayParams,
    key: &str,
) -> Result<NewBooking, FieldErrors> {
    let mut errors = FieldErrors::default();
    let key = key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        errors.add(
            "idempotency_key",
            "This form has expired. Reload the page and try again.",
        );
    }
    let guests = parse_guests(&stay.guests).map_err(|e| errors.merge(e)).ok();
    if !errors.is_empty() {
        return Err(errors);
    }
    let text = |name: &str| Some(field(f, name)).filter(|v| !v.trim().is_empty());
    Ok(NewBooking {
        hotel: hotel.to_owned(),
        room_type,
        check_in: stay.check_in.clone(),
        check_out: stay.check_out.clone(),
        guests: guests.unwrap_or_default(),
        guest: GuestDetails {
            name: field(f, "guest_name"),
            email: field(f, "guest_email"),
            phone: text("guest_phone").map(|p| p.trim().to_owned()),
        },
        special_requests: text("special_requests").map(|r| r.trim().to_owned()),
    })
}

pub async fn cancel(
    State(state): State<SiteState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
) -> Response {
    let url = format!("/bookings/{}", url_encode(&reference));
    let Ok(Some(customer)) = caller(&state, &headers).await else {
        return see_other(&format!("/signin?next={}", url_encode(&url)), vec![]);
    };
    let flash = match state.client.cancel_booking(&customer, &reference).await {
        Ok(b) => Flash::notice(&format!(
            "Booking {} is cancelled. Nothing is owed, and the room is released.",
            b.reference
        )),
        Err(e) => Flash::alert(&e.to_string()),
    };
    see_other(&url, vec![flash_cookie(&state, &flash)])
}
