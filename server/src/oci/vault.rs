//! OCI Vault's secret retrieval API (20190301): `GetSecretBundle`, the current version of a
//! secret, its base64 content decoded into a value that hides and wipes itself.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use zeroize::Zeroizing;

use super::client::Call;
use super::endpoints::join;
use super::{Oci, OciError};

/// A secret's bytes: never shown by `Debug`, zeroed when dropped.
#[derive(Clone)]
pub struct SecretValue(Zeroizing<Vec<u8>>);

impl SecretValue {
    pub fn new(bytes: Vec<u8>) -> SecretValue {
        SecretValue(Zeroizing::new(bytes))
    }

    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The value as text (settings are text); `None` when it is not UTF-8.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }
}

impl std::fmt::Debug for SecretValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SecretValue(<{} bytes>)", self.0.len())
    }
}

impl Oci {
    /// The current version of secret `secret_id` (`GET /20190301/secretbundles/{secretId}`).
    pub async fn secret_bundle(&self, secret_id: &str) -> Result<SecretValue, OciError> {
        const OP: &str = "GetSecretBundle";
        let url = join(
            &self.inner.endpoints.secrets,
            &format!("/20190301/secretbundles/{}", path_segment(secret_id)),
        );
        let answer = self.send(Call::get(OP, url)).await?;
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Bundle {
            secret_bundle_content: Content,
        }
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Content {
            content_type: String,
            content: Option<String>,
        }
        let bundle: Bundle = answer.json(OP)?;
        let content = bundle.secret_bundle_content;
        if content.content_type != "BASE64" {
            return Err(OciError::bad(
                OP,
                format!("content type {:?}, not BASE64", content.content_type),
            ));
        }
        let encoded = Zeroizing::new(content.content.unwrap_or_default());
        let bytes = STANDARD
            .decode(encoded.trim())
            .map_err(|_| OciError::bad(OP, "the content is not base64"))?;
        Ok(SecretValue::new(bytes))
    }
}

/// An OCID as one path segment (they hold only `[a-z0-9.]`, but a typo must not change the path).
pub(crate) fn path_segment(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
        .to_string()
        .replace("%2E", ".")
        .replace("%2D", "-")
        .replace("%5F", "_")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_values_hide_in_debug() {
        let v = SecretValue::new(b"s3cret".to_vec());
        assert_eq!(format!("{v:?}"), "SecretValue(<6 bytes>)");
        assert_eq!(v.as_str(), Some("s3cret"));
        assert_eq!(
            path_segment("ocid1.vaultsecret.oc1..a-b_c"),
            "ocid1.vaultsecret.oc1..a-b_c"
        );
        assert_eq!(path_segment("a/b?c"), "a%2Fb%3Fc");
    }
}
