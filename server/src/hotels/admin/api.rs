//! REST API for running hotels (`/api/v1/admin/hotels/…`): every route checks the caller's scope.
use app::model::*;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::IntoParams;

use super::{calendar, input, photos, service};
use crate::api::problem::{AdminErrors, ApiQuery, ApiResult, Problem};
use crate::checked::Checked;
use crate::customers::input::email;
use crate::hotels::scope::Admin;
use crate::hotels::staff;
use crate::state::App;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

type Body<T> = Result<Json<T>, JsonRejection>;

/// Your hotels: every hotel for a platform admin, the assigned ones for a hotel admin.
#[utoipa::path(get, path = ep::ADMIN_HOTELS.path, tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminHotelSummary>),
        AdminErrors))]
pub async fn list(State(app): State<App>, admin: Admin) -> ApiResult<Json<Vec<AdminHotelSummary>>> {
    Ok(Json(service::hotels(&app.db, &admin).await?))
}

/// Create a hotel (platform admins). It starts unpublished.
#[utoipa::path(post, path = ep::CREATE_HOTEL.path, tag = "admin", security(("bearer" = [])), request_body = HotelInput,
    responses((status = 201, body = AdminHotel),
        AdminErrors,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(app): State<App>,
    admin: Admin,
    body: Body<HotelInput>,
) -> ApiResult<Response> {
    let Json(input) = body?;
    let hotel = service::create(&app, &admin, input::hotel(input)).await?;
    Ok((StatusCode::CREATED, Json(hotel)).into_response())
}

/// A hotel you run, published or not, with its room types and photos.
#[utoipa::path(get, path = ep::ADMIN_HOTEL.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = AdminHotel),
        AdminErrors))]
pub async fn detail(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
) -> ApiResult<Json<AdminHotel>> {
    Ok(Json(service::hotel(&app, &admin, &slug).await?))
}

/// Edit a hotel's details and policies.
#[utoipa::path(put, path = ep::UPDATE_HOTEL.path, tag = "admin", security(("bearer" = [])), request_body = HotelInput,
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = AdminHotel),
        AdminErrors,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    body: Body<HotelInput>,
) -> ApiResult<Json<AdminHotel>> {
    let Json(input) = body?;
    Ok(Json(
        service::update(&app, &admin, &slug, input::hotel(input)).await?,
    ))
}

/// Publish or unpublish a hotel. Publishing needs a room type with rooms.
#[utoipa::path(put, path = ep::PUBLISH_HOTEL.path, tag = "admin", security(("bearer" = [])), request_body = PublishInput,
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = AdminHotel),
        AdminErrors,
        (status = 409, description = "Nothing to sell yet", body = Problem, content_type = "application/problem+json")))]
pub async fn publish(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    body: Body<PublishInput>,
) -> ApiResult<Json<AdminHotel>> {
    let Json(input) = body?;
    Ok(Json(
        service::publish(&app, &admin, &slug, input.published).await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CaptionQuery {
    /// Shown under the photo and used as its alt text.
    pub caption: Option<String>,
}

/// Upload a photo: the request body is the image (JPEG, PNG or WebP, at most 5 MB).
#[utoipa::path(post, path = ep::UPLOAD_PHOTO.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), CaptionQuery),
    request_body(content = Vec<u8>, content_type = "image/jpeg", description = "The image bytes"),
    responses((status = 201, body = Photo),
        AdminErrors,
        (status = 413, description = "Larger than 5 MB", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not a JPEG, PNG or WebP image, or too small", body = Problem, content_type = "application/problem+json")))]
pub async fn upload(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    ApiQuery(q): ApiQuery<CaptionQuery>,
    body: Bytes,
) -> ApiResult<Response> {
    let upload = photos::Upload::parse(&body, q.caption.as_deref().unwrap_or_default());
    let photo = photos::upload(&app.db, &admin, &slug, upload).await?;
    Ok((StatusCode::CREATED, Json(photo)).into_response())
}

/// Delete a photo.
#[utoipa::path(delete, path = ep::DELETE_PHOTO.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("id" = i64, Path, description = "Photo id")),
    responses((status = 204, description = "Deleted"),
        AdminErrors))]
pub async fn delete_photo(
    State(app): State<App>,
    admin: Admin,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult<StatusCode> {
    photos::delete(&app.db, &admin, &slug, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a room type.
#[utoipa::path(post, path = ep::CREATE_ROOM_TYPE.path, tag = "admin", security(("bearer" = [])), request_body = RoomTypeInput,
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 201, body = AdminRoomType),
        AdminErrors,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn create_room(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    body: Body<RoomTypeInput>,
) -> ApiResult<Response> {
    let Json(input) = body?;
    let room = service::create_room(&app.db, &admin, &slug, input::room_type(input)).await?;
    Ok((StatusCode::CREATED, Json(room)).into_response())
}

/// Edit a room type; fewer rooms than already sold on a future night is refused (422).
#[utoipa::path(put, path = ep::UPDATE_ROOM_TYPE.path, tag = "admin", security(("bearer" = [])), request_body = RoomTypeInput,
    params(("slug" = String, Path, description = "Hotel slug"), ("room_type" = String, Path, description = "Room type slug")),
    responses((status = 200, body = AdminRoomType),
        AdminErrors,
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json")))]
pub async fn update_room(
    State(app): State<App>,
    admin: Admin,
    Path((slug, room)): Path<(String, String)>,
    body: Body<RoomTypeInput>,
) -> ApiResult<Json<AdminRoomType>> {
    let Json(input) = body?;
    Ok(Json(
        service::update_room(&app, &admin, &slug, &room, input::room_type(input)).await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RetireInput {
    /// True takes the room type off sale; false puts it back.
    pub retired: bool,
}

/// Retire a room type (or bring it back). Existing bookings are kept.
#[utoipa::path(put, path = ep::RETIRE_ROOM_TYPE.path, tag = "admin", security(("bearer" = [])), request_body = RetireInput,
    params(("slug" = String, Path, description = "Hotel slug"), ("room_type" = String, Path, description = "Room type slug")),
    responses((status = 200, body = AdminRoomType),
        AdminErrors))]
pub async fn retire_room(
    State(app): State<App>,
    admin: Admin,
    Path((slug, room)): Path<(String, String)>,
    body: Body<RetireInput>,
) -> ApiResult<Json<AdminRoomType>> {
    let Json(input) = body?;
    Ok(Json(
        service::retire_room(&app.db, &admin, &slug, &room, input.retired).await?,
    ))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CalendarQuery {
    /// First night shown, `YYYY-MM-DD` (default: today at the hotel).
    pub from: Option<NaiveDate>,
    /// How many nights, 1–366 (default 42).
    #[param(minimum = 1, maximum = 366)]
    pub nights: Option<u32>,
}

/// The rates and availability calendar of a room type.
#[utoipa::path(get, path = ep::CALENDAR.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("room_type" = String, Path, description = "Room type slug"), CalendarQuery),
    responses((status = 200, body = Calendar),
        AdminErrors,
        (status = 422, description = "Invalid range", body = Problem, content_type = "application/problem+json")))]
pub async fn get_calendar(
    State(app): State<App>,
    admin: Admin,
    Path((slug, room)): Path<(String, String)>,
    ApiQuery(q): ApiQuery<CalendarQuery>,
) -> ApiResult<Json<Calendar>> {
    Ok(Json(
        calendar::get(&app, &admin, &slug, &room, q.from, q.nights).await?,
    ))
}

/// Change price, rooms for sale or open/closed for a range of nights (all or nothing).
#[utoipa::path(post, path = ep::CHANGE_CALENDAR.path, tag = "admin", security(("bearer" = [])), request_body = CalendarChange,
    params(("slug" = String, Path, description = "Hotel slug"), ("room_type" = String, Path, description = "Room type slug")),
    responses((status = 200, description = "The calendar from the first changed night", body = Calendar),
        AdminErrors,
        (status = 422, description = "Invalid change, e.g. fewer rooms than sold", body = Problem, content_type = "application/problem+json")))]
pub async fn change_calendar(
    State(app): State<App>,
    admin: Admin,
    Path((slug, room)): Path<(String, String)>,
    body: Body<CalendarChange>,
) -> ApiResult<Json<Calendar>> {
    let Json(change) = body?;
    Ok(Json(
        calendar::change(&app, &admin, &slug, &room, input::calendar_change(change)).await?,
    ))
}

/// The hotel's admins.
#[utoipa::path(get, path = ep::HOTEL_ADMINS.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 200, body = Vec<HotelAdmin>),
        AdminErrors))]
pub async fn admins(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
) -> ApiResult<Json<Vec<HotelAdmin>>> {
    Ok(Json(staff::admins(&app.db, &admin, &slug).await?))
}

/// Make an existing account an admin of this hotel (platform admins).
#[utoipa::path(post, path = ep::ASSIGN_ADMIN.path, tag = "admin", security(("bearer" = [])), request_body = AssignAdmin,
    params(("slug" = String, Path, description = "Hotel slug")),
    responses((status = 201, body = HotelAdmin),
        AdminErrors,
        (status = 422, description = "No account with this email", body = Problem, content_type = "application/problem+json")))]
pub async fn assign(
    State(app): State<App>,
    admin: Admin,
    Path(slug): Path<String>,
    body: Body<AssignAdmin>,
) -> ApiResult<Response> {
    let Json(input) = body?;
    let admin = staff::assign(&app, &admin, &slug, email_of(input)).await?;
    Ok((StatusCode::CREATED, Json(admin)).into_response())
}

/// Take the hotel away from an admin (platform admins).
#[utoipa::path(delete, path = ep::UNASSIGN_ADMIN.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("email" = String, Path, description = "The admin's email")),
    responses((status = 204, description = "Unassigned"),
        AdminErrors))]
pub async fn unassign(
    State(app): State<App>,
    admin: Admin,
    Path((slug, email)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    staff::unassign(&app.db, &admin, &slug, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /photos/{id}`: a published hotel's photo, cacheable by anyone for a day.
pub async fn photo(State(app): State<App>, Path(id): Path<i64>) -> Response {
    match photos::public_bytes(&app.db, id).await {
        Ok(Some((content_type, bytes))) => image(content_type, bytes, "public, max-age=86400"),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "cannot read photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// One of the hotel's photos, published or not (the admin pages show them before guests can).
#[utoipa::path(get, path = ep::ADMIN_PHOTO.path, tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path, description = "Hotel slug"), ("id" = i64, Path, description = "Photo id")),
    responses((status = 200, description = "The image", content(
            (Vec<u8> = "image/jpeg"), (Vec<u8> = "image/png"), (Vec<u8> = "image/webp"))),
        AdminErrors))]
pub async fn admin_photo(
    State(app): State<App>,
    admin: Admin,
    Path((slug, id)): Path<(String, i64)>,
) -> ApiResult<Response> {
    let (content_type, bytes) = photos::admin_bytes(&app.db, &admin, &slug, id).await?;
    Ok(image(content_type, bytes, "private, max-age=300"))
}

/// An image answer; the type was sniffed from the bytes at upload.
pub fn image(content_type: String, bytes: Vec<u8>, cache: &'static str) -> Response {
    let mut headers = HeaderMap::new();
    if let Ok(v) = content_type.parse() {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    (headers, bytes).into_response()
}

/// The address an admin is assigned by, checked.
fn email_of(input: AssignAdmin) -> Result<Checked<String>, FieldErrors> {
    let mut errors = FieldErrors::default();
    match email(&input.email, "email", &mut errors) {
        Some(e) => Ok(Checked::new(e)),
        None => Err(errors),
    }
}

/// Running hotels, and the public photo route (not part of the documented API).
pub fn routes() -> OpenApiRouter<App> {
    let (schemas, paths, upload) = routes!(upload);
    let upload = upload.layer(DefaultBodyLimit::max(photos::MAX_BYTES + 1024));
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(detail, update))
        .routes(routes!(publish))
        .routes((schemas, paths, upload))
        .routes(routes!(admin_photo, delete_photo))
        .routes(routes!(create_room))
        .routes(routes!(update_room))
        .routes(routes!(retire_room))
        .routes(routes!(get_calendar, change_calendar))
        .routes(routes!(admins, assign))
        .routes(routes!(unassign))
        .route("/photos/{id}", axum::routing::get(photo))
}
