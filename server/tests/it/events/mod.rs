//! Booking events end to end: each booking change records exactly its CloudEvents document in
//! its own transaction, numbered per hotel in commit order (`written.rs`).
mod written;

use std::time::{Duration, Instant};

use app::model::BookingAction;
use chrono::{NaiveDate, TimeZone, Utc};
use server::hotels::scope::Admin;
use server::outbox::events::BookingEventDoc;
use server::state::{App, Clock};

use crate::common::{Browser, TestApp, day, location};

pub const PLATFORM: &str = "admin@visionstays.test";

/// One stored event: its hotel's number, its type and its parsed document.
#[derive(Debug)]
pub struct Stored {
    pub hotel_id: i64,
    pub seq: i64,
    pub event_type: String,
    pub stream_status: String,
    pub doc: BookingEventDoc,
}

/// Every event of the booking `reference`, in hotel order.
pub async fn events_of(app: &TestApp, reference: &str) -> Vec<Stored> {
    let sql = format!(
        "SELECT hotel_id, seq, type, stream_status, document FROM booking_events
         WHERE booking_reference = '{reference}' ORDER BY hotel_id, seq"
    );
    stored(app, &sql).await
}

pub async fn stored(app: &TestApp, sql: &str) -> Vec<Stored> {
    let rows: Vec<(i64, i64, String, String, String)> =
        on_db!(&app.db, |p| sqlx::query_as(sql).fetch_all(p).await).expect(sql);
    rows.into_iter()
        .map(|(hotel_id, seq, event_type, stream_status, json)| Stored {
            hotel_id,
            seq,
            event_type,
            stream_status,
            doc: BookingEventDoc::from_json(&json).expect(&json),
        })
        .collect()
}

/// Books `[day(from), day(to))` at `hotel`'s first room type as a fresh guest.
pub async fn book_at(app: &TestApp, hotel: &str, from: i64, to: i64) -> (Browser, String) {
    let sql = format!(
        "SELECT r.slug FROM room_types r JOIN hotels h ON h.id = r.hotel_id WHERE h.slug = '{hotel}' ORDER BY r.position LIMIT 1"
    );
    let room = app.text(&sql).await;
    let guest = app.known_guest().await;
    let page = format!(
        "/hotels/{hotel}/book?room_type={room}&check_in={}&check_out={}&guests=1",
        day(from),
        day(to)
    );
    let (_, html) = guest.get_html(&page).await;
    assert!(html.contains("/book\""), "{page}: {html}");
    let res = guest.book(hotel, &room, &day(from), &day(to), 1).await;
    let confirmation = location(&res);
    assert!(
        confirmation.starts_with("/bookings/VS-"),
        "{confirmation}: {}",
        res.text().await.unwrap_or_default()
    );
    let reference = confirmation.trim_start_matches("/bookings/").to_owned();
    (guest, reference)
}

/// The two demo hotels with the lowest ids (slugs).
pub async fn two_hotels(app: &TestApp) -> (String, String) {
    let first = app
        .text("SELECT slug FROM hotels ORDER BY id LIMIT 1")
        .await;
    let second = app
        .text("SELECT slug FROM hotels ORDER BY id LIMIT 1 OFFSET 1")
        .await;
    (first, second)
}

/// The platform admin acting at the desk with the clock at noon UTC on `on`.
pub async fn desk(app: &TestApp, reference: &str, action: BookingAction, on: NaiveDate) {
    let customer = server::customers::store::by_email(&app.db, PLATFORM)
        .await
        .unwrap()
        .expect("the demo platform admin")
        .customer;
    let admin = Admin::of(&app.db, customer).await.unwrap();
    let noon = Utc.from_utc_datetime(&on.and_hms_opt(12, 0, 0).unwrap());
    let at = App {
        clock: Clock::Fixed(noon),
        ..app.app.clone()
    };
    server::bookings::admin::service::act(&at, &admin, reference, action)
        .await
        .unwrap_or_else(|e| panic!("{action:?} {reference}: {e:?}"));
}

pub fn date(offset: i64) -> NaiveDate {
    day(offset).parse().unwrap()
}

/// Polls until `check` holds, for up to a minute.
pub async fn wait_for<T>(what: &str, mut check: impl AsyncFnMut() -> Option<T>) -> T {
    let started = Instant::now();
    loop {
        if let Some(done) = check().await {
            return done;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "still waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
