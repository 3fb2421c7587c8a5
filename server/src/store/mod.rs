//! The database: pool set-up for concurrent writers, migrations and write transactions.
use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

pub type Db = SqlitePool;
pub type Tx = Transaction<'static, Sqlite>;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Opens (creating when missing) the database at `url`, set up for many concurrent writers:
/// WAL so readers never block the writer, and a busy timeout so writers queue instead of failing.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let options = SqliteConnectOptions::from_str(url)
        .with_context(|| format!("invalid DATABASE_URL {url:?}"))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true)
        .pragma("temp_store", "memory");
    SqlitePoolOptions::new()
        .max_connections(8)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database at {url}"))
}

/// The URL of the default database inside `data_dir`, creating the folder.
pub fn sqlite_url_in(data_dir: &Path) -> anyhow::Result<String> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
    Ok(format!(
        "sqlite://{}",
        data_dir.join("vision-stays.db").display()
    ))
}

pub async fn migrate(db: &Db) -> anyhow::Result<()> {
    MIGRATOR.run(db).await.context("database migration failed")
}

/// Whether every migration this binary knows has been applied (for `/readyz`).
pub async fn is_ready(db: &Db) -> bool {
    let applied: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(db)
            .await;
    matches!(applied, Ok(n) if n as usize >= MIGRATOR.iter().count())
}

/// A write transaction that takes SQLite's write lock at BEGIN. A deferred transaction that
/// reads first and then writes can fail with SQLITE_BUSY on the lock upgrade, which the
/// busy timeout does not cover; IMMEDIATE makes writers queue at the start instead.
pub async fn begin_write(db: &Db) -> Result<Tx, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// UTC instants are stored as RFC 3339 text with millisecond precision.
pub fn now_text() -> String {
    ts(chrono::Utc::now())
}

pub fn ts(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

pub fn parse_ts(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&chrono::Utc))
}

/// Turns a database error into the safe public error, logging the detail.
pub fn internal(context: &'static str) -> impl FnOnce(sqlx::Error) -> app::model::AppError {
    move |e| {
        tracing::error!(error = %e, "{context}");
        app::model::AppError::Internal
    }
}
