//! The platform admins' side: they hear about every hotel nobody confirmed for (only those
//! whose own address is verified), and see and remove every hotel's recipients.
use reqwest::StatusCode;
use serde_json::json;

use super::*;

#[tokio::test]
async fn a_hotel_without_a_confirmed_recipient_alerts_every_verified_platform_admin() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    // Two more platform admins; only the one whose address is verified hears about bookings.
    api.customer("ops@visionstays.test").await;
    api.customer("typo@visionstays.test").await;
    app.exec("UPDATE customers SET role = 'platform_admin' WHERE email IN ('ops@visionstays.test', 'typo@visionstays.test')")
        .await;
    app.exec(
        "UPDATE customers SET email_verified_at = created_at WHERE email = 'ops@visionstays.test'",
    )
    .await;

    let reference = book(&app, &api, HOTEL, 50).await;
    assert_eq!(
        alerted(&app, &reference).await,
        [PLATFORM, "ops@visionstays.test"]
    );
    let name = app
        .text(&format!("SELECT name FROM hotels WHERE slug = '{HOTEL}'"))
        .await;
    let text = app
        .text(&format!(
            "SELECT text_body FROM emails WHERE kind = 'admin_new_booking' AND booking_reference = '{reference}' LIMIT 1"
        ))
        .await;
    assert!(
        text.contains(&format!("{name} has no confirmed alert recipient")),
        "{text}"
    );
    assert!(
        text.contains("ines@example.pt"),
        "the guest's details: {text}"
    );

    // The demo's Casa do Tejo has its manager, confirmed: the platform admins hear nothing.
    let reference = book(&app, &api, "casa-do-tejo", 52).await;
    assert_eq!(alerted(&app, &reference).await, [MANAGER]);
    // Per event: a recipient who wants only new bookings leaves cancellations to the admins.
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    api.put(
        RECIPIENTS,
        &recipients_of("casa-do-tejo"),
        Some(&manager),
        json!({"recipients": [
        {"email": MANAGER, "on_booking": true, "on_cancellation": false}]}),
    )
    .await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    let cancel = format!("/api/v1/admin/bookings/{reference}/cancel");
    let r = api
        .post(
            "/api/v1/admin/bookings/{reference}/{action}",
            &cancel,
            Some(&admin),
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let sql = format!(
        "SELECT recipient FROM emails WHERE kind = 'admin_cancellation' AND booking_reference = '{reference}' ORDER BY recipient"
    );
    let to: Vec<String> = on_db!(&app.db, |p| sqlx::query_scalar(&sql).fetch_all(p).await).unwrap();
    assert_eq!(to, [PLATFORM, "ops@visionstays.test"]);
}

#[tokio::test]
async fn a_platform_admin_sees_every_recipient_and_removes_another_hotels() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let all = "/api/v1/admin/alert-recipients";
    let one = "/api/v1/admin/hotels/{slug}/alert-recipients/{email}";
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    // The manager adds a private address; the platform admin one at another hotel.
    api.put(
        RECIPIENTS,
        &recipients_of("casa-do-tejo"),
        Some(&manager),
        json!({"recipients": [
        {"email": MANAGER, "on_booking": true, "on_cancellation": true},
        {"email": "marta.private@example.pt", "on_booking": true, "on_cancellation": true}]}),
    )
    .await;
    api.put(
        RECIPIENTS,
        &recipients_of(HOTEL),
        Some(&admin),
        json!({"recipients": [
        {"email": "desk@miradouro.test", "on_booking": true, "on_cancellation": true}]}),
    )
    .await;

    let r = api.get(all, all, Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    let private = listed(&r.body, "marta.private@example.pt").expect("every hotel's");
    assert_eq!(
        (private["hotel"].as_str(), private["confirmed"].as_bool()),
        (Some("casa-do-tejo"), Some(false))
    );
    assert_eq!(listed(&r.body, MANAGER).unwrap()["confirmed"], true);
    assert!(listed(&r.body, "desk@miradouro.test").is_some());
    // A hotel admin sees only their hotels', and cannot remove another hotel's.
    let r = api.get(all, all, Some(&manager)).await;
    assert!(
        r.body
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["hotel"] == "casa-do-tejo"),
        "{}",
        r.body
    );
    let other = format!("{}/desk@miradouro.test", recipients_of(HOTEL));
    assert_eq!(
        api.delete(one, &other, Some(&manager)).await.status,
        StatusCode::NOT_FOUND
    );
    let guest = api.customer("nosy@example.pt").await;
    assert_eq!(
        api.get(all, all, Some(&guest)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        api.get(all, all, None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // The platform admin removes the private address through the API…
    let path = format!("{}/marta.private@example.pt", recipients_of("casa-do-tejo"));
    assert_eq!(
        api.delete(one, &path, Some(&admin)).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.delete(one, &path, Some(&admin)).await.status,
        StatusCode::NOT_FOUND
    );
    // …and another hotel's from the one page that lists them all.
    let b = admin_browser(&app, PLATFORM).await;
    let (status, page) = b.get_html("/admin/alerts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("desk@miradouro.test"), "{page}");
    assert!(page.contains("Waiting for confirmation"), "{page}");
    assert!(page.contains("no confirmed alert recipient"), "{page}");
    let res = b
        .post_form(
            "/admin/alerts/remove",
            &[
                ("hotel", HOTEL),
                ("email", "desk@miradouro.test"),
                ("hotel_name", "Miradouro"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/alerts");
    let (_, page) = b.get_html("/admin/alerts").await;
    assert!(
        page.contains("desk@miradouro.test no longer gets Miradouro"),
        "{page}"
    );
    let r = api.get(all, all, Some(&admin)).await;
    assert!(
        listed(&r.body, "desk@miradouro.test").is_none(),
        "{}",
        r.body
    );
    assert!(
        listed(&r.body, "marta.private@example.pt").is_none(),
        "{}",
        r.body
    );
    // A hotel admin's page lists only their hotels, with a guest turned away.
    let desk = admin_browser(&app, MANAGER).await;
    let (status, page) = desk.get_html("/admin/alerts").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(MANAGER) && !page.contains("Miradouro"),
        "{page}"
    );
}
