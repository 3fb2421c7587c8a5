//! The account operations of the API, each called as documented: address confirmation, password
//! reset (with the same answer for unknown addresses), sign out everywhere.
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::api::ApiClient;

/// What sign-up and reset requests answer, whoever asks.
pub fn accepted() -> Value {
    json!({"detail": "Check your inbox: we have sent an email to that address."})
}

/// `token` belongs to `ines@example.pt`, signed up through the API.
pub async fn walk(app: &TestApp, api: &ApiClient, token: &str) {
    let me = api
        .get("/api/v1/customers/me", "/api/v1/customers/me", Some(token))
        .await;
    assert_eq!(me.body["email_verified"], false);
    let first = app
        .emailed_token("ines@example.pt", "account_verification")
        .await;

    // A new link replaces the first.
    let path = "/api/v1/customers/me/verification";
    let r = api
        .call(Method::POST, path, path, Some(token), &[], None)
        .await;
    assert_eq!((r.status, &r.body), (StatusCode::ACCEPTED, &accepted()));
    let r = api.call(Method::POST, path, path, None, &[], None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let verify = |t: String| {
        api.post(
            "/api/v1/customers/verify",
            "/api/v1/customers/verify",
            None,
            json!({"token": t}),
        )
    };
    let r = verify(first).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(
        r.body["errors"]["token"]
            .as_str()
            .unwrap()
            .contains("no longer works")
    );
    let second = app
        .emailed_token("ines@example.pt", "account_verification")
        .await;
    assert_eq!(verify(second.clone()).await.status, StatusCode::NO_CONTENT);
    assert_eq!(
        verify(second).await.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "single use"
    );
    let me = api
        .get("/api/v1/customers/me", "/api/v1/customers/me", Some(token))
        .await;
    assert_eq!(me.body["email_verified"], true);

    // Reset requests answer alike for every address.
    let ask = |email: &str| {
        api.post(
            "/api/v1/password-resets",
            "/api/v1/password-resets",
            None,
            json!({"email": email}),
        )
    };
    let known = ask("INES@example.pt").await;
    let unknown = ask("nobody-here@example.pt").await;
    assert_eq!(
        (known.status, &known.body),
        (StatusCode::ACCEPTED, &accepted())
    );
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body));
    assert_eq!(
        ask("not an address").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE kind = 'password_reset' AND recipient LIKE 'nobody-here%'")
            .await,
        0
    );
    let reset = app.emailed_token("ines@example.pt", "password_reset").await;
    let complete = |token: &str, password: &str| {
        api.post(
            "/api/v1/password-resets/complete",
            "/api/v1/password-resets/complete",
            None,
            json!({"token": token, "password": password}),
        )
    };
    let r = complete(&reset, "short").await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["password"].is_string(), "{}", r.body);
    assert_eq!(
        complete(&reset, "a new long passphrase").await.status,
        StatusCode::NO_CONTENT
    );
    let r = complete(&reset, "yet another passphrase").await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reset link works once"
    );
    assert!(r.body["errors"]["token"].is_string());
    let new_token = api
        .sign_in("ines@example.pt", "a new long passphrase")
        .await;

    // Signing out ends the token's session: the site stops accepting it.
    let me = |t: String| async move {
        api.get("/api/v1/customers/me", "/api/v1/customers/me", Some(&t))
            .await
            .status
    };
    assert_eq!(me(new_token.clone()).await, StatusCode::OK);
    let current = "/api/v1/sessions/current";
    let r = api.delete(current, current, Some(&new_token)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(me(new_token).await, StatusCode::UNAUTHORIZED);
    assert_eq!(
        api.delete(current, current, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Sign out everywhere.
    let a = api
        .sign_in("ines@example.pt", "a new long passphrase")
        .await;
    let b = api
        .sign_in("ines@example.pt", "a new long passphrase")
        .await;
    let r = api
        .delete("/api/v1/sessions", "/api/v1/sessions", Some(&a))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(me(a).await, StatusCode::UNAUTHORIZED);
    assert_eq!(me(b).await, StatusCode::UNAUTHORIZED);
    let r = api
        .delete("/api/v1/sessions", "/api/v1/sessions", None)
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
