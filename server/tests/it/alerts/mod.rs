//! Every booking alerts somebody, and only confirmed addresses: a new alert recipient gets
//! nothing until it confirms by its emailed link (a GET of the link confirms nothing; a used or
//! expired link is refused), a hotel with no confirmed recipient alerts the verified platform
//! admins, and platform admins see and remove every hotel's recipients.
mod platform;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::api::ApiClient;
use crate::common::{Browser, DEMO_PASSWORD, TestApp, day, location};

const PLATFORM: &str = "admin@visionstays.test";
const MANAGER: &str = "manager@casa-do-tejo.test";
/// A demo hotel with no alert recipient.
const HOTEL: &str = "miradouro-grand-hotel";
const RECIPIENTS: &str = "/api/v1/admin/hotels/{slug}/alert-recipients";
const CONFIRM: &str = "/api/v1/alert-recipients/confirm";

fn recipients_of(slug: &str) -> String {
    format!("/api/v1/admin/hotels/{slug}/alert-recipients")
}

/// Books a night `offset` days ahead at `hotel` as a new guest; the booking's reference.
async fn book(app: &TestApp, api: &ApiClient, hotel: &str, offset: i64) -> String {
    let room = app
        .text(&format!(
            "SELECT r.slug FROM room_types r JOIN hotels h ON h.id = r.hotel_id
             WHERE h.slug = '{hotel}' ORDER BY r.position LIMIT 1"
        ))
        .await;
    let token = api
        .customer(&format!("guest{offset}-{hotel}@example.pt"))
        .await;
    let key = format!("alerts-{hotel}-{offset}");
    let body = json!({"hotel": hotel, "room_type": room, "check_in": day(offset),
        "check_out": day(offset + 1), "guests": 1, "guest": {"name": "Ines Costa", "email": "ines@example.pt"}});
    let r = api
        .book(Some(&token), &[("idempotency-key", &key)], body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body["reference"].as_str().unwrap().to_owned()
}

/// Who was alerted about the booking (new-booking alerts), by address.
async fn alerted(app: &TestApp, reference: &str) -> Vec<String> {
    let sql = format!(
        "SELECT recipient FROM emails WHERE kind = 'admin_new_booking'
         AND booking_reference = '{reference}' ORDER BY recipient"
    );
    on_db!(&app.db, |p| sqlx::query_scalar(&sql).fetch_all(p).await).unwrap()
}

/// The token of the newest confirmation link emailed to `email`.
async fn link_token(app: &TestApp, email: &str) -> String {
    let text = app
        .text(&format!(
            "SELECT text_body FROM emails WHERE kind = 'recipient_confirmation'
             AND recipient = '{email}' ORDER BY id DESC LIMIT 1"
        ))
        .await;
    let at = text.find("/alerts/confirm?token=").expect("a link") + 22;
    text[at..at + 64].to_owned()
}

async fn confirmations_to(app: &TestApp, email: &str) -> i64 {
    app.scalar(&format!(
        "SELECT COUNT(*) FROM emails WHERE kind = 'recipient_confirmation' AND recipient = '{email}'"
    ))
    .await
}

fn listed(list: &Value, email: &str) -> Option<Value> {
    list.as_array()
        .unwrap()
        .iter()
        .find(|r| r["email"] == email)
        .cloned()
}

/// Posts the button of the link's page and reads the page it comes back to.
async fn confirm_in_browser(b: &Browser, token: &str) -> (StatusCode, String) {
    let res = b.post_form("/alerts/confirm", &[("token", token)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        "/alerts/confirm",
        "the token stays out of the URL"
    );
    b.get_html("/alerts/confirm").await
}

async fn admin_browser(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    let res = b
        .post_form(
            "/signin",
            &[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/admin"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    b
}

#[tokio::test]
async fn an_address_gets_alerts_only_after_confirming_by_its_link() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let r = api
        .put(
            RECIPIENTS,
            &recipients_of(HOTEL),
            Some(&admin),
            json!({"recipients": [
            {"email": "Desk@Miradouro.test", "on_booking": true, "on_cancellation": true}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["recipients"][0]["confirmed"], false);
    assert_eq!(confirmations_to(&app, "desk@miradouro.test").await, 1);

    // Unconfirmed: the booking alerts the platform admin, not the new address.
    let first = book(&app, &api, HOTEL, 40).await;
    assert_eq!(alerted(&app, &first).await, [PLATFORM]);

    // A GET of the link (a mail scanner, a preview) shows a button and confirms nothing.
    let token = link_token(&app, "desk@miradouro.test").await;
    let visitor = app.browser();
    let (status, html) = visitor
        .get_html(&format!("/alerts/confirm?token={token}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Confirm booking alerts"), "{html}");
    assert!(html.contains(&format!("value=\"{token}\"")), "{html}");
    let r = api
        .get(RECIPIENTS, &recipients_of(HOTEL), Some(&admin))
        .await;
    assert_eq!(r.body["recipients"][0]["confirmed"], false);

    // The button confirms.
    let (status, html) = confirm_in_browser(&visitor, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Booking alerts confirmed"), "{html}");
    assert!(html.contains("desk@miradouro.test"), "{html}");
    let r = api
        .get(RECIPIENTS, &recipients_of(HOTEL), Some(&admin))
        .await;
    assert_eq!(r.body["recipients"][0]["confirmed"], true);
    let second = book(&app, &api, HOTEL, 42).await;
    assert_eq!(alerted(&app, &second).await, ["desk@miradouro.test"]);

    // A link works once, in the browser and in the API.
    let (status, html) = confirm_in_browser(&visitor, &token).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(html.contains("already used"), "{html}");
    let r = api
        .post(CONFIRM, CONFIRM, None, json!({"token": token}))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.body);
    assert!(r.body["detail"].as_str().unwrap().contains("already used"));
    // And a confirmed address needs no new link.
    let resend = "/api/v1/admin/hotels/{slug}/alert-recipients/{email}/confirmation";
    let path = format!("{}/desk@miradouro.test/confirmation", recipients_of(HOTEL));
    let r = api.post(resend, &path, Some(&admin), json!({})).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_expired_or_replaced_link_is_refused_and_a_new_one_works() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    let r = api
        .put(
            RECIPIENTS,
            &recipients_of("casa-do-tejo"),
            Some(&manager),
            json!({"recipients": [
            {"email": MANAGER, "on_booking": true, "on_cancellation": true},
            {"email": "night@tejo.test", "on_booking": true, "on_cancellation": false}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let states: Vec<(&str, bool)> = r.body["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["email"].as_str().unwrap(),
                r["confirmed"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [(MANAGER, true), ("night@tejo.test", false)],
        "an address already on the list keeps its confirmation"
    );
    let old = link_token(&app, "night@tejo.test").await;
    app.exec("UPDATE alert_recipients SET token_expires_at = '2001-01-01T00:00:00.000Z' WHERE email = 'night@tejo.test'")
        .await;

    let r = api
        .post(CONFIRM, CONFIRM, None, json!({"token": old}))
        .await;
    assert_eq!(r.status, StatusCode::GONE, "{}", r.body);
    assert_eq!(r.headers["content-type"], "application/problem+json");
    assert!(r.body["detail"].as_str().unwrap().contains("expired"));
    let visitor = app.browser();
    let (status, html) = confirm_in_browser(&visitor, &old).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(
        html.contains("This link can&#x27;t be used") || html.contains("This link can't be used"),
        "{html}"
    );
    assert!(html.contains("expired"), "{html}");

    // The hotel's admin sends a new link from the alerts page; the old one is then unknown.
    let desk = admin_browser(&app, MANAGER).await;
    let (_, page) = desk.get_html("/admin/hotels/casa-do-tejo/alerts").await;
    assert!(page.contains("Waiting for confirmation"), "{page}");
    assert!(page.contains("Send the link again"), "{page}");
    let res = desk
        .post_form(
            "/admin/hotels/casa-do-tejo/alerts/resend",
            &[("email", "night@tejo.test")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(confirmations_to(&app, "night@tejo.test").await, 2);
    let (_, page) = desk.get_html("/admin/hotels/casa-do-tejo/alerts").await;
    assert!(
        page.contains("A new link went to night@tejo.test"),
        "{page}"
    );
    let r = api
        .post(CONFIRM, CONFIRM, None, json!({"token": old}))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
    let (status, html) = confirm_in_browser(&visitor, &old).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("not valid"), "{html}");
    let fresh = link_token(&app, "night@tejo.test").await;
    let r = api
        .post(CONFIRM, CONFIRM, None, json!({"token": fresh}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["hotel_name"], "Casa do Tejo");
    assert_eq!(r.body["email"], "night@tejo.test");

    for (body, status) in [
        (json!({"token": "not a token"}), StatusCode::NOT_FOUND),
        (json!({"token": " "}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({"token": 7}), StatusCode::BAD_REQUEST),
    ] {
        let r = api.post(CONFIRM, CONFIRM, None, body).await;
        assert_eq!(r.status, status, "{}", r.body);
    }
}
