//! Each principal signs Vault, Streaming and Notifications calls that the signature-checking
//! stand-in accepts: the API key, the instance (metadata and federation, renewed before its
//! token expires), the resource principal (values, and files re-read when they rotate) and
//! OKE workload identity (proxymux over TLS trusted through the cluster CA only).
use std::time::Duration;

use server::oci::{CursorPosition, Oci, PutEntry, StreamMessage};

use super::client;
use crate::common::oci::{OciStandIn, STREAM_ID, TOPIC_ID};

const SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaaprincipals";

/// A secret read, two messages put and read back, one alert published: all through `oci`.
async fn exercise(oci: &Oci, standin: &OciStandIn, tag: &str) {
    standin
        .put_secret(SECRET, &format!("value for {tag}\n"))
        .await;
    let secret = oci.secret_bundle(SECRET).await.unwrap();
    assert_eq!(secret.as_str(), Some(format!("value for {tag}\n").as_str()));
    assert!(!format!("{secret:?}").contains("value for"));

    let messages = [
        StreamMessage {
            key: tag.as_bytes().to_vec(),
            value: b"{\"n\":1}".to_vec(),
        },
        StreamMessage {
            key: tag.as_bytes().to_vec(),
            value: b"{\"n\":2}".to_vec(),
        },
    ];
    let put = oci.put_messages(STREAM_ID, &messages).await.unwrap();
    assert_eq!(put.failures, 0);
    let offsets: Vec<i64> = put
        .entries
        .iter()
        .map(|e| match e {
            PutEntry::Stored { offset, .. } => *offset,
            PutEntry::Failed { error, .. } => panic!("{error}"),
        })
        .collect();
    let PutEntry::Stored { partition, .. } = &put.entries[0] else {
        unreachable!()
    };
    let cursor = oci
        .create_cursor(STREAM_ID, partition, CursorPosition::AtOffset(offsets[0]))
        .await
        .unwrap();
    let read = oci.get_messages(STREAM_ID, &cursor, 10).await.unwrap();
    let values: Vec<&[u8]> = read
        .records
        .iter()
        .take(2)
        .map(|r| r.value.as_slice())
        .collect();
    assert_eq!(values, [b"{\"n\":1}".as_slice(), b"{\"n\":2}".as_slice()]);
    assert_eq!(read.records[0].key.as_deref(), Some(tag.as_bytes()));

    let published = oci
        .publish_message(TOPIC_ID, &format!("alert {tag}"), "body")
        .await
        .unwrap();
    assert!(!published.message_id.is_empty());
}

/// Every request so far was accepted, and the service calls were signed as `principal`.
async fn all_accepted_as(
    standin: &OciStandIn,
    principal: &str,
) -> Vec<crate::common::oci::LoggedRequest> {
    let requests = standin.requests().await;
    for r in &requests {
        assert!(r.accepted, "refused: {r:?}");
    }
    let calls: Vec<_> = requests
        .iter()
        .filter(|r| {
            matches!(
                r.operation.as_deref(),
                Some(
                    "GetSecretBundle"
                        | "PutMessages"
                        | "GetMessages"
                        | "CreateCursor"
                        | "PublishMessage"
                )
            )
        })
        .collect();
    assert!(calls.len() >= 5, "{requests:?}");
    for r in calls {
        assert_eq!(r.principal_type(), Some(principal), "{r:?}");
    }
    requests
}

#[tokio::test]
async fn an_api_key_from_an_oci_config_file_signs_every_call() {
    let standin = OciStandIn::start().await;
    let oci = client(&standin.api_key_env()).await.unwrap();
    assert_eq!(oci.region(), "us-phoenix-1");
    exercise(&oci, &standin, "api-key").await;
    all_accepted_as(&standin, "api-key").await;
}

#[tokio::test]
async fn a_wrong_api_key_is_refused_with_ocis_code() {
    let standin = OciStandIn::start().await;
    let config = standin.wrong_key_config_file().await;
    let oci = client(&standin.api_key_env_for(&config)).await.unwrap();
    standin.put_secret(SECRET, "x").await;
    let err = oci.secret_bundle(SECRET).await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("NotAuthenticated"), "{err}");
}

#[tokio::test]
async fn an_instance_federates_and_renews_its_token_before_it_expires() {
    // Tokens live 6 s: renewed after 80 % of that.
    let standin = OciStandIn::start_with_args(&["--token-ttl", "6", "--imds-region", "phx"]).await;
    let mut env = standin.instance_principal_env();
    env.retain(|(k, _)| k != "VS_OCI_REGION");
    let oci = client(&env).await.unwrap();
    assert_eq!(oci.region(), "us-phoenix-1", "IMDS's short code mapped");
    exercise(&oci, &standin, "instance").await;
    let federations = |requests: &[crate::common::oci::LoggedRequest]| {
        requests
            .iter()
            .filter(|r| r.operation.as_deref() == Some("federation"))
            .count()
    };
    let before = federations(&all_accepted_as(&standin, "instance").await);
    assert_eq!(before, 1, "one token so far");
    tokio::time::sleep(Duration::from_secs(5)).await;
    // Concurrent callers: one renewal between them.
    let calls = (0..6).map(|_| {
        let oci = oci.clone();
        tokio::spawn(async move { oci.secret_bundle(SECRET).await })
    });
    for call in calls.collect::<Vec<_>>() {
        call.await.unwrap().unwrap();
    }
    let requests = all_accepted_as(&standin, "instance").await;
    assert_eq!(federations(&requests), 2, "renewed once, before expiry");
    // Past the old token's expiry, the new one still signs.
    tokio::time::sleep(Duration::from_secs(2)).await;
    oci.secret_bundle(SECRET).await.unwrap();
}

#[tokio::test]
async fn a_resource_principal_signs_from_values() {
    let standin = OciStandIn::start().await;
    let oci = client(&standin.resource_principal_env_values().await)
        .await
        .unwrap();
    exercise(&oci, &standin, "resource values").await;
    all_accepted_as(&standin, "resource").await;
}

#[tokio::test]
async fn a_resource_principal_rereads_its_files_when_the_token_nears_expiry() {
    let standin = OciStandIn::start().await;
    let dir = tempfile::tempdir().unwrap();
    let env = standin.resource_principal_env(dir.path()).await;
    // Replace the hour-long token with one that expires in 5 s.
    let (token, key) = standin.resource_principal_token(5).await;
    std::fs::write(dir.path().join("rpst"), token).unwrap();
    std::fs::write(dir.path().join("rp_key.pem"), key).unwrap();
    let oci = client(&env).await.unwrap();
    exercise(&oci, &standin, "resource files").await;
    // The platform rotates the files; the old token expires.
    let (token, key) = standin.resource_principal_token(3600).await;
    std::fs::write(dir.path().join("rpst"), token).unwrap();
    std::fs::write(dir.path().join("rp_key.pem"), key).unwrap();
    tokio::time::sleep(Duration::from_secs(6)).await;
    oci.secret_bundle(SECRET)
        .await
        .expect("signed with the re-read files");
    all_accepted_as(&standin, "resource").await;
}

#[tokio::test]
async fn a_pod_exchanges_its_service_account_token_at_proxymux() {
    let standin = OciStandIn::start().await;
    let oci = client(&standin.workload_identity_env()).await.unwrap();
    exercise(&oci, &standin, "workload").await;
    let requests = all_accepted_as(&standin, "workload").await;
    assert!(
        requests.iter().any(|r| r.listener == "proxymux"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn proxymux_is_trusted_through_the_cluster_ca_only() {
    let standin = OciStandIn::start().await;
    let mut env = standin.workload_identity_env();
    // A CA that did not sign proxymux's certificate (the instance root CA).
    let other_ca = standin
        .ready
        .files
        .instance_root_ca
        .to_str()
        .unwrap()
        .to_owned();
    for (k, v) in env.iter_mut() {
        if k == "OCI_KUBERNETES_SERVICE_ACCOUNT_CERT_PATH" {
            *v = other_ca.clone();
        }
    }
    let err = client(&env).await.unwrap_err();
    assert!(
        format!("{err:#}").contains("workload identity token exchange"),
        "{err:#}"
    );
}
