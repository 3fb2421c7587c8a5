//! Booking events end to end: each booking change records exactly its CloudEvents document in
//! its own transaction, numbered per hotel in commit order (`written.rs`); the relay publishes
//! them to OCI Streaming and admin alerts to Notifications, against the stand-in (`stream.rs`);
//! parked events in the admin (`parked.rs`).
mod parked;
mod relays;
mod stream;
mod written;

use std::time::{Duration, Instant};

use app::model::BookingAction;
use chrono::{NaiveDate, TimeZone, Utc};
use server::config::EventArgs;
use server::hotels::scope::Admin;
use server::oci::AuthKind;
use server::oci::OciArgs;
use server::outbox::events::BookingEventDoc;
use server::state::{App, Clock};

use crate::common::oci::{OciStandIn, REGION, STREAM_ID, TOPIC_ID};
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

/// The app publishing to the stand-in's stream and topic with its API key, retrying fast,
/// parking after `max_attempts`.
pub async fn spawn_with_oci(standin: &OciStandIn, max_attempts: u32) -> TestApp {
    let url: url::Url = standin.url().parse().unwrap();
    let config = standin.config_file().to_path_buf();
    TestApp::spawn_configured(move |args| {
        args.oci = OciArgs {
            auth: Some(AuthKind::ApiKey),
            config_file: Some(config),
            profile: Some("DEFAULT".into()),
            region: Some(REGION.into()),
            secrets_endpoint: Some(url.clone()),
            streaming_endpoint: Some(url.clone()),
            notifications_endpoint: Some(url),
            stream_id: Some(STREAM_ID.into()),
            topic_id: Some(TOPIC_ID.into()),
            ..Default::default()
        };
        args.events = EventArgs {
            events_max_attempts: max_attempts,
            events_retry_base_ms: 20,
            events_retry_cap_ms: 200,
            events_poll_ms: 50,
        };
    })
    .await
}

pub async fn scrape(app: &TestApp) -> String {
    reqwest::get(format!("http://{}/metrics", app.metrics_addr))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Every stored event document.
pub async fn stored_documents(app: &TestApp) -> Vec<String> {
    let sql = "SELECT document FROM booking_events ORDER BY id";
    on_db!(&app.db, |p| sqlx::query_scalar(sql).fetch_all(p).await).unwrap()
}

/// The CloudEvents SDK (Python) parses every one of `events` (JSON bytes).
pub async fn cloudevents_sdk_reads(events: &[Vec<u8>]) {
    use tokio::io::AsyncWriteExt;
    let script = crate::common::python::scripts().join("cloudevents_check.py");
    let mut child = tokio::process::Command::new(crate::common::python::python())
        .arg(script)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = Vec::new();
    for e in events {
        input.extend_from_slice(e);
        input.push(b'\n');
    }
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&input).await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "cloudevents SDK: {stderr}");
    assert_eq!(stdout.lines().count(), events.len(), "{stdout}");
    for (line, e) in stdout.lines().zip(events) {
        let summary: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = BookingEventDoc::from_json(std::str::from_utf8(e).unwrap()).unwrap();
        assert_eq!(summary["id"], doc.id.to_string());
        assert_eq!(summary["type"], doc.event_type.cloud_type());
        assert_eq!(summary["subject"], doc.subject);
        assert_eq!(summary["reference"], doc.data.reference);
        assert_eq!(summary["datacontenttype"], "application/json");
    }
}
