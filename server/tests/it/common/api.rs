//! A JSON API client that checks every answer against the app's own OpenAPI document.
use std::collections::BTreeSet;
use std::sync::Mutex;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

pub struct ApiClient {
    pub client: reqwest::Client,
    pub base: String,
    pub openapi: Value,
    /// (method, path template, status) seen so far, for coverage checks.
    pub seen: Mutex<BTreeSet<(String, String, u16)>>,
}

pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl ApiClient {
    pub async fn new(base: String) -> Self {
        let client = reqwest::Client::new();
        let openapi = client
            .get(format!("{base}/api/v1/openapi.json"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        ApiClient {
            client,
            base,
            openapi,
            seen: Mutex::new(BTreeSet::new()),
        }
    }

    /// Sends a request for the operation `template` (e.g. `/api/v1/hotels/{slug}`) at `path`,
    /// then checks the status is documented and the body matches the documented schema.
    pub async fn call(
        &self,
        method: Method,
        template: &str,
        path: &str,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Option<Value>,
    ) -> ApiResponse {
        let mut req = self
            .client
            .request(method.clone(), format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let text = res.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        self.check(&method, template, status, &headers, &body, &text);
        ApiResponse {
            status,
            headers,
            body,
        }
    }

    fn check(
        &self,
        method: &Method,
        template: &str,
        status: StatusCode,
        headers: &reqwest::header::HeaderMap,
        body: &Value,
        text: &str,
    ) {
        let m = method.as_str().to_ascii_lowercase();
        let op = &self.openapi["paths"][template][&m];
        assert!(
            op.is_object(),
            "{m} {template} is not in the OpenAPI document"
        );
        let response = &op["responses"][status.as_str()];
        assert!(
            response.is_object(),
            "{m} {template} answered {status}, which the document does not declare: {text}"
        );
        if let Some(content) = response["content"].as_object() {
            let got = headers
                .get("content-type")
                .map(|v| v.to_str().unwrap())
                .unwrap_or_default();
            let documented: Vec<&String> = content.keys().collect();
            let (_, media) = content
                .iter()
                .find(|(ctype, _)| got.starts_with(ctype.as_str()))
                .unwrap_or_else(|| {
                    panic!("{m} {template} {status}: content-type {got}, documented {documented:?}")
                });
            // Images and other bytes have no JSON schema to check.
            if got.contains("json") {
                let mut schema = media["schema"].clone();
                schema["components"] = self.openapi["components"].clone();
                let validator = jsonschema::validator_for(&schema).expect("schema compiles");
                let errors: Vec<String> = validator
                    .iter_errors(body)
                    .map(|e| format!("{} at {}", e, e.instance_path()))
                    .collect();
                assert!(
                    errors.is_empty(),
                    "{m} {template} {status}: body does not match the schema: {errors:?}\n{text}"
                );
            }
        }
        self.seen
            .lock()
            .unwrap()
            .insert((m, template.to_owned(), status.as_u16()));
    }

    pub async fn get(&self, template: &str, path: &str, token: Option<&str>) -> ApiResponse {
        self.call(Method::GET, template, path, token, &[], None)
            .await
    }

    pub async fn post(
        &self,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> ApiResponse {
        self.call(Method::POST, template, path, token, &[], Some(body))
            .await
    }

    /// `POST /api/v1/bookings` with the given token, headers (e.g. the Idempotency-Key) and body.
    pub async fn book(
        &self,
        token: Option<&str>,
        headers: &[(&str, &str)],
        body: Value,
    ) -> ApiResponse {
        self.call(
            Method::POST,
            "/api/v1/bookings",
            "/api/v1/bookings",
            token,
            headers,
            Some(body),
        )
        .await
    }

    /// An access token for an existing account.
    pub async fn sign_in(&self, email: &str, password: &str) -> String {
        let r = self
            .post(
                "/api/v1/sessions",
                "/api/v1/sessions",
                None,
                json!({"email": email, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn put(
        &self,
        template: &str,
        path: &str,
        token: Option<&str>,
        body: Value,
    ) -> ApiResponse {
        self.call(Method::PUT, template, path, token, &[], Some(body))
            .await
    }

    pub async fn delete(&self, template: &str, path: &str, token: Option<&str>) -> ApiResponse {
        self.call(Method::DELETE, template, path, token, &[], None)
            .await
    }

    /// Creates a customer and returns an access token for it.
    pub async fn customer(&self, email: &str) -> String {
        let r = self
            .post(
                "/api/v1/customers",
                "/api/v1/customers",
                None,
                json!({"email": email, "password": "a long passphrase", "name": "API Guest"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
        let r = self
            .post(
                "/api/v1/sessions",
                "/api/v1/sessions",
                None,
                json!({"email": email, "password": "a long passphrase"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        r.body["access_token"].as_str().unwrap().to_owned()
    }

    /// Every (method, path) in the document that no call has exercised, among the paths `keep`
    /// selects.
    pub fn untested_operations(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let seen = self.seen.lock().unwrap();
        let mut missing = Vec::new();
        for (path, item) in self.openapi["paths"].as_object().unwrap() {
            if !keep(path) {
                continue;
            }
            for method in item.as_object().unwrap().keys() {
                if !seen.iter().any(|(m, t, _)| m == method && t == path) {
                    missing.push(format!("{method} {path}"));
                }
            }
        }
        missing
    }
}
