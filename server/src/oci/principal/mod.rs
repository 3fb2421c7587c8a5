//! Who this process is to OCI: an API key from an OCI config file, or a security token from
//! the instance, the resource principal environment or OKE workload identity.
pub mod api_key;
pub mod instance;
pub mod keys;
pub mod resource;
pub mod session;
pub mod workload;

use std::sync::Arc;

use rsa::RsaPrivateKey;

use super::OciError;

/// How `VS_OCI_AUTH` names the principals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AuthKind {
    /// A user's API key from an OCI config file (`VS_OCI_CONFIG_FILE`, `VS_OCI_PROFILE`).
    ApiKey,
    /// A compute instance's identity (instance metadata v2 and X.509 federation).
    InstancePrincipal,
    /// A resource principal v2.2 environment (OCI Functions).
    ResourcePrincipal,
    /// A pod's service account on an enhanced OKE cluster.
    WorkloadIdentity,
}

/// Looks up an environment variable (injected, so tests need not change the process's).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment, for [`Env`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// What a request is signed with.
#[derive(Clone)]
pub struct Credentials {
    /// `<tenancy>/<user>/<fingerprint>`, or `ST$<security token>` (a secret).
    pub key_id: String,
    pub key: Arc<RsaPrivateKey>,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let key_id = if self.key_id.starts_with("ST$") {
            "ST$<token>"
        } else {
            &self.key_id
        };
        f.debug_struct("Credentials")
            .field("key_id", &key_id)
            .finish_non_exhaustive()
    }
}

/// One of the four principals.
pub enum Principal {
    ApiKey(api_key::ApiKey),
    Instance(instance::Instance),
    Resource(resource::Resource),
    Workload(workload::Workload),
}

impl Principal {
    /// Sets up the principal `kind`; token principals fetch their first token here, so a
    /// principal that cannot work stops start-up.
    pub async fn new(
        kind: AuthKind,
        args: &super::OciArgs,
        env: Env<'_>,
    ) -> anyhow::Result<Principal> {
        let principal = match kind {
            AuthKind::ApiKey => Principal::ApiKey(api_key::ApiKey::from_config(
                args.config_file.as_deref(),
                args.profile.as_deref(),
                env,
            )?),
            AuthKind::InstancePrincipal => Principal::Instance(instance::Instance::new(env).await?),
            AuthKind::ResourcePrincipal => Principal::Resource(resource::Resource::from_env(env)?),
            AuthKind::WorkloadIdentity => Principal::Workload(workload::Workload::from_env(env)?),
        };
        principal.credentials().await?;
        Ok(principal)
    }

    /// The credentials to sign the next request with (renewing a token that nears expiry).
    pub async fn credentials(&self) -> Result<Credentials, OciError> {
        match self {
            Principal::ApiKey(p) => Ok(p.credentials()),
            Principal::Instance(p) => p.credentials().await,
            Principal::Resource(p) => p.credentials().await,
            Principal::Workload(p) => p.credentials().await,
        }
    }

    /// Forgets a token the service refused (401), so the next call fetches a new one; false
    /// for an API key, which has nothing to renew.
    pub async fn invalidate(&self) -> bool {
        match self {
            Principal::ApiKey(_) => false,
            Principal::Instance(p) => {
                p.invalidate().await;
                true
            }
            Principal::Resource(p) => p.invalidate().await,
            Principal::Workload(p) => {
                p.invalidate().await;
                true
            }
        }
    }

    /// The region the principal is in, if it says.
    pub fn region(&self) -> Option<&str> {
        match self {
            Principal::ApiKey(p) => p.region.as_deref(),
            Principal::Instance(p) => Some(&p.region),
            Principal::Resource(p) => p.region.as_deref(),
            Principal::Workload(p) => Some(&p.region),
        }
    }

    pub fn kind(&self) -> AuthKind {
        match self {
            Principal::ApiKey(_) => AuthKind::ApiKey,
            Principal::Instance(_) => AuthKind::InstancePrincipal,
            Principal::Resource(_) => AuthKind::ResourcePrincipal,
            Principal::Workload(_) => AuthKind::WorkloadIdentity,
        }
    }
}
