//! Clients behind proxies: `X-Forwarded-For` counts only through `--trusted-proxies`, the web
//! role forwards its client to the services, and failed sign-ins lock an account from any address.
use crate::common::{TestApp, serve_args};
use reqwest::StatusCode;
use serde_json::json;
use server::config::TrustedProxies;
use server::startup::Application;

/// The test client's own address: the "proxy" every request comes through.
const LOOPBACK: &str = "127.0.0.1/32";

/// An app limiting sign-in posts to `burst` per client at once, believing proxies at `trusted`.
async fn limited_app(burst: u32, trusted: &str) -> TestApp {
    let trusted = TrustedProxies::parse(trusted).unwrap();
    TestApp::spawn_configured(|args| {
        args.rate_limit_per_minute = 1;
        args.rate_limit_burst = burst;
        args.trusted_proxies = trusted;
    })
    .await
}

/// `POST /api/v1/sessions` as forwarded for `client`.
async fn api_sign_in(base: &str, client: &str, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/sessions"))
        .header("x-forwarded-for", client)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// The sign-in form posted by a browser at `client`, as a page of `base` would post it.
async fn form_sign_in(base: &str, client: &str, email: &str, password: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/signin"))
        .header("origin", base)
        .header("accept", "text/html")
        .header("x-forwarded-for", client)
        .form(&[("email", email), ("password", password), ("next", "/trips")])
        .send()
        .await
        .unwrap()
}

async fn sign_up(app: &TestApp, client: &str, email: &str) {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/customers"))
        .header("x-forwarded-for", client)
        .json(&json!({"name": "Ana Lima", "email": email, "password": "correct horse battery"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED, "sign-up of {email}");
}

fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

#[tokio::test]
async fn forwarded_clients_count_apart_only_through_trusted_proxies() {
    let behind = limited_app(2, LOOPBACK).await;
    let base = behind.url("");
    let (ana, bea) = ("198.51.100.1", "198.51.100.2");
    for _ in 0..2 {
        let res = api_sign_in(&base, ana, "x@example.com", "wrong").await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = api_sign_in(&base, ana, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // What a client writes left of the proxy's entry is not believed: still Ana.
    let spoofed = format!("203.0.113.77, {ana}");
    let res = api_sign_in(&base, &spoofed, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    // Another client through the same proxy has a budget of its own.
    let res = api_sign_in(&base, bea, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The web's own forms count the same clients.
    for _ in 0..2 {
        let res = form_sign_in(&base, ana, "x@example.com", "wrong").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let res = form_sign_in(&base, ana, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = form_sign_in(&base, bea, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Without trusted proxies the header is the client's own word: a new one per request
    // does not escape the limit.
    let direct = limited_app(2, "").await;
    let base = direct.url("");
    let mut statuses = Vec::new();
    for i in 1..=3 {
        let res = api_sign_in(&base, &format!("198.51.100.{i}"), "x@example.com", "wrong").await;
        statuses.push(res.status());
    }
    assert_eq!(
        statuses,
        [
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::UNPROCESSABLE_ENTITY,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

#[tokio::test]
async fn failed_sign_ins_lock_the_account_from_any_address() {
    // A budget per address that the attempts below never reach: only the account is counted.
    let app = limited_app(5, LOOPBACK).await;
    let base = app.url("");
    sign_up(&app, "192.0.2.1", "ana@example.com").await;
    sign_up(&app, "192.0.2.2", "bea@example.com").await;
    // Nine failures and a success: the success clears them.
    for i in 1..=9 {
        let client = format!("198.51.99.{i}");
        let res = api_sign_in(&base, &client, "ana@example.com", "wrong").await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {i}"
        );
    }
    let res = api_sign_in(
        &base,
        "198.51.99.10",
        "ana@example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Ten failures from ten addresses lock it.
    for i in 1..=10 {
        let client = format!("198.51.100.{i}");
        let res = api_sign_in(&base, &client, "ana@example.com", "wrong").await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "attempt {i}"
        );
    }
    // Now even the right password, from a new address and in other letters, is refused.
    let res = api_sign_in(
        &base,
        "203.0.113.5",
        "Ana@Example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let wait = retry_after(&res);
    assert!((60..=15 * 60).contains(&wait), "Retry-After {wait}");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], 429);
    assert_eq!(
        body["type"],
        "https://visionstays.dev/problems/rate-limited"
    );
    assert!(body["detail"].as_str().unwrap().contains("this account"));
    // The site's form shares the count, and answers with the page.
    let res = form_sign_in(
        &base,
        "203.0.113.6",
        "ana@example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    let page = res.text().await.unwrap();
    assert!(page.contains("<h1>Too many requests</h1>"), "{page}");
    assert!(page.contains("this account"), "{page}");
    // Another account signs in, from the very same address.
    let res = api_sign_in(
        &base,
        "203.0.113.5",
        "bea@example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = form_sign_in(
        &base,
        "203.0.113.6",
        "bea@example.com",
        "correct horse battery",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

/// The web role in front of `services`, believing the test client's forwarded addresses.
async fn web_role(services: &TestApp, dir: &std::path::Path) -> String {
    let mut args = serve_args(dir, None);
    args.role = server::config::Role::Web;
    args.demo_data = false;
    args.api_url = Some(services.url(""));
    args.trusted_proxies = TrustedProxies::parse(LOOPBACK).unwrap();
    let web = Application::build(&args).await.expect("web role builds");
    let url = format!("http://{}", web.local_addr());
    tokio::spawn(web.run_until(std::future::pending()));
    url
}

#[tokio::test]
async fn the_web_role_forwards_its_client_to_the_services() {
    // The services limit sign-ins per client and believe the web role (on loopback here); the
    // web role itself does not limit, so every refusal below is the services'.
    let services = limited_app(2, LOOPBACK).await;
    let dir = tempfile::tempdir().unwrap();
    let web = web_role(&services, dir.path()).await;
    let (ana, bea) = ("198.51.100.1", "198.51.100.2");
    for _ in 0..2 {
        let res = form_sign_in(&web, ana, "x@example.com", "wrong").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let res = form_sign_in(&web, ana, "x@example.com", "wrong").await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(retry_after(&res) > 0);
    assert!(res.text().await.unwrap().contains("Too many attempts"));
    let res = form_sign_in(&web, bea, "x@example.com", "wrong").await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "Bea has her own budget"
    );

    // Services that do not trust the web role count every guest as the web role.
    let untrusting = limited_app(2, "").await;
    let web = web_role(&untrusting, dir.path()).await;
    let mut statuses = Vec::new();
    for i in 1..=3 {
        let client = format!("198.51.100.{i}");
        statuses.push(
            form_sign_in(&web, &client, "x@example.com", "wrong")
                .await
                .status(),
        );
    }
    assert_eq!(statuses[2], StatusCode::TOO_MANY_REQUESTS, "{statuses:?}");
}
