//! Drill: PostgreSQL restarted under booking and search traffic. Every answer is 2xx, 409 or
//! 503 with Retry-After (a problem document on the API, a calm page for people, a form kept
//! whole), `/readyz` fails during the outage and passes after, and the same process serves
//! again without a restart; keys answered 503 book at most once when replayed.
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use tokio::sync::Mutex;

use super::pg_cluster::Cluster;
use super::{customer_token, replay};
use crate::common::day;
use crate::common::process::{Process, wait_ready};

/// One answer the traffic got: what was asked, the status (None: no answer at all), whether a
/// 503 said when to retry and in which format.
#[derive(Debug, Clone)]
struct Answer {
    what: &'static str,
    status: Option<u16>,
    retry_after: bool,
    content_type: String,
}

impl Answer {
    fn of(what: &'static str, res: &Result<reqwest::Response, reqwest::Error>) -> Answer {
        match res {
            Ok(r) => Answer {
                what,
                status: Some(r.status().as_u16()),
                retry_after: r.headers().contains_key("retry-after"),
                content_type: r
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned(),
            },
            Err(_) => Answer {
                what,
                status: None,
                retry_after: false,
                content_type: String::new(),
            },
        }
    }
}

#[tokio::test]
async fn a_postgres_restart_looks_like_try_again_to_every_client() {
    // It needs PostgreSQL's programs, which the PostgreSQL pass of the test command has.
    if std::env::var(crate::common::PG_ENV).is_err() {
        return;
    }
    tokio::time::timeout(Duration::from_secs(180), drill())
        .await
        .expect("the PostgreSQL outage drill took over 3 minutes");
}

async fn drill() {
    let cluster = Cluster::init();
    cluster.start();
    let dir = tempfile::tempdir().unwrap();
    let url = cluster.url();
    let server = Process::serve("outage", dir.path(), |cmd| {
        cmd.args(["--demo-data", "--rate-limit-per-minute", "0"])
            .env("DATABASE_URL", &url)
            .env("VS_DB_MAX_CONNECTIONS", "8")
            .env("VS_DEMO_PASSWORD", crate::common::DEMO_PASSWORD);
    });
    wait_ready(&server).await;
    // The web role as on OCI: no database of its own, the services over HTTP.
    let web = Process::serve("outage-web", dir.path(), |cmd| {
        cmd.args(["--role", "web", "--rate-limit-per-minute", "0"]);
        for service in ["--customers-url", "--hotels-url", "--bookings-url"] {
            cmd.args([service, &server.url]);
        }
    });
    wait_ready(&web).await;
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    let (hotel, room): (String, String) = sqlx::query_as(
        "SELECT h.slug, r.slug FROM room_types r JOIN hotels h ON h.id = r.hotel_id
         ORDER BY r.total_rooms DESC, h.id LIMIT 1",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    db.close().await;

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let base = server.url.clone();
    let token = customer_token(&http, &base, "outage-drill@example.com").await;

    let answers = Arc::new(Mutex::new(Vec::<Answer>::new()));
    let unanswered = Arc::new(Mutex::new(Vec::<(String, serde_json::Value)>::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let mut tasks = Vec::new();
    for worker in 0..3 {
        let (http, base, token) = (http.clone(), base.clone(), token.clone());
        let (answers, unanswered, stop) = (answers.clone(), unanswered.clone(), stop.clone());
        let (hotel, room) = (hotel.clone(), room.clone());
        tasks.push(tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let night = 20 + (n % 40);
                let body = json!({
                    "hotel": hotel, "room_type": room, "check_in": day(night),
                    "check_out": day(night + 1), "guests": 1,
                    "guest": {"name": "Drill Guest", "email": "drill@example.com"}
                });
                let key = format!("outage-{worker}-{n}");
                let res = http
                    .post(format!("{base}/api/v1/bookings"))
                    .bearer_auth(&token)
                    .header("idempotency-key", &key)
                    .json(&body)
                    .send()
                    .await;
                let answer = Answer::of("booking", &res);
                if !matches!(answer.status, Some(201 | 409)) {
                    unanswered.lock().await.push((key, body));
                }
                answers.lock().await.push(answer);
            }
        }));
    }
    for what in ["search", "hotel page"] {
        let (http, base, answers, stop) =
            (http.clone(), base.clone(), answers.clone(), stop.clone());
        let hotel = hotel.clone();
        tasks.push(tokio::spawn(async move {
            let stay = format!("check_in={}&check_out={}&guests=2", day(30), day(32));
            let url = match what {
                "search" => format!("{base}/api/v1/hotels?city=Lisbon&{stay}"),
                _ => format!("{base}/hotels/{hotel}?{stay}"),
            };
            while !stop.load(Ordering::Relaxed) {
                let res = http.get(&url).send().await;
                answers.lock().await.push(Answer::of(what, &res));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }));
    }
    let readiness = Arc::new(Mutex::new(Vec::<(Instant, u16)>::new()));
    {
        let (http, base, readiness, stop) =
            (http.clone(), base.clone(), readiness.clone(), stop.clone());
        tasks.push(tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                if let Ok(r) = http.get(format!("{base}/readyz")).send().await {
                    readiness
                        .lock()
                        .await
                        .push((Instant::now(), r.status().as_u16()));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }));
    }

    tokio::time::sleep(Duration::from_millis(1500)).await;
    let down = Instant::now();
    cluster.stop();
    tokio::time::sleep(Duration::from_secs(2)).await;
    // While it is down: a guest's page, a guest's form and the API, each asked to retry.
    outage_answers(&http, &base, &hotel, true).await;
    outage_answers(&http, &web.url, &hotel, false).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.start();
    let up = Instant::now();
    let recovered = loop {
        let r = http.get(format!("{base}/readyz")).send().await;
        if r.is_ok_and(|r| r.status() == StatusCode::OK) {
            break up.elapsed();
        }
        assert!(
            up.elapsed() < Duration::from_secs(30),
            "not ready 30 s after PostgreSQL came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await.unwrap();
    }
    let mut server = server;
    assert!(
        server.child.try_wait().unwrap().is_none(),
        "the server exited during the outage: {}",
        server.output()
    );

    let answers = answers.lock().await.clone();
    let unexpected: Vec<&Answer> = answers
        .iter()
        .filter(|a| !matches!(a.status, Some(200..=299 | 409 | 503)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "answers other than 2xx, 409, 503: {unexpected:?}"
    );
    let unavailable: Vec<&Answer> = answers.iter().filter(|a| a.status == Some(503)).collect();
    assert!(!unavailable.is_empty(), "the traffic never met the outage");
    for a in &unavailable {
        assert!(a.retry_after, "a 503 without Retry-After: {a:?}");
        let expected = if a.what == "hotel page" {
            "text/html"
        } else {
            "application/problem+json"
        };
        assert!(a.content_type.starts_with(expected), "{a:?}");
    }
    let readiness = readiness.lock().await.clone();
    assert!(
        readiness
            .iter()
            .any(|(at, s)| *at > down && *at < up && *s == 503),
        "/readyz never failed while PostgreSQL was down"
    );
    assert_eq!(
        readiness.last().map(|r| r.1),
        Some(200),
        "/readyz after the outage"
    );

    // Whatever was answered 503 (or not at all) resolves on replay with its key, once.
    let replays = unanswered.lock().await.clone();
    for (key, body) in &replays {
        replay(&http, &base, &token, key, body).await;
    }
    let db = sqlx::PgPool::connect(&url).await.unwrap();
    let (keys, bookings): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT booking_id) FROM idempotency_keys WHERE key LIKE 'outage-%'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(keys, bookings, "a key booked twice");
    let off: i64 = sqlx::query_scalar(
        // Nights near today also count the front desk's early departures; the drill books
        // from 20 days ahead.
        "SELECT COUNT(*) FROM inventory i WHERE i.night >= CURRENT_DATE + 14
         AND i.sold <> (SELECT COUNT(*) FROM bookings b
         WHERE b.room_type_id = i.room_type_id AND b.status = 'confirmed'
           AND b.check_in <= i.night AND b.check_out > i.night)",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(
        off, 0,
        "nights whose sold count differs from their bookings"
    );
    db.close().await;
    let booked = answers.iter().filter(|a| a.status == Some(201)).count();
    println!(
        "outage drill: {} answers ({} × 503, {booked} bookings), {} replayed, ready {} ms after PostgreSQL came back",
        answers.len(),
        unavailable.len(),
        replays.len(),
        recovered.as_millis()
    );
    crate::common::process::stop(web);
    crate::common::process::stop(server);
}

/// A guest's hotel page, a guest's sign-in form and (where `base` serves the API) an API call
/// while PostgreSQL is down.
async fn outage_answers(http: &reqwest::Client, base: &str, hotel: &str, serves_api: bool) {
    let page = http
        .get(format!("{base}/hotels/{hotel}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(page.headers()["retry-after"], "5");
    let html = page.text().await.unwrap();
    assert!(html.contains("briefly unavailable"), "{html}");

    let form = http
        .post(format!("{base}/signin"))
        .header("origin", base)
        .form(&[
            ("email", "drill@example.com"),
            ("password", "not echoed back"),
            ("next", "/trips"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert!(form.headers().contains_key("retry-after"));
    let html = form.text().await.unwrap();
    assert!(
        html.contains("value=\"drill@example.com\""),
        "the form was not kept: {html}"
    );
    assert!(html.contains("action=\"/signin\""), "{html}");
    assert!(
        !html.contains("not echoed back"),
        "a password written into a page"
    );

    if !serves_api {
        return;
    }
    let api = http
        .get(format!("{base}/api/v1/hotels/{hotel}"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), StatusCode::SERVICE_UNAVAILABLE);
    let problem: serde_json::Value = api.json().await.unwrap();
    assert_eq!(problem["status"], 503, "{problem}");
    assert!(
        problem["type"].as_str().unwrap().ends_with("/unavailable"),
        "{problem}"
    );
}
