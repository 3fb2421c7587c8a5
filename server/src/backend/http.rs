//! The HTTP `Backend`: the web role calls the customers, hotels and bookings APIs, forwarding the
//! caller's access token and the request id, and turns problem documents back into `AppError`s.
use std::collections::BTreeMap;
use std::time::Duration;

use app::backend::{Backend, Caller, SessionGrant};
use app::model::*;
use async_trait::async_trait;
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;

use crate::customers::tokens::Verifier;
use crate::hotels::service::parse_stay_params;

/// Where each service's API answers (scheme, host and port; no trailing slash).
#[derive(Clone, Debug)]
pub struct ServiceUrls {
    pub customers: String,
    pub hotels: String,
    pub bookings: String,
}

pub struct HttpBackend {
    client: reqwest::Client,
    pub(super) urls: ServiceUrls,
    verifier: Verifier,
}

#[derive(Deserialize)]
struct ProblemBody {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    errors: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

tokio::task_local! {
    /// The id of the web request being served, forwarded so logs follow a booking across services.
    pub static REQUEST_ID: String;
}

fn request_id() -> Option<String> {
    REQUEST_ID
        .try_with(Clone::clone)
        .ok()
        .filter(|id| !id.is_empty())
        .or_else(|| {
            let parts = leptos::prelude::use_context::<axum::http::request::Parts>()?;
            parts
                .headers
                .get("x-request-id")?
                .to_str()
                .ok()
                .map(str::to_owned)
        })
}

pub(super) fn transport(e: reqwest::Error) -> AppError {
    tracing::warn!(error = %e, "a service did not answer");
    AppError::Transport("service unavailable".into())
}

/// The `AppError` a service meant by its problem document.
fn from_problem(status: StatusCode, p: ProblemBody) -> AppError {
    match status.as_u16() {
        400 | 422 => AppError::Invalid(FieldErrors(
            p.errors
                .unwrap_or_else(|| BTreeMap::from([("form".into(), p.detail)])),
        )),
        401 => AppError::Unauthorized,
        403 => AppError::Forbidden,
        404 => AppError::NotFound(p.detail.trim_end_matches(" not found.").to_owned()),
        409 if p.kind.ends_with("/sold-out") => AppError::SoldOut,
        409 | 429 => AppError::Conflict(p.detail),
        _ => AppError::Transport(format!("{status}: {}", p.detail)),
    }
}

impl HttpBackend {
    /// Fetches the customers service's JWKS (waiting up to `wait` for it to come up).
    pub async fn connect(urls: ServiceUrls, wait: Duration) -> anyhow::Result<Self> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()?;
        let verifier = fetch_verifier(&client, &urls.customers, wait).await?;
        Ok(HttpBackend {
            client,
            urls,
            verifier,
        })
    }

    pub(super) async fn send<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
    ) -> Result<T, AppError> {
        let res = self.answer(req).await?;
        res.json().await.map_err(transport)
    }

    /// For answers without a body (204).
    pub(super) async fn send_empty(&self, req: RequestBuilder) -> Result<(), AppError> {
        self.answer(req).await.map(drop)
    }

    pub(super) async fn answer(&self, req: RequestBuilder) -> Result<reqwest::Response, AppError> {
        let req = match request_id() {
            Some(id) => req.header("x-request-id", id),
            None => req,
        };
        let res = req.send().await.map_err(transport)?;
        let status = res.status();
        if status.is_success() {
            return Ok(res);
        }
        let problem = res.json::<ProblemBody>().await.map_err(transport)?;
        Err(from_problem(status, problem))
    }

    pub(super) fn request(
        &self,
        method: Method,
        url: String,
        token: Option<&str>,
    ) -> RequestBuilder {
        let req = self.client.request(method, url);
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    async fn token(&self, email: &str, password: &str) -> Result<String, AppError> {
        let url = format!("{}/api/v1/sessions", self.urls.customers);
        let body = json!({ "email": email, "password": password });
        let token: Token = self
            .send(self.request(Method::POST, url, None).json(&body))
            .await?;
        Ok(token.access_token)
    }

    async fn grant(&self, token: String) -> Result<SessionGrant, AppError> {
        let url = format!("{}/api/v1/customers/me", self.urls.customers);
        let customer = self
            .send(self.request(Method::GET, url, Some(&token)))
            .await?;
        Ok(SessionGrant { customer, token })
    }
}

/// The token verifier built from the customers service's published keys.
pub async fn fetch_verifier(
    client: &reqwest::Client,
    customers: &str,
    wait: Duration,
) -> anyhow::Result<Verifier> {
    let url = format!("{customers}/.well-known/jwks.json");
    let started = std::time::Instant::now();
    loop {
        match client
            .get(&url)
            .send()
            .await
            .and_then(|r| r.error_for_status())
        {
            Ok(res) => return Verifier::from_jwks(&res.json::<serde_json::Value>().await?),
            Err(e) if started.elapsed() < wait => {
                tracing::info!(error = %e, %url, "waiting for the customers service's keys");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(e) => anyhow::bail!("cannot fetch {url}: {e}"),
        }
    }
}

#[async_trait]
impl Backend for HttpBackend {
    async fn cities(&self) -> Result<Vec<City>, AppError> {
        self.send(self.request(
            Method::GET,
            format!("{}/api/v1/cities", self.urls.hotels),
            None,
        ))
        .await
    }

    async fn hotels(&self) -> Result<Vec<HotelSummary>, AppError> {
        #[derive(Deserialize)]
        struct Page {
            items: Vec<HotelSummary>,
            next_page: Option<u32>,
        }
        let mut all = Vec::new();
        let mut page = Some(1);
        while let Some(n) = page {
            let url = format!("{}/api/v1/hotels?page={n}", self.urls.hotels);
            let got: Page = self.send(self.request(Method::GET, url, None)).await?;
            all.extend(got.items);
            page = got.next_page;
        }
        Ok(all)
    }

    async fn search(&self, params: &SearchParams) -> Result<SearchResults, AppError> {
        let url = format!("{}/api/v1/search", self.urls.hotels);
        let query = [
            ("city", &params.city),
            ("check_in", &params.stay.check_in),
            ("check_out", &params.stay.check_out),
            ("guests", &params.stay.guests),
            ("sort", &params.sort),
        ];
        self.send(self.request(Method::GET, url, None).query(&query))
            .await
    }

    async fn hotel(
        &self,
        slug: &str,
        stay: Option<&StayParams>,
    ) -> Result<(HotelDetail, Option<(Stay, u32)>), AppError> {
        let url = format!(
            "{}/api/v1/hotels/{}",
            self.urls.hotels,
            app::pages::url_encode(slug)
        );
        let mut req = self.request(Method::GET, url, None);
        if let Some(p) = stay {
            req = req.query(&[
                ("check_in", &p.check_in),
                ("check_out", &p.check_out),
                ("guests", &p.guests),
            ]);
        }
        let hotel: HotelDetail = self.send(req).await?;
        // The service validated the stay against the hotel's clock; the same rule reads it back.
        let stay = stay
            .map(|p| parse_stay_params(p, &hotel.time_zone))
            .transpose()?;
        Ok((hotel, stay))
    }

    async fn sign_up(&self, form: SignUp) -> Result<SessionGrant, AppError> {
        let url = format!("{}/api/v1/customers", self.urls.customers);
        let body = json!({ "email": form.email, "password": form.password, "name": form.name, "phone": form.phone });
        let _: Customer = self
            .send(self.request(Method::POST, url, None).json(&body))
            .await?;
        let token = self.token(&form.email, &form.password).await?;
        self.grant(token).await
    }

    async fn sign_in(&self, form: SignIn) -> Result<SessionGrant, AppError> {
        let token = self.token(&form.email, &form.password).await?;
        self.grant(token).await
    }

    /// Verified locally against the customers service's keys: no call per page view.
    async fn session(&self, token: &str) -> Result<Option<Customer>, AppError> {
        let Ok(claims) = self.verifier.verify(token) else {
            return Ok(None);
        };
        let Ok(id) = claims.sub.parse() else {
            return Ok(None);
        };
        Ok(Some(Customer {
            id,
            email: claims.email,
            name: claims.name,
            phone: None,
            role: app::model::Role::parse(&claims.role).unwrap_or_default(),
        }))
    }

    /// Access tokens are not stored server-side; the web clears the cookie and the token
    /// expires within the hour.
    async fn sign_out(&self, _token: &str) -> Result<(), AppError> {
        Ok(())
    }

    async fn create_booking(
        &self,
        caller: &Caller,
        hotel: &str,
        form: &BookingForm,
    ) -> Result<Booking, AppError> {
        let key = form.idempotency_key.trim();
        if key.is_empty() {
            return Err(AppError::invalid(
                "idempotency_key",
                "This form has expired. Reload the page and try again.",
            ));
        }
        let guests = parse_guests(&form.stay.guests).map_err(AppError::Invalid)?;
        let phone = Some(form.guest_phone.trim()).filter(|p| !p.is_empty());
        let requests = Some(form.special_requests.trim()).filter(|r| !r.is_empty());
        let body = json!({
            "hotel": hotel, "room_type": form.room_type, "check_in": form.stay.check_in, "check_out": form.stay.check_out,
            "guests": guests, "guest": { "name": form.guest_name, "email": form.guest_email, "phone": phone },
            "special_requests": requests,
        });
        let url = format!("{}/api/v1/bookings", self.urls.bookings);
        let req = self
            .request(Method::POST, url, Some(&caller.token))
            .header("idempotency-key", key)
            .json(&body);
        self.send(req).await
    }

    async fn booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError> {
        let url = format!(
            "{}/api/v1/bookings/{}",
            self.urls.bookings,
            app::pages::url_encode(reference)
        );
        self.send(self.request(Method::GET, url, Some(&caller.token)))
            .await
    }

    async fn bookings(&self, caller: &Caller) -> Result<Vec<Booking>, AppError> {
        let url = format!("{}/api/v1/bookings", self.urls.bookings);
        self.send(self.request(Method::GET, url, Some(&caller.token)))
            .await
    }

    async fn cancel_booking(&self, caller: &Caller, reference: &str) -> Result<Booking, AppError> {
        let url = format!(
            "{}/api/v1/bookings/{}/cancel",
            self.urls.bookings,
            app::pages::url_encode(reference)
        );
        self.send(self.request(Method::POST, url, Some(&caller.token)))
            .await
    }
}
