//! The demo's booking history, seen as an admin and a demo guest see it through the API: past and
//! coming stays, cancellations and no-shows, today's desk, inventory that matches the bookings,
//! no emails, and a second load that adds nothing.
use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use reqwest::StatusCode;
use serde_json::Value;

use crate::common::api::ApiClient;
use crate::common::{DEMO_PASSWORD, TestApp};

const MANAGER: &str = "manager@casa-do-tejo.test";
const PLATFORM: &str = "admin@visionstays.test";
const LIST: &str = "/api/v1/admin/bookings";
const DASHBOARD: &str = "/api/v1/admin/hotels/{slug}/dashboard";
const CALENDAR: &str = "/api/v1/admin/hotels/{slug}/room-types/{room_type}/calendar";

/// How many bookings match the list's query (`hotel=…&…`).
async fn total(api: &ApiClient, token: &str, query: &str) -> u64 {
    let r = api.get(LIST, &format!("{LIST}?{query}"), Some(token)).await;
    assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.body);
    r.body["total"].as_u64().unwrap()
}

/// Every booking of the hotel, page by page.
async fn all_bookings(api: &ApiClient, token: &str, hotel: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1.. {
        let path = format!("{LIST}?hotel={hotel}&page={page}");
        let r = api.get(LIST, &path, Some(token)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let rows = r.body["bookings"].as_array().unwrap().clone();
        out.extend(rows);
        if out.len() as u64 >= r.body["total"].as_u64().unwrap() {
            return out;
        }
    }
    unreachable!()
}

fn date(v: &Value) -> NaiveDate {
    v.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_demo_hotel_shows_past_and_coming_weeks_at_its_desk() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let manager = api.sign_in(MANAGER, DEMO_PASSWORD).await;

    let r = api
        .get(
            DASHBOARD,
            "/api/v1/admin/hotels/casa-do-tejo/dashboard",
            Some(&manager),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = &r.body;
    let today = date(&d["today"]);
    assert!(d["bookings_30d"].as_u64().unwrap() >= 30, "{d}");
    assert!(d["cancellations_30d"].as_u64().unwrap() >= 1, "{d}");
    let occupancy = d["occupancy_bp"].as_u64().unwrap();
    assert!((1_000..=8_000).contains(&occupancy), "{occupancy}");
    assert!(d["revenue_booked_minor"].as_i64().unwrap() > 0);
    assert!(d["revenue_on_books_minor"].as_i64().unwrap() > 0);
    for key in ["arrivals_today", "departures_today", "in_house"] {
        assert!(d[key].as_u64().unwrap() >= 1, "{key}: {d}");
    }
    let busy_days = d["per_day"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|day| day["bookings"].as_u64().unwrap() > 0)
        .count();
    assert!(busy_days >= 15, "the bookings chart has {busy_days} days");

    // The bookings desk: weeks behind and ahead, in every state.
    let h = "hotel=casa-do-tejo";
    let week_ago = today - Days::new(7);
    let in_a_week = today + Days::new(7);
    assert!(total(&api, &manager, &format!("{h}&to={week_ago}")).await >= 20);
    assert!(total(&api, &manager, &format!("{h}&from={in_a_week}")).await >= 20);
    for status in [
        "checked_out",
        "checked_in",
        "expected",
        "cancelled",
        "no_show",
    ] {
        let n = total(&api, &manager, &format!("{h}&status={status}")).await;
        assert!(n >= 1, "no {status} bookings");
    }
    for today in ["arrivals", "departures", "in_house"] {
        let n = total(&api, &manager, &format!("{h}&today={today}")).await;
        assert!(n >= 1, "no {today} today");
    }
    // About one booking in ten is cancelled, a few were no-shows.
    let all = total(&api, &manager, h).await as f64;
    let cancelled = total(&api, &manager, &format!("{h}&status=cancelled")).await as f64;
    let no_shows = total(&api, &manager, &format!("{h}&status=no_show")).await as f64;
    assert!(
        (0.04..0.2).contains(&(cancelled / all)),
        "{cancelled} of {all}"
    );
    assert!(no_shows / all < 0.08, "{no_shows} of {all}");

    // Nobody was emailed about the history.
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, 0);
}

#[tokio::test]
async fn no_demo_night_is_oversold_and_the_inventory_matches_the_bookings() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let admin = api.sign_in(PLATFORM, DEMO_PASSWORD).await;
    for hotel in [
        "casa-do-tejo",
        "kamogawa-riverside-hotel",
        "tjornin-guesthouse",
    ] {
        let bookings = all_bookings(&api, &admin, hotel).await;
        // Nights held per room type (by name, as the list shows it): confirmed, not no-shows.
        let mut held: BTreeMap<(String, NaiveDate), u32> = BTreeMap::new();
        for b in &bookings {
            if b["status"] != "confirmed" || b["arrival"] == "no_show" {
                continue;
            }
            let room = b["room_type_name"].as_str().unwrap().to_owned();
            let (from, to) = (date(&b["check_in"]), date(&b["check_out"]));
            for night in from.iter_days().take_while(|n| *n < to) {
                *held.entry((room.clone(), night)).or_default() += 1;
            }
        }
        let first = held.keys().map(|(_, n)| *n).min().unwrap();
        let last = held.keys().map(|(_, n)| *n).max().unwrap();
        let nights = (last - first).num_days() + 1;
        let r = api
            .get(
                "/api/v1/admin/hotels/{slug}",
                &format!("/api/v1/admin/hotels/{hotel}"),
                Some(&admin),
            )
            .await;
        let mut checked = 0;
        for room in r.body["room_types"].as_array().unwrap() {
            let (slug, name) = (
                room["slug"].as_str().unwrap(),
                room["name"].as_str().unwrap(),
            );
            let path = format!(
                "/api/v1/admin/hotels/{hotel}/room-types/{slug}/calendar?from={first}&nights={nights}"
            );
            let cal = api.get(CALENDAR, &path, Some(&admin)).await;
            assert_eq!(cal.status, StatusCode::OK, "{}", cal.body);
            for n in cal.body["nights"].as_array().unwrap() {
                let night = date(&n["night"]);
                let sold = n["sold"].as_u64().unwrap() as u32;
                let rooms = n["allotment"].as_u64().unwrap() as u32;
                let booked = held.get(&(name.to_owned(), night)).copied().unwrap_or(0);
                assert_eq!(sold, booked, "{hotel} {slug} on {night}");
                assert!(
                    sold <= rooms,
                    "{hotel} {slug} sold {sold} of {rooms} on {night}"
                );
                checked += u64::from(sold);
            }
        }
        assert_eq!(checked, held.values().map(|n| u64::from(*n)).sum::<u64>());
    }
}

#[tokio::test]
async fn a_demo_guest_signs_in_to_their_trips() {
    let app = TestApp::spawn().await;
    let api = ApiClient::new(app.url("")).await;
    let guest = api
        .sign_in("sofia.almeida@example.org", DEMO_PASSWORD)
        .await;
    let r = api
        .get("/api/v1/bookings", "/api/v1/bookings", Some(&guest))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let trips = r.body.as_array().unwrap();
    assert!(trips.iter().any(|b| b["upcoming"] == true));
    assert!(trips.iter().any(|b| b["upcoming"] == false));
    assert!(
        trips
            .iter()
            .all(|b| b["guest"]["email"] == "sofia.almeida@example.org")
    );
}

#[tokio::test]
async fn loading_the_demo_again_adds_nothing() {
    let app = TestApp::spawn().await;
    let counts = async || {
        let mut out = Vec::new();
        for sql in [
            "SELECT COUNT(*) FROM bookings",
            "SELECT COUNT(*) FROM customers",
            "SELECT COUNT(*) FROM hotels",
            "SELECT COALESCE(SUM(sold), 0) FROM inventory",
            "SELECT COUNT(*) FROM emails",
        ] {
            out.push((sql, app.scalar(sql).await));
        }
        out
    };
    let before = counts().await;
    assert!(before[0].1 > 1_000, "{before:?}");
    let args = server::config::DemoArgs {
        demo_password: Some(server::secrets::Secret::new(DEMO_PASSWORD.to_owned())),
    };
    assert_eq!(
        server::demo::load_if_empty(&app.db, &args, None)
            .await
            .unwrap(),
        0
    );
    // `vision-stays demo-data` loads what is missing: nothing here.
    assert_eq!(server::demo::load(&app.db, &args).await.unwrap(), 0);
    assert_eq!(counts().await, before);
}
