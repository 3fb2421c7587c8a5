//! What is written when it should be: no email for a booking that did not happen; .eml files
//! in the data dir when no SMTP server is configured.
use super::*;
use crate::common::AFTER_HISTORY;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_that_did_not_happen_sends_nothing() {
    let app = app_with(MailArgs::default()).await;
    let (hotel, room, room_id) = app.first_room().await;
    alert(&app, &hotel, "desk@hotel.test", true, true).await;
    app.exec(&format!(
        "UPDATE room_types SET total_rooms = 1 WHERE id = {room_id}"
    ))
    .await;
    let a = app.known_guest().await;
    let res = a
        .post_booking(&hotel, &room, &day(60), &day(62), "key-a")
        .await;
    assert!(location(&res).starts_with("/bookings/VS-"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, 2);
    // Sold out: the transaction rolls back, emails included.
    let b = app.known_guest().await;
    let res = b
        .post_booking(&hotel, &room, &day(61), &day(63), "key-b")
        .await;
    assert!(
        location(&res).starts_with(&format!("/hotels/{hotel}?")),
        "sold out"
    );
    // A replayed submission is the same booking: no second set of emails.
    let res = a
        .post_booking(&hotel, &room, &day(60), &day(62), "key-a")
        .await;
    assert!(location(&res).starts_with("/bookings/VS-"));
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, 2);
    // Stays after the demo's history (written without emails): this test's only.
    let bookings = format!(
        "SELECT COUNT(*) FROM bookings WHERE check_in >= '{}'",
        day(AFTER_HISTORY)
    );
    assert_eq!(app.scalar(&bookings).await, 1);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails e JOIN bookings b ON b.id = e.booking_id")
            .await,
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_emails_are_eml_files_in_the_data_dir() {
    let app = app_with(MailArgs::default()).await;
    let (_, reference) = book(&app, 25, 27).await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE status = 'sent' AND delivered_via = 'file'",
        1,
    )
    .await;
    let list = server::outbox::recent(&app.db, None, 10).await.unwrap();
    assert_eq!(list.len(), 1);
    let email = &list[0];
    assert_eq!(email.kind, app::model::EmailKind::GuestConfirmation);
    assert_eq!(email.status, app::model::EmailStatus::Sent);
    assert_eq!(email.booking_reference.as_deref(), Some(reference.as_str()));
    assert_eq!(email.attempts, 1);
    let name = email.file_name.clone().expect("a file name");
    assert!(
        name.ends_with(&format!("-{}-guest_confirmation.eml", email.id)),
        "{name}"
    );
    let eml = std::fs::read_to_string(app.data_dir().join("mail").join(&name)).unwrap();
    let message_id = app.text("SELECT message_id FROM emails").await;
    assert!(eml.contains(&format!("Message-ID: {message_id}")), "{eml}");
    assert!(eml.contains("multipart/alternative"));
    assert!(
        eml.contains("From: \"Vision Stays\" <bookings@visionstays.local>"),
        "{eml}"
    );

    let hotel_id = app.scalar("SELECT hotel_id FROM emails").await;
    assert_eq!(
        server::outbox::recent(&app.db, Some(&[hotel_id]), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        server::outbox::recent(&app.db, Some(&[hotel_id + 1000]), 10)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        server::outbox::recent(&app.db, Some(&[]), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let (summary, text) = server::outbox::message(&app.db, email.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(&summary, email);
    assert!(text.contains(&reference));
    assert!(
        server::outbox::message(&app.db, email.id + 1000)
            .await
            .unwrap()
            .is_none()
    );
}
