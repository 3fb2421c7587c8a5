//! The platform as four processes (customers, hotels, bookings, web) over one database: the
//! guest's booking flow passes through all of them, and each stops gracefully on SIGTERM.

use std::path::Path;
use std::time::Duration;

use crate::common::process::{Process, stop, wait_ready};
use crate::common::{Browser, SharedDb, day, location, text_of};
use reqwest::StatusCode;

fn start(name: &'static str, dir: &Path, database_url: Option<&str>, extra: &[String]) -> Process {
    Process::serve(name, dir, |cmd| {
        cmd.args(["--role", name])
            .args(["--rate-limit-per-minute", "0"])
            // The role that owns hotels loads the demo; the others ignore the flag.
            .arg("--demo-data")
            .env("VS_DEMO_PASSWORD", crate::common::DEMO_PASSWORD)
            .args(extra);
        if let Some(url) = database_url {
            cmd.env("DATABASE_URL", url);
        }
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn booking_flow_through_four_processes() {
    let dir = tempfile::tempdir().unwrap();
    let shared = SharedDb::new(dir.path(), "shared.db").await;
    let database_url = shared.url.clone();
    // Customers first: the hotels and bookings roles verify tokens with its keys.
    let customers = start("customers", dir.path(), Some(&database_url), &[]);
    wait_ready(&customers).await;
    let hotels = start(
        "hotels",
        dir.path(),
        Some(&database_url),
        &["--customers-url".into(), customers.url.clone()],
    );
    wait_ready(&hotels).await;
    let bookings = start(
        "bookings",
        dir.path(),
        Some(&database_url),
        &["--customers-url".into(), customers.url.clone()],
    );
    let web = start(
        "web",
        dir.path(),
        None,
        &[
            "--customers-url".into(),
            customers.url.clone(),
            "--hotels-url".into(),
            hotels.url.clone(),
            "--bookings-url".into(),
            bookings.url.clone(),
        ],
    );
    wait_ready(&bookings).await;
    wait_ready(&web).await;

    let guest = Browser::at(&web.url);

    let (status, html) = guest
        .get_html(&format!(
            "/search?city=Lisbon&check_in={}&check_out={}&guests=2",
            day(30),
            day(32)
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&html, "h1").unwrap().contains("in Lisbon"));
    let res = guest
        .post_form(
            "/signup",
            &[
                ("name", "Ana Lima"),
                ("email", "ana@example.pt"),
                ("password", "a long passphrase"),
                ("next", "/trips"),
            ],
        )
        .await;
    assert_eq!(
        (res.status(), location(&res)),
        (StatusCode::SEE_OTHER, "/trips".to_owned())
    );
    let first_session = session_token(&res);
    let res = guest
        .book("casa-do-tejo", "river-view-double", &day(30), &day(32), 2)
        .await;
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    let reference = confirmation.trim_start_matches("/bookings/").to_owned();
    let (status, html) = guest.get_html(&confirmation).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        text_of(&html, "[data-testid=reference]").unwrap(),
        reference
    );
    assert!(guest.get_html("/trips").await.1.contains(&reference));
    let res = guest
        .post_form(&format!("{confirmation}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(
        guest
            .get_html(&confirmation)
            .await
            .1
            .contains("This booking is cancelled")
    );
    let art = guest
        .get("/art/rooms/casa-do-tejo/river-view-double.svg")
        .await;
    assert_eq!(
        (
            art.status(),
            art.headers()["content-type"].to_str().unwrap()
        ),
        (StatusCode::OK, "image/svg+xml")
    );

    // A request id given to the web follows the call into the bookings service's log.
    let id = format!("trace-{}", uuid::Uuid::new_v4().simple());
    let res = guest
        .client
        .get(format!("{}/trips", web.url))
        .header("x-request-id", &id)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        std::fs::read_to_string(&bookings.log)
            .unwrap()
            .contains(&id),
        "request id not propagated to bookings"
    );

    // Signing out on the web ends the session at the customers service: the cookie's token,
    // replayed, no longer signs anybody in; nor does any other after "sign out everywhere".
    let signed_in = |token: String| {
        let url = format!("{}/trips", web.url);
        async move {
            reqwest::Client::new()
                .get(url)
                .header("cookie", format!("vs_session={token}"))
                .send()
                .await
                .unwrap()
                .status()
                == StatusCode::OK
        }
    };
    assert!(signed_in(first_session.clone()).await);
    guest.post_form("/signout", &[]).await;
    assert!(
        !signed_in(first_session).await,
        "the web's session outlived sign-out"
    );
    let sign_in = || async {
        let b = Browser::at(&web.url);
        let res = b
            .post_form(
                "/signin",
                &[
                    ("email", "ana@example.pt"),
                    ("password", "a long passphrase"),
                ],
            )
            .await;
        (session_token(&res), b)
    };
    let (laptop, _) = sign_in().await;
    let (phone, phone_browser) = sign_in().await;
    assert!(signed_in(laptop.clone()).await);
    phone_browser
        .post_form("/account/sign-out-everywhere", &[])
        .await;
    assert!(!signed_in(laptop).await && !signed_in(phone).await);

    for p in [web, bookings, customers, hotels] {
        stop(p);
    }
}

/// The session token a response sets (`vs_session=…`).
fn session_token(res: &reqwest::Response) -> String {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("vs_session="))
        .and_then(|c| c.split(';').next())
        .expect("a session cookie")
        .to_owned()
}
