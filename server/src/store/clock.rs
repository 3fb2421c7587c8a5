//! The database's own clock in SQL. Instants that several processes compare (the relays'
//! leases, when an email is due) are read from it, so processes whose clocks disagree still
//! agree on who holds what.
use std::time::Duration;

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Encode, Postgres, Sqlite, Type};

/// SQLite's `'now'` as the text an [`super::At`] binds ([`super::ts`]: milliseconds and `Z`,
/// always 24 characters), so it compares with stored instants as text.
const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'";

/// The database's current instant, in the column types [`super::At`] writes: on SQLite fixed
/// in one statement; on PostgreSQL `now()`, the start of the transaction (of the statement
/// outside one).
pub fn db_now(sqlite: bool) -> String {
    if sqlite {
        format!("{SQLITE_NOW})")
    } else {
        "now()".to_owned()
    }
}

/// Seconds since the earliest `column` of the rows a query selects (NULL when it selects none):
/// the age of the oldest item an outbox still has to deliver.
pub fn seconds_since_earliest(sqlite: bool, column: &str) -> String {
    if sqlite {
        format!("(julianday('now') - julianday(MIN({column}))) * 86400.0")
    } else {
        format!("CAST(EXTRACT(EPOCH FROM (now() - MIN({column}))) AS DOUBLE PRECISION)")
    }
}

/// The database's current instant plus the [`Span`] bound at `param`.
pub fn db_now_plus(sqlite: bool, param: &str) -> String {
    if sqlite {
        format!("{SQLITE_NOW}, {param})")
    } else {
        format!("(now() + {param})")
    }
}

/// A length of time bound as the parameter of [`db_now_plus`]: an SQLite date modifier
/// (`+300.000 seconds`) or a PostgreSQL INTERVAL, to the millisecond (instants are stored to
/// the millisecond; sqlx refuses an INTERVAL finer than a microsecond).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span(pub Duration);

impl Span {
    fn whole_millis(&self) -> Duration {
        Duration::new(self.0.as_secs(), self.0.subsec_millis() * 1_000_000)
    }

    fn modifier(&self) -> String {
        format!(
            "+{}.{:03} seconds",
            self.0.as_secs(),
            self.0.subsec_millis()
        )
    }
}

impl Type<Sqlite> for Span {
    fn type_info() -> <Sqlite as Database>::TypeInfo {
        <String as Type<Sqlite>>::type_info()
    }
}

impl<'q> Encode<'q, Sqlite> for Span {
    fn encode_by_ref(
        &self,
        buf: &mut <Sqlite as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <String as Encode<'q, Sqlite>>::encode(self.modifier(), buf)
    }
}

impl Type<Postgres> for Span {
    fn type_info() -> <Postgres as Database>::TypeInfo {
        <Duration as Type<Postgres>>::type_info()
    }
}

impl<'q> Encode<'q, Postgres> for Span {
    fn encode_by_ref(
        &self,
        buf: &mut <Postgres as Database>::ArgumentBuffer<'q>,
    ) -> Result<IsNull, BoxDynError> {
        <Duration as Encode<'q, Postgres>>::encode(self.whole_millis(), buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{At, parse_ts, ts};

    #[test]
    fn spans_are_sqlite_modifiers_to_the_millisecond() {
        assert_eq!(
            Span(Duration::from_secs(300)).modifier(),
            "+300.000 seconds"
        );
        assert_eq!(
            Span(Duration::from_millis(1_005)).modifier(),
            "+1.005 seconds"
        );
        assert_eq!(Span(Duration::ZERO).modifier(), "+0.000 seconds");
        // Backoff delays come with nanoseconds: both encodings keep whole milliseconds.
        let jittered = Span(Duration::from_nanos(2_730_679_123_456));
        assert_eq!(jittered.modifier(), "+2730.679 seconds");
        assert_eq!(jittered.whole_millis(), Duration::from_millis(2_730_679));
    }

    /// The database's instants are written as `At` writes them, so text comparisons between
    /// the two order as the instants do.
    #[tokio::test]
    async fn sqlite_now_is_written_like_at() {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let sql = format!(
            "SELECT {}, {}, {} < $2, $3 < {}",
            db_now(true),
            db_now_plus(true, "$1"),
            db_now(true),
            db_now(true)
        );
        let before = chrono::Utc::now() - chrono::Duration::seconds(5);
        let after = chrono::Utc::now() + chrono::Duration::seconds(5);
        let (now, later, below_after, above_before): (String, String, bool, bool) =
            sqlx::query_as(&sql)
                .bind(Span(Duration::from_millis(90_250)))
                .bind(At(after))
                .bind(At(before))
                .fetch_one(&pool)
                .await
                .unwrap();
        let parsed = parse_ts(&now).expect("RFC 3339");
        assert_eq!(ts(parsed), now, "the same text as `At`");
        assert!(parsed > before && parsed < after, "{now}");
        let ahead = parse_ts(&later).unwrap() - parsed;
        assert_eq!(ahead, chrono::Duration::milliseconds(90_250));
        assert!(below_after && above_before);
    }
}
