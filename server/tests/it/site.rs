//! Pages a guest reads: health, search, hotel pages, errors.

use std::time::Duration;

use crate::common::{TestApp, day, text_of};
use reqwest::StatusCode;

#[tokio::test]
async fn health_and_readiness() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    assert_eq!(b.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(b.get("/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn demo_data_has_many_hotels_in_several_time_zones() {
    let app = TestApp::spawn().await;
    assert!(app.scalar("SELECT COUNT(*) FROM hotels").await >= 12);
    assert!(
        app.scalar("SELECT COUNT(DISTINCT time_zone) FROM hotels")
            .await
            >= 4
    );
    assert_eq!(app.scalar("SELECT COUNT(*) FROM (SELECT hotel_id FROM room_types GROUP BY hotel_id HAVING COUNT(*) NOT BETWEEN 2 AND 5) AS t").await, 0);
}

#[tokio::test]
async fn home_page_offers_search_and_destinations() {
    let app = TestApp::spawn().await;
    let (status, html) = app.browser().get_html("/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"action="/search""#) && html.contains(r#"method="get""#));
    for city in ["Lisbon", "Kyoto", "New York", "Cape Town"] {
        assert!(html.contains(city), "{city} missing from home page");
    }
}

#[tokio::test]
async fn search_lists_hotels_with_the_price_for_the_whole_stay_sorted_by_price() {
    let app = TestApp::spawn().await;
    let path = format!(
        "/search?city=Lisbon&check_in={}&check_out={}&guests=2",
        day(30),
        day(33)
    );
    let (status, html) = app.browser().get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&html, "h1").unwrap().contains("in Lisbon"));
    assert!(html.contains("total for 3 nights"));
    let doc = scraper::Html::parse_document(&html);
    let sel = scraper::Selector::parse(".hotel-card .price").unwrap();
    let prices: Vec<f64> = doc
        .select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .replace(['€', ','], "")
                .parse()
                .unwrap()
        })
        .collect();
    assert!(prices.len() >= 2, "{prices:?}");
    assert!(
        prices.windows(2).all(|w| w[0] <= w[1]),
        "not sorted: {prices:?}"
    );

    let (_, html) = app
        .browser()
        .get_html(&format!("{path}&sort=price_desc"))
        .await;
    let doc = scraper::Html::parse_document(&html);
    let desc: Vec<f64> = doc
        .select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .replace(['€', ','], "")
                .parse()
                .unwrap()
        })
        .collect();
    assert!(
        desc.windows(2).all(|w| w[0] >= w[1]),
        "not sorted: {desc:?}"
    );
}

#[tokio::test]
async fn search_explains_bad_dates_and_unknown_cities() {
    let app = TestApp::spawn().await;
    let b = app.browser();
    let (status, html) = b
        .get_html(&format!(
            "/search?city=Lisbon&check_in={}&check_out={}&guests=2",
            day(-2),
            day(1)
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Check-in can&#x27;t be in the past")
            || html.contains("Check-in can't be in the past"),
        "{html}"
    );
    let (status, html) = b
        .get_html(&format!(
            "/search?city=Lisbon&check_in={}&check_out={}&guests=2",
            day(5),
            day(5)
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Check-out must be after check-in"));
    let (status, html) = b
        .get_html(&format!(
            "/search?city=Atlantis&check_in={}&check_out={}&guests=2",
            day(5),
            day(6)
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("We don") && html.contains("Atlantis"));
}

#[tokio::test]
async fn search_with_no_room_for_the_party_shows_an_empty_state() {
    let app = TestApp::spawn().await;
    let (status, html) = app
        .browser()
        .get_html(&format!(
            "/search?city=Lisbon&check_in={}&check_out={}&guests=8",
            day(10),
            day(12)
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text_of(&html, "h1").unwrap().starts_with("No hotels free"));
    assert!(html.contains("Try different dates"));
}

#[tokio::test]
async fn hotel_page_prices_each_room_type_for_the_stay() {
    let app = TestApp::spawn().await;
    let (slug, _, _) = app.first_room().await;
    let (status, html) = app
        .browser()
        .get_html(&format!(
            "/hotels/{slug}?check_in={}&check_out={}&guests=2",
            day(40),
            day(42)
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Total for 2 nights"));
    assert!(html.contains("Book this room"));
    assert!(html.contains("Free cancellation") && html.contains("Check-in"));
    let (status, _) = app.browser().get_html("/hotels/no-such-hotel").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, html) = app.browser().get_html("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}

#[tokio::test]
async fn artwork_is_served_as_svg() {
    let app = TestApp::spawn().await;
    let (slug, _, _) = app.first_room().await;
    let res = app.browser().get(&format!("/art/hotels/{slug}.svg")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().starts_with("<svg"));
    assert_eq!(
        app.browser().get("/art/hotels/nope.svg").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn security_headers_are_set() {
    let app = TestApp::spawn().await;
    let res = app.browser().get("/").await;
    for h in [
        "content-security-policy",
        "x-content-type-options",
        "x-frame-options",
        "referrer-policy",
        "x-request-id",
    ] {
        assert!(res.headers().contains_key(h), "missing {h}");
    }
}

/// Building a site lists the app's routes, which parks any page data first loaded meanwhile
/// anywhere in the process (leptos#4773). Pages must keep answering while more sites start.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_keep_answering_while_other_sites_start_in_the_process() {
    let app = TestApp::spawn().await;
    let (slug, _, _) = app.first_room().await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..6)
        .map(|i| {
            let (b, stop) = (app.browser(), stop.clone());
            let path = match i % 2 {
                0 => format!("/hotels/{slug}?check_in={}&check_out={}", day(20), day(22)),
                _ => format!(
                    "/search?city=Lisbon&check_in={}&check_out={}",
                    day(20),
                    day(21)
                ),
            };
            tokio::spawn(async move {
                let mut pages = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    let page = tokio::time::timeout(Duration::from_secs(10), b.get_html(&path));
                    let (status, _) = page.await.expect("a page hung while a site started");
                    assert_eq!(status, StatusCode::OK, "{path}");
                    pages += 1;
                }
                pages
            })
        })
        .collect();
    for _ in 0..12 {
        TestApp::spawn_with(true).await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for reader in readers {
        assert!(reader.await.expect("reader") > 0);
    }
}
