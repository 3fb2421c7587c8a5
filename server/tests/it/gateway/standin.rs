//! The stand-in gateway in front of the real app, serving the real specification: routes to
//! the services and (through an `Invoke` that, for these tests, calls the app's own REST
//! endpoints) to the functions, token checks before any back end, CORS and the rate limit.
use reqwest::StatusCode;
use serde_json::json;

use super::harness::{
    CREATE_BOOKING, HOTEL_DETAILS, SITE, gateway_refused, json_of, setup, unlimited,
};
use crate::common::day;

#[tokio::test]
async fn routes_go_to_the_services_and_the_functions_with_path_and_query() {
    let s = setup(unlimited).await;
    let direct = |path: &str| reqwest::get(s.app.url(path));
    let cities = json_of(s.get("/api/v1/cities", None).await).await;
    assert_eq!(
        cities,
        json_of(direct("/api/v1/cities").await.unwrap()).await
    );
    assert_eq!(cities.0, StatusCode::OK);
    let search = format!(
        "/api/v1/search?city=Lisbon&check_in={}&check_out={}&guests=2",
        day(30),
        day(32)
    );
    let found = json_of(s.get(&search, None).await).await;
    assert_eq!(found.0, StatusCode::OK);
    assert_eq!(found, json_of(direct(&search).await.unwrap()).await);
    assert!(
        s.calls().is_empty(),
        "no function was called: {:?}",
        s.calls()
    );

    let (slug, _, _) = s.app.first_room().await;
    let details = format!(
        "/api/v1/hotels/{slug}?check_in={}&check_out={}&guests=2",
        day(40),
        day(43)
    );
    let hotel = json_of(s.get(&details, None).await).await;
    assert_eq!(hotel.0, StatusCode::OK);
    assert_eq!(hotel, json_of(direct(&details).await.unwrap()).await);
    assert_eq!(
        s.calls(),
        vec![(HOTEL_DETAILS.into(), "GET".into(), details.clone())]
    );
    // The function's own 404 (a problem document), not the gateway's.
    let res = s.get("/api/v1/hotels/atlantis", None).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");

    gateway_refused(s.get("/api/v1/nowhere", None).await, StatusCode::NOT_FOUND).await;
    gateway_refused(
        s.get("/elsewhere/cities", None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let res = s
        .http
        .delete(s.gateway.url("/api/v1/cities"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["allow"], "GET");
    gateway_refused(res, StatusCode::METHOD_NOT_ALLOWED).await;
}

#[tokio::test]
async fn tokens_are_checked_before_any_back_end_is_called() {
    let s = setup(unlimited).await;
    let (hotel, room, _) = s.app.first_room().await;
    let booking = json!({"hotel": hotel, "room_type": room, "check_in": day(200), "check_out": day(202),
        "guests": 2, "guest": {"name": "Gateway Guest", "email": "gateway@example.com"}});
    let book = |token: Option<String>| {
        let mut req = s
            .http
            .post(s.gateway.url("/api/v1/bookings"))
            .header("idempotency-key", "gateway-booking-1")
            .json(&booking);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let other = {
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
        rsa::pkcs8::EncodePrivateKey::to_pkcs8_pem(&key, rsa::pkcs8::LineEnding::LF)
            .unwrap()
            .to_string()
    };
    let refused = [
        ("no token", None),
        (
            "another audience",
            Some(s.token(json!({"aud": "someone-else"}), None, None)),
        ),
        (
            "another issuer",
            Some(s.token(json!({"iss": "someone-else"}), None, None)),
        ),
        (
            "expired",
            Some(s.token(
                json!({"exp": chrono::Utc::now().timestamp() - 3600}),
                None,
                None,
            )),
        ),
        (
            "another key under the app's kid",
            Some(s.token(json!({}), Some(&other), None)),
        ),
        (
            "a kid the JWKS lacks",
            Some(s.token(json!({}), Some(&other), Some("unknown-kid"))),
        ),
        ("not a JWT", Some("not-a-token".to_owned())),
    ];
    for (why, token) in refused {
        let res = book(token).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{why}");
        gateway_refused(res, StatusCode::UNAUTHORIZED).await;
        assert!(s.calls().is_empty(), "{why}: the function was called");
    }
    // The same making of tokens passes when nothing is wrong with them.
    let crafted = s.token(json!({}), None, None);
    assert_eq!(
        s.get("/api/v1/cities", Some(&crafted)).await.status(),
        StatusCode::OK
    );
    // A public route takes no token, but a presented one must be good.
    assert_eq!(s.get("/api/v1/cities", None).await.status(), StatusCode::OK);
    let wrong = s.token(json!({"aud": "someone-else"}), None, None);
    gateway_refused(
        s.get("/api/v1/cities", Some(&wrong)).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let token = s.guest_token("gateway-guest@example.com").await;
    let (status, created) = json_of(book(Some(token.clone())).await.unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(
        s.calls(),
        vec![(
            CREATE_BOOKING.into(),
            "POST".into(),
            "/api/v1/bookings".into()
        )]
    );
    let reference = created["reference"].as_str().unwrap();

    // The list shares the path of creation but goes to the bookings service.
    let (status, mine) = json_of(s.get("/api/v1/bookings", Some(&token)).await).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|b| b["reference"] == reference),
        "{mine}"
    );
    let (status, one) = json_of(
        s.get(&format!("/api/v1/bookings/{reference}"), Some(&token))
            .await,
    )
    .await;
    assert_eq!(
        (status, &one["reference"]),
        (StatusCode::OK, &json!(reference))
    );
    assert_eq!(s.calls().len(), 1, "only creation is a function");

    gateway_refused(
        s.get("/api/v1/customers/me", None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    let (status, me) = json_of(s.get("/api/v1/customers/me", Some(&token)).await).await;
    assert_eq!(
        (status, &me["email"]),
        (StatusCode::OK, &json!("gateway-guest@example.com"))
    );
}

#[tokio::test]
async fn cors_answers_the_site_and_no_other_origin() {
    let s = setup(unlimited).await;
    let preflight = |origin: &'static str| {
        s.http
            .request(reqwest::Method::OPTIONS, s.gateway.url("/api/v1/bookings"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type, idempotency-key",
            )
            .send()
    };
    let res = preflight(SITE).await.unwrap();
    assert!(res.status().is_success());
    let h = res.headers();
    assert_eq!(h["access-control-allow-origin"], SITE);
    assert!(
        h["access-control-allow-methods"]
            .to_str()
            .unwrap()
            .contains("POST")
    );
    let allowed = h["access-control-allow-headers"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase();
    for name in ["authorization", "content-type", "idempotency-key"] {
        assert!(allowed.contains(name), "{allowed}");
    }
    let res = preflight("https://elsewhere.test").await.unwrap();
    assert!(!res.headers().contains_key("access-control-allow-origin"));

    let from = |origin: &'static str| {
        s.http
            .get(s.gateway.url("/api/v1/cities"))
            .header("origin", origin)
            .send()
    };
    let res = from(SITE).await.unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], SITE);
    assert!(
        res.headers()["access-control-expose-headers"]
            .to_str()
            .unwrap()
            .contains("Idempotent-Replayed")
    );
    let res = from("https://elsewhere.test").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn the_rate_limit_turns_a_client_away_then_lets_it_back() {
    let s =
        setup(|spec| spec["requestPolicies"]["rateLimiting"]["rateInRequestsPerSecond"] = json!(3))
            .await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        statuses.push(s.get("/api/v1/cities", None).await.status());
    }
    assert!(statuses.contains(&StatusCode::OK), "{statuses:?}");
    assert!(
        statuses.contains(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
    let mut turned_away = None;
    for _ in 0..20 {
        let res = s.get("/api/v1/cities", None).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            turned_away = Some(res);
            break;
        }
    }
    let res = turned_away.expect("a burst is turned away");
    assert_eq!(res.headers()["retry-after"], "1");
    gateway_refused(res, StatusCode::TOO_MANY_REQUESTS).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    assert_eq!(s.get("/api/v1/cities", None).await.status(), StatusCode::OK);
}
