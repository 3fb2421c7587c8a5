//! The `workload-identity` principal (pods on an enhanced OKE cluster): the pod's service
//! account token exchanged at the cluster's proxymux for a resource principal session token
//! bound to a session key, renewed at half its life.
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, anyhow};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use url::Url;

use super::session::{Cache, Session};
use super::{Credentials, Env, keys};
use crate::oci::OciError;
use crate::oci::client::request_id;
use crate::oci::endpoints::{join, region_id};

pub const SERVICE_HOST: &str = "KUBERNETES_SERVICE_HOST";
pub const CA_PATH_ENV: &str = "OCI_KUBERNETES_SERVICE_ACCOUNT_CERT_PATH";
pub const TOKEN_FILE_ENV: &str = "VS_OCI_SA_TOKEN_FILE";
pub const PROXYMUX_ENV: &str = "VS_OCI_PROXYMUX_URL";
const CA_DEFAULT: &str = "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt";
const TOKEN_DEFAULT: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

pub struct Workload {
    /// Trusts the cluster CA and nothing else.
    http: reqwest::Client,
    proxymux: Url,
    token_file: PathBuf,
    pub region: String,
    cache: Cache,
}

impl Workload {
    pub fn from_env(env: Env<'_>) -> anyhow::Result<Workload> {
        let host = env(SERVICE_HOST).ok_or_else(|| {
            anyhow!("VS_OCI_AUTH=workload-identity runs in a pod: {SERVICE_HOST} is not set")
        })?;
        let region = env(super::resource::REGION).ok_or_else(|| {
            anyhow!(
                "VS_OCI_AUTH=workload-identity needs {}",
                super::resource::REGION
            )
        })?;
        let ca_path = env(CA_PATH_ENV).unwrap_or_else(|| CA_DEFAULT.to_owned());
        let ca = std::fs::read(&ca_path)
            .with_context(|| format!("cannot read the cluster CA {ca_path} ({CA_PATH_ENV})"))?;
        let ca = reqwest::Certificate::from_pem(&ca)
            .with_context(|| format!("the cluster CA {ca_path} is not a PEM certificate"))?;
        let http = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .add_root_certificate(ca)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()?;
        let proxymux = match env(PROXYMUX_ENV) {
            Some(url) => url,
            None if host.contains(':') => format!("https://[{host}]:12250"),
            None => format!("https://{host}:12250"),
        };
        let proxymux = Url::parse(&proxymux)
            .with_context(|| format!("the proxymux URL {proxymux} ({PROXYMUX_ENV})"))?;
        Ok(Workload {
            http,
            proxymux,
            token_file: env(TOKEN_FILE_ENV)
                .unwrap_or_else(|| TOKEN_DEFAULT.to_owned())
                .into(),
            region: region_id(&region),
            cache: Cache::default(),
        })
    }

    async fn exchange(&self) -> Result<Session, OciError> {
        let failed = |e: &dyn std::fmt::Display| {
            OciError::Auth(format!("workload identity token exchange: {e}"))
        };
        // Kubernetes rotates the projected token: read it for every exchange.
        let sa_token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            failed(&format!(
                "cannot read the service account token {}: {e}",
                self.token_file.display()
            ))
        })?;
        let session_key = keys::session_key().map_err(OciError::Auth)?;
        let pod_key =
            keys::public_key_body(&session_key.to_public_key()).map_err(OciError::Auth)?;
        let response = self
            .http
            .post(join(&self.proxymux, "/resourcePrincipalSessionTokens"))
            .bearer_auth(sa_token.trim())
            .header("opc-request-id", request_id())
            .json(&json!({ "podKey": pod_key }))
            .send()
            .await
            .map_err(|e| failed(&e))?;
        let status = response.status();
        if status == reqwest::StatusCode::FORBIDDEN {
            return Err(failed(
                &"HTTP 403: please ensure the cluster type is enhanced (workload identity needs an enhanced OKE cluster)",
            ));
        }
        if !status.is_success() {
            return Err(failed(&format!("HTTP {status}")));
        }
        let text = response.text().await.map_err(|e| failed(&e))?;
        let token = token_of(&text).map_err(|e| failed(&e))?;
        let expires_at = keys::jwt_expiry(&token).map_err(OciError::Auth)?;
        let credentials = Credentials {
            key_id: format!("ST${token}"),
            key: Arc::new(session_key),
        };
        Ok(Session::new(credentials, expires_at, 0.5))
    }

    pub async fn credentials(&self) -> Result<Credentials, OciError> {
        self.cache.get(|| self.exchange()).await
    }

    pub async fn invalidate(&self) {
        self.cache.invalidate().await;
    }
}

/// The RPST in proxymux's answer: base64 (perhaps as a quoted JSON string) of
/// `{"token": "ST$<rpst>"}`.
fn token_of(answer: &str) -> Result<String, String> {
    let encoded = answer.trim().trim_matches('"');
    let decoded = STANDARD
        .decode(encoded)
        .map_err(|_| "the answer is not base64")?;
    #[derive(serde::Deserialize)]
    struct Answer {
        token: String,
    }
    let answer: Answer =
        serde_json::from_slice(&decoded).map_err(|_| "the answer holds no token")?;
    Ok(answer
        .token
        .strip_prefix("ST$")
        .unwrap_or(&answer.token)
        .to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_answer_is_base64_json_maybe_quoted() {
        let encoded = STANDARD.encode(br#"{"token":"ST$abc.def.ghi"}"#);
        assert_eq!(token_of(&encoded).unwrap(), "abc.def.ghi");
        assert_eq!(
            token_of(&format!("\"{encoded}\"\n")).unwrap(),
            "abc.def.ghi"
        );
        assert!(token_of("%%%").is_err());
    }
}
