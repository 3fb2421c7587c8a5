//! The `resource-principal` principal (OCI Functions): resource principal v2.2, its session
//! token (RPST) and private key given in the environment as values or as absolute paths of
//! files the platform rotates, re-read when the token nears expiry.
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{anyhow, bail};

use super::session::{Cache, Session};
use super::{Credentials, Env, keys};
use crate::oci::OciError;

pub const VERSION: &str = "OCI_RESOURCE_PRINCIPAL_VERSION";
pub const RPST: &str = "OCI_RESOURCE_PRINCIPAL_RPST";
pub const PRIVATE_PEM: &str = "OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM";
pub const PASSPHRASE: &str = "OCI_RESOURCE_PRINCIPAL_PRIVATE_PEM_PASSPHRASE";
pub const REGION: &str = "OCI_RESOURCE_PRINCIPAL_REGION";

/// A setting given either as its value or as the absolute path of a file holding it.
#[derive(Clone, Debug)]
enum Source {
    Value(String),
    File(PathBuf),
}

impl Source {
    fn of(text: String) -> Source {
        if text.starts_with('/') {
            Source::File(PathBuf::from(text))
        } else {
            Source::Value(text)
        }
    }

    fn read(&self, name: &str) -> Result<String, OciError> {
        match self {
            Source::Value(v) => Ok(v.trim().to_owned()),
            Source::File(path) => std::fs::read_to_string(path)
                .map(|text| text.trim().to_owned())
                .map_err(|e| {
                    OciError::Auth(format!("cannot read {name} file {}: {e}", path.display()))
                }),
        }
    }
}

pub struct Resource {
    rpst: Source,
    pem: Source,
    passphrase: Option<Source>,
    pub region: Option<String>,
    cache: Cache,
}

impl std::fmt::Debug for Resource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resource")
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl Resource {
    pub fn from_env(env: Env<'_>) -> anyhow::Result<Resource> {
        match env(VERSION).as_deref() {
            Some("2.2") => {}
            Some(other) => bail!("{VERSION}={other} is not supported: only 2.2"),
            None => bail!("VS_OCI_AUTH=resource-principal needs {VERSION}=2.2"),
        }
        let need = |name: &str| {
            env(name).ok_or_else(|| anyhow!("VS_OCI_AUTH=resource-principal needs {name}"))
        };
        let rpst = Source::of(need(RPST)?);
        let pem = Source::of(need(PRIVATE_PEM)?);
        let passphrase = env(PASSPHRASE).map(Source::of);
        if let Some(pass) = &passphrase
            && matches!(pass, Source::File(_)) != matches!(pem, Source::File(_))
        {
            bail!("{PRIVATE_PEM} and {PASSPHRASE} must both be paths or both be values");
        }
        Ok(Resource {
            rpst,
            pem,
            passphrase,
            region: env(REGION),
            cache: Cache::default(),
        })
    }

    fn load(&self) -> Result<Session, OciError> {
        let token = self.rpst.read(RPST)?;
        let token = token.strip_prefix("ST$").unwrap_or(&token).to_owned();
        let pem = self.pem.read(PRIVATE_PEM)?;
        let passphrase = self
            .passphrase
            .as_ref()
            .map(|p| p.read(PASSPHRASE))
            .transpose()?;
        let key = keys::private_key(&pem, passphrase.as_deref().map(str::as_bytes))
            .map_err(|e| OciError::Auth(format!("{PRIVATE_PEM}: {e}")))?;
        let expires_at =
            keys::jwt_expiry(&token).map_err(|e| OciError::Auth(format!("{RPST}: {e}")))?;
        let credentials = Credentials {
            key_id: format!("ST${token}"),
            key: Arc::new(key),
        };
        Ok(Session::new(credentials, expires_at, 0.9))
    }

    pub async fn credentials(&self) -> Result<Credentials, OciError> {
        self.cache.get(|| async { self.load() }).await
    }

    /// Re-reads the files on the next call, if they are files.
    pub async fn invalidate(&self) -> bool {
        let files = matches!(self.rpst, Source::File(_));
        if files {
            self.cache.invalidate().await;
        }
        files
    }
}
