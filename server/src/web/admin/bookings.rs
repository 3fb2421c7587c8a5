//! Front-desk form posts: check in, check out, no-show and cancel a booking. Each answers 303
//! back to the booking (or the admin page it came from) with a notice, or with the reason the
//! booking's state refused it as an alert.
use std::collections::HashMap;

use app::model::{AdminBooking, AppError, BookingAction, Flash};
use app::url::url_encode;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::post;
use axum::{Form, Router};

use super::super::SiteState;
use super::super::forms::{caller, field, flash_cookie, see_other};

pub fn routes() -> Router<SiteState> {
    Router::new()
        .route("/admin/bookings/{reference}/check-in", post(check_in))
        .route("/admin/bookings/{reference}/check-out", post(check_out))
        .route("/admin/bookings/{reference}/no-show", post(no_show))
        .route("/admin/bookings/{reference}/cancel", post(cancel))
}

type Fields = Form<HashMap<String, String>>;

async fn check_in(s: State<SiteState>, p: Path<String>, h: HeaderMap, f: Fields) -> Response {
    act(s, p, h, f, BookingAction::CheckIn).await
}

async fn check_out(s: State<SiteState>, p: Path<String>, h: HeaderMap, f: Fields) -> Response {
    act(s, p, h, f, BookingAction::CheckOut).await
}

async fn no_show(s: State<SiteState>, p: Path<String>, h: HeaderMap, f: Fields) -> Response {
    act(s, p, h, f, BookingAction::NoShow).await
}

async fn cancel(s: State<SiteState>, p: Path<String>, h: HeaderMap, f: Fields) -> Response {
    act(s, p, h, f, BookingAction::Cancel).await
}

/// Where to go after the action: an admin page the form names in `back` (the dashboard's
/// arrivals list checks guests in too), else the booking itself.
fn back_to(back: &str, booking: &str) -> String {
    app::url::local_or(back, "/admin/", booking)
}

fn notice(action: BookingAction, a: &AdminBooking) -> String {
    let guest = &a.booking.guest.name;
    match action {
        BookingAction::CheckIn => format!("Checked in: {guest}."),
        BookingAction::CheckOut => format!("Checked out: {guest}."),
        BookingAction::NoShow => format!("{guest} is marked as a no-show."),
        BookingAction::Cancel => format!(
            "Booking {} cancelled — the guest gets an email.",
            a.booking.reference
        ),
    }
}

async fn act(
    State(state): State<SiteState>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    Form(f): Fields,
    action: BookingAction,
) -> Response {
    let booking = format!("/admin/bookings/{}", url_encode(&reference));
    let back = back_to(&field(&f, "back"), &booking);
    let caller = match caller(&state, &headers).await {
        Ok(Some(c)) => c,
        Ok(None) => return see_other(&format!("/signin?next={}", url_encode(&booking)), vec![]),
        Err(e) => {
            return see_other(
                &back,
                vec![flash_cookie(&state, &Flash::alert(&e.to_string()))],
            );
        }
    };
    let flash = match state
        .client
        .booking_action(&caller, &reference, action)
        .await
    {
        Ok(a) => Flash::notice(&notice(action, &a)),
        // The booking page itself then explains (404, or no access).
        Err(e @ (AppError::NotFound(_) | AppError::Forbidden)) => {
            return see_other(
                &booking,
                vec![flash_cookie(&state, &Flash::alert(&e.to_string()))],
            );
        }
        Err(e) => {
            tracing::info!(%reference, action = action.as_str(), error = %e, "front-desk action refused");
            Flash::alert(&e.to_string())
        }
    };
    see_other(&back, vec![flash_cookie(&state, &flash)])
}
