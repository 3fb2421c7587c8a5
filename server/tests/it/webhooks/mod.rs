//! Signed webhooks, checked by other people's code: a real receiver (Python) verifies every
//! delivery with the Standard Webhooks reference implementation and parses it with the
//! CloudEvents SDK. Endpoints are registered through the REST API; events are fanned out the
//! way the event writer does, in a transaction of their own here.
mod access;
mod booking;
mod delivery;
mod pages;
mod retries;

use reqwest::StatusCode;
use serde_json::{Value, json};
use server::config::ServeArgs;
use server::outbox::webhooks::{EventForWebhooks, fan_out};

use crate::common::TestApp;
use crate::common::api::{ApiClient, ApiResponse};

const PLATFORM: &str = "admin@visionstays.test";
const MANAGER: &str = "manager@casa-do-tejo.test";
const HOTEL: &str = "casa-do-tejo";
const OTHER_HOTEL: &str = "miradouro-grand-hotel";
const ENDPOINTS: &str = "/api/v1/admin/webhook-endpoints";
const ENDPOINT: &str = "/api/v1/admin/webhook-endpoints/{id}";
const SECRET: &str = "/api/v1/admin/webhook-endpoints/{id}/secret";
const DELIVERIES: &str = "/api/v1/admin/webhook-endpoints/{id}/deliveries";
const RESEND: &str = "/api/v1/admin/webhook-endpoints/{id}/deliveries/{delivery}/resend";
const CREATED: &str = "com.visionstays.booking.created.v1";
const CANCELLED: &str = "com.visionstays.booking.cancelled.v1";

/// Webhooks to the local receiver (private addresses and http allowed) with quick retries.
fn local_webhooks(args: &mut ServeArgs) {
    args.webhooks.allow_private = true;
    args.webhooks.retry_base_ms = 50;
    args.webhooks.retry_cap_ms = 400;
    args.webhooks.poll_ms = 100;
}

async fn app_with(configure: impl FnOnce(&mut ServeArgs)) -> (TestApp, ApiClient) {
    let app = TestApp::spawn_configured(configure).await;
    let api = ApiClient::new(app.url("")).await;
    (app, api)
}

fn endpoint_path(id: i64) -> String {
    format!("{ENDPOINTS}/{id}")
}

/// Registers an endpoint; its id and the secret shown once.
async fn register(api: &ApiClient, token: &str, body: Value) -> (i64, String) {
    let r = api.post(ENDPOINTS, ENDPOINTS, Some(token), body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_owned();
    (r.body["endpoint"]["id"].as_i64().unwrap(), secret)
}

async fn deliveries(api: &ApiClient, token: &str, id: i64) -> ApiResponse {
    let path = format!("{}/deliveries", endpoint_path(id));
    let r = api.get(DELIVERIES, &path, Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r
}

/// Waits (up to a generous deadline) until the endpoint's newest delivery satisfies `done`.
async fn wait_delivery(
    api: &ApiClient,
    token: &str,
    id: i64,
    done: impl Fn(&Value) -> bool,
) -> Value {
    let started = std::time::Instant::now();
    loop {
        let r = deliveries(api, token, id).await;
        let newest = r.body["deliveries"][0].clone();
        if done(&newest) {
            return newest;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the delivery never got there: {newest:#}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn hotel_id(app: &TestApp, slug: &str) -> i64 {
    app.scalar(&format!("SELECT id FROM hotels WHERE slug = '{slug}'"))
        .await
}

/// A booking event's CloudEvent as the event writer writes it.
fn cloud_event(id: &str, type_: &str, hotel: &str, reference: &str) -> String {
    json!({
        "specversion": "1.0",
        "id": id,
        "source": format!("/hotels/{hotel}"),
        "type": type_,
        "subject": reference,
        "time": "2026-12-04T07:00:00Z",
        "datacontenttype": "application/json",
        "data": {"reference": reference, "hotel": hotel, "check_in": "2027-01-10", "check_out": "2027-01-12"}
    })
    .to_string()
}

/// Fans one event out in a transaction of its own, commits and wakes the relay; how many
/// deliveries it wrote.
async fn publish(app: &TestApp, hotel: &str, id: &str, type_: &str, reference: &str) -> u64 {
    let json = cloud_event(id, type_, hotel, reference);
    let event = EventForWebhooks {
        id,
        hotel_id: hotel_id(app, hotel).await,
        type_,
        json: &json,
    };
    let mut tx = server::store::begin_write(&app.db).await.unwrap();
    let n = fan_out(&mut tx, &event).await.unwrap();
    tx.commit().await.unwrap();
    app.app.outbox.wake();
    n
}
