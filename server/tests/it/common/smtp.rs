//! A real SMTP server for the email tests: `tests/python/smtp_sink.py` (aiosmtpd) as a child process,
//! plain, STARTTLS or implicit TLS, with a test certificate authority made here with rcgen.
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::process::Child;

/// The Python that has aiosmtpd; `cargo xtask test` sets it to its venv's.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tls {
    None,
    Starttls,
    Implicit,
}

/// A throwaway CA and a server certificate it signed for `localhost` and 127.0.0.1.
pub struct TestCert {
    _dir: tempfile::TempDir,
    pub ca_file: PathBuf,
    pub cert_file: PathBuf,
    pub key_file: PathBuf,
}

impl TestCert {
    pub fn generate() -> Self {
        use rcgen::{
            BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose,
        };
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "Vision Stays test CA");
        ca_params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
        ];
        let ca_key = KeyPair::generate().unwrap();
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let mut params =
            CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        let key = KeyPair::generate().unwrap();
        let cert = params.signed_by(&key, &issuer).unwrap();

        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, pem: String| {
            let path = dir.path().join(name);
            std::fs::write(&path, pem).unwrap();
            path
        };
        TestCert {
            ca_file: write("ca.pem", ca.pem()),
            cert_file: write("server.pem", cert.pem()),
            key_file: write("server-key.pem", key.serialize_pem()),
            _dir: dir,
        }
    }
}

/// One message as the server received it (see sink.py).
#[derive(Clone, Debug, Deserialize)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    pub tls: bool,
    pub auth_user: Option<String>,
    pub message_id: Option<String>,
    pub subject: String,
    pub from: String,
    pub to: String,
    pub date: String,
    pub content_type: String,
    pub parts: Vec<Part>,
    pub raw: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct Part {
    pub content_type: String,
    pub body: String,
}

impl Received {
    pub fn part(&self, content_type: &str) -> &str {
        self.parts
            .iter()
            .find(|p| p.content_type == content_type)
            .map(|p| p.body.as_str())
            .unwrap_or_else(|| panic!("no {content_type} part in {:?}", self.subject))
    }
}

pub struct Sink {
    pub port: u16,
    tls: Tls,
    auth: Option<(String, String)>,
    cert: Option<TestCert>,
    out: tempfile::TempDir,
    child: Option<Child>,
}

/// A port nobody listens on right now (the sink may take it later).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Sink {
    /// A sink on a reserved port, not started yet (for outages).
    pub fn new(tls: Tls, auth: Option<(&str, &str)>) -> Self {
        Sink {
            port: free_port(),
            tls,
            auth: auth.map(|(u, p)| (u.to_owned(), p.to_owned())),
            cert: (tls != Tls::None).then(TestCert::generate),
            out: tempfile::tempdir().unwrap(),
            child: None,
        }
    }

    /// A running sink.
    pub async fn running(tls: Tls, auth: Option<(&str, &str)>) -> Self {
        let mut sink = Self::new(tls, auth);
        sink.start().await;
        sink
    }

    /// The CA file the app must trust (VS_SMTP_CA_FILE).
    pub fn ca_file(&self) -> Option<&Path> {
        self.cert.as_ref().map(|c| c.ca_file.as_path())
    }

    /// Mail settings that send here (host `localhost`, so the certificate's name is checked).
    pub fn mail_args(&self) -> server::config::MailArgs {
        let creds = self
            .auth
            .as_ref()
            .map(|(u, p)| format!("{}:{}@", enc(u), enc(p)))
            .unwrap_or_default();
        let url = match self.tls {
            Tls::None => format!("smtp://{creds}127.0.0.1:{}", self.port),
            Tls::Starttls => format!("smtp://{creds}localhost:{}?tls=starttls", self.port),
            Tls::Implicit => format!("smtps://{creds}localhost:{}", self.port),
        };
        server::config::MailArgs {
            smtp_url: Some(url.parse().unwrap()),
            smtp_ca_file: self.ca_file().map(Path::to_path_buf),
            mail_retry_base_ms: 50,
            mail_retry_cap_ms: 400,
            mail_poll_ms: 100,
            ..Default::default()
        }
    }

    pub async fn start(&mut self) {
        assert!(self.child.is_none(), "the sink is running already");
        let tls = match self.tls {
            Tls::None => "none",
            Tls::Starttls => "starttls",
            Tls::Implicit => "implicit",
        };
        let (child, line) = super::python::start_peer("the SMTP sink", "smtp_sink.py", |cmd| {
            cmd.args(["--port", &self.port.to_string()])
                .arg("--out")
                .arg(self.out.path())
                .arg("--hold")
                .arg(self.hold_file())
                .args(["--tls", tls]);
            if let Some(cert) = &self.cert {
                cmd.arg("--cert")
                    .arg(&cert.cert_file)
                    .arg("--key")
                    .arg(&cert.key_file);
            }
            if let Some((user, password)) = &self.auth {
                cmd.args(["--user", user, "--password", password]);
            }
        })
        .await;
        assert_eq!(line, format!("READY {}", self.port), "SMTP sink: {line}");
        self.child = Some(child);
    }

    /// Stops the server (an outage); what it received stays readable.
    pub async fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill().await;
        }
    }

    fn hold_file(&self) -> PathBuf {
        self.out.path().join("hold")
    }

    /// Makes every SMTP session stall before its recipient is accepted (`true`) until called
    /// with `false`: a server that stopped answering, so senders stay mid-send.
    pub fn hold(&self, on: bool) {
        if on {
            std::fs::write(self.hold_file(), b"").unwrap();
        } else {
            let _ = std::fs::remove_file(self.hold_file());
        }
    }

    /// Waits until a session has stalled in [`Sink::hold`]: a sender is mid-send.
    pub async fn wait_stalled(&self) {
        let started = Instant::now();
        while !self.out.path().join(".stalled").exists() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no SMTP session reached the stall"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
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

    /// Waits (up to a generous deadline) until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "expected {n} emails, got {}: {:#?}",
                got.len(),
                got.iter().map(|r| &r.subject).collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn enc(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}
