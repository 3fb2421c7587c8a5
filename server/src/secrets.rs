//! Secret settings (`DATABASE_URL`, `VS_SMTP_URL`, the JWT keys, ...): given as a value, as
//! `oci-vault:<secret OCID>` (fetched from OCI Vault at start-up) or as `<NAME>_FILE` (a path,
//! e.g. a Kubernetes secret file), and never shown in logs, `--help`, errors or `Debug`.
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use anyhow::{anyhow, bail};
use zeroize::Zeroizing;

use crate::oci::{Env, Oci};

/// How a setting names an OCI Vault secret.
pub const VAULT_PREFIX: &str = "oci-vault:";

/// A secret setting of type `T`. Clap's parser never fails on it (its errors would quote the
/// value): a value that does not parse is kept as its error and reported, by the setting's
/// name, by [`resolve`].
#[derive(Clone)]
pub struct Secret<T>(State<T>);

#[derive(Clone)]
enum State<T> {
    Value(T),
    /// `oci-vault:<OCID>`, until [`resolve`] fetches it.
    Vault(String),
    /// The value did not parse: why (without the value).
    Invalid(String),
}

impl<T: FromStr> FromStr for Secret<T>
where
    T::Err: fmt::Display,
{
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some(ocid) = text.trim().strip_prefix(VAULT_PREFIX) {
            return Ok(Secret(State::Vault(ocid.trim().to_owned())));
        }
        Ok(Secret(match T::from_str(text) {
            Ok(value) => State::Value(value),
            Err(e) => State::Invalid(e.to_string()),
        }))
    }
}

// No `From<T>`: clap would parse `Secret<String>` through `From<String>`, skipping `FromStr`.
impl<T> Secret<T> {
    /// A setting given as its value (code and tests that build settings by hand).
    pub fn new(value: T) -> Self {
        Secret(State::Value(value))
    }

    /// The value; an error if the setting was not resolved (a Vault reference outside
    /// `main`'s resolve step) or did not parse.
    pub fn value(&self) -> anyhow::Result<&T> {
        match &self.0 {
            State::Value(value) => Ok(value),
            State::Vault(ocid) => bail!("the secret {VAULT_PREFIX}{ocid} was not fetched"),
            State::Invalid(why) => bail!("a secret setting is invalid: {why}"),
        }
    }

    /// The secret OCID, for a setting that names one.
    pub fn vault_reference(&self) -> Option<&str> {
        match &self.0 {
            State::Vault(ocid) => Some(ocid),
            _ => None,
        }
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            State::Vault(ocid) => write!(f, "Secret({VAULT_PREFIX}{ocid})"),
            State::Value(_) | State::Invalid(_) => f.write_str("Secret(<hidden>)"),
        }
    }
}

/// What [`resolve`] does to one setting, whatever its type.
trait Setting: Send {
    fn is_set(&self) -> bool;
    fn vault_reference(&self) -> Option<String>;
    fn invalid(&self) -> Option<String>;
    /// Parses `text` into the setting (the error does not quote `text`).
    fn set(&mut self, text: &str) -> Result<(), String>;
}

impl<T: FromStr + Send> Setting for Option<Secret<T>>
where
    T::Err: fmt::Display,
{
    fn is_set(&self) -> bool {
        self.is_some()
    }

    fn vault_reference(&self) -> Option<String> {
        self.as_ref()?.vault_reference().map(str::to_owned)
    }

    fn invalid(&self) -> Option<String> {
        match self {
            Some(Secret(State::Invalid(why))) => Some(why.clone()),
            _ => None,
        }
    }

    fn set(&mut self, text: &str) -> Result<(), String> {
        let value = T::from_str(text).map_err(|e| e.to_string())?;
        *self = Some(Secret(State::Value(value)));
        Ok(())
    }
}

/// One secret setting of a command: its variable's name and the field it fills.
pub struct Slot<'a> {
    name: &'static str,
    setting: &'a mut dyn Setting,
}

/// The slot of the setting `name` (its environment variable, e.g. `DATABASE_URL`): adding a
/// secret setting is its field of type `Option<Secret<T>>` and one such line in its args'
/// `secrets()`.
pub fn slot<'a, T: FromStr + Send + 'static>(
    name: &'static str,
    setting: &'a mut Option<Secret<T>>,
) -> Slot<'a>
where
    T::Err: fmt::Display,
{
    Slot { name, setting }
}

impl Slot<'_> {
    pub fn name(&self) -> &'static str {
        self.name
    }
}

/// Trailing line breaks go: files and secrets are often written with one, and no setting
/// ends with one.
fn trimmed(text: &str) -> &str {
    text.trim_end_matches(['\r', '\n'])
}

/// Fills every slot: `<NAME>_FILE` read, `oci-vault:` fetched through `oci`, values checked.
/// Errors name the setting (and the file or OCID), never the value.
pub async fn resolve(slots: Vec<Slot<'_>>, oci: Option<&Oci>, env: Env<'_>) -> anyhow::Result<()> {
    for Slot { name, setting } in slots {
        let file_var = format!("{name}_FILE");
        if let Some(path) = env(&file_var) {
            if setting.is_set() {
                bail!("{name} and {file_var} are both set: use one of them");
            }
            let text = Zeroizing::new(
                std::fs::read_to_string(&path)
                    .map_err(|e| anyhow!("cannot read {file_var} {path}: {e}"))?,
            );
            setting
                .set(trimmed(&text))
                .map_err(|e| anyhow!("{file_var} {path}: {e}"))?;
            continue;
        }
        if let Some(why) = setting.invalid() {
            bail!("{name}: {why}");
        }
        let Some(ocid) = setting.vault_reference() else {
            continue;
        };
        let oci = oci.ok_or_else(|| {
            anyhow!("{name} is {VAULT_PREFIX}{ocid}, but VS_OCI_AUTH is not set (how to reach OCI Vault)")
        })?;
        let value = fetch(oci, &ocid)
            .await
            .map_err(|e| anyhow!("cannot fetch {name} from OCI Vault secret {ocid}: {e}"))?;
        let text = value
            .as_str()
            .ok_or_else(|| anyhow!("{name}: OCI Vault secret {ocid} is not UTF-8 text"))?;
        setting
            .set(trimmed(text))
            .map_err(|e| anyhow!("{name} from OCI Vault secret {ocid}: {e}"))?;
        tracing::info!(setting = name, secret = %ocid, "secret read from OCI Vault");
    }
    Ok(())
}

/// GetSecretBundle, tried again a few times while the failure may pass (a pod starting before
/// its network, a throttled Vault).
async fn fetch(oci: &Oci, ocid: &str) -> Result<crate::oci::SecretValue, crate::oci::OciError> {
    let mut delay = Duration::from_millis(500);
    let mut tries = 1;
    loop {
        match oci.secret_bundle(ocid).await {
            Err(e) if e.is_retryable() && tries < 4 => {
                let wait = e
                    .retry_after()
                    .unwrap_or(delay)
                    .min(Duration::from_secs(10));
                tracing::warn!(secret = %ocid, error = %e, "reading a secret from OCI Vault failed; trying again");
                tokio::time::sleep(wait).await;
                delay *= 2;
                tries += 1;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Cli, Command, ServeArgs};
    use crate::outbox::SmtpUrl;
    use clap::Parser;

    fn serve(args: &[&str]) -> Result<ServeArgs, clap::Error> {
        let argv = ["vision-stays", "serve"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Serve(serve) => Ok(serve),
            other => panic!("parsed {other:?}"),
        }
    }

    #[test]
    fn every_secret_setting_is_an_argument_whose_value_help_hides() {
        use clap::CommandFactory;
        let argv = |cmd: &[&str]| -> Vec<String> {
            ["vision-stays"]
                .iter()
                .chain(cmd)
                .map(|s| s.to_string())
                .collect()
        };
        let commands: [&[&str]; 4] = [
            &["serve"],
            &["migrate"],
            &["demo-data"],
            &[
                "admin",
                "create",
                "--email",
                "a@b.c",
                "--role",
                "platform-admin",
            ],
        ];
        let root = Cli::command();
        for cmd in commands {
            let mut cli = Cli::try_parse_from(argv(cmd)).unwrap();
            let names: Vec<&str> = cli.command.secrets().iter().map(|s| s.name()).collect();
            assert!(names.contains(&"DATABASE_URL"), "{cmd:?}");
            let mut sub = &root;
            for word in cmd.iter().take_while(|w| !w.starts_with('-')) {
                sub = sub.find_subcommand(word).unwrap();
            }
            for name in names {
                let arg = sub
                    .get_arguments()
                    .find(|a| a.get_env().is_some_and(|e| e == name))
                    .unwrap_or_else(|| panic!("{cmd:?}: no argument reads {name}"));
                assert!(
                    arg.is_hide_env_values_set(),
                    "{name} shows its value in --help"
                );
            }
        }
        let serve = ServeArgs::secrets(&mut serve(&[]).unwrap())
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>();
        assert_eq!(
            serve,
            [
                "VS_JWT_PRIVATE_KEY",
                "VS_JWT_PREVIOUS_KEY",
                "DATABASE_URL",
                "VS_SMTP_URL",
                "VS_DEMO_PASSWORD",
                "VS_WEBHOOK_SECRETS_KEY"
            ]
        );
    }

    #[test]
    fn secret_settings_parse_vault_references_whatever_their_type() {
        let args = serve(&[
            "--database-url",
            "oci-vault:ocid1.vaultsecret.oc1..db",
            "--smtp-url",
            "oci-vault:ocid1.vaultsecret.oc1..smtp",
            "--jwt-private-key",
            "oci-vault:ocid1.vaultsecret.oc1..jwt",
            "--demo-password",
            "plain",
        ])
        .unwrap();
        let db = args.db.database_url.as_ref().unwrap();
        assert_eq!(db.vault_reference(), Some("ocid1.vaultsecret.oc1..db"));
        let smtp = args.mail.smtp_url.as_ref().unwrap();
        assert_eq!(smtp.vault_reference(), Some("ocid1.vaultsecret.oc1..smtp"));
        let jwt = args.jwt_private_key.as_ref().unwrap();
        assert_eq!(jwt.vault_reference(), Some("ocid1.vaultsecret.oc1..jwt"));
        let demo = args.demo.demo_password.as_ref().unwrap();
        assert_eq!(demo.value().unwrap(), "plain");
        assert_eq!(
            format!("{:?}", args.demo),
            "DemoArgs { demo_password: Some(Secret(<hidden>)) }"
        );
    }

    fn env_of(pairs: &[(&str, String)]) -> impl Fn(&str) -> Option<String> + use<> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[tokio::test]
    async fn values_files_and_vault_references() {
        let mut url: Option<Secret<SmtpUrl>> =
            Some("smtp://ana:pw@127.0.0.1:2525".parse().unwrap());
        assert_eq!(url.as_ref().unwrap().value().unwrap().port, 2525);
        assert_eq!(format!("{url:?}"), "Some(Secret(<hidden>))");

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("db");
        std::fs::write(&file, "postgres://u:p@db/x\n").unwrap();
        let env = env_of(&[("DATABASE_URL_FILE", file.display().to_string())]);
        let mut db: Option<Secret<String>> = None;
        resolve(
            vec![slot("DATABASE_URL", &mut db), slot("VS_SMTP_URL", &mut url)],
            None,
            &env,
        )
        .await
        .unwrap();
        assert_eq!(db.unwrap().value().unwrap(), "postgres://u:p@db/x");

        let mut both: Option<Secret<String>> = Some("x".parse().unwrap());
        let err = resolve(vec![slot("DATABASE_URL", &mut both)], None, &env)
            .await
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "DATABASE_URL and DATABASE_URL_FILE are both set: use one of them"
        );

        let mut vault: Option<Secret<String>> =
            Some("oci-vault:ocid1.vaultsecret.oc1..s".parse().unwrap());
        assert_eq!(
            format!("{vault:?}"),
            "Some(Secret(oci-vault:ocid1.vaultsecret.oc1..s))"
        );
        assert!(vault.as_ref().unwrap().value().is_err());
        let err = resolve(vec![slot("VS_JWT_PRIVATE_KEY", &mut vault)], None, &|_| {
            None
        })
        .await
        .unwrap_err();
        assert!(
            err.to_string().starts_with(
                "VS_JWT_PRIVATE_KEY is oci-vault:ocid1.vaultsecret.oc1..s, but VS_OCI_AUTH"
            ),
            "{err}"
        );
    }

    #[tokio::test]
    async fn a_value_that_does_not_parse_is_named_not_shown() {
        let mut url: Option<Secret<SmtpUrl>> = Some(
            "smtp://ana:s3cret@mail.example.com:25?tls=maybe"
                .parse()
                .unwrap(),
        );
        assert!(!format!("{url:?}").contains("s3cret"));
        let err = resolve(vec![slot("VS_SMTP_URL", &mut url)], None, &|_| None)
            .await
            .unwrap_err();
        let err = format!("{err:#}");
        assert!(err.starts_with("VS_SMTP_URL: unsupported tls"), "{err}");
        assert!(!err.contains("s3cret"), "{err}");
    }
}
