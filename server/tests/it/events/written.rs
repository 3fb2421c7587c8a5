//! Every booking change writes exactly its event, with the booking's data, numbered per hotel.
use app::model::BookingAction;
use server::outbox::events::EventType;

use super::*;
use crate::common::AFTER_HISTORY;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_booking_change_records_its_event_in_hotel_order() {
    let app = TestApp::spawn().await;
    let (hotel, other) = two_hotels(&app).await;
    let start = AFTER_HISTORY + 10;
    let before = app.scalar("SELECT COUNT(*) FROM booking_events").await;

    // Created, then cancelled by the guest.
    let (guest, first) = book_at(&app, &hotel, start, start + 3).await;
    let res = guest
        .post_form(&format!("/bookings/{first}/cancel"), &[])
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    // Created at the other hotel: its own numbers.
    let (_, elsewhere) = book_at(&app, &other, start, start + 1).await;
    // Cancelled by the hotel.
    let (_, second) = book_at(&app, &hotel, start + 5, start + 6).await;
    desk(&app, &second, BookingAction::Cancel, date(start)).await;
    // Checked in, then out a night early.
    let (_, third) = book_at(&app, &hotel, start, start + 3).await;
    desk(&app, &third, BookingAction::CheckIn, date(start)).await;
    desk(&app, &third, BookingAction::CheckOut, date(start + 2)).await;
    // A no-show.
    let (_, fourth) = book_at(&app, &hotel, start + 1, start + 2).await;
    desk(&app, &fourth, BookingAction::NoShow, date(start + 1)).await;

    let all = app.scalar("SELECT COUNT(*) FROM booking_events").await;
    assert_eq!(all - before, 10, "one event per change, no more");

    let types =
        |events: &[Stored]| -> Vec<EventType> { events.iter().map(|e| e.doc.event_type).collect() };
    let first_events = events_of(&app, &first).await;
    assert_eq!(
        types(&first_events),
        [EventType::Created, EventType::Cancelled]
    );
    let cancelled = &first_events[1].doc;
    assert_eq!(cancelled.data.cancelled_by.as_deref(), Some("guest"));
    assert_eq!(cancelled.data.status, "cancelled");
    let created = &first_events[0].doc;
    assert_eq!(created.data.status, "confirmed");
    assert_eq!(created.data.arrival, "expected");
    assert_eq!(created.data.cancelled_by, None);

    // The data is the booking's own, as stored.
    let sql = format!(
        "SELECT CAST(b.check_in AS TEXT), CAST(b.check_out AS TEXT), b.guests, b.total_minor, b.currency, h.slug, h.name, h.time_zone, r.slug, r.name
           FROM bookings b JOIN hotels h ON h.id = b.hotel_id JOIN room_types r ON r.id = b.room_type_id
          WHERE b.reference = '{first}'"
    );
    type Row = (
        String,
        String,
        i32,
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
    );
    let row: Row = on_db!(&app.db, |p| sqlx::query_as(&sql).fetch_one(p).await).unwrap();
    let d = &created.data;
    assert_eq!(d.reference, first);
    assert_eq!(created.subject, first);
    assert_eq!(d.stay.check_in.to_string(), row.0);
    assert_eq!(d.stay.check_out.to_string(), row.1);
    assert_eq!(d.stay.nights, 3);
    assert_eq!(d.guests.total as i32, row.2);
    assert_eq!(d.total.amount_minor, row.3);
    assert!(d.total.amount_minor > 0);
    assert_eq!(d.total.currency, row.4);
    assert_eq!(
        (&d.hotel.slug, &d.hotel.name, &d.hotel.time_zone),
        (&row.5, &row.6, &row.7)
    );
    assert_eq!((&d.room_type.slug, &d.room_type.name), (&row.8, &row.9));
    assert_eq!(
        created.source,
        format!("http://127.0.0.1:3000/hotels/{hotel}")
    );
    // No guest details on the stream.
    let json = app
        .text(&format!(
            "SELECT document FROM booking_events WHERE booking_reference = '{first}' AND type LIKE '%created%'"
        ))
        .await;
    for private in ["Guest Number", "@example.com", "guest_name", "phone"] {
        assert!(!json.contains(private), "{private} in {json}");
    }

    let hotel_cancelled = events_of(&app, &second).await;
    assert_eq!(
        types(&hotel_cancelled),
        [EventType::Created, EventType::Cancelled]
    );
    assert_eq!(
        hotel_cancelled[1].doc.data.cancelled_by.as_deref(),
        Some("hotel")
    );

    let stayed = events_of(&app, &third).await;
    assert_eq!(
        types(&stayed),
        [
            EventType::Created,
            EventType::CheckedIn,
            EventType::CheckedOut
        ]
    );
    assert_eq!(stayed[1].doc.data.arrival, "checked_in");
    let out = &stayed[2].doc.data;
    assert_eq!(out.arrival, "checked_out");
    let departure = out.departure.as_ref().expect("a check-out says when");
    assert_eq!(departure.date, date(start + 2));
    assert!(departure.early, "left a night before the booked check-out");
    assert_eq!(out.stay.check_out, date(start + 3), "the booked stay stays");

    let missed = events_of(&app, &fourth).await;
    assert_eq!(types(&missed), [EventType::Created, EventType::NoShow]);
    assert_eq!(missed[1].doc.data.arrival, "no_show");

    // Numbers: 1, 2, 3, … per hotel in the order the changes committed.
    let hotel_events = stored(
        &app,
        &format!(
            "SELECT e.hotel_id, e.seq, e.type, e.stream_status, e.document FROM booking_events e
               JOIN hotels h ON h.id = e.hotel_id WHERE h.slug = '{hotel}' ORDER BY e.id"
        ),
    )
    .await;
    let seqs: Vec<i64> = hotel_events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=seqs.len() as i64).collect::<Vec<_>>());
    let refs: Vec<(&str, EventType)> = hotel_events
        .iter()
        .map(|e| (e.doc.subject.as_str(), e.doc.event_type))
        .collect();
    assert_eq!(
        refs,
        [
            (first.as_str(), EventType::Created),
            (first.as_str(), EventType::Cancelled),
            (second.as_str(), EventType::Created),
            (second.as_str(), EventType::Cancelled),
            (third.as_str(), EventType::Created),
            (third.as_str(), EventType::CheckedIn),
            (third.as_str(), EventType::CheckedOut),
            (fourth.as_str(), EventType::Created),
            (fourth.as_str(), EventType::NoShow),
        ]
    );
    for e in &hotel_events {
        assert_eq!(e.doc.seq(), Some(e.seq), "the document carries its number");
        assert_eq!(e.event_type, e.doc.event_type.cloud_type());
        assert_eq!(e.stream_status, "pending", "no stream configured: kept");
    }
    let other_events = events_of(&app, &elsewhere).await;
    assert_eq!(other_events.len(), 1);
    assert_eq!(other_events[0].seq, 1, "each hotel counts its own");
    let last = app
        .scalar(&format!(
            "SELECT s.last_seq FROM hotel_event_streams s JOIN hotels h ON h.id = s.hotel_id WHERE h.slug = '{hotel}'"
        ))
        .await;
    assert_eq!(last, 9);
    let ids: std::collections::HashSet<_> = hotel_events.iter().map(|e| e.doc.id).collect();
    assert_eq!(ids.len(), hotel_events.len(), "unique ids");

    let metrics = reqwest::get(format!("http://{}/metrics", app.metrics_addr))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        r#"vs_events_written_total{type="booking.created"} 5"#,
        r#"vs_events_written_total{type="booking.cancelled"} 2"#,
        r#"vs_events_written_total{type="booking.checked_out"} 1"#,
        r#"vs_events_written_total{type="booking.no_show"} 1"#,
    ] {
        assert!(metrics.contains(line), "{line}: {metrics}");
    }
}

/// A booking that does not happen (sold out) records no event and uses no number.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_booking_records_nothing() {
    let app = TestApp::spawn().await;
    let (hotel, _) = two_hotels(&app).await;
    let start = AFTER_HISTORY + 20;
    let (_, _) = book_at(&app, &hotel, start, start + 1).await;
    let sql = format!(
        "SELECT r.id FROM room_types r JOIN hotels h ON h.id = r.hotel_id WHERE h.slug = '{hotel}' ORDER BY r.position LIMIT 1"
    );
    let room_id = app.scalar(&sql).await;
    // No room left that night.
    app.exec(&format!(
        "INSERT INTO inventory (room_type_id, night, allotment, sold) VALUES ({room_id}, '{}', 0, 0)",
        day(start + 2)
    ))
    .await;
    let room = app
        .text(&format!("SELECT slug FROM room_types WHERE id = {room_id}"))
        .await;
    let before = app.scalar("SELECT COUNT(*) FROM booking_events").await;
    let guest = app.known_guest().await;
    let res = guest
        .post_booking(
            &hotel,
            &room,
            &day(start + 2),
            &day(start + 3),
            "sold-out-key",
        )
        .await;
    let status = res.status();
    let to = location(&res);
    assert!(!to.starts_with("/bookings/VS-"), "sold out: {status} {to}");
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM booking_events").await,
        before
    );
    let (_, next) = book_at(&app, &hotel, start + 4, start + 5).await;
    let events = events_of(&app, &next).await;
    let max = app
        .scalar(&format!(
            "SELECT MAX(seq) FROM booking_events WHERE hotel_id = {}",
            events[0].hotel_id
        ))
        .await;
    assert_eq!(events[0].seq, max, "no number lost to the refusal");
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM booking_events WHERE hotel_id = {}",
            events[0].hotel_id
        ))
        .await,
        max,
        "numbers have no gaps"
    );
}
