//! RS256 access tokens: the customers service signs them and publishes its JWKS; every
//! service (and the OCI API Gateway) verifies them against that JWKS.
//!
//! Private key material never leaves [`Signer`]: it is not logged, not `Debug`-printed and
//! never put into an error message.

use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use rsa::RsaPrivateKey;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

#[cfg(test)]
mod tests;

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
    UnknownKey,
}

/// The signing key (customers service) plus the public JWKS.
pub struct Signer {
    encoding: EncodingKey,
    kid: String,
    /// Public modulus and exponent, base64url without padding.
    n: String,
    e: String,
    verifier: Verifier,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("kid", &self.kid)
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
        let unescaped;
        let pem = if !pem.contains('\n') && pem.contains("\\n") {
            unescaped = pem.replace("\\n", "\n");
            unescaped.as_str()
        } else {
            pem
        };
        // The parsers' errors never contain key material, so they are safe to pass on.
        let key = if pem.contains("-----BEGIN PRIVATE KEY-----") {
            RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| anyhow!("bad PKCS#8 RSA key: {e}"))?
        } else if pem.contains("-----BEGIN RSA PRIVATE KEY-----") {
            RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| anyhow!("bad PKCS#1 RSA key: {e}"))?
        } else {
            bail!("expected an unencrypted PEM RSA private key (PKCS#8 or PKCS#1)");
        };
        Self::from_key(&key)
    }

    fn from_key(key: &RsaPrivateKey) -> anyhow::Result<Signer> {
        let bits = key.n().bits();
        if !(2048..=4096).contains(&bits) {
            bail!("the JWT signing key has {bits} bits; RS256 keys must have 2048 to 4096");
        }
        let der = key
            .to_pkcs1_der()
            .map_err(|_| anyhow!("cannot encode the JWT signing key"))?;
        let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
        let kid = jwk_thumbprint(&n, &e);
        let public = DecodingKey::from_rsa_components(&n, &e)?;
        let signer = Signer {
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            verifier: Verifier::from_keys(HashMap::from([(kid.clone(), public)])),
            kid,
            n,
            e,
        };
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
        &self.kid
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
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding)
            .map_err(|e| anyhow!("cannot sign the access token: {e}"))
    }

    /// {"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":...,"n":...,"e":...}]}, kid being
    /// the RFC 7638 JWK thumbprint.
    pub fn jwks(&self) -> Value {
        json!({"keys": [{
            "kty": "RSA",
            "use": "sig",
            "alg": "RS256",
            "kid": self.kid,
            "n": self.n,
            "e": self.e,
        }]})
    }

    /// A verifier for this signer's tokens.
    pub fn verifier(&self) -> Verifier {
        self.verifier.clone()
    }
}

/// Verifies tokens against a JWKS (keys chosen by `kid`); cheap to clone.
#[derive(Clone)]
pub struct Verifier {
    keys: Arc<HashMap<String, DecodingKey>>,
    validation: Arc<Validation>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("kids", &self.keys.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// The RS256 signature keys of a JWKS. Keys of other types, uses or algorithms are skipped;
    /// a key without `kid` gets its RFC 7638 thumbprint. Fails when no key is usable.
    pub fn from_jwks(jwks: &Value) -> anyhow::Result<Verifier> {
        let entries = jwks
            .get("keys")
            .and_then(Value::as_array)
            .context("a JWKS needs a \"keys\" array")?;
        let mut keys = HashMap::new();
        for entry in entries {
            let field = |name: &str| entry.get(name).and_then(Value::as_str);
            if field("kty") != Some("RSA")
                || field("use").is_some_and(|u| u != "sig")
                || field("alg").is_some_and(|a| a != "RS256")
            {
                continue;
            }
            let (Some(n), Some(e)) = (field("n"), field("e")) else {
                bail!("a JWKS RSA key lacks \"n\" or \"e\"");
            };
            let kid = field("kid").map_or_else(|| jwk_thumbprint(n, e), str::to_owned);
            let key = DecodingKey::from_rsa_components(n, e)
                .with_context(|| format!("bad RSA key {kid:?} in the JWKS"))?;
            keys.insert(kid, key);
        }
        if keys.is_empty() {
            bail!("the JWKS has no RS256 signing key");
        }
        Ok(Self::from_keys(keys))
    }

    fn from_keys(keys: HashMap<String, DecodingKey>) -> Verifier {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        Verifier {
            keys: Arc::new(keys),
            validation: Arc::new(validation),
        }
    }

    /// Checks signature (RS256 only — "none", HS256 etc. are refused), iss, aud and exp (60 s
    /// leeway).
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::Invalid("the token is too long".into()));
        }
        let header = jsonwebtoken::decode_header(token).map_err(invalid)?;
        if header.alg != Algorithm::RS256 {
            return Err(TokenError::Invalid(format!(
                "algorithm {:?} is not accepted",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| TokenError::Invalid("the token has no key id".into()))?;
        let key = self.keys.get(&kid).ok_or(TokenError::UnknownKey)?;
        // Signature first, then the claims: an expired forgery is Invalid, not Expired.
        match jsonwebtoken::decode::<Claims>(token, key, &self.validation) {
            Ok(data) => Ok(data.claims),
            Err(e) if matches!(e.kind(), ErrorKind::ExpiredSignature) => Err(TokenError::Expired),
            Err(e) => Err(invalid(e)),
        }
    }

    /// The customer a valid token was issued to, as of when it was issued (no phone).
    pub fn customer(&self, token: &str) -> Result<app::model::Customer, TokenError> {
        self.verify(token)?.customer()
    }
}

impl Claims {
    /// The customer these claims were issued to, as of when they were issued (no phone).
    pub fn customer(&self) -> Result<app::model::Customer, TokenError> {
        let id = self
            .sub
            .parse()
            .map_err(|_| TokenError::Invalid("the subject is not a customer id".into()))?;
        Ok(app::model::Customer {
            id,
            email: self.email.clone(),
            name: self.name.clone(),
            phone: None,
            role: app::model::Role::parse(&self.role).unwrap_or_default(),
            email_verified: false,
        })
    }
}

fn invalid(e: jsonwebtoken::errors::Error) -> TokenError {
    TokenError::Invalid(e.to_string())
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
