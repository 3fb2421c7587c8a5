//! The call's translation both ways, and its deadline.
use super::*;

fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in pairs {
        map.append(
            HeaderName::from_bytes(k.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    map
}

#[test]
fn the_deadline_leaves_the_time_until_it_and_none_once_passed() {
    let now: DateTime<Utc> = "2026-12-04T10:00:00Z".parse().unwrap();
    let at = |d: &str| time_left(&headers(&[("Fn-Deadline", d)]), now);
    assert_eq!(at("2026-12-04T10:00:02.5Z"), Duration::from_millis(2500));
    assert_eq!(at("2026-12-04T11:00:01+01:00"), Duration::from_secs(1));
    assert_eq!(at("2026-12-04T09:59:59Z"), Duration::ZERO);
    assert_eq!(at("not a date"), DEFAULT_DEADLINE);
    assert_eq!(time_left(&HeaderMap::new(), now), DEFAULT_DEADLINE);
}

#[test]
fn the_original_request_is_rebuilt_from_the_fn_http_headers() {
    let call = headers(&[
        ("Fn-Call-Id", "01CALL"),
        ("Fn-Deadline", "2026-12-04T10:00:00Z"),
        ("Fn-Intent", "httprequest"),
        ("Fn-Http-Method", "GET"),
        (
            "Fn-Http-Request-Url",
            "/api/v1/hotels/casa-do-tejo?check_in=2027-01-02&guests=2",
        ),
        ("Fn-Http-H-Authorization", "Bearer abc"),
        ("Fn-Http-H-Accept-Language", "pt"),
        ("Fn-Http-H-Transfer-Encoding", "chunked"),
        ("Content-Type", "application/json"),
    ]);
    let req =
        original_request(Function::GetHotelDetails, &call, Bytes::from_static(b"{}")).unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri().to_string(),
        "/api/v1/hotels/casa-do-tejo?check_in=2027-01-02&guests=2"
    );
    let h = req.headers();
    assert_eq!(h["authorization"], "Bearer abc");
    assert_eq!(h["accept-language"], "pt");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["content-length"], "2");
    assert_eq!(h["x-request-id"], "01CALL");
    assert!(!h.contains_key("transfer-encoding") && !h.contains_key("fn-deadline"));

    // An absolute URL with the gateway's prefix reaches the same REST path.
    let via_gateway = headers(&[
        ("Fn-Http-Method", "POST"),
        (
            "Fn-Http-Request-Url",
            "https://gw.example/stays/v1/bookings",
        ),
        ("Fn-Http-H-X-Request-Id", "client-id"),
    ]);
    let req = original_request(Function::CreateBooking, &via_gateway, Bytes::new()).unwrap();
    assert_eq!(
        (req.method(), req.uri().path()),
        (&Method::POST, "/api/v1/bookings")
    );
    assert_eq!(req.headers()["x-request-id"], "client-id");

    let bad = headers(&[("Fn-Http-Method", "GE T")]);
    let problem = original_request(Function::CreateBooking, &bad, Bytes::new()).unwrap_err();
    assert_eq!(problem.status, 400);
}

#[tokio::test]
async fn the_answer_goes_back_with_its_status_and_headers_prefixed() {
    let answer = Response::builder()
        .status(StatusCode::CREATED)
        .header("content-type", "application/json")
        .header("idempotent-replayed", "true")
        .header("set-cookie", "a=1")
        .header("set-cookie", "b=2")
        .body(Body::from("{\"reference\":\"VS-1\"}"))
        .unwrap();
    let out = wrap(answer, StatusCode::OK).await;
    assert_eq!(out.status(), StatusCode::OK);
    let h = out.headers();
    assert_eq!(h["fn-http-status"], "201");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(h["fn-http-h-idempotent-replayed"], "true");
    let cookies: Vec<_> = h.get_all("fn-http-h-set-cookie").iter().collect();
    assert_eq!(cookies, ["a=1", "b=2"]);
    assert!(!h.contains_key("idempotent-replayed"));
    let body = to_bytes(out.into_body(), usize::MAX).await.unwrap();
    assert_eq!(&body[..], b"{\"reference\":\"VS-1\"}");
}
