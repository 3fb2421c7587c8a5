//! The deployment's `TOKEN_AUTHENTICATION` policy with a `REMOTE_JWKS` validation policy: where
//! the token is, the keys fetched from the JWKS uri (cached for `maxCacheDurationInHours`, chosen
//! by `kid`), and the checks of signature, `iss`, `aud`, `exp`/`nbf` and `verifyClaims`.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::http::request::Parts;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::Value;
use tokio::sync::Mutex;

pub struct TokenAuth {
    header: Option<String>,
    scheme: Option<String>,
    query_param: Option<String>,
    pub anonymous_allowed: bool,
    skew_secs: u64,
    jwks_uri: String,
    cache_for: Duration,
    issuers: Vec<String>,
    audiences: Vec<String>,
    claims: Vec<ClaimRule>,
    /// Keys by `kid`, with when they were fetched.
    keys: Mutex<Option<(Instant, HashMap<String, Key>)>>,
    http: reqwest::Client,
}

struct ClaimRule {
    key: String,
    values: Vec<String>,
    required: bool,
}

struct Key {
    key: DecodingKey,
    /// The JWK's `alg`, when it names one.
    alg: Option<Algorithm>,
}

const ALGORITHMS: [(&str, Algorithm); 3] = [
    ("RS256", Algorithm::RS256),
    ("RS384", Algorithm::RS384),
    ("RS512", Algorithm::RS512),
];

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

impl TokenAuth {
    /// The deployment's authentication policy, if it has one. Panics on a kind this stand-in
    /// does not imitate.
    pub fn from_spec(spec: &Value) -> Option<TokenAuth> {
        let a = &spec["requestPolicies"]["authentication"];
        if a.is_null() {
            return None;
        }
        assert_eq!(
            a["type"], "TOKEN_AUTHENTICATION",
            "only TOKEN_AUTHENTICATION is imitated"
        );
        let v = &a["validationPolicy"];
        assert_eq!(
            v["type"], "REMOTE_JWKS",
            "only REMOTE_JWKS validation is imitated"
        );
        let extra = &v["additionalValidationPolicy"];
        let text = |x: &Value| x.as_str().map(str::to_owned);
        let header = text(&a["tokenHeader"]);
        let scheme = text(&a["tokenAuthScheme"]);
        assert!(
            header.is_none() || scheme.is_some(),
            "tokenAuthScheme is required with tokenHeader"
        );
        Some(TokenAuth {
            query_param: text(&a["tokenQueryParam"]),
            anonymous_allowed: a["isAnonymousAccessAllowed"].as_bool().unwrap_or(false),
            skew_secs: a["maxClockSkewInSeconds"].as_f64().unwrap_or(0.0) as u64,
            jwks_uri: text(&v["uri"]).expect("REMOTE_JWKS has a uri"),
            cache_for: Duration::from_secs(
                3600 * v["maxCacheDurationInHours"].as_u64().unwrap_or(1),
            ),
            issuers: strings(&extra["issuers"]),
            audiences: strings(&extra["audiences"]),
            claims: extra["verifyClaims"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| ClaimRule {
                    key: text(&c["key"]).expect("a claim to verify has a key"),
                    values: strings(&c["values"]),
                    required: c["isRequired"].as_bool().unwrap_or(false),
                })
                .collect(),
            header,
            scheme,
            keys: Mutex::new(None),
            http: reqwest::Client::new(),
        })
    }

    /// The token the request presents, if any. A header with another scheme presents none.
    pub fn token_in(&self, parts: &Parts) -> Option<String> {
        if let (Some(header), Some(scheme)) = (&self.header, &self.scheme) {
            let value = parts.headers.get(header.as_str())?.to_str().ok()?;
            let (given, token) = value.split_once(' ')?;
            return given
                .eq_ignore_ascii_case(scheme)
                .then(|| token.trim().to_owned());
        }
        let param = self.query_param.as_deref()?;
        url::form_urlencoded::parse(parts.uri.query()?.as_bytes())
            .find(|(k, _)| k == param)
            .map(|(_, v)| v.into_owned())
    }

    /// The token's claims when it passes every check, else why not.
    pub async fn verify(&self, token: &str) -> Result<Value, String> {
        let header = jsonwebtoken::decode_header(token).map_err(|e| format!("header: {e}"))?;
        if !ALGORITHMS.iter().any(|(_, a)| *a == header.alg) {
            return Err(format!(
                "algorithm {:?} is not RS256, RS384 or RS512",
                header.alg
            ));
        }
        // OCI needs the JWT's `kid` to match a key's.
        let kid = header.kid.ok_or("no kid in the token's header")?;
        let mut validation = Validation::new(header.alg);
        validation.leeway = self.skew_secs;
        validation.validate_nbf = true;
        let mut required = vec!["exp"];
        if !self.issuers.is_empty() {
            validation.set_issuer(&self.issuers);
            required.push("iss");
        }
        if self.audiences.is_empty() {
            validation.validate_aud = false;
        } else {
            validation.set_audience(&self.audiences);
            required.push("aud");
        }
        validation.set_required_spec_claims(&required);
        let claims = {
            let keys = self.keys().await?;
            let key = keys
                .get(&kid)
                .ok_or_else(|| format!("no key {kid} in the JWKS"))?;
            if key.alg.is_some_and(|a| a != header.alg) {
                return Err(format!("key {kid} is not for {:?}", header.alg));
            }
            jsonwebtoken::decode::<Value>(token, &key.key, &validation)
                .map_err(|e| format!("{e}"))?
                .claims
        };
        for rule in &self.claims {
            rule.check(&claims)?;
        }
        Ok(claims)
    }

    async fn keys(
        &self,
    ) -> Result<tokio::sync::MappedMutexGuard<'_, HashMap<String, Key>>, String> {
        let mut cache = self.keys.lock().await;
        if cache
            .as_ref()
            .is_none_or(|(at, _)| at.elapsed() >= self.cache_for)
        {
            *cache = Some((Instant::now(), self.fetch().await?));
        }
        Ok(tokio::sync::MutexGuard::map(cache, |c| {
            &mut c.as_mut().expect("just filled").1
        }))
    }

    /// The JWKS's usable keys, by the rules of OCI's "Key Parameters Required to Verify JWT
    /// Signatures": `kid`, `kty` RSA, `use` sig or `key_ops` with verify, `alg` RS256/384/512.
    async fn fetch(&self) -> Result<HashMap<String, Key>, String> {
        let jwks: Value = async {
            self.http
                .get(&self.jwks_uri)
                .send()
                .await?
                .error_for_status()?
                .json()
                .await
        }
        .await
        .map_err(|e: reqwest::Error| format!("JWKS from {}: {e}", self.jwks_uri))?;
        let mut keys = HashMap::new();
        for jwk in jwks["keys"].as_array().into_iter().flatten() {
            let field = |name: &str| jwk[name].as_str();
            let usable = field("kty") == Some("RSA")
                && field("use").is_none_or(|u| u == "sig")
                && (jwk["key_ops"].is_null()
                    || strings(&jwk["key_ops"]).iter().any(|o| o == "verify"));
            let alg =
                field("alg").map(|a| ALGORITHMS.iter().find(|(n, _)| *n == a).map(|(_, al)| *al));
            let (Some(kid), Some(n), Some(e), true, false) = (
                field("kid"),
                field("n"),
                field("e"),
                usable,
                alg == Some(None),
            ) else {
                continue;
            };
            let key =
                DecodingKey::from_rsa_components(n, e).map_err(|e| format!("key {kid}: {e}"))?;
            keys.insert(
                kid.to_owned(),
                Key {
                    key,
                    alg: alg.flatten(),
                },
            );
        }
        Ok(keys)
    }
}

impl ClaimRule {
    fn check(&self, claims: &Value) -> Result<(), String> {
        let claim = &claims[&self.key];
        if claim.is_null() {
            return match self.required {
                true => Err(format!("no {} claim", self.key)),
                false => Ok(()),
            };
        }
        let given: Vec<String> = match claim {
            Value::Array(_) => strings(claim),
            Value::String(s) => vec![s.clone()],
            other => vec![other.to_string()],
        };
        if self.values.is_empty() || given.iter().any(|g| self.values.contains(g)) {
            Ok(())
        } else {
            Err(format!("claim {} is {claim}", self.key))
        }
    }
}
