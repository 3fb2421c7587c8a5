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
    ),
    components(schemas(Problem)),
    modifiers(&BearerAuth),
    tags(
        (name = "customers", description = "Accounts and access tokens (RS256 JWTs)"),
        (name = "hotels", description = "Hotels, room types, prices and availability"),
        (name = "bookings", description = "Booking stays, reading and cancelling them"),
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

async fn docs() -> Html<String> {
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

/// Every API route; sign-up, sign-in and booking creation are rate-limited per client IP.
pub fn routes<S>(limit: RateLimit) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
    Db: FromRef<S>,
    Arc<Signer>: FromRef<S>,
    Verifier: FromRef<S>,
{
    let (customers_open, customers_limited) = customers::api::routes::<S>();
    let (bookings_open, bookings_limited) = bookings::api::routes::<S>();
    let limited = limits::apply(customers_limited.merge(bookings_limited), limit);
    Router::new()
        .merge(customers_open)
        .merge(hotels::api::routes())
        .merge(bookings_open)
        .merge(limited)
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/docs", get(docs))
        .route("/api/{*rest}", any(not_found))
}
