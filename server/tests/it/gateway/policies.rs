//! The deployment-level policies the specification must have: token authentication against
//! the customers service's JWKS with its issuer and audience, a rate limit per client IP, CORS
//! for the site with what the API reads and sends, and both logs.
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use server::customers::tokens::{AUDIENCE, ISSUER, LEEWAY_SECS};

use super::spec::var;

/// Response headers browsers must be able to read: the booking replay flag, and when to retry.
const EXPOSED: [&str; 2] = ["Idempotent-Replayed", "Retry-After"];

/// Adds to `out` what is wrong with the deployment-level policies of `spec` (rendered with
/// `VARS`), given its routes and the document's operations.
pub fn problems(
    spec: &Value,
    routes: &[Value],
    ops: &BTreeMap<(String, String), Value>,
    out: &mut Vec<String>,
) {
    let policies = &spec["requestPolicies"];
    let auth = &policies["authentication"];
    let checks: [(&str, &Value, Value); 7] = [
        (
            "authentication type",
            &auth["type"],
            json!("TOKEN_AUTHENTICATION"),
        ),
        ("token header", &auth["tokenHeader"], json!("Authorization")),
        ("token scheme", &auth["tokenAuthScheme"], json!("Bearer")),
        (
            "key source",
            &auth["validationPolicy"]["type"],
            json!("REMOTE_JWKS"),
        ),
        (
            "JWKS uri",
            &auth["validationPolicy"]["uri"],
            json!(var("jwks_uri")),
        ),
        (
            "issuers",
            &auth["validationPolicy"]["additionalValidationPolicy"]["issuers"],
            json!([ISSUER]),
        ),
        (
            "audiences",
            &auth["validationPolicy"]["additionalValidationPolicy"]["audiences"],
            json!([AUDIENCE]),
        ),
    ];
    for (what, got, want) in checks {
        if *got != want {
            out.push(format!(
                "token authentication: the {what} is {got}, not {want}"
            ));
        }
    }
    if auth["maxClockSkewInSeconds"]
        .as_u64()
        .is_none_or(|s| s > LEEWAY_SECS)
    {
        out.push(format!(
            "token authentication: maxClockSkewInSeconds at most {LEEWAY_SECS}, as the services \
             allow"
        ));
    }
    let anonymous = routes
        .iter()
        .any(|r| r["requestPolicies"]["authorization"]["type"] == "ANONYMOUS");
    if anonymous && auth["isAnonymousAccessAllowed"] != json!(true) {
        out.push(
            "token authentication: ANONYMOUS routes need isAnonymousAccessAllowed: true".into(),
        );
    }
    let rate = &policies["rateLimiting"];
    if rate["rateKey"] != "CLIENT_IP"
        || rate["rateInRequestsPerSecond"]
            .as_u64()
            .is_none_or(|r| r == 0)
    {
        out.push(format!(
            "rate limiting: a number of requests a second per CLIENT_IP, not {rate}"
        ));
    }
    let cors = &policies["cors"];
    if cors["allowedOrigins"] != json!([var("site_origin")]) {
        out.push(format!(
            "CORS: allowedOrigins must be the site's origin alone, not {}",
            cors["allowedOrigins"]
        ));
    }
    let has = |list: &str, item: &str| {
        cors[list]
            .as_array()
            .into_iter()
            .flatten()
            .any(|v| v.as_str().is_some_and(|v| v.eq_ignore_ascii_case(item)))
    };
    let methods: BTreeSet<String> = routes
        .iter()
        .flat_map(|r| r["methods"].as_array().cloned().unwrap_or_default())
        .filter_map(|m| m.as_str().map(str::to_owned))
        .collect();
    for m in &methods {
        if !has("allowedMethods", m) {
            out.push(format!("CORS: allowedMethods lacks {m}, which routes use"));
        }
    }
    // The request headers the API reads: the token, JSON bodies, and the header parameters.
    let mut headers: BTreeSet<String> =
        ["Authorization".to_owned(), "Content-Type".to_owned()].into();
    for op in ops.values() {
        for p in op["parameters"].as_array().into_iter().flatten() {
            if p["in"] == "header" {
                headers.insert(p["name"].as_str().unwrap_or_default().to_owned());
            }
        }
    }
    for h in &headers {
        if !has("allowedHeaders", h) {
            out.push(format!(
                "CORS: allowedHeaders lacks {h}, which the API reads"
            ));
        }
    }
    for h in EXPOSED {
        if !has("exposedHeaders", h) {
            out.push(format!(
                "CORS: exposedHeaders lacks {h}, which the API sends"
            ));
        }
    }
    let logs = &spec["loggingPolicies"];
    for log in ["accessLog", "executionLog"] {
        if logs[log]["isEnabled"] != json!(true) {
            out.push(format!("logging: {log} must be on"));
        }
    }
}
