//! Unit tests for the access tokens: round trip, every rejection path, JWKS and the key file.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{BigUint, RsaPrivateKey};
use serde_json::json;

use super::*;

/// The RSA key of RFC 7517 appendix A.2 (also the RFC 7638 §3.1 example key).
const RFC_N: &str = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
const RFC_E: &str = "AQAB";
const RFC_D: &str = "X4cTteJY_gn4FYPsXB8rdXix5vwsg1FLN5E3EaG6RJoVH-HLLKD9M7dx5oo7GURknchnrRweUkC7hT5fJLM0WbFAKNLWY2vv7B6NqXSzUvxT0_YSfqijwp3RTzlBaCxWp4doFk5N2o8Gy_nHNKroADIkJ46pRUohsXywbReAdYaMwFs9tv8d_cPVY3i07a3t8MN6TNwm0dSawm9v47UiCl3Sk5ZiG7xojPLu4sbg1U2jx4IBTNBznbJSzFHK66jT8bgkuqsk0GjskDJk19Z4qwjwbsnn4j2WBii3RL-Us2lGVkY8fkFzme1z0HbIkfz0Y6mqnOYtqc0X4jfcKoAC8Q";
const RFC_P: &str = "83i-7IvMGXoMXCskv73TKr8637FiO7Z27zv8oj6pbWUQyLPQBQxtPVnwD20R-60eTDmD2ujnMt5PoqMrm8RfmNhVWDtjjMmCMjOpSXicFHj7XOuVIYQyqVWlWEh6dN36GVZYk93N8Bc9vY41xy8B9RzzOGVQzXvNEvn7O0nVbfs";
const RFC_Q: &str = "3dfOR9cuYq-0S-mkFLzgItgMEfFzB2q3hWehMuG0oCuqnb3vobLyumqjVZQO1dIrdwgTnCdpYzBcOfW5r370AFXjiWft_NGEiovonizhKpo9VVS78TzFgxkIdrecRezsZ-1kYd_s1qDbxtkDEgfAITAG9LUnADun4vIcb6yelxk";
const RFC_THUMBPRINT: &str = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs";

/// The one key these tests generate (besides the key-file test's).
pub(super) fn signer() -> &'static Signer {
    static SIGNER: OnceLock<Signer> = OnceLock::new();
    SIGNER.get_or_init(|| Signer::from_key(&generate_key().unwrap()).unwrap())
}

pub(super) fn rfc_key() -> RsaPrivateKey {
    let int = |b64: &str| BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(b64).unwrap());
    let primes = vec![int(RFC_P), int(RFC_Q)];
    RsaPrivateKey::from_components(int(RFC_N), int(RFC_E), int(RFC_D), primes).unwrap()
}

/// A second, fixed key, loaded from PKCS#1 PEM.
pub(super) fn rfc_signer() -> &'static Signer {
    static SIGNER: OnceLock<Signer> = OnceLock::new();
    SIGNER.get_or_init(|| {
        let pem = rfc_key().to_pkcs1_pem(LineEnding::LF).unwrap();
        assert!(pem.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
        Signer::from_pem(&pem).unwrap()
    })
}

fn claims_now() -> Claims {
    let now = chrono::Utc::now().timestamp();
    Claims {
        sub: "42".into(),
        email: "ana@example.com".into(),
        name: "Ana".into(),
        role: "guest".into(),
        iss: ISSUER.into(),
        aud: AUDIENCE.into(),
        iat: now,
        exp: now + TOKEN_TTL_SECS,
        jti: "test".into(),
    }
}

fn assert_invalid(result: Result<Claims, TokenError>) {
    match result {
        Err(TokenError::Invalid(_)) => {}
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn b64_json(value: &serde_json::Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

#[test]
fn issued_token_verifies_with_the_published_jwks() {
    let s = signer();
    let (token, claims) = s
        .issue(42, "ana@example.com", "Ana", "hotel_admin")
        .unwrap();
    assert_eq!(claims.sub, "42");
    assert_eq!(claims.role, "hotel_admin");
    assert_eq!(
        (claims.iss.as_str(), claims.aud.as_str()),
        (ISSUER, AUDIENCE)
    );
    assert_eq!(claims.exp - claims.iat, TOKEN_TTL_SECS);
    assert!((claims.iat - chrono::Utc::now().timestamp()).abs() < 5);
    assert_eq!(s.verifier().verify(&token).unwrap(), claims);

    // As another service sees it: the JWKS travels as JSON text.
    let jwks: serde_json::Value = serde_json::from_str(&s.jwks().to_string()).unwrap();
    assert_eq!(
        Verifier::from_jwks(&jwks).unwrap().verify(&token).unwrap(),
        claims
    );

    let header = jsonwebtoken::decode_header(&token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some(s.kid()));
    let (_, other) = s
        .issue(42, "ana@example.com", "Ana", "hotel_admin")
        .unwrap();
    assert_ne!(claims.jti, other.jti);
}

#[test]
fn issue_refuses_unknown_roles() {
    assert!(signer().issue(1, "a@b.c", "A", "root").is_err());
}

#[test]
fn expired_token_is_rejected_after_the_leeway() {
    let s = signer();
    let now = chrono::Utc::now().timestamp();
    let (token, _) = s
        .issue_at(1, "a@b.c", "A", "guest", now - 7200, now - 120)
        .unwrap();
    assert!(matches!(
        s.verifier().verify(&token),
        Err(TokenError::Expired)
    ));
    let (token, _) = s
        .issue_at(1, "a@b.c", "A", "guest", now - 3600, now - 10)
        .unwrap();
    assert!(
        s.verifier().verify(&token).is_ok(),
        "within the 60 s leeway"
    );
}

#[test]
fn wrong_audience_or_issuer_is_rejected() {
    let s = signer();
    let wrong_aud = Claims {
        aud: "someone-else".into(),
        ..claims_now()
    };
    assert_invalid(s.verifier().verify(&s.sign(&wrong_aud).unwrap()));
    let wrong_iss = Claims {
        iss: "evil".into(),
        ..claims_now()
    };
    assert_invalid(s.verifier().verify(&s.sign(&wrong_iss).unwrap()));
    assert!(s.verifier().verify(&s.sign(&claims_now()).unwrap()).is_ok());
}

#[test]
fn token_from_another_key_is_rejected() {
    let (token, _) = rfc_signer().issue(1, "a@b.c", "A", "guest").unwrap();
    assert!(matches!(
        signer().verifier().verify(&token),
        Err(TokenError::UnknownKey(_))
    ));

    // Signed by the other key but claiming our kid.
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(signer().kid().to_owned());
    let forged = jsonwebtoken::encode(&header, &claims_now(), &rfc_signer().encoding).unwrap();
    assert_invalid(signer().verifier().verify(&forged));

    let no_kid = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &claims_now(),
        &signer().encoding,
    )
    .unwrap();
    assert_invalid(signer().verifier().verify(&no_kid));
}

#[test]
fn alg_none_is_rejected() {
    let s = signer();
    let header = b64_json(&json!({"alg": "none", "typ": "JWT", "kid": s.kid()}));
    let payload = b64_json(&serde_json::to_value(claims_now()).unwrap());
    assert_invalid(s.verifier().verify(&format!("{header}.{payload}.")));
    let (real, _) = s.issue(1, "a@b.c", "A", "guest").unwrap();
    let signature = real.rsplit('.').next().unwrap();
    assert_invalid(
        s.verifier()
            .verify(&format!("{header}.{payload}.{signature}")),
    );
}

#[test]
fn hs256_with_the_public_key_as_secret_is_rejected() {
    let s = signer();
    let public_pem = rfc_key()
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let jwks_text = s.jwks().to_string();
    let n_bytes = URL_SAFE_NO_PAD.decode(&s.published[0].n).unwrap();
    for secret in [public_pem.as_bytes(), jwks_text.as_bytes(), &n_bytes] {
        for alg in [Algorithm::HS256, Algorithm::HS384, Algorithm::HS512] {
            let mut header = Header::new(alg);
            header.kid = Some(s.kid().to_owned());
            let key = EncodingKey::from_secret(secret);
            let token = jsonwebtoken::encode(&header, &claims_now(), &key).unwrap();
            assert_invalid(s.verifier().verify(&token));
        }
    }
}

#[test]
fn tampered_token_is_rejected() {
    let s = signer();
    let (token, claims) = s.issue(7, "a@b.c", "A", "guest").unwrap();
    let parts: Vec<&str> = token.split('.').collect();
    let elevated = Claims {
        role: "platform_admin".into(),
        ..claims
    };
    let payload = b64_json(&serde_json::to_value(&elevated).unwrap());
    assert_invalid(
        s.verifier()
            .verify(&format!("{}.{payload}.{}", parts[0], parts[2])),
    );

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[10] ^= 1;
    let signature = URL_SAFE_NO_PAD.encode(signature);
    assert_invalid(
        s.verifier()
            .verify(&format!("{}.{}.{signature}", parts[0], parts[1])),
    );

    for garbage in [
        "",
        "abc",
        "a.b.c",
        &format!("{token}.x"),
        &"a".repeat(20_000),
    ] {
        assert_invalid(s.verifier().verify(garbage));
    }
}

#[test]
fn jwks_kid_is_the_rfc7638_thumbprint() {
    assert_eq!(jwk_thumbprint(RFC_N, RFC_E), RFC_THUMBPRINT);
    let jwks = rfc_signer().jwks();
    let expected = json!({"keys": [{
        "kty": "RSA", "use": "sig", "alg": "RS256",
        "kid": RFC_THUMBPRINT, "n": RFC_N, "e": RFC_E,
    }]});
    assert_eq!(jwks, expected);
    assert_eq!(rfc_signer().kid(), RFC_THUMBPRINT);
}

#[test]
fn from_jwks_picks_rs256_signing_keys() {
    assert!(Verifier::from_jwks(&json!({"keys": []})).is_err());
    assert!(Verifier::from_jwks(&json!({})).is_err());
    let only_other = json!({"keys": [
        {"kty": "EC", "crv": "P-256", "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
         "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM", "kid": "ec"},
        {"kty": "RSA", "use": "enc", "n": RFC_N, "e": RFC_E, "kid": "enc"},
        {"kty": "RSA", "alg": "RS512", "n": RFC_N, "e": RFC_E, "kid": "rs512"},
    ]});
    assert!(Verifier::from_jwks(&only_other).is_err());

    // Both keys, the RFC one without a kid (so it gets its thumbprint).
    let mut keys = only_other["keys"].as_array().unwrap().clone();
    keys.push(json!({"kty": "RSA", "n": RFC_N, "e": RFC_E}));
    keys.push(signer().jwks()["keys"][0].clone());
    let verifier = Verifier::from_jwks(&json!({ "keys": keys })).unwrap();
    for s in [signer(), rfc_signer()] {
        let (token, claims) = s.issue(3, "a@b.c", "A", "guest").unwrap();
        assert_eq!(verifier.verify(&token).unwrap(), claims);
    }
}

#[test]
fn from_pem_accepts_pkcs8_pkcs1_and_escaped_newlines() {
    let key = rfc_key();
    let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
    assert_eq!(Signer::from_pem(&pkcs8).unwrap().kid(), RFC_THUMBPRINT);
    let escaped = key
        .to_pkcs1_pem(LineEnding::LF)
        .unwrap()
        .replace('\n', "\\n");
    assert_eq!(Signer::from_pem(&escaped).unwrap().kid(), RFC_THUMBPRINT);
    assert!(Signer::from_pem("not a key").is_err());
    let public = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    assert!(Signer::from_pem(&public).is_err());
    let broken = pkcs8.replace("MII", "MIJ");
    assert!(Signer::from_pem(&broken).is_err());
}

#[test]
fn debug_shows_only_the_kid() {
    let shown = format!("{:?} {:?}", rfc_signer(), rfc_signer().verifier());
    assert!(shown.contains(RFC_THUMBPRINT), "{shown}");
    for secret in [RFC_D, RFC_P, RFC_Q, &RFC_D[..20], "PRIVATE"] {
        assert!(!shown.contains(secret), "{shown}");
    }
}

#[test]
fn load_or_generate_creates_the_key_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = dir.path().join("data");
    let path = data_dir.join(KEY_FILE_NAME);

    let first = Signer::load_or_generate(&data_dir, None).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.starts_with("-----BEGIN PRIVATE KEY-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let second = Signer::load_or_generate(&data_dir, None).unwrap();
    assert_eq!(second.kid(), first.kid());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    let (token, _) = first.issue(5, "a@b.c", "A", "guest").unwrap();
    assert!(second.verifier().verify(&token).is_ok());

    // A configured PEM wins and leaves the data dir alone.
    let pem = rfc_key().to_pkcs8_pem(LineEnding::LF).unwrap();
    let other_dir = dir.path().join("other");
    let configured = Signer::load_or_generate(&other_dir, Some(&pem)).unwrap();
    assert_eq!(configured.kid(), RFC_THUMBPRINT);
    assert!(!other_dir.exists());

    std::fs::write(&path, "garbage").unwrap();
    assert!(Signer::load_or_generate(&data_dir, None).is_err());
}
