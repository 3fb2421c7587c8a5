//! Unit tests for key rotation: the previous key published and accepted beside the signing key,
//! and verifiers that fetch the keys again on an unknown `kid`, at most once per interval.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use rsa::pkcs1::{EncodeRsaPrivateKey, EncodeRsaPublicKey};
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use serde_json::{Value, json};

use super::refresh::{Gate, KeySource};
use super::tests::{rfc_key, rfc_signer, signer};
use super::*;

/// A third key, the one rotated to, and its PKCS#8 PEM.
fn next() -> &'static (Signer, String) {
    static NEXT: OnceLock<(Signer, String)> = OnceLock::new();
    NEXT.get_or_init(|| {
        let key = generate_key().unwrap();
        let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string();
        (Signer::from_key(&key).unwrap(), pem)
    })
}

fn token_of(s: &Signer) -> String {
    s.issue(7, "ana@example.com", "Ana", "guest").unwrap().0
}

/// A token whose header names `kid` (its signature fits no key).
fn token_naming(kid: &str) -> String {
    let token = token_of(signer());
    let (_, rest) = token.split_once('.').unwrap();
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": kid});
    format!("{}.{rest}", URL_SAFE_NO_PAD.encode(header.to_string()))
}

fn jwks_of(signers: &[&Signer]) -> Value {
    let keys: Vec<Value> = signers
        .iter()
        .map(|s| s.jwks()["keys"][0].clone())
        .collect();
    json!({ "keys": keys })
}

/// A customers service's JWKS as a test sets it (`None`: the service does not answer).
struct Served {
    jwks: Mutex<Option<Value>>,
    fetches: AtomicUsize,
}

impl Served {
    fn new(jwks: Option<Value>) -> Arc<Served> {
        Arc::new(Served {
            jwks: Mutex::new(jwks),
            fetches: AtomicUsize::new(0),
        })
    }

    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

#[async_trait]
impl KeySource for Served {
    async fn jwks(&self) -> anyhow::Result<Value> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        // Slow enough that requests arriving together overlap the fetch.
        tokio::time::sleep(Duration::from_millis(50)).await;
        self.jwks
            .lock()
            .unwrap()
            .clone()
            .context("connection refused")
    }
}

fn verifier_of(held: &[&Signer], served: &Arc<Served>, interval: Duration) -> Verifier {
    Verifier::from_jwks(&jwks_of(held))
        .unwrap()
        .refreshing_every(served.clone(), interval)
}

#[test]
fn the_previous_key_is_published_after_the_signing_key_and_accepted() {
    let rotated = Signer::from_pem(&next().1)
        .unwrap()
        .with_previous(&rfc_key().to_pkcs8_pem(LineEnding::LF).unwrap())
        .unwrap();
    let kids: Vec<_> = rotated.jwks()["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(kids, [next().0.kid(), rfc_signer().kid()]);
    assert_eq!(rotated.kid(), next().0.kid(), "the new key signs");
    let (old, new) = (token_of(rfc_signer()), token_of(&rotated));
    for verifier in [
        rotated.verifier(),
        Verifier::from_jwks(&rotated.jwks()).unwrap(),
    ] {
        assert!(verifier.verify(&old).is_ok());
        assert!(verifier.verify(&new).is_ok());
        assert!(matches!(
            verifier.verify(&token_of(signer())),
            Err(TokenError::UnknownKey(_))
        ));
    }
}

#[test]
fn the_previous_key_may_be_given_public_or_private_in_any_pem() {
    let key = rfc_key();
    let public = key.to_public_key();
    let pems = [
        key.to_pkcs1_pem(LineEnding::LF).unwrap().to_string(),
        public.to_public_key_pem(LineEnding::LF).unwrap(),
        public.to_pkcs1_pem(LineEnding::LF).unwrap(),
        public
            .to_public_key_pem(LineEnding::LF)
            .unwrap()
            .replace('\n', "\\n"),
    ];
    for pem in pems {
        let s = Signer::from_pem(&next().1).unwrap();
        let s = s.with_previous(&pem).unwrap();
        assert_eq!(s.jwks()["keys"][1]["kid"], rfc_signer().kid(), "{pem}");
    }
    let s = Signer::from_pem(&next().1).unwrap();
    assert!(s.with_previous("not a key").is_err());
    // The signing key given again as the previous one is published once.
    let same = Signer::from_key(&key)
        .unwrap()
        .with_previous(&key.to_pkcs8_pem(LineEnding::LF).unwrap())
        .unwrap();
    assert_eq!(same.jwks()["keys"].as_array().unwrap().len(), 1);
}

#[test]
fn the_gate_lets_one_fetch_through_per_interval() {
    let mut gate = Gate::new(Duration::from_secs(30));
    let t0 = Instant::now();
    assert!(gate.open(t0));
    for later in [0, 1, 15, 29] {
        assert!(!gate.open(t0 + Duration::from_secs(later)), "{later} s");
    }
    assert!(gate.open(t0 + Duration::from_secs(30)));
    assert!(!gate.open(t0 + Duration::from_secs(45)));
    // A clock that steps back never opens it early.
    assert!(!gate.open(t0));
    assert!(gate.open(t0 + Duration::from_secs(61)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_kid_fetches_the_keys_once_and_the_token_passes() {
    let served = Served::new(Some(jwks_of(&[signer(), rfc_signer()])));
    let verifier = verifier_of(&[signer()], &served, REFRESH_INTERVAL);
    let token = token_of(rfc_signer());
    assert!(matches!(
        verifier.verify(&token),
        Err(TokenError::UnknownKey(_))
    ));
    // Requests naming the new key together: one fetch, and every one of them passes.
    let checks = (0..10).map(|_| {
        let (verifier, token) = (verifier.clone(), token.clone());
        tokio::spawn(async move { verifier.check(&token).await })
    });
    for result in futures::future::join_all(checks).await {
        assert_eq!(result.unwrap().unwrap().sub, "7");
    }
    assert_eq!(served.fetches(), 1);
    // Clones share the keys fetched.
    assert!(verifier.clone().verify(&token).is_ok());
    assert!(verifier.check(&token_of(signer())).await.is_ok());
    assert_eq!(served.fetches(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_unknown_kids_fetches_once_per_interval() {
    let served = Served::new(Some(jwks_of(&[signer()])));
    let interval = Duration::from_millis(400);
    let verifier = verifier_of(&[signer()], &served, interval);
    let checks = (0..50).map(|i| {
        let verifier = verifier.clone();
        tokio::spawn(async move { verifier.check(&token_naming(&format!("made-up-{i}"))).await })
    });
    for result in futures::future::join_all(checks).await {
        assert!(matches!(result.unwrap(), Err(TokenError::UnknownKey(_))));
    }
    assert_eq!(served.fetches(), 1);
    for i in 0..20 {
        let _ = verifier.check(&token_naming(&format!("again-{i}"))).await;
    }
    assert_eq!(served.fetches(), 1);
    tokio::time::sleep(interval).await;
    let _ = verifier.check(&token_naming("after the interval")).await;
    assert_eq!(served.fetches(), 2);
    // The keys held all along still verify.
    assert!(verifier.check(&token_of(signer())).await.is_ok());
}

#[tokio::test]
async fn a_key_dropped_from_the_jwks_stops_verifying_after_a_refresh() {
    let served = Served::new(Some(jwks_of(&[&next().0])));
    let verifier = verifier_of(&[signer(), rfc_signer()], &served, Duration::ZERO);
    let dropped = token_of(rfc_signer());
    assert!(
        verifier.check(&dropped).await.is_ok(),
        "held until a refresh"
    );
    // The rotation: a token by the new key makes the verifier fetch the keys.
    assert!(verifier.check(&token_of(&next().0)).await.is_ok());
    assert_eq!(served.fetches(), 1);
    for gone in [dropped, token_of(signer())] {
        assert!(matches!(
            verifier.check(&gone).await,
            Err(TokenError::UnknownKey(_))
        ));
    }
}

#[tokio::test]
async fn a_failed_fetch_keeps_the_keys_held() {
    let served = Served::new(None);
    let verifier = verifier_of(&[signer()], &served, REFRESH_INTERVAL);
    assert!(matches!(
        verifier.check(&token_of(rfc_signer())).await,
        Err(TokenError::UnknownKey(_))
    ));
    assert_eq!(served.fetches(), 1);
    // A JWKS without a usable key is refused too.
    *served.jwks.lock().unwrap() = Some(json!({"keys": []}));
    let verifier = verifier_of(&[signer()], &served, REFRESH_INTERVAL);
    assert!(verifier.check(&token_of(rfc_signer())).await.is_err());
    assert_eq!(served.fetches(), 2);
    assert!(verifier.check(&token_of(signer())).await.is_ok());
    // A verifier with no source (the customers role's own) never fetches.
    let own = Verifier::from_jwks(&jwks_of(&[signer()])).unwrap();
    assert!(matches!(
        own.check(&token_of(rfc_signer())).await,
        Err(TokenError::UnknownKey(_))
    ));
}
