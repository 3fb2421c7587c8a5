//! Backups on a schedule inside `serve` (`--backup-every`, `--backup-keep`): one each period
//! from the live pool, the oldest complete ones beyond the count to keep deleted.
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use sqlx::SqlitePool;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use super::{POSTGRES, Source, Taken, list, take};
use crate::config::DbArgs;
use crate::metrics::Metrics;
use crate::store::Db;

pub const LAST_SUCCESS: &str = "vs_backup_last_success_timestamp_seconds";
pub const DEFAULT_KEEP: u32 = 7;

#[derive(Args, Debug, Clone)]
pub struct ScheduleArgs {
    /// Take a backup of the SQLite database and data dir this often while serving (e.g. `6h`,
    /// `30m`, `1h30m`, `90s`); off when unset. Not for PostgreSQL (OCI backs it up).
    #[arg(long, env = "VS_BACKUP_EVERY", value_parser = parse_duration)]
    pub backup_every: Option<Duration>,
    /// How many backups to keep in the backup folder: after each scheduled backup, the oldest
    /// complete ones beyond this many are deleted (whoever took them).
    #[arg(long, env = "VS_BACKUP_KEEP", default_value_t = DEFAULT_KEEP,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,
    /// Folder for scheduled backups; default `<data-dir>/backups`.
    #[arg(long, env = "VS_BACKUP_DIR")]
    pub backup_dir: Option<PathBuf>,
}

impl Default for ScheduleArgs {
    fn default() -> Self {
        ScheduleArgs {
            backup_every: None,
            backup_keep: DEFAULT_KEEP,
            backup_dir: None,
        }
    }
}

/// `90s`, `30m`, `6h`, `1d`, or several together (`1h30m`); a unit is required, since a bare
/// number could mean seconds or hours to whoever wrote it.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let mut total = 0u64;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "{text:?}: use a number and s, m, h or d (e.g. 6h, 30m)"
                ));
            }
        };
        let n: u64 = digits
            .parse()
            .map_err(|_| format!("{text:?}: a number must come before each unit (e.g. 1h30m)"))?;
        total = n
            .checked_mul(unit)
            .and_then(|s| total.checked_add(s))
            .ok_or_else(|| format!("{text:?} is too long"))?;
        digits.clear();
    }
    if !digits.is_empty() || text.is_empty() {
        return Err(format!(
            "{text:?}: give a unit (s, m, h or d), e.g. 6h or 90s"
        ));
    }
    if total == 0 {
        return Err("the period must be longer than zero".to_owned());
    }
    Ok(Duration::from_secs(total))
}

/// Takes the scheduled backups of one `serve` process.
pub struct Scheduler {
    pool: SqlitePool,
    source: Source,
    dir: PathBuf,
    every: Duration,
    keep: usize,
    metrics: Metrics,
}

pub struct SchedulerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl SchedulerHandle {
    /// Stops after the backup being written, if any, is complete.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

impl Scheduler {
    /// `None` without `--backup-every`; an error when it is set on a role without a SQLite
    /// database, rather than a server that looks backed up and is not.
    pub fn new(
        args: &ScheduleArgs,
        db: Option<&Db>,
        db_args: &DbArgs,
        metrics: &Metrics,
    ) -> anyhow::Result<Option<Scheduler>> {
        let Some(every) = args.backup_every else {
            return Ok(None);
        };
        let pool = match db {
            Some(Db::Sqlite(pool)) => pool.clone(),
            Some(Db::Postgres(_)) => anyhow::bail!("--backup-every: {POSTGRES}"),
            None => anyhow::bail!("--backup-every: this role has no database to back up"),
        };
        let source = Source::of(db_args)?;
        let dir = args
            .backup_dir
            .clone()
            .unwrap_or_else(|| source.default_dir());
        metrics.record(|| {
            metrics::describe_gauge!(
                LAST_SUCCESS,
                metrics::Unit::Seconds,
                "When the last scheduled backup completed (Unix time); absent before the first."
            );
        });
        tracing::info!(dir = %dir.display(), every = ?every, keep = args.backup_keep, "scheduled backups");
        Ok(Some(Scheduler {
            pool,
            source,
            dir,
            every,
            keep: args.backup_keep as usize,
            metrics: metrics.clone(),
        }))
    }

    pub fn spawn(self) -> SchedulerHandle {
        let (stop, mut stopped) = watch::channel(false);
        let task = tokio::spawn(async move {
            let mut tick = tokio::time::interval(self.every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            // The first tick is immediate: the first backup comes one period after start, so
            // a crash loop does not fill the disk with backups.
            tick.tick().await;
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    _ = stopped.changed() => return,
                }
                self.once().await;
            }
        });
        SchedulerHandle { stop, task }
    }

    async fn once(&self) {
        match take(&self.pool, &self.source, &self.dir).await {
            Ok(taken) => {
                self.log(&taken);
                let at = taken.manifest.created_at.timestamp() as f64;
                self.metrics
                    .record(|| metrics::gauge!(LAST_SUCCESS).set(at));
            }
            Err(e) => {
                tracing::error!(error = format!("{e:#}"), dir = %self.dir.display(), "scheduled backup failed");
                return;
            }
        }
        let (dir, keep) = (self.dir.clone(), self.keep);
        match tokio::task::spawn_blocking(move || prune(&dir, keep)).await {
            Ok(Ok(removed)) => {
                for path in removed {
                    tracing::info!(path = %path.display(), "old backup deleted");
                }
            }
            Ok(Err(e)) => tracing::error!(error = format!("{e:#}"), "deleting old backups failed"),
            Err(e) => tracing::error!(error = %e, "deleting old backups failed"),
        }
    }

    fn log(&self, taken: &Taken) {
        tracing::info!(
            path = %taken.path.display(),
            bytes = taken.bytes,
            bookings = taken.manifest.bookings(),
            schema_version = taken.manifest.schema_version,
            "backup taken"
        );
    }
}

/// Deletes the oldest complete backups in `dir` beyond the newest `keep`; the deleted paths.
pub fn prune(dir: &Path, keep: usize) -> anyhow::Result<Vec<PathBuf>> {
    let backups = list(dir)?;
    let excess = backups.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for (path, _) in backups.into_iter().take(excess) {
        std::fs::remove_dir_all(&path)?;
        removed.push(path);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_take_units_and_refuse_bare_numbers() {
        let secs = |s: &str| parse_duration(s).map(|d| d.as_secs());
        assert_eq!(secs("90s"), Ok(90));
        assert_eq!(secs("30m"), Ok(1800));
        assert_eq!(secs("6h"), Ok(21_600));
        assert_eq!(secs("1d"), Ok(86_400));
        assert_eq!(secs("1h30m"), Ok(5400));
        assert_eq!(secs(" 2h "), Ok(7200));
        for bad in [
            "",
            "90",
            "h",
            "1x",
            "0s",
            "1.5h",
            "-1h",
            "1h30",
            "99999999999999999999d",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn pruning_keeps_the_newest_complete_backups_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, at: &str| {
            let path = dir.path().join(name);
            std::fs::create_dir(&path).unwrap();
            let json = format!(
                r#"{{"format":1,"created_at":"{at}","binary_version":"0.1.0","schema_version":1,
                "database":"vision-stays.db","counts":{{}},"files":[{{"path":"vision-stays.db","bytes":0,"sha256":""}}]}}"#
            );
            std::fs::write(path.join("manifest.json"), json).unwrap();
        };
        write("vision-stays-20261201T000000Z", "2026-12-01T00:00:00Z");
        write("vision-stays-20261203T000000Z", "2026-12-03T00:00:00Z");
        write("vision-stays-20261202T000000Z", "2026-12-02T00:00:00Z");
        // Not complete backups: never counted, never deleted.
        std::fs::create_dir(dir.path().join("vision-stays-20261130T000000Z")).unwrap();
        std::fs::create_dir(dir.path().join(".partial-vision-stays-x")).unwrap();
        std::fs::create_dir(dir.path().join("notes")).unwrap();
        let removed = prune(dir.path(), 2).unwrap();
        assert_eq!(removed, [dir.path().join("vision-stays-20261201T000000Z")]);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".partial-vision-stays-x",
                "notes",
                "vision-stays-20261130T000000Z",
                "vision-stays-20261202T000000Z",
                "vision-stays-20261203T000000Z"
            ]
        );
        assert!(prune(dir.path(), 2).unwrap().is_empty());
    }
}
