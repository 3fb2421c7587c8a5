//! A real webhook receiver for the webhook tests: `tests/python/webhook_receiver.py` as a child
//! process, which verifies each delivery with the Standard Webhooks reference implementation
//! and parses it with the CloudEvents SDK, and records what it found.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde::Deserialize;
use serde_json::json;
use tokio::process::Child;

use super::smtp::free_port;

/// One request as the receiver got it and judged it.
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub path: String,
    pub webhook_id: Option<String>,
    pub webhook_timestamp: Option<String>,
    pub webhook_signature: Option<String>,
    pub content_type: Option<String>,
    pub user_agent: Option<String>,
    pub body: String,
    pub secrets_known: usize,
    /// One per secret the receiver knew, in the order it was told them.
    pub verifications: Vec<Verification>,
    pub verified: bool,
    pub event: Event,
    pub answered: u16,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Verification {
    pub secret: usize,
    pub ok: bool,
    pub error: Option<String>,
}

/// The CloudEvent as the CloudEvents SDK parsed it (`error` when it did not).
#[derive(Clone, Debug, Deserialize)]
pub struct Event {
    pub id: Option<String>,
    #[serde(rename = "type")]
    pub type_: Option<String>,
    pub source: Option<String>,
    pub subject: Option<String>,
    pub specversion: Option<String>,
    pub error: Option<String>,
}

pub struct Receiver {
    pub port: u16,
    secrets: Vec<String>,
    out: tempfile::TempDir,
    child: Option<Child>,
}

impl Receiver {
    /// A receiver on a reserved port, not started yet (for outages).
    pub fn new() -> Self {
        Receiver {
            port: free_port(),
            secrets: Vec::new(),
            out: tempfile::tempdir().unwrap(),
            child: None,
        }
    }

    pub async fn running() -> Self {
        let mut r = Self::new();
        r.start().await;
        r
    }

    /// The URL deliveries go to (`path` tells endpoints apart).
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "the receiver is running already");
        let (port, out, secrets) = (self.port, self.out.path(), &self.secrets);
        let (child, line) =
            super::python::start_peer("the webhook receiver", "webhook_receiver.py", |cmd| {
                cmd.args(["--port", &port.to_string()])
                    .arg("--out")
                    .arg(out);
                for s in secrets {
                    cmd.args(["--secret", s]);
                }
            })
            .await;
        assert_eq!(line, format!("READY {}", self.port), "receiver: {line}");
        self.child = Some(child);
    }

    /// Stops it (an outage); what it received stays readable.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    async fn control(&self, what: &str, body: serde_json::Value) {
        let res = reqwest::Client::new()
            .post(self.url(&format!("/control/{what}")))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204, "receiver control {what}");
    }

    /// The secrets it verifies each delivery with, each on its own (kept across restarts).
    pub async fn set_secrets(&mut self, secrets: &[&str]) {
        self.secrets = secrets.iter().map(|s| s.to_string()).collect();
        self.control("secrets", json!({ "secrets": self.secrets }))
            .await;
    }

    /// The status it answers deliveries with from now on.
    pub async fn answer(&self, status: u16) {
        self.control("answer", json!({ "status": status })).await;
    }

    /// Everything received so far, in arrival order.
    pub fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    }

    /// Waits (up to a generous deadline) until at least `n` requests arrived at `path`.
    pub async fn wait_for(&self, path: &str, n: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let got: Vec<Received> = self
                .received()
                .into_iter()
                .filter(|r| r.path == path)
                .collect();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "expected {n} deliveries at {path}, got {}: {got:#?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}
