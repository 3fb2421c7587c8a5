//! The admin REST API against its OpenAPI document: every operation, its validation, and scoping
//! (another hotel is 404 to a hotel admin, guests get 403).
mod bookings;
mod hotels;
mod outbox;
mod webhooks;

use crate::common::TestApp;
use crate::common::api::ApiClient;
use reqwest::StatusCode;
use serde_json::{Value, json};

const PASSWORD: &str = "vision-stays-demo";
const PLATFORM: &str = "admin@visionstays.test";
const MANAGER: &str = "manager@casa-do-tejo.test";
pub const H: &str = "/api/v1/admin/hotels/{slug}";

pub fn t(rest: &str) -> String {
    format!("{H}{rest}")
}

pub fn hotel_input(name: &str) -> Value {
    json!({
        "name": name, "city": "Porto", "country": "Portugal", "address": "Rua das Flores 12, 4050-265 Porto",
        "time_zone": "Europe/Lisbon", "stars": 4, "currency": "EUR", "tagline": "By the river",
        "description": "A quiet house near the Douro.", "amenities": ["Wi-Fi", "Breakfast"],
        "check_in_time": "15:00", "check_out_time": "11:00", "free_cancellation_days": 2, "tax_rate_bp": 600,
        "pets_allowed": false, "notes": ["Quiet hours from 22:00."]
    })
}

pub fn room_input(rooms: u32) -> Value {
    json!({"name": "River Double", "description": "Two windows on the river.", "capacity": 2, "beds": "1 queen bed",
        "size_m2": 22, "amenities": ["Shower"], "nightly_rate_minor": 12000, "weekend_rate_minor": 15000, "total_rooms": rooms})
}

#[tokio::test]
async fn a_platform_admin_runs_a_new_hotel_through_the_api() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let admin = api.sign_in(PLATFORM, PASSWORD).await;
    let reference = hotels::walk(&app, &api, &admin).await;
    bookings::walk(&app, &api, &admin, &reference).await;
    outbox::walk(&app, &api, &admin, &reference).await;
    webhooks::walk(&api, &admin).await;

    let admin_only = |p: &str| p.starts_with("/api/v1/admin/");
    assert_eq!(api.untested_operations(admin_only), Vec::<String>::new());
}

#[tokio::test]
async fn a_hotel_admin_sees_only_their_hotel_and_guests_see_nothing() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let manager = api.sign_in(MANAGER, PASSWORD).await;
    let tok = Some(manager.as_str());
    let guest = api.customer("ana@example.pt").await;

    let r = api
        .get("/api/v1/admin/hotels", "/api/v1/admin/hotels", tok)
        .await;
    let slugs: Vec<&str> = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    assert_eq!(slugs, ["casa-do-tejo"]);
    assert_eq!(
        api.get(H, "/api/v1/admin/hotels/casa-do-tejo", tok)
            .await
            .status,
        StatusCode::OK
    );
    // Another hotel is exactly like a missing one, for every kind of call.
    let other = "/api/v1/admin/hotels/miradouro-grand-hotel";
    assert_eq!(api.get(H, other, tok).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.get(H, "/api/v1/admin/hotels/no-such-hotel", tok)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&t("/dashboard"), &format!("{other}/dashboard"), tok)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.put(
            &t("/published"),
            &format!("{other}/published"),
            tok,
            json!({"published": false})
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&t("/photos/{id}"), &format!("{other}/photos/1"), tok)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let cal = t("/room-types/{room_type}/calendar");
    assert_eq!(
        api.get(
            &cal,
            &format!("{other}/room-types/deluxe-king/calendar"),
            tok
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    let list = "/api/v1/admin/bookings";
    assert_eq!(
        api.get(list, &format!("{list}?hotel=miradouro-grand-hotel"), tok)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Only platform admins create hotels and assign admins.
    assert_eq!(
        api.post(
            "/api/v1/admin/hotels",
            "/api/v1/admin/hotels",
            tok,
            hotel_input("Mine")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.post(
            &t("/admins"),
            "/api/v1/admin/hotels/casa-do-tejo/admins",
            tok,
            json!({"email": "ana@example.pt"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );

    // A booking at another hotel is invisible to this admin.
    let r = api.book(Some(&guest), &[("idempotency-key", "scope-1")], json!({"hotel": "miradouro-grand-hotel", "room_type": "deluxe-king",
        "check_in": crate::common::day(30), "check_out": crate::common::day(31), "guests": 1, "guest": {"name": "Ana Lima", "email": "ana@example.pt"}})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.body["reference"].as_str().unwrap();
    let b = "/api/v1/admin/bookings/{reference}";
    assert_eq!(
        api.get(b, &format!("{list}/{reference}"), tok).await.status,
        StatusCode::NOT_FOUND
    );
    let act = "/api/v1/admin/bookings/{reference}/{action}";
    assert_eq!(
        api.post(act, &format!("{list}/{reference}/cancel"), tok, json!(null))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = api.get(list, list, tok).await;
    assert!(
        r.body["bookings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["hotel_slug"] == "casa-do-tejo")
    );

    // Emails too: only this hotel's.
    let r = api
        .get("/api/v1/admin/emails", "/api/v1/admin/emails", tok)
        .await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["hotel_name"] == "Casa do Tejo"),
        "{}",
        r.body
    );
    let r = api
        .get(
            "/api/v1/admin/emails",
            "/api/v1/admin/emails?hotel=miradouro-grand-hotel",
            tok,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // Guests are not admins; no token is 401.
    assert_eq!(
        api.get("/api/v1/admin/hotels", "/api/v1/admin/hotels", Some(&guest))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.get(list, list, Some(&guest)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.get("/api/v1/admin/hotels", "/api/v1/admin/hotels", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}
