//! The contract suite for the admin half of the web's client over both transports: in-process and HTTP
//! (the web role's way to the services) answer every admin call the same way, errors included.

use crate::common::{TestApp, backends, day, png};
use app::client::{Caller, Client};
use app::model::*;

async fn admin_caller(backend: &Client, email: &str) -> Caller {
    let grant = backend
        .sign_in(SignIn {
            email: email.into(),
            password: "vision-stays-demo".into(),
        })
        .await
        .expect("demo admin signs in");
    Caller {
        customer: grant.customer,
        token: grant.token,
    }
}

#[tokio::test]
async fn admin_calls_answer_the_same_through_both_backends() {
    let app = TestApp::spawn().await;
    let (local, http) = backends(&app).await;
    let manager = "manager@casa-do-tejo.test";
    let (a, b) = (
        admin_caller(&local, manager).await,
        admin_caller(&http, manager).await,
    );
    let (hotel, room, other) = ("casa-do-tejo", "river-view-double", "miradouro-grand-hotel");

    assert_eq!(local.admin_hotels(&a).await, http.admin_hotels(&b).await);
    assert_eq!(
        local.admin_hotel(&a, hotel).await,
        http.admin_hotel(&b, hotel).await
    );
    let hidden = local.admin_hotel(&a, other).await;
    assert!(matches!(hidden, Err(AppError::NotFound(_))), "{hidden:?}");
    assert_eq!(hidden, http.admin_hotel(&b, other).await);
    let from = chrono::NaiveDate::parse_from_str(&day(5), "%Y-%m-%d").ok();
    assert_eq!(
        local.calendar(&a, hotel, room, from, Some(14)).await,
        http.calendar(&b, hotel, room, from, Some(14)).await
    );
    assert_eq!(
        local.calendar(&a, hotel, room, from, Some(0)).await,
        http.calendar(&b, hotel, room, from, Some(0)).await
    );

    // The same change through each answers the same calendar; a bad one the same field errors.
    let first = chrono::NaiveDate::parse_from_str(&day(40), "%Y-%m-%d").unwrap();
    let change = CalendarChange {
        first_night: first,
        last_night: first + chrono::Duration::days(2),
        rate_minor: Some(15_000),
        closed: Some(true),
        ..Default::default()
    };
    let changed = local.change_calendar(&a, hotel, room, change.clone()).await;
    assert!(changed.is_ok(), "{changed:?}");
    assert_eq!(changed, http.change_calendar(&b, hotel, room, change).await);
    let backwards = CalendarChange {
        first_night: first,
        last_night: first - chrono::Duration::days(1),
        ..Default::default()
    };
    let refused = local
        .change_calendar(&a, hotel, room, backwards.clone())
        .await;
    assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
    assert_eq!(
        refused,
        http.change_calendar(&b, hotel, room, backwards).await
    );

    let recipients = AlertRecipients {
        recipients: vec![AlertRecipient {
            email: "desk@tejo.pt".into(),
            on_booking: true,
            on_cancellation: false,
            confirmed: false,
        }],
    };
    assert_eq!(
        local
            .set_alert_recipients(&a, hotel, recipients.clone())
            .await,
        http.set_alert_recipients(&b, hotel, recipients).await
    );
    assert_eq!(
        local.alert_recipients(&a, hotel).await,
        http.alert_recipients(&b, hotel).await
    );
    let everyone = local.all_alert_recipients(&a).await;
    assert!(everyone.is_ok(), "{everyone:?}");
    assert_eq!(everyone, http.all_alert_recipients(&b).await);
    // A waiting address gets a new link through either; refusals read the same.
    let resent = local
        .resend_alert_confirmation(&a, hotel, "desk@tejo.pt")
        .await;
    assert_eq!(resent, Ok(()));
    assert_eq!(
        resent,
        http.resend_alert_confirmation(&b, hotel, "desk@tejo.pt")
            .await
    );
    let missing = local
        .remove_alert_recipient(&a, hotel, "nobody@tejo.pt")
        .await;
    assert!(matches!(missing, Err(AppError::NotFound(_))), "{missing:?}");
    assert_eq!(
        missing,
        http.remove_alert_recipient(&b, hotel, "nobody@tejo.pt")
            .await
    );
    let bad_link = local.confirm_alert_recipient("0".repeat(64).as_str()).await;
    assert!(
        matches!(bad_link, Err(AppError::NotFound(_))),
        "{bad_link:?}"
    );
    assert_eq!(
        bad_link,
        http.confirm_alert_recipient(&"0".repeat(64)).await
    );
    assert_eq!(
        local.hotel_admins(&a, hotel).await,
        http.hotel_admins(&b, hotel).await
    );

    let current = local.admin_hotel(&a, hotel).await.unwrap();
    let rt = current.room_types.iter().find(|r| r.slug == room).unwrap();
    let input = RoomTypeInput {
        name: rt.name.clone(),
        description: rt.description.clone(),
        capacity: rt.capacity,
        beds: rt.beds.clone(),
        size_m2: rt.size_m2,
        amenities: rt.amenities.clone(),
        nightly_rate_minor: rt.nightly_rate_minor + 500,
        weekend_rate_minor: Some(rt.weekend_rate_minor),
        total_rooms: rt.total_rooms,
    };
    assert_eq!(
        local.update_room_type(&a, hotel, room, input.clone()).await,
        http.update_room_type(&b, hotel, room, input).await
    );
    assert_eq!(
        local.retire_room_type(&a, hotel, room, false).await,
        http.retire_room_type(&b, hotel, room, false).await
    );
    assert_eq!(
        local.publish_hotel(&a, hotel, true).await,
        http.publish_hotel(&b, hotel, true).await
    );

    let (p1, p2) = (
        local
            .upload_photo(&a, hotel, png(800, 600), "Terrace")
            .await
            .unwrap(),
        http.upload_photo(&b, hotel, png(800, 600), "Terrace")
            .await
            .unwrap(),
    );
    assert_eq!(
        (p1.width, p1.caption.as_str()),
        (p2.width, p2.caption.as_str())
    );
    assert_eq!(
        local.upload_photo(&a, hotel, b"GIF89a".to_vec(), "").await,
        http.upload_photo(&b, hotel, b"GIF89a".to_vec(), "").await
    );
    let (l, h) = (
        local.photo(&a, hotel, p1.id).await.unwrap(),
        http.photo(&b, hotel, p2.id).await.unwrap(),
    );
    assert_eq!(
        (l.0.as_str(), l.1.len()),
        ("image/png", png(800, 600).len())
    );
    assert_eq!(l, h);
    for _ in 0..2 {
        assert_eq!(
            local.delete_photo(&a, hotel, p1.id).await,
            http.delete_photo(&b, hotel, p2.id).await
        );
    }
    assert_eq!(
        local.photo(&a, hotel, p1.id).await,
        http.photo(&b, hotel, p2.id).await
    );

    let filter = BookingFilter {
        hotel: Some(hotel.into()),
        ..Default::default()
    };
    assert_eq!(
        local.admin_bookings(&a, &filter).await,
        http.admin_bookings(&b, &filter).await
    );
    let bad = BookingFilter {
        from: Some("someday".into()),
        ..Default::default()
    };
    assert_eq!(
        local.admin_bookings(&a, &bad).await,
        http.admin_bookings(&b, &bad).await
    );
    assert_eq!(
        local.admin_booking(&a, "VS-NOPE42").await,
        http.admin_booking(&b, "VS-NOPE42").await
    );
    assert_eq!(
        local
            .booking_action(&a, "VS-NOPE42", BookingAction::CheckIn)
            .await,
        http.booking_action(&b, "VS-NOPE42", BookingAction::CheckIn)
            .await
    );
    assert_eq!(
        local.dashboard(&a, hotel).await,
        http.dashboard(&b, hotel).await
    );
    assert_eq!(local.emails(&a, None).await, http.emails(&b, None).await);

    // Platform-only calls are refused to a hotel admin the same way.
    let new = HotelInput {
        name: "Nope".into(),
        ..Default::default()
    };
    assert_eq!(
        local.create_hotel(&a, new.clone()).await,
        Err(AppError::Forbidden)
    );
    assert_eq!(http.create_hotel(&b, new).await, Err(AppError::Forbidden));
    assert_eq!(
        local.assign_hotel_admin(&a, hotel, "x@example.com").await,
        http.assign_hotel_admin(&b, hotel, "x@example.com").await
    );
    assert_eq!(
        local.unassign_hotel_admin(&a, hotel, "x@example.com").await,
        http.unassign_hotel_admin(&b, hotel, "x@example.com").await
    );
    assert_eq!(
        local.update_hotel(&a, other, HotelInput::default()).await,
        http.update_hotel(&b, other, HotelInput::default()).await
    );
    assert_eq!(
        local
            .create_room_type(&a, other, RoomTypeInput::default())
            .await,
        http.create_room_type(&b, other, RoomTypeInput::default())
            .await
    );
}
