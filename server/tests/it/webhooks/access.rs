//! Who may register what, and where: private, loopback and link-local addresses are refused
//! (at registration with a field error, and again at delivery) unless allowed; hotel admins see
//! and manage only their hotels' endpoints; platform-wide ones are for platform admins.
use reqwest::StatusCode;
use serde_json::json;
use server::outbox::webhooks::endpoint_store::{self, Fields};

use super::*;
use crate::common::DEMO_PASSWORD;

#[tokio::test]
async fn private_loopback_and_link_local_addresses_are_refused_without_the_flag() {
    let (app, api) = app_with(|_| {}).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    for (url, says) in [
        ("http://pms.example.com/hooks", "Use an https:// URL."),
        ("https://127.0.0.1/hooks", "loopback address (127.0.0.1)"),
        ("https://10.0.0.5/hooks", "private address (10.0.0.5)"),
        (
            "https://169.254.169.254/latest",
            "link-local address (169.254.169.254)",
        ),
        (
            "https://[::ffff:192.168.1.20]/",
            "private address (::ffff:192.168.1.20)",
        ),
        (
            "https://[fd00::1]/",
            "private (unique local) address (fd00::1)",
        ),
        (
            "https://localhost:8443/",
            "localhost resolves to a loopback address",
        ),
    ] {
        let r = api
            .post(
                ENDPOINTS,
                ENDPOINTS,
                Some(&admin),
                json!({"hotel": HOTEL, "url": url, "event_types": [CREATED]}),
            )
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{url}: {}",
            r.body
        );
        let error = r.body["errors"]["url"].as_str().unwrap_or_default();
        assert!(error.contains(says), "{url}: {error}");
    }
    let r = api
        .post(
            ENDPOINTS,
            ENDPOINTS,
            Some(&admin),
            json!({"hotel": HOTEL, "url": "https://pms.example.com/", "event_types": ["booking.exploded"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["errors"]["event_types"]
            .as_str()
            .unwrap()
            .contains("Unknown event type")
    );

    // An address is checked again at every try: one that got in (here straight into the
    // table) is refused then, and the try says why.
    let mut tx = server::store::begin_write(&app.db).await.unwrap();
    let types = [CREATED.to_owned()];
    let fields = Fields {
        url: "https://127.0.0.1:9/hooks",
        description: "",
        event_types: &types,
        enabled: true,
    };
    let secret = server::outbox::webhooks::Secret::generate().expose();
    let hotel = hotel_id(&app, HOTEL).await;
    let id = endpoint_store::insert(
        &mut tx,
        Some(hotel),
        &fields,
        &secret,
        PLATFORM,
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    publish(
        &app,
        HOTEL,
        &uuid::Uuid::new_v4().to_string(),
        CREATED,
        "VS-PRIV01",
    )
    .await;
    let d = wait_delivery(&api, &admin, id, |d| d["attempts"].as_i64() >= Some(1)).await;
    let error = d["tries"][0]["error"].as_str().unwrap();
    assert!(error.contains("loopback address (127.0.0.1)"), "{error}");
}

#[tokio::test]
async fn private_addresses_and_http_are_allowed_with_the_flag() {
    let (_app, api) = app_with(local_webhooks).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    for url in [
        "http://127.0.0.1:9/hooks",
        "https://10.0.0.5/hooks",
        "http://localhost:9/",
    ] {
        register(
            &api,
            &admin,
            json!({"hotel": HOTEL, "url": url, "event_types": [CREATED]}),
        )
        .await;
    }
}

#[tokio::test]
async fn hotel_admins_see_and_manage_only_their_hotels_endpoints() {
    let (_app, api) = app_with(local_webhooks).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    let url = "http://127.0.0.1:9/hooks";
    let (theirs, _) = register(
        &api,
        &manager,
        json!({"hotel": HOTEL, "url": url, "event_types": [CREATED]}),
    )
    .await;
    let (other, _) = register(
        &api,
        &admin,
        json!({"hotel": OTHER_HOTEL, "url": url, "event_types": [CREATED]}),
    )
    .await;
    let (platform_wide, _) = register(
        &api,
        &admin,
        json!({"url": url, "event_types": [CANCELLED]}),
    )
    .await;

    let ids = |r: &ApiResponse| -> Vec<i64> {
        r.body
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_i64().unwrap())
            .collect()
    };
    let mine = api.get(ENDPOINTS, ENDPOINTS, Some(&manager)).await;
    assert_eq!(ids(&mine), [theirs]);
    let all = api.get(ENDPOINTS, ENDPOINTS, Some(&admin)).await;
    assert_eq!(ids(&all), [theirs, other, platform_wide]);
    let path = format!("{ENDPOINTS}?hotel={OTHER_HOTEL}");
    assert_eq!(ids(&api.get(ENDPOINTS, &path, Some(&admin)).await), [other]);
    let r = api.get(ENDPOINTS, &path, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Another hotel's endpoint and the platform-wide one are not there for them.
    for id in [other, platform_wide] {
        let r = api.get(ENDPOINT, &endpoint_path(id), Some(&manager)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{id}");
        let r = api
            .put(
                ENDPOINT,
                &endpoint_path(id),
                Some(&manager),
                json!({"enabled": false}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = api
            .post(
                SECRET,
                &format!("{}/secret", endpoint_path(id)),
                Some(&manager),
                json!({}),
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = api
            .delete(ENDPOINT, &endpoint_path(id), Some(&manager))
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
    }
    let r = api
        .post(
            ENDPOINTS,
            ENDPOINTS,
            Some(&manager),
            json!({"hotel": OTHER_HOTEL, "url": url, "event_types": [CREATED]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api
        .post(
            ENDPOINTS,
            ENDPOINTS,
            Some(&manager),
            json!({"url": url, "event_types": [CREATED]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Their own they change.
    let r = api
        .put(
            ENDPOINT,
            &endpoint_path(theirs),
            Some(&manager),
            json!({"description": "Channel manager", "event_types": [CREATED, CANCELLED]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["description"], "Channel manager");
    assert_eq!(r.body["event_types"], json!([CREATED, CANCELLED]));
    // Guests get 403.
    let guest = api.customer("webhook-guest@example.com").await;
    let r = api.get(ENDPOINTS, ENDPOINTS, Some(&guest)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
