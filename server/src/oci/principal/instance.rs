//! The `instance-principal` principal (the web VM): the instance's certificates from instance
//! metadata v2, exchanged by X.509 federation for a security token bound to a session key.
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde_json::json;
use sha2::{Digest, Sha256};
use url::Url;

use super::session::{Cache, Session};
use super::{Credentials, Env, keys};
use crate::oci::OciError;
use crate::oci::client::{Call, send_signed};
use crate::oci::endpoints::{join, region_id};
use crate::oci::signer::Rule;

pub const METADATA_ENV: &str = "OCI_METADATA_BASE_URL";
pub const AUTH_ENV: &str = "OCI_SDK_AUTH_CLIENT_REGION_URL";
const METADATA_DEFAULT: &str = "http://169.254.169.254/opc/v2";

pub struct Instance {
    http: reqwest::Client,
    metadata: Url,
    auth: Url,
    pub region: String,
    /// The tenancy of the first certificate: a renewal in another tenancy is refused.
    tenancy: String,
    cache: Cache,
}

/// What the federation call needs from instance metadata.
struct Identity {
    leaf_pem: String,
    leaf_key: rsa::RsaPrivateKey,
    intermediate_pem: String,
    tenancy: String,
    fingerprint: String,
}

impl Instance {
    pub async fn new(env: Env<'_>) -> anyhow::Result<Instance> {
        let metadata = env(METADATA_ENV).unwrap_or_else(|| METADATA_DEFAULT.to_owned());
        let metadata = Url::parse(&format!("{}/", metadata.trim_end_matches('/')))
            .with_context(|| format!("{METADATA_ENV} is not a URL"))?;
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30))
            .build()?;
        let region = get(&http, &metadata, "instance/region")
            .await
            .context("instance metadata (is this an OCI instance?)")?;
        let region = region_id(&region);
        let auth = match env(AUTH_ENV) {
            Some(url) => Url::parse(&url).with_context(|| format!("{AUTH_ENV} is not a URL"))?,
            None => Url::parse(&format!("https://auth.{region}.oraclecloud.com"))?,
        };
        let mut instance = Instance {
            http,
            metadata,
            auth,
            region,
            tenancy: String::new(),
            cache: Cache::default(),
        };
        instance.tenancy = instance.identity().await?.tenancy;
        Ok(instance)
    }

    async fn identity(&self) -> Result<Identity, OciError> {
        let leaf_pem = get(&self.http, &self.metadata, "identity/cert.pem").await?;
        let key_pem = get(&self.http, &self.metadata, "identity/key.pem").await?;
        let intermediate_pem = get(&self.http, &self.metadata, "identity/intermediate.pem").await?;
        let leaf_key = keys::private_key(&key_pem, None)
            .map_err(|e| OciError::Auth(format!("the instance's key.pem: {e}")))?;
        let (tenancy, fingerprint) = tenancy_and_fingerprint(&leaf_pem).map_err(OciError::Auth)?;
        Ok(Identity {
            leaf_pem,
            leaf_key,
            intermediate_pem,
            tenancy,
            fingerprint,
        })
    }

    /// Fresh certificates from metadata (they rotate), a new session key, and a token for it.
    async fn federate(&self) -> Result<Session, OciError> {
        let identity = self.identity().await?;
        if !self.tenancy.is_empty() && identity.tenancy != self.tenancy {
            return Err(OciError::Auth(
                "the instance certificate's tenancy changed".into(),
            ));
        }
        let session_key = keys::session_key().map_err(OciError::Auth)?;
        let body = json!({
            "certificate": keys::pem_body(&identity.leaf_pem),
            "publicKey": keys::public_key_body(&session_key.to_public_key()).map_err(OciError::Auth)?,
            "intermediateCertificates": [keys::pem_body(&identity.intermediate_pem)],
            "fingerprintAlgorithm": "SHA256",
        });
        let mut call = Call::post("X509 federation", join(&self.auth, "/v1/x509"), &body);
        call.rule = Rule::NoHost;
        let leaf = Credentials {
            key_id: format!(
                "{}/fed-x509-sha256/{}",
                identity.tenancy, identity.fingerprint
            ),
            key: Arc::new(identity.leaf_key),
        };
        #[derive(serde::Deserialize)]
        struct Token {
            token: String,
        }
        let token: Token = send_signed(&self.http, &leaf, &call)
            .await?
            .json(call.operation)?;
        let expires_at = keys::jwt_expiry(&token.token).map_err(OciError::Auth)?;
        let credentials = Credentials {
            key_id: format!("ST${}", token.token),
            key: Arc::new(session_key),
        };
        Ok(Session::new(credentials, expires_at, 0.8))
    }

    pub async fn credentials(&self) -> Result<Credentials, OciError> {
        self.cache.get(|| self.federate()).await
    }

    pub async fn invalidate(&self) {
        self.cache.invalidate().await;
    }
}

/// GET `<metadata>/<path>` with the v2 header; the body as text.
async fn get(http: &reqwest::Client, metadata: &Url, path: &str) -> Result<String, OciError> {
    let url = metadata
        .join(path)
        .map_err(|e| OciError::Auth(format!("metadata URL: {e}")))?;
    let failed =
        |e: &dyn std::fmt::Display| OciError::Auth(format!("instance metadata {path}: {e}"));
    let response = http
        .get(url)
        .header("authorization", "Bearer Oracle")
        .send()
        .await
        .map_err(|e| failed(&e))?;
    let status = response.status();
    if !status.is_success() {
        return Err(failed(&format!("HTTP {status}")));
    }
    response
        .text()
        .await
        .map(|t| t.trim().to_owned())
        .map_err(|e| failed(&e))
}

/// The tenancy (`opc-tenant:` in the leaf's subject) and the SHA-256 fingerprint of the leaf's
/// DER, lowercase colon hex.
fn tenancy_and_fingerprint(leaf_pem: &str) -> Result<(String, String), String> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(leaf_pem.as_bytes())
        .map_err(|e| format!("the instance's cert.pem is not PEM: {e}"))?;
    let cert = pem
        .parse_x509()
        .map_err(|e| format!("the instance's cert.pem: {e}"))?;
    let tenancy = cert
        .subject()
        .iter_attributes()
        .filter_map(|attr| attr.as_str().ok())
        .find_map(|value| value.strip_prefix("opc-tenant:"))
        .ok_or("the instance certificate's subject names no opc-tenant")?
        .to_owned();
    let fingerprint = Sha256::digest(&pem.contents)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":");
    Ok((tenancy, fingerprint))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tenancy_comes_from_the_subject_and_the_fingerprint_from_the_der() {
        use rcgen::{CertificateParams, DnType, KeyPair};
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params
            .distinguished_name
            .push(DnType::CommonName, "ocid1.instance.oc1..i");
        params.distinguished_name.push(
            DnType::OrganizationalUnitName,
            "opc-tenant:ocid1.tenancy.oc1..t",
        );
        let cert = params.self_signed(&KeyPair::generate().unwrap()).unwrap();
        let (tenancy, fingerprint) = tenancy_and_fingerprint(&cert.pem()).unwrap();
        assert_eq!(tenancy, "ocid1.tenancy.oc1..t");
        let expected: Vec<String> = Sha256::digest(cert.der())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(fingerprint, expected.join(":"));
        assert!(tenancy_and_fingerprint("not a cert").is_err());
    }
}
