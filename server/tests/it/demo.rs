//! The demo loads only when asked: a bare `serve` on an empty database exposes no account, and
//! `serve --demo-data` gives its admins a password of their own, printed once.
use crate::common::process::{Process, stop, wait_ready};
use crate::common::{DEMO_PASSWORD, PG_ENV, fresh_pg_database};
use reqwest::StatusCode;

const PLATFORM_ADMIN: &str = "admin@visionstays.test";

/// Whether the platform admin signs in with this password.
async fn signs_in(p: &Process, password: &str) -> bool {
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/sessions", p.url))
        .json(&serde_json::json!({"email": PLATFORM_ADMIN, "password": password}))
        .send()
        .await
        .unwrap();
    res.status() == StatusCode::OK
}

/// The database for one test: a fresh PostgreSQL database in the PostgreSQL run, else SQLite in
/// the data dir.
async fn database_url() -> Option<String> {
    match std::env::var(PG_ENV) {
        Ok(admin) => Some(fresh_pg_database(&admin).await.0),
        Err(_) => None,
    }
}

#[tokio::test]
async fn bare_serve_on_an_empty_database_exposes_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url().await;
    let p = Process::serve("bare", dir.path(), |cmd| {
        if let Some(url) = &url {
            cmd.env("DATABASE_URL", url);
        }
    });
    wait_ready(&p).await;

    assert!(!signs_in(&p, DEMO_PASSWORD).await, "the demo admin exists");
    let hotels = reqwest::get(format!("{}/api/v1/hotels", p.url))
        .await
        .unwrap();
    assert_eq!(hotels.status(), StatusCode::OK);
    let hotels = hotels.text().await.unwrap();
    assert!(!hotels.contains("casa-do-tejo"), "demo hotels: {hotels}");
    let home = reqwest::get(&p.url).await.unwrap().text().await.unwrap();
    assert!(home.contains("No hotels here yet"), "{home}");
    assert!(
        home.contains("vision-stays admin create --email you@example.com --role platform-admin"),
        "the home page says how to add the first admin"
    );
    assert!(!p.output().contains("password"), "{}", p.output());
    stop(p);
}

#[tokio::test]
async fn the_demo_password_is_random_and_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url().await;
    let serve = |name| {
        Process::serve(name, dir.path(), |cmd| {
            cmd.arg("--demo-data");
            if let Some(url) = &url {
                cmd.env("DATABASE_URL", url);
            }
        })
    };
    let first = serve("demo");
    wait_ready(&first).await;
    let out = first.output();
    let password = out
        .lines()
        .find_map(|l| l.trim().strip_prefix("password"))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no password printed: {out}"));
    assert!(password.len() >= 20, "{password}");
    assert_ne!(password, DEMO_PASSWORD);
    assert!(signs_in(&first, password).await);
    assert!(!signs_in(&first, DEMO_PASSWORD).await);
    stop(first);

    // The same database again: the demo is there, its password is not printed a second time.
    let again = serve("demo");
    wait_ready(&again).await;
    assert!(signs_in(&again, password).await);
    assert!(!again.output().contains(password), "{}", again.output());
    stop(again);
}
