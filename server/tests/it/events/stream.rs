//! Booking events and admin alerts through OCI, against the signature-checking stand-in: the
//! order per hotel, an outage, per-message failures, parking, the topic, and the CloudEvents
//! SDK reading every event back from the stream.
use std::collections::{HashMap, HashSet};

use server::outbox::events::{BookingEventDoc, EventType};

use super::*;
use crate::common::AFTER_HISTORY;
use crate::common::oci::{OciStandIn, STREAM_ID, TOPIC_ID};

/// The stream's messages, parsed: (key, event).
async fn streamed(standin: &OciStandIn) -> Vec<(String, BookingEventDoc)> {
    standin
        .stream_messages(STREAM_ID)
        .await
        .into_iter()
        .map(|m| {
            let value = String::from_utf8(m.value.clone()).unwrap();
            let doc = BookingEventDoc::from_json(&value).unwrap_or_else(|e| panic!("{e}: {value}"));
            (m.key_str().to_owned(), doc)
        })
        .collect()
}

async fn wait_streamed(standin: &OciStandIn, count: usize) -> Vec<(String, BookingEventDoc)> {
    wait_for(&format!("{count} events on the stream"), async || {
        let got = streamed(standin).await;
        (got.len() >= count).then_some(got)
    })
    .await
}

/// Every hotel's events appear in number order, with no number twice.
fn assert_hotel_order(events: &[(String, BookingEventDoc)]) {
    let mut last: HashMap<&str, i64> = HashMap::new();
    for (key, doc) in events {
        assert_eq!(key, &doc.data.hotel.slug, "the key is the hotel");
        let seq = doc.seq().expect("a sequence");
        if let Some(before) = last.insert(key, seq) {
            assert!(seq > before, "{key}: {seq} after {before}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_and_its_cancellation_reach_the_stream_in_order() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 5).await;
    let (hotel, _) = two_hotels(&app).await;
    let (guest, reference) = book_at(&app, &hotel, AFTER_HISTORY + 3, AFTER_HISTORY + 5).await;
    let res = guest
        .post_form(&format!("/bookings/{reference}/cancel"), &[])
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);

    let got = wait_streamed(&standin, 2).await;
    assert_eq!(got.len(), 2, "exactly the two events");
    let types: Vec<EventType> = got.iter().map(|(_, d)| d.event_type).collect();
    assert_eq!(types, [EventType::Created, EventType::Cancelled]);
    assert!(
        got.iter()
            .all(|(key, d)| key == &hotel && d.subject == reference)
    );
    assert_hotel_order(&got);
    // Byte for byte what the booking's transaction wrote.
    let stored = stored_documents(&app).await;
    let messages = standin.stream_messages(STREAM_ID).await;
    for m in &messages {
        let value = String::from_utf8(m.value.clone()).unwrap();
        assert!(stored.contains(&value), "{value}");
    }
    // Signed with the API key, every request accepted by the stand-in.
    let puts: Vec<_> = standin.requests_for("PutMessages").await;
    assert!(!puts.is_empty());
    assert!(
        puts.iter()
            .all(|r| r.accepted && r.principal_type() == Some("api-key"))
    );
    wait_for("both published", async || {
        let n = app
            .scalar("SELECT COUNT(*) FROM booking_events WHERE stream_status = 'published'")
            .await;
        (n == 2).then_some(())
    })
    .await;
    let metrics = scrape(&app).await;
    assert!(
        metrics.contains(r#"vs_events_published_total{sink="stream"} 2"#),
        "{metrics}"
    );
    cloudevents_sdk_reads(&messages.iter().map(|m| m.value.clone()).collect::<Vec<_>>()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_down_while_20_bookings_are_made_loses_nothing() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 3).await;
    let (first, second) = two_hotels(&app).await;
    standin.set_stream_down(true).await;
    let mut references = Vec::new();
    for n in 0..20 {
        let hotel = if n % 2 == 0 { &first } else { &second };
        let from = AFTER_HISTORY + 30 + n;
        let (_, reference) = book_at(&app, hotel, from, from + 1).await;
        references.push(reference);
    }
    // The relay kept trying against the outage; none of it counts against the events.
    wait_for("tries during the outage", async || {
        let n = app
            .scalar("SELECT COUNT(*) FROM event_attempts WHERE sink = 'stream' AND outcome = 'unavailable'")
            .await;
        (n > 0).then_some(())
    })
    .await;
    assert!(streamed(&standin).await.is_empty());
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM booking_events WHERE stream_status <> 'pending' OR stream_attempts > 0")
            .await,
        0,
        "an outage parks nothing"
    );

    standin.set_stream_down(false).await;
    let got = wait_streamed(&standin, 20).await;
    let ids: HashSet<_> = got.iter().map(|(_, d)| d.id).collect();
    assert_eq!(ids.len(), 20, "every event, unique by id");
    let subjects: HashSet<_> = got.iter().map(|(_, d)| d.subject.clone()).collect();
    assert_eq!(subjects, references.iter().cloned().collect::<HashSet<_>>());
    assert_hotel_order(&got);
    for hotel in [&first, &second] {
        let seqs: Vec<i64> = got
            .iter()
            .filter(|(k, _)| k == hotel)
            .map(|(_, d)| d.seq().unwrap())
            .collect();
        assert_eq!(seqs, (1..=10).collect::<Vec<_>>(), "{hotel}");
    }
    cloudevents_sdk_reads(
        &standin
            .stream_messages(STREAM_ID)
            .await
            .into_iter()
            .map(|m| m.value)
            .collect::<Vec<_>>(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_fails_in_a_200_answer_is_retried_alone_and_its_hotel_waits() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 5).await;
    let (first, second) = two_hotels(&app).await;
    // Held back by an outage, so that one request carries the first hotel's event and the
    // second hotel's first; the second hotel's next waits for its first.
    standin.set_stream_down(true).await;
    let (_, lone) = book_at(&app, &first, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    let (_, a) = book_at(&app, &second, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    let (_, b) = book_at(&app, &second, AFTER_HISTORY + 5, AFTER_HISTORY + 6).await;
    standin
        .fail_messages(Some(1), Some(&second), "InternalServerError")
        .await;
    standin.set_stream_down(false).await;

    let got = wait_streamed(&standin, 3).await;
    let subjects: Vec<&str> = got.iter().map(|(_, d)| d.subject.as_str()).collect();
    assert_eq!(subjects.len(), 3, "each event stored once: {subjects:?}");
    for r in [&lone, &a, &b] {
        assert_eq!(
            subjects.iter().filter(|s| **s == r.as_str()).count(),
            1,
            "{r}"
        );
    }
    // The second hotel's next event did not overtake its failed first one.
    assert_hotel_order(&got);
    assert_eq!(
        subjects
            .iter()
            .filter(|s| [a.as_str(), b.as_str()].contains(s))
            .copied()
            .collect::<Vec<_>>(),
        [a.as_str(), b.as_str()]
    );
    // The failed message took a second try; the others were never sent again.
    let tries = |reference: &str| {
        format!(
            "SELECT COUNT(*) FROM event_attempts t JOIN booking_events e ON e.id = t.event_id
             WHERE e.booking_reference = '{reference}' AND t.outcome <> 'unavailable'"
        )
    };
    // The stand-in holds a message before the relay records its try: wait for the records.
    wait_for("the retry and the held-back event recorded", async || {
        (app.scalar(&tries(&a)).await == 2 && app.scalar(&tries(&b)).await == 1).then_some(())
    })
    .await;
    assert_eq!(app.scalar(&tries(&lone)).await, 1);
    assert_eq!(app.scalar(&tries(&b)).await, 1);
    let error = app
        .text(&format!(
            "SELECT t.error FROM event_attempts t JOIN booking_events e ON e.id = t.event_id
             WHERE e.booking_reference = '{a}' AND t.outcome = 'retry'"
        ))
        .await;
    assert!(error.contains("InternalServerError"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_that_keeps_failing_is_parked_while_another_hotel_flows() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 3).await;
    let (stuck, flowing) = two_hotels(&app).await;
    standin
        .fail_messages(None, Some(&stuck), "MessageRejected")
        .await;
    let (_, parked) = book_at(&app, &stuck, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    let (_, fine) = book_at(&app, &flowing, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    wait_for("the event parked", async || {
        let n = app
            .scalar(&format!(
                "SELECT COUNT(*) FROM booking_events WHERE booking_reference = '{parked}' AND stream_status = 'parked'"
            ))
            .await;
        (n == 1).then_some(())
    })
    .await;
    assert_eq!(
        app.scalar(&format!(
            "SELECT stream_attempts FROM booking_events WHERE booking_reference = '{parked}'"
        ))
        .await,
        3
    );
    // The stuck hotel's next event is not held behind the parked one; the other hotel flows.
    let (_, later) = book_at(&app, &flowing, AFTER_HISTORY + 5, AFTER_HISTORY + 6).await;
    let got = wait_streamed(&standin, 2).await;
    let subjects: Vec<&str> = got.iter().map(|(_, d)| d.subject.as_str()).collect();
    assert_eq!(subjects, [fine.as_str(), later.as_str()]);
    wait_for("the parked gauge", async || {
        scrape(&app)
            .await
            .contains(r#"vs_events_parked{sink="stream"} 1"#)
            .then_some(())
    })
    .await;
    let metrics = scrape(&app).await;
    assert!(
        metrics.contains(r#"vs_event_publish_attempts_total{sink="stream",outcome="parked"} 1"#),
        "{metrics}"
    );

    // An admin retries it once the stream takes it again.
    standin.clear_faults().await;
    let retried = super::parked::retry_from_admin_page(&app, &parked).await;
    assert!(retried, "the parked list offered it");
    let got = wait_streamed(&standin, 3).await;
    assert_eq!(got.last().unwrap().1.subject, parked);
    wait_for("the parked gauge back to 0", async || {
        scrape(&app)
            .await
            .contains(r#"vs_events_parked{sink="stream"} 0"#)
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_alerts_reach_the_topic() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 5).await;
    let (hotel, _) = two_hotels(&app).await;
    let name = app
        .text(&format!("SELECT name FROM hotels WHERE slug = '{hotel}'"))
        .await;
    let (guest, reference) = book_at(&app, &hotel, AFTER_HISTORY + 3, AFTER_HISTORY + 5).await;
    let res = guest
        .post_form(&format!("/bookings/{reference}/cancel"), &[])
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let messages = wait_for("two alerts on the topic", async || {
        let got = standin.topic_messages(TOPIC_ID).await;
        (got.len() >= 2).then_some(got)
    })
    .await;
    assert_eq!(messages.len(), 2);
    let (title, body) = &messages[0];
    assert_eq!(
        title.as_deref(),
        Some(format!("New booking at {name}: {reference}").as_str())
    );
    let check_in = date(AFTER_HISTORY + 3).format("%a %-d %b %Y").to_string();
    let total_minor = app
        .scalar(&format!(
            "SELECT total_minor FROM bookings WHERE reference = '{reference}'"
        ))
        .await;
    let currency = app
        .text(&format!(
            "SELECT currency FROM bookings WHERE reference = '{reference}'"
        ))
        .await;
    for part in [
        format!("New booking {reference} at {name}"),
        "1 guest".to_owned(),
        format!("Stay: {check_in} to"),
        "2 nights".to_owned(),
        format!(
            "Total: {}",
            app::model::format_money(total_minor, &currency)
        ),
        format!("/admin/bookings/{reference}"),
        "Guest: Guest Number".to_owned(),
    ] {
        assert!(body.contains(&part), "{part} in {body}");
    }
    assert!(!body.contains("@example.com"), "no guest contact: {body}");
    let (title, body) = &messages[1];
    assert_eq!(
        title.as_deref(),
        Some(format!("Booking cancelled at {name}: {reference}").as_str())
    );
    assert!(body.contains("cancelled by the guest"), "{body}");
    wait_for("both alerts published", async || {
        let n = app
            .scalar("SELECT COUNT(*) FROM admin_alerts WHERE status = 'published' AND message_id IS NOT NULL")
            .await;
        (n == 2).then_some(())
    })
    .await;
    assert!(
        scrape(&app)
            .await
            .contains(r#"vs_events_published_total{sink="topic"} 2"#)
    );
}

/// Without OCI, alerts are not written (no topic) and events wait in the outbox.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_stream_events_wait_and_no_alert_is_written() {
    let app = TestApp::spawn().await;
    let (hotel, _) = two_hotels(&app).await;
    let (_, reference) = book_at(&app, &hotel, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM admin_alerts").await, 0);
    let events = events_of(&app, &reference).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].stream_status, "pending");
}
