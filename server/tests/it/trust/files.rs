//! What the server leaves on disk is its own user's only; `--help` shows no secret from the
//! environment.
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::common::api::ApiClient;
use crate::common::day;
use crate::common::process::{Process, stop, wait_ready};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn data_dir_database_keys_and_emails_are_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    // A permissive umask, as on many servers: the modes must not depend on it.
    let p = Process::serve("site", dir.path(), |cmd| {
        cmd.arg("--demo-data")
            .env("VS_DEMO_PASSWORD", "x".repeat(20));
    });
    wait_ready(&p).await;
    let data = dir.path().join("site");
    assert_eq!(mode(&data), 0o700, "data dir");
    for file in [
        "vision-stays.db",
        "vision-stays.db-wal",
        "jwt-signing-key.pem",
    ] {
        assert_eq!(mode(&data.join(file)), 0o600, "{file}");
    }
    // A booking writes its confirmation as an .eml file (no SMTP server configured).
    let api = ApiClient::new(p.url.clone()).await;
    let token = api.customer("perm@example.com").await;
    let hotel = api
        .get("/api/v1/hotels/{slug}", "/api/v1/hotels/casa-do-tejo", None)
        .await;
    let room = hotel.body["room_types"][0]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let booked = api
        .book(
            Some(&token),
            &[("idempotency-key", "perm-check-1")],
            serde_json::json!({
                "hotel": "casa-do-tejo", "room_type": room, "check_in": day(40),
                "check_out": day(41), "guests": 1,
                "guest": {"name": "Perm Checker", "email": "perm@example.com"}
            }),
        )
        .await;
    assert_eq!(
        booked.status,
        reqwest::StatusCode::CREATED,
        "{}",
        booked.body
    );
    let mail = data.join("mail");
    for _ in 0..100 {
        let emails = std::fs::read_dir(&mail).map(|d| d.count()).unwrap_or(0);
        if emails > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(mode(&mail), 0o700, "mail dir");
    let emails: Vec<_> = std::fs::read_dir(&mail)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!emails.is_empty(), "no email written");
    for eml in emails {
        assert_eq!(mode(&eml), 0o600, "{}", eml.display());
    }
    stop(p);
}

#[test]
fn help_does_not_print_the_database_password() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args(["serve", "--help"])
        .env("DATABASE_URL", "postgres://vs:s3cret-in-env@db:5432/vs")
        .env("VS_JWT_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----hidden")
        .env("VS_SMTP_URL", "smtps://mailer:smtp-pass@smtp.example:465")
        .env("VS_DEMO_PASSWORD", "demo-secret")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("DATABASE_URL"), "{help}");
    for secret in ["s3cret-in-env", "hidden", "smtp-pass", "demo-secret"] {
        assert!(!help.contains(secret), "--help shows {secret}");
    }
}
