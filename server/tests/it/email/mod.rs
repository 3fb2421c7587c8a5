//! Booking emails end to end, against a real SMTP server (aiosmtpd, `tests/python/smtp_sink.py`): plain,
//! STARTTLS with AUTH and a test CA, implicit TLS; an SMTP outage during bookings; relays racing
//! on one database; claims kept alive and taken over; no email for a booking that did not
//! happen; .eml files without SMTP.
mod clocks;
mod leases;
mod outage;
mod records;
use crate::common::smtp;

use std::collections::{BTreeSet, HashMap};
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{Browser, TestApp, day, location};
use chrono::NaiveDate;
use reqwest::StatusCode;
use server::config::MailArgs;
use server::outbox::{Mailer, Relay, RelayConfig};
use server::store::Db;
use smtp::{Sink, Tls};

/// Rows of text from SQL that runs on both databases.
async fn rows(db: &Db, sql: &str) -> Vec<(String, String)> {
    match db {
        Db::Sqlite(p) => sqlx::query_as(sql).fetch_all(p).await,
        Db::Postgres(p) => sqlx::query_as(sql).fetch_all(p).await,
    }
    .expect(sql)
}

/// Polls `sql` (a number) until it equals `want`, for up to a minute.
async fn wait_until(app: &TestApp, sql: &str, want: i64) {
    let started = Instant::now();
    loop {
        let got = app.scalar(sql).await;
        if got == want {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{sql}: still {got}, want {want}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The app with these mail settings. The demo data makes Casa do Tejo's manager an alert
/// recipient; these tests choose their own recipients, so that one is removed. They count
/// emails: a hotel left without recipients would alert the verified platform admins (tested in
/// `alerts.rs`), so here no platform admin is verified.
async fn app_with(mail: MailArgs) -> TestApp {
    let app = TestApp::spawn_with_mail(mail).await;
    app.exec("DELETE FROM alert_recipients").await;
    app.exec("UPDATE customers SET email_verified_at = NULL WHERE role = 'platform_admin'")
        .await;
    app
}

/// An app whose relay tries each email once against a closed port, then leaves it for an hour,
/// so the tests' own relays find the emails due (after `next_attempt_at` is moved back).
async fn app_that_tried_once() -> TestApp {
    app_with(MailArgs {
        smtp_url: Some(
            format!("smtp://127.0.0.1:{}", smtp::free_port())
                .parse()
                .unwrap(),
        ),
        mail_retry_base_ms: 3_600_000,
        mail_retry_cap_ms: 3_600_000,
        mail_poll_ms: 3_600_000,
        ..MailArgs::default()
    })
    .await
}

async fn alert(app: &TestApp, hotel: &str, email: &str, on_booking: bool, on_cancellation: bool) {
    app.exec(&format!(
        "INSERT INTO alert_recipients (hotel_id, email, on_booking, on_cancellation, confirmed_at)
         SELECT id, '{email}', {on_booking}, {on_cancellation}, CURRENT_TIMESTAMP FROM hotels WHERE slug = '{hotel}'"
    ))
    .await;
}

/// Books `[day(from), day(to))` as a fresh guest; the guest and the reference.
async fn book(app: &TestApp, from: i64, to: i64) -> (Browser, String) {
    let (hotel, room, _) = app.first_room().await;
    let guest = app.known_guest().await;
    let res = guest.book(&hotel, &room, &day(from), &day(to), 2).await;
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    (
        guest,
        confirmation.trim_start_matches("/bookings/").to_owned(),
    )
}

async fn cancel(guest: &Browser, reference: &str) {
    let res = guest
        .post_form(&format!("/bookings/{reference}/cancel"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

fn long_date(d: &str) -> String {
    NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .unwrap()
        .format("%a %-d %b %Y")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_smtp_delivers_guest_and_admin_emails() {
    let sink = Sink::running(Tls::None, None).await;
    let app = app_with(sink.mail_args()).await;
    let (hotel, _, _) = app.first_room().await;
    alert(&app, &hotel, "desk@hotel.test", true, true).await;
    alert(&app, &hotel, "owner@hotel.test", true, false).await;

    let (guest, reference) = book(&app, 30, 33).await;
    let got = sink.wait_for(3).await;
    assert_eq!(got.len(), 3);
    let (guest_email, total_minor, currency): (String, String, String) = {
        let sql = format!(
            "SELECT guest_email, CAST(total_minor AS TEXT), currency FROM bookings WHERE reference = '{reference}'"
        );
        match &app.db {
            Db::Sqlite(p) => sqlx::query_as(&sql).fetch_one(p).await.unwrap(),
            Db::Postgres(p) => sqlx::query_as(&sql).fetch_one(p).await.unwrap(),
        }
    };
    let total = app::model::format_money(total_minor.parse().unwrap(), &currency);
    let by_rcpt: HashMap<String, &smtp::Received> =
        got.iter().map(|r| (r.rcpt_tos.join(","), r)).collect();
    let mine = by_rcpt[&guest_email];
    assert_eq!(mine.mail_from, "bookings@visionstays.local");
    assert_eq!(mine.from, "Vision Stays <bookings@visionstays.local>");
    assert_eq!(mine.to, guest_email);
    assert!(mine.date.contains(" +0000"), "{}", mine.date);
    assert!(
        mine.raw.contains("Content-Transfer-Encoding"),
        "{}",
        mine.raw
    );
    assert_eq!(mine.content_type, "multipart/alternative");
    assert!(!mine.tls && mine.auth_user.is_none());
    assert!(
        mine.subject.starts_with("Booking confirmed: "),
        "{}",
        mine.subject
    );
    assert!(mine.subject.contains(&reference));
    let text = mine.part("text/plain");
    let html = mine.part("text/html");
    for needle in [
        reference.as_str(),
        &total,
        &long_date(&day(30)),
        &long_date(&day(33)),
        "3 nights",
        "Free cancellation until",
        &format!("http://127.0.0.1:3000/bookings/{reference}"),
    ] {
        assert!(text.contains(needle), "text lacks {needle:?}:\n{text}");
        assert!(html.contains(needle), "html lacks {needle:?}");
    }
    for admin in ["desk@hotel.test", "owner@hotel.test"] {
        let r = by_rcpt[admin];
        assert!(
            r.subject.starts_with(&format!("New booking {reference}")),
            "{}",
            r.subject
        );
        assert!(r.part("text/plain").contains(&guest_email));
    }
    // The Message-IDs are the ones written with the booking. The relay records "sent" just
    // after the server accepts, so wait for that before reading the rows.
    wait_until(&app, "SELECT COUNT(*) FROM emails WHERE status = 'sent'", 3).await;
    let ids: BTreeSet<String> = rows(&app.db, "SELECT message_id, status FROM emails")
        .await
        .into_iter()
        .map(|(id, status)| {
            assert_eq!(status, "sent");
            id
        })
        .collect();
    let received: BTreeSet<String> = got.iter().map(|r| r.message_id.clone().unwrap()).collect();
    assert_eq!(ids, received);

    // The cancellation reaches the guest and only the admin who asked for cancellations.
    cancel(&guest, &reference).await;
    let got = sink.wait_for(5).await;
    // Arrival order across SMTP connections is not fixed: tell the new ones by Message-ID.
    let later: Vec<_> = got
        .iter()
        .filter(|r| !r.message_id.as_ref().is_some_and(|id| ids.contains(id)))
        .map(|r| (r.rcpt_tos.join(","), r.subject.clone()))
        .collect();
    assert_eq!(later.len(), 2, "{later:?}");
    assert!(
        later
            .iter()
            .any(|(to, s)| *to == guest_email && s.starts_with("Booking cancelled: ")),
        "{later:?}"
    );
    assert!(
        later.iter().any(|(to, s)| to == "desk@hotel.test"
            && s.starts_with(&format!("Booking cancelled {reference}"))),
        "{later:?}"
    );
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE status = 'sent' AND delivered_via = 'smtp'",
        5,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 5, "nothing more is sent");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starttls_with_auth_and_a_test_certificate() {
    let sink = Sink::running(Tls::Starttls, Some(("relay user", "p@ss:w/rd%"))).await;
    let app = app_with(sink.mail_args()).await;
    let (_, reference) = book(&app, 20, 22).await;
    let got = sink.wait_for(1).await;
    assert!(got[0].tls, "STARTTLS was used");
    assert_eq!(got[0].auth_user.as_deref(), Some("relay user"));
    assert!(got[0].subject.contains(&reference));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn implicit_tls_with_auth() {
    let sink = Sink::running(Tls::Implicit, Some(("smtps-user", "secret"))).await;
    let app = app_with(sink.mail_args()).await;
    let (_, reference) = book(&app, 20, 22).await;
    let got = sink.wait_for(1).await;
    assert!(got[0].tls && got[0].auth_user.as_deref() == Some("smtps-user"));
    assert!(got[0].part("text/plain").contains(&reference));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_untrusted_certificate_is_refused_and_recorded() {
    let sink = Sink::running(Tls::Starttls, Some(("u", "p"))).await;
    let app = app_with(MailArgs {
        smtp_ca_file: None,
        mail_max_attempts: 2,
        ..sink.mail_args()
    })
    .await;
    book(&app, 20, 22).await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE status = 'failed' AND attempts = 2",
        1,
    )
    .await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM email_attempts WHERE NOT ok")
            .await,
        2
    );
    let error = app.text("SELECT last_error FROM emails").await;
    assert!(error.to_lowercase().contains("certificate"), "{error}");
    assert!(!error.contains("p@"), "no credentials in errors");
    assert!(sink.received().is_empty());
}
