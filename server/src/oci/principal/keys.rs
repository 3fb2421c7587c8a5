//! Keys and tokens the principals handle: private keys in any PEM OCI hands out, the stripped
//! public-key bodies its token services take, and the expiry inside a security token.
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey, LineEnding};
use rsa::{RsaPrivateKey, RsaPublicKey};

/// An RSA private key from PEM: PKCS#1 (`RSA PRIVATE KEY`), PKCS#8 (`PRIVATE KEY`) or encrypted
/// PKCS#8 (`ENCRYPTED PRIVATE KEY`, with `passphrase`). Errors never quote the PEM.
pub fn private_key(pem: &str, passphrase: Option<&[u8]>) -> Result<RsaPrivateKey, String> {
    let pem = pem.trim();
    if pem.contains("Proc-Type: 4,ENCRYPTED") {
        return Err(
            "the key is encrypted the legacy OpenSSL way; convert it to encrypted PKCS#8 \
                    (openssl pkcs8 -topk8 -v2 aes256)"
                .into(),
        );
    }
    if pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
        let passphrase = passphrase.ok_or("the key is encrypted and no pass phrase is given")?;
        return RsaPrivateKey::from_pkcs8_encrypted_pem(pem, passphrase)
            .map_err(|e| format!("cannot decrypt the PKCS#8 key (wrong pass phrase?): {e}"));
    }
    if pem.starts_with("-----BEGIN RSA PRIVATE KEY-----") {
        return RsaPrivateKey::from_pkcs1_pem(pem).map_err(|e| format!("bad PKCS#1 RSA key: {e}"));
    }
    if pem.starts_with("-----BEGIN PRIVATE KEY-----") {
        return RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| format!("bad PKCS#8 RSA key: {e}"));
    }
    Err("not a PEM RSA private key".into())
}

/// A fresh RSA-2048 session key, as the SDKs make for each security token.
pub fn session_key() -> Result<RsaPrivateKey, String> {
    RsaPrivateKey::new(&mut rand::thread_rng(), 2048).map_err(|e| format!("session key: {e}"))
}

/// The body of a PEM block: BEGIN/END lines and line breaks removed (how the federation and
/// proxymux calls take certificates and keys).
pub fn pem_body(pem: &str) -> String {
    pem.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("-----"))
        .collect()
}

/// The stripped SPKI PEM body of `key`'s public half.
pub fn public_key_body(key: &RsaPublicKey) -> Result<String, String> {
    key.to_public_key_pem(LineEnding::LF)
        .map(|pem| pem_body(&pem))
        .map_err(|e| format!("encoding the session public key: {e}"))
}

/// An API key's fingerprint as OCI shows it: MD5 of the DER SubjectPublicKeyInfo, lowercase
/// colon-separated hex.
pub fn md5_fingerprint(key: &RsaPublicKey) -> Result<String, String> {
    use md5::{Digest, Md5};
    let der = key
        .to_public_key_der()
        .map_err(|e| format!("encoding the public key: {e}"))?;
    let digest = Md5::digest(der.as_bytes());
    Ok(digest
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":"))
}

/// The `exp` of a JWT (the security tokens are JWTs), without verifying it: the service does.
pub fn jwt_expiry(jwt: &str) -> Result<SystemTime, String> {
    let payload = jwt
        .split('.')
        .nth(1)
        .ok_or("the security token is not a JWT")?;
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| "the security token's payload is not base64url")?;
    #[derive(serde::Deserialize)]
    struct Claims {
        exp: u64,
    }
    let claims: Claims = serde_json::from_slice(&bytes)
        .map_err(|_| "the security token's payload has no numeric exp")?;
    Ok(UNIX_EPOCH + Duration::from_secs(claims.exp))
}

/// `key` as encrypted PKCS#8 PEM (PBES2, PBKDF2-SHA256 with few rounds, AES-256-CBC): quick
/// to make in unoptimised tests, where the default scrypt takes seconds.
#[cfg(test)]
pub fn encrypted_pem(key: &RsaPrivateKey, passphrase: &[u8]) -> String {
    use rsa::pkcs8::EncodePrivateKey;
    let params =
        pkcs8::pkcs5::pbes2::Parameters::pbkdf2_sha256_aes256cbc(1000, &[7; 16], &[9; 16]).unwrap();
    let der = key.to_pkcs8_der().unwrap();
    let info = pkcs8::PrivateKeyInfo::try_from(der.as_bytes()).unwrap();
    let encrypted = info.encrypt_with_params(params, passphrase).unwrap();
    encrypted
        .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
        .unwrap()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::EncodePrivateKey;

    const ORACLE_TEST_KEY: &str = include_str!("../testdata/key.pem");

    #[test]
    fn reads_pkcs1_pkcs8_and_encrypted_pkcs8() {
        let key = private_key(ORACLE_TEST_KEY, None).unwrap();
        let pkcs8 = key.to_pkcs8_pem(LineEnding::LF).unwrap();
        assert_eq!(private_key(&pkcs8, None).unwrap(), key);
        let encrypted = encrypted_pem(&key, b"hunter2");
        assert_eq!(private_key(&encrypted, Some(b"hunter2")).unwrap(), key);
        let wrong = private_key(&encrypted, Some(b"nope")).unwrap_err();
        assert!(wrong.contains("wrong pass phrase"), "{wrong}");
        assert!(private_key(&encrypted, None).is_err());
        let garbage = private_key(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
            None,
        );
        assert!(!garbage.unwrap_err().contains("AAAA"));
    }

    #[test]
    fn the_fingerprint_of_oracles_test_key_is_the_one_oracle_computes() {
        let key = private_key(ORACLE_TEST_KEY, None).unwrap();
        assert_eq!(
            md5_fingerprint(&key.to_public_key()).unwrap(),
            "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7"
        );
    }

    #[test]
    fn reads_the_expiry_of_a_token() {
        let payload = URL_SAFE_NO_PAD.encode(br#"{"sub":"x","exp":1700000000}"#);
        let exp = jwt_expiry(&format!("e30.{payload}.sig")).unwrap();
        assert_eq!(exp, UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        assert!(jwt_expiry("no-dots").is_err());
    }

    #[test]
    fn pem_bodies_lose_their_armour() {
        let pem = "-----BEGIN PUBLIC KEY-----\nAB\nCD\n-----END PUBLIC KEY-----\n";
        assert_eq!(pem_body(pem), "ABCD");
    }
}
