//! Checking access tokens against the customers service's public keys, chosen by `kid`. The
//! keys can change while the process runs: a verifier with a [`KeySource`] fetches them again
//! when a token names a key it does not know (see `refresh`).
use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, PoisonError, RwLock};

use anyhow::{Context, bail};
use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;

use super::refresh::{KeySource, REFRESH_INTERVAL, Refresh};
use super::{AUDIENCE, Claims, ISSUER, LEEWAY_SECS, MAX_TOKEN_LEN, TokenError, jwk_thumbprint};

/// Public keys by `kid`; replaced whole when they are fetched again.
pub(super) type Keys = Arc<HashMap<String, DecodingKey>>;

/// Verifies tokens against a JWKS (keys chosen by `kid`); cheap to clone, and clones share their
/// keys, so a refresh seen by one is seen by all.
#[derive(Clone)]
pub struct Verifier {
    keys: Arc<RwLock<Keys>>,
    validation: Arc<Validation>,
    /// Where the keys come from again, for a verifier that does not hold the signing key.
    refresh: Option<Arc<Refresh>>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys = self.keys();
        let mut kids: Vec<_> = keys.keys().collect();
        kids.sort();
        f.debug_struct("Verifier")
            .field("kids", &kids)
            .field("refreshes", &self.refresh.is_some())
            .finish_non_exhaustive()
    }
}

/// The RS256 signature keys of a JWKS. Keys of other types, uses or algorithms are skipped; a
/// key without `kid` gets its RFC 7638 thumbprint. Fails when no key is usable.
pub(super) fn keys_of(jwks: &Value) -> anyhow::Result<HashMap<String, DecodingKey>> {
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
    Ok(keys)
}

impl Verifier {
    /// A verifier of the keys in `jwks` (see [`keys_of`]) that never changes them.
    pub fn from_jwks(jwks: &Value) -> anyhow::Result<Verifier> {
        Ok(Self::from_keys(keys_of(jwks)?))
    }

    pub(super) fn from_keys(keys: HashMap<String, DecodingKey>) -> Verifier {
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECS;
        Verifier {
            keys: Arc::new(RwLock::new(Arc::new(keys))),
            validation: Arc::new(validation),
            refresh: None,
        }
    }

    /// Fetches the keys from `source` again when a token names an unknown key, at most once per
    /// [`REFRESH_INTERVAL`].
    pub fn refreshing_from(self, source: Arc<dyn KeySource>) -> Verifier {
        self.refreshing_every(source, REFRESH_INTERVAL)
    }

    pub(super) fn refreshing_every(
        mut self,
        source: Arc<dyn KeySource>,
        interval: std::time::Duration,
    ) -> Verifier {
        self.refresh = Some(Arc::new(Refresh::new(source, interval)));
        self
    }

    /// The keys now (a lock poisoned by a panicking writer still holds a whole set).
    pub(super) fn keys(&self) -> Keys {
        self.keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub(super) fn replace_keys(&self, keys: HashMap<String, DecodingKey>) {
        *self.keys.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(keys);
    }

    /// Checks signature (RS256 only — "none", HS256 etc. are refused), iss, aud and exp (60 s
    /// leeway) against the keys held now.
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
        let keys = self.keys();
        let key = keys.get(&kid).ok_or(TokenError::UnknownKey(kid))?;
        // Signature first, then the claims: an expired forgery is Invalid, not Expired.
        match jsonwebtoken::decode::<Claims>(token, key, &self.validation) {
            Ok(data) => Ok(data.claims),
            Err(e) if matches!(e.kind(), ErrorKind::ExpiredSignature) => Err(TokenError::Expired),
            Err(e) => Err(invalid(e)),
        }
    }

    /// [`Self::verify`]; when the token names a key this verifier does not hold (the customers
    /// service rotated its key), its keys are fetched again first, if the last fetch is old
    /// enough, and the token checked once more.
    pub async fn check(&self, token: &str) -> Result<Claims, TokenError> {
        match (self.verify(token), &self.refresh) {
            (Err(TokenError::UnknownKey(kid)), Some(refresh)) => {
                if refresh.reload(self, &kid).await {
                    self.verify(token)
                } else {
                    Err(TokenError::UnknownKey(kid))
                }
            }
            (result, _) => result,
        }
    }

    /// The customer a valid token was issued to, as of when it was issued (no phone).
    pub async fn customer(&self, token: &str) -> Result<app::model::Customer, TokenError> {
        self.check(token).await?.customer()
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
