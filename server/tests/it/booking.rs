//! The guest's booking flow over HTTP: sign up, book, confirmation, trips, cancel.

use crate::common::{AFTER_HISTORY, TestApp, day, form_fields, location, text_of};
use reqwest::StatusCode;

/// Bookings of stays after the demo's history, where these tests book.
async fn test_bookings(app: &TestApp) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) FROM bookings WHERE check_in >= '{}'",
        day(AFTER_HISTORY)
    );
    app.scalar(&sql).await
}

/// The first demo hotel and its first room type.
async fn first_room(app: &TestApp) -> (String, String) {
    let (hotel, room, _) = app.first_room().await;
    (hotel, room)
}

#[tokio::test]
async fn signed_out_guest_is_sent_to_sign_in_and_back_with_the_stay_kept() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    let b = app.browser();
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={}&check_out={}&guests=2",
        day(20),
        day(22)
    );
    let (status, html) = b.get_html(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Sign in or create an account"));
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".auth-choices a").unwrap();
    let signup = doc
        .select(&sel)
        .next()
        .unwrap()
        .value()
        .attr("href")
        .unwrap()
        .to_owned();
    assert!(signup.starts_with("/signup?next=%2Fhotels%2F"), "{signup}");
    let next = form_fields(&b.get_html(&signup).await.1, "form[action='/signup']")
        .into_iter()
        .find(|(k, _)| k == "next")
        .unwrap()
        .1;
    assert_eq!(next, page);
    let res = b
        .post_form(
            "/signup",
            &[
                ("name", "Ana Lima"),
                ("email", "ana@example.pt"),
                ("password", "a long passphrase"),
                ("next", &next),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), page);
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (_, html) = b.get_html(&page).await;
    assert!(html.contains("Confirm your booking"));
    assert!(html.contains("ana@example.pt"), "guest details prefilled");
}

#[tokio::test]
async fn booking_confirmation_trips_and_cancellation() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    let guest = app.guest().await;
    // Nights after the demo's history: the only rooms sold on them are this test's.
    let (from, to) = (day(AFTER_HISTORY + 7), day(AFTER_HISTORY + 10));
    let res = guest.book(&hotel, &room, &from, &to, 2).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    let reference = confirmation.trim_start_matches("/bookings/").to_owned();

    let (status, html) = guest.get_html(&confirmation).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        text_of(&html, "[data-testid=reference]").unwrap(),
        reference
    );
    assert!(html.contains("Booking confirmed") && html.contains("Total for 3 nights"));
    assert_eq!(
        app.scalar(&format!(
            "SELECT MIN(sold) FROM inventory WHERE night >= '{from}' AND night < '{to}'"
        ))
        .await,
        1
    );

    // Another guest cannot see it: the same answer as a booking that does not exist.
    let other = app.guest().await;
    assert_eq!(other.get_html(&confirmation).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        other
            .post_form(&format!("{confirmation}/cancel"), &[])
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM bookings WHERE reference = '{reference}' AND status = 'confirmed'"
        ))
        .await,
        1
    );

    let (_, trips) = guest.get_html("/trips").await;
    assert!(trips.contains(&reference));

    let (status, html) = guest.get_html(&format!("{confirmation}/cancel")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Cancel this booking?"));
    let res = guest
        .post_form(&format!("{confirmation}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = guest.get_html(&confirmation).await;
    assert!(html.contains("This booking is cancelled"), "{html}");
    assert!(
        html.contains(&format!("Booking {reference} is cancelled")),
        "{html}"
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT MAX(sold) FROM inventory WHERE night >= '{from}' AND night < '{to}'"
        ))
        .await,
        0
    );
    // A second cancel is refused and changes nothing.
    guest
        .post_form(&format!("{confirmation}/cancel"), &[])
        .await;
    let (_, html) = guest.get_html(&confirmation).await;
    assert!(html.contains("already cancelled"));
    assert_eq!(
        app.scalar(&format!(
            "SELECT MAX(sold) FROM inventory WHERE night >= '{}'",
            day(AFTER_HISTORY)
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn cancellation_is_refused_after_the_policy_deadline() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    let guest = app.guest().await;
    let first = day(AFTER_HISTORY + 7);
    let res = guest
        .book(&hotel, &room, &first, &day(AFTER_HISTORY + 8), 1)
        .await;
    let confirmation = location(&res);
    app.exec(&format!(
        "UPDATE bookings SET cancel_deadline = '2020-01-01T00:00:00.000Z' WHERE check_in = '{first}'"
    ))
    .await;
    let (_, html) = guest.get_html(&confirmation).await;
    assert!(html.contains("free cancellation period has ended"));
    assert!(!html.contains("Cancel booking"));
    guest
        .post_form(&format!("{confirmation}/cancel"), &[])
        .await;
    let after = day(AFTER_HISTORY);
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM bookings WHERE status = 'confirmed' AND check_in >= '{after}'"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar(&format!(
            "SELECT SUM(sold) FROM inventory WHERE night >= '{after}'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn resubmitting_the_same_form_yields_the_same_booking() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    let guest = app.guest().await;
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={}&check_out={}&guests=2",
        day(50),
        day(52)
    );
    let (_, html) = guest.get_html(&page).await;
    let fields = form_fields(&html, "form[action$='/book']");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let url = format!("/hotels/{hotel}/book");
    let (a, b) = tokio::join!(guest.post_form(&url, &pairs), guest.post_form(&url, &pairs));
    let c = guest.post_form(&url, &pairs).await;
    assert_eq!(location(&a), location(&b));
    assert_eq!(location(&a), location(&c));
    assert!(location(&a).starts_with("/bookings/VS-"));
    assert_eq!(test_bookings(&app).await, 1);
    let sold = format!(
        "SELECT MAX(sold) FROM inventory WHERE night >= '{}'",
        day(AFTER_HISTORY)
    );
    assert_eq!(app.scalar(&sold).await, 1);

    // The same key with a different body is refused, and nothing is booked.
    let changed: Vec<(&str, &str)> = pairs
        .iter()
        .map(|&(k, v)| {
            if k == "guest_name" {
                (k, "Someone Else")
            } else {
                (k, v)
            }
        })
        .collect();
    let res = guest.post_form(&url, &changed).await;
    assert!(location(&res).starts_with(&format!("/hotels/{hotel}/book?")));
    let (_, html) = guest.get_html(&location(&res)).await;
    assert!(html.contains("already used for a different booking"));
    assert_eq!(test_bookings(&app).await, 1);
}

#[tokio::test]
async fn invalid_guest_details_come_back_with_field_errors_and_nothing_lost() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    let guest = app.guest().await;
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={}&check_out={}&guests=2",
        day(60),
        day(61)
    );
    let (_, html) = guest.get_html(&page).await;
    let mut fields = form_fields(&html, "form[action$='/book']");
    for (k, v) in fields.iter_mut() {
        match k.as_str() {
            "guest_email" => *v = "not-an-email".into(),
            "special_requests" => *v = "Late arrival, around 23:00".into(),
            _ => {}
        }
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = guest
        .post_form(&format!("/hotels/{hotel}/book"), &pairs)
        .await;
    assert_eq!(location(&res), page);
    let (_, html) = guest.get_html(&page).await;
    assert!(html.contains("Enter an email address like"));
    assert!(html.contains("not-an-email") && html.contains("Late arrival, around 23:00"));
    assert_eq!(test_bookings(&app).await, 0);
    // The flash is shown once: a reload is clean.
    let (_, html) = guest.get_html(&page).await;
    assert!(!html.contains("Enter an email address like"));
}

#[tokio::test]
async fn too_many_guests_or_past_dates_are_refused() {
    let app = TestApp::spawn().await;
    let (hotel, room) = first_room(&app).await;
    // The demo's history is there already; nothing may join it.
    let before = app.scalar("SELECT COUNT(*) FROM bookings").await;
    let guest = app.guest().await;
    let capacity = app
        .scalar(&format!(
            "SELECT r.capacity FROM room_types r JOIN hotels h ON h.id = r.hotel_id WHERE r.slug = '{room}' AND h.slug = '{hotel}'"
        ))
        .await;
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={}&check_out={}&guests=1",
        day(60),
        day(61)
    );
    let (_, html) = guest.get_html(&page).await;
    let fields = form_fields(&html, "form[action$='/book']");
    let post = |overrides: Vec<(&'static str, String)>| {
        let mut f = fields.clone();
        for (k, v) in overrides {
            f.iter_mut().find(|(n, _)| n == k).unwrap().1 = v;
        }
        f
    };
    let crowd = (capacity + 1).to_string();
    for body in [
        post(vec![("guests", crowd)]),
        post(vec![
            ("check_in", day(-3)),
            ("idempotency_key", "k2".into()),
        ]),
    ] {
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = guest
            .post_form(&format!("/hotels/{hotel}/book"), &pairs)
            .await;
        assert!(
            location(&res).starts_with(&format!("/hotels/{hotel}?")),
            "{}",
            location(&res)
        );
    }
    assert_eq!(app.scalar("SELECT COUNT(*) FROM bookings").await, before);
}

#[tokio::test]
async fn state_changing_requests_from_other_sites_are_refused() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = [
        ("name", "Mallory"),
        ("email", "m@example.com"),
        ("password", "a long passphrase"),
    ];
    let res = client
        .post(app.url("/signup"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = client
        .post(app.url("/signup"))
        .header("origin", "https://evil.example")
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM customers WHERE email = 'm@example.com'")
            .await,
        0
    );
}

#[tokio::test]
async fn sign_in_sign_out_and_wrong_passwords() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    b.post_form(
        "/signup",
        &[
            ("name", "Kenji Sato"),
            ("email", "kenji@example.jp"),
            ("password", "tea house in the rain"),
        ],
    )
    .await;
    let other = app.browser();
    let res = other
        .post_form(
            "/signup",
            &[
                ("name", "Kenji Again"),
                ("email", "KENJI@example.jp"),
                ("password", "somebody else's guess"),
            ],
        )
        .await;
    // A taken address: no session, and words that don't say whether it had an account.
    assert!(location(&res).starts_with("/signin"));
    let (_, html) = other.get_html("/signin").await;
    assert!(html.contains("emailed KENJI@example.jp"), "{html}");
    assert!(!html.contains("already exists"));
    b.post_form("/signout", &[]).await;
    assert_eq!(b.get_html("/trips").await.0, StatusCode::UNAUTHORIZED);
    let res = b
        .post_form(
            "/signin",
            &[
                ("email", "kenji@example.jp"),
                ("password", "wrong password!"),
            ],
        )
        .await;
    assert!(location(&res).starts_with("/signin"));
    let (_, html) = b.get_html("/signin").await;
    assert!(html.contains("don&#x27;t match") || html.contains("don't match"));
    assert!(html.contains("kenji@example.jp"), "email kept");
    let res = b
        .post_form(
            "/signin",
            &[
                ("email", "kenji@example.jp"),
                ("password", "tea house in the rain"),
                ("next", "https://evil.example/"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/trips", "next cannot leave the site");
    assert_eq!(b.get_html("/trips").await.0, StatusCode::OK);
    let hash = app
        .text("SELECT password_hash FROM customers WHERE email = 'kenji@example.jp'")
        .await;
    assert!(hash.starts_with("$argon2id$"));
}
