//! Where emails go: an SMTP server (lettre over rustls), .eml files in the data dir when no
//! server is configured, or memory (unit tests).
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use chrono::{DateTime, Utc};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::config::{MailArgs, Security, SmtpUrl};

/// Longest wait for one SMTP command; the relay's lease on a row is much longer than this.
pub const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// One email as stored, ready to be sent.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    pub created_at: DateTime<Utc>,
}

/// How an email left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub via: &'static str,
    pub file_name: Option<String>,
}

/// Why a delivery failed. Permanent failures (a malformed address) are not retried.
#[derive(Debug)]
pub struct SendError {
    pub message: String,
    pub permanent: bool,
}

impl SendError {
    fn retry(message: String) -> Self {
        SendError {
            message,
            permanent: false,
        }
    }
}

/// An email the memory mailer kept.
#[derive(Clone, Debug)]
pub struct Kept {
    pub recipient: String,
    pub message_id: String,
    pub raw: String,
}

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        url: SmtpUrl,
    },
    Files {
        dir: PathBuf,
    },
    Memory(Arc<Mutex<Vec<Kept>>>),
}

impl Mailer {
    /// SMTP when `VS_SMTP_URL` is set, otherwise files in `<data-dir>/mail/`.
    pub fn from_args(args: &MailArgs, data_dir: &Path) -> anyhow::Result<Self> {
        let Some(url) = args.smtp_url.as_ref().map(|s| s.value()).transpose()? else {
            return Ok(Mailer::Files {
                dir: data_dir.join("mail"),
            });
        };
        let tls = || -> anyhow::Result<TlsParameters> {
            let mut builder = TlsParameters::builder(url.host.clone());
            if let Some(path) = &args.smtp_ca_file {
                let pem = std::fs::read(path)
                    .with_context(|| format!("cannot read VS_SMTP_CA_FILE {}", path.display()))?;
                let cert = Certificate::from_pem(&pem).with_context(|| {
                    format!(
                        "VS_SMTP_CA_FILE {} holds no PEM certificate",
                        path.display()
                    )
                })?;
                builder = builder.add_root_certificate(cert);
            }
            builder
                .build_rustls()
                .context("cannot set up TLS for the SMTP server")
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.clone())
            .port(url.port)
            .timeout(Some(SMTP_TIMEOUT));
        builder = match url.security {
            Security::Plain => builder.tls(Tls::None),
            Security::StartTls => builder.tls(Tls::Required(tls()?)),
            Security::Implicit => builder.tls(Tls::Wrapper(tls()?)),
        };
        if let Some((user, password)) = &url.credentials {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            url: url.clone(),
        })
    }

    /// A mailer that keeps what it sends, and the list it keeps it in.
    pub fn memory() -> (Self, Arc<Mutex<Vec<Kept>>>) {
        let kept = Arc::new(Mutex::new(Vec::new()));
        (Mailer::Memory(kept.clone()), kept)
    }

    /// For the startup log: never contains a password.
    pub fn describe(&self) -> String {
        match self {
            Mailer::Smtp { url, .. } => format!("SMTP {url}"),
            Mailer::Files { dir } => format!("files in {} (VS_SMTP_URL is not set)", dir.display()),
            Mailer::Memory(_) => "memory".into(),
        }
    }

    /// Says goodbye to pooled SMTP connections.
    pub async fn close(&self) {
        if let Mailer::Smtp { transport, .. } = self {
            transport.shutdown().await;
        }
    }

    pub async fn deliver(&self, from: &Mailbox, email: &Outgoing) -> Result<Delivery, SendError> {
        let message = build(from, email)?;
        match self {
            Mailer::Smtp { transport, .. } => {
                transport.send(message).await.map_err(|e| SendError {
                    // lettre's errors name the server's reply, never the credentials.
                    message: format!("SMTP: {e}"),
                    // A 5xx reply (no such mailbox, relay denied) will not change on retry.
                    permanent: e.is_permanent(),
                })?;
                Ok(Delivery {
                    via: "smtp",
                    file_name: None,
                })
            }
            Mailer::Files { dir } => {
                let name = file_name(email);
                write_file(dir, &name, &message.formatted())
                    .await
                    .map_err(|e| SendError::retry(format!("cannot write {name}: {e:#}")))?;
                Ok(Delivery {
                    via: "file",
                    file_name: Some(name),
                })
            }
            Mailer::Memory(kept) => {
                let raw = String::from_utf8_lossy(&message.formatted()).into_owned();
                kept.lock().expect("memory mailer lock").push(Kept {
                    recipient: email.recipient.clone(),
                    message_id: email.message_id.clone(),
                    raw,
                });
                Ok(Delivery {
                    via: "memory",
                    file_name: None,
                })
            }
        }
    }
}

/// The RFC 5322 message. Its Date is when the email was written, so every retry is the same
/// message (the MIME boundary aside); its Message-ID was fixed then too.
fn build(from: &Mailbox, email: &Outgoing) -> Result<Message, SendError> {
    let to: Mailbox = email.recipient.parse().map_err(|e| SendError {
        message: format!("invalid recipient address {:?}: {e}", email.recipient),
        permanent: true,
    })?;
    Message::builder()
        .message_id(Some(email.message_id.clone()))
        .date(email.created_at.into())
        .from(from.clone())
        .to(to)
        .subject(email.subject.clone())
        .multipart(MultiPart::alternative_plain_html(
            email.text_body.clone(),
            email.html_body.clone(),
        ))
        .map_err(|e| SendError {
            message: format!("cannot build the message: {e}"),
            permanent: true,
        })
}

/// `<created>-<id>-<kind>.eml`: sorts by time in a file listing.
pub fn file_name(email: &Outgoing) -> String {
    format!(
        "{}-{}-{}.eml",
        email.created_at.format("%Y%m%dT%H%M%S%.3fZ"),
        email.id,
        email.kind
    )
}

/// Owner-only, written beside the final name and renamed, so a reader never sees half a message.
async fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let (dir, path, bytes) = (dir.to_owned(), dir.join(name), bytes.to_owned());
    tokio::task::spawn_blocking(move || {
        crate::files::create_private_dir(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        crate::files::replace_private(&path, &bytes)
            .with_context(|| format!("cannot write {}", path.display()))
    })
    .await?
}
