//! The REST API against its own OpenAPI document: every endpoint, success and failure.

use crate::common::api::ApiClient;
use crate::common::{TestApp, day};
use reqwest::{Method, StatusCode};
use serde_json::json;

fn booking_body(hotel: &str, room: &str, check_in: &str, check_out: &str) -> serde_json::Value {
    json!({
        "hotel": hotel, "room_type": room, "check_in": check_in, "check_out": check_out, "guests": 1,
        "guest": {"name": "Ines Costa", "email": "ines@example.pt", "phone": "+351 912 345 678"},
        "special_requests": "High floor, please"
    })
}

#[tokio::test]
async fn every_endpoint_answers_as_documented() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    assert_eq!(api.openapi["openapi"].as_str().unwrap(), "3.1.0");
    let (hotel, room, _) = app.first_room().await;

    // customers
    let token = api.customer("ines@example.pt").await;
    let r = api
        .post(
            "/api/v1/customers",
            "/api/v1/customers",
            None,
            json!({"email": "INES@example.pt", "password": "a long passphrase", "name": "Dup"}),
        )
        .await;
    // A taken address gets the new account's answer; its owner gets an email.
    assert_eq!(r.status, StatusCode::ACCEPTED);
    assert_eq!(r.body, crate::api_accounts::accepted());
    crate::api_accounts::walk(&app, &api, &token).await;
    // The walk reset the password, which ended every session of the account.
    let token = api
        .sign_in("ines@example.pt", "a new long passphrase")
        .await;
    let r = api
        .post(
            "/api/v1/customers",
            "/api/v1/customers",
            None,
            json!({"email": "x", "password": "short", "name": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["email", "password", "name"] {
        assert!(r.body["errors"][field].is_string(), "{field}: {}", r.body);
    }
    let r = api
        .call(
            Method::POST,
            "/api/v1/customers",
            "/api/v1/customers",
            None,
            &[("content-type", "application/json")],
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .post(
            "/api/v1/sessions",
            "/api/v1/sessions",
            None,
            json!({"email": "ines@example.pt", "password": "wrong password"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .get("/api/v1/customers/me", "/api/v1/customers/me", Some(&token))
        .await;
    assert_eq!(
        (r.status, r.body["email"].as_str()),
        (StatusCode::OK, Some("ines@example.pt"))
    );
    assert_eq!(
        api.get("/api/v1/customers/me", "/api/v1/customers/me", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        api.get(
            "/api/v1/customers/me",
            "/api/v1/customers/me",
            Some("not.a.jwt")
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
    let r = api
        .get("/.well-known/jwks.json", "/.well-known/jwks.json", None)
        .await;
    assert_eq!(r.body["keys"][0]["alg"], "RS256");

    // hotels
    let r = api.get("/api/v1/hotels", "/api/v1/hotels", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["items"].as_array().unwrap().len() >= 12);
    let r = api
        .get("/api/v1/hotels", "/api/v1/hotels?city=kyoto", None)
        .await;
    assert!(
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["city_name"] == "Kyoto")
    );
    let q = format!(
        "/api/v1/hotels?city=Lisbon&check_in={}&check_out={}&guests=2",
        day(30),
        day(32)
    );
    let r = api.get("/api/v1/hotels", &q, None).await;
    assert!(
        r.body["items"][0]["from_total_minor"].is_i64(),
        "{}",
        r.body
    );
    let r = api
        .get(
            "/api/v1/hotels",
            &format!(
                "/api/v1/hotels?city=Lisbon&check_in={}&check_out={}",
                day(-1),
                day(2)
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["check_in"].is_string());
    assert_eq!(
        api.get("/api/v1/hotels", "/api/v1/hotels?page=0", None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = api
        .get("/api/v1/hotels", "/api/v1/hotels?page=9", None)
        .await;
    assert_eq!(
        (
            r.body["items"].as_array().unwrap().len(),
            &r.body["next_page"]
        ),
        (0, &serde_json::Value::Null)
    );
    let r = api
        .get(
            "/api/v1/hotels/{slug}",
            &format!(
                "/api/v1/hotels/{hotel}?check_in={}&check_out={}&guests=1",
                day(30),
                day(32)
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.body["room_types"][0]["quote"]["nights"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        api.get("/api/v1/hotels/{slug}", "/api/v1/hotels/atlantis", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = api
        .get(
            "/api/v1/hotels/{slug}",
            &format!("/api/v1/hotels/{hotel}?check_in=tomorrow&check_out=later"),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api
        .get(
            "/api/v1/availability",
            &format!(
                "/api/v1/availability?hotel={hotel}&check_in={}&check_out={}&guests=1",
                day(30),
                day(31)
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["room_types"][0]["rooms_left"].as_u64().unwrap() >= 1);
    assert_eq!(
        api.get("/api/v1/availability", "/api/v1/availability", None)
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = api
        .get(
            "/api/v1/availability",
            &format!(
                "/api/v1/availability?hotel=atlantis&check_in={}&check_out={}",
                day(3),
                day(4)
            ),
            None,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    let r = api.get("/api/v1/cities", "/api/v1/cities", None).await;
    assert!(r.body.as_array().unwrap().len() >= 4);
    let q = format!(
        "/api/v1/search?city=lisbon&check_in={}&check_out={}&guests=2",
        day(30),
        day(32)
    );
    let r = api.get("/api/v1/search", &q, None).await;
    assert_eq!(
        (r.status, r.body["city"]["name"].as_str()),
        (StatusCode::OK, Some("Lisbon"))
    );
    assert!(!r.body["hotels"].as_array().unwrap().is_empty());
    let r = api
        .get("/api/v1/search", "/api/v1/search?city=lisbon", None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);

    // bookings
    let body = booking_body(&hotel, &room, &day(30), &day(32));
    let key = [("idempotency-key", "3f1c6a8e-0b7e-4d5c-9a51-8f3e2a1b0c9d")];
    let first = api.book(Some(&token), &key, body.clone()).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    let reference = first.body["reference"].as_str().unwrap().to_owned();
    assert_eq!(first.body["status"], "confirmed");
    assert_eq!(first.body["price"]["nights"].as_array().unwrap().len(), 2);
    let again = api.book(Some(&token), &key, body.clone()).await;
    assert_eq!(
        (again.status, again.body["reference"].as_str()),
        (StatusCode::CREATED, Some(reference.as_str()))
    );
    assert_eq!(again.headers["idempotent-replayed"], "true");
    let mut other_body = body.clone();
    other_body["guests"] = json!(2);
    let r = api.book(Some(&token), &key, other_body).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = api.book(Some(&token), &[], body.clone()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api.book(None, &key, body.clone()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = api
        .book(
            Some(&token),
            &[("idempotency-key", "k-404")],
            booking_body(&hotel, "no-such-room", &day(30), &day(31)),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let mut bad = body.clone();
    bad["guest"]["email"] = json!("nope");
    let r = api
        .book(Some(&token), &[("idempotency-key", "k-422")], bad)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["guest_email"].is_string());
    // Fill every room of one night, then ask for it: 409 sold out.
    let night = booking_body(&hotel, &room, &day(40), &day(41));
    let r = api
        .book(
            Some(&token),
            &[("idempotency-key", "k-fill")],
            night.clone(),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    app.exec(&format!(
        "UPDATE inventory SET sold = allotment WHERE night = '{}'",
        day(40)
    ))
    .await;
    let r = api
        .book(Some(&token), &[("idempotency-key", "k-409")], night)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.body["type"], "https://visionstays.dev/problems/sold-out");

    let r = api
        .get("/api/v1/bookings", "/api/v1/bookings", Some(&token))
        .await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["reference"] == reference.as_str())
    );
    assert_eq!(
        api.get("/api/v1/bookings", "/api/v1/bookings", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let one = "/api/v1/bookings/{reference}";
    assert_eq!(
        api.get(one, &format!("/api/v1/bookings/{reference}"), Some(&token))
            .await
            .status,
        StatusCode::OK
    );
    let stranger = api.customer("stranger@example.com").await;
    assert_eq!(
        api.get(
            one,
            &format!("/api/v1/bookings/{reference}"),
            Some(&stranger)
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(one, &format!("/api/v1/bookings/{reference}"), None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let cancel = "/api/v1/bookings/{reference}/cancel";
    let path = format!("/api/v1/bookings/{reference}/cancel");
    assert_eq!(
        api.post(cancel, &path, Some(&stranger), json!({}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = api.post(cancel, &path, Some(&token), json!({})).await;
    assert_eq!(
        (r.status, r.body["status"].as_str()),
        (StatusCode::OK, Some("cancelled"))
    );
    assert_eq!(
        api.post(cancel, &path, Some(&token), json!({}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        api.post(cancel, &path, None, json!({})).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Alert confirmation links (the whole story is in alerts.rs).
    let confirm = "/api/v1/alert-recipients/confirm";
    for (body, status) in [
        (json!({"token": "0".repeat(64)}), StatusCode::NOT_FOUND),
        (json!({"token": ""}), StatusCode::UNPROCESSABLE_ENTITY),
        (json!({}), StatusCode::BAD_REQUEST),
    ] {
        let r = api.post(confirm, confirm, None, body).await;
        assert_eq!(r.status, status, "{}", r.body);
    }

    // The admin operations have their own walk in admin_api.rs.
    let guest_side = |p: &str| !p.starts_with("/api/v1/admin/");
    assert_eq!(api.untested_operations(guest_side), Vec::<String>::new());
    let res = reqwest::get(app.url("/api/v1/nothing-here")).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_docs_page_documents_every_operation() {
    let app = TestApp::spawn().await;
    let html = reqwest::get(app.url("/api/docs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for path in [
        "/api/v1/bookings",
        "/api/v1/hotels/{slug}",
        "/api/v1/sessions",
        "/.well-known/jwks.json",
        "Idempotency-Key",
    ] {
        assert!(html.contains(path), "{path} missing from the docs page");
    }
}

#[tokio::test]
async fn tokens_from_another_key_or_expired_are_refused() {
    let app = TestApp::spawn().await;
    let other = tempfile::tempdir().unwrap();
    let foreign = server::customers::tokens::Signer::load_or_generate(other.path(), None).unwrap();
    let (token, _) = foreign.issue(1, "a@example.com", "A", "guest").unwrap();
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/bookings"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}
