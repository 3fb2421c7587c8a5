//! Whether the database can be reached: errors that mean "not now" rather than "broken", and
//! the bounded readiness check `/readyz` and the 503 safety net ask.
use std::time::Duration;

use super::Db;

/// Seconds a client is asked to wait (`Retry-After`) while the database cannot be reached: a
/// PostgreSQL restart or an OCI Database failover takes seconds, not minutes.
pub const RETRY_AFTER_SECS: u64 = 5;

/// How long a request waits for a PostgreSQL connection before it is answered 503. Long enough
/// to ride out a restart's first seconds and a busy pool's queue, far inside the 30 s request
/// timeout, so a request during an outage gets "try again" rather than a timeout.
pub const PG_ACQUIRE_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest `/readyz` waits for the database: a load balancer's probe gives up after a few
/// seconds, and a probe that timed out says nothing.
pub const READY_WITHIN: Duration = Duration::from_secs(2);

/// Whether `e` means the database cannot be reached now (a connection refused or dropped, the
/// pool waited out, the server shutting down or not accepting connections yet, SQLite's disk
/// full or its lock held past the busy timeout), so the same request may succeed later. Other
/// errors (a constraint, a decode failure) are bugs or data problems, answered 500.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| unavailable_code(&code)),
        _ => false,
    }
}

/// PostgreSQL SQLSTATEs of class 08 (connection exception), 57P01–57P03 (shutting down, cannot
/// connect now), 53300 (too many connections); SQLite's primary codes BUSY, LOCKED, IOERR,
/// FULL and CANTOPEN (extended codes carry the primary in their low byte).
fn unavailable_code(code: &str) -> bool {
    if code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300") {
        return true;
    }
    code.parse::<u32>()
        .is_ok_and(|n| matches!(n & 0xff, 5 | 6 | 10 | 13 | 14))
}

/// Whether the database answers, migrated, within [`READY_WITHIN`].
pub async fn answers(db: &Db) -> bool {
    tokio::time::timeout(READY_WITHIN, super::is_ready(db))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connection_failures_are_unavailable_and_bugs_are_not() {
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(is_unavailable(&sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused
        ))));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
        assert!(!is_unavailable(&sqlx::Error::ColumnNotFound("x".into())));
        for code in [
            "08006", "08001", "57P01", "57P03", "53300", "5", "517", "10", "266", "13",
        ] {
            assert!(unavailable_code(code), "{code}");
        }
        // Unique violation, serialization failure, SQLite constraint: not outages.
        for code in ["23505", "40001", "19", "2067", "42P01"] {
            assert!(!unavailable_code(code), "{code}");
        }
    }
}
