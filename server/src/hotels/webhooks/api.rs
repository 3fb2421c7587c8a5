//! REST API for webhook endpoints (`/api/v1/admin/webhook-endpoints`): list, register (the
//! secret shown once), read, change, delete, rotate the secret (shown once), list an
//! endpoint's deliveries with their attempts, resend a failed delivery.
use app::endpoints as ep;
use app::model::*;
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::api::problem::{AdminErrors, ApiQuery, ApiResult, Problem};
use crate::hotels::scope::Admin;
use crate::state::App;

type Body<T> = Result<Json<T>, JsonRejection>;

#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EndpointsQuery {
    /// Only this hotel's endpoints (slug).
    pub hotel: Option<String>,
}

/// The webhook endpoints you manage: your hotels' (and, for a platform admin, the platform-wide
/// ones, which get every hotel's events). Secrets are never listed.
#[utoipa::path(get, path = ep::WEBHOOK_ENDPOINTS.path, tag = "admin", security(("bearer" = [])),
    params(EndpointsQuery),
    responses((status = 200, body = Vec<WebhookEndpoint>),
        AdminErrors,
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(app): State<App>,
    admin: Admin,
    ApiQuery(q): ApiQuery<EndpointsQuery>,
) -> ApiResult<Json<Vec<WebhookEndpoint>>> {
    Ok(Json(
        super::list(&app.db, &admin, q.hotel.as_deref()).await?,
    ))
}

/// Register an endpoint for a hotel's booking events (or, without `hotel`, every hotel's:
/// platform admins only). Deliveries follow Standard Webhooks: the body is the CloudEvent
/// (structured mode, `application/cloudevents+json`), signed in `webhook-signature` with the
/// secret in the answer, which is shown this once. The URL must be https and resolve to public
/// addresses only.
#[utoipa::path(post, path = ep::CREATE_WEBHOOK_ENDPOINT.path, tag = "admin", security(("bearer" = [])),
    request_body = NewWebhookEndpoint,
    responses((status = 201, description = "Registered; keep the secret, it is not shown again", body = WebhookEndpointWithSecret),
        AdminErrors,
        (status = 422, description = "Invalid URL, description or event types, by field", body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(app): State<App>,
    admin: Admin,
    body: Body<NewWebhookEndpoint>,
) -> ApiResult<(StatusCode, Json<WebhookEndpointWithSecret>)> {
    let Json(input) = body?;
    let made = super::create(&app, &admin, input).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// One endpoint (without its secret).
#[utoipa::path(get, path = ep::WEBHOOK_ENDPOINT.path, tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook endpoint id")),
    responses((status = 200, body = WebhookEndpoint), AdminErrors))]
pub async fn get(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<i64>,
) -> ApiResult<Json<WebhookEndpoint>> {
    Ok(Json(super::get(&app.db, &admin, id).await?))
}

/// Change an endpoint's URL, description, event types or whether it is enabled (fields left
/// out stay). A disabled endpoint's pending deliveries wait until it is enabled again.
#[utoipa::path(put, path = ep::UPDATE_WEBHOOK_ENDPOINT.path, tag = "admin", security(("bearer" = [])),
    request_body = WebhookEndpointUpdate,
    params(("id" = i64, Path, description = "Webhook endpoint id")),
    responses((status = 200, body = WebhookEndpoint),
        AdminErrors,
        (status = 422, description = "Invalid URL, description or event types, by field", body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<i64>,
    body: Body<WebhookEndpointUpdate>,
) -> ApiResult<Json<WebhookEndpoint>> {
    let Json(change) = body?;
    Ok(Json(super::update(&app, &admin, id, change).await?))
}

/// Delete an endpoint with its deliveries (pending ones are never sent).
#[utoipa::path(delete, path = ep::DELETE_WEBHOOK_ENDPOINT.path, tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook endpoint id")),
    responses((status = 204, description = "Deleted"), AdminErrors))]
pub async fn delete(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    super::delete(&app.db, &admin, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Rotate the signing secret: the new one is in the answer, shown this once. For the grace
/// period (24 hours by default) each delivery carries two signatures, with the new secret and
/// the old, so the receiver can switch without losing a delivery.
#[utoipa::path(post, path = ep::ROTATE_WEBHOOK_SECRET.path, tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook endpoint id")),
    responses((status = 200, description = "Rotated; keep the new secret, it is not shown again", body = WebhookEndpointWithSecret),
        AdminErrors))]
pub async fn rotate(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<i64>,
) -> ApiResult<Json<WebhookEndpointWithSecret>> {
    Ok(Json(super::rotate(&app, &admin, id).await?))
}

/// The endpoint's newest 50 deliveries, newest first, each with its tries (status, error,
/// duration, the start of the answer).
#[utoipa::path(get, path = ep::WEBHOOK_DELIVERIES.path, tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook endpoint id")),
    responses((status = 200, body = WebhookDeliveries), AdminErrors))]
pub async fn deliveries(
    State(app): State<App>,
    admin: Admin,
    Path(id): Path<i64>,
) -> ApiResult<Json<WebhookDeliveries>> {
    Ok(Json(super::deliveries(&app.db, &admin, id).await?))
}

/// Send a failed delivery again, with a fresh round of tries (same `webhook-id`, so a receiver
/// that did get it drops the repeat).
#[utoipa::path(post, path = ep::RESEND_WEBHOOK_DELIVERY.path, tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, description = "Webhook endpoint id"), ("delivery" = i64, Path, description = "Delivery id")),
    responses((status = 204, description = "Due again now"),
        AdminErrors,
        (status = 409, description = "The delivery has not failed", body = Problem, content_type = "application/problem+json")))]
pub async fn resend(
    State(app): State<App>,
    admin: Admin,
    Path((id, delivery)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    super::resend(&app, &admin, id, delivery).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update, delete))
        .routes(routes!(rotate))
        .routes(routes!(deliveries))
        .routes(routes!(resend))
}
