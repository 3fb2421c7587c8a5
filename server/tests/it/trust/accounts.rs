//! Accounts on the site: confirming the address by link, resetting a forgotten password, and
//! sessions that end when they should (sign-out, a new sign-in, idle and absolute expiry, sign
//! out everywhere, a password reset, a change of rights).
use reqwest::StatusCode;

use crate::common::{Browser, TestApp, location, text_of};

const PASSWORD: &str = "sea view and a long breakfast";

/// The session token a response sets (`vs_session=…`).
fn session_cookie(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("vs_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// Whether a request carrying only this session token is signed in.
async fn signed_in(app: &TestApp, token: &str) -> bool {
    let res = reqwest::Client::new()
        .get(app.url("/trips"))
        .header("cookie", format!("vs_session={token}"))
        .send()
        .await
        .unwrap();
    res.status() == StatusCode::OK
}

async fn sign_up(app: &TestApp, email: &str) -> (Browser, String) {
    let b = app.browser();
    let res = b
        .post_form(
            "/signup",
            &[
                ("name", "Maria Lopes"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(location(&res), "/trips");
    let token = session_cookie(&res);
    (b, token)
}

async fn sign_in(app: &TestApp, b: &Browser, email: &str, password: &str) -> reqwest::Response {
    let _ = app;
    b.post_form("/signin", &[("email", email), ("password", password)])
        .await
}

#[tokio::test]
async fn sign_up_sends_a_link_that_confirms_the_address_only_when_clicked() {
    let app = TestApp::spawn().await;
    let (b, _) = sign_up(&app, "maria@example.org").await;
    let (_, page) = b.get_html("/trips").await;
    assert!(page.contains("emailed maria@example.org a link"), "{page}");
    let (_, account) = b.get_html("/account").await;
    assert!(account.contains("not confirmed yet"), "{account}");

    let token = app
        .emailed_token("maria@example.org", "account_verification")
        .await;
    assert_eq!(token.len(), 64);
    let stored = app.text("SELECT token_hash FROM account_links").await;
    assert_ne!(stored, token, "only a hash is kept");
    // Opening the link (a mail scanner does too) shows a button; it does not confirm.
    let (status, html) = b.get_html(&format!("/account/verify?token={token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Confirm my address"));
    assert!(b.get_html("/account").await.1.contains("not confirmed yet"));
    let res = b.post_form("/account/verify", &[("token", &token)]).await;
    assert_eq!(location(&res), "/account");
    let (_, account) = b.get_html("/account").await;
    assert!(
        account.contains("your email address is confirmed"),
        "{account}"
    );
    assert!(!account.contains("not confirmed yet"));
    // Used once; a second click is told so.
    b.post_form("/account/verify", &[("token", &token)]).await;
    assert!(b.get_html("/account").await.1.contains("no longer works"));
}

#[tokio::test]
async fn a_forgotten_password_is_reset_once_by_link_and_ends_every_session() {
    let app = TestApp::spawn().await;
    let (b, first) = sign_up(&app, "maria@example.org").await;
    let (_, second) = {
        let other = app.browser();
        let res = sign_in(&app, &other, "maria@example.org", PASSWORD).await;
        let token = session_cookie(&res);
        (other, token)
    };
    assert!(signed_in(&app, &first).await && signed_in(&app, &second).await);

    let stranger = app.browser();
    let ask = |email: &'static str| {
        let s = &stranger;
        async move {
            let res = s.post_form("/forgot-password", &[("email", email)]).await;
            assert_eq!(location(&res), "/forgot-password");
            let (_, html) = s.get_html("/forgot-password").await;
            let words = text_of(&html, ".banner").expect("a notice");
            words.replace(email, "ADDRESS")
        }
    };
    let known = ask("MARIA@example.org").await;
    let unknown = ask("nobody@example.org").await;
    assert_eq!(
        known, unknown,
        "the same page whether or not the address has an account"
    );
    let reset = app
        .emailed_token("maria@example.org", "password_reset")
        .await;

    // An expired link is refused.
    app.exec("UPDATE account_links SET expires_at = created_at WHERE purpose = 'reset_password'")
        .await;
    let res = stranger
        .post_form(
            "/reset-password",
            &[("token", &reset), ("password", "a brand new passphrase")],
        )
        .await;
    assert!(location(&res).starts_with("/reset-password"));
    assert!(
        stranger
            .get_html(&location(&res))
            .await
            .1
            .contains("no longer works")
    );
    assert!(
        sign_in(&app, &app.browser(), "maria@example.org", PASSWORD)
            .await
            .headers()
            .get("set-cookie")
            .is_some()
    );

    ask("maria@example.org").await;
    let reset = app
        .emailed_token("maria@example.org", "password_reset")
        .await;
    let res = stranger
        .post_form(
            "/reset-password",
            &[("token", &reset), ("password", "short")],
        )
        .await;
    assert!(
        stranger
            .get_html(&location(&res))
            .await
            .1
            .contains("at least 10 characters")
    );
    let res = stranger
        .post_form(
            "/reset-password",
            &[("token", &reset), ("password", "a brand new passphrase")],
        )
        .await;
    assert_eq!(location(&res), "/signin");
    assert!(
        !signed_in(&app, &first).await,
        "the reset ends the old sessions"
    );
    assert!(!signed_in(&app, &second).await);
    let res = sign_in(&app, &b, "maria@example.org", PASSWORD).await;
    assert!(
        location(&res).starts_with("/signin"),
        "the old password is gone"
    );
    let res = sign_in(&app, &b, "maria@example.org", "a brand new passphrase").await;
    assert_eq!(location(&res), "/trips");
    let res = stranger
        .post_form(
            "/reset-password",
            &[("token", &reset), ("password", "one more new passphrase")],
        )
        .await;
    assert!(
        location(&res).starts_with("/reset-password"),
        "a link works once"
    );
}

#[tokio::test]
async fn sessions_end_on_sign_out_sign_in_idle_and_absolute_expiry() {
    let app = TestApp::spawn().await;
    let (b, token) = sign_up(&app, "maria@example.org").await;
    // A new sign-in in the same browser gets a new session; the old one ends.
    let res = sign_in(&app, &b, "maria@example.org", PASSWORD).await;
    let renewed = session_cookie(&res);
    assert_ne!(renewed, token);
    assert!(!signed_in(&app, &token).await);
    assert!(signed_in(&app, &renewed).await);
    // Sign-out ends the session itself, not just the cookie.
    b.post_form("/signout", &[]).await;
    assert!(!signed_in(&app, &renewed).await);

    let idle = session_cookie(&sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await);
    let old = session_cookie(&sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await);
    let fresh = session_cookie(&sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await);
    let hash = |t: &str| server::customers::service::hash_token(t);
    let at = |days: i64| {
        let t = chrono::Utc::now() - chrono::Duration::days(days);
        if app.db.is_sqlite() {
            format!("'{}'", server::store::ts(t))
        } else {
            format!("'{}'::timestamptz", t.to_rfc3339())
        }
    };
    app.exec(&format!(
        "UPDATE sessions SET last_seen_at = {} WHERE token_hash = '{}'",
        at(8),
        hash(&idle)
    ))
    .await;
    app.exec(&format!(
        "UPDATE sessions SET created_at = {}, expires_at = {} WHERE token_hash = '{}'",
        at(31),
        at(1),
        hash(&old)
    ))
    .await;
    assert!(!signed_in(&app, &idle).await, "idle for 8 days");
    assert!(!signed_in(&app, &old).await, "past 30 days");
    assert!(signed_in(&app, &fresh).await);
    // The next sign-in purges the ended rows.
    sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await;
    let left = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash IN ('{}', '{}')",
            hash(&idle),
            hash(&old)
        ))
        .await;
    assert_eq!(left, 0);
}

#[tokio::test]
async fn sign_out_everywhere_and_a_change_of_rights_end_every_session() {
    let app = TestApp::spawn().await;
    let (b, phone) = sign_up(&app, "maria@example.org").await;
    let laptop =
        session_cookie(&sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await);
    let (_, account) = b.get_html("/account").await;
    assert!(account.contains("Sign out everywhere"));
    let res = b.post_form("/account/sign-out-everywhere", &[]).await;
    assert_eq!(location(&res), "/signin");
    assert!(!signed_in(&app, &phone).await);
    assert!(!signed_in(&app, &laptop).await);

    // Made a hotel admin by a platform admin: sessions opened before end.
    let laptop =
        session_cookie(&sign_in(&app, &app.browser(), "maria@example.org", PASSWORD).await);
    app.verify("maria@example.org").await;
    let (hotel, _, _) = app.first_room().await;
    let api = crate::common::api::ApiClient::new(app.url("")).await;
    let admin = api
        .sign_in("admin@visionstays.test", crate::common::DEMO_PASSWORD)
        .await;
    let path = format!("/api/v1/admin/hotels/{hotel}/admins");
    let r = api
        .post(
            "/api/v1/admin/hotels/{slug}/admins",
            &path,
            Some(&admin),
            serde_json::json!({"email": "maria@example.org"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert!(
        !signed_in(&app, &laptop).await,
        "granting a role ends the sessions"
    );
}
