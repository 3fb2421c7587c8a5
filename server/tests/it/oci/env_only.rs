//! The whole integration in one real process configured by environment variables only: its
//! database and SMTP URLs and the key that seals webhook secrets from Vault, the booking event
//! on the stream, the admin alert on the topic and a signed webhook, each checked by someone
//! else's code (the signature-checking stand-in, the CloudEvents SDK, the Standard Webhooks
//! reference), and no secret in its log.
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use super::secrets::{assert_nothing_secret, database, logs, stderr_to};
use crate::common::oci::{OciStandIn, STREAM_ID, TOPIC_ID};
use crate::common::process::{Process, stop, wait_ready};
use crate::common::receiver::Receiver;
use crate::common::smtp::{Sink, Tls};
use crate::common::{Browser, day, location};
use crate::events::cloudevents_sdk_reads;

const DB_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaaenvonlydb";
const SMTP_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaaenvonlysmtp";
const SEALING_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaaenvonlysealing";
/// 32 bytes in base64: the key that seals webhook secrets in the database.
const SEALING_KEY: &str = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGhs=";
const SMTP_PASSWORD: &str = "smtp-password-env-only-51d0";
const ADMIN_PASSWORD: &str = "demo admins' password 3e8b";
const HOTEL: &str = "casa-do-tejo";

#[tokio::test]
async fn one_binary_reads_vault_streams_alerts_and_signs_webhooks_from_the_environment_alone() {
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let sink = Sink::running(Tls::Starttls, Some(("smtp-user", SMTP_PASSWORD))).await;
    let mut receiver = Receiver::running().await;
    let db = database(dir.path()).await;
    let smtp_url = format!(
        "smtp://smtp-user:{SMTP_PASSWORD}@localhost:{}?tls=starttls",
        sink.port
    );
    standin.put_secret(DB_SECRET, &db.url).await;
    standin.put_secret(SMTP_SECRET, &smtp_url).await;
    standin.put_secret(SEALING_SECRET, SEALING_KEY).await;

    let web = Process::serve("web", dir.path(), |cmd| {
        cmd.envs(standin.api_key_env())
            .envs(standin.stream_and_topic_env())
            .env("DATABASE_URL", format!("oci-vault:{DB_SECRET}"))
            .env("VS_SMTP_URL", format!("oci-vault:{SMTP_SECRET}"))
            .env(
                "VS_WEBHOOK_SECRETS_KEY",
                format!("oci-vault:{SEALING_SECRET}"),
            )
            .env("VS_SMTP_CA_FILE", sink.ca_file().unwrap())
            .env("VS_DEMO_DATA", "true")
            .env("VS_DEMO_PASSWORD", ADMIN_PASSWORD)
            .env("VS_WEBHOOKS_ALLOW_PRIVATE", "1")
            .env("VS_MAIL_POLL_MS", "200")
            .env("VS_EVENTS_POLL_MS", "200")
            .env("VS_WEBHOOKS_POLL_MS", "200")
            .env("VS_DB_MAX_CONNECTIONS", "4");
        stderr_to(cmd, dir.path(), "web");
    });
    wait_ready(&web).await;

    // The platform admin registers the hotel's PMS for new bookings; the secret is shown once.
    let http = reqwest::Client::new();
    let token =
        &crate::common::access_token(&web.url, server::demo::PLATFORM_ADMIN, ADMIN_PASSWORD).await;
    let res = http
        .post(format!("{}/api/v1/admin/webhook-endpoints", web.url))
        .bearer_auth(token)
        .json(&json!({"hotel": HOTEL, "url": receiver.url("/pms"),
                      "event_types": ["booking.created"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let webhook_secret = created["secret"].as_str().unwrap().to_owned();
    receiver.set_secrets(&[&webhook_secret]).await;
    // The database holds it sealed with the key from Vault, not as shown.
    let stored: String = {
        let db = server::store::connect(&db.url, 1).await.unwrap();
        let sql = "SELECT secret FROM webhook_endpoints";
        match &db {
            server::store::Db::Sqlite(p) => sqlx::query_scalar(sql).fetch_one(p).await,
            server::store::Db::Postgres(p) => sqlx::query_scalar(sql).fetch_one(p).await,
        }
        .unwrap()
    };
    assert!(
        stored.starts_with("sealed:v1:"),
        "stored as {} chars",
        stored.len()
    );
    let raw = webhook_secret.trim_start_matches("whsec_");
    assert!(
        !stored.contains(raw),
        "the database holds the secret as shown"
    );

    let guest = Browser::at(&web.url);
    let res = guest
        .post_form(
            "/signup",
            &[
                ("name", "Rui Sousa"),
                ("email", "rui@env-only.test"),
                ("password", "a long passphrase"),
                ("next", "/trips"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/trips");
    let res = guest
        .book(HOTEL, "river-view-double", &day(40), &day(43), 2)
        .await;
    let confirmation = location(&res);
    assert!(confirmation.starts_with("/bookings/VS-"), "{confirmation}");
    let reference = confirmation.trim_start_matches("/bookings/").to_owned();

    // The event on the stream (keyed by the hotel), read by the CloudEvents SDK.
    let messages = standin.wait_for_stream_messages(STREAM_ID, 1).await;
    let event = messages
        .iter()
        .find(|m| m.value_json()["subject"] == reference.as_str())
        .expect("the booking's event on the stream");
    assert_eq!(event.key_str(), HOTEL);
    assert_eq!(
        event.value_json()["type"],
        "com.visionstays.booking.created.v1"
    );
    cloudevents_sdk_reads(std::slice::from_ref(&event.value)).await;

    // The admin alert on the topic.
    let alerts = standin.wait_for_topic_messages(TOPIC_ID, 1).await;
    assert!(
        alerts.iter().any(|(_, body)| body.contains(&reference)),
        "{alerts:?}"
    );

    // The webhook, verified by the Standard Webhooks reference and parsed as a CloudEvent.
    let got = receiver.wait_for("/pms", 1).await;
    assert!(got[0].verified, "{:#?}", got[0]);
    assert_eq!(got[0].event.error, None, "{:#?}", got[0]);
    assert_eq!(got[0].event.subject.as_deref(), Some(reference.as_str()));
    assert_eq!(
        got[0].body.as_bytes(),
        event.value.as_slice(),
        "the same document"
    );

    // The guest's email, through the SMTP server named in Vault.
    let started = Instant::now();
    while !sink.received().iter().any(|m| {
        m.rcpt_tos.iter().any(|r| r == "rui@env-only.test") && m.subject.contains(&reference)
    }) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no booking email"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Every OCI call was signed with the API key and accepted.
    let calls = standin.requests().await;
    for operation in ["GetSecretBundle", "PutMessages", "PublishMessage"] {
        assert!(
            calls
                .iter()
                .any(|r| r.operation.as_deref() == Some(operation) && r.accepted),
            "{operation}: {calls:?}"
        );
    }
    assert!(calls.iter().all(|r| r.accepted), "{calls:?}");
    stop(web);
    receiver.stop().await;

    let key_pem = standin.private_key_pem();
    let key_line = key_pem.lines().nth(1).unwrap();
    assert_nothing_secret(
        &logs(dir.path(), "web"),
        &[
            &smtp_url,
            SMTP_PASSWORD,
            ADMIN_PASSWORD,
            key_line,
            &webhook_secret,
        ],
    );
}
