//! RS256 access tokens: the customers service signs them and publishes its JWKS (its key, and
//! during a rotation the previous one); every service (and the OCI API Gateway) verifies them
//! against that JWKS.
//!
//! Private key material never leaves [`Signer`]: it is not logged, not `Debug`-printed and
//! never put into an error message.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header};
use rand::RngCore;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

mod refresh;
#[cfg(test)]
mod rotation_tests;
#[cfg(test)]
mod tests;
mod verifier;

pub use refresh::{KeySource, REFRESH_INTERVAL};
pub use verifier::Verifier;

/// The `iss` of every token.
pub const ISSUER: &str = "vision-stays";
/// The `aud` of every token.
pub const AUDIENCE: &str = "vision-stays-api";
/// How long an access token is valid.
pub const TOKEN_TTL_SECS: i64 = 3600;
/// Clock skew tolerated when checking `exp`.
pub const LEEWAY_SECS: u64 = 60;
/// The roles a token may carry.
pub const ROLES: [&str; 3] = ["guest", "hotel_admin", "platform_admin"];
/// File name of the generated signing key inside the data dir.
pub const KEY_FILE_NAME: &str = "jwt-signing-key.pem";
/// Size of generated keys.
const KEY_BITS: usize = 2048;
/// Longest token `verify` looks at; ours are about 1 KiB.
const MAX_TOKEN_LEN: usize = 8 * 1024;

/// Claims in every access token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The customer id as a decimal string.
    pub sub: String,
    pub email: String,
    pub name: String,
    /// One of [`ROLES`].
    pub role: String,
    /// [`ISSUER`].
    pub iss: String,
    /// [`AUDIENCE`].
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
    /// A random id (22 base64url characters).
    pub jti: String,
}

/// Why a token was refused.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token has expired")]
    Expired,
    #[error("invalid token: {0}")]
    Invalid(String),
    /// The `kid` is not in the JWKS (a key rotation the verifier has not seen, or a forgery).
    #[error("the token is signed by an unknown key")]
    UnknownKey(String),
}

/// A public key as the JWKS publishes it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct PublicJwk {
    kid: String,
    /// Modulus and exponent, base64url without padding.
    n: String,
    e: String,
}

impl PublicJwk {
    fn of(key: &RsaPublicKey) -> anyhow::Result<PublicJwk> {
        let bits = key.n().bits();
        if !(2048..=4096).contains(&bits) {
            bail!("the JWT signing key has {bits} bits; RS256 keys must have 2048 to 4096");
        }
        let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
        Ok(PublicJwk {
            kid: jwk_thumbprint(&n, &e),
            n,
            e,
        })
    }

    fn decoding_key(&self) -> anyhow::Result<DecodingKey> {
        Ok(DecodingKey::from_rsa_components(&self.n, &self.e)?)
    }

    fn to_json(&self) -> Value {
        json!({"kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid, "n": self.n, "e": self.e})
    }
}

/// The signing key (customers service) plus the public JWKS.
pub struct Signer {
    encoding: EncodingKey,
    /// What the JWKS publishes: the signing key's public half first, then the previous key's.
    published: Vec<PublicJwk>,
    verifier: Verifier,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid())
            .field("previous", &self.published.get(1).map(|k| &k.kid))
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// PEM from `pem` when given (PKCS#8 or PKCS#1 "RSA PRIVATE KEY"), else the key kept at
    /// `<data_dir>/jwt-signing-key.pem`, generating and saving it (file mode 0600) on first use.
    pub fn load_or_generate(data_dir: &Path, pem: Option<&str>) -> anyhow::Result<Signer> {
        if let Some(pem) = pem {
            return Self::from_pem(pem).context("the configured JWT signing key is unusable");
        }
        let path = data_dir.join(KEY_FILE_NAME);
        let unusable = || format!("the JWT signing key in {} is unusable", path.display());
        match std::fs::read_to_string(&path) {
            Ok(existing) => return Self::from_pem(&existing).with_context(unusable),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
        crate::files::create_private_dir(data_dir)
            .with_context(|| format!("cannot create the data dir {}", data_dir.display()))?;
        let key = generate_key()?;
        let pem = key
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|_| anyhow!("cannot encode the new JWT signing key"))?;
        match crate::files::write_private_new(&path, pem.as_bytes()) {
            Ok(()) => Self::from_key(&key),
            // Another process created it first: use theirs so both sign with the same key.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let existing = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                Self::from_pem(&existing).with_context(unusable)
            }
            Err(e) => Err(e).with_context(|| format!("cannot write {}", path.display())),
        }
    }

    /// A signer from a PEM RSA private key, PKCS#8 ("PRIVATE KEY") or PKCS#1 ("RSA PRIVATE
    /// KEY"). A PEM whose line breaks arrive as literal `\n` (environment variables) is accepted.
    pub fn from_pem(pem: &str) -> anyhow::Result<Signer> {
        Self::from_key(&private_key(&unescape(pem))?)
    }

    /// Also publishes, and accepts tokens signed by, the key that signed before a rotation, so
    /// they stay valid until they expire. `pem` is that key: private (as `from_pem` reads) or
    /// public (SPKI "PUBLIC KEY" or PKCS#1 "RSA PUBLIC KEY"). The signing key given again is ignored.
    pub fn with_previous(mut self, pem: &str) -> anyhow::Result<Signer> {
        let previous = PublicJwk::of(&public_key(pem)?)?;
        if previous.kid == self.kid() {
            tracing::warn!(kid = %previous.kid, "the previous JWT key is the signing key itself");
            return Ok(self);
        }
        self.published.truncate(1);
        self.published.push(previous);
        self.verifier = self.published_verifier()?;
        Ok(self)
    }

    fn published_verifier(&self) -> anyhow::Result<Verifier> {
        let keys = self
            .published
            .iter()
            .map(|k| Ok((k.kid.clone(), k.decoding_key()?)))
            .collect::<anyhow::Result<HashMap<_, _>>>()?;
        Ok(Verifier::from_keys(keys))
    }

    fn from_key(key: &RsaPrivateKey) -> anyhow::Result<Signer> {
        let public = PublicJwk::of(&key.to_public_key())?;
        let der = key
            .to_pkcs1_der()
            .map_err(|_| anyhow!("cannot encode the JWT signing key"))?;
        let mut signer = Signer {
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            published: vec![public],
            verifier: Verifier::from_keys(HashMap::new()),
        };
        signer.verifier = signer.published_verifier()?;
        // Fail at start-up, not at the first sign-in, if the key does not work.
        let (token, _) = signer.issue(0, "self-check@invalid", "self-check", "guest")?;
        signer
            .verifier
            .verify(&token)
            .map_err(|e| anyhow!("the JWT signing key fails its self-check: {e}"))?;
        Ok(signer)
    }

    /// The key id: the RFC 7638 thumbprint of the public key.
    pub fn kid(&self) -> &str {
        &self.published[0].kid
    }

    /// A token for the customer, valid TOKEN_TTL_SECS from now.
    pub fn issue(
        &self,
        id: i64,
        email: &str,
        name: &str,
        role: &str,
    ) -> anyhow::Result<(String, Claims)> {
        let now = chrono::Utc::now().timestamp();
        self.issue_at(id, email, name, role, now, now + TOKEN_TTL_SECS)
    }

    fn issue_at(
        &self,
        id: i64,
        email: &str,
        name: &str,
        role: &str,
        iat: i64,
        exp: i64,
    ) -> anyhow::Result<(String, Claims)> {
        if !ROLES.contains(&role) {
            bail!("unknown role {role:?}");
        }
        let mut jti = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut jti);
        let claims = Claims {
            sub: id.to_string(),
            email: email.to_owned(),
            name: name.to_owned(),
            role: role.to_owned(),
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            iat,
            exp,
            jti: URL_SAFE_NO_PAD.encode(jti),
        };
        Ok((self.sign(&claims)?, claims))
    }

    fn sign(&self, claims: &Claims) -> anyhow::Result<String> {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid().to_owned());
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .map_err(|e| anyhow!("cannot sign the access token: {e}"))
    }

    /// {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...}]}, kid being
    /// the RFC 7638 JWK thumbprint: the signing key, then the previous one if configured.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self.published.iter().map(PublicJwk::to_json).collect();
        json!({ "keys": keys })
    }

    /// A verifier for this signer's tokens and the previous key's.
    pub fn verifier(&self) -> Verifier {
        self.verifier.clone()
    }
}

/// `pem` with literal `\n` turned into line breaks when it has no real ones (environment
/// variables).
fn unescape(pem: &str) -> String {
    if !pem.contains('\n') && pem.contains("\\n") {
        pem.replace("\\n", "\n")
    } else {
        pem.to_owned()
    }
}

// The parsers' errors never contain key material, so they are safe to pass on.

/// The RSA private key in `pem` (PKCS#8 or PKCS#1).
fn private_key(pem: &str) -> anyhow::Result<RsaPrivateKey> {
    if pem.contains("-----BEGIN PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| anyhow!("bad PKCS#8 RSA key: {e}"))
    } else if pem.contains("-----BEGIN RSA PRIVATE KEY-----") {
        RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| anyhow!("bad PKCS#1 RSA key: {e}"))
    } else {
        bail!("expected an unencrypted PEM RSA private key (PKCS#8 or PKCS#1)");
    }
}

/// The public key in `pem`: a private key's public half, or a public key (SPKI or PKCS#1).
fn public_key(pem: &str) -> anyhow::Result<RsaPublicKey> {
    let pem = unescape(pem);
    if pem.contains("-----BEGIN PUBLIC KEY-----") {
        RsaPublicKey::from_public_key_pem(&pem).map_err(|e| anyhow!("bad SPKI RSA key: {e}"))
    } else if pem.contains("-----BEGIN RSA PUBLIC KEY-----") {
        RsaPublicKey::from_pkcs1_pem(&pem).map_err(|e| anyhow!("bad PKCS#1 RSA public key: {e}"))
    } else if pem.contains("PRIVATE KEY-----") {
        Ok(private_key(&pem)?.to_public_key())
    } else {
        bail!("expected a PEM RSA key, private (PKCS#8 or PKCS#1) or public (SPKI or PKCS#1)");
    }
}

/// RFC 7638 thumbprint of an RSA key given its base64url `n` and `e`: base64url SHA-256 of
/// `{"e":..,"kty":"RSA","n":..}`. Base64url needs no JSON escaping, so `format!` is canonical.
fn jwk_thumbprint(n: &str, e: &str) -> String {
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

fn generate_key() -> anyhow::Result<RsaPrivateKey> {
    RsaPrivateKey::new(&mut rand::rngs::OsRng, KEY_BITS)
        .map_err(|e| anyhow!("cannot generate an RSA key: {e}"))
}
