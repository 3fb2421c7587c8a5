//! The real app behind the stand-in gateway, serving the real specification rendered for it,
//! with two stand-ins of its own: functions that call the app's REST API, and tokens made by the
//! test (signed with the app's key or another one) to show what the gateway refuses.
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::http::{Request, Response, header};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::customers::tokens::{AUDIENCE, ISSUER, KEY_FILE_NAME, Signer};

use crate::common::TestApp;
use crate::common::gateway::{Gateway, Invoke, render, template};

pub const CREATE_BOOKING: &str = "ocid1.fnfunc.oc1.test.create-booking";
pub const HOTEL_DETAILS: &str = "ocid1.fnfunc.oc1.test.get-hotel-details";
pub const SITE: &str = "https://site.test";

/// One function call the gateway made: the function id and the request's method and URI.
type Calls = Arc<Mutex<Vec<(String, String, String)>>>;

pub struct Setup {
    pub app: TestApp,
    pub gateway: Gateway,
    calls: Calls,
    pub http: reqwest::Client,
}

/// The app, and the gateway in front of it with the specification rendered for it (all three
/// services at the app's URL), changed by `edit`.
pub async fn setup(edit: impl FnOnce(&mut Value)) -> Setup {
    let app = TestApp::spawn().await;
    let base = app.url("");
    let jwks = app.url("/.well-known/jwks.json");
    let vars = [
        ("create_booking_function_id", CREATE_BOOKING),
        ("get_hotel_details_function_id", HOTEL_DETAILS),
        ("customers_url", base.as_str()),
        ("hotels_url", base.as_str()),
        ("bookings_url", base.as_str()),
        ("jwks_uri", jwks.as_str()),
        ("site_origin", SITE),
    ];
    let mut spec = render(&template(), &vars).unwrap();
    edit(&mut spec);
    let calls = Calls::default();
    let gateway = Gateway::start(&spec, functions_as_rest(base, calls.clone())).await;
    Setup {
        app,
        gateway,
        calls,
        http: reqwest::Client::new(),
    }
}

/// Sequential test requests come faster than the deployment's limit allows.
pub fn unlimited(spec: &mut Value) {
    spec["requestPolicies"]["rateLimiting"]["rateInRequestsPerSecond"] = json!(10_000);
}

/// Stands in for the two functions by calling the same operations of the app's REST API.
fn functions_as_rest(base: String, calls: Calls) -> Invoke {
    let http = reqwest::Client::new();
    Arc::new(move |id: String, req: Request<Bytes>| {
        let (http, base, calls) = (http.clone(), base.clone(), calls.clone());
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            calls
                .lock()
                .unwrap()
                .push((id, parts.method.to_string(), parts.uri.to_string()));
            let mut out = http
                .request(parts.method, format!("{base}{}", parts.uri))
                .body(body);
            for (name, value) in &parts.headers {
                if ![header::HOST, header::CONTENT_LENGTH].contains(name) {
                    out = out.header(name, value);
                }
            }
            let res = out.send().await.unwrap();
            let mut back = Response::builder().status(res.status());
            for (name, value) in res.headers() {
                if name != header::TRANSFER_ENCODING {
                    back = back.header(name, value);
                }
            }
            back.body(res.bytes().await.unwrap()).unwrap()
        })
    })
}

impl Setup {
    pub async fn get(&self, path: &str, token: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(self.gateway.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.unwrap()
    }

    pub fn calls(&self) -> Vec<(String, String, String)> {
        self.calls.lock().unwrap().clone()
    }

    /// Signs up and signs in through the gateway; the access token.
    pub async fn guest_token(&self, email: &str) -> String {
        let res = self
            .http
            .post(self.gateway.url("/api/v1/customers"))
            .json(
                &json!({"email": email, "password": "a long passphrase", "name": "Gateway Guest"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        let res = self
            .http
            .post(self.gateway.url("/api/v1/sessions"))
            .json(&json!({"email": email, "password": "a long passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.json::<Value>().await.unwrap()["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A token with `claims` over the usual ones, signed by the app's key (or `key`) as `kid`.
    pub fn token(&self, claims: Value, key: Option<&str>, kid: Option<&str>) -> String {
        let own = std::fs::read_to_string(self.app.data_dir().join(KEY_FILE_NAME)).unwrap();
        let pem = key.unwrap_or(&own);
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(match kid {
            Some(k) => k.to_owned(),
            None => Signer::from_pem(&own).unwrap().kid().to_owned(),
        });
        let now = chrono::Utc::now().timestamp();
        let mut all = json!({"sub": "1", "email": "a@example.com", "name": "A", "role": "guest",
            "iss": ISSUER, "aud": AUDIENCE, "iat": now, "exp": now + 600, "jti": "gateway-test"});
        all.as_object_mut()
            .unwrap()
            .extend(claims.as_object().unwrap().clone());
        let key = EncodingKey::from_rsa_pem(pem.as_bytes()).unwrap();
        jsonwebtoken::encode(&header, &all, &key).unwrap()
    }
}

/// The gateway's own error answer, not a service's problem document.
pub async fn gateway_refused(res: reqwest::Response, status: StatusCode) {
    let url = res.url().clone();
    assert_eq!(res.status(), status, "{url}");
    assert_eq!(res.headers()["content-type"], "application/json", "{url}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], status.as_u16(), "{url}: {body}");
}

pub async fn json_of(res: reqwest::Response) -> (StatusCode, Value) {
    (res.status(), res.json().await.unwrap())
}
