//! The limiter against real requests: budgets, 429 bodies, Retry-After, what is not limited.
use super::*;
use axum::routing::post;
use std::net::IpAddr;
use tower::ServiceExt;

fn app(limit: RateLimit) -> Router {
    let limited = Router::new()
        .route(
            "/sign-in",
            post(|| async { "signed in" }).get(|| async { "form" }),
        )
        .route("/api/bookings", post(|| async { "booked" }));
    Router::new()
        .merge(apply(limited, limit))
        .route("/open", post(|| async { "open" }))
}

async fn send(app: &Router, method: Method, path: &str, ip: [u8; 4], accept: &str) -> Response {
    send_from(app, method, path, IpAddr::from(ip), accept).await
}

async fn send_from(app: &Router, method: Method, path: &str, ip: IpAddr, accept: &str) -> Response {
    let mut req = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header(header::ACCEPT, accept)
        .body(Body::empty())
        .unwrap();
    req.extensions_mut().insert(ClientIp(ip));
    app.clone().oneshot(req).await.unwrap()
}

async fn post_from(app: &Router, path: &str, ip: [u8; 4]) -> Response {
    send(app, Method::POST, path, ip, "*/*").await
}

async fn body(res: Response) -> String {
    let bytes = axum::body::to_bytes(res.into_body(), 1 << 16)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

const TWO: RateLimit = RateLimit {
    per_minute: 2,
    burst: 2,
};

#[tokio::test]
async fn third_post_from_one_ip_is_limited_other_ips_are_not() {
    let app = app(TWO);
    let ip = [10, 0, 0, 1];
    for _ in 0..2 {
        assert_eq!(
            post_from(&app, "/sign-in", ip).await.status(),
            StatusCode::OK
        );
    }
    let res = post_from(&app, "/sign-in", ip).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=31).contains(&retry), "Retry-After {retry}");
    assert!(body(res).await.contains("try again"));
    // Routes in one apply() share the budget.
    let res = post_from(&app, "/api/bookings", ip).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client, GET pages and unlimited routes are unaffected.
    for _ in 0..2 {
        let res = post_from(&app, "/sign-in", [10, 0, 0, 2]).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = send(&app, Method::GET, "/sign-in", ip, "text/html").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(post_from(&app, "/open", ip).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn rejection_format_follows_the_request() {
    let app = app(RateLimit {
        per_minute: 1,
        burst: 1,
    });
    let ip = [192, 0, 2, 7];
    assert_eq!(
        post_from(&app, "/sign-in", ip).await.status(),
        StatusCode::OK
    );

    let res = send(&app, Method::POST, "/api/bookings", ip, "*/*").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert!(res.headers().contains_key(header::RETRY_AFTER));
    let json: serde_json::Value = serde_json::from_str(&body(res).await).unwrap();
    assert_eq!(json["type"], PROBLEM_TYPE);
    assert_eq!(json["title"], "Too many requests");
    assert_eq!(json["status"], 429);
    assert!(json["detail"].as_str().unwrap().contains("seconds"));

    let res = send(&app, Method::POST, "/sign-in", ip, "application/json").await;
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );

    let html = "text/html,application/xhtml+xml,*/*;q=0.8";
    let res = send(&app, Method::POST, "/sign-in", ip, html).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let ctype = res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ctype.starts_with("text/html"), "{ctype}");
    assert!(body(res).await.contains("<h1>Too many requests</h1>"));

    let res = send(&app, Method::POST, "/sign-in", ip, "*/*").await;
    let ctype = res.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(ctype.starts_with("text/plain"), "{ctype}");
}

#[tokio::test]
async fn zero_per_minute_never_limits() {
    let app = app(RateLimit {
        per_minute: 0,
        burst: 1,
    });
    for _ in 0..50 {
        let res = post_from(&app, "/sign-in", [10, 0, 0, 3]).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert!(!RateLimit::DISABLED.is_enabled());
}

#[tokio::test]
async fn ipv6_clients_in_one_64_share_a_budget() {
    let app = app(TWO);
    let post = |ip: &str| {
        let ip: IpAddr = ip.parse().unwrap();
        let app = app.clone();
        async move {
            send_from(&app, Method::POST, "/sign-in", ip, "*/*")
                .await
                .status()
        }
    };
    assert_eq!(post("2001:db8:1:2::1").await, StatusCode::OK);
    assert_eq!(
        post("2001:db8:1:2:ffff:ffff:ffff:fffe").await,
        StatusCode::OK
    );
    // A third address of the same /64 is the same client.
    assert_eq!(post("2001:db8:1:2::3").await, StatusCode::TOO_MANY_REQUESTS);
    // The next /64 is another client.
    assert_eq!(post("2001:db8:1:3::1").await, StatusCode::OK);
    // IPv4-mapped IPv6 and IPv4 are one client.
    assert_eq!(post("::ffff:192.0.2.1").await, StatusCode::OK);
    assert_eq!(post("192.0.2.1").await, StatusCode::OK);
    assert_eq!(
        post("::ffff:192.0.2.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn missing_client_address_is_a_loud_error() {
    let app = app(TWO);
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/sign-in")
        .body(Body::empty())
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[test]
fn apply_works_without_a_runtime() {
    let _ = app(TWO);
}
