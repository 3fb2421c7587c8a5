//! The last room, asked for by 30 guests at once through 30 function containers (Fn sends one
//! call at a time to a container, so simultaneous calls mean simultaneous containers): exactly
//! one booking is made, the others hear "sold out".
use futures::future::join_all;

use super::*;
use crate::common::fn_agent::{FnFunction, request};
use crate::common::{AFTER_HISTORY, day};

const CALLS: usize = 30;

#[tokio::test]
async fn thirty_simultaneous_calls_for_the_last_room_book_it_once() {
    let app = TestApp::spawn().await;
    let (hotel, room, room_id) = app.first_room().await;
    let token = guest_token(&app, "rush@example.com").await;
    let bearer = format!("Bearer {token}");
    let night = (day(AFTER_HISTORY + 30), day(AFTER_HISTORY + 31));
    // One booking makes the night's inventory row; then all rooms but one are sold.
    let first = rest(
        &app,
        &request(
            "POST",
            "/api/v1/bookings",
            &[
                ("authorization", &bearer),
                ("idempotency-key", "rush-setup"),
            ],
            Some(&booking(&hotel, &room, &night.0, &night.1)),
        ),
    )
    .await;
    assert_eq!(first.status(), 201);
    app.exec(&format!(
        "UPDATE inventory SET sold = allotment - 1 WHERE room_type_id = {room_id} AND night = '{}'",
        night.0
    ))
    .await;

    let functions = join_all((0..CALLS).map(|_| FnFunction::start(&app, CREATE_BOOKING))).await;
    let calls = functions.iter().enumerate().map(|(i, function)| {
        let key = format!("rush-{i}");
        let req = request(
            "POST",
            "/api/v1/bookings",
            &[("authorization", &bearer), ("idempotency-key", &key)],
            Some(&booking(&hotel, &room, &night.0, &night.1)),
        );
        function.call(req)
    });
    let answers = join_all(calls).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 409).count(),
        CALLS - 1,
        "{statuses:?}"
    );
    let sold_out = answers.iter().find(|a| a.status() == 409).unwrap();
    assert!(
        json_of(sold_out)["type"]
            .as_str()
            .unwrap()
            .contains("sold-out"),
        "{}",
        json_of(sold_out)
    );
    let sold = app
        .scalar(&format!(
            "SELECT sold FROM inventory WHERE room_type_id = {room_id} AND night = '{}'",
            night.0
        ))
        .await;
    let allotment = app
        .scalar(&format!(
            "SELECT allotment FROM inventory WHERE room_type_id = {room_id} AND night = '{}'",
            night.0
        ))
        .await;
    assert_eq!(sold, allotment, "sold out, not oversold");
    let booked = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM bookings WHERE check_in = '{}' AND room_type_id = {room_id} AND status = 'confirmed'",
            night.0
        ))
        .await;
    assert_eq!(booked, 2, "the setup booking and exactly one of the thirty");
}
