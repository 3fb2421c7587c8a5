//! The data dir's advisory lock: every process that keeps the SQLite database open holds it
//! shared; `restore` takes it exclusively, so it never swaps files under a running server.
use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// In the data dir; never copied into a backup.
pub const LOCK_FILE: &str = "vision-stays.lock";

/// Held until dropped (the OS also releases it when the process dies, so a crash leaves no
/// stale lock behind).
#[derive(Debug)]
pub struct DataDirLock {
    _files: Vec<File>,
}

/// The lock files guarding a data dir and its database: the data dir's own, and one beside the
/// database when `DATABASE_URL` puts it elsewhere (roles with their own data dirs may share it).
pub fn lock_paths(data_dir: &Path, database: &Path) -> Vec<PathBuf> {
    let mut paths = vec![data_dir.join(LOCK_FILE)];
    if database.parent() != Some(data_dir) {
        let mut beside = database.as_os_str().to_owned();
        beside.push(".lock");
        paths.push(PathBuf::from(beside));
    }
    paths
}

/// The one lock a process that keeps the database open holds: beside a database outside the
/// data dir (such a process may have no writable data dir at all, e.g. a function on a
/// read-only root), else the data dir's. Either keeps a restore out: it locks both.
fn held_paths(data_dir: &Path, database: &Path) -> Vec<PathBuf> {
    let mut paths = lock_paths(data_dir, database);
    paths.swap_remove(0);
    if paths.is_empty() {
        paths.push(data_dir.join(LOCK_FILE));
    }
    paths
}

fn open(path: &Path) -> anyhow::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
        .open(path)
        .with_context(|| format!("cannot open the lock file {}", path.display()))
}

impl DataDirLock {
    /// For a process that uses the database: fails at once while a restore holds it.
    pub fn shared(data_dir: &Path, database: &Path) -> anyhow::Result<DataDirLock> {
        let mut files = Vec::new();
        for path in held_paths(data_dir, database) {
            let file = open(&path)?;
            match file.try_lock_shared() {
                Ok(()) => files.push(file),
                Err(TryLockError::WouldBlock) => anyhow::bail!(
                    "a restore is running on the data dir {} (lock {}): start again when it has \
                     finished",
                    data_dir.display(),
                    path.display()
                ),
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
        }
        Ok(DataDirLock { _files: files })
    }

    /// For `restore`: fails at once while any server, function or backup uses the data dir.
    pub fn exclusive(data_dir: &Path, database: &Path) -> anyhow::Result<DataDirLock> {
        let mut files = Vec::new();
        for path in lock_paths(data_dir, database) {
            let file = open(&path)?;
            match file.try_lock() {
                Ok(()) => files.push(file),
                Err(TryLockError::WouldBlock) => anyhow::bail!(
                    "the data dir {} is in use (lock {} is held): a `vision-stays serve`, \
                     `function` or `backup` is running on it. Stop every process on this data \
                     dir, then restore",
                    data_dir.display(),
                    path.display()
                ),
                Err(TryLockError::Error(e)) => {
                    return Err(e).with_context(|| format!("cannot lock {}", path.display()));
                }
            }
        }
        Ok(DataDirLock { _files: files })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_holders_coexist_and_keep_restore_out() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("vision-stays.db");
        let first = DataDirLock::shared(dir.path(), &db).unwrap();
        let second = DataDirLock::shared(dir.path(), &db).unwrap();
        let err = DataDirLock::exclusive(dir.path(), &db).unwrap_err();
        assert!(err.to_string().contains("is in use"), "{err}");
        drop((first, second));
        let restore = DataDirLock::exclusive(dir.path(), &db).unwrap();
        let err = DataDirLock::shared(dir.path(), &db).unwrap_err();
        assert!(err.to_string().contains("a restore is running"), "{err}");
        drop(restore);
        DataDirLock::shared(dir.path(), &db).unwrap();
    }

    #[test]
    fn a_database_outside_the_data_dir_is_locked_beside_it_too() {
        let dir = tempfile::tempdir().unwrap();
        let (data, elsewhere) = (dir.path().join("data"), dir.path().join("shared.db"));
        std::fs::create_dir(&data).unwrap();
        assert_eq!(
            lock_paths(&data, &elsewhere),
            [data.join(LOCK_FILE), dir.path().join("shared.db.lock")]
        );
        // A server on that database needs no data dir of its own to hold its lock.
        let missing = dir.path().join("not-made");
        assert_eq!(
            held_paths(&missing, &elsewhere),
            [dir.path().join("shared.db.lock")]
        );
        let _server = DataDirLock::shared(&missing, &elsewhere).unwrap();
        assert!(!missing.exists());
        assert!(DataDirLock::exclusive(&data, &elsewhere).is_err());
    }
}
