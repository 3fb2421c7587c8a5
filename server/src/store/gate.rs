//! One SQLite write transaction at a time per database file in this process, waiting in line.
//!
//! SQLite has one writer. Without a queue, every other `BEGIN IMMEDIATE` sleeps in SQLite's
//! busy handler (1, 2, 5 … 100 ms naps) and retries: under a burst of bookings that polling
//! is most of the latency (p99 over 500 ms at a few hundred bookings a second). Here writers
//! wait on a fair async lock instead and start the moment the one before commits. Other
//! processes on the same file (the role processes) still meet the busy timeout.
use std::collections::HashMap;
use std::ops::{Deref, DerefMut};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use sqlx::{Sqlite, SqliteConnection, SqlitePool, Transaction};
use tokio::sync::{Mutex as Turn, OwnedMutexGuard};

/// Keyed by file rather than by pool: two pools on one file (a backup's, a test's) share the
/// file's one write lock, so they share its queue. Process-wide for the same reason.
static GATES: LazyLock<Mutex<HashMap<PathBuf, Arc<Turn<()>>>>> = LazyLock::new(Default::default);

/// A SQLite write transaction holding the file's turn until it commits or is dropped.
pub struct SqliteTx {
    tx: Transaction<'static, Sqlite>,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl SqliteTx {
    /// Waits for the file's turn, then `BEGIN IMMEDIATE`.
    pub async fn begin(pool: &SqlitePool) -> Result<SqliteTx, sqlx::Error> {
        let turn = match gate(pool) {
            Some(gate) => Some(gate.lock_owned().await),
            None => None,
        };
        let tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        Ok(SqliteTx { tx, _turn: turn })
    }

    /// Commits, then lets the next writer in.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }
}

impl Deref for SqliteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.tx
    }
}

impl DerefMut for SqliteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }
}

/// The queue of the pool's file; none for an in-memory database (each is its own).
fn gate(pool: &SqlitePool) -> Option<Arc<Turn<()>>> {
    let options = pool.connect_options();
    let file = options.get_filename();
    if file.as_os_str().is_empty() || file == std::path::Path::new(":memory:") {
        return None;
    }
    // The path as the pool was opened with: no file-system call on every write. Two pools that
    // name one file differently only miss each other's queue and meet SQLite's busy timeout.
    let mut gates = GATES.lock().unwrap_or_else(|e| e.into_inner());
    Some(gates.entry(file.to_path_buf()).or_default().clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::sqlite::SqlitePoolOptions;
    use std::time::Duration;

    async fn pool(url: &str) -> SqlitePool {
        SqlitePoolOptions::new()
            .max_connections(4)
            .connect(url)
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn writers_on_one_file_take_turns_across_pools() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("g.db").display());
        let (a, b) = (pool(&url).await, pool(&url).await);
        let first = SqliteTx::begin(&a).await.unwrap();
        let second = tokio::spawn(async move { SqliteTx::begin(&b).await.map(|_| ()) });
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(
            !second.is_finished(),
            "the second writer waits for its turn"
        );
        first.commit().await.unwrap();
        tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the second writer starts once the first commits")
            .unwrap()
            .unwrap();
    }

    #[tokio::test]
    async fn a_dropped_transaction_gives_its_turn_back() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("d.db").display());
        let p = pool(&url).await;
        drop(SqliteTx::begin(&p).await.unwrap());
        let again = tokio::time::timeout(Duration::from_secs(5), SqliteTx::begin(&p)).await;
        again
            .expect("not stuck behind a rolled-back writer")
            .unwrap();
    }
}
