//! Endpoint secrets at rest: sealed with AES-256-GCM under `VS_WEBHOOK_SECRETS_KEY` when it is
//! set, so a copy of the database alone cannot sign webhooks in a hotel's name.
use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng};
use aes_gcm::{Aes256Gcm, Key, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// How a sealed secret starts in the database (a plain one starts with `whsec_`).
const SEALED: &str = "sealed:v1:";
const NONCE_LEN: usize = 12;

/// The key that seals endpoint secrets.
pub struct SealingKey(Aes256Gcm);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(<hidden>)")
    }
}

impl SealingKey {
    /// 32 bytes in base64 (`openssl rand -base64 32`).
    pub fn parse(text: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|_| "is not base64 (make one with `openssl rand -base64 32`)".to_owned())?;
        if bytes.len() != 32 {
            return Err(format!(
                "holds {} bytes, not 32 (make one with `openssl rand -base64 32`)",
                bytes.len()
            ));
        }
        Ok(SealingKey(Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(
            &bytes,
        ))))
    }

    fn seal(&self, secret: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let sealed = self
            .0
            .encrypt(&nonce, secret.as_bytes())
            .expect("AES-GCM seals any secret of this size");
        format!(
            "{SEALED}{}",
            STANDARD.encode([nonce.as_slice(), &sealed].concat())
        )
    }
}

/// What to store for `secret`: sealed when there is a key, else as it is.
pub fn seal(key: Option<&SealingKey>, secret: &str) -> String {
    match key {
        Some(key) => key.seal(secret),
        None => secret.to_owned(),
    }
}

/// The secret `stored` holds: a plain one as it is (written before a key was set), a sealed one
/// opened with `key`.
pub fn open(key: Option<&SealingKey>, stored: &str) -> Result<String, &'static str> {
    let Some(b64) = stored.strip_prefix(SEALED) else {
        return Ok(stored.to_owned());
    };
    let key = key.ok_or("the endpoint's secret is sealed and VS_WEBHOOK_SECRETS_KEY is not set")?;
    let bytes = STANDARD
        .decode(b64)
        .map_err(|_| "the endpoint's sealed secret is damaged")?;
    if bytes.len() <= NONCE_LEN {
        return Err("the endpoint's sealed secret is damaged");
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let plain = key
        .0
        .decrypt(Nonce::from_slice(nonce), sealed)
        .map_err(|_| "the endpoint's secret was sealed with another VS_WEBHOOK_SECRETS_KEY")?;
    String::from_utf8(plain).map_err(|_| "the endpoint's sealed secret is damaged")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> SealingKey {
        SealingKey::parse(&STANDARD.encode([byte; 32])).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_with_its_key_only() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let stored = seal(Some(&key(1)), secret);
        assert!(
            stored.starts_with(SEALED) && !stored.contains("MfKQ9r8G"),
            "{stored}"
        );
        assert_ne!(
            stored,
            seal(Some(&key(1)), secret),
            "a fresh nonce each time"
        );
        assert_eq!(open(Some(&key(1)), &stored).unwrap(), secret);
        assert!(
            open(Some(&key(2)), &stored)
                .unwrap_err()
                .contains("another")
        );
        assert!(open(None, &stored).unwrap_err().contains("not set"));
        // Secrets stored before a key was set still work.
        assert_eq!(open(Some(&key(1)), secret).unwrap(), secret);
        assert_eq!(seal(None, secret), secret);
    }

    #[test]
    fn a_key_is_32_bytes_of_base64() {
        assert!(SealingKey::parse("not base64!").is_err());
        assert!(
            SealingKey::parse(&STANDARD.encode([7u8; 16]))
                .unwrap_err()
                .contains("16 bytes")
        );
        assert!(format!("{:?}", key(3)).contains("hidden"));
    }
}
