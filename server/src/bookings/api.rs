//! REST API of the bookings service: book a stay (idempotently), read and cancel bookings.
use app::model::{Booking, NewBooking};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::request::BookingRequest;
use super::service;
use crate::api::auth::Caller;
use crate::api::problem::{ApiError, ApiResult, Problem};
use crate::state::App;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Book a room for a stay.
///
/// Retrying with the same `Idempotency-Key` and body returns the first booking (with
/// `Idempotent-Replayed: true`); the same key with another body is refused (422).
#[utoipa::path(post, path = ep::CREATE_BOOKING.path, tag = "bookings", security(("bearer" = [])), request_body = NewBooking,
    params(("Idempotency-Key" = String, Header, description = "A unique key per booking attempt, e.g. a UUID; kept at least 24 hours")),
    responses(
        (status = 201, description = "Booked (or the replay of the first answer for this key)", body = Booking),
        (status = 400, description = "Malformed JSON or no Idempotency-Key", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such hotel or room type", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Sold out for at least one night", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields, or the key was used with another body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<App>,
    caller: Caller,
    headers: HeaderMap,
    body: Result<Json<NewBooking>, JsonRejection>,
) -> ApiResult<Response> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        return Err(ApiError::BadRequest(
            "Send an Idempotency-Key header (e.g. a UUID) with every booking request.".into(),
        ));
    }
    let Json(body) = body?;
    let (hotel, room_type) = (body.hotel.clone(), body.room_type.clone());
    let req = match BookingRequest::parse(body, key) {
        Ok(req) => req,
        Err(errors) => {
            // A missing hotel or room type answers 404 even when other fields are wrong.
            service::on_sale(&app, &hotel, &room_type).await?;
            return Err(errors.into());
        }
    };
    let (booking, replayed) = service::create(&app, &caller.customer, req).await?;
    let mut res = (StatusCode::CREATED, Json(booking)).into_response();
    if replayed {
        res.headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(res)
}

/// The caller's bookings.
///
/// Ordered by check-in date.
#[utoipa::path(get, path = ep::BOOKINGS.path, tag = "bookings", security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's bookings", body = Vec<Booking>),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(State(app): State<App>, caller: Caller) -> ApiResult<Json<Vec<Booking>>> {
    Ok(Json(service::list(&app, &caller.customer).await?))
}

/// One of the caller's bookings.
///
/// Another guest's booking is 404, exactly like a missing one.
#[utoipa::path(get, path = ep::BOOKING.path, tag = "bookings", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Booking reference, e.g. VS-7K3Q9X")),
    responses(
        (status = 200, description = "The booking", body = Booking),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's booking, or none", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get_one(
    State(app): State<App>,
    caller: Caller,
    Path(reference): Path<String>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(
        service::get(&app, &caller.customer, &reference).await?,
    ))
}

/// Cancel a booking.
///
/// Allowed while the hotel's free-cancellation window is open.
#[utoipa::path(post, path = ep::CANCEL_BOOKING.path, tag = "bookings", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Booking reference")),
    responses(
        (status = 200, description = "Cancelled", body = Booking),
        (status = 401, description = "Missing or invalid token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the caller's booking, or none", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled, or the policy no longer allows it", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn cancel(
    State(app): State<App>,
    caller: Caller,
    Path(reference): Path<String>,
) -> ApiResult<Json<Booking>> {
    Ok(Json(
        service::cancel(&app, &caller.customer, &reference).await?,
    ))
}

/// The bookings routes; `limited` holds `/api/v1/bookings`, whose POST (booking creation)
/// the caller rate-limits (the limiter passes GETs through).
pub fn routes() -> (OpenApiRouter<App>, OpenApiRouter<App>) {
    let open = OpenApiRouter::new()
        .routes(routes!(get_one))
        .routes(routes!(cancel));
    let limited = OpenApiRouter::new().routes(routes!(list, create));
    (open, limited)
}
