//! Mail settings (`VS_SMTP_URL`, `VS_MAIL_FROM`, retries, ...) and the SMTP URL, whose password
//! never appears in logs, `Debug` output or error messages.
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;
use std::str::FromStr;

use clap::Args;
use percent_encoding::percent_decode_str;

use crate::secrets::{Secret, Slot, slot};

pub const DEFAULT_FROM: &str = "Vision Stays <bookings@visionstays.local>";
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:3000";
pub const DEFAULT_RETRY_BASE_MS: u64 = 2_000;
pub const DEFAULT_RETRY_CAP_MS: u64 = 3_600_000;
/// With the default base and cap, about 29 hours of retrying before an email is given up.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 40;
pub const DEFAULT_POLL_MS: u64 = 1_000;

/// How email is configured; every field has a flag and a `VS_*` variable.
#[derive(Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server for outgoing email: `smtp://user:pass@host:587?tls=starttls` (STARTTLS
    /// required), `smtps://user:pass@host:465` (implicit TLS) or `smtp://127.0.0.1:2525` (plain,
    /// for a local relay). Unset: each email is written as an .eml file to `<data-dir>/mail/`.
    #[arg(long, env = "VS_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<Secret<SmtpUrl>>,
    /// PEM file with a CA certificate to trust for the SMTP server, besides the public roots.
    #[arg(long, env = "VS_SMTP_CA_FILE")]
    pub smtp_ca_file: Option<PathBuf>,
    /// The sender of every email.
    #[arg(long, env = "VS_MAIL_FROM", default_value = DEFAULT_FROM)]
    pub mail_from: String,
    /// The site's address as guests reach it, for links in emails.
    #[arg(long, env = "VS_PUBLIC_URL", default_value = DEFAULT_PUBLIC_URL)]
    pub public_url: String,
    /// First retry delay after a failed delivery; it doubles on each failure (with jitter).
    #[arg(long, env = "VS_MAIL_RETRY_BASE_MS", default_value_t = DEFAULT_RETRY_BASE_MS)]
    pub mail_retry_base_ms: u64,
    /// Longest delay between two tries of one email.
    #[arg(long, env = "VS_MAIL_RETRY_CAP_MS", default_value_t = DEFAULT_RETRY_CAP_MS)]
    pub mail_retry_cap_ms: u64,
    /// Tries before an email is marked failed.
    #[arg(long, env = "VS_MAIL_MAX_ATTEMPTS", default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub mail_max_attempts: u32,
    /// How often the relay looks for due emails when nothing woke it.
    #[arg(long, env = "VS_MAIL_POLL_MS", default_value_t = DEFAULT_POLL_MS)]
    pub mail_poll_ms: u64,
}

impl MailArgs {
    pub fn secrets(&mut self) -> Vec<Slot<'_>> {
        vec![slot("VS_SMTP_URL", &mut self.smtp_url)]
    }
}

/// The same defaults as the command line, for code that builds settings by hand (tests).
impl Default for MailArgs {
    fn default() -> Self {
        MailArgs {
            smtp_url: None,
            smtp_ca_file: None,
            mail_from: DEFAULT_FROM.to_owned(),
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
            mail_retry_base_ms: DEFAULT_RETRY_BASE_MS,
            mail_retry_cap_ms: DEFAULT_RETRY_CAP_MS,
            mail_max_attempts: DEFAULT_MAX_ATTEMPTS,
            mail_poll_ms: DEFAULT_POLL_MS,
        }
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Security {
    /// No TLS: only for a relay on the same machine or a trusted network.
    Plain,
    /// Plain connect, then STARTTLS, which must succeed before anything else is said.
    StartTls,
    /// TLS from the first byte (`smtps://`, port 465).
    Implicit,
}

/// A parsed `VS_SMTP_URL`. Shown (Display and Debug) without its password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub host: String,
    pub port: u16,
    pub security: Security,
    /// User name and password, percent-decoded.
    pub credentials: Option<(String, String)>,
}

impl FromStr for SmtpUrl {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        // The url crate's messages never echo the input, so the password cannot leak from here.
        let url = url::Url::parse(text.trim()).map_err(|e| format!("invalid SMTP URL: {e}"))?;
        let mut tls = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" => tls = Some(value.into_owned()),
                other => return Err(format!("unknown SMTP URL parameter {other:?}")),
            }
        }
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("none")) => Security::Plain,
            ("smtp", Some("starttls" | "required")) => Security::StartTls,
            ("smtps", None | Some("implicit" | "wrapper")) => Security::Implicit,
            ("smtp" | "smtps", Some(other)) => {
                return Err(format!(
                    "unsupported tls={other:?}: use smtp://…?tls=starttls, smtps://… or smtp://… (no TLS)"
                ));
            }
            (scheme, _) => {
                return Err(format!(
                    "unsupported scheme {scheme:?}: use smtp:// or smtps://"
                ));
            }
        };
        let host = match url.host() {
            Some(url::Host::Domain(d)) => d.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            None => return Err("the SMTP URL has no host".into()),
        };
        if !matches!(url.path(), "" | "/") {
            return Err("the SMTP URL must not have a path".into());
        }
        let port = url.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls => 587,
            Security::Implicit => 465,
        });
        let decode = |s: &str| {
            percent_decode_str(s)
                .decode_utf8()
                .map(|c| c.into_owned())
                .map_err(|_| "the SMTP URL's credentials are not valid UTF-8".to_owned())
        };
        let credentials = if url.username().is_empty() {
            None
        } else {
            Some((
                decode(url.username())?,
                decode(url.password().unwrap_or_default())?,
            ))
        };
        let url = SmtpUrl {
            host,
            port,
            security,
            credentials,
        };
        if url.credentials.is_some() && url.security == Security::Plain && !url.is_loopback() {
            return Err(format!(
                "refusing to send SMTP credentials unencrypted to {}: use ?tls=starttls or smtps://",
                url.host
            ));
        }
        Ok(url)
    }
}

impl SmtpUrl {
    fn is_loopback(&self) -> bool {
        self.host == "localhost" || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }
}

impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.security {
            Security::Implicit => "smtps",
            _ => "smtp",
        };
        write!(f, "{scheme}://")?;
        if let Some((user, _)) = &self.credentials {
            let user =
                percent_encoding::utf8_percent_encode(user, percent_encoding::NON_ALPHANUMERIC);
            write!(f, "{user}:***@")?;
        }
        if self.host.contains(':') {
            write!(f, "[{}]:{}", self.host, self.port)?;
        } else {
            write!(f, "{}:{}", self.host, self.port)?;
        }
        if self.security == Security::StartTls {
            f.write_str("?tls=starttls")?;
        }
        Ok(())
    }
}

impl fmt::Debug for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SmtpUrl({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<SmtpUrl, String> {
        s.parse()
    }

    #[test]
    fn schemes_ports_and_tls() {
        let u = parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (u.host.as_str(), u.port, u.security),
            ("127.0.0.1", 2525, Security::Plain)
        );
        assert_eq!(u.credentials, None);
        let u = parse("smtp://mail.example.com?tls=starttls").unwrap();
        assert_eq!((u.port, u.security), (587, Security::StartTls));
        let u = parse("smtps://mail.example.com").unwrap();
        assert_eq!((u.port, u.security), (465, Security::Implicit));
        assert_eq!(parse("smtp://mail.example.com").unwrap().port, 25);
        let u = parse("smtp://[::1]:2525").unwrap();
        assert_eq!(u.host, "::1");
        assert_eq!(u.to_string(), "smtp://[::1]:2525");
    }

    #[test]
    fn credentials_are_percent_decoded() {
        let u = parse("smtps://ocid1.user%40tenancy:p%40ss%3Aw%2Frd@smtp.example.com:465").unwrap();
        assert_eq!(
            u.credentials,
            Some(("ocid1.user@tenancy".into(), "p@ss:w/rd".into()))
        );
    }

    #[test]
    fn password_never_shown() {
        let u = parse("smtp://ana:s3cret-pass@mail.example.com:587?tls=starttls").unwrap();
        assert_eq!(
            u.to_string(),
            "smtp://ana:***@mail.example.com:587?tls=starttls"
        );
        let debug = format!("{u:?}");
        assert!(!debug.contains("s3cret"), "{debug}");
        let args = MailArgs {
            smtp_url: Some(Secret::new(u)),
            ..MailArgs::default()
        };
        assert!(!format!("{args:?}").contains("s3cret"));
        let err = parse("smtp://ana:s3cret-pass@mail.example.com:25?tls=maybe").unwrap_err();
        assert!(!err.contains("s3cret"), "{err}");
    }

    #[test]
    fn refuses_what_would_be_unsafe_or_ignored() {
        assert!(parse("smtp://ana:pw@mail.example.com:25").is_err());
        assert!(parse("smtp://ana:pw@127.0.0.1:2525").is_ok());
        assert!(parse("http://mail.example.com").is_err());
        assert!(parse("smtp://mail.example.com?tls=opportunistic").is_err());
        assert!(parse("smtp://mail.example.com?timeout=5").is_err());
        assert!(parse("smtp://mail.example.com/ehlo").is_err());
    }
}
