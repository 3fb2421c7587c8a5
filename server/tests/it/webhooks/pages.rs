//! The admin pages work without JavaScript: registering by the form shows the secret in the
//! answer to the post (not cached, no redirect, no cookie) and never again; a hotel admin's
//! pages list only their hotel's endpoints; deleting asks first.
use reqwest::StatusCode;

use super::*;
use crate::common::{Browser, DEMO_PASSWORD, location, text_of};

async fn admin_browser(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    let res = b
        .post_form(
            "/signin",
            &[
                ("email", email),
                ("password", DEMO_PASSWORD),
                ("next", "/admin"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    b
}

#[tokio::test]
async fn registering_by_the_form_shows_the_secret_once() {
    let (app, _api) = app_with(local_webhooks).await;
    let manager = admin_browser(&app, MANAGER).await;
    let page = format!("/admin/hotels/{HOTEL}/webhooks");
    let (status, html) = manager.get_html(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Register an endpoint"), "{html}");
    assert!(
        html.contains(CREATED),
        "the event types are offered: {html}"
    );

    // A refused address comes back to the form with the error at the URL field.
    let res = manager
        .post_form(
            "/admin/webhooks",
            &[
                ("page", &page),
                ("hotel", HOTEL),
                ("url", "ftp://pms.example.com/"),
                ("type.com.visionstays.booking.created.v1", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), page);
    let (_, html) = manager.get_html(&page).await;
    assert!(html.contains("Use an https:// URL."), "{html}");

    let res = manager
        .post_form(
            "/admin/webhooks",
            &[
                ("page", &page),
                ("hotel", HOTEL),
                ("url", "http://127.0.0.1:9/pms"),
                ("description", "Front office"),
                ("type.com.visionstays.booking.created.v1", "on"),
                ("type.com.visionstays.booking.no_show.v1", "on"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the answer is the page itself"
    );
    assert_eq!(res.headers()["cache-control"], "no-store");
    assert!(res.headers().get("set-cookie").is_none());
    let html = res.text().await.unwrap();
    let secret = text_of(&html, "#webhook-secret").expect("the secret is shown");
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(html.contains("not shown again"), "{html}");

    let id = app.scalar("SELECT MAX(id) FROM webhook_endpoints").await;
    let (status, html) = manager.get_html(&format!("/admin/webhooks/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains(&secret) && !html.contains("whsec_"),
        "{html}"
    );
    assert!(html.contains("Guest did not show"), "{html}");
    let (_, html) = manager.get_html(&page).await;
    assert!(html.contains("http://127.0.0.1:9/pms") && !html.contains("whsec_"));

    // Rotating shows the new one, once.
    let res = manager
        .post_form(&format!("/admin/webhooks/{id}/secret"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    let rotated = text_of(&html, "#webhook-secret").unwrap();
    assert!(rotated.starts_with("whsec_") && rotated != secret);
    let (_, html) = manager.get_html(&format!("/admin/webhooks/{id}")).await;
    assert!(!html.contains("whsec_"));
    assert!(
        html.contains("The previous secret also signs until"),
        "{html}"
    );

    // Another hotel's page and a platform-wide endpoint are not theirs.
    let (status, _) = manager
        .get_html(&format!("/admin/hotels/{OTHER_HOTEL}/webhooks"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Deleting asks first.
    let (status, html) = manager
        .get_html(&format!("/admin/webhooks/{id}/delete"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Delete this webhook endpoint?"), "{html}");
    let res = manager
        .post_form(&format!("/admin/webhooks/{id}/delete"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/webhooks");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM webhook_endpoints").await,
        0
    );
}

#[tokio::test]
async fn a_platform_admin_registers_platform_wide_endpoints_from_the_list() {
    let (app, _api) = app_with(local_webhooks).await;
    let admin = admin_browser(&app, PLATFORM).await;
    let (status, html) = admin.get_html("/admin/webhooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Every hotel (platform-wide)"), "{html}");
    let res = admin
        .post_form(
            "/admin/webhooks",
            &[
                ("page", "/admin/webhooks"),
                ("hotel", ""),
                ("url", "http://127.0.0.1:9/all"),
                ("type.com.visionstays.booking.cancelled.v1", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, html) = admin.get_html("/admin/webhooks").await;
    assert!(
        html.contains("http://127.0.0.1:9/all") && html.contains("Every hotel"),
        "{html}"
    );
    // A hotel admin's list does not have it, nor the choice.
    let manager = admin_browser(&app, MANAGER).await;
    let (_, html) = manager.get_html("/admin/webhooks").await;
    assert!(!html.contains("http://127.0.0.1:9/all"), "{html}");
    assert!(!html.contains("Every hotel (platform-wide)"), "{html}");
}
