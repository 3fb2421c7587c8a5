//! Rotating the token signing key with only the customers role restarted: it publishes the new
//! key and the previous one, and the bookings role, left running, fetches the keys again when a
//! token names the new key, while tokens signed before the rotation keep working until they expire.
use std::path::Path;

use crate::common::SharedDb;
use crate::common::process::{Process, free_port, stop, wait_ready};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use reqwest::StatusCode;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use serde_json::{Value, json};

fn new_key_pem() -> String {
    let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 2048).unwrap();
    key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
}

/// The customers role on `port`, signing with `key`, publishing `previous` too.
fn customers(
    name: &'static str,
    dir: &Path,
    port: u16,
    database_url: &str,
    key: &str,
    previous: Option<&str>,
) -> Process {
    Process::serve_on(name, dir, port, |cmd| {
        cmd.args(["--role", "customers", "--rate-limit-per-minute", "0"])
            .env("DATABASE_URL", database_url)
            .env("VS_JWT_PRIVATE_KEY", key);
        if let Some(pem) = previous {
            cmd.env("VS_JWT_PREVIOUS_KEY", pem);
        }
    })
}

fn kid(token: &str) -> String {
    jsonwebtoken::decode_header(token).unwrap().kid.unwrap()
}

async fn sign_in(http: &reqwest::Client, customers: &str) -> String {
    let res = http
        .post(format!("{customers}/api/v1/sessions"))
        .json(&json!({"email": "rui@example.pt", "password": "a long passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// The status of an authenticated GET.
async fn get(http: &reqwest::Client, url: String, token: &str) -> StatusCode {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_rotation_restarts_only_the_customers_role() {
    let dir = tempfile::tempdir().unwrap();
    let shared = SharedDb::new(dir.path(), "shared.db").await;
    let database_url = shared.url.clone();
    let (old_key, new_key) = (new_key_pem(), new_key_pem());
    let port = free_port();
    let first = customers("customers", dir.path(), port, &database_url, &old_key, None);
    wait_ready(&first).await;
    let bookings = Process::serve("bookings", dir.path(), |cmd| {
        cmd.args(["--role", "bookings", "--customers-url", &first.url])
            .env("DATABASE_URL", &database_url);
    });
    wait_ready(&bookings).await;
    let my_bookings = format!("{}/api/v1/bookings", bookings.url);

    let http = reqwest::Client::new();
    let res = http
        .post(format!("{}/api/v1/customers", first.url))
        .json(&json!({"name": "Rui Costa", "email": "rui@example.pt",
                      "password": "a long passphrase", "phone": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let before = sign_in(&http, &first.url).await;
    assert_eq!(
        get(&http, my_bookings.clone(), &before).await,
        StatusCode::OK
    );

    // The rotation: the customers role alone restarts, on the same address, with a new key and
    // the old one as the previous key.
    let url = first.url.clone();
    stop(first);
    let rotated = customers(
        "customers-rotated",
        dir.path(),
        port,
        &database_url,
        &new_key,
        Some(&old_key),
    );
    wait_ready(&rotated).await;
    let jwks: Value = http
        .get(format!("{url}/.well-known/jwks.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let after = sign_in(&http, &url).await;
    let kids: Vec<_> = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        kids,
        [kid(&after), kid(&before)],
        "new key first, then the previous one"
    );
    let me = format!("{url}/api/v1/customers/me");
    assert_eq!(get(&http, me.clone(), &before).await, StatusCode::OK);
    assert_eq!(get(&http, me, &after).await, StatusCode::OK);

    // The bookings role, never restarted, takes the new key's token (fetching the keys again)
    // and still the old key's, which the customers role now publishes as the previous key.
    assert_eq!(
        get(&http, my_bookings.clone(), &after).await,
        StatusCode::OK
    );
    assert_eq!(
        get(&http, my_bookings.clone(), &before).await,
        StatusCode::OK
    );
    let made_up = URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "kid": "made-up"}).to_string());
    let forged = format!("{made_up}.{}", after.split_once('.').unwrap().1);
    assert_eq!(
        get(&http, my_bookings, &forged).await,
        StatusCode::UNAUTHORIZED
    );
    let log = bookings.output();
    assert_eq!(
        log.matches("fetched the token keys again").count(),
        1,
        "one fetch for the new key, none for the made-up one (within the interval): {log}"
    );
    stop(rotated);
    stop(bookings);
}

#[test]
fn help_names_the_previous_key_but_never_shows_it() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args(["serve", "--help"])
        .env(
            "VS_JWT_PREVIOUS_KEY",
            "-----BEGIN PRIVATE KEY-----old-secret",
        )
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--jwt-previous-key"), "{help}");
    assert!(help.contains("VS_JWT_PREVIOUS_KEY"), "{help}");
    assert!(
        !help.contains("old-secret"),
        "--help shows the previous key"
    );
}
