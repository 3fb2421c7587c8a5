//! Parked events in the admin: listed with their error at `/admin/events` and in the REST API,
//! retried with a plain form post (Origin-checked); hotel admins see only their hotels'.
use reqwest::StatusCode;
use serde_json::Value;

use super::*;
use crate::common::AFTER_HISTORY;
use crate::common::DEMO_PASSWORD;
use crate::common::api::ApiClient;

pub async fn admin_browser(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    let form = [
        ("email", email),
        ("password", DEMO_PASSWORD),
        ("next", "/admin"),
    ];
    let res = b.post_form("/signin", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    b
}

/// The parked row id of the booking's event.
async fn parked_id(app: &TestApp, reference: &str) -> i64 {
    app.scalar(&format!(
        "SELECT id FROM booking_events WHERE booking_reference = '{reference}' AND stream_status = 'parked'"
    ))
    .await
}

/// A platform admin opens `/admin/events`, finds the booking's parked event with its error, and
/// presses its retry button; whether the page offered it.
pub async fn retry_from_admin_page(app: &TestApp, reference: &str) -> bool {
    let id = parked_id(app, reference).await;
    let admin = admin_browser(app, PLATFORM).await;
    let (status, html) = admin.get_html("/admin/events").await;
    assert_eq!(status, StatusCode::OK);
    let action = format!("/admin/events/stream/{id}/retry");
    if !html.contains(&format!("action=\"{action}\"")) {
        return false;
    }
    assert!(html.contains(reference), "{html}");
    assert!(
        html.contains("MessageRejected"),
        "the error is shown: {html}"
    );
    assert!(html.contains("booking.created"), "{html}");
    // Without the page's Origin the post is refused.
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = bare
        .post(app.url(&action))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin.post_form(&action, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/events");
    let (_, html) = admin.get_html("/admin/events").await;
    assert!(html.contains("Back in line"), "{html}");
    true
}

/// The REST API lists parked items for the admin's hotels only, and retries one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parked_items_in_the_api_are_scoped_to_the_admins_hotels() {
    let app = TestApp::spawn().await;
    let manager_hotel = app.text("SELECT h.slug FROM hotels h JOIN hotel_admins a ON a.hotel_id = h.id JOIN customers c ON c.id = a.customer_id WHERE c.email = 'manager@casa-do-tejo.test'").await;
    let other = app
        .text(&format!(
            "SELECT slug FROM hotels WHERE slug <> '{manager_hotel}' ORDER BY id LIMIT 1"
        ))
        .await;
    let (_, mine) = book_at(&app, &manager_hotel, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    let (_, theirs) = book_at(&app, &other, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    // Parked as the relay parks them (no stream runs here).
    app.exec(&format!(
        "UPDATE booking_events SET stream_status = 'parked', stream_attempts = 12, stream_last_error = 'MessageRejected: too big',
             parked_at = CURRENT_TIMESTAMP, stream_last_attempt_at = created_at
         WHERE booking_reference IN ('{mine}', '{theirs}')"
    ))
    .await;
    if app.db.is_sqlite() {
        // CURRENT_TIMESTAMP is not the RFC 3339 text the app writes on SQLite.
        app.exec("UPDATE booking_events SET parked_at = created_at WHERE stream_status = 'parked'")
            .await;
    }
    let api = ApiClient::new(app.url("")).await;
    let platform = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let manager = api
        .sign_in("manager@casa-do-tejo.test", DEMO_PASSWORD)
        .await;
    let list = "/api/v1/admin/outbox/parked";
    let refs = |body: &Value| -> Vec<String> {
        body.as_array()
            .unwrap()
            .iter()
            .map(|i| i["booking_reference"].as_str().unwrap().to_owned())
            .collect()
    };
    let r = api.get(list, list, Some(&platform)).await;
    assert_eq!(r.status, StatusCode::OK);
    let mut all = refs(&r.body);
    all.sort();
    let mut want = vec![mine.clone(), theirs.clone()];
    want.sort();
    assert_eq!(all, want);
    let item = &r.body[0];
    assert_eq!(item["sink"], "stream");
    assert_eq!(item["what"], "booking.created");
    assert_eq!(item["attempts"], 12);
    assert_eq!(item["last_error"], "MessageRejected: too big");
    let r = api.get(list, list, Some(&manager)).await;
    assert_eq!(
        refs(&r.body),
        std::slice::from_ref(&mine),
        "only their hotel's"
    );

    let retry = "/api/v1/admin/outbox/parked/{sink}/{id}/retry";
    let theirs_id = parked_id(&app, &theirs).await;
    let r = api
        .post(
            retry,
            &format!("/api/v1/admin/outbox/parked/stream/{theirs_id}/retry"),
            Some(&manager),
            Value::Null,
        )
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "another hotel's is not theirs to retry"
    );
    let r = api
        .post(
            retry,
            &format!("/api/v1/admin/outbox/parked/mail/{theirs_id}/retry"),
            Some(&platform),
            Value::Null,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api
        .post(
            retry,
            &format!("/api/v1/admin/outbox/parked/stream/{theirs_id}/retry"),
            Some(&platform),
            Value::Null,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        refs(&r.body),
        std::slice::from_ref(&mine),
        "the answer is the list now"
    );
    let state = app
        .text(&format!(
            "SELECT stream_status FROM booking_events WHERE booking_reference = '{theirs}'"
        ))
        .await;
    assert_eq!(state, "pending");
    assert_eq!(
        app.scalar(&format!(
            "SELECT stream_attempts FROM booking_events WHERE booking_reference = '{theirs}'"
        ))
        .await,
        0,
        "tries counted afresh"
    );
    // Retrying what is no longer parked is a 404.
    let r = api
        .post(
            retry,
            &format!("/api/v1/admin/outbox/parked/stream/{theirs_id}/retry"),
            Some(&platform),
            Value::Null,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // The page: the hotel admin sees their own, with a retry form.
    let manager_page = admin_browser(&app, "manager@casa-do-tejo.test").await;
    let (status, html) = manager_page.get_html("/admin/events").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&mine) && !html.contains(&theirs), "{html}");
    assert!(html.contains("MessageRejected: too big"));
    assert!(html.contains("Parked events"));
}
