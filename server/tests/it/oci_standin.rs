//! The OCI stand-in checks what OCI checks: Oracle's own SDK against it (oci_sdk_check.py), and
//! requests signed by hand here (no signer of the server's), right and wrong.
use base64::Engine as _;
use reqwest::StatusCode;
use rsa::Pkcs1v15Sign;
use rsa::RsaPrivateKey;
use rsa::pkcs8::DecodePrivateKey;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::common::oci::{
    LoggedRequest, OciStandIn, STREAM_ID, StreamMessage, TENANCY, TOPIC_ID, USER,
};
use crate::common::python;

const SECRET: &str = "ocid1.vaultsecret.oc1.phx.aaaaaaaahandsigned";
const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;
/// The DER DigestInfo header of a SHA-256 digest in an RSASSA-PKCS1-v1_5 signature (RFC 8017
/// §9.2), written out because this crate's sha2 is built without OIDs.
const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// A request signed by hand as §1 describes: `signed` names the headers, in order.
struct Signed<'a> {
    method: &'a str,
    path: &'a str,
    body: Vec<u8>,
    signed: &'a [&'a str],
    date: chrono::DateTime<chrono::Utc>,
}

impl<'a> Signed<'a> {
    fn get(path: &'a str) -> Self {
        Signed {
            method: "GET",
            path,
            body: Vec::new(),
            signed: &["date", "(request-target)", "host"],
            date: chrono::Utc::now(),
        }
    }

    fn post(path: &'a str, body: Value, signed: &'a [&'a str]) -> Self {
        Signed {
            method: "POST",
            path,
            body: serde_json::to_vec(&body).unwrap(),
            signed,
            date: chrono::Utc::now(),
        }
    }

    async fn send(&self, oci: &OciStandIn, key_id: &str, key_pem: &str) -> reqwest::Response {
        let host = oci.url().trim_start_matches("http://").to_owned();
        let headers = [
            (
                "date",
                self.date.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            ),
            ("host", host),
            ("content-length", self.body.len().to_string()),
            ("content-type", "application/json".to_owned()),
            ("x-content-sha256", B64.encode(Sha256::digest(&self.body))),
        ];
        let lines: Vec<String> = self
            .signed
            .iter()
            .map(|name| match *name {
                "(request-target)" => format!(
                    "(request-target): {} {}",
                    self.method.to_lowercase(),
                    self.path
                ),
                _ => {
                    let (_, v) = headers.iter().find(|(n, _)| n == name).unwrap();
                    format!("{name}: {v}")
                }
            })
            .collect();
        let key = RsaPrivateKey::from_pkcs8_pem(key_pem).unwrap();
        let scheme = Pkcs1v15Sign {
            hash_len: Some(32),
            prefix: SHA256_DIGEST_INFO.into(),
        };
        let digest = Sha256::digest(lines.join("\n").as_bytes());
        let signature = B64.encode(key.sign(scheme, &digest).unwrap());
        let authorization = format!(
            r#"Signature version="1",headers="{}",keyId="{key_id}",algorithm="rsa-sha256",signature="{signature}""#,
            self.signed.join(" ")
        );
        let method = reqwest::Method::from_bytes(self.method.as_bytes()).unwrap();
        let mut req = reqwest::Client::new()
            .request(method, format!("{}{}", oci.url(), self.path))
            .header("authorization", authorization);
        for (name, value) in &headers {
            // reqwest writes host and content-length itself, from the same URL and body.
            if !matches!(*name, "host" | "content-length") {
                req = req.header(*name, value);
            }
        }
        req.body(self.body.clone()).send().await.unwrap()
    }
}

/// (keyId, private key PEM) of an OCI config file's DEFAULT profile.
fn key_of_config(path: &std::path::Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_owned()
    };
    let key_id = format!(
        "{}/{}/{}",
        field("tenancy"),
        field("user"),
        field("fingerprint")
    );
    (key_id, std::fs::read_to_string(field("key_file")).unwrap())
}

async fn refusal(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(res.headers().contains_key("opc-request-id"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], "NotAuthenticated", "{body}");
    body["message"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn oracle_sdk_is_accepted_and_refused_as_oci_would() {
    let oci = OciStandIn::start().await;
    let out = tokio::process::Command::new(python::python())
        .arg(python::scripts().join("oci_sdk_check.py"))
        .args(["--url", oci.url(), "--proxymux-url", oci.proxymux_url()])
        .args(["--stream", STREAM_ID, "--topic", TOPIC_ID])
        .arg("--config")
        .arg(oci.config_file())
        .arg("--cluster-ca")
        .arg(oci.cluster_ca())
        .arg("--sa-token-file")
        .arg(oci.sa_token_file())
        .output()
        .await
        .expect("run oci_sdk_check.py");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    println!("{stdout}");
    assert!(
        out.status.success() && stdout.contains("all passed"),
        "oci_sdk_check.py failed:\n{stdout}\n{stderr}"
    );
}

#[tokio::test]
async fn unsigned_and_badly_signed_requests_are_refused() {
    let oci = OciStandIn::start().await;
    oci.put_secret(SECRET, "s3cret").await;
    let path = format!("/20190301/secretbundles/{SECRET}");
    let url = format!("{}{path}", oci.url());

    let unsigned = reqwest::get(&url).await.unwrap();
    assert!(refusal(unsigned).await.contains("missing Authorization"));

    let (key_id, key) = (oci.key_id().to_owned(), oci.private_key_pem());
    let ok = Signed::get(&path).send(&oci, &key_id, &key).await;
    assert_eq!(ok.status(), StatusCode::OK);
    let bundle: Value = ok.json().await.unwrap();
    let content = bundle["secretBundleContent"]["content"].as_str().unwrap();
    assert_eq!(B64.decode(content).unwrap(), b"s3cret");
    assert_eq!(bundle["secretBundleContent"]["contentType"], "BASE64");

    let mut old = Signed::get(&path);
    old.date -= chrono::Duration::minutes(6);
    let why = refusal(old.send(&oci, &key_id, &key).await).await;
    assert!(why.contains("more than 5 minutes"), "{why}");

    let mut hostless = Signed::get(&path);
    hostless.signed = &["date", "(request-target)"];
    let why = refusal(hostless.send(&oci, &key_id, &key).await).await;
    assert!(why.contains("host is not signed"), "{why}");

    let (wrong_id, wrong_key) = key_of_config(&oci.mismatched_key_config_file());
    assert_eq!(wrong_id, key_id, "same keyId, another key");
    let why = refusal(Signed::get(&path).send(&oci, &wrong_id, &wrong_key).await).await;
    assert!(why.contains("does not verify"), "{why}");

    let (unknown_id, unknown_key) = key_of_config(&oci.wrong_key_config_file().await);
    assert!(unknown_id.starts_with(&format!("{TENANCY}/{USER}/")));
    let why = refusal(
        Signed::get(&path)
            .send(&oci, &unknown_id, &unknown_key)
            .await,
    )
    .await;
    assert!(why.contains("unknown keyId"), "{why}");

    let log: Vec<LoggedRequest> = oci.requests().await;
    let verdicts: Vec<(bool, Option<u16>)> = log.iter().map(|r| (r.accepted, r.status)).collect();
    assert_eq!(
        verdicts,
        [
            (false, Some(401)),
            (true, Some(200)),
            (false, Some(401)),
            (false, Some(401)),
            (false, Some(401)),
            (false, Some(401)),
        ]
    );
    assert_eq!(log[1].operation.as_deref(), Some("GetSecretBundle"));
    assert_eq!(log[1].principal_type(), Some("api-key"));
    assert!(log[2].reason.as_deref().unwrap().contains("5 minutes"));
}

#[tokio::test]
async fn imds_needs_bearer_oracle() {
    let oci = OciStandIn::start_with_args(&["--imds-region", "phx"]).await;
    let url = format!("{}/opc/v2/instance/region", oci.url());
    let bare = reqwest::get(&url).await.unwrap();
    assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    let v1 = reqwest::Client::new()
        .get(format!("{}/opc/v1/instance/region", oci.url()))
        .header("authorization", "Bearer Oracle")
        .send()
        .await
        .unwrap();
    assert_eq!(v1.status(), StatusCode::NOT_FOUND, "only IMDS v2");
    let with = reqwest::Client::new()
        .get(&url)
        .header("authorization", "Bearer Oracle")
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), StatusCode::OK);
    assert_eq!(with.text().await.unwrap(), "phx");
    let log = oci.requests().await;
    assert!(!log[0].accepted && log[2].accepted, "{log:?}");
}

#[tokio::test]
async fn streams_and_topics_store_in_order_and_fail_on_demand() {
    let oci = OciStandIn::start().await;
    let (key_id, key) = (oci.key_id().to_owned(), oci.private_key_pem());
    let path = format!("/20180418/streams/{STREAM_ID}/messages");
    let put = |keys: &[&str]| {
        let messages: Vec<Value> = keys
            .iter()
            .map(
                |k| json!({"key": B64.encode(k), "value": B64.encode(format!(r#"{{"k":"{k}"}}"#))}),
            )
            .collect();
        // PutMessages is signed without the body headers, as the SDKs do.
        Signed::post(
            &path,
            json!({ "messages": messages }),
            &["date", "(request-target)", "host"],
        )
    };

    let res = put(&["hotel-1", "hotel-2"]).send(&oci, &key_id, &key).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["failures"], 0);
    assert_eq!(result["entries"][1]["offset"], 1);

    oci.set_stream_down(true).await;
    let res = put(&["hotel-3"]).send(&oci, &key_id, &key).await;
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    oci.set_stream_down(false).await;

    oci.fail_next(1, 500, "/20180418/").await;
    let res = put(&["hotel-3"]).send(&oci, &key_id, &key).await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);

    oci.fail_messages(Some(1), Some("poison"), "KeyFailure")
        .await;
    let res = put(&["hotel-3", "poison", "hotel-4"])
        .send(&oci, &key_id, &key)
        .await;
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["failures"], 1);
    assert_eq!(result["entries"][1]["error"], "KeyFailure");

    let stored: Vec<StreamMessage> = oci.wait_for_stream_messages(STREAM_ID, 4).await;
    let keys: Vec<&str> = stored.iter().map(|m| m.key_str()).collect();
    assert_eq!(keys, ["hotel-1", "hotel-2", "hotel-3", "hotel-4"]);
    assert_eq!(stored[3].value_json()["k"], "hotel-4");
    assert_eq!(
        stored.iter().map(|m| m.offset).collect::<Vec<_>>(),
        [0, 1, 2, 3]
    );

    let topic_path = format!("/20181201/topics/{TOPIC_ID}/messages");
    let body_signed = [
        "date",
        "(request-target)",
        "host",
        "content-length",
        "content-type",
        "x-content-sha256",
    ];
    let publish = Signed::post(
        &topic_path,
        json!({"title": "New booking", "body": "VS-1"}),
        &body_signed,
    );
    assert_eq!(
        publish.send(&oci, &key_id, &key).await.status(),
        StatusCode::OK
    );
    // A POST to Notifications must sign its body headers (only PutMessages may leave them out).
    let bodyless = Signed::post(
        &topic_path,
        json!({"body": "VS-2"}),
        &["date", "(request-target)", "host"],
    );
    let why = refusal(bodyless.send(&oci, &key_id, &key).await).await;
    assert!(why.contains("content-length is not signed"), "{why}");
    assert_eq!(
        oci.wait_for_topic_messages(TOPIC_ID, 1).await,
        [(Some("New booking".to_owned()), "VS-1".to_owned())]
    );
}

#[tokio::test]
async fn resource_principal_tokens_sign_until_they_expire() {
    let oci = OciStandIn::start().await;
    oci.put_secret(SECRET, "for functions").await;
    let path = format!("/20190301/secretbundles/{SECRET}");
    let env: std::collections::HashMap<String, String> = oci
        .resource_principal_env(oci.dir())
        .await
        .into_iter()
        .collect();
    assert_eq!(env["OCI_RESOURCE_PRINCIPAL_VERSION"], "2.2");
    let token = std::fs::read_to_string(&env["OCI_RESOURCE_PRINCIPAL_RPST"]).unwrap();
    let key = std::fs::read_to_string(&env["OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM"]).unwrap();
    let res = Signed::get(&path)
        .send(&oci, &format!("ST${token}"), &key)
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // The token is bound to its key: another key's signature does not verify.
    let (other_token, other_key) = oci.resource_principal_token(3600).await;
    let why = refusal(
        Signed::get(&path)
            .send(&oci, &format!("ST${token}"), &other_key)
            .await,
    )
    .await;
    assert!(why.contains("does not verify"), "{why}");
    let (expired, expired_key) = oci.resource_principal_token(-5).await;
    let why = refusal(
        Signed::get(&path)
            .send(&oci, &format!("ST${expired}"), &expired_key)
            .await,
    )
    .await;
    assert!(why.contains("expired"), "{why}");
    // A token the stand-in did not mint (its signature broken) is refused too.
    let forged = format!("{}x", other_token);
    let why = refusal(
        Signed::get(&path)
            .send(&oci, &format!("ST${forged}"), &other_key)
            .await,
    )
    .await;
    assert!(why.contains("security token"), "{why}");
    let log = oci.requests().await;
    assert_eq!(log[0].principal_type(), Some("resource"));
}
