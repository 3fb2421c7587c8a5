//! The crash drill, on loopback and bounded in time: `vision-stays serve` (SQLite, or
//! PostgreSQL when `VS_TEST_POSTGRES_URL` is set) is killed with SIGKILL while guests book
//! through the REST API and while its email relay holds claims, then restarted on the same data
//! and port. Every acknowledged booking is there, each unanswered request resolves when
//! replayed with its Idempotency-Key (nothing booked twice), the inventory equals the bookings
//! on every night, and every booking's guest email arrives within 90 s of the restart.
//!
//! The SMTP sink stalls every session before accepting its recipient until the restart, so at
//! the kill the relay is mid-send with a batch of emails claimed: those claims die with it and
//! must be taken over by the restarted relay (nothing tells it the old one is dead).
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::common::api::ApiClient;
use crate::common::process::{Process, free_port, wait_ready};
use crate::common::smtp::{Sink, Tls};
use crate::common::{AFTER_HISTORY, DEMO_PASSWORD, SharedDb, day};
use server::store::Db;

/// The whole drill, startup to cleanup.
const DRILL_LIMIT: Duration = Duration::from_secs(360);
/// The bound: every email delivered within this long after the restart.
const EMAIL_BOUND: Duration = Duration::from_secs(90);
const BOOKERS: usize = 4;
/// Requests per booker at most (it also stops at its first unanswered one).
const PER_BOOKER: usize = 60;
const PASSWORD: &str = "a long passphrase";

fn start(dir: &std::path::Path, port: u16, database_url: &str, smtp_port: u16) -> Process {
    Process::serve_on("drill", dir, port, |cmd| {
        cmd.arg("--demo-data")
            .env("VS_DEMO_PASSWORD", DEMO_PASSWORD)
            .args(["--rate-limit-per-minute", "0"])
            .env("DATABASE_URL", database_url)
            .env("VS_SMTP_URL", format!("smtp://127.0.0.1:{smtp_port}"))
            // Quick retries, in case a stalled send times out; polls as shipped.
            .env("VS_MAIL_RETRY_BASE_MS", "200")
            .env("VS_MAIL_RETRY_CAP_MS", "2000");
    })
}

async fn scalar(db: &Db, sql: &str) -> i64 {
    let sql = format!("SELECT CAST(({sql}) AS BIGINT)");
    on_db!(db, |p| sqlx::query_scalar(&sql).fetch_one(p).await).expect(&sql)
}

async fn pairs(db: &Db, sql: &str) -> Vec<(String, String)> {
    on_db!(db, |p| sqlx::query_as(sql).fetch_all(p).await).expect(sql)
}

/// One booking request and what became of it.
#[derive(Clone, Debug)]
struct Request {
    key: String,
    guest: String,
    body: Value,
    /// The status and reference of the answer, and whether it replayed an earlier booking;
    /// None when none came (the process died).
    answer: Option<(StatusCode, Option<String>, bool)>,
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    r: &Request,
) -> Option<(StatusCode, Option<String>, bool)> {
    let res = client
        .post(format!("{base}/api/v1/bookings"))
        .bearer_auth(token)
        .header("idempotency-key", &r.key)
        .json(&r.body)
        .send()
        .await
        .ok()?;
    let status = res.status();
    let replayed = res.headers().contains_key("idempotent-replayed");
    let body: Value = res.json().await.ok()?;
    let reference = body["reference"].as_str().map(str::to_owned);
    Some((status, reference, replayed))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_mid_traffic_then_restart_keeps_every_promise() {
    tokio::time::timeout(DRILL_LIMIT, drill())
        .await
        .expect("the drill overran its time");
}

async fn drill() {
    let dir = tempfile::tempdir().unwrap();
    let shared = SharedDb::new(dir.path(), "drill.db").await;
    let database_url = shared.url.clone();
    let sink = Sink::running(Tls::None, None).await;
    let port = free_port();
    let mut first = start(dir.path(), port, &database_url, sink.port);
    wait_ready(&first).await;
    let db = server::store::connect(&database_url, 2).await.unwrap();
    let api = ApiClient::new(first.url.clone()).await;
    let email = "drill@example.test";
    let token = api.customer(email).await;
    // The account's verification email goes out; from now on the SMTP server stalls.
    sink.wait_for(1).await;
    sink.hold(true);
    let (hotel, room): (String, String) = on_db!(&db, |p| sqlx::query_as(
        "SELECT h.slug, r.slug FROM room_types r JOIN hotels h ON h.id = r.hotel_id ORDER BY h.id, r.position LIMIT 1"
    )
    .fetch_one(p)
    .await)
    .unwrap();

    // Booking traffic: each booker books stays of one or two nights among eight days (some sell
    // out), a fresh key and guest per request, until its first request without an answer.
    let done: Arc<Mutex<Vec<Request>>> = Arc::default();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let mut bookers = Vec::new();
    for b in 0..BOOKERS {
        let (client, base, token) = (client.clone(), first.url.clone(), token.clone());
        let (hotel, room, done) = (hotel.clone(), room.clone(), done.clone());
        bookers.push(tokio::spawn(async move {
            for i in 0..PER_BOOKER {
                let from = AFTER_HISTORY + ((b * 3 + i) % 8) as i64;
                let nights = 1 + (i % 2) as i64;
                let guest = format!("guest-{b}-{i}@drill.test");
                let body = json!({"hotel": hotel, "room_type": room, "check_in": day(from),
                    "check_out": day(from + nights), "guests": 1,
                    "guest": {"name": format!("Drill Guest {b}-{i}"), "email": guest}});
                let mut r = Request {
                    key: format!("drill-{b}-{i}-{}", uuid::Uuid::new_v4().simple()),
                    guest,
                    body,
                    answer: None,
                };
                r.answer = send(&client, &base, &token, &r).await;
                let unanswered = r.answer.is_none();
                done.lock().unwrap().push(r);
                if unanswered {
                    break;
                }
            }
        }));
    }

    // The kill, mid-traffic, once bookings are acknowledged and the relay holds claims on guest
    // emails (the first it claimed, stuck in the stalled session).
    let held = "SELECT COUNT(*) FROM emails WHERE status = 'pending' AND claimed_by IS NOT NULL
                AND kind = 'guest_confirmation'";
    let waiting = Instant::now();
    loop {
        let acked = done
            .lock()
            .unwrap()
            .iter()
            .filter(|r| {
                r.answer
                    .as_ref()
                    .is_some_and(|a| a.0 == StatusCode::CREATED)
            })
            .count();
        if acked >= 12 && scalar(&db, held).await > 0 {
            break;
        }
        assert!(
            waiting.elapsed() < Duration::from_secs(60),
            "no claims held after {acked} bookings: {}",
            first.output()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let claims_at_kill = scalar(&db, held).await;
    for b in bookers {
        b.await.unwrap();
    }
    std::fs::copy(&first.log, dir.path().join("drill-killed.log")).unwrap();
    assert!(claims_at_kill > 0, "the relay held no claims at the kill");
    assert_eq!(
        sink.received().len(),
        1,
        "the sink accepted mail while stalled"
    );

    // The restart, on the same data and port; the SMTP server answers again.
    sink.hold(false);
    let restarted = Instant::now();
    let second = start(dir.path(), port, &database_url, sink.port);
    wait_ready(&second).await;
    let api = ApiClient::new(second.url.clone()).await;
    let token = api.sign_in(email, PASSWORD).await;

    let mut requests = done.lock().unwrap().clone();
    let (acked, unanswered) = (
        requests.iter().filter(|r| r.answer.is_some()).count(),
        requests.iter().filter(|r| r.answer.is_none()).count(),
    );
    // Booked before the kill (its answer lost), booked now, or sold out meanwhile.
    let mut replays: BTreeMap<&str, usize> = BTreeMap::new();
    for r in requests.iter_mut().filter(|r| r.answer.is_none()) {
        let answer = send(&client, &second.url, &token, r).await;
        let (status, _, replayed) = answer.clone().expect("a replay went unanswered");
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "the replay of {} answered {status}",
            r.key
        );
        let outcome = match (status, replayed) {
            (StatusCode::CREATED, true) => "booked before the kill",
            (StatusCode::CREATED, false) => "booked now",
            _ => "sold out",
        };
        *replays.entry(outcome).or_default() += 1;
        r.answer = answer;
    }
    for r in &requests {
        let status = r.answer.as_ref().unwrap().0;
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "{} answered {status}",
            r.key
        );
    }

    // Every booking promised is there, for its own guest, and none twice.
    let stored: BTreeMap<String, String> = pairs(
        &db,
        "SELECT reference, guest_email FROM bookings WHERE guest_email LIKE '%@drill.test'",
    )
    .await
    .into_iter()
    .collect();
    let promised: BTreeMap<String, String> = requests
        .iter()
        .filter(|r| r.answer.as_ref().unwrap().0 == StatusCode::CREATED)
        .map(|r| {
            (
                r.answer.as_ref().unwrap().1.clone().unwrap(),
                r.guest.clone(),
            )
        })
        .collect();
    assert_eq!(
        stored, promised,
        "the bookings stored are the bookings answered"
    );
    let guests: BTreeSet<&String> = stored.values().collect();
    assert_eq!(guests.len(), stored.len(), "a request was booked twice");

    // The inventory sold on every night equals the bookings holding it.
    let from = day(AFTER_HISTORY);
    let off = scalar(
        &db,
        &format!(
            "SELECT COUNT(*) FROM inventory i WHERE i.night >= '{from}' AND i.sold <> (
                 SELECT COUNT(*) FROM bookings b WHERE b.room_type_id = i.room_type_id
                 AND b.status = 'confirmed' AND b.check_in <= i.night AND b.check_out > i.night)"
        ),
    )
    .await;
    assert_eq!(off, 0, "nights whose inventory does not match the bookings");
    let nights = scalar(
        &db,
        &format!("SELECT COUNT(*) FROM inventory WHERE night >= '{from}' AND sold > 0"),
    )
    .await;
    assert!(nights > 0);

    // Every booking's guest email arrives, within the bound after the restart, once.
    // The guest's confirmation goes to the account that booked, its subject naming the booking.
    let want: BTreeSet<String> = stored.keys().cloned().collect();
    let last = loop {
        let got: BTreeSet<String> = sink
            .received()
            .iter()
            .filter(|m| m.rcpt_tos == [email] && m.subject.starts_with("Booking confirmed: "))
            .filter_map(|m| {
                want.iter()
                    .find(|r| m.subject.contains(r.as_str()))
                    .cloned()
            })
            .collect();
        if got == want {
            break restarted.elapsed();
        }
        if restarted.elapsed() >= EMAIL_BOUND {
            let states = pairs(
                &db,
                "SELECT status || ' ' || COALESCE(claimed_by, '-') || ' ' || CAST(attempts AS TEXT), recipient || ' ' || COALESCE(last_error, '') FROM emails WHERE status <> 'sent'",
            )
            .await;
            let log = second.output();
            let tail: Vec<&str> = log.lines().rev().take(10).collect();
            let rcpts: Vec<_> = sink.received().iter().map(|m| m.rcpt_tos.clone()).collect();
            eprintln!("received by the sink: {rcpts:?}");
            panic!(
                "{} of {} guest emails arrived within {} s of the restart; missing {:?}\nemails: {states:#?}\nlog (last lines first): {tail:#?}",
                got.len(),
                want.len(),
                EMAIL_BOUND.as_secs(),
                want.difference(&got).collect::<Vec<_>>()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    let received = sink.received();
    let ids: BTreeSet<_> = received.iter().map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), received.len(), "an email was sent twice");
    println!(
        "crash drill ({}): {} requests ({acked} answered before the kill, {unanswered} unanswered, replayed: {replays:?}), \
         {} bookings; {claims_at_kill} guest emails claimed by the killed relay; all {} guest emails arrived {:.1} s after the restart \
         ({} emails in all)",
        if shared.is_postgres() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        requests.len(),
        stored.len(),
        want.len(),
        last.as_secs_f64(),
        received.len()
    );

    drop(second);
    db.close().await;
}
