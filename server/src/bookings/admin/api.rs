//! REST API for the hotel's side of bookings (`/api/v1/admin/bookings`, the hotel dashboard).
use app::model::*;
use axum::Json;
use axum::extract::{Path, State};

use super::filter::Filter;
use super::{dashboard, emails, outbox, service};
use crate::api::problem::{AdminErrors, ApiQuery, ApiResult, Problem};
use crate::error::{Error, Thing};
use crate::hotels::scope::Admin;
use crate::state::App;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

/// Bookings at your hotels, filtered; 50 per page by check-in date.
#[utoipa::path(get, path = ep::ADMIN_BOOKINGS.path, tag = "admin", security(("bearer" = [])),
    params(BookingFilter),
    responses((status = 200, body = AdminBookingList),
        AdminErrors,
        (status = 422, description = "Invalid filter", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(app): State<App>,
    admin: Admin,
    ApiQuery(filter): ApiQuery<BookingFilter>,
) -> ApiResult<Json<AdminBookingList>> {
    Ok(Json(
        service::list(&app, &admin, Filter::parse(&filter)?).await?,
    ))
}

/// A booking at one of your hotels, with the front-desk actions allowed now.
#[utoipa::path(get, path = ep::ADMIN_BOOKING.path, tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Booking reference")),
    responses((status = 200, body = AdminBooking),
        AdminErrors))]
pub async fn detail(
    State(app): State<App>,
    admin: Admin,
    Path(reference): Path<String>,
) -> ApiResult<Json<AdminBooking>> {
    Ok(Json(service::detail(&app, &admin, &reference).await?))
}

/// Cancel (any time before the guest arrives), check in, check out or record a no-show.
#[utoipa::path(post, path = ep::BOOKING_ACTION.path, tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Booking reference"),
        ("action" = String, Path, description = "`cancel`, `check-in`, `check-out` or `no-show`")),
    responses((status = 200, body = AdminBooking),
        AdminErrors,
        (status = 409, description = "Not allowed in the booking's state", body = Problem, content_type = "application/problem+json")))]
pub async fn act(
    State(app): State<App>,
    admin: Admin,
    Path((reference, action)): Path<(String, String)>,
) -> ApiResult<Json<AdminBooking>> {
    let action = BookingAction::parse(&action).ok_or(Error::NotFound(Thing::Action))?;
    Ok(Json(service::act(&app, &admin, &reference, action).await?))
}

/// Occupancy of the next 30 nights, revenue, and bookings per day over the last 30 days.
#[utoipa::path(get, path = ep::DASHBOARD.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = Dashboard),
        AdminErrors))]
pub async fn get_dashboard(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
) -> ApiResult<Json<Dashboard>> {
    Ok(Json(dashboard::get(&app, &admin, &slug).await?))
}

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EmailsQuery {
    /// Only this hotel's emails (slug).
    pub hotel: Option<String>,
}

/// The newest 200 emails of your hotels: guest confirmations and cancellations, admin alerts,
/// with delivery status and attempts.
#[utoipa::path(get, path = ep::EMAILS.path, tag = "admin", security(("bearer" = [])),
    params(EmailsQuery),
    responses((status = 200, body = Vec<EmailSummary>),
        AdminErrors,
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json")))]
pub async fn list_emails(
    State(app): State<App>,
    admin: Admin,
    ApiQuery(q): ApiQuery<EmailsQuery>,
) -> ApiResult<Json<Vec<EmailSummary>>> {
    Ok(Json(
        emails::list(&app.db, &admin, q.hotel.as_deref()).await?,
    ))
}

/// Booking events the stream would not take and admin alerts the topic would not, after their
/// last try (of your hotels; every hotel's for a platform admin), newest first.
#[utoipa::path(get, path = ep::PARKED.path, tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<ParkedItem>),
        AdminErrors))]
pub async fn list_parked(State(app): State<App>, admin: Admin) -> ApiResult<Json<Vec<ParkedItem>>> {
    Ok(Json(outbox::list(&app, &admin).await?))
}

/// Puts a parked event or alert back in line (tries counted afresh); answers the parked list.
#[utoipa::path(post, path = ep::RETRY_PARKED.path, tag = "admin", security(("bearer" = [])),
    params(("sink" = String, Path, description = "`stream` (a booking event) or `topic` (an admin alert)"),
        ("id" = i64, Path, description = "The item's id in the parked list")),
    responses((status = 200, body = Vec<ParkedItem>),
        AdminErrors))]
pub async fn retry_parked(
    State(app): State<App>,
    admin: Admin,
    Path((sink, id)): Path<(String, i64)>,
) -> ApiResult<Json<Vec<ParkedItem>>> {
    Ok(Json(outbox::retry(&app, &admin, &sink, id).await?))
}

/// The hotel's side of bookings.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(act))
        .routes(routes!(get_dashboard))
        .routes(routes!(list_emails))
        .routes(routes!(list_parked))
        .routes(routes!(retry_parked))
}
