//! The REST API (`/api/v1`): each service's routes registered with their OpenAPI entries
//! (utoipa-axum), the document they make up, its docs page, and problem+json 404s.
pub mod auth;
pub mod docs;
pub mod problem;
pub(crate) mod wording;

use axum::Router;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::{any, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;

use crate::http::limits::{self, RateLimit};
use crate::state::App;
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

/// The services a process answers for.
#[derive(Clone, Copy, Debug, Default)]
pub struct Services {
    pub customers: bool,
    pub hotels: bool,
    pub bookings: bool,
}

impl Services {
    pub const ALL: Services = Services {
        customers: true,
        hotels: true,
        bookings: true,
    };
}

/// The routes of `services` with their OpenAPI entries; `limit` rate-limits sign-up, sign-in
/// and booking creation per client IP (none for calls from inside the process).
pub fn routes(services: Services, limit: Option<RateLimit>) -> OpenApiRouter<App> {
    let limited = |router: OpenApiRouter<App>| match limit {
        Some(limit) => limits::apply_documented(router, limit),
        None => router,
    };
    let mut api = OpenApiRouter::with_openapi(ApiDoc::openapi());
    if services.customers {
        let (open, rated) = customers::api::routes();
        api = api.merge(open).merge(limited(rated));
    }
    if services.hotels {
        let (alerts, rated) = hotels::alerts::api::routes();
        api = api
            .merge(hotels::api::routes())
            .merge(hotels::admin::api::routes())
            .merge(alerts)
            .merge(hotels::webhooks::api::routes())
            .merge(limited(rated));
    }
    if services.bookings {
        let (open, rated) = bookings::api::routes();
        api = api
            .merge(open)
            .merge(limited(rated))
            .merge(bookings::admin::api::routes());
    }
    api
}

/// The whole API's OpenAPI document, whichever services this process runs.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = routes(Services::ALL, None).into_openapi();
    declare_unavailable(&mut doc);
    doc
}

/// Every operation may answer 503 while its database cannot be reached
/// (`http::outage`): declared once here rather than on each handler.
fn declare_unavailable(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{
        ContentBuilder, HeaderBuilder, ObjectBuilder, Ref, ResponseBuilder, Type,
    };
    let retry_after = HeaderBuilder::new()
        .schema(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        )
        .description(Some(
            "Seconds to wait before sending the same request again.",
        ))
        .build();
    let response = ResponseBuilder::new()
        .description("The database cannot be reached for a moment: send the same request again after Retry-After seconds (with the same Idempotency-Key for a booking).")
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .header("Retry-After", retry_after)
        .build();
    for item in doc.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for op in operations.into_iter().flatten() {
            op.responses
                .responses
                .entry("503".to_owned())
                .or_insert_with(|| response.clone().into());
        }
    }
}

/// The services' routes for one process, ready to serve.
pub fn router(app: App, services: Services, limit: Option<RateLimit>) -> Router {
    let (router, _) = routes(services, limit).split_for_parts();
    router.with_state(app)
}

/// The answer to an API path no operation serves.
pub async fn not_found() -> impl IntoResponse {
    Problem::new(
        StatusCode::NOT_FOUND,
        "not-found",
        "Not found",
        "There is no such API endpoint.",
    )
}

/// The OpenAPI document, its docs page, and problem+json 404s for unknown API paths.
pub fn docs() -> Router {
    let doc = document();
    let json = serde_json::to_string(&doc).unwrap_or_default();
    let page = docs::render(&serde_json::to_value(&doc).unwrap_or_default());
    Router::new()
        .route(
            "/api/v1/openapi.json",
            get(move || async move {
                (
                    [(axum::http::header::CONTENT_TYPE, "application/json")],
                    json,
                )
            }),
        )
        .route("/api/docs", get(move || async move { Html(page) }))
        .route("/api/{*rest}", any(not_found))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The client's operations and the registered routes come from one list: each one is in the
    /// OpenAPI document with its method, and the document has no other operation.
    #[test]
    fn every_endpoint_is_documented_with_its_method() {
        let doc = serde_json::to_value(document()).unwrap();
        let paths = doc["paths"].as_object().unwrap();
        let mut documented = 0;
        for (path, item) in paths {
            documented += item.as_object().unwrap().len();
            assert!(
                app::endpoints::ALL.iter().any(|e| e.path == path),
                "{path} is served but is not in app::endpoints"
            );
        }
        for e in app::endpoints::ALL {
            let method = e.method.as_str().to_ascii_lowercase();
            assert!(
                paths.get(e.path).and_then(|p| p.get(&method)).is_some(),
                "{} {} is not in the OpenAPI document",
                e.method.as_str(),
                e.path
            );
        }
        assert_eq!(documented, app::endpoints::ALL.len());
    }
}
