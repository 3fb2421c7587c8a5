//! A function as OCI Functions runs it: its resource principal (RP v2.2) in the environment, its
//! database URL and the token key read from Vault with it, no data dir it could write, and a
//! booking made with what it read; no secret in its log.
use server::customers::tokens::KEY_FILE_NAME;

use super::secrets::assert_nothing_secret;
use crate::common::fn_agent::{FnFunction, request};
use crate::common::oci::OciStandIn;
use crate::common::{AFTER_HISTORY, TestApp, day};
use crate::functions::{CREATE_BOOKING, booking, guest_token, json_of};

const DB_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaafunctiondb";
const KEY_SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaafunctionjwt";

#[tokio::test]
async fn a_function_reads_its_secrets_from_vault_as_its_resource_principal() {
    let standin = OciStandIn::start().await;
    let app = TestApp::spawn().await;
    let key = std::fs::read_to_string(app.data_dir().join(KEY_FILE_NAME)).unwrap();
    standin.put_secret(DB_SECRET, &app.database_url()).await;
    standin.put_secret(KEY_SECRET, &key).await;
    let principal = standin.resource_principal_env_values().await;
    let rpst = principal
        .iter()
        .find(|(k, _)| k == "OCI_RESOURCE_PRINCIPAL_RPST")
        .map(|(_, v)| v.clone())
        .unwrap();
    let function = FnFunction::start_with(&app, CREATE_BOOKING, |cmd| {
        cmd.envs(principal)
            .env("DATABASE_URL", format!("oci-vault:{DB_SECRET}"))
            .env("VS_JWT_PRIVATE_KEY", format!("oci-vault:{KEY_SECRET}"))
            .env("VS_DATA_DIR", "/proc/vision-stays-no-data-dir");
    })
    .await;

    let reads: Vec<_> = standin.requests_for("GetSecretBundle").await;
    assert_eq!(reads.len(), 2, "both secrets read at start-up: {reads:?}");
    for read in &reads {
        assert!(read.accepted, "{read:?}");
        assert_eq!(read.principal_type(), Some("resource"), "{read:?}");
    }

    let (hotel, room, _) = app.first_room().await;
    let token = guest_token(&app, "vault-fn@example.com").await;
    let body = booking(
        &hotel,
        &room,
        &day(AFTER_HISTORY + 40),
        &day(AFTER_HISTORY + 41),
    );
    let bearer = format!("Bearer {token}");
    let headers = [
        ("authorization", bearer.as_str()),
        ("idempotency-key", "vault-fn-1"),
    ];
    let made = function
        .call(request("POST", "/api/v1/bookings", &headers, Some(&body)))
        .await;
    assert_eq!(
        made.status(),
        201,
        "{}",
        String::from_utf8_lossy(made.body())
    );
    let reference = json_of(&made)["reference"].as_str().unwrap().to_owned();
    let stored = app
        .scalar(&format!(
            "SELECT COUNT(*) FROM bookings WHERE reference = '{reference}'"
        ))
        .await;
    assert_eq!(stored, 1, "booked in the database Vault named");
    let pem_line = key.lines().nth(1).unwrap();
    assert_nothing_secret(
        &function.log_text(),
        &[&app.database_url(), pem_line, &rpst],
    );
}
