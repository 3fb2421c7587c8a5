//! Webhook endpoints, their deliveries and attempts as the admin API and UI show them, and the
//! booking event types an endpoint may subscribe to (the one list of them).
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Every booking event type an endpoint may subscribe to, as (CloudEvent `type`, what the admin
/// UI calls it): the types the events writer (`outbox::events::EventType::cloud_type`) writes,
/// which a server test holds this list to.
pub const BOOKING_EVENT_TYPES: &[(&str, &str)] = &[
    ("com.visionstays.booking.created.v1", "Booking created"),
    ("com.visionstays.booking.cancelled.v1", "Booking cancelled"),
    ("com.visionstays.booking.checked_in.v1", "Guest checked in"),
    (
        "com.visionstays.booking.checked_out.v1",
        "Guest checked out",
    ),
    ("com.visionstays.booking.no_show.v1", "Guest did not show"),
    ("com.visionstays.booking.stay_changed.v1", "Stay changed"),
];

/// A webhook endpoint as the admin API lists it: never its secret, which is shown once only
/// (when the endpoint is registered and when its secret is rotated).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: i64,
    /// The hotel's slug, or `null` for a platform-wide endpoint (every hotel's events).
    pub hotel: Option<String>,
    pub hotel_name: Option<String>,
    pub url: String,
    pub description: String,
    /// The CloudEvent types it gets (`com.visionstays.booking.created.v1`, …).
    pub event_types: Vec<String>,
    /// A disabled endpoint gets no new deliveries and its pending ones wait.
    pub enabled: bool,
    /// The email of the admin who registered it.
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Until when deliveries also carry a signature with the secret before the last rotation.
    pub previous_secret_until: Option<DateTime<Utc>>,
    /// Deliveries waiting for their next try.
    pub pending: i64,
    /// Deliveries given up after the last try (resend them one by one).
    pub failed: i64,
}

/// What registers an endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewWebhookEndpoint {
    /// The hotel's slug; leave it out for a platform-wide endpoint (platform admins only).
    #[serde(default)]
    pub hotel: Option<String>,
    /// An `https://` URL whose host resolves to public addresses only.
    pub url: String,
    #[serde(default)]
    pub description: String,
    /// CloudEvent types, at least one.
    pub event_types: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// What changes an endpoint; each field left out stays as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookEndpointUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_types: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// An endpoint with its signing secret: the answer to registering it or rotating its secret,
/// the only times the secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookEndpointWithSecret {
    pub endpoint: WebhookEndpoint,
    /// `whsec_` + base64 of 32 random bytes: verify each delivery's `webhook-signature` with
    /// it (Standard Webhooks). Keep it now: it is not shown again.
    pub secret: String,
}

/// One event's delivery to one endpoint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: i64,
    /// The CloudEvent's id, sent as `webhook-id` on every try.
    pub event_id: String,
    pub event_type: String,
    /// `pending` (waiting for its next try), `delivered` (answered 2xx) or `failed` (given up
    /// after the last try; resend it to try again).
    pub status: String,
    pub attempts: i64,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Every try, newest first.
    pub tries: Vec<WebhookAttempt>,
}

/// One try of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// The HTTP status the endpoint answered; `null` when it did not answer.
    pub status_code: Option<i32>,
    /// Why the try failed, when it did.
    pub error: Option<String>,
    /// The first bytes of the endpoint's answer.
    pub response_excerpt: Option<String>,
}

/// An endpoint's deliveries, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WebhookDeliveries {
    pub endpoint: WebhookEndpoint,
    pub deliveries: Vec<WebhookDelivery>,
}
