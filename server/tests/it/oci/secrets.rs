//! Secret settings in the real binary: the database and SMTP URLs read from OCI Vault (through
//! the signature-checking stand-in) and a booking's email delivered with them; a wrong key stops
//! start-up with an error that names the setting and the secret; `_FILE` settings; and no
//! secret in any line the process wrote.
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::common::oci::OciStandIn;
use crate::common::process::{Process, stop, wait_ready};
use crate::common::smtp::{Sink, Tls};
use crate::common::{Browser, PG_ENV, day, fresh_pg_database, location};

const DB_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaadatabaseurl";
const SMTP_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaasmtpurl";
const DEMO_PASSWORD: &str = "demo password from a file 7f3a";
const SMTP_PASSWORD: &str = "smtp-password-from-vault-9c2e";

/// A fresh PostgreSQL database when the suite runs on PostgreSQL (dropped with this value),
/// else SQLite in the test's folder.
pub(super) struct Database {
    pub(super) url: String,
    pg_name: Option<String>,
}

pub(super) async fn database(dir: &Path) -> Database {
    match std::env::var(PG_ENV) {
        Ok(admin) => {
            let (url, name) = fresh_pg_database(&admin).await;
            Database {
                url,
                pg_name: Some(name),
            }
        }
        Err(_) => Database {
            url: format!("sqlite://{}", dir.join("vault.db").display()),
            pg_name: None,
        },
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let (Some(name), Ok(admin)) = (self.pg_name.take(), std::env::var(PG_ENV)) else {
            return;
        };
        // Inside the test's runtime: a thread with its own may block.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                if let Ok(pool) = sqlx::PgPool::connect(&admin).await {
                    let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = sqlx::query(&drop).execute(&pool).await;
                }
            });
        })
        .join();
    }
}

/// What a process wrote to standard output and standard error.
pub(super) fn logs(dir: &Path, name: &str) -> String {
    let out = std::fs::read_to_string(dir.join(format!("{name}.log"))).unwrap_or_default();
    let err = std::fs::read_to_string(dir.join(format!("{name}.err"))).unwrap_or_default();
    format!("{out}\n{err}")
}

pub(super) fn stderr_to(cmd: &mut Command, dir: &Path, name: &str) {
    cmd.stderr(std::fs::File::create(dir.join(format!("{name}.err"))).unwrap());
}

/// Waits for the process to exit; its status.
fn exit_status(p: &mut Process) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = p.child.try_wait().unwrap() {
            return status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{} did not exit",
            p.name
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// No secret value, key or token in `log`.
pub(super) fn assert_nothing_secret(log: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!secret.is_empty());
        assert!(
            !log.contains(secret),
            "the log shows a secret ({} chars)",
            secret.len()
        );
    }
    // A JWT (a security token) starts with base64 of `{"`.
    assert!(
        !log.contains("ST$ey") && !log.contains("eyJ"),
        "the log shows a token"
    );
}

#[tokio::test]
async fn the_server_reads_its_database_and_smtp_urls_from_vault() {
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    // As with OCI Email Delivery: STARTTLS on a submission port, and SMTP credentials.
    let sink = Sink::running(
        Tls::Starttls,
        Some(("ocid1.user.oc1..smtp@tenancy", SMTP_PASSWORD)),
    )
    .await;
    let db = database(dir.path()).await;
    let db_url = db.url.clone();
    let smtp_url = format!(
        "smtp://ocid1.user.oc1..smtp%40tenancy:{SMTP_PASSWORD}@localhost:{}?tls=starttls",
        sink.port
    );
    // Stored with a trailing newline, as `echo ... | base64` makes them: it is trimmed.
    standin.put_secret(DB_SECRET, &format!("{db_url}\n")).await;
    standin
        .put_secret(SMTP_SECRET, &format!("{smtp_url}\n"))
        .await;
    let password_file = dir.path().join("demo-password");
    std::fs::write(&password_file, format!("{DEMO_PASSWORD}\n")).unwrap();

    let web = Process::serve("web", dir.path(), |cmd| {
        cmd.envs(standin.api_key_env())
            .env("DATABASE_URL", format!("oci-vault:{DB_SECRET}"))
            .env("VS_SMTP_URL", format!("oci-vault:{SMTP_SECRET}"))
            .env("VS_SMTP_CA_FILE", sink.ca_file().unwrap())
            .env("VS_DEMO_PASSWORD_FILE", &password_file)
            .env("VS_MAIL_POLL_MS", "200")
            .env("VS_DB_MAX_CONNECTIONS", "4")
            .arg("--demo-data");
        stderr_to(cmd, dir.path(), "web");
    });
    wait_ready(&web).await;

    // The demo admins got the password from the file.
    let admin = Browser::at(&web.url);
    let res = admin
        .post_form(
            "/signin",
            &[
                ("email", server::demo::PLATFORM_ADMIN),
                ("password", DEMO_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!location(&res).contains("error"), "{}", location(&res));

    let guest = Browser::at(&web.url);
    let res = guest
        .post_form(
            "/signup",
            &[
                ("name", "Ana Lima"),
                ("email", "ana@vault.test"),
                ("password", "a long passphrase"),
                ("next", "/trips"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/trips");
    let res = guest
        .book("casa-do-tejo", "river-view-double", &day(30), &day(32), 2)
        .await;
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    let reference = confirmation.trim_start_matches("/bookings/");

    // Delivered through the SMTP server named in Vault.
    let started = Instant::now();
    loop {
        let got = sink.received();
        if let Some(m) = got.iter().find(|m| {
            m.rcpt_tos.iter().any(|r| r == "ana@vault.test") && m.subject.contains(reference)
        }) {
            assert!(m.tls, "sent over STARTTLS");
            assert_eq!(m.auth_user.as_deref(), Some("ocid1.user.oc1..smtp@tenancy"));
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no booking email: {got:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let reads: Vec<_> = standin.requests_for("GetSecretBundle").await;
    assert_eq!(reads.len(), 2, "{reads:?}");
    assert!(
        reads
            .iter()
            .all(|r| r.accepted && r.principal_type() == Some("api-key"))
    );
    stop(web);

    let log = logs(dir.path(), "web");
    assert!(
        log.contains(DB_SECRET),
        "the log names the secrets read: {log}"
    );
    let key_pem = standin.private_key_pem();
    let key_line = key_pem.lines().nth(1).unwrap();
    // The SMTP URL is logged without its password (the database URL of the tests has none).
    assert_nothing_secret(&log, &[&smtp_url, SMTP_PASSWORD, DEMO_PASSWORD, key_line]);
    if !db_url.starts_with("sqlite:") {
        assert!(!log.contains(&db_url), "the log shows the database URL");
    }
}

#[tokio::test]
async fn a_wrong_key_stops_start_up_naming_the_setting_and_the_secret() {
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    standin.put_secret(DB_SECRET, "sqlite://nowhere.db").await;
    let config = standin.wrong_key_config_file().await;
    let mut web = Process::serve("web", dir.path(), |cmd| {
        cmd.envs(standin.api_key_env_for(&config))
            .env("DATABASE_URL", format!("oci-vault:{DB_SECRET}"));
        stderr_to(cmd, dir.path(), "web");
    });
    let status = exit_status(&mut web);
    assert!(!status.success(), "{status}");
    let log = logs(dir.path(), "web");
    let expected = format!("cannot fetch DATABASE_URL from OCI Vault secret {DB_SECRET}");
    assert!(log.contains(&expected), "{log}");
    assert!(log.contains("HTTP 401 NotAuthenticated"), "{log}");
    let refused = standin.requests().await;
    assert!(
        refused.iter().any(|r| !r.accepted),
        "the stand-in refused the signature"
    );
    let key_line =
        std::fs::read_to_string(config.parent().unwrap().join("unknown_api_key.pem")).unwrap();
    assert_nothing_secret(
        &log,
        &["sqlite://nowhere.db", key_line.lines().nth(1).unwrap()],
    );
}

/// `vision-stays migrate` with `env`: (exit status, standard error).
fn migrate(env: &[(&str, &str)]) -> (std::process::ExitStatus, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .arg("migrate")
        .env_remove("DATABASE_URL")
        .env_remove("VS_OCI_AUTH")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn file_settings_work_and_a_setting_given_twice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("from-file.db").display());
    let file = dir.path().join("database-url");
    std::fs::write(&file, format!("{url}\n")).unwrap();
    let file = file.to_str().unwrap();
    let data = dir.path().join("data");
    let data = data.to_str().unwrap();

    let (status, err) = migrate(&[("DATABASE_URL_FILE", file), ("VS_DATA_DIR", data)]);
    assert!(status.success(), "{err}");
    assert!(
        dir.path().join("from-file.db").exists(),
        "migrated the file's database"
    );

    let (status, err) = migrate(&[
        ("DATABASE_URL_FILE", file),
        ("DATABASE_URL", &url),
        ("VS_DATA_DIR", data),
    ]);
    assert!(!status.success());
    assert!(
        err.contains("DATABASE_URL and DATABASE_URL_FILE are both set"),
        "{err}"
    );

    let (status, err) = migrate(&[
        ("DATABASE_URL", "oci-vault:ocid1.vaultsecret.oc1..x"),
        ("VS_DATA_DIR", data),
    ]);
    assert!(!status.success());
    assert!(
        err.contains(
            "DATABASE_URL is oci-vault:ocid1.vaultsecret.oc1..x, but VS_OCI_AUTH is not set"
        ),
        "{err}"
    );

    let missing = dir.path().join("missing");
    let (status, err) = migrate(&[
        ("DATABASE_URL_FILE", missing.to_str().unwrap()),
        ("VS_DATA_DIR", data),
    ]);
    assert!(!status.success());
    assert!(err.contains("cannot read DATABASE_URL_FILE"), "{err}");
}

#[test]
fn help_shows_no_secret_value() {
    let out = Command::new(env!("CARGO_BIN_EXE_vision-stays"))
        .args(["serve", "--help"])
        .env("DATABASE_URL", "postgres://u:hunter2-help@db/x")
        .env("VS_SMTP_URL", "smtp://u:hunter3-help@mail:587?tls=starttls")
        .env("VS_JWT_PRIVATE_KEY", "hunter4-help")
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--oci-auth"), "{help}");
    assert!(help.contains("VS_OCI_STREAM_ID"), "{help}");
    for secret in ["hunter2-help", "hunter3-help", "hunter4-help"] {
        assert!(!help.contains(secret), "{help}");
    }
}

#[tokio::test]
async fn a_token_principal_never_logs_its_token() {
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path()).await;
    let db_url = db.url.clone();
    standin.put_secret(DB_SECRET, &db_url).await;
    let web = Process::serve("web", dir.path(), |cmd| {
        cmd.envs(standin.instance_principal_env())
            .env("DATABASE_URL", format!("oci-vault:{DB_SECRET}"))
            .env(
                "VS_LOG",
                "debug,sqlx=info,hyper=info,reqwest=info,h2=info,rustls=info",
            );
        stderr_to(cmd, dir.path(), "web");
    });
    wait_ready(&web).await;
    stop(web);
    let requests = standin.requests().await;
    let read = requests
        .iter()
        .find(|r| r.operation.as_deref() == Some("GetSecretBundle"))
        .expect("the secret was read");
    assert!(
        read.accepted && read.principal_type() == Some("instance"),
        "{read:?}"
    );
    let log = logs(dir.path(), "web");
    assert!(log.contains("OCI security token renewed"), "{log}");
    assert_nothing_secret(&log, &[&db_url]);
}
