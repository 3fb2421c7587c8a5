//! The first half of the platform admin's walk: a new hotel, its room type, calendar and photos.
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{H, hotel_input, room_input, t};
use crate::common::TestApp;
use crate::common::api::ApiClient;
use crate::common::png;

/// Creates and publishes Casa Ribeira in Porto; returns the reference of a booking starting today.
pub async fn walk(app: &TestApp, api: &ApiClient, admin: &str) -> String {
    let tok = Some(admin);

    let r = api
        .get("/api/v1/admin/hotels", "/api/v1/admin/hotels", tok)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_array().unwrap().len(), 16, "every demo hotel");

    // Creating: field errors together, a new city needs its country, then 201 unpublished.
    let r = api.post("/api/v1/admin/hotels", "/api/v1/admin/hotels", tok, json!({"name": "", "city": "", "address": "", "time_zone": "Mars/Base",
        "stars": 7, "currency": "euros", "check_in_time": "3pm", "check_out_time": "11:00", "free_cancellation_days": 1, "tax_rate_bp": 0})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in [
        "name",
        "city",
        "address",
        "time_zone",
        "stars",
        "currency",
        "check_in_time",
    ] {
        assert!(r.body["errors"][f].is_string(), "{f}: {}", r.body);
    }
    let mut no_country = hotel_input("Casa Ribeira");
    no_country["country"] = json!("");
    let r = api
        .post(
            "/api/v1/admin/hotels",
            "/api/v1/admin/hotels",
            tok,
            no_country,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["country"].is_string());
    let r = api
        .post(
            "/api/v1/admin/hotels",
            "/api/v1/admin/hotels",
            tok,
            hotel_input("Casa Ribeira"),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["slug"], "casa-ribeira");
    assert_eq!(r.body["published"], false);
    assert_eq!(r.body["city_name"], "Porto");
    let path = |rest: &str| format!("/api/v1/admin/hotels/casa-ribeira{rest}");

    let r = api.get(H, &path(""), tok).await;
    assert_eq!(r.status, StatusCode::OK);
    let mut edit = hotel_input("Casa Ribeira");
    edit["tagline"] = json!("On the Ribeira, by the river");
    let r = api.put(H, &path(""), tok, edit).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["tagline"], "On the Ribeira, by the river");
    let mut bad = hotel_input("Casa Ribeira");
    bad["check_out_time"] = json!("25:00");
    let r = api.put(H, &path(""), tok, bad).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Nothing to sell yet: publishing is refused.
    let r = api
        .put(
            &t("/published"),
            &path("/published"),
            tok,
            json!({"published": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    let r = api.post(&t("/room-types"), &path("/room-types"), tok, json!({"name": "X", "capacity": 0, "beds": "", "nightly_rate_minor": 0, "total_rooms": 2})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["name", "capacity", "beds", "nightly_rate_minor"] {
        assert!(r.body["errors"][f].is_string(), "{f}: {}", r.body);
    }
    let r = api
        .post(&t("/room-types"), &path("/room-types"), tok, room_input(1))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["slug"], "river-double");
    let room = |rest: &str| path(&format!("/room-types/river-double{rest}"));
    let rt = |rest: &str| t(&format!("/room-types/{{room_type}}{rest}"));
    let r = api.put(&rt(""), &room(""), tok, room_input(2)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["total_rooms"], 2);
    let r = api
        .put(
            &t("/published"),
            &path("/published"),
            tok,
            json!({"published": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["published"], true);
    let today = r.body["today"].as_str().unwrap().to_owned();
    // Published, its rates are in euros for good.
    let mut dollars = hotel_input("Casa Ribeira");
    dollars["currency"] = json!("USD");
    let r = api.put(H, &path(""), tok, dollars).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["currency"].is_string(), "{}", r.body);

    // A guest books two nights from today; the admin sees it and cannot offer fewer rooms.
    let guest = api.customer("rui@example.pt").await;
    let check_in = today.clone();
    let check_out = (chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap()
        + chrono::Duration::days(2))
    .to_string();
    let r = api.book(Some(&guest), &[("idempotency-key", "admin-api-1")], json!({"hotel": "casa-ribeira", "room_type": "river-double",
        "check_in": check_in, "check_out": check_out, "guests": 2, "guest": {"name": "Rui Sousa", "email": "rui@example.pt"}})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let reference = r.body["reference"].as_str().unwrap().to_owned();
    let r = api.book(Some(&guest), &[("idempotency-key", "admin-api-2")], json!({"hotel": "casa-ribeira", "room_type": "river-double",
        "check_in": check_in, "check_out": check_out, "guests": 1, "guest": {"name": "Rui Sousa", "email": "rui@example.pt"}})).await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = api.put(&rt(""), &room(""), tok, room_input(1)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["errors"]["total_rooms"]
            .as_str()
            .unwrap()
            .contains("already sold"),
        "{}",
        r.body
    );

    // Calendar: read, set a price, refuse fewer rooms than sold, close a night.
    let r = api
        .get(&rt("/calendar"), &room("/calendar?nights=7"), tok)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["nights"].as_array().unwrap().len(), 7);
    assert_eq!(r.body["nights"][0]["sold"], 2);
    assert_eq!(r.body["nights"][2]["sold"], 0);
    let r = api
        .get(&rt("/calendar"), &room("/calendar?nights=0"), tok)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let first =
        chrono::NaiveDate::parse_from_str(&today, "%Y-%m-%d").unwrap() + chrono::Duration::days(10);
    let last = first + chrono::Duration::days(2);
    let r = api
        .post(
            &rt("/calendar"),
            &room("/calendar"),
            tok,
            json!({"first_night": first, "last_night": last, "rate_minor": 9900}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["nights"][0]["rate_minor"], 9900);
    assert_eq!(r.body["nights"][0]["rate_override"], true);
    let r = api
        .post(
            &rt("/calendar"),
            &room("/calendar"),
            tok,
            json!({"first_night": check_in, "last_night": check_in, "rooms": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        r.body["errors"]["rooms"]
            .as_str()
            .unwrap()
            .contains("already sold"),
        "{}",
        r.body
    );
    let r = api
        .post(
            &rt("/calendar"),
            &room("/calendar"),
            tok,
            json!({"first_night": last, "last_night": first}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["last_night"].is_string());
    // The calendar reaches three years either way; beyond is a field error, not a crash.
    let far = first + chrono::Duration::days(4000);
    let r = api
        .post(
            &rt("/calendar"),
            &room("/calendar"),
            tok,
            json!({"first_night": far, "last_night": far, "closed": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["first_night"].is_string(), "{}", r.body);
    for from in [far.to_string(), "+262142-12-31".to_owned()] {
        let r = api
            .get(
                &rt("/calendar"),
                &room(&format!("/calendar?from={from}")),
                tok,
            )
            .await;
        assert_eq!(r.status.as_u16() / 100, 4, "{from}: {}", r.body);
    }
    let r = api
        .post(
            &rt("/calendar"),
            &room("/calendar"),
            tok,
            json!({"first_night": first, "last_night": first, "closed": true}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["nights"][0]["closed"], true);
    let closed_stay =
        format!("/api/v1/hotels/casa-ribeira?check_in={first}&check_out={last}&guests=1");
    let guest_view: Value = reqwest::get(app.url(&closed_stay))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        guest_view["room_types"][0]["quote"].is_null(),
        "a closed night leaves the stay unpriced: {guest_view}"
    );

    // Photos: checked by content and size, served by the app, deleted.
    let upload = |bytes: Vec<u8>, caption: &str| {
        let url = app.url(&path(&format!("/photos?caption={caption}")));
        let client = api.client.clone();
        let admin = admin.to_owned();
        async move {
            client
                .post(url)
                .bearer_auth(admin)
                .header("content-type", "image/png")
                .body(bytes)
                .send()
                .await
                .unwrap()
        }
    };
    let res = upload(png(1200, 800), "Facade").await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    assert_eq!(photo["width"], 1200);
    let served = reqwest::get(app.url(&format!("/photos/{}", photo["id"])))
        .await
        .unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.headers()["cache-control"], "public, max-age=86400");
    assert_eq!(
        upload(b"<svg/>".to_vec(), "x").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(png(100, 100), "x").await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        upload(vec![0xFF; 7 * 1024 * 1024], "x").await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    let id = photo["id"].as_i64().unwrap();
    // Admins fetch it through the API, published or not; guests only once the hotel is published.
    let own = path(&format!("/photos/{id}"));
    assert_eq!(photo["url"], own.as_str());
    let r = api.get(&t("/photos/{id}"), &own, tok).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["cache-control"], "private, max-age=300");
    assert_eq!(
        api.get(&t("/photos/{id}"), &own, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let elsewhere = format!("/api/v1/admin/hotels/casa-do-tejo/photos/{id}");
    assert_eq!(
        api.get(&t("/photos/{id}"), &elsewhere, tok).await.status,
        StatusCode::NOT_FOUND
    );
    let public = |published: bool| {
        let body = json!({ "published": published });
        async move {
            let r = api
                .put(&t("/published"), &path("/published"), tok, body)
                .await;
            assert_eq!(r.status, StatusCode::OK);
            reqwest::get(app.url(&format!("/photos/{id}")))
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(public(false).await, StatusCode::NOT_FOUND);
    assert_eq!(
        api.get(&t("/photos/{id}"), &own, tok).await.status,
        StatusCode::OK
    );
    assert_eq!(public(true).await, StatusCode::OK);
    // The upload itself is checked against the document too (its 201 body).
    let r = api
        .call(
            reqwest::Method::POST,
            &t("/photos"),
            &path("/photos"),
            tok,
            &[("content-type", "image/png")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .delete(&t("/photos/{id}"), &path(&format!("/photos/{id}")), tok)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = api
        .delete(&t("/photos/{id}"), &path(&format!("/photos/{id}")), tok)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    reference
}
