//! Our signer against the official OCI Python SDK's (`oci.signer.Signer`, PyPI `oci`): the same
//! request, key and date give the same `Authorization` header (the SDK orders its parameters
//! differently, so they are compared as a set; the signature must be identical).
use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use rsa::RsaPrivateKey;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{EncodePrivateKey, LineEnding};
use serde_json::json;
use server::oci::signer::{Request, Rule, sign};

use crate::common::python;

const ORACLE_TEST_KEY: &str = include_str!("../../../src/oci/testdata/key.pem");
const ORACLE_BODY: &str = include_str!("../../../src/oci/testdata/body.json");
const DATE: &str = "Thu, 05 Jan 2014 21:31:40 GMT";
const TENANCY: &str =
    "ocid1.tenancy.oc1..aaaaaaaaba3pv6wkcr4jqae5f15p2b2m2yt2j6rx32uzr4h25vqstifsfdsq";
const USER: &str = "ocid1.user.oc1..aaaaaaaat5nvwcna5j6aqzjcaty5eqbb6qt2jvpkanghtgdaqedqw3rynjq";
const FINGERPRINT: &str = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7";

/// (method, URL, body, our rule, the SDK's enforce_content_headers)
type Case = (&'static str, &'static str, Option<&'static str>, Rule, bool);

const CASES: &[Case] = &[
    (
        "GET",
        "https://iaas.us-phoenix-1.oraclecloud.com/20160918/instances?availabilityDomain=Pjwf%3A%20PHX-AD-1&compartmentId=ocid1.compartment.oc1..aaaaaaaam3we6vgnherjq5q2idnccdflvjsnog7mlr6rtdb25gilchfeyjxa&displayName=TeamXInstances&volumeId=ocid1.volume.oc1.phx.abyhqljrgvttnlx73nmrwfaux7kcvzfs3s66izvxf2h4lgvyndsdsnoiwr5q",
        None,
        Rule::Standard,
        true,
    ),
    (
        "POST",
        "https://iaas.us-phoenix-1.oraclecloud.com/20160918/volumeAttachments",
        Some(ORACLE_BODY),
        Rule::Standard,
        true,
    ),
    (
        "PUT",
        "http://127.0.0.1:8443/20181201/topics/ocid1.onstopic.oc1..t",
        Some("{\"name\": \"caf\u{e9}\"}"),
        Rule::Standard,
        true,
    ),
    (
        "POST",
        "https://secrets.vaults.eu-frankfurt-1.oci.oraclecloud.com/20190301/secretbundles/actions/getByName?secretName=db&vaultId=ocid1.vault.oc1..v",
        Some(""),
        Rule::Standard,
        true,
    ),
    (
        "DELETE",
        "https://objectstorage.example:8443/n/ns/b/bucket/o/a%20b",
        None,
        Rule::Standard,
        true,
    ),
    // Streaming PutMessages: the SDK's StreamClient signs it with enforce_content_headers=False.
    (
        "POST",
        "https://cell-1.streaming.us-phoenix-1.oci.oraclecloud.com/20180418/streams/ocid1.stream.oc1..s/messages",
        Some("{\"messages\":[{\"key\":null,\"value\":\"aGk=\"}]}"),
        Rule::NoBodyHeaders,
        false,
    ),
];

/// `Signature k="v",...` as a map.
fn parameters(authorization: &str) -> BTreeMap<String, String> {
    let rest = authorization
        .strip_prefix("Signature ")
        .expect("a Signature header");
    rest.split(',')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_owned(), v.trim_matches('"').to_owned())
        })
        .collect()
}

fn sdk_headers(key_pem: &str) -> Vec<String> {
    let requests: Vec<_> = CASES
        .iter()
        .map(|(method, url, body, _, enforce)| {
            json!({"method": method, "url": url, "date": DATE, "body": body, "enforce_content_headers": enforce})
        })
        .collect();
    let spec = json!({"tenancy": TENANCY, "user": USER, "fingerprint": FINGERPRINT, "key_pem": key_pem, "requests": requests});
    let mut child = Command::new(python::python())
        .arg(python::scripts().join("oci_sign.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python oci_sign.py");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(spec.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "oci_sign.py failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn compare(key: &RsaPrivateKey, key_pem: &str) {
    let theirs = sdk_headers(key_pem);
    assert_eq!(theirs.len(), CASES.len());
    let key_id = format!("{TENANCY}/{USER}/{FINGERPRINT}");
    for ((method, url, body, rule, _), theirs) in CASES.iter().zip(theirs) {
        let url = url::Url::parse(url).unwrap();
        let request = Request {
            method,
            url: &url,
            date: DATE,
            body: body.unwrap_or_default().as_bytes(),
            content_type: "application/json",
            rule: *rule,
        };
        let ours = sign(&request, &key_id, key).authorization;
        assert_eq!(
            parameters(&ours),
            parameters(&theirs),
            "{method} {url}\nours:   {ours}\ntheirs: {theirs}"
        );
        assert_eq!(parameters(&ours).len(), 5, "{ours}");
    }
}

#[test]
fn our_authorization_equals_the_oci_python_sdks_with_oracles_test_key() {
    let key = RsaPrivateKey::from_pkcs1_pem(ORACLE_TEST_KEY).unwrap();
    compare(&key, ORACLE_TEST_KEY);
}

#[test]
fn our_authorization_equals_the_oci_python_sdks_with_a_new_2048_bit_key() {
    let key = RsaPrivateKey::new(&mut rand::thread_rng(), 2048).unwrap();
    let pem = key.to_pkcs8_pem(LineEnding::LF).unwrap();
    compare(&key, &pem);
}

#[test]
fn the_comparison_would_see_a_different_signature() {
    let key = RsaPrivateKey::from_pkcs1_pem(ORACLE_TEST_KEY).unwrap();
    let theirs = sdk_headers(ORACLE_TEST_KEY);
    // PutMessages signed with body headers (the rule ignored) is not what the SDK sends.
    let (method, url, body, _, _) = CASES[5];
    let url = url::Url::parse(url).unwrap();
    let request = Request {
        method,
        url: &url,
        date: DATE,
        body: body.unwrap().as_bytes(),
        content_type: "application/json",
        rule: Rule::Standard,
    };
    let ours = sign(&request, &format!("{TENANCY}/{USER}/{FINGERPRINT}"), &key).authorization;
    assert_ne!(
        parameters(&ours)["signature"],
        parameters(&theirs[5])["signature"]
    );
}
