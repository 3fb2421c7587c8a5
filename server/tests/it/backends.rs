//! One contract suite for the web's client over its transports: in-process and HTTP (the web role's way to the
//! services) must answer the same questions the same way, errors included (and through the API
//! Gateway and its functions: `functions/contract.rs`).

use crate::common::{TestApp, backends, day};
use app::client::{Caller, Client};
use app::model::*;

fn stay(from: i64, to: i64, guests: &str) -> StayParams {
    StayParams {
        check_in: day(from),
        check_out: day(to),
        guests: guests.into(),
    }
}

#[tokio::test]
async fn reads_are_identical_through_both_backends() {
    let app = TestApp::spawn().await;
    let (local, http) = backends(&app).await;
    reads_agree(&app, &local, &http).await;
}

/// Cities, hotels, searches and hotel details, good and bad, answer alike through `local` and
/// `http` (any other backend).
pub async fn reads_agree(app: &TestApp, local: &Client, http: &Client) {
    assert_eq!(local.cities().await, http.cities().await);
    assert_eq!(local.hotels().await, http.hotels().await);
    for params in [
        SearchParams {
            city: "Lisbon".into(),
            stay: stay(30, 33, "2"),
            sort: String::new(),
        },
        SearchParams {
            city: "kyoto".into(),
            stay: stay(10, 11, "4"),
            sort: "stars".into(),
        },
        SearchParams {
            city: "Atlantis".into(),
            stay: stay(10, 11, "2"),
            sort: String::new(),
        },
        SearchParams {
            city: "Lisbon".into(),
            stay: stay(-1, 2, "2"),
            sort: String::new(),
        },
        SearchParams {
            city: "Lisbon".into(),
            stay: stay(5, 5, "nine"),
            sort: String::new(),
        },
    ] {
        assert_eq!(
            local.search(&params).await,
            http.search(&params).await,
            "{params:?}"
        );
    }
    let (slug, _, _) = app.first_room().await;
    for s in [None, Some(stay(20, 23, "2")), Some(stay(3, 1, "2"))] {
        assert_eq!(
            local.hotel(&slug, s.as_ref()).await,
            http.hotel(&slug, s.as_ref()).await
        );
    }
    assert_eq!(
        http.hotel("atlantis", None).await.unwrap_err(),
        AppError::not_found("Hotel")
    );
}

/// Everything a guest does, through one backend; `n` keeps the runs' guests and nights apart.
pub async fn guest_journey(app: &TestApp, backend: &Client, n: i64) {
    let (hotel, room, room_id) = app.first_room().await;
    let email = format!("journey{n}@example.com");
    let form = SignUp {
        name: "Journey Guest".into(),
        email: email.clone(),
        password: "a long passphrase".into(),
        phone: None,
    };
    let grant = backend
        .sign_up(form.clone())
        .await
        .expect("sign up")
        .expect("a new account is signed in");
    assert_eq!(grant.customer.email, email);
    assert_eq!(
        backend.session(&grant.token).await.unwrap().map(|c| c.id),
        Some(grant.customer.id)
    );
    assert_eq!(backend.session("not-a-token").await.unwrap(), None);
    // A taken address answers like any other sign-up, without a session, unless the password
    // is the account's own (then it signs that account in, as signing in would).
    let again = SignUp {
        password: "somebody else's guess".into(),
        ..form.clone()
    };
    assert!(backend.sign_up(again).await.unwrap().is_none());
    let own = backend
        .sign_up(form)
        .await
        .unwrap()
        .expect("own password signs in");
    assert_eq!(own.customer.id, grant.customer.id);
    let wrong = SignIn {
        email: email.clone(),
        password: "wrong password".into(),
    };
    let Err(AppError::Invalid(e)) = backend.sign_in(wrong).await else {
        panic!("wrong password accepted")
    };
    assert!(e.get("password").is_some());
    let grant = backend
        .sign_in(SignIn {
            email,
            password: "a long passphrase".into(),
        })
        .await
        .expect("sign in");
    let caller = Caller {
        customer: grant.customer.clone(),
        token: grant.token.clone(),
    };

    let mut booking = BookingForm {
        room_type: room.clone(),
        stay: stay(200 + n * 10, 202 + n * 10, "1"),
        guest_name: "Journey Guest".into(),
        guest_email: "journey@example.com".into(),
        guest_phone: String::new(),
        special_requests: "Quiet room".into(),
        idempotency_key: format!("journey-{n}"),
    };
    let made = create_booking(backend, &caller, &hotel, &booking)
        .await
        .expect("booked");
    assert_eq!(
        (made.status, made.nights(), made.special_requests.as_deref()),
        (BookingStatus::Confirmed, 2, Some("Quiet room"))
    );
    let again = create_booking(backend, &caller, &hotel, &booking)
        .await
        .expect("replayed");
    assert_eq!(again.reference, made.reference);
    booking.guest_name = "Someone Else".into();
    let Err(AppError::Invalid(e)) = create_booking(backend, &caller, &hotel, &booking).await else {
        panic!("key reuse")
    };
    assert!(e.get("idempotency_key").is_some());
    booking.guest_email = "nope".into();
    booking.idempotency_key = format!("journey-{n}-bad");
    let Err(AppError::Invalid(e)) = create_booking(backend, &caller, &hotel, &booking).await else {
        panic!("bad email")
    };
    assert!(e.get("guest_email").is_some());
    booking.room_type = "no-such-room".into();
    assert!(matches!(
        create_booking(backend, &caller, &hotel, &booking).await,
        Err(AppError::NotFound(_))
    ));

    assert_eq!(
        backend
            .booking(&caller, &made.reference)
            .await
            .unwrap()
            .reference,
        made.reference
    );
    assert!(
        backend
            .bookings(&caller)
            .await
            .unwrap()
            .iter()
            .any(|b| b.reference == made.reference)
    );
    let stranger = backend
        .sign_up(SignUp {
            name: "Stranger".into(),
            email: format!("stranger{n}@example.com"),
            password: "a long passphrase".into(),
            phone: None,
        })
        .await
        .unwrap()
        .unwrap();
    let stranger = Caller {
        customer: stranger.customer,
        token: stranger.token,
    };
    assert_eq!(
        backend.booking(&stranger, &made.reference).await,
        Err(AppError::not_found("Booking"))
    );
    assert_eq!(
        backend.cancel_booking(&stranger, &made.reference).await,
        Err(AppError::not_found("Booking"))
    );
    let cancelled = backend
        .cancel_booking(&caller, &made.reference)
        .await
        .expect("cancelled");
    assert_eq!(cancelled.status, BookingStatus::Cancelled);
    assert!(matches!(
        backend.cancel_booking(&caller, &made.reference).await,
        Err(AppError::Conflict(_))
    ));

    // The last room of a night: the second guest hears "sold out".
    let night = stay(300 + n, 301 + n, "1");
    let first = BookingForm {
        stay: night.clone(),
        idempotency_key: format!("last-{n}-a"),
        ..booking_ok(&room)
    };
    create_booking(backend, &caller, &hotel, &first)
        .await
        .expect("first of the night");
    app.exec(&format!(
        "UPDATE inventory SET sold = allotment WHERE room_type_id = {room_id} AND night = '{}'",
        night.check_in
    ))
    .await;
    let second = BookingForm {
        stay: night,
        idempotency_key: format!("last-{n}-b"),
        ..booking_ok(&room)
    };
    assert_eq!(
        create_booking(backend, &stranger, &hotel, &second).await,
        Err(AppError::SoldOut)
    );
}

/// The booking form as a guest fills it in (strings, as posted).
#[derive(Clone, Debug, Default)]
struct BookingForm {
    room_type: String,
    stay: StayParams,
    guest_name: String,
    guest_email: String,
    guest_phone: String,
    special_requests: String,
    idempotency_key: String,
}

/// Books through the client as the web's booking form does.
async fn create_booking(
    client: &Client,
    caller: &Caller,
    hotel: &str,
    form: &BookingForm,
) -> Result<Booking, AppError> {
    let guests = parse_guests(&form.stay.guests).map_err(AppError::Invalid)?;
    let text = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
    let booking = NewBooking {
        hotel: hotel.to_owned(),
        room_type: form.room_type.clone(),
        check_in: form.stay.check_in.clone(),
        check_out: form.stay.check_out.clone(),
        guests,
        guest: GuestDetails {
            name: form.guest_name.clone(),
            email: form.guest_email.clone(),
            phone: text(&form.guest_phone),
        },
        special_requests: text(&form.special_requests),
    };
    client
        .create_booking(caller, &booking, &form.idempotency_key)
        .await
}

fn booking_ok(room: &str) -> BookingForm {
    BookingForm {
        room_type: room.into(),
        guest_name: "Journey Guest".into(),
        guest_email: "journey@example.com".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn the_guest_journey_holds_through_both_backends() {
    let app = TestApp::spawn().await;
    let (local, http) = backends(&app).await;
    guest_journey(&app, &local, 1).await;
    guest_journey(&app, &http, 2).await;
}
