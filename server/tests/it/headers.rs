//! Response headers and cookies: a page's scripts run only by its nonce, HSTS and `Secure`
//! `__Host-` cookies when the public URL is https.
use reqwest::StatusCode;
use server::config::ServeArgs;

use crate::common::{TestApp, location};

const HTTPS: &str = "https://stays.example";

fn https(args: &mut ServeArgs) {
    args.mail.public_url = HTTPS.to_owned();
}

fn csp(res: &reqwest::Response) -> String {
    res.headers()
        .get("content-security-policy")
        .expect("a Content-Security-Policy")
        .to_str()
        .unwrap()
        .to_owned()
}

/// The sources of one CSP directive, e.g. `script-src`.
fn directive(csp: &str, name: &str) -> Option<Vec<String>> {
    csp.split(';').map(str::trim).find_map(|d| {
        let mut words = d.split_whitespace();
        (words.next() == Some(name)).then(|| words.map(str::to_owned).collect())
    })
}

/// The page's CSP nonce, after checking that it is the only inline-script allowance and that
/// every `<script>` of the page carries it.
async fn page_nonce(app: &TestApp, path: &str) -> String {
    let res = app.browser().get(path).await;
    let policy = csp(&res);
    let html = res.text().await.unwrap();
    let scripts = directive(&policy, "script-src").expect("script-src");
    assert!(
        !scripts.iter().any(|s| s == "'unsafe-inline'"),
        "{path}: {policy}"
    );
    let nonces: Vec<&str> = scripts
        .iter()
        .filter_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .collect();
    assert_eq!(nonces.len(), 1, "{path}: one nonce in {policy}");
    let nonce = nonces[0].to_owned();
    assert!(nonce.len() >= 22, "128 bits or more: {nonce}");

    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse("script").unwrap();
    let tags: Vec<_> = doc.select(&sel).collect();
    assert!(
        !tags.is_empty(),
        "{path}: the page has its hydration script"
    );
    // Counted in the raw text too, so no script hides from the parser.
    assert_eq!(tags.len(), html.matches("<script").count(), "{path}");
    for tag in tags {
        assert_eq!(
            tag.value().attr("nonce"),
            Some(nonce.as_str()),
            "{path}: {}",
            tag.html()
        );
    }
    nonce
}

#[tokio::test]
async fn every_inline_script_of_a_page_carries_a_fresh_nonce_the_policy_names() {
    let app = TestApp::spawn().await;
    let (slug, _, _) = app.first_room().await;
    let first = page_nonce(&app, "/").await;
    let second = page_nonce(&app, "/").await;
    assert_ne!(first, second, "each response gets its own nonce");
    page_nonce(&app, &format!("/hotels/{slug}")).await;
    page_nonce(&app, "/signin").await;
    // The not-found page is rendered by the fallback, not by the routes.
    page_nonce(&app, "/no-such-page").await;
}

#[tokio::test]
async fn what_is_not_a_page_gets_a_policy_that_runs_no_script() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let server_fn = b
        .client
        .post(app.url("/_fn/session"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap();
    assert_eq!(server_fn.status(), StatusCode::OK);
    for res in [
        b.get("/api/v1/openapi.json").await,
        b.get("/api/docs").await,
        server_fn,
    ] {
        let policy = csp(&res);
        assert_eq!(
            directive(&policy, "default-src"),
            Some(vec!["'none'".to_owned()]),
            "{}: {policy}",
            res.url()
        );
        assert_eq!(directive(&policy, "script-src"), None, "{policy}");
    }
}

#[tokio::test]
async fn hsts_only_when_the_public_url_is_https() {
    let plain = TestApp::spawn().await;
    let res = plain.browser().get("/").await;
    assert_eq!(res.headers().get("strict-transport-security"), None);

    let secure = TestApp::spawn_configured(https).await;
    for path in ["/", "/api/v1/openapi.json"] {
        let res = secure.browser().get(path).await;
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}

/// The `Set-Cookie` values of a response whose cookie is named `name`.
fn set_cookie(res: &reqwest::Response, name: &str) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn value(cookie: &str) -> &str {
    let pair = cookie.split(';').next().unwrap();
    pair.split_once('=').unwrap().1
}

fn attributes(cookie: &str) -> Vec<String> {
    cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect()
}

/// Signs up a new guest, then signs in: the sign-in response's session cookie.
async fn sign_up_and_in(app: &TestApp, session_name: &str) -> String {
    let email = format!("cookie-{}@example.com", app.addr.port());
    let password = "correct horse battery";
    let b = app.browser();
    let res = b
        .post_form(
            "/signup",
            &[
                ("name", "Cookie Guest"),
                ("email", &email),
                ("password", password),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        set_cookie(&res, session_name).is_some(),
        "{:?}",
        res.headers()
    );
    let res = b
        .post_form("/signin", &[("email", &email), ("password", password)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    set_cookie(&res, session_name).unwrap_or_else(|| panic!("{:?}", res.headers()))
}

/// A GET with exactly this `Cookie` header (reqwest's store keeps no `Secure` cookie over the
/// plain http the tests use).
async fn get_with(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url(path))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn https_sites_use_secure_host_only_cookies_and_honour_them() {
    let app = TestApp::spawn_configured(https).await;
    let session = sign_up_and_in(&app, "__Host-vs_session").await;
    let attrs = attributes(&session);
    for a in ["secure", "path=/", "httponly", "samesite=lax"] {
        assert!(attrs.iter().any(|x| x == a), "{a} in {session}");
    }
    assert!(!attrs.iter().any(|x| x.starts_with("domain")), "{session}");
    let token = value(&session).to_owned();
    let host_cookie = format!("__Host-vs_session={token}");

    // Signed in by the __Host- cookie, and only by it.
    let trips = get_with(&app, "/trips", &host_cookie).await;
    assert_eq!(trips.status(), StatusCode::OK);
    assert!(trips.text().await.unwrap().contains("Cookie"));
    let plain_name = get_with(&app, "/trips", &format!("vs_session={token}")).await;
    assert_eq!(plain_name.status(), StatusCode::UNAUTHORIZED);

    // A failed sign-in comes back with its message in a __Host- flash cookie...
    let b = app.browser();
    let res = b
        .post_form(
            "/signin",
            &[("email", "nobody@example.com"), ("password", "wrong one")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let flash = set_cookie(&res, "__Host-vs_flash").expect("a __Host- flash cookie");
    assert!(attributes(&flash).iter().any(|a| a == "secure"), "{flash}");
    // ...which the page reads and clears under the same name.
    let page = get_with(
        &app,
        &location(&res),
        &format!("__Host-vs_flash={}", value(&flash)),
    )
    .await;
    let cleared = set_cookie(&page, "__Host-vs_flash").expect("the flash is cleared");
    let cleared_attrs = attributes(&cleared);
    assert!(cleared_attrs.iter().any(|a| a == "max-age=0"), "{cleared}");
    assert!(cleared_attrs.iter().any(|a| a == "secure"), "{cleared}");
    let html = page.text().await.unwrap();
    assert!(html.contains("don&#x27;t match") || html.contains("don't match"));

    // Signing out deletes the session the __Host- cookie names, and clears that cookie.
    let out = b
        .client
        .post(app.url("/signout"))
        .header("cookie", &host_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let gone = set_cookie(&out, "__Host-vs_session").expect("the session cookie is cleared");
    assert!(attributes(&gone).iter().any(|a| a == "max-age=0"), "{gone}");
    assert!(attributes(&gone).iter().any(|a| a == "secure"), "{gone}");
    assert!(set_cookie(&out, "__Host-vs_flash").is_some());
    let after = get_with(&app, "/trips", &host_cookie).await;
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn plain_http_sites_keep_plain_cookies_unless_told_tls_ends_in_front() {
    let plain = TestApp::spawn().await;
    let session = sign_up_and_in(&plain, "vs_session").await;
    assert!(
        !attributes(&session).iter().any(|a| a == "secure"),
        "{session}"
    );

    let forced = TestApp::spawn_configured(|args| args.secure_cookies = true).await;
    let session = sign_up_and_in(&forced, "__Host-vs_session").await;
    assert!(
        attributes(&session).iter().any(|a| a == "secure"),
        "{session}"
    );
}
