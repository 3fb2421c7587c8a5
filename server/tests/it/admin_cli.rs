//! `vision-stays admin create`: the operator's way to make admins, run as a real process.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::TestApp;
use crate::common::api::ApiClient;
use reqwest::StatusCode;

/// Runs `vision-stays admin create ARGS` on the app's database with `password` on stdin.
fn admin_create(
    app: &TestApp,
    database_url: &str,
    args: &[&str],
    password: &str,
) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args([
            "admin",
            "create",
            "--database-url",
            database_url,
            "--data-dir",
        ])
        .arg(app.data_dir())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn operators_create_admins_from_the_command_line() {
    let app = TestApp::spawn().await;
    let url = app.database_url();
    let api = ApiClient::new(app.url("")).await;

    let (ok, out) = admin_create(
        &app,
        &url,
        &[
            "--email",
            "lena@example.is",
            "--role",
            "hotel-admin",
            "--hotel",
            "no-such-hotel",
        ],
        "a long passphrase",
    );
    assert!(!ok, "an unknown hotel is refused: {out}");
    assert!(out.contains("hotel: No hotel has this slug."), "{out}");
    let (ok, out) = admin_create(
        &app,
        &url,
        &["--email", "lena@example.is", "--role", "hotel-admin"],
        "a long passphrase",
    );
    assert!(!ok && out.contains("--hotel"), "{out}");
    let (ok, out) = admin_create(
        &app,
        &url,
        &["--email", "lena@example.is", "--role", "platform-admin"],
        "short",
    );
    assert!(
        !ok && out.contains("password: Use at least 10 characters."),
        "{out}"
    );

    let (ok, out) = admin_create(
        &app,
        &url,
        &[
            "--email",
            "lena@example.is",
            "--role",
            "hotel-admin",
            "--hotel",
            "casa-do-tejo",
            "--name",
            "Lena Jónsdóttir",
        ],
        "a long passphrase",
    );
    assert!(ok, "{out}");
    assert!(out.contains("created"), "{out}");
    let lena = api.sign_in("lena@example.is", "a long passphrase").await;
    let r = api
        .get("/api/v1/admin/hotels", "/api/v1/admin/hotels", Some(&lena))
        .await;
    assert_eq!(r.body[0]["slug"], "casa-do-tejo");
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    // New hotel admins get the alerts by default.
    let r = api
        .get(
            "/api/v1/admin/hotels/{slug}/alert-recipients",
            "/api/v1/admin/hotels/casa-do-tejo/alert-recipients",
            Some(&lena),
        )
        .await;
    assert!(
        r.body["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["email"] == "lena@example.is"),
        "{}",
        r.body
    );

    // Again for an existing account: raised to platform admin, with the new password.
    let (ok, out) = admin_create(
        &app,
        &url,
        &["--email", "LENA@example.is", "--role", "platform-admin"],
        "another long passphrase",
    );
    assert!(ok && out.contains("updated"), "{out}");
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/sessions"))
        .json(&serde_json::json!({"email": "lena@example.is", "password": "a long passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the old password no longer works"
    );
    let lena = api
        .sign_in("lena@example.is", "another long passphrase")
        .await;
    let r = api
        .get("/api/v1/admin/hotels", "/api/v1/admin/hotels", Some(&lena))
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 16);
}
