//! What the recovery tests share: the binary run as an operator runs it, backup folders read
//! and copied, and guests booking through the REST API in the background.
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::json;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::common::api::ApiClient;
use crate::common::{AFTER_HISTORY, day};

const TRAFFIC_TASKS: usize = 4;

/// The binary run as an operator runs it, without the test environment's database settings.
pub(super) async fn vision_stays(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = tokio::process::Command::new(env!("CARGO_BIN_EXE_vision-stays"));
    cmd.args(args)
        .env_remove("DATABASE_URL")
        .env_remove("VS_DATA_DIR")
        .env_remove("VS_BACKUP_DIR")
        .env("VS_LOG", "info")
        .envs(env.iter().copied())
        .kill_on_drop(true);
    cmd.output().await.expect("run vision-stays")
}

pub(super) fn text(out: &Output) -> String {
    format!(
        "status {}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

pub(super) async fn restore(from: &Path, data_dir: &Path) -> Output {
    vision_stays(
        &[
            "restore",
            from.to_str().unwrap(),
            "--data-dir",
            data_dir.to_str().unwrap(),
        ],
        &[],
    )
    .await
}

/// The complete backups (`vision-stays-*`) in `dir`.
pub(super) fn backups_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("vision-stays-")
        })
        .collect();
    found.sort();
    found
}

pub(super) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every booking reference in a SQLite database file, read without changing the folder.
pub(super) async fn references_in(db: &Path) -> Vec<String> {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .immutable(true)
        .connect()
        .await
        .unwrap();
    let refs = sqlx::query_scalar("SELECT reference FROM bookings ORDER BY reference")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    refs
}

/// Guests booking through the REST API until told to stop; each reference is kept with
/// whether its request started after `after` was raised.
pub(super) struct Traffic {
    stop: Arc<AtomicBool>,
    pub(super) after: Arc<AtomicBool>,
    pub(super) booked: Arc<Mutex<Vec<(String, bool)>>>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl Traffic {
    pub(super) async fn start(api: Arc<ApiClient>) -> Traffic {
        let (stop, after) = (
            Arc::new(AtomicBool::new(false)),
            Arc::new(AtomicBool::new(false)),
        );
        let booked = Arc::new(Mutex::new(Vec::new()));
        let next = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for task in 0..TRAFFIC_TASKS {
            let token = api.customer(&format!("traffic{task}@example.pt")).await;
            let (api, stop, after, booked, next) = (
                api.clone(),
                stop.clone(),
                after.clone(),
                booked.clone(),
                next.clone(),
            );
            tasks.push(tokio::spawn(async move {
                while !stop.load(Ordering::SeqCst) {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let started_after = after.load(Ordering::SeqCst);
                    let offset = AFTER_HISTORY + 1 + (n % 300) as i64;
                    let body = json!({"hotel": "casa-do-tejo", "room_type": "river-view-double",
                        "check_in": day(offset), "check_out": day(offset + 1), "guests": 1,
                        "guest": {"name": "Rita Sousa", "email": format!("traffic{task}@example.pt")}});
                    let key = format!("backup-traffic-{n}");
                    let r = api
                        .book(Some(&token), &[("idempotency-key", &key)], body)
                        .await;
                    match r.status {
                        StatusCode::CREATED => {
                            let reference = r.body["reference"].as_str().unwrap().to_owned();
                            booked.lock().unwrap().push((reference, started_after));
                        }
                        // That night sold out: the next request tries another.
                        StatusCode::CONFLICT => {}
                        other => panic!("booking answered {other}: {}", r.body),
                    }
                }
            }));
        }
        Traffic {
            stop,
            after,
            booked,
            tasks,
        }
    }

    /// Waits (up to a minute) until `n` bookings whose request started after `after` was raised
    /// (all bookings while it is not) have been made.
    pub(super) async fn wait_for(&self, n: usize) {
        let started = Instant::now();
        loop {
            let after = self.after.load(Ordering::SeqCst);
            let count = self
                .booked
                .lock()
                .unwrap()
                .iter()
                .filter(|(_, a)| *a || !after)
                .count();
            if count >= n {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "traffic made {count} of {n} bookings in a minute"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub(super) async fn finish(self) -> Vec<(String, bool)> {
        self.stop.store(true, Ordering::SeqCst);
        for task in self.tasks {
            task.await.expect("a traffic task panicked");
        }
        Arc::try_unwrap(self.booked).unwrap().into_inner().unwrap()
    }
}
