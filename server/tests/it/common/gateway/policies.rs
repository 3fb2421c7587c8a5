//! The deployment-level CORS and rate-limiting request policies.
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::http::{HeaderMap, HeaderValue, Method, header};
use serde_json::Value;

pub struct Cors {
    origins: Vec<String>,
    methods: Vec<String>,
    headers: Vec<String>,
    exposed: Vec<String>,
    credentials: bool,
    max_age: u64,
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

fn header_value(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).expect("a header value")
}

impl Cors {
    pub fn from_spec(spec: &Value) -> Option<Cors> {
        let c = &spec["requestPolicies"]["cors"];
        (!c.is_null()).then(|| Cors {
            origins: strings(&c["allowedOrigins"]),
            methods: strings(&c["allowedMethods"]),
            headers: strings(&c["allowedHeaders"]),
            exposed: strings(&c["exposedHeaders"]),
            credentials: c["isAllowCredentialsEnabled"].as_bool().unwrap_or(false),
            max_age: c["maxAgeInSeconds"].as_u64().unwrap_or(0),
        })
    }

    /// A browser's preflight: OPTIONS with `Origin` and `Access-Control-Request-Method`.
    pub fn is_preflight(method: &Method, headers: &HeaderMap) -> bool {
        method == Method::OPTIONS
            && headers.contains_key(header::ORIGIN)
            && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    }

    /// What to send as `Access-Control-Allow-Origin` to `origin`, if it is allowed.
    fn allow(&self, origin: Option<&str>) -> Option<HeaderValue> {
        let origin = origin?;
        if self.origins.iter().any(|o| o == origin) {
            Some(header_value(origin))
        } else if self.origins.iter().any(|o| o == "*") {
            Some(header_value(if self.credentials { origin } else { "*" }))
        } else {
            None
        }
    }

    /// The headers of the answer to a preflight; none for an origin that is not allowed, which
    /// the browser takes as a refusal.
    pub fn preflight(&self, origin: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::VARY, HeaderValue::from_static("Origin"));
        let Some(allowed) = self.allow(origin) else {
            return h;
        };
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            header_value(&self.methods.join(", ")),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            header_value(&self.headers.join(", ")),
        );
        if self.max_age > 0 {
            h.insert(header::ACCESS_CONTROL_MAX_AGE, self.max_age.into());
        }
        if self.credentials {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
        h
    }

    /// Adds the CORS headers of an actual (not preflight) answer to an allowed origin.
    pub fn decorate(&self, origin: Option<&str>, h: &mut HeaderMap) {
        h.append(header::VARY, HeaderValue::from_static("Origin"));
        let Some(allowed) = self.allow(origin) else {
            return;
        };
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allowed);
        if !self.exposed.is_empty() {
            h.insert(
                header::ACCESS_CONTROL_EXPOSE_HEADERS,
                header_value(&self.exposed.join(", ")),
            );
        }
        if self.credentials {
            h.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
        }
    }
}

/// `rateInRequestsPerSecond` as a token bucket per key that holds one second's worth.
pub struct RateLimit {
    per_second: f64,
    per_client: bool,
    buckets: Mutex<HashMap<Option<IpAddr>, (f64, Instant)>>,
}

impl RateLimit {
    pub fn from_spec(spec: &Value) -> Option<RateLimit> {
        let r = &spec["requestPolicies"]["rateLimiting"];
        if r.is_null() {
            return None;
        }
        let per_client = match r["rateKey"].as_str() {
            Some("CLIENT_IP") => true,
            Some("TOTAL") => false,
            other => panic!("rateKey {other:?}"),
        };
        let per_second = r["rateInRequestsPerSecond"].as_f64().expect("a rate");
        Some(RateLimit {
            per_second,
            per_client,
            buckets: Mutex::new(HashMap::new()),
        })
    }

    /// Whether a request from `ip` may pass now.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let key = self.per_client.then(|| client_key(ip));
        let mut buckets = self.buckets.lock().unwrap();
        let now = Instant::now();
        let (tokens, at) = buckets.entry(key).or_insert((self.per_second, now));
        *tokens = (*tokens + at.elapsed().as_secs_f64() * self.per_second).min(self.per_second);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// OCI counts an IPv6 client by its /64.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => {
            let mut s = v6.segments();
            s[4..].fill(0);
            IpAddr::from(s)
        }
    }
}
