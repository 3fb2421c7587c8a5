//! The functions answer exactly as `GET /api/v1/hotels/{slug}` and `POST /api/v1/bookings` do:
//! the same JSON and problem documents byte for byte, the same token check and idempotency.
use super::*;
use crate::common::fn_agent::{FnFunction, request};
use crate::common::{AFTER_HISTORY, day};

#[tokio::test]
async fn hotel_details_are_the_rest_apis_byte_for_byte() {
    let app = TestApp::spawn().await;
    let function = FnFunction::start(&app, GET_HOTEL_DETAILS).await;
    let (slug, _, _) = app.first_room().await;
    let (from, to) = (day(AFTER_HISTORY + 3), day(AFTER_HISTORY + 5));
    let stay = format!("check_in={from}&check_out={to}&guests=2");
    for (url, what) in [
        (format!("/api/v1/hotels/{slug}"), "a hotel"),
        (
            format!("/api/v1/hotels/{slug}?{stay}"),
            "a hotel with prices for a stay",
        ),
        (
            format!("/api/v1/hotels/{slug}?check_in={to}&check_out={from}"),
            "dates the wrong way round",
        ),
        (
            format!("/api/v1/hotels/{slug}?guests=nine"),
            "guests that are no number",
        ),
        ("/api/v1/hotels/atlantis".to_owned(), "no such hotel"),
    ] {
        let req = request("GET", &url, &[("accept-language", "pt-PT")], None);
        let by_function = function.call(req.clone()).await;
        assert_same(&by_function, &rest(&app, &req).await, what);
    }
    let answer = function
        .call(request(
            "GET",
            &format!("/api/v1/hotels/{slug}?{stay}"),
            &[],
            None,
        ))
        .await;
    assert_eq!(json_of(&answer)["slug"], slug.as_str());
    assert!(
        json_of(&answer)["room_types"][0]["rooms_left"].is_number(),
        "prices for the stay"
    );

    // Behind the gateway's deployment prefix, the function still finds the hotel in the path.
    let behind = function
        .call(request(
            "GET",
            &format!("https://gw.example/stays/v1/hotels/{slug}?{stay}"),
            &[],
            None,
        ))
        .await;
    assert_same(&behind, &answer, "the same hotel behind a path prefix");
    // A method the operation does not have is refused as the REST route refuses it.
    let post = request(
        "POST",
        &format!("/api/v1/hotels/{slug}"),
        &[],
        Some(&json!({})),
    );
    assert_same(
        &function.call(post.clone()).await,
        &rest(&app, &post).await,
        "POST to a hotel",
    );
}

#[tokio::test]
async fn bookings_are_the_rest_apis_with_the_same_token_check_and_idempotency() {
    let app = TestApp::spawn().await;
    let function = FnFunction::start(&app, CREATE_BOOKING).await;
    let (hotel, room, _) = app.first_room().await;
    let token = guest_token(&app, "fn-guest@example.com").await;
    let bearer = format!("Bearer {token}");
    let body = booking(
        &hotel,
        &room,
        &day(AFTER_HISTORY + 10),
        &day(AFTER_HISTORY + 12),
    );
    let post = |key: &str, auth: &str, body: &Value| {
        let mut headers = vec![("idempotency-key", key)];
        if !auth.is_empty() {
            headers.push(("authorization", auth));
        }
        request("POST", "/api/v1/bookings", &headers, Some(body))
    };

    let made = function.call(post("fn-key-1", &bearer, &body)).await;
    assert_eq!(
        made.status(),
        201,
        "{}",
        String::from_utf8_lossy(made.body())
    );
    let reference = json_of(&made)["reference"].as_str().unwrap().to_owned();
    // The REST API replays the function's booking: the same document, byte for byte.
    let replayed = rest(&app, &post("fn-key-1", &bearer, &body)).await;
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");
    assert_eq!(replayed.body(), made.body());
    // And the function replays it too, marked as a replay.
    let again = function.call(post("fn-key-1", &bearer, &body)).await;
    assert_same(&again, &replayed, "a replayed key");

    let mut other = body.clone();
    other["guests"] = json!(2);
    let mut invalid = body.clone();
    invalid["guest"]["email"] = json!("not an address");
    invalid["check_out"] = json!("2020-01-01");
    let mut unknown_room = body.clone();
    unknown_room["room_type"] = json!("no-such-room");
    let expired = format!("Bearer {}", expired_token(&app, &token));
    let malformed = {
        let mut req = post("fn-key-5", &bearer, &body);
        *req.body_mut() = Bytes::from_static(b"{\"hotel\": ");
        req
    };
    for (req, what) in [
        (
            post("fn-key-1", &bearer, &other),
            "the key again with another body",
        ),
        (post("fn-key-2", &bearer, &invalid), "invalid fields"),
        (
            post("fn-key-3", &bearer, &unknown_room),
            "no such room type",
        ),
        (post("", &bearer, &body), "no idempotency key"),
        (post("fn-key-4", "", &body), "no token"),
        (
            post("fn-key-4", "Bearer not.a.token", &body),
            "a token that is no JWT",
        ),
        (post("fn-key-4", &expired, &body), "an expired token"),
        (malformed, "malformed JSON"),
    ] {
        assert_same(
            &function.call(req.clone()).await,
            &rest(&app, &req).await,
            what,
        );
    }
    let problem = json_of(&function.call(post("fn-key-2", &bearer, &invalid)).await);
    let fields = problem["errors"].as_object().expect("field errors");
    assert!(fields.keys().any(|f| f.contains("email")), "{problem}");

    // Its emails and its event left through the outbox, in the booking's own transaction.
    let emails = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM emails WHERE booking_reference = '{reference}'"
        ))
        .await;
    assert!(
        emails >= 2,
        "the guest's and the hotel's emails, got {emails}"
    );
    let events = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM booking_events WHERE booking_reference = '{reference}'"
        ))
        .await;
    assert_eq!(events, 1, "one booking.created event");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM bookings WHERE reference = '{reference}'"
        ))
        .await,
        1
    );
}

/// `token` re-signed with the app's own key, its lifetime over an hour ago.
fn expired_token(app: &TestApp, token: &str) -> String {
    use jsonwebtoken::{Algorithm, EncodingKey, Header, decode_header};
    let pem = std::fs::read(
        app.data_dir()
            .join(server::customers::tokens::KEY_FILE_NAME),
    )
    .unwrap();
    let payload = token.split('.').nth(1).unwrap();
    use base64::Engine;
    let mut claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    let past = chrono::Utc::now().timestamp() - 7200;
    claims["iat"] = json!(past);
    claims["exp"] = json!(past + 3600);
    let mut header = Header::new(Algorithm::RS256);
    header.kid = decode_header(token).unwrap().kid;
    jsonwebtoken::encode(&header, &claims, &EncodingKey::from_rsa_pem(&pem).unwrap()).unwrap()
}
