//! OCI request signing, signature version 1 (draft-cavage-http-signatures with Oracle's header
//! sets): the signing string, RSASSA-PKCS1-v1_5 over SHA-256 and the `Authorization` header.
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::RsaPrivateKey;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use sha2::{Digest, Sha256};
use url::Url;

/// Which headers a request signs beyond the method's defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Rule {
    /// `date (request-target) host`, plus `content-length content-type x-content-sha256` for
    /// POST, PUT and PATCH.
    #[default]
    Standard,
    /// Streaming `PutMessages`: the SDKs sign it without the body headers whatever the method.
    NoBodyHeaders,
    /// The X.509 federation call (`POST /v1/x509`): body headers but no `host`.
    NoHost,
}

/// One request as it will go on the wire.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a Url,
    /// RFC 7231 IMF-fixdate, e.g. `Thu, 05 Jan 2014 21:31:40 GMT` (see [`http_date`]).
    pub date: &'a str,
    pub body: &'a [u8],
    /// Sent (and signed, when body headers are) as `content-type`.
    pub content_type: &'a str,
    pub rule: Rule,
}

/// What signing adds to a request: the headers to send besides those reqwest derives from the
/// URL, and the `Authorization` value.
#[derive(Clone)]
pub struct Signed {
    /// `date`, and for body-signing requests `content-length`, `content-type`,
    /// `x-content-sha256`, in signing order.
    pub headers: Vec<(&'static str, String)>,
    pub signing_string: String,
    pub authorization: String,
}

impl std::fmt::Debug for Signed {
    // The keyId of a security-token principal is the token itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signed")
            .field("headers", &self.headers)
            .finish_non_exhaustive()
    }
}

/// The date header value for `at`.
pub fn http_date(at: std::time::SystemTime) -> String {
    httpdate::fmt_http_date(at)
}

/// base64 of the body's SHA-256 (`x-content-sha256`).
pub fn content_sha256(body: &[u8]) -> String {
    STANDARD.encode(Sha256::digest(body))
}

/// `(request-target)`: lowercase method, then path and query exactly as they are sent.
fn request_target(method: &str, url: &Url) -> String {
    let mut target = format!("{} {}", method.to_ascii_lowercase(), url.path());
    if let Some(query) = url.query() {
        target.push('?');
        target.push_str(query);
    }
    target
}

/// `host` as the client sends it: with the port when it is not the scheme's default.
pub fn host(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

fn signs_body(method: &str, rule: Rule) -> bool {
    rule != Rule::NoBodyHeaders
        && matches!(
            method.to_ascii_uppercase().as_str(),
            "POST" | "PUT" | "PATCH"
        )
}

/// Signs `request` with `key` on behalf of `key_id`.
pub fn sign(request: &Request<'_>, key_id: &str, key: &RsaPrivateKey) -> Signed {
    let mut lines: Vec<(&'static str, String)> = vec![
        ("date", request.date.to_owned()),
        (
            "(request-target)",
            request_target(request.method, request.url),
        ),
    ];
    if request.rule != Rule::NoHost {
        lines.push(("host", host(request.url)));
    }
    let mut headers = vec![("date", request.date.to_owned())];
    if signs_body(request.method, request.rule) {
        let body = [
            ("content-length", request.body.len().to_string()),
            ("content-type", request.content_type.to_owned()),
            ("x-content-sha256", content_sha256(request.body)),
        ];
        lines.extend(body.iter().cloned());
        headers.extend(body);
    }
    let signing_string = lines
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
    let names = lines
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(" ");
    let signature = SigningKey::<Sha256>::new(key.clone()).sign(signing_string.as_bytes());
    let authorization = format!(
        "Signature version=\"1\",headers=\"{names}\",keyId=\"{key_id}\",algorithm=\"rsa-sha256\",signature=\"{}\"",
        STANDARD.encode(signature.to_bytes())
    );
    Signed {
        headers,
        signing_string,
        authorization,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs1::DecodeRsaPrivateKey;
    use rsa::pkcs1v15::{Signature, VerifyingKey};
    use rsa::signature::Verifier;
    use serde::Deserialize;

    const VECTORS: &str = include_str!("testdata/vectors.json");
    const KEY: &str = include_str!("testdata/key.pem");
    const BODY: &[u8] = include_bytes!("testdata/body.json");
    const GET_STRING: &str = include_str!("testdata/get.txt");
    const POST_STRING: &str = include_str!("testdata/post.txt");
    const EMPTY_SHA256: &str = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    #[derive(Deserialize)]
    struct Vectors {
        key_id: String,
        get: Vector,
        post: Vector,
    }

    #[derive(Deserialize)]
    struct Vector {
        method: String,
        url: String,
        #[serde(default)]
        body: String,
        headers: std::collections::BTreeMap<String, String>,
        signing_string: String,
        signature: String,
        authorization: String,
    }

    fn key() -> RsaPrivateKey {
        RsaPrivateKey::from_pkcs1_pem(KEY).unwrap()
    }

    fn check(v: &Vector, key_id: &str, body: &[u8], file: &str) {
        let url = Url::parse(&v.url).unwrap();
        let request = Request {
            method: &v.method,
            url: &url,
            date: &v.headers["date"],
            body,
            content_type: "application/json",
            rule: Rule::Standard,
        };
        let signed = sign(&request, key_id, &key());
        assert_eq!(signed.signing_string, v.signing_string);
        assert_eq!(signed.signing_string, file, "the file's exact bytes");
        assert_eq!(signed.authorization, v.authorization);
        let signature = format!("signature=\"{}\"", v.signature);
        assert!(signed.authorization.ends_with(&signature));
        for (name, value) in &signed.headers {
            assert_eq!(&v.headers[*name], value, "{name}");
        }
        assert_eq!(host(&url), v.headers["host"]);
    }

    #[test]
    fn reproduces_oracles_get_vector() {
        let v: Vectors = serde_json::from_str(VECTORS).unwrap();
        check(&v.get, &v.key_id, b"", GET_STRING);
    }

    #[test]
    fn reproduces_oracles_post_vector() {
        let v: Vectors = serde_json::from_str(VECTORS).unwrap();
        assert_eq!(BODY.len(), 316);
        assert_eq!(v.post.body.as_bytes(), BODY);
        check(&v.post, &v.key_id, BODY, POST_STRING);
    }

    fn post(url: &Url, body: &[u8], rule: Rule) -> Signed {
        let request = Request {
            method: "POST",
            url,
            date: "Thu, 05 Jan 2014 21:31:40 GMT",
            body,
            content_type: "application/json",
            rule,
        };
        sign(&request, "k", &key())
    }

    #[test]
    fn an_empty_post_body_is_signed_with_length_zero_and_its_hash() {
        let url = Url::parse("https://secrets.example/20190301/x?a=b").unwrap();
        let signed = post(&url, b"", Rule::Standard);
        assert!(signed.signing_string.ends_with(&format!(
            "content-length: 0\ncontent-type: application/json\nx-content-sha256: {EMPTY_SHA256}"
        )));
        assert_eq!(content_sha256(b""), EMPTY_SHA256);
        assert!(signed.authorization.contains(
            "headers=\"date (request-target) host content-length content-type x-content-sha256\""
        ));
    }

    #[test]
    fn the_exceptions_leave_out_body_headers_or_host() {
        let url = Url::parse("http://127.0.0.1:8443/20180418/streams/s/messages").unwrap();
        let put = post(&url, b"{}", Rule::NoBodyHeaders);
        assert_eq!(
            put.signing_string,
            "date: Thu, 05 Jan 2014 21:31:40 GMT\n(request-target): post /20180418/streams/s/messages\nhost: 127.0.0.1:8443"
        );
        assert_eq!(put.headers.len(), 1, "only date is added");
        let fed = post(&url, b"{}", Rule::NoHost);
        assert!(!fed.signing_string.contains("host:"));
        assert!(fed.authorization.contains(
            "headers=\"date (request-target) content-length content-type x-content-sha256\""
        ));
    }

    #[test]
    fn host_keeps_a_non_default_port_and_the_target_its_encoding() {
        let url = Url::parse("https://h.example:443/a%20b?q=x%3Ay").unwrap();
        assert_eq!(host(&url), "h.example");
        let url = Url::parse("http://[::1]:8080/a%20b?q=x%3Ay").unwrap();
        assert_eq!(host(&url), "[::1]:8080");
        assert_eq!(request_target("DELETE", &url), "delete /a%20b?q=x%3Ay");
        for method in ["GET", "HEAD", "DELETE"] {
            assert!(!signs_body(method, Rule::Standard));
        }
        for method in ["POST", "PUT", "PATCH"] {
            assert!(signs_body(method, Rule::Standard));
        }
    }

    #[test]
    fn a_random_2048_bit_key_round_trips() {
        let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
        let url = Url::parse("https://notification.example/20181201/topics/t/messages").unwrap();
        let request = Request {
            method: "PUT",
            url: &url,
            date: &http_date(std::time::SystemTime::now()),
            body: b"some-bytes",
            content_type: "application/json",
            rule: Rule::Standard,
        };
        let signed = sign(&request, "ST$token", &key);
        let b64 = signed
            .authorization
            .rsplit_once("signature=\"")
            .unwrap()
            .1
            .trim_end_matches('"');
        let bytes = STANDARD.decode(b64).unwrap();
        let verifier = VerifyingKey::<Sha256>::new(key.to_public_key());
        let signature = Signature::try_from(bytes.as_slice()).unwrap();
        verifier
            .verify(signed.signing_string.as_bytes(), &signature)
            .unwrap();
        let tampered = signed.signing_string.replace("put", "get");
        assert!(verifier.verify(tampered.as_bytes(), &signature).is_err());
    }
}
