//! Drill: SIGTERM in the middle of booking traffic. The process exits 0 inside the grace
//! period the Kubernetes manifests give; every booking it committed was answered (requests in
//! flight finished); no email is left claimed (the relay finished or handed back its sends);
//! after a restart, the unanswered requests resolve by replaying their keys and every
//! booking's email goes out.
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;

use super::{customer_token, replay};
use crate::common::day;
use crate::common::process::{Process, wait_ready};

/// `terminationGracePeriodSeconds` of the role deployments, less the preStop sleep.
const GRACE_AFTER_SIGTERM: Duration = Duration::from_secs(45 - 10);

#[tokio::test]
async fn sigterm_under_traffic_finishes_what_is_in_flight() {
    tokio::time::timeout(Duration::from_secs(150), drill())
        .await
        .expect("the SIGTERM drill took over 150 s");
}

async fn drill() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--demo-data", "--rate-limit-per-minute", "0"];
    let server = Process::serve("sigterm", dir.path(), |cmd| {
        cmd.args(args)
            .env("VS_DEMO_PASSWORD", crate::common::DEMO_PASSWORD);
    });
    wait_ready(&server).await;
    let port = server.url.rsplit(':').next().unwrap().parse().unwrap();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(40))
        .build()
        .unwrap();
    let base = server.url.clone();
    let token = customer_token(&http, &base, "sigterm-drill@example.com").await;
    let db_url = format!(
        "sqlite://{}",
        dir.path().join("sigterm/vision-stays.db").display()
    );
    let (hotel, room): (String, String) = {
        let db = sqlx::SqlitePool::connect(&db_url).await.unwrap();
        let row = sqlx::query_as(
            "SELECT h.slug, r.slug FROM room_types r JOIN hotels h ON h.id = r.hotel_id
             ORDER BY r.total_rooms DESC, h.id LIMIT 1",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        db.close().await;
        row
    };

    let body = |n: i64| {
        json!({
            "hotel": hotel, "room_type": room, "check_in": day(20 + n % 30),
            "check_out": day(21 + n % 30), "guests": 1,
            "guest": {"name": "Shutdown Guest", "email": format!("sigterm-{n}@example.com")}
        })
    };
    let requests: Vec<_> = (0..80)
        .map(|n| {
            let req = http
                .post(format!("{base}/api/v1/bookings"))
                .bearer_auth(&token)
                .header("idempotency-key", format!("sigterm-{n}"))
                .json(&body(n));
            tokio::spawn(async move { (n, req.send().await.map(|r| r.status())) })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(40)).await;
    let pid = server.child.id().to_string();
    let signalled = Instant::now();
    std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    let mut answered = Vec::new();
    let mut unanswered = Vec::new();
    for r in requests {
        match r.await.unwrap() {
            (n, Ok(status)) => answered.push((n, status)),
            (n, Err(_)) => unanswered.push(n),
        }
    }
    let mut server = server;
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < GRACE_AFTER_SIGTERM,
            "still running {} s after SIGTERM",
            GRACE_AFTER_SIGTERM.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let exited = signalled.elapsed();
    assert!(
        status.success(),
        "exit after SIGTERM: {status}\n{}",
        server.output()
    );
    for (n, status) in &answered {
        assert!(
            matches!(status.as_u16(), 201 | 409 | 503),
            "booking {n} answered {status} during shutdown"
        );
    }

    let db = sqlx::SqlitePool::connect(&db_url).await.unwrap();
    let committed: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys WHERE key LIKE 'sigterm-%'")
            .fetch_one(&db)
            .await
            .unwrap();
    let created = answered
        .iter()
        .filter(|(_, s)| *s == StatusCode::CREATED)
        .count() as i64;
    assert_eq!(
        committed, created,
        "bookings committed but never answered: in-flight requests were cut off"
    );
    let held: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM emails WHERE status = 'pending' AND claimed_by IS NOT NULL",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(held, 0, "emails left claimed by the stopped relay");
    db.close().await;

    // Back up: unanswered requests resolve by their keys, and every booking's email goes out.
    let server = Process::serve_on("sigterm", dir.path(), port, |cmd| {
        cmd.args(args);
    });
    wait_ready(&server).await;
    for n in &unanswered {
        let key = format!("sigterm-{n}");
        replay(&http, &base, &token, &key, &body(*n)).await;
    }
    let db = sqlx::SqlitePool::connect(&db_url).await.unwrap();
    let waited = Instant::now();
    loop {
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM emails e JOIN bookings b ON b.id = e.booking_id
             WHERE b.guest_email LIKE 'sigterm-%' AND e.status <> 'sent'",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        if pending == 0 {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(60),
            "{pending} emails of the drill's bookings not sent a minute after the restart"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    db.close().await;
    println!(
        "SIGTERM drill: {} answered ({created} booked), {} unanswered and replayed, exit 0 {} ms after SIGTERM",
        answered.len(),
        unanswered.len(),
        exited.as_millis()
    );
    crate::common::process::stop(server);
}
