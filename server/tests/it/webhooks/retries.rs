//! A receiver that is down or failing: tries are retried with backoff and each is listed; after
//! the last try the delivery is parked as failed (and counted), and resending delivers it.
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::common::DEMO_PASSWORD;
use crate::common::receiver::Receiver;

#[tokio::test]
async fn a_receiver_that_was_down_gets_the_delivery_once_it_is_back() {
    let (app, api) = app_with(local_webhooks).await;
    // Reserved, not started: the first tries cannot connect.
    let mut receiver = Receiver::new();
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let (id, secret) = register(
        &api,
        &admin,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"), "event_types": [CREATED]}),
    )
    .await;
    let event = uuid::Uuid::new_v4().to_string();
    publish(&app, HOTEL, &event, CREATED, "VS-DOWN01").await;
    let waiting = wait_delivery(&api, &admin, id, |d| d["attempts"].as_i64() >= Some(2)).await;
    assert_eq!(waiting["status"], "pending", "{waiting:#}");
    assert!(waiting["next_attempt_at"].is_string(), "{waiting:#}");
    let error = waiting["tries"][0]["error"].as_str().unwrap();
    assert!(error.contains("cannot connect"), "{error}");
    assert!(waiting["tries"][0]["status_code"].is_null());

    receiver.start().await;
    receiver.set_secrets(&[&secret]).await;
    let got = receiver.wait_for("/pms", 1).await;
    assert!(got[0].verified, "{:#?}", got[0]);
    assert_eq!(got[0].webhook_id.as_deref(), Some(event.as_str()));
    let done = wait_delivery(&api, &admin, id, |d| d["status"] == "delivered").await;
    let tries = done["tries"].as_array().unwrap();
    assert!(tries.len() >= 3, "{done:#}");
    assert_eq!(tries[0]["status_code"], 204);
    assert!(
        tries[1..].iter().all(|t| t["error"].is_string()),
        "{done:#}"
    );
    assert_eq!(done["attempts"].as_u64(), Some(tries.len() as u64));
    receiver.stop().await;
}

#[tokio::test]
async fn a_delivery_given_up_is_parked_and_resend_delivers_it() {
    let (app, api) = app_with(|args| {
        local_webhooks(args);
        args.webhooks.max_attempts = 2;
    })
    .await;
    let mut receiver = Receiver::running().await;
    receiver.answer(503).await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    let (id, secret) = register(
        &api,
        &manager,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"), "event_types": [CANCELLED]}),
    )
    .await;
    receiver.set_secrets(&[&secret]).await;
    let event = uuid::Uuid::new_v4().to_string();
    publish(&app, HOTEL, &event, CANCELLED, "VS-FAIL01").await;
    let failed = wait_delivery(&api, &manager, id, |d| d["status"] == "failed").await;
    let tries = failed["tries"].as_array().unwrap();
    assert_eq!(tries.len(), 2, "{failed:#}");
    for t in tries {
        assert_eq!(t["status_code"], 503);
        assert_eq!(t["response_excerpt"], "try again later");
        assert_eq!(t["error"], "the endpoint answered HTTP 503");
    }
    assert!(failed["next_attempt_at"].is_null());
    let r = api.get(ENDPOINT, &endpoint_path(id), Some(&manager)).await;
    assert_eq!(
        (r.body["failed"].as_i64(), r.body["pending"].as_i64()),
        (Some(1), Some(0))
    );
    let metrics = reqwest::get(format!("http://{}/metrics", app.metrics_addr))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("vs_webhook_deliveries_total{outcome=\"failed\"} 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("vs_webhook_attempts_total{outcome=\"retry\"} 1"),
        "{metrics}"
    );

    // Every try was signed and verifies; the receiver said no.
    let got = receiver.wait_for("/pms", 2).await;
    assert!(
        got.iter().all(|r| r.verified && r.answered == 503),
        "{got:#?}"
    );

    receiver.answer(204).await;
    let delivery = failed["id"].as_i64().unwrap();
    let path = format!("{}/deliveries/{delivery}/resend", endpoint_path(id));
    let r = api.post(RESEND, &path, Some(&manager), json!({})).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let done = wait_delivery(&api, &manager, id, |d| d["status"] == "delivered").await;
    assert_eq!(done["tries"].as_array().unwrap().len(), 3, "{done:#}");
    let got = receiver.wait_for("/pms", 3).await;
    assert_eq!(got[2].webhook_id.as_deref(), Some(event.as_str()));
    assert!(got[2].verified);
    // Only a failed delivery can be resent.
    let r = api.post(RESEND, &path, Some(&manager), json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    let other = format!("{}/deliveries/999999/resend", endpoint_path(id));
    let r = api.post(RESEND, &other, Some(&manager), json!({})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    receiver.stop().await;
}

#[tokio::test]
async fn deleting_an_endpoint_stops_its_pending_deliveries() {
    let (app, api) = app_with(local_webhooks).await;
    let receiver = Receiver::new();
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let (id, _) = register(
        &api,
        &admin,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"), "event_types": [CREATED]}),
    )
    .await;
    publish(
        &app,
        HOTEL,
        &uuid::Uuid::new_v4().to_string(),
        CREATED,
        "VS-DEL01",
    )
    .await;
    wait_delivery(&api, &admin, id, |d| d["attempts"].as_i64() >= Some(1)).await;
    let r = api.delete(ENDPOINT, &endpoint_path(id), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = api.get(ENDPOINT, &endpoint_path(id), Some(&admin)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM webhook_deliveries").await,
        0,
        "its deliveries went with it"
    );
}
