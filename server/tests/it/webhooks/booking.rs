//! Real bookings: the event writer fans each booking event out to the subscribed endpoints in
//! the booking's own transaction, and the receiver verifies and parses what arrives.
use serde_json::json;

use super::*;
use crate::common::DEMO_PASSWORD;
use crate::common::receiver::Receiver;
use crate::events::book_at;

#[tokio::test]
async fn a_booking_and_its_cancellation_arrive_signed_as_cloudevents() {
    let (app, api) = app_with(local_webhooks).await;
    let mut receiver = Receiver::running().await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    // Subscribed by the short names too.
    let (id, secret) = register(
        &api,
        &manager,
        json!({"hotel": HOTEL, "url": receiver.url("/pms"),
               "event_types": ["booking.created", CANCELLED]}),
    )
    .await;
    receiver.set_secrets(&[&secret]).await;

    let (guest, reference) = book_at(&app, HOTEL, 50, 52).await;
    let got = receiver.wait_for("/pms", 1).await;
    let created = &got[0];
    assert!(created.verified, "{created:#?}");
    assert_eq!(created.event.error, None, "{created:#?}");
    assert_eq!(created.event.type_.as_deref(), Some(CREATED));
    assert_eq!(created.event.subject.as_deref(), Some(reference.as_str()));
    assert_eq!(created.webhook_id, created.event.id);
    // The body is the document as the event writer stored it, byte for byte.
    let stored = app
        .text(&format!(
            "SELECT document FROM booking_events WHERE event_id = '{}'",
            created.event.id.as_deref().unwrap()
        ))
        .await;
    assert_eq!(created.body, stored);

    let res = guest
        .post_form(&format!("/bookings/{reference}/cancel"), &[])
        .await;
    assert!(res.status().is_redirection(), "{}", res.status());
    let got = receiver.wait_for("/pms", 2).await;
    let cancelled = &got[1];
    assert!(cancelled.verified, "{cancelled:#?}");
    assert_eq!(cancelled.event.type_.as_deref(), Some(CANCELLED));
    assert_eq!(cancelled.event.subject.as_deref(), Some(reference.as_str()));
    assert_ne!(cancelled.webhook_id, created.webhook_id);

    // Another hotel's booking is not this endpoint's.
    book_at(&app, OTHER_HOTEL, 50, 51).await;
    let r = deliveries(&api, &manager, id).await;
    let listed = r.body["deliveries"].as_array().unwrap();
    assert_eq!(listed.len(), 2, "{:#}", r.body);
    assert!(
        listed.iter().all(|d| d["status"] == "delivered"),
        "{:#}",
        r.body
    );
    receiver.stop().await;
}
