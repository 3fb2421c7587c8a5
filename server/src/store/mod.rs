//! The database: SQLite (embedded, the default) or PostgreSQL, chosen by the URL; pools set up
//! for concurrent writers, migrations, and write transactions.
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, SqlitePool, Transaction};

mod at;
mod clock;
mod gate;
pub mod health;
pub mod ownership;
pub use at::{At, Ids};
pub use clock::{Span, db_now, db_now_plus, seconds_since_earliest};
pub use gate::SqliteTx;

/// A pool on one of the two supported databases. Each service's store dispatches on it.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A write transaction on either database; dropped without `commit`, it rolls back.
pub enum Tx {
    Sqlite(SqliteTx),
    Postgres(Transaction<'static, Postgres>),
}

impl Tx {
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Tx::Sqlite(tx) => tx.commit().await,
            Tx::Postgres(tx) => tx.commit().await,
        }
    }
}

static SQLITE_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Opens the database at `url`: `postgres://…` for PostgreSQL (a pool of at most
/// `max_connections`), `sqlite://…` otherwise (created when missing).
pub async fn connect(url: &str, max_connections: u32) -> anyhow::Result<Db> {
    if is_postgres_url(url) {
        let options = PgConnectOptions::from_str(url).context("invalid PostgreSQL DATABASE_URL")?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(2))
            .acquire_timeout(health::PG_ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .context("cannot connect to PostgreSQL")?;
        return Ok(Db::Postgres(pool));
    }
    // WAL so readers never block the writer; a busy timeout so writers queue instead of failing.
    let options = SqliteConnectOptions::from_str(url)
        .context("invalid SQLite DATABASE_URL")?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true)
        .pragma("temp_store", "memory");
    let file = options.get_filename();
    if file != Path::new(":memory:") && !file.as_os_str().is_empty() {
        crate::files::touch_private(file)
            .with_context(|| format!("cannot create the database file {}", file.display()))?;
    }
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database at {url}"))?;
    Ok(Db::Sqlite(pool))
}

/// The URL of the default database inside `data_dir`, creating the folder.
pub fn sqlite_url_in(data_dir: &Path) -> anyhow::Result<String> {
    crate::files::create_private_dir(data_dir)
        .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
    Ok(format!("sqlite://{}", sqlite_file_in(data_dir).display()))
}

/// The default database's file inside `data_dir`.
pub fn sqlite_file_in(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("vision-stays.db")
}

impl Db {
    fn migrator(&self) -> &'static sqlx::migrate::Migrator {
        match self {
            Db::Sqlite(_) => &SQLITE_MIGRATOR,
            Db::Postgres(_) => &POSTGRES_MIGRATOR,
        }
    }

    pub fn is_sqlite(&self) -> bool {
        matches!(self, Db::Sqlite(_))
    }

    /// The pool's connections now: (in use, idle, the most it opens).
    pub fn pool_use(&self) -> (u32, u32, u32) {
        let (size, idle, max) = match self {
            Db::Sqlite(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
            Db::Postgres(p) => (p.size(), p.num_idle(), p.options().get_max_connections()),
        };
        let idle = u32::try_from(idle).unwrap_or(u32::MAX);
        (size.saturating_sub(idle), idle, max)
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(p) => p.close().await,
            Db::Postgres(p) => p.close().await,
        }
    }
}

/// Applies the migrations. Several roles may start at once on one database: when another
/// process applied a migration first (SQLite has no migration lock), the next try finds it done.
pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    let mut attempt = 1;
    loop {
        let result = match db {
            Db::Sqlite(p) => SQLITE_MIGRATOR.run(p).await,
            Db::Postgres(p) => POSTGRES_MIGRATOR.run(p).await,
        };
        match result {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 5 => {
                tracing::warn!(error = %e, attempt, "migration failed; another process may be migrating, retrying");
                tokio::time::sleep(Duration::from_millis(300 * attempt)).await;
                attempt += 1;
            }
            Err(e) => return Err(e).context("database migration failed"),
        }
    }
}

/// The newest SQLite migration this binary knows: the schema version a backup records and the
/// newest one a restore accepts (older ones are migrated forward when `serve` starts).
pub fn sqlite_schema_version() -> i64 {
    SQLITE_MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Whether `url` names a PostgreSQL database (anything else is a SQLite file).
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Whether every migration this binary knows has been applied (for `/readyz`).
pub async fn is_ready(db: &Db) -> bool {
    let sql = "SELECT COUNT(*) FROM _sqlx_migrations WHERE success";
    let applied: Result<i64, _> = match db {
        Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await,
        Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await,
    };
    matches!(applied, Ok(n) if n as usize >= db.migrator().iter().count())
}

/// The newest migration applied to the SQLite database on `conn` (0 for one never migrated):
/// the schema version a backup of it records.
pub async fn applied_schema_version(conn: &mut sqlx::SqliteConnection) -> Result<i64, sqlx::Error> {
    let migrated: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut *conn)
    .await?;
    if migrated.is_none() {
        return Ok(0);
    }
    sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
        .fetch_one(conn)
        .await
        .map(Option::unwrap_or_default)
}

/// A write transaction. On SQLite it waits its turn in this process (gate.rs), then takes the
/// write lock at BEGIN: a deferred transaction that reads first and then writes can fail with
/// SQLITE_BUSY on the lock upgrade, which the busy timeout does not cover. On PostgreSQL, READ COMMITTED with conditional updates: row locks
/// serialise the writers that touch the same nights.
pub async fn begin_write(db: &Db) -> Result<Tx, sqlx::Error> {
    match db {
        Db::Sqlite(p) => Ok(Tx::Sqlite(SqliteTx::begin(p).await?)),
        Db::Postgres(p) => Ok(Tx::Postgres(p.begin().await?)),
    }
}

/// Whether an error is worth retrying the whole transaction for: PostgreSQL serialization
/// failures and deadlocks (SQLSTATE 40001, 40P01), SQLite busy or locked.
pub fn is_retryable(e: &sqlx::Error) -> bool {
    let Some(db) = e.as_database_error() else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        Some("40001" | "40P01" | "5" | "6" | "517")
    )
}

/// UTC instants are stored as RFC 3339 text with millisecond precision on SQLite.
pub fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_ts(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, sqlx::Error> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub use crate::error::internal;

/// Runs the same code against whichever pool `db` holds. Each arm is type-checked for its own
/// database, so portable SQL (`$1` placeholders, shared types) is written once; queries that
/// differ between the databases match on [`Db`] themselves.
macro_rules! on_db {
    ($db:expr, |$pool:ident| $body:expr) => {
        match $db {
            $crate::store::Db::Sqlite($pool) => $body,
            $crate::store::Db::Postgres($pool) => $body,
        }
    };
}
pub(crate) use on_db;

/// The same as [`on_db`] for a transaction (`&mut Tx`).
macro_rules! on_tx {
    ($tx:expr, |$conn:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $conn = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $conn = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

/// A pool or an open transaction: reads that must see a transaction's own writes (or must not
/// take a second connection while it holds one) run on it.
pub enum Conn<'c> {
    Pool(&'c Db),
    Tx(&'c mut Tx),
}

impl<'c> From<&'c Db> for Conn<'c> {
    fn from(db: &'c Db) -> Self {
        Conn::Pool(db)
    }
}

impl<'c> From<&'c mut Tx> for Conn<'c> {
    fn from(tx: &'c mut Tx) -> Self {
        Conn::Tx(tx)
    }
}

impl Conn<'_> {
    pub fn is_sqlite(&self) -> bool {
        match self {
            Conn::Pool(db) => db.is_sqlite(),
            Conn::Tx(tx) => matches!(tx, Tx::Sqlite(_)),
        }
    }
}

/// `(…), (…)` for a multi-row INSERT of `rows` rows of `columns` parameters, bound in order.
/// SQLite gets plain `?`: sqlx's SQLite driver slows down with the count of numbered
/// placeholders in one statement (300 rows of 21 took 25 times as long).
pub fn values_rows(sqlite: bool, rows: usize, columns: usize) -> String {
    let row = |r: usize| {
        let params: Vec<String> = (1..=columns)
            .map(|c| {
                if sqlite {
                    "?".to_owned()
                } else {
                    format!("${}", r * columns + c)
                }
            })
            .collect();
        format!("({})", params.join(", "))
    };
    (0..rows).map(row).collect::<Vec<_>>().join(", ")
}

/// The SQL condition "`column` is one of the ids bound at `param`" (an [`Ids`]), per database.
pub fn any_of(sqlite: bool, column: &str, param: &str) -> String {
    if sqlite {
        format!("{column} IN (SELECT value FROM json_each({param}))")
    } else {
        format!("{column} = ANY({param})")
    }
}

/// The same as [`on_db`] for a [`Conn`]: the body sees a pool or a connection.
macro_rules! on_conn {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::store::Conn::Pool($crate::store::Db::Sqlite($c)) => $body,
            $crate::store::Conn::Pool($crate::store::Db::Postgres($c)) => $body,
            $crate::store::Conn::Tx($crate::store::Tx::Sqlite(t)) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::Conn::Tx($crate::store::Tx::Postgres(t)) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_conn;

/// Why a transaction body stopped: a rule said no, or the database failed (maybe retryably).
pub enum TxFail {
    App(crate::error::Error),
    Db(&'static str, sqlx::Error),
}

impl From<crate::error::Error> for TxFail {
    fn from(e: crate::error::Error) -> Self {
        TxFail::App(e)
    }
}

impl From<crate::error::Rule> for TxFail {
    fn from(r: crate::error::Rule) -> Self {
        TxFail::App(r.into())
    }
}

/// Tags a database error with what was being done, for `?` inside a transaction body.
pub fn db_fail(context: &'static str) -> impl FnOnce(sqlx::Error) -> TxFail {
    move |e| TxFail::Db(context, e)
}

/// Runs a transaction body, again (3 attempts in all, with a short pause) when the database
/// reports a serialization failure or deadlock; other failures end it at once.
pub async fn retrying<T, F, Fut>(mut body: F) -> Result<T, crate::error::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, TxFail>>,
{
    let mut attempt = 1;
    loop {
        match body().await {
            Ok(value) => return Ok(value),
            Err(TxFail::App(e)) => return Err(e),
            Err(TxFail::Db(context, e)) if attempt < 3 && is_retryable(&e) => {
                tracing::warn!(error = %e, attempt, "{context}: retrying the transaction");
                tokio::time::sleep(Duration::from_millis(10 * attempt)).await;
                attempt += 1;
            }
            Err(TxFail::Db(context, e)) => return Err(crate::error::internal(context)(e)),
        }
    }
}
