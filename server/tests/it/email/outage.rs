//! Nothing lost and nothing twice: an SMTP outage, relays racing on one database, claim leases.
use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_smtp_outage_every_email_arrives_exactly_once() {
    let mut sink = Sink::new(Tls::None, None);
    let app = app_with(sink.mail_args()).await;
    let (hotel, _, _) = app.first_room().await;
    alert(&app, &hotel, "desk@hotel.test", true, true).await;

    // The server is down: three bookings and one cancellation (2 emails each).
    let (first, reference) = book(&app, 40, 41).await;
    book(&app, 42, 43).await;
    book(&app, 44, 46).await;
    cancel(&first, &reference).await;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, 8);
    // Every email has failed at least once and is waiting for its next try.
    wait_until(
        &app,
        "SELECT COUNT(DISTINCT email_id) FROM email_attempts WHERE NOT ok",
        8,
    )
    .await;
    wait_until(&app, "SELECT COUNT(*) FROM emails WHERE attempts >= 2", 8).await;
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE status = 'pending'")
            .await,
        8
    );
    let error = app.text("SELECT last_error FROM emails LIMIT 1").await;
    assert!(error.contains("SMTP"), "{error}");

    sink.start().await;
    wait_until(&app, "SELECT COUNT(*) FROM emails WHERE status = 'sent'", 8).await;
    let got = sink.received();
    let ids: BTreeSet<_> = got.iter().map(|r| r.message_id.clone().unwrap()).collect();
    assert_eq!((got.len(), ids.len()), (8, 8), "each email once");
    let stored: BTreeSet<_> = rows(&app.db, "SELECT message_id, kind FROM emails")
        .await
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    assert_eq!(ids, stored);
    // One successful try per email, after the failed ones, and the count kept on the row.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM email_attempts WHERE ok")
            .await,
        8
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails e WHERE attempts <> (SELECT COUNT(*) FROM email_attempts a WHERE a.email_id = e.id)").await,
        0
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sink.received().len(), 8, "nothing is sent twice later");

    // A second outage, for a cancellation: the same again.
    sink.stop().await;
    let (guest, reference) = book(&app, 47, 48).await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE attempts >= 1 AND status = 'pending'",
        2,
    )
    .await;
    cancel(&guest, &reference).await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE attempts >= 1 AND status = 'pending'",
        4,
    )
    .await;
    sink.start().await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE status = 'sent'",
        12,
    )
    .await;
    let got = sink.received();
    let ids: BTreeSet<_> = got.iter().map(|r| r.message_id.clone().unwrap()).collect();
    assert_eq!((got.len(), ids.len()), (12, 12), "each email once");
}

/// A relay with its own mailer, as another process would have.
fn relay(db: &Db, args: &MailArgs, dir: &std::path::Path) -> Relay {
    Relay::new(
        db.clone(),
        Mailer::from_args(args, dir).unwrap(),
        RelayConfig::from_args(args).unwrap(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn relays_racing_on_one_database_send_each_email_once() {
    let mut sink = Sink::new(Tls::None, None);
    let args = sink.mail_args();
    let app = app_with(args.clone()).await;
    let (hotel, _, _) = app.first_room().await;
    alert(&app, &hotel, "desk@hotel.test", true, true).await;
    alert(&app, &hotel, "owner@hotel.test", true, true).await;
    for i in 0..6 {
        book(&app, 50 + 2 * i, 51 + 2 * i).await;
    }
    let total = 18;
    assert_eq!(app.scalar("SELECT COUNT(*) FROM emails").await, total);

    // Besides the app's own relay: two more in this process and one `--role relay` process.
    let dir = tempfile::tempdir().unwrap();
    let extra = [
        relay(&app.db, &args, dir.path()).spawn(),
        relay(&app.db, &args, dir.path()).spawn(),
    ];
    let port = smtp::free_port();
    let mut process = std::process::Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args([
            "serve",
            "--role",
            "relay",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--metrics-addr",
            "127.0.0.1:0",
        ])
        .arg("--data-dir")
        .arg(dir.path().join("relay"))
        .args(["--smtp-url", &format!("smtp://127.0.0.1:{}", sink.port)])
        .args([
            "--mail-retry-base-ms",
            "50",
            "--mail-retry-cap-ms",
            "400",
            "--mail-poll-ms",
            "100",
        ])
        .env("DATABASE_URL", app.database_url())
        .env("VS_LOG", "info")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(dir.path().join("relay.log")).unwrap())
        .spawn()
        .unwrap();
    let ready = Instant::now();
    while reqwest::get(format!("http://127.0.0.1:{port}/readyz"))
        .await
        .ok()
        .map(|r| r.status())
        != Some(StatusCode::OK)
    {
        assert!(
            ready.elapsed() < Duration::from_secs(60),
            "the relay role never became ready"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The relay role serves only the operations endpoints.
    let res = reqwest::get(format!("http://127.0.0.1:{port}/api/v1/hotels?city=Lisbon"))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Let every relay fail on the emails for a while, so they all wait on the same due rows.
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE attempts >= 2",
        total,
    )
    .await;
    sink.start().await;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE status = 'sent'",
        total,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let got = sink.received();
    let ids: BTreeSet<_> = got.iter().map(|r| r.message_id.clone().unwrap()).collect();
    assert_eq!(
        (got.len(), ids.len()),
        (total as usize, total as usize),
        "each email once"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM email_attempts WHERE ok")
            .await,
        total
    );
    let relays = app
        .scalar("SELECT COUNT(DISTINCT relay) FROM email_attempts")
        .await;
    assert!(relays >= 2, "the relays took turns ({relays} seen)");

    // SIGTERM: the relay role stops cleanly.
    std::process::Command::new("kill")
        .args(["-TERM", &process.id().to_string()])
        .status()
        .unwrap();
    let stopping = Instant::now();
    let status = loop {
        if let Some(status) = process.try_wait().unwrap() {
            break status;
        }
        assert!(
            stopping.elapsed() < Duration::from_secs(20),
            "the relay role ignored SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "{status}");
    let log = std::fs::read_to_string(dir.path().join("relay.log")).unwrap();
    assert!(log.contains("email relay stopped"), "{log}");
    assert!(
        log.contains("SMTP smtp://127.0.0.1:"),
        "the backend is named: {log}"
    );
    for r in extra {
        r.shutdown().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_claims_never_overlap() {
    let app = app_that_tried_once().await;
    let (hotel, _, _) = app.first_room().await;
    for i in 0..5 {
        alert(&app, &hotel, &format!("admin{i}@hotel.test"), true, true).await;
    }
    for i in 0..4 {
        book(&app, 80 + i, 81 + i).await;
    }
    let total = 24;
    wait_until(
        &app,
        "SELECT COUNT(*) FROM emails WHERE attempts = 1 AND status = 'pending'",
        total,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.exec("UPDATE emails SET next_attempt_at = '2000-01-01T00:00:00.000Z'")
        .await;

    // Six relays claim at once until nothing is due.
    let mut kept = Vec::new();
    let mut tasks = Vec::new();
    for _ in 0..6 {
        let (mailer, list) = Mailer::memory();
        kept.push(list);
        let config = RelayConfig {
            batch: 3,
            ..RelayConfig::from_args(&MailArgs::default()).unwrap()
        };
        let r = Relay::new(app.db.clone(), mailer, config);
        tasks.push(tokio::spawn(async move {
            while r.deliver_due(None).await.unwrap() > 0 {}
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let ids: Vec<String> = kept
        .iter()
        .flat_map(|k| {
            k.lock()
                .unwrap()
                .iter()
                .map(|m| m.message_id.clone())
                .collect::<Vec<_>>()
        })
        .collect();
    let unique: BTreeSet<_> = ids.iter().collect();
    assert_eq!(ids.len(), unique.len(), "an email was sent twice");
    assert_eq!(ids.len() as i64, total);
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE status = 'sent' AND delivered_via = 'memory' AND attempts = 2").await,
        total
    );
    let busy = kept
        .iter()
        .filter(|k| !k.lock().unwrap().is_empty())
        .count();
    assert!(busy >= 2, "only {busy} relay got work");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_whose_lease_ran_out_leaves_the_email_to_another() {
    let app = app_that_tried_once().await;
    book(&app, 90, 91).await;
    let pending = "SELECT COUNT(*) FROM emails WHERE attempts = 1 AND status = 'pending'";
    wait_until(&app, pending, 1).await;
    // The app's own relay is woken by other tests' bookings (one process) and may take the
    // email for a failing try at any moment: each claim below is retried until it gets it.
    let due_again =
        "UPDATE emails SET next_attempt_at = '2000-01-01T00:00:00.000Z' WHERE status = 'pending'";
    let started = Instant::now();

    // A relay whose lease has run out by the time it would send (a slow batch): it must not send.
    let (slow_mailer, slow_sent) = Mailer::memory();
    let expired = RelayConfig {
        lease: Duration::ZERO,
        ..RelayConfig::from_args(&MailArgs::default()).unwrap()
    };
    let slow = Relay::new(app.db.clone(), slow_mailer, expired);
    loop {
        app.exec(due_again).await;
        if slow.deliver_due(None).await.unwrap() == 1 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "never claimed");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        slow_sent.lock().unwrap().is_empty(),
        "sent after its lease ran out"
    );

    // Another relay takes it once that lease is past (leases are stored to the millisecond).
    let (mailer, sent) = Mailer::memory();
    let config = RelayConfig::from_args(&MailArgs::default()).unwrap();
    let other = Relay::new(app.db.clone(), mailer, config);
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        app.exec(due_again).await;
        if other.deliver_due(None).await.unwrap() == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never delivered"
        );
    }
    assert_eq!(sent.lock().unwrap().len(), 1);
    assert!(slow_sent.lock().unwrap().is_empty());
    assert_eq!(
        app.scalar(
            "SELECT COUNT(*) FROM emails WHERE status = 'sent' AND delivered_via = 'memory'"
        )
        .await,
        1
    );
}
