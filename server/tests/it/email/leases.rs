//! Short claims kept alive by a heartbeat: a dead relay's claim is taken over once its lease has
//! run out and not before; a live relay keeps its claim through a send longer than the lease,
//! and nobody else sends that email meanwhile; a relay that cannot keep its claim stops sending.
use super::*;

/// The database's now plus `secs`, as SQL for the app's database.
fn db_now_plus(app: &TestApp, secs: i64) -> String {
    if app.db.is_sqlite() {
        format!("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{secs:+} seconds')")
    } else {
        format!("(now() + interval '{secs} seconds')")
    }
}

/// Writes one due email, as an account email would be. First a booking wakes the app's own
/// relay, which tries that booking's email once and sleeps for an hour: then only the tests'
/// relays see the new email (nothing wakes the app's relay for it).
async fn queue_email(app: &TestApp, tag: &str) {
    book(app, 100, 101).await;
    let tried = "SELECT COUNT(*) FROM emails WHERE attempts = 1 AND status = 'pending'";
    wait_until(app, tried, 1).await;
    let now = db_now_plus(app, 0);
    app.exec(&format!(
        "INSERT INTO emails (kind, recipient, subject, text_body, html_body, message_id, status,
                             attempts, next_attempt_at, created_at)
         VALUES ('password_reset', '{tag}@example.test', 'Lease test {tag}', 'text', '<p>html</p>',
                 '<{tag}@visionstays.local>', 'pending', 0, {now}, {now})"
    ))
    .await;
}

fn relay_with_lease(app: &TestApp, mailer: Mailer, lease: Duration) -> Relay {
    let config = RelayConfig {
        lease,
        ..RelayConfig::from_args(&MailArgs::default()).unwrap()
    };
    Relay::new(app.db.clone(), mailer, config)
}

fn held_by(relay: &str) -> String {
    format!("SELECT COUNT(*) FROM emails WHERE status = 'pending' AND claimed_by = '{relay}'")
}

fn live_claim_of(app: &TestApp, relay: &str) -> String {
    format!(
        "{} AND claimed_until > {}",
        held_by(relay),
        db_now_plus(app, 0)
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_relays_claim_is_taken_over_after_its_lease_and_not_before() {
    let app = app_that_tried_once().await;
    queue_email(&app, "dead-holder").await;
    let lease = Duration::from_secs(3);

    // Relay A is stuck sending to a server that never answers; its heartbeat keeps its claim
    // past the first lease.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let args = MailArgs {
        smtp_url: Some(
            format!("smtp://127.0.0.1:{}", silent.local_addr().unwrap().port())
                .parse()
                .unwrap(),
        ),
        ..MailArgs::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let a = relay_with_lease(&app, Mailer::from_args(&args, dir.path()).unwrap(), lease);
    let a_id = a.id().to_owned();
    let task = tokio::spawn(async move { a.deliver_due(None).await });
    wait_until(&app, &held_by(&a_id), 1).await;
    tokio::time::sleep(lease * 2).await;
    assert_eq!(
        app.scalar(&live_claim_of(&app, &a_id)).await,
        1,
        "a live relay lost its claim"
    );

    // A dies mid-send (its task, heartbeat included, is gone): nobody extends its claim.
    task.abort();
    let _ = task.await;
    let until = app
        .text(&format!(
            "SELECT CAST(claimed_until AS TEXT) FROM emails WHERE claimed_by = '{a_id}'"
        ))
        .await;

    // Relay B, trying all along, takes the email once that claim has run out.
    let (mailer, sent) = Mailer::memory();
    let b = relay_with_lease(&app, mailer, Duration::from_secs(30));
    let b_id = b.id().to_owned();
    let started = Instant::now();
    while b.deliver_due(None).await.unwrap() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the dead relay's claim was never taken over"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sent.lock().unwrap().len(), 1);
    // Not before: B's try started after A's claim ran out (one clock: the database's host).
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM email_attempts WHERE relay = '{b_id}' AND ok AND started_at >= '{until}'"
        ))
        .await,
        1,
        "taken over before {until}"
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE status = 'sent' AND attempts = 1")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_live_relay_keeps_its_claim_through_a_send_longer_than_the_lease() {
    let sink = Sink::running(Tls::None, None).await;
    sink.hold(true);
    let app = app_that_tried_once().await;
    queue_email(&app, "slow-send").await;
    // Long enough that, on a loaded machine, the send still starts with half a lease left.
    let lease = Duration::from_secs(6);
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_args(&sink.mail_args(), dir.path()).unwrap();
    let a = relay_with_lease(&app, mailer, lease);
    let a_id = a.id().to_owned();
    let task = tokio::spawn(async move { a.deliver_due(None).await });
    sink.wait_stalled().await;

    // The server stalls for two leases; another relay keeps trying meanwhile and gets nothing.
    let (mailer, other_sent) = Mailer::memory();
    let other = relay_with_lease(&app, mailer, lease);
    let stalled = Instant::now();
    while stalled.elapsed() < lease * 2 {
        assert_eq!(
            other.deliver_due(None).await.unwrap(),
            0,
            "took a live claim"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app.scalar(&live_claim_of(&app, &a_id)).await, 1);
    sink.hold(false);
    assert_eq!(task.await.unwrap().unwrap(), 1);

    assert_eq!(sink.wait_for(1).await.len(), 1);
    assert!(other_sent.lock().unwrap().is_empty());
    assert_eq!(
        app.scalar(&format!(
            "SELECT COUNT(*) FROM email_attempts WHERE relay = '{a_id}' AND ok"
        ))
        .await,
        1
    );
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE status = 'sent' AND attempts = 1")
            .await,
        1
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.received().len(), 1, "sent once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_that_cannot_keep_its_claim_stops_sending() {
    let sink = Sink::running(Tls::None, None).await;
    sink.hold(true);
    let app = app_that_tried_once().await;
    queue_email(&app, "stolen").await;
    let dir = tempfile::tempdir().unwrap();
    let mailer = Mailer::from_args(&sink.mail_args(), dir.path()).unwrap();
    let a = relay_with_lease(&app, mailer, Duration::from_secs(6));
    let a_id = a.id().to_owned();
    let task = tokio::spawn(async move { a.deliver_due(None).await });
    sink.wait_stalled().await;

    // Mid-send, the claim passes to somebody else (as when it ran out and another relay took
    // it): the heartbeat cannot extend it, so A drops the send before its deadline.
    app.exec(&format!(
        "UPDATE emails SET claimed_by = 'thief', claimed_until = {} WHERE recipient = 'stolen@example.test'",
        db_now_plus(&app, 600)
    ))
    .await;
    let ended = tokio::time::timeout(Duration::from_secs(60), task).await;
    assert_eq!(ended.expect("A never stopped").unwrap().unwrap(), 1);
    // The server answers again: A's session is gone, so nothing arrives from it.
    sink.hold(false);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(sink.received().is_empty(), "sent without its claim");
    let error = app
        .text(&format!(
            "SELECT error FROM email_attempts WHERE relay = '{a_id}'"
        ))
        .await;
    assert!(error.contains("claim"), "{error}");
    // The try is recorded; the row stays with the relay that holds it now.
    assert_eq!(
        app.scalar("SELECT COUNT(*) FROM emails WHERE status = 'pending' AND claimed_by = 'thief' AND attempts = 0")
            .await,
        1
    );
}
