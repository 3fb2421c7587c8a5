//! Registering through the API (the secret shown once), deliveries verified by the reference
//! implementation and parsed by the CloudEvents SDK, subscriptions by event type and hotel,
//! disabling, and rotation with both signatures during the grace period.
use reqwest::StatusCode;
use serde_json::json;

use super::*;
use crate::common::DEMO_PASSWORD;
use crate::common::receiver::Receiver;

#[tokio::test]
async fn deliveries_are_signed_and_parse_as_cloudevents_by_the_reference_libraries() {
    let (app, api) = app_with(local_webhooks).await;
    let mut receiver = Receiver::running().await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let r = api
        .post(
            ENDPOINTS,
            ENDPOINTS,
            Some(&admin),
            json!({"hotel": HOTEL, "url": receiver.url("/pms"), "description": "Front office PMS",
                   "event_types": [CREATED, CANCELLED]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let secret = r.body["secret"].as_str().unwrap().to_owned();
    let id = r.body["endpoint"]["id"].as_i64().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert_eq!(r.body["endpoint"]["hotel"], HOTEL);
    // Shown once: neither the endpoint nor the list carries it again.
    let one = api.get(ENDPOINT, &endpoint_path(id), Some(&admin)).await;
    assert_eq!(one.status, StatusCode::OK);
    let list = api.get(ENDPOINTS, ENDPOINTS, Some(&admin)).await;
    for body in [&one.body, &list.body] {
        let text = body.to_string();
        assert!(!text.contains(&secret[6..]), "{text}");
        assert!(!text.contains("whsec_"), "{text}");
    }
    // Only the hotel's: an endpoint subscribed to cancellations of every hotel, and one of
    // another hotel, stay out of it.
    let (platform_wide, _) = register(
        &api,
        &admin,
        json!({"url": receiver.url("/all"), "event_types": [CANCELLED]}),
    )
    .await;
    register(
        &api,
        &admin,
        json!({"hotel": OTHER_HOTEL, "url": receiver.url("/other"), "event_types": [CREATED]}),
    )
    .await;
    receiver.set_secrets(&[&secret]).await;

    let event = uuid::Uuid::new_v4().to_string();
    assert_eq!(publish(&app, HOTEL, &event, CREATED, "VS-TEST01").await, 1);
    let got = receiver.wait_for("/pms", 1).await;
    let first = &got[0];
    assert!(first.verified, "{first:#?}");
    assert_eq!(first.event.error, None, "{first:#?}");
    assert_eq!(first.event.id.as_deref(), Some(event.as_str()));
    assert_eq!(first.event.type_.as_deref(), Some(CREATED));
    assert_eq!(first.event.subject.as_deref(), Some("VS-TEST01"));
    assert_eq!(first.event.specversion.as_deref(), Some("1.0"));
    assert_eq!(first.webhook_id.as_deref(), Some(event.as_str()));
    assert_eq!(
        first.content_type.as_deref(),
        Some("application/cloudevents+json")
    );
    assert!(
        first
            .user_agent
            .as_deref()
            .unwrap()
            .starts_with("VisionStays-Webhooks/")
    );
    assert_eq!(first.body, cloud_event(&event, CREATED, HOTEL, "VS-TEST01"));

    // The cancellation goes to the hotel's endpoint and the platform-wide one.
    let cancel = uuid::Uuid::new_v4().to_string();
    assert_eq!(
        publish(&app, HOTEL, &cancel, CANCELLED, "VS-TEST01").await,
        2
    );
    let got = receiver.wait_for("/pms", 2).await;
    assert!(got[1].verified, "{:#?}", got[1]);
    assert_eq!(got[1].event.type_.as_deref(), Some(CANCELLED));
    let all = receiver.wait_for("/all", 1).await;
    assert_eq!(all[0].event.id.as_deref(), Some(cancel.as_str()));
    // Signed with the platform-wide endpoint's own secret, not this one.
    assert!(!all[0].verified, "{:#?}", all[0]);
    assert!(receiver.received().iter().all(|r| r.path != "/other"));

    // The API lists both deliveries, newest first, each with its one try.
    let list = deliveries(&api, &admin, id).await;
    let items = list.body["deliveries"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["event_id"], cancel.as_str());
    assert_eq!(items[1]["event_id"], event.as_str());
    for d in items {
        assert_eq!(d["status"], "delivered", "{d:#}");
        assert_eq!(d["attempts"], 1);
        assert_eq!(d["tries"][0]["status_code"], 204);
    }
    let r = deliveries(&api, &admin, platform_wide).await;
    assert_eq!(r.body["deliveries"].as_array().unwrap().len(), 1);

    // The same event again (a relay that died before recording) is not a second delivery.
    assert_eq!(publish(&app, HOTEL, &event, CREATED, "VS-TEST01").await, 0);
    // A disabled endpoint gets no deliveries.
    let r = api
        .put(
            ENDPOINT,
            &endpoint_path(id),
            Some(&admin),
            json!({"enabled": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["enabled"], false);
    let later = uuid::Uuid::new_v4().to_string();
    assert_eq!(publish(&app, HOTEL, &later, CREATED, "VS-TEST02").await, 0);
    receiver.stop().await;
}

#[tokio::test]
async fn after_a_rotation_both_secrets_verify_during_the_grace_period() {
    let (app, api) = app_with(local_webhooks).await;
    let mut receiver = Receiver::running().await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    let (id, old) = register(
        &api,
        &manager,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"), "event_types": [CREATED]}),
    )
    .await;
    let path = format!("{}/secret", endpoint_path(id));
    let r = api.post(SECRET, &path, Some(&manager), json!({})).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let new = r.body["secret"].as_str().unwrap().to_owned();
    assert!(new.starts_with("whsec_") && new != old);
    assert!(
        r.body["endpoint"]["previous_secret_until"].is_string(),
        "{}",
        r.body
    );
    // A receiver that knows only one of the two secrets verifies the delivery either way.
    receiver.set_secrets(&[&old, &new]).await;
    let event = uuid::Uuid::new_v4().to_string();
    assert_eq!(publish(&app, HOTEL, &event, CREATED, "VS-ROT01").await, 1);
    let got = receiver.wait_for("/pms", 1).await;
    let oks: Vec<bool> = got[0].verifications.iter().map(|v| v.ok).collect();
    assert_eq!(oks, [true, true], "{:#?}", got[0]);
    let signatures = got[0].webhook_signature.as_deref().unwrap();
    assert_eq!(signatures.split(' ').count(), 2, "{signatures}");
    receiver.stop().await;
}

#[tokio::test]
async fn without_a_grace_period_only_the_new_secret_signs() {
    let (app, api) = app_with(|args| {
        local_webhooks(args);
        args.webhooks.rotation_grace_hours = 0;
    })
    .await;
    let mut receiver = Receiver::running().await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let (id, old) = register(
        &api,
        &admin,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"), "event_types": [CREATED]}),
    )
    .await;
    let path = format!("{}/secret", endpoint_path(id));
    let r = api.post(SECRET, &path, Some(&admin), json!({})).await;
    let new = r.body["secret"].as_str().unwrap().to_owned();
    receiver.set_secrets(&[&old, &new]).await;
    publish(
        &app,
        HOTEL,
        &uuid::Uuid::new_v4().to_string(),
        CREATED,
        "VS-ROT02",
    )
    .await;
    let got = receiver.wait_for("/pms", 1).await;
    let oks: Vec<bool> = got[0].verifications.iter().map(|v| v.ok).collect();
    assert_eq!(oks, [false, true], "{:#?}", got[0]);
    let why = got[0].verifications[0].error.as_deref().unwrap();
    assert!(why.contains("No matching signature"), "{why}");
    receiver.stop().await;
}
