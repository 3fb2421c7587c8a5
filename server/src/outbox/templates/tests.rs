use super::*;
use app::model::NightPrice;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn facts() -> BookingFacts {
    BookingFacts {
        booking_id: 7,
        hotel_id: 3,
        reference: "VS-7K3Q9X".into(),
        hotel_slug: "casa-do-tejo".into(),
        hotel_name: "Casa do Tejo & Sons".into(),
        address: "Rua das Flores 12".into(),
        city_name: "Lisbon".into(),
        time_zone: "Europe/Lisbon".into(),
        policies: Policies {
            check_in_time: "15:00".into(),
            check_out_time: "11:00".into(),
            free_cancellation_days: 2,
            tax_rate_bp: 600,
            pets_allowed: false,
            notes: vec!["Breakfast is served from 7:30.".into()],
        },
        room_type_name: "River View Double".into(),
        check_in: d("2027-05-07"),
        check_out: d("2027-05-09"),
        guests: 2,
        guest_name: "Ana <script>alert(1)</script> Lima".into(),
        guest_email: "ana@example.pt".into(),
        account_email: "ana@example.pt".into(),
        guest_phone: Some("+351 912 345 678".into()),
        special_requests: Some("Late arrival \"after 22:00\"\r\nBcc: evil@example.com".into()),
        price: Quote {
            currency: "EUR".into(),
            nights: vec![
                NightPrice {
                    night: d("2027-05-07"),
                    rate_minor: 12000,
                },
                NightPrice {
                    night: d("2027-05-08"),
                    rate_minor: 14050,
                },
            ],
            subtotal_minor: 26050,
            tax_rate_bp: 600,
            taxes_minor: 1563,
            total_minor: 27613,
        },
        cancel_deadline: Some(utc("2027-05-05T14:00:00Z")),
        created_at: utc("2027-04-01T09:30:00Z"),
        cancelled_at: None,
        by_hotel: false,
    }
}

#[test]
fn guest_confirmation_says_everything_a_guest_needs() {
    let r = guest(
        &facts(),
        BookingEvent::Confirmed,
        "https://stays.example.com/",
    );
    assert_eq!(r.kind, EmailKind::GuestConfirmation);
    assert_eq!(r.recipient, "ana@example.pt");
    assert_eq!(
        r.subject,
        "Booking confirmed: Casa do Tejo & Sons, 7 May 2027 to 9 May 2027 (VS-7K3Q9X)"
    );
    for needle in [
        "VS-7K3Q9X",
        "Rua das Flores 12, Lisbon",
        "River View Double",
        "Fri 7 May 2027, from 15:00",
        "Sun 9 May 2027, by 11:00",
        "2 nights",
        "2 guests",
        "€120.00",
        "€140.50",
        "Taxes (6%)",
        "€276.13",
        // 14:00 UTC is 15:00 in Lisbon in May.
        "Free cancellation until Wed 5 May 2027, 15:00",
        "Breakfast is served from 7:30.",
        "https://stays.example.com/bookings/VS-7K3Q9X",
    ] {
        assert!(
            r.text.contains(needle),
            "text lacks {needle:?}:\n{}",
            r.text
        );
    }
    assert!(
        r.html
            .contains("https://stays.example.com/bookings/VS-7K3Q9X")
    );
    assert!(r.html.contains("€276.13"));
    assert!(r.html.contains("Casa do Tejo &amp; Sons"));
}

#[test]
fn html_escapes_what_people_typed() {
    let r = guest(&facts(), BookingEvent::Confirmed, "http://127.0.0.1:3000");
    assert!(!r.html.contains("<script>"), "{}", r.html);
    assert!(
        r.html
            .contains("Ana &lt;script&gt;alert(1)&lt;/script&gt; Lima")
    );
    assert!(r.html.contains("&quot;after 22:00&quot;"));
    assert_eq!(
        esc(r#"<a href="x">'&'</a>"#),
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
    );
}

#[test]
fn subjects_have_no_line_breaks() {
    let mut f = facts();
    f.hotel_name = "Evil\r\nBcc: victim@example.com".into();
    for r in [
        guest(&f, BookingEvent::Confirmed, ""),
        admin(
            &f,
            BookingEvent::Cancelled,
            "desk@example.com",
            "https://stays.example",
            false,
        ),
    ] {
        assert!(!r.subject.contains(['\r', '\n']), "{:?}", r.subject);
    }
}

#[test]
fn late_bookings_are_told_there_is_no_free_cancellation() {
    let mut f = facts();
    f.created_at = utc("2027-05-06T10:00:00Z");
    let r = guest(&f, BookingEvent::Confirmed, "");
    assert!(
        r.text.contains("can no longer be cancelled free of charge"),
        "{}",
        r.text
    );
    f.cancel_deadline = None;
    let r = guest(&f, BookingEvent::Confirmed, "");
    assert!(r.text.contains("can no longer be cancelled free of charge"));
}

#[test]
fn guest_cancellation_names_the_booking() {
    let mut f = facts();
    f.cancelled_at = Some(utc("2027-04-02T08:00:00Z"));
    let r = guest(&f, BookingEvent::Cancelled, "http://127.0.0.1:3000");
    assert_eq!(r.kind, EmailKind::GuestCancellation);
    assert!(
        r.subject
            .starts_with("Booking cancelled: Casa do Tejo & Sons")
    );
    assert!(
        r.text
            .contains("has been cancelled on Fri 2 Apr 2027, 09:00"),
        "{}",
        r.text
    );
    assert!(r.text.contains("http://127.0.0.1:3000/bookings/VS-7K3Q9X"));
    assert!(!r.text.contains("by the hotel"), "{}", r.text);
}

#[test]
fn a_cancellation_by_the_hotel_says_so_to_guest_and_desk() {
    let mut f = facts();
    f.cancelled_at = Some(utc("2027-04-02T08:00:00Z"));
    f.by_hotel = true;
    let r = guest(&f, BookingEvent::Cancelled, "http://127.0.0.1:3000");
    assert!(
        r.text
            .contains("has been cancelled by the hotel on Fri 2 Apr 2027, 09:00. Nothing is owed"),
        "{}",
        r.text
    );
    assert!(r.text.contains("please contact the hotel"), "{}", r.text);
    let r = admin(
        &f,
        BookingEvent::Cancelled,
        "desk@casadotejo.pt",
        "https://stays.example",
        false,
    );
    assert!(r.text.contains("was cancelled by the hotel."), "{}", r.text);
    f.by_hotel = false;
    let r = admin(
        &f,
        BookingEvent::Cancelled,
        "desk@casadotejo.pt",
        "https://stays.example",
        false,
    );
    assert!(r.text.contains("was cancelled by the guest."), "{}", r.text);
}

#[test]
fn admin_alerts_carry_guest_contact_and_price() {
    let f = facts();
    let r = admin(
        &f,
        BookingEvent::Confirmed,
        "desk@casadotejo.pt",
        "https://stays.example",
        false,
    );
    assert_eq!(r.kind, EmailKind::AdminNewBooking);
    assert_eq!(r.recipient, "desk@casadotejo.pt");
    assert_eq!(
        r.subject,
        "New booking VS-7K3Q9X: River View Double, 7 May 2027 to 9 May 2027"
    );
    assert!(
        r.html
            .contains("https://stays.example/admin/bookings/VS-7K3Q9X"),
        "a link to the booking in the admin"
    );
    for needle in [
        "ana@example.pt",
        "+351 912 345 678",
        "Late arrival",
        "€276.13",
        "Booked:",
    ] {
        assert!(
            r.text.contains(needle),
            "text lacks {needle:?}:\n{}",
            r.text
        );
    }
    let mut f = f;
    f.cancelled_at = Some(utc("2027-04-02T08:00:00Z"));
    let r = admin(
        &f,
        BookingEvent::Cancelled,
        "desk@casadotejo.pt",
        "https://stays.example",
        false,
    );
    assert_eq!(r.kind, EmailKind::AdminCancellation);
    assert!(r.text.contains("Cancelled:"), "{}", r.text);
    assert!(
        r.html
            .contains("Booking cancelled at Casa do Tejo &amp; Sons")
    );
}

#[test]
fn percent_drops_needless_decimals() {
    assert_eq!(percent(600), "6%");
    assert_eq!(percent(1250), "12.5%");
    assert_eq!(percent(1234), "12.34%");
    assert_eq!(percent(0), "0%");
}

#[test]
fn an_alert_to_a_platform_admin_says_why_it_came() {
    let f = facts();
    let usual = admin(
        &f,
        BookingEvent::Confirmed,
        "desk@casadotejo.pt",
        "https://stays.example",
        false,
    );
    assert!(!usual.text.contains("no confirmed alert recipient"));
    let r = admin(
        &f,
        BookingEvent::Confirmed,
        "admin@visionstays.test",
        "https://stays.example",
        true,
    );
    assert_eq!(r.kind, EmailKind::AdminNewBooking);
    for text in [&r.text, &r.html] {
        assert!(text.contains("has no confirmed alert recipient"), "{text}");
        assert!(
            text.contains("https://stays.example/admin/hotels/casa-do-tejo/alerts"),
            "{text}"
        );
    }
    assert!(
        r.text.contains("Casa do Tejo & Sons has no confirmed"),
        "{}",
        r.text
    );
    assert!(
        r.text.contains("ana@example.pt"),
        "the guest's details, as usual"
    );
}
