//! Online backups of a SQLite install: a consistent copy of the database (`VACUUM INTO`, taken
//! while the site serves), the data dir's keys and other files, and a manifest to check them by.
//!
//! A backup is a folder `vision-stays-<UTC time>` holding `vision-stays.db`, `data/` (the data
//! dir's files) and `manifest.json`. It is written under a hidden `.partial-` name and renamed
//! when complete, so a folder with the final name is always whole.
pub mod files;
pub mod lock;
pub mod manifest;
pub mod restore;
pub mod schedule;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context;
use chrono::Utc;
use clap::Args;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use sqlx::{ConnectOptions, Connection};

use crate::config::DbArgs;
pub use lock::DataDirLock;
pub use manifest::Manifest;

/// The default backup folder inside the data dir (never copied into a backup).
pub const BACKUPS_DIR: &str = "backups";
/// The database's name inside a backup, whatever it is called in the install.
pub const DATABASE: &str = "vision-stays.db";
/// The data dir's files inside a backup.
pub const DATA: &str = "data";
const PREFIX: &str = "vision-stays-";
const PARTIAL: &str = ".partial-";

/// Tables whose row counts the manifest records: what an operator checks after a restore.
const COUNTED: &[&str] = &[
    "bookings",
    "hotels",
    "room_types",
    "customers",
    "hotel_photos",
    "hotel_admins",
];

/// Why `backup`, `restore` and `--backup-every` stop on PostgreSQL.
pub const POSTGRES: &str = "PostgreSQL is not backed up by vision-stays: OCI Database with \
PostgreSQL takes automatic daily backups with point-in-time recovery (deploy/oci/terraform/\
database.tf; keep them longer with the Terraform variable backup_retention_days, 1-35 days). \
To restore, in the OCI console open Databases > PostgreSQL > the DB system: restore a backup \
from its Backups list, or create a new DB system from a point in time; with the OCI CLI, \
`oci psql db-system restore` (a backup) or `oci psql db-system create` with a point-in-time \
source. Then point DATABASE_URL at the restored system. See README, \"Backups and restore\".";

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Folder the backup is written into (as `vision-stays-<UTC time>/`); default
    /// `<data-dir>/backups`.
    #[arg(long, env = "VS_BACKUP_DIR")]
    pub to: Option<PathBuf>,
}

/// What a backup copies: the SQLite database and the data dir around it.
#[derive(Clone, Debug)]
pub struct Source {
    pub data_dir: PathBuf,
    pub database: PathBuf,
}

impl Source {
    /// The install `db` names; an error carrying [`POSTGRES`] on PostgreSQL.
    pub fn of(db: &DbArgs) -> anyhow::Result<Source> {
        // Before `url()`, which makes the data dir: PostgreSQL has no use for one here.
        if let Some(url) = &db.database_url
            && crate::store::is_postgres_url(url.value()?)
        {
            anyhow::bail!(POSTGRES);
        }
        let url = database_url(db)?;
        let database = sqlite_file(&url)?
            .context("an in-memory database has no file to back up or restore")?;
        Ok(Source {
            data_dir: db.data_dir.clone(),
            database,
        })
    }

    /// Where backups go when no folder is given.
    pub fn default_dir(&self) -> PathBuf {
        self.data_dir.join(BACKUPS_DIR)
    }

    /// Shared: many servers and backups may hold it; only a restore is kept out.
    pub fn lock_shared(&self) -> anyhow::Result<DataDirLock> {
        // Its lock lives in the data dir only when the database does.
        if self.database.parent() == Some(self.data_dir.as_path()) {
            crate::files::create_private_dir(&self.data_dir).with_context(|| {
                format!("cannot create the data dir {}", self.data_dir.display())
            })?;
        }
        DataDirLock::shared(&self.data_dir, &self.database)
    }
}

/// The database's URL without making the data dir when `DATABASE_URL` names one elsewhere
/// (`DbArgs::url` makes it for the files `serve` keeps there).
fn database_url(db: &DbArgs) -> anyhow::Result<String> {
    match &db.database_url {
        Some(url) => Ok(url.value()?.clone()),
        None => crate::store::sqlite_url_in(&db.data_dir),
    }
}

/// The SQLite database file `url` names; `None` for an in-memory database.
fn sqlite_file(url: &str) -> anyhow::Result<Option<PathBuf>> {
    let options = SqliteConnectOptions::from_str(url).context("invalid SQLite DATABASE_URL")?;
    let file = options.get_filename();
    Ok((file != Path::new(":memory:") && !file.as_os_str().is_empty()).then(|| file.to_path_buf()))
}

/// The shared lock of a process that keeps the database open: `None` on PostgreSQL, which a
/// restore never touches (and whose processes, e.g. functions on a read-only root, may have
/// no data dir to write a lock into).
pub fn hold_data_dir(db: &DbArgs) -> anyhow::Result<Option<DataDirLock>> {
    if let Some(url) = &db.database_url
        && crate::store::is_postgres_url(url.value()?)
    {
        return Ok(None);
    }
    if sqlite_file(&database_url(db)?)?.is_none() {
        return Ok(None);
    }
    Source::of(db)?.lock_shared().map(Some)
}

/// A backup just written.
#[derive(Debug)]
pub struct Taken {
    pub path: PathBuf,
    pub bytes: u64,
    pub manifest: Manifest,
}

/// `vision-stays backup`: one backup of the install, while it may be serving.
pub async fn run(args: &BackupArgs) -> anyhow::Result<Taken> {
    let source = Source::of(&args.db)?;
    anyhow::ensure!(
        source.database.exists(),
        "there is no database at {} to back up (check --data-dir and DATABASE_URL)",
        source.database.display()
    );
    let _lock = source.lock_shared()?;
    let to = args.to.clone().unwrap_or_else(|| source.default_dir());
    // Its own connection, not a pool: the command makes one copy and exits. Opened without
    // creating or migrating anything, so it backs up the database exactly as it is.
    let options = SqliteConnectOptions::new()
        .filename(&source.database)
        .busy_timeout(std::time::Duration::from_secs(30));
    let pool = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .with_context(|| format!("cannot open the database {}", source.database.display()))?;
    let taken = take(&pool, &source, &to).await;
    pool.close().await;
    taken
}

/// Writes one backup of `pool`'s database and `source`'s data dir into a new folder in `to`.
pub async fn take(pool: &SqlitePool, source: &Source, to: &Path) -> anyhow::Result<Taken> {
    crate::files::create_private_dir(to)
        .with_context(|| format!("cannot create the backup folder {}", to.display()))?;
    let created_at = Utc::now();
    let name = format!("{PREFIX}{}", created_at.format("%Y%m%dT%H%M%SZ"));
    let partial = to.join(format!("{PARTIAL}{name}-{}", uuid::Uuid::new_v4().simple()));
    crate::files::create_private_dir(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let written = write(pool, source, to, &partial, created_at).await;
    let manifest = match written {
        Ok(manifest) => manifest,
        Err(e) => {
            // Only our own half-written folder: nothing else is ever removed here.
            let _ = std::fs::remove_dir_all(&partial);
            return Err(e);
        }
    };
    let path = free_name(to, &name);
    std::fs::rename(&partial, &path)
        .with_context(|| format!("cannot rename {} to {}", partial.display(), path.display()))?;
    files::sync_dir(to);
    let bytes = manifest.files.iter().map(|f| f.bytes).sum();
    Ok(Taken {
        path,
        bytes,
        manifest,
    })
}

/// `to/name`, or `to/name-2`, `-3`… when a backup of the same second exists.
fn free_name(to: &Path, name: &str) -> PathBuf {
    let mut path = to.join(name);
    let mut n = 2;
    while path.exists() {
        path = to.join(format!("{name}-{n}"));
        n += 1;
    }
    path
}

async fn write(
    pool: &SqlitePool,
    source: &Source,
    to: &Path,
    partial: &Path,
    created_at: chrono::DateTime<Utc>,
) -> anyhow::Result<Manifest> {
    let copy = partial.join(DATABASE);
    // VACUUM INTO wants a new or empty file; creating it first keeps it owner-only.
    crate::files::touch_private(&copy)?;
    // One read transaction: a consistent snapshot while writers carry on (WAL), and a
    // compact file with no -wal to go with it.
    sqlx::query("VACUUM INTO ?")
        .bind(copy.to_string_lossy().into_owned())
        .execute(pool)
        .await
        .context("VACUUM INTO (the database copy) failed")?;
    let (schema_version, counts) = inspect(&copy).await?;
    let source = source.clone();
    let (to, partial) = (to.to_path_buf(), partial.to_path_buf());
    tokio::task::spawn_blocking(move || {
        let mut entries = vec![files::entry(&partial, DATABASE)?];
        entries.extend(files::copy_data_dir(&source, &to, &partial)?);
        let manifest = Manifest {
            format: manifest::FORMAT,
            created_at,
            binary_version: env!("CARGO_PKG_VERSION").to_owned(),
            schema_version,
            database: DATABASE.to_owned(),
            counts,
            files: entries,
        };
        crate::files::write_private_new(&partial.join(manifest::MANIFEST), &manifest.to_json())?;
        files::sync_dir(&partial);
        Ok(manifest)
    })
    .await?
}

/// The copy's schema version and row counts, read from the copy itself so the manifest says
/// what the backup holds. Also checks the copy is a sound database.
async fn inspect(copy: &Path) -> anyhow::Result<(i64, BTreeMap<String, i64>)> {
    // Immutable: no -wal or -shm is created beside the copy, nothing locks it.
    let mut conn = SqliteConnectOptions::new()
        .filename(copy)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .context("cannot open the database copy")?;
    let check: String = sqlx::query_scalar("PRAGMA quick_check")
        .fetch_one(&mut conn)
        .await?;
    anyhow::ensure!(check == "ok", "the database copy is damaged: {check}");
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut conn)
            .await?;
    let schema_version = crate::store::applied_schema_version(&mut conn).await?;
    let mut counts = BTreeMap::new();
    for table in COUNTED.iter().filter(|t| tables.iter().any(|n| n == *t)) {
        // The name comes from COUNTED, never from input.
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await?;
        counts.insert((*table).to_owned(), n);
    }
    conn.close().await?;
    Ok((schema_version, counts))
}

/// The complete backups in `dir`, oldest first (by the time in their manifest).
pub fn list(dir: &Path) -> anyhow::Result<Vec<(PathBuf, Manifest)>> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let is_backup =
            entry.file_name().to_string_lossy().starts_with(PREFIX) && entry.file_type()?.is_dir();
        if !is_backup {
            continue;
        }
        // A folder without a readable manifest is not ours to count (or to prune).
        if let Ok(manifest) = Manifest::read(&entry.path()) {
            found.push((entry.path(), manifest));
        }
    }
    found.sort_by(|a, b| (a.1.created_at, &a.0).cmp(&(b.1.created_at, &b.0)));
    Ok(found)
}
