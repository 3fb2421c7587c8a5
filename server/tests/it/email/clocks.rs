//! Relays whose own clocks are a day off: leases and due times follow the database's clock, so
//! such a relay neither steals a live lease, nor keeps a dead one, nor hands out a lease that is
//! already over (or lasts a day) for the others.
use super::*;
use chrono::Utc;
use server::state::Clock;

const DAY: i64 = 86_400;

/// The database's now plus `secs`, as SQL for the app's database.
fn db_clock(app: &TestApp, secs: i64) -> String {
    if app.db.is_sqlite() {
        format!("strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '{secs:+} seconds')")
    } else {
        format!("(now() + interval '{secs} seconds')")
    }
}

/// A relay with the default 30-second lease whose clock reads `offset` seconds from now.
fn relay_off_by(app: &TestApp, mailer: Mailer, offset: i64) -> Relay {
    let config = RelayConfig::from_args(&MailArgs::default()).unwrap();
    let clock = Clock::Fixed(Utc::now() + chrono::Duration::seconds(offset));
    Relay::new(app.db.clone(), mailer, config).with_clock(clock)
}

/// Books a stay whose one email (the guest's) the app's relay tried once and left pending.
async fn one_email(app: &TestApp, from: i64) {
    book(app, from, from + 1).await;
    let pending = "SELECT COUNT(*) FROM emails WHERE attempts = 1 AND status = 'pending'";
    wait_until(app, pending, 1).await;
}

/// Makes the pending emails due and held by `claimed_by` until `lease_secs` from the database's
/// now (negative: that lease ran out).
async fn lease(app: &TestApp, claimed_by: &str, lease_secs: i64) {
    app.exec(&format!(
        "UPDATE emails SET next_attempt_at = '2000-01-01T00:00:00.000Z', claimed_by = '{claimed_by}',
         claimed_until = {} WHERE status = 'pending'",
        db_clock(app, lease_secs)
    ))
    .await;
}

/// Starts `relay` on the due email against an SMTP server that never answers, so it stays in
/// the middle of sending (its lease held) until aborted.
async fn stuck_sending(app: &TestApp, offset: i64) -> (tokio::task::JoinHandle<()>, String) {
    let silent = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port();
    let args = MailArgs {
        smtp_url: Some(format!("smtp://127.0.0.1:{port}").parse().unwrap()),
        ..MailArgs::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let relay = relay_off_by(app, Mailer::from_args(&args, dir.path()).unwrap(), offset);
    let id = relay.id().to_owned();
    let task = tokio::spawn(async move {
        let _silent = silent;
        relay.deliver_due(None).await.unwrap();
    });
    let held = format!("SELECT COUNT(*) FROM emails WHERE claimed_by = '{id}'");
    wait_until(app, &held, 1).await;
    (task, id)
}

/// Whether `relay`'s lease ends between `from` and `to` seconds from the database's now.
async fn lease_ends_within(app: &TestApp, relay: &str, from: i64, to: i64) -> bool {
    let sql = format!(
        "SELECT COUNT(*) FROM emails WHERE claimed_by = '{relay}'
         AND claimed_until > {} AND claimed_until <= {}",
        db_clock(app, from),
        db_clock(app, to)
    );
    app.scalar(&sql).await == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_a_day_ahead_steals_no_live_lease_and_holds_its_own_for_the_lease() {
    let app = app_that_tried_once().await;
    one_email(&app, 92).await;

    // Another relay holds the email for 30 more seconds: a day is not 30 seconds here.
    lease(&app, "elsewhere", 30).await;
    let (mailer, sent) = Mailer::memory();
    let ahead = relay_off_by(&app, mailer, DAY);
    assert_eq!(
        ahead.deliver_due(None).await.unwrap(),
        0,
        "stole a live lease"
    );
    assert!(sent.lock().unwrap().is_empty());

    // Its own lease lasts 30 s by the database's clock (extended while it sends), not a day and
    // 30 s, so a relay on time takes the email within 30 s of this one dying.
    app.exec("UPDATE emails SET claimed_by = NULL, claimed_until = NULL WHERE status = 'pending'")
        .await;
    let (task, id) = stuck_sending(&app, DAY).await;
    assert!(
        lease_ends_within(&app, &id, 15, 30).await,
        "the lease does not end 30 s from the database's now"
    );
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_a_day_behind_takes_a_dead_lease_and_its_own_lease_holds() {
    let app = app_that_tried_once().await;
    one_email(&app, 94).await;

    // The lease of a relay that died ran out a second ago by the database's clock: a relay whose
    // clock still reads yesterday takes the email and sends it.
    let (mailer, sent) = Mailer::memory();
    let behind = relay_off_by(&app, mailer, -DAY);
    let started = Instant::now();
    loop {
        // The app's own relay may take the email for a failing try: set the dead lease again.
        lease(&app, "elsewhere", -1).await;
        if behind.deliver_due(None).await.unwrap() == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "a dead lease was kept"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(sent.lock().unwrap().len(), 1);

    // While such a relay sends, its lease holds against a relay on time.
    one_email(&app, 96).await;
    lease(&app, "elsewhere", -1).await;
    let (task, id) = stuck_sending(&app, -DAY).await;
    assert!(
        lease_ends_within(&app, &id, 15, 30).await,
        "the lease does not end 30 s from the database's now"
    );
    let (mailer, on_time_sent) = Mailer::memory();
    let on_time = relay_off_by(&app, mailer, 0);
    assert_eq!(
        on_time.deliver_due(None).await.unwrap(),
        0,
        "stole a live lease"
    );
    assert!(on_time_sent.lock().unwrap().is_empty());
    task.abort();
}
