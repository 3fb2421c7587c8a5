//! `vision-stays backup` and `restore` with the real binary: a backup taken while guests book,
//! restored into a fresh data dir, serves every booking its manifest counts and the same signing
//! key; restore refuses a running server, a changed file and a newer schema, and keeps what it
//! replaces. Scheduled backups keep the newest few; PostgreSQL is pointed at OCI's backups.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::support::{Traffic, backups_in, copy_dir, references_in, restore, text, vision_stays};
use crate::common::api::ApiClient;
use crate::common::process::{Process, free_port, stop, wait_ready};
use crate::common::{DEMO_PASSWORD, PG_ENV, access_token, fresh_pg_database};

const PLATFORM_ADMIN: &str = "admin@visionstays.test";

fn serve_demo(name: &'static str, dir: &Path) -> Process {
    Process::serve(name, dir, |cmd| {
        cmd.args(["--demo-data", "--rate-limit-per-minute", "0"])
            .env("VS_DEMO_PASSWORD", DEMO_PASSWORD);
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_during_traffic_restores_every_booking_it_counts() {
    let dir = tempfile::tempdir().unwrap();
    let site = serve_demo("site", dir.path());
    wait_ready(&site).await;
    let data_dir = dir.path().join("site");
    let api = Arc::new(ApiClient::new(site.url.clone()).await);
    // Issued before the backup: it must still verify on the restored site (same signing key).
    let early_token = api.customer("early@example.pt").await;

    let traffic = Traffic::start(api.clone()).await;
    traffic.wait_for(5).await;
    let confirmed_before: Vec<String> = (traffic.booked.lock().unwrap().iter())
        .map(|(r, _)| r.clone())
        .collect();
    let to = dir.path().join("backups");
    let out = vision_stays(
        &[
            "backup",
            "--data-dir",
            data_dir.to_str().unwrap(),
            "--to",
            to.to_str().unwrap(),
        ],
        &[],
    )
    .await;
    assert!(out.status.success(), "{}", text(&out));
    traffic.after.store(true, Ordering::SeqCst);
    traffic.wait_for(3).await;
    let booked = traffic.finish().await;

    let backups = backups_in(&to);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = &backups[0];
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&backup.display().to_string()),
        "{}",
        text(&out)
    );
    // Nothing half-written is left beside it.
    assert_eq!(std::fs::read_dir(&to).unwrap().count(), 1);
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(backup.join("manifest.json")).unwrap()).unwrap();
    let counted = manifest["counts"]["bookings"].as_i64().unwrap() as usize;
    assert!(
        manifest["schema_version"].as_i64().unwrap() > 0,
        "{manifest}"
    );
    assert!(
        manifest["created_at"].as_str().unwrap().ends_with('Z'),
        "{manifest}"
    );
    let files: Vec<&str> = manifest["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(files.contains(&"vision-stays.db"), "{files:?}");
    assert!(files.contains(&"data/jwt-signing-key.pem"), "{files:?}");
    assert!(
        files
            .iter()
            .all(|f| !f.contains("backups") && !f.ends_with("-wal")),
        "{files:?}"
    );
    let references = references_in(&backup.join("vision-stays.db")).await;
    assert_eq!(references.len(), counted, "the manifest counts the copy");
    let later: Vec<&String> = booked.iter().filter(|(_, a)| *a).map(|(r, _)| r).collect();
    // Bookings confirmed before the backup started are in it; those asked for after it
    // finished are not (the copy is one snapshot, not the live file).
    assert!(confirmed_before.len() >= 5 && !later.is_empty());
    for reference in &confirmed_before {
        assert!(
            references.contains(reference),
            "{reference} is not in the backup"
        );
    }
    for reference in &later {
        assert!(
            !references.contains(reference),
            "{reference} is in the backup"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in [
            "vision-stays.db",
            "manifest.json",
            "data/jwt-signing-key.pem",
        ] {
            let mode = std::fs::metadata(backup.join(file))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "{file}");
        }
    }

    // A changed file and a schema newer than the binary are refused before anything moves.
    let tampered = dir.path().join("tampered");
    copy_dir(backup, &tampered);
    let key = tampered.join("data/jwt-signing-key.pem");
    let mut pem = std::fs::read(&key).unwrap();
    pem.push(b'\n');
    std::fs::write(&key, pem).unwrap();
    let target = dir.path().join("never");
    let out = restore(&tampered, &target).await;
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("does not match the backup's manifest"),
        "{}",
        text(&out)
    );
    let newer = dir.path().join("newer");
    copy_dir(backup, &newer);
    let mut m = manifest.clone();
    m["schema_version"] = json!(manifest["schema_version"].as_i64().unwrap() + 1);
    std::fs::write(newer.join("manifest.json"), m.to_string()).unwrap();
    let out = restore(&newer, &target).await;
    assert!(!out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("newer than this binary's"),
        "{}",
        text(&out)
    );
    assert!(!target.join("vision-stays.db").exists());

    let key_before = std::fs::read(data_dir.join("jwt-signing-key.pem")).unwrap();
    stop(site);

    // Into a fresh data dir.
    let restored_dir = dir.path().join("restored");
    let out = restore(backup, &restored_dir).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("Nothing was replaced"),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read(restored_dir.join("jwt-signing-key.pem")).unwrap(),
        key_before
    );
    let restored = Process::serve("restored", dir.path(), |cmd| {
        cmd.args(["--rate-limit-per-minute", "0"]);
    });
    wait_ready(&restored).await;

    // While it serves, the data dir is not restored over.
    let out = restore(backup, &restored_dir).await;
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("is in use"), "{}", text(&out));

    let http = reqwest::Client::new();
    let me = http
        .get(format!("{}/api/v1/customers/me", restored.url))
        .bearer_auth(&early_token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status(),
        StatusCode::OK,
        "a token signed before the backup"
    );
    let admin = access_token(&restored.url, PLATFORM_ADMIN, DEMO_PASSWORD).await;
    let shown = |reference: String| {
        let (http, admin, base) = (http.clone(), admin.clone(), restored.url.clone());
        async move {
            let res = http
                .get(format!("{base}/api/v1/admin/bookings/{reference}"))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap();
            let status = res.status();
            let body = res.text().await.unwrap();
            (reference, status, body)
        }
    };
    let answers: Vec<_> = futures::stream::iter(references.clone())
        .map(shown)
        .buffer_unordered(8)
        .collect()
        .await;
    assert_eq!(answers.len(), counted);
    for (reference, status, body) in &answers {
        assert_eq!(*status, StatusCode::OK, "{reference}: {body}");
        assert!(body.contains(reference.as_str()), "{reference}: {body}");
    }
    for (reference, status, _) in
        futures::future::join_all(later.iter().map(|r| shown((*r).clone()))).await
    {
        assert_eq!(
            status,
            StatusCode::NOT_FOUND,
            "{reference} was booked after the backup"
        );
    }
    stop(restored);

    // Over an existing install: what it replaces is kept aside, not deleted.
    let db_before = std::fs::read(restored_dir.join("vision-stays.db")).unwrap();
    let out = restore(backup, &restored_dir).await;
    assert!(out.status.success(), "{}", text(&out));
    let aside: Vec<PathBuf> = std::fs::read_dir(&restored_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("replaced-")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{}", text(&out));
    assert!(
        text(&out).contains(&aside[0].display().to_string()),
        "{}",
        text(&out)
    );
    assert_eq!(
        std::fs::read(aside[0].join("vision-stays.db")).unwrap(),
        db_before
    );
    assert_eq!(
        std::fs::read(aside[0].join("jwt-signing-key.pem")).unwrap(),
        key_before
    );
    assert_eq!(
        references_in(&restored_dir.join("vision-stays.db")).await,
        references
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_backups_keep_the_newest_and_report_the_last_success() {
    let dir = tempfile::tempdir().unwrap();
    let metrics = format!("127.0.0.1:{}", free_port());
    let site = Process::serve("site", dir.path(), |cmd| {
        cmd.args(["--demo-data", "--backup-every", "1s", "--backup-keep", "2"])
            .env("VS_DEMO_PASSWORD", DEMO_PASSWORD)
            .env("VS_METRICS_ADDR", &metrics);
    });
    wait_ready(&site).await;
    let started = Instant::now();
    while site.output().matches("backup taken").count() < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "fewer than 3 scheduled backups: {}",
            site.output()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let scrape = reqwest::get(format!("http://{metrics}/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        scrape
            .lines()
            .any(|l| l.starts_with("vs_backup_last_success_timestamp_seconds ")),
        "{scrape}"
    );
    let log = site.output();
    stop(site);
    // A backup is taken and then the old ones pruned before the task looks at the stop signal.
    let kept = backups_in(&dir.path().join("site/backups"));
    assert_eq!(kept.len(), 2, "{kept:?}\n{log}");
    assert!(log.contains("old backup deleted"), "{log}");
    for backup in kept {
        assert!(backup.join("manifest.json").exists());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_backup_and_restore_point_at_oci_backups() {
    // The message comes before any connection: a URL of no server shows it just as well.
    let pg = match std::env::var(PG_ENV) {
        Ok(admin) => Some(fresh_pg_database(&admin).await),
        Err(_) => None,
    };
    let url = pg.as_ref().map_or_else(
        || "postgres://nobody@127.0.0.1:1/none".to_owned(),
        |(url, _)| url.clone(),
    );
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let data = data_dir.to_str().unwrap();
    let env = [("DATABASE_URL", url.as_str())];
    for args in [
        vec!["backup", "--data-dir", data],
        vec!["restore", dir.path().to_str().unwrap(), "--data-dir", data],
    ] {
        let out = vision_stays(&args, &env).await;
        assert!(!out.status.success(), "{args:?}: {}", text(&out));
        let said = text(&out);
        for words in [
            "OCI Database with PostgreSQL",
            "point-in-time recovery",
            "backup_retention_days",
        ] {
            assert!(said.contains(words), "{args:?}: {said}");
        }
    }
    assert!(!data_dir.exists(), "nothing was made for PostgreSQL");
    if let (Some((_, name)), Ok(admin)) = (&pg, std::env::var(PG_ENV)) {
        // `serve` refuses a schedule it could not keep.
        let port = free_port().to_string();
        let addr = format!("127.0.0.1:{port}");
        let args = [
            "serve",
            "--addr",
            &addr,
            "--backup-every",
            "1h",
            "--data-dir",
            data,
        ];
        let env = [
            ("DATABASE_URL", url.as_str()),
            ("VS_METRICS_ADDR", "127.0.0.1:0"),
        ];
        let serve = vision_stays(&args, &env);
        let out = tokio::time::timeout(Duration::from_secs(120), serve)
            .await
            .expect("serve started with a schedule it cannot keep");
        assert!(!out.status.success(), "{}", text(&out));
        assert!(
            text(&out).contains("OCI Database with PostgreSQL"),
            "{}",
            text(&out)
        );
        let pool = sqlx::PgPool::connect(&admin).await.unwrap();
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&pool)
            .await
            .unwrap();
        pool.close().await;
    }
}
