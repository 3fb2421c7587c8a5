//! The REST API (`/api/v1`): every service's routes, the OpenAPI document and its docs page.
pub mod auth;
pub mod problem;

use std::sync::Arc;

use axum::extract::FromRef;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::{any, get};
use axum::{Json, Router};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::customers::tokens::{Signer, Verifier};
use crate::store::Db;
use crate::web::limits::{self, RateLimit};
use crate::{bookings, customers, hotels};
use problem::Problem;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Vision Stays API",
        version = "1",
        description = "Search hotels, book rooms and manage bookings. Money is in integer minor units of the \
            currency (JPY and ISK have none); stay dates are the hotel's local calendar dates, \
            `[check_in, check_out)`. Errors are RFC 9457 problem details."
    ),
    paths(
        customers::api::create, customers::api::create_session, customers::api::me, customers::api::jwks,
        hotels::api::list, hotels::api::detail, hotels::api::availability, hotels::api::cities, hotels::api::search,
        bookings::api::create, bookings::api::list, bookings::api::get_one, bookings::api::cancel,
        hotels::admin::api::list, hotels::admin::api::create, hotels::admin::api::detail, hotels::admin::api::update,
        hotels::admin::api::publish, hotels::admin::api::upload, hotels::admin::api::admin_photo, hotels::admin::api::delete_photo,
        hotels::admin::api::create_room, hotels::admin::api::update_room, hotels::admin::api::retire_room,
        hotels::admin::api::get_calendar, hotels::admin::api::change_calendar,
        hotels::admin::api::recipients, hotels::admin::api::set_recipients,
        hotels::admin::api::admins, hotels::admin::api::assign, hotels::admin::api::unassign,
        bookings::admin::api::list, bookings::admin::api::detail, bookings::admin::api::act,
        bookings::admin::api::get_dashboard, bookings::admin::api::list_emails,
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "customers", description = "Accounts and access tokens (RS256 JWTs)"),
        (name = "hotels", description = "Hotels, room types, prices and availability"),
        (name = "bookings", description = "Booking stays, reading and cancelling them"),
        (name = "admin", description = "Running hotels: platform admins see every hotel, hotel admins the hotels \
            assigned to them; any other hotel answers 404 as if it did not exist, and guests get 403"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .bearer_format("JWT")
            .build();
        openapi
            .components
            .get_or_insert_with(Default::default)
            .add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

async fn docs_page() -> Html<String> {
    let doc = serde_json::to_value(ApiDoc::openapi()).unwrap_or_default();
    Html(crate::web::apidocs::render(&doc))
}

async fn not_found() -> impl IntoResponse {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "Not found",
        "There is no such API endpoint.",
    )
}

/// What the customers API needs: its tables, the token signer, and a verifier for `/me`.
#[derive(Clone, FromRef)]
pub struct CustomersState {
    pub db: Db,
    pub signer: Arc<Signer>,
    pub verifier: Verifier,
}

/// What the bookings API needs: its tables and a verifier of the customers service's tokens.
#[derive(Clone, FromRef)]
pub struct BookingsState {
    pub db: Db,
    pub verifier: Verifier,
}

/// The customers API; sign-up and sign-in are rate-limited per client IP.
pub fn customers(state: CustomersState, limit: RateLimit) -> Router {
    let (open, limited) = customers::api::routes::<CustomersState>();
    open.merge(limits::apply(limited, limit)).with_state(state)
}

/// What the hotels API needs: its tables and a verifier for the admin routes.
#[derive(Clone, FromRef)]
pub struct HotelsState {
    pub db: Db,
    pub verifier: Verifier,
}

/// Search and hotel pages for guests, hotel administration, and the photos admins upload.
pub fn hotels(state: HotelsState) -> Router {
    hotels::api::routes::<HotelsState>()
        .merge(hotels::admin::api::routes::<HotelsState>())
        .with_state(state)
}

/// The bookings API; booking creation is rate-limited per client IP.
pub fn bookings(state: BookingsState, limit: RateLimit) -> Router {
    let (open, limited) = bookings::api::routes::<BookingsState>();
    open.merge(limits::apply(limited, limit))
        .merge(bookings::admin::api::routes::<BookingsState>())
        .with_state(state)
}

/// The OpenAPI document, its docs page, and problem+json 404s for unknown API paths.
pub fn docs() -> Router {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(docs_page))
        .route("/api/{*rest}", any(not_found))
}
