//! The OCI stand-in's test controls (oci_standin.py's /_standin/ endpoints): secrets, outages and
//! injected failures, and what the stand-in received.
use serde::Deserialize;
use serde_json::{Value, json};

use super::{OciStandIn, TENANCY};

/// One message as the stream holds it.
#[derive(Clone, Debug)]
pub struct StreamMessage {
    /// Empty when the message had no key.
    pub key: Vec<u8>,
    pub value: Vec<u8>,
    pub partition: String,
    pub offset: u64,
    pub timestamp: String,
}

impl StreamMessage {
    pub fn key_str(&self) -> &str {
        std::str::from_utf8(&self.key).expect("a UTF-8 key")
    }

    pub fn value_json(&self) -> Value {
        serde_json::from_slice(&self.value).expect("a JSON value")
    }
}

/// One request the stand-in saw (not its test controls), accepted or not and why.
#[derive(Clone, Debug, Deserialize)]
pub struct LoggedRequest {
    pub seq: u64,
    /// "api" or "proxymux".
    pub listener: String,
    pub method: String,
    /// Path and query as received.
    pub path: String,
    pub key_id: Option<String>,
    /// e.g. GetSecretBundle, PutMessages, PublishMessage, federation, imds, proxymux.
    pub operation: Option<String>,
    /// `{"type": "api-key" | "instance" | "resource" | "workload" | ..., "id": ...}`.
    pub principal: Option<Value>,
    /// The signature (or IMDS/proxymux credential) check passed.
    pub accepted: bool,
    pub status: Option<u16>,
    /// Why it was refused or failed.
    pub reason: Option<String>,
}

impl LoggedRequest {
    pub fn principal_type(&self) -> Option<&str> {
        self.principal.as_ref()?.get("type")?.as_str()
    }
}

impl OciStandIn {
    /// Registers another API public key (SPKI PEM) for `user`: (keyId, fingerprint).
    pub async fn register_api_key(&self, public_key_pem: &str, user: &str) -> (String, String) {
        let r = self
            .control(
                "/_standin/api-keys",
                json!({"public_key_pem": public_key_pem, "tenancy": TENANCY, "user": user}),
            )
            .await;
        let s = |k: &str| r[k].as_str().unwrap().to_owned();
        (s("key_id"), s("fingerprint"))
    }

    /// A Vault secret (a new version if it exists), readable by every principal.
    pub async fn put_secret(&self, ocid: &str, value: &str) {
        self.control("/_standin/secrets", json!({"id": ocid, "value": value}))
            .await;
    }

    /// A secret only these principals may read: keyIds, token subjects, or principal types
    /// ("api-key", "instance", "resource", "workload"). Others get 404, as on OCI.
    pub async fn put_secret_for(&self, ocid: &str, value: &str, readers: &[&str]) {
        self.control(
            "/_standin/secrets",
            json!({"id": ocid, "value": value, "readers": readers}),
        )
        .await;
    }

    /// Every message of the stream, in offset order (partition by partition).
    pub async fn stream_messages(&self, stream_id: &str) -> Vec<StreamMessage> {
        use base64::Engine as _;
        let b64 = |v: &Value| {
            v.as_str()
                .map(|s| base64::engine::general_purpose::STANDARD.decode(s).unwrap())
                .unwrap_or_default()
        };
        let dump = self
            .get(&format!("/_standin/streams/{}", enc(stream_id)))
            .await;
        dump["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| StreamMessage {
                key: b64(&m["key"]),
                value: b64(&m["value"]),
                partition: m["partition"].as_str().unwrap().to_owned(),
                offset: m["offset"].as_u64().unwrap(),
                timestamp: m["timestamp"].as_str().unwrap().to_owned(),
            })
            .collect()
    }

    /// Waits (up to a generous deadline) until the stream holds at least `n` messages.
    pub async fn wait_for_stream_messages(&self, stream_id: &str, n: usize) -> Vec<StreamMessage> {
        let started = std::time::Instant::now();
        loop {
            let got = self.stream_messages(stream_id).await;
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "expected {n} messages on {stream_id}, got {}",
                got.len()
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Waits (up to a generous deadline) until the topic got at least `n` messages.
    pub async fn wait_for_topic_messages(
        &self,
        topic_id: &str,
        n: usize,
    ) -> Vec<(Option<String>, String)> {
        let started = std::time::Instant::now();
        loop {
            let got = self.topic_messages(topic_id).await;
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "expected {n} messages on {topic_id}, got {got:?}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Every message published to the topic: (title, body), in order.
    pub async fn topic_messages(&self, topic_id: &str) -> Vec<(Option<String>, String)> {
        let dump = self
            .get(&format!("/_standin/topics/{}", enc(topic_id)))
            .await;
        dump["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["title"].as_str().map(str::to_owned),
                    m["body"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    /// Streaming down (every Streaming call answers 503) or back up.
    pub async fn set_stream_down(&self, down: bool) {
        self.set_outage("streams", down, 503, None).await;
    }

    /// Notifications down (503) or back up.
    pub async fn set_topic_down(&self, down: bool) {
        self.set_outage("topics", down, 503, None).await;
    }

    /// `service` ("streams", "topics", "secrets") answers `status` (e.g. 429 with a
    /// `retry-after` of `retry_after` seconds) to every call before checking it, until lifted.
    pub async fn set_outage(
        &self,
        service: &str,
        down: bool,
        status: u16,
        retry_after: Option<u64>,
    ) {
        self.control(
            "/_standin/outage",
            json!({"service": service, "down": down, "status": status, "retry_after": retry_after}),
        )
        .await;
    }

    /// The next `count` signed requests whose path starts with `path_prefix` (e.g.
    /// "/20180418/streams") fail with `status`.
    pub async fn fail_next(&self, count: usize, status: u16, path_prefix: &str) {
        self.control(
            "/_standin/fail-next",
            json!({"count": count, "status": status, "path_prefix": path_prefix}),
        )
        .await;
    }

    /// Messages fail one by one inside a 200 PutMessages answer (entry with `error`): the next
    /// `count` (None: every one) whose key contains `key_contains` (None: any key).
    pub async fn fail_messages(
        &self,
        count: Option<usize>,
        key_contains: Option<&str>,
        error: &str,
    ) {
        self.control(
            "/_standin/fail-messages",
            json!({"count": count, "key": key_contains, "error": error}),
        )
        .await;
    }

    /// Lifts every outage and injected failure.
    pub async fn clear_faults(&self) {
        self.control("/_standin/faults/clear", json!({})).await;
    }

    /// Every request so far (not the test controls), in arrival order.
    pub async fn requests(&self) -> Vec<LoggedRequest> {
        serde_json::from_value(self.get("/_standin/requests").await["requests"].take()).unwrap()
    }

    /// The requests so far for one `operation` (e.g. `GetSecretBundle`), in arrival order.
    pub async fn requests_for(&self, operation: &str) -> Vec<LoggedRequest> {
        let mut all = self.requests().await;
        all.retain(|r| r.operation.as_deref() == Some(operation));
        all
    }

    pub async fn clear_requests(&self) {
        self.control("/_standin/requests/clear", json!({})).await;
    }

    /// Lifetime of the security tokens minted from now on (federation, proxymux).
    pub async fn set_token_ttl(&self, seconds: i64) {
        self.control("/_standin/token-ttl", json!({"seconds": seconds}))
            .await;
    }

    /// A new instance leaf certificate and key: federating with the old one is refused.
    pub async fn rotate_instance_certificate(&self) {
        self.control("/_standin/imds/rotate", json!({})).await;
    }

    pub(super) async fn get(&self, path: &str) -> Value {
        let res = self
            .http
            .get(format!("{}{path}", self.url()))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success(), "GET {path}: {}", res.status());
        res.json().await.unwrap()
    }

    pub(super) async fn control(&self, path: &str, body: Value) -> Value {
        super::control(&self.http, self.url(), path, body).await
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
