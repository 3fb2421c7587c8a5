//! The `api-key` principal: a user's signing key named by a profile of an OCI config file
//! (`~/.oci/config`: user, fingerprint, key_file, tenancy, region, pass_phrase).
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, anyhow};

use super::{Credentials, Env, keys};

pub struct ApiKey {
    credentials: Credentials,
    pub region: Option<String>,
}

impl ApiKey {
    /// Reads profile `profile` (default `DEFAULT`) of the config file at `file` (default
    /// `~/.oci/config`) and the key file it names.
    pub fn from_config(
        file: Option<&Path>,
        profile: Option<&str>,
        env: Env<'_>,
    ) -> anyhow::Result<ApiKey> {
        let home = env("HOME");
        let file = match file {
            Some(f) => expand_home(f, home.as_deref()),
            None => expand_home(Path::new("~/.oci/config"), home.as_deref()),
        };
        let profile = profile.unwrap_or("DEFAULT");
        let text = std::fs::read_to_string(&file).with_context(|| {
            format!(
                "cannot read the OCI config file {} (VS_OCI_CONFIG_FILE)",
                file.display()
            )
        })?;
        let values = profile_values(&text, profile)
            .with_context(|| format!("OCI config file {}", file.display()))?;
        let get = |key: &str| {
            values
                .get(key)
                .cloned()
                .ok_or_else(|| anyhow!("profile [{profile}] of {} has no {key}", file.display()))
        };
        let (user, fingerprint, tenancy) = (get("user")?, get("fingerprint")?, get("tenancy")?);
        let key_file = expand_home(Path::new(&get("key_file")?), home.as_deref());
        let pem = std::fs::read_to_string(&key_file).with_context(|| {
            format!(
                "cannot read key_file {} of profile [{profile}]",
                key_file.display()
            )
        })?;
        let passphrase = values.get("pass_phrase").map(String::as_bytes);
        let key = keys::private_key(&pem, passphrase).map_err(|e| {
            anyhow!(
                "key_file {} of profile [{profile}]: {e}",
                key_file.display()
            )
        })?;
        // OCI finds the public key by the fingerprint: another one means every call is refused.
        if let Ok(actual) = keys::md5_fingerprint(&key.to_public_key())
            && !actual.eq_ignore_ascii_case(&fingerprint)
        {
            tracing::warn!(
                profile,
                configured = %fingerprint,
                %actual,
                "the fingerprint in the OCI config is not key_file's: OCI will refuse its signatures"
            );
        }
        Ok(ApiKey {
            credentials: Credentials {
                key_id: format!("{tenancy}/{user}/{fingerprint}"),
                key: Arc::new(key),
            },
            region: values.get("region").cloned(),
        })
    }

    pub fn credentials(&self) -> Credentials {
        self.credentials.clone()
    }
}

/// `~/x` under `home`.
fn expand_home(path: &Path, home: Option<&str>) -> PathBuf {
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => Path::new(home).join(rest),
        _ => path.to_path_buf(),
    }
}

/// The keys of `[profile]`, over those of `[DEFAULT]` (which every profile inherits, as in the
/// SDKs' config reader).
fn profile_values(text: &str, profile: &str) -> anyhow::Result<HashMap<String, String>> {
    let mut sections: HashMap<String, HashMap<String, String>> = HashMap::new();
    let mut current: Option<String> = None;
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(name.trim().to_owned());
            sections.entry(name.trim().to_owned()).or_default();
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            anyhow::bail!("line {} is neither [profile] nor key=value", n + 1);
        };
        let section = current
            .clone()
            .ok_or_else(|| anyhow!("line {} comes before any [profile]", n + 1))?;
        sections
            .entry(section)
            .or_default()
            .insert(key.trim().to_owned(), value.trim().to_owned());
    }
    if !sections.contains_key(profile) {
        anyhow::bail!("no profile [{profile}] (VS_OCI_PROFILE)");
    }
    let mut values = sections.get("DEFAULT").cloned().unwrap_or_default();
    values.extend(sections.remove(profile).unwrap_or_default());
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = include_str!("../testdata/key.pem");

    #[test]
    fn profiles_inherit_default_and_comments_are_skipped() {
        let text = "# comment\n[DEFAULT]\nregion = eu-frankfurt-1\nuser=u0\n\n[OTHER]\nuser = u1\n";
        let other = profile_values(text, "OTHER").unwrap();
        assert_eq!(other["user"], "u1");
        assert_eq!(other["region"], "eu-frankfurt-1");
        assert!(profile_values(text, "MISSING").is_err());
        assert!(profile_values("user=x\n", "DEFAULT").is_err());
    }

    #[test]
    fn reads_a_profile_and_its_encrypted_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = keys::private_key(KEY, None).unwrap();
        let encrypted = keys::encrypted_pem(&key, b"pw");
        std::fs::create_dir(dir.path().join(".oci")).unwrap();
        std::fs::write(dir.path().join(".oci/key.pem"), encrypted.as_bytes()).unwrap();
        std::fs::write(
            dir.path().join(".oci/config"),
            "[DEFAULT]\nuser=ocid1.user.oc1..u\nfingerprint=aa:bb\ntenancy=ocid1.tenancy.oc1..t\n\
             region=us-phoenix-1\nkey_file=~/.oci/key.pem\npass_phrase=pw\n",
        )
        .unwrap();
        let home = dir.path().to_str().unwrap().to_owned();
        let env = move |name: &str| (name == "HOME").then(|| home.clone());
        let principal = ApiKey::from_config(None, None, &env).unwrap();
        let credentials = principal.credentials();
        assert_eq!(
            credentials.key_id,
            "ocid1.tenancy.oc1..t/ocid1.user.oc1..u/aa:bb"
        );
        assert_eq!(*credentials.key, key);
        assert_eq!(principal.region.as_deref(), Some("us-phoenix-1"));
        let err = ApiKey::from_config(None, Some("PROD"), &env).err().unwrap();
        assert!(format!("{err:#}").contains("no profile [PROD]"), "{err:#}");
    }
}
