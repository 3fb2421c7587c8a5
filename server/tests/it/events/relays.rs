//! The relay under pressure: two relays racing on one database (each hotel's events still once
//! each and in number order), a relay role configured later streaming the backlog, throttling
//! waited out as long as the stream asks.
use std::collections::HashSet;
use std::sync::Arc;

use server::oci::Oci;
use server::outbox::events::oci_sink::OciStream;
use server::outbox::events::{EventRelay, EventRelayConfig};

use super::*;
use crate::common::AFTER_HISTORY;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_relays_keep_each_hotels_order() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 5).await;
    let slugs: Vec<String> = {
        let sql = "SELECT slug FROM hotels ORDER BY id LIMIT 3";
        on_db!(&app.db, |p| sqlx::query_scalar(sql).fetch_all(p).await).unwrap()
    };
    // A second relay, as another process would run one: small batches, so it takes turns.
    let url: url::Url = standin.url().parse().unwrap();
    let args = OciArgs {
        auth: Some(AuthKind::ApiKey),
        config_file: Some(standin.config_file().to_path_buf()),
        profile: Some("DEFAULT".into()),
        region: Some(REGION.into()),
        secrets_endpoint: None,
        streaming_endpoint: Some(url),
        notifications_endpoint: None,
        stream_id: Some(STREAM_ID.into()),
        topic_id: None,
        ..Default::default()
    };
    let oci = Oci::from_args(&args).await.unwrap().unwrap();
    let config = EventRelayConfig {
        hotels_per_batch: 1,
        events_per_hotel: 2,
        ..EventRelayConfig::from_args(&EventArgs {
            events_max_attempts: 5,
            events_retry_base_ms: 20,
            events_retry_cap_ms: 200,
            events_poll_ms: 20,
        })
    };
    let other = EventRelay::new(app.db.clone(), config).with_stream(Arc::new(OciStream {
        oci,
        stream_id: STREAM_ID.into(),
    }));
    let other_id = other.id().to_owned();
    let other = other.spawn();

    // Bookings commit concurrently, at three hotels, while the stream is down part of the time.
    standin.set_stream_down(true).await;
    let books = (0..24).map(|n| {
        let hotel = slugs[n % 3].clone();
        let from = AFTER_HISTORY + 40 + (n as i64 / 3);
        let app = &app;
        async move { book_at(app, &hotel, from, from + 1).await.1 }
    });
    let first: Vec<String> = futures::future::join_all(books.take(12)).await;
    standin.set_stream_down(false).await;
    let more = (12..24).map(|n| {
        let hotel = slugs[n % 3].clone();
        let from = AFTER_HISTORY + 40 + (n as i64 / 3);
        let app = &app;
        async move { book_at(app, &hotel, from, from + 1).await.1 }
    });
    let second: Vec<String> = futures::future::join_all(more).await;
    let references: HashSet<String> = first.into_iter().chain(second).collect();
    assert_eq!(references.len(), 24);

    let got = wait_for("24 events on the stream", async || {
        let got = standin.stream_messages(STREAM_ID).await;
        (got.len() >= 24).then_some(got)
    })
    .await;
    other.shutdown().await;
    let docs: Vec<(String, BookingEventDoc)> = got
        .iter()
        .map(|m| {
            let doc = BookingEventDoc::from_json(std::str::from_utf8(&m.value).unwrap()).unwrap();
            (m.key_str().to_owned(), doc)
        })
        .collect();
    let ids: HashSet<_> = docs.iter().map(|(_, d)| d.id).collect();
    assert_eq!(ids.len(), docs.len(), "no event twice");
    assert_eq!(docs.len(), 24);
    for slug in &slugs {
        let seqs: Vec<i64> = docs
            .iter()
            .filter(|(k, _)| k == slug)
            .map(|(_, d)| d.seq().unwrap())
            .collect();
        assert_eq!(seqs, (1..=8).collect::<Vec<_>>(), "{slug}: in number order");
    }
    let subjects: HashSet<String> = docs.iter().map(|(_, d)| d.subject.clone()).collect();
    assert_eq!(subjects, references);
    let by_other = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM event_attempts WHERE relay = '{other_id}' AND outcome = 'published'"
        ))
        .await;
    eprintln!("the second relay published {by_other} of 24");
}

/// Events written while no stream was configured wait in the outbox; a `serve --role relay`
/// process configured only by environment variables later streams every one, in order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_role_configured_later_streams_the_backlog() {
    use crate::common::process::{Process, stop, wait_ready};
    let app = TestApp::spawn().await;
    let (first, second) = two_hotels(&app).await;
    let mut references = Vec::new();
    for n in 0..4 {
        let hotel = if n % 2 == 0 { &first } else { &second };
        let from = AFTER_HISTORY + 3 + n;
        references.push(book_at(&app, hotel, from, from + 1).await.1);
    }
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let relay = Process::serve("relay", dir.path(), |cmd| {
        cmd.args(["--role", "relay"])
            .env("DATABASE_URL", app.database_url())
            .env("VS_EVENTS_POLL_MS", "50")
            .envs(standin.api_key_env())
            .envs(standin.stream_and_topic_env());
    });
    wait_ready(&relay).await;
    let got = wait_for("the backlog on the stream", async || {
        let got = standin.stream_messages(STREAM_ID).await;
        (got.len() >= 4).then_some(got)
    })
    .await;
    let subjects: Vec<String> = got
        .iter()
        .map(|m| {
            BookingEventDoc::from_json(std::str::from_utf8(&m.value).unwrap())
                .unwrap()
                .subject
        })
        .collect();
    let mut want = references.clone();
    let mut seen = subjects.clone();
    want.sort();
    seen.sort();
    assert_eq!(seen, want);
    for hotel in [&first, &second] {
        let order: Vec<&String> = got
            .iter()
            .zip(&subjects)
            .filter(|(m, _)| m.key_str() == hotel.as_str())
            .map(|(_, s)| s)
            .collect();
        let booked: Vec<&String> = references
            .iter()
            .enumerate()
            .filter(|(n, _)| (n % 2 == 0) == (hotel == &first))
            .map(|(_, r)| r)
            .collect();
        assert_eq!(order, booked, "{hotel}: in the order booked");
    }
    assert!(
        relay
            .output()
            .contains("booking events go to the OCI stream"),
        "{}",
        relay.output()
    );
    stop(relay);
}

/// Throttled (429 with `retry-after`), the relay waits at least as long as the stream asks, far
/// longer than its own backoff (at most 200 ms here), and publishes once the stream takes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_waited_out_as_long_as_the_stream_asks() {
    let standin = OciStandIn::start().await;
    let app = spawn_with_oci(&standin, 3).await;
    standin.set_outage("streams", true, 429, Some(1)).await;
    let (hotel, _) = two_hotels(&app).await;
    let (_, reference) = book_at(&app, &hotel, AFTER_HISTORY + 3, AFTER_HISTORY + 4).await;
    let sql = "SELECT COUNT(*) FROM event_attempts WHERE outcome = 'unavailable'";
    wait_for("three throttled tries", async || {
        (app.scalar(sql).await >= 3).then_some(())
    })
    .await;
    let tries: Vec<chrono::DateTime<chrono::Utc>> = {
        let sql = "SELECT started_at FROM event_attempts WHERE outcome = 'unavailable' ORDER BY id";
        on_db!(&app.db, |p| sqlx::query_scalar(sql).fetch_all(p).await).unwrap()
    };
    for pair in tries.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(
            gap >= chrono::Duration::milliseconds(900),
            "tried again after {gap} though the stream asked for 1 s"
        );
    }
    let error = app
        .text("SELECT error FROM event_attempts WHERE outcome = 'unavailable' ORDER BY id LIMIT 1")
        .await;
    assert!(error.contains("429"), "{error}");
    assert_eq!(
        app.scalar("SELECT MAX(stream_attempts) FROM booking_events")
            .await,
        0,
        "throttling is not the event's fault"
    );
    standin.clear_faults().await;
    let got = wait_for("the event on the stream", async || {
        let got = standin.stream_messages(STREAM_ID).await;
        (!got.is_empty()).then_some(got)
    })
    .await;
    let doc = BookingEventDoc::from_json(std::str::from_utf8(&got[0].value).unwrap()).unwrap();
    assert_eq!(doc.subject, reference);
}
