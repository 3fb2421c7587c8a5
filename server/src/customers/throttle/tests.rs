//! The per-account count: the limit, the window, the lock's length, resets and the bound.
use super::*;

fn refused_for(result: Result<()>) -> Option<u64> {
    match result {
        Err(Error::TooManySignIns { retry_after_secs }) => Some(retry_after_secs),
        Ok(()) => None,
        Err(e) => panic!("unexpected {e:?}"),
    }
}

#[test]
fn the_attempt_after_the_limit_is_refused_until_the_lock_ends() {
    let t = SignInThrottle::default();
    let start = Instant::now();
    for i in 0..MAX_FAILURES {
        let at = start + Duration::from_secs(u64::from(i));
        assert_eq!(
            refused_for(t.begin("ana@example.com", at)),
            None,
            "attempt {i}"
        );
    }
    let locked_at = start + Duration::from_secs(u64::from(MAX_FAILURES - 1));
    let later = locked_at + Duration::from_millis(500);
    let wait = refused_for(t.begin("ana@example.com", later)).expect("locked");
    assert_eq!(wait, LOCKOUT.as_secs());
    // Other accounts are untouched.
    assert_eq!(refused_for(t.begin("bea@example.com", later)), None);
    // When the lock ends, the account starts afresh.
    let after = locked_at + LOCKOUT;
    assert_eq!(refused_for(t.begin("ana@example.com", after)), None);
    assert_eq!(t.lock()["ana@example.com"].failures, 1);
}

#[test]
fn failures_outside_the_window_do_not_add_up() {
    let t = SignInThrottle::default();
    let start = Instant::now();
    for _ in 0..MAX_FAILURES - 1 {
        t.begin("ana@example.com", start).unwrap();
    }
    let next_window = start + WINDOW;
    for _ in 0..MAX_FAILURES - 1 {
        assert_eq!(refused_for(t.begin("ana@example.com", next_window)), None);
    }
    assert_eq!(refused_for(t.begin("ana@example.com", next_window)), None);
    assert!(refused_for(t.begin("ana@example.com", next_window)).is_some());
}

#[tokio::test]
async fn a_success_clears_the_count_and_the_email_is_one_account_in_any_case() {
    let t = SignInThrottle::default();
    let wrong = || async { Err::<(), _>(Error::Rule(Rule::WrongCredentials)) };
    for _ in 0..MAX_FAILURES - 1 {
        assert!(t.attempt("Ana@Example.com ", wrong()).await.is_err());
    }
    t.attempt("ana@example.com", async { Ok(()) })
        .await
        .unwrap();
    for _ in 0..MAX_FAILURES {
        let e = t.attempt("ANA@example.com", wrong()).await.unwrap_err();
        assert_eq!(e, Error::Rule(Rule::WrongCredentials));
    }
    // Locked now: even the right password is refused, without being checked.
    let checked = std::cell::Cell::new(false);
    let e = t
        .attempt("ana@example.com", async {
            checked.set(true);
            Ok(())
        })
        .await
        .unwrap_err();
    assert!(matches!(e, Error::TooManySignIns { retry_after_secs } if retry_after_secs > 0));
    assert!(!checked.get());
}

#[tokio::test]
async fn a_failed_check_is_not_the_guests_failure() {
    let t = SignInThrottle::default();
    for _ in 0..MAX_FAILURES * 2 {
        let e = t
            .attempt("ana@example.com", async { Err::<(), _>(Error::Internal) })
            .await
            .unwrap_err();
        assert_eq!(e, Error::Internal);
    }
}

#[test]
fn stale_entries_are_swept_and_the_map_is_bounded() {
    let t = SignInThrottle::default();
    let start = Instant::now();
    t.begin("old@example.com", start).unwrap();
    t.begin("new@example.com", start + WINDOW).unwrap();
    t.sweep(start + WINDOW);
    assert_eq!(t.lock().len(), 1);
    assert!(t.lock().contains_key("new@example.com"));

    let mut accounts = HashMap::new();
    let entry = |first_failure, locked_until| Entry {
        first_failure,
        failures: 1,
        locked_until,
    };
    let now = start + Duration::from_secs(1);
    for i in 0..MAX_ACCOUNTS {
        accounts.insert(format!("{i}@example.com"), entry(now, None));
    }
    accounts.insert(
        "locked@example.com".into(),
        entry(start, Some(now + LOCKOUT)),
    );
    accounts.insert("oldest@example.com".into(), entry(start, None));
    make_room(&mut accounts, now);
    assert!(!accounts.contains_key("oldest@example.com"));
    assert!(accounts.contains_key("locked@example.com"));
}
