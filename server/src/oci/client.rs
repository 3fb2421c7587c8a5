//! The one way every OCI call goes out: signed, with an `opc-request-id`, its error answers
//! turned into [`OciError`], and a refused security token renewed and tried once more.
use std::time::{Duration, SystemTime};

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use url::Url;

use super::principal::Credentials;
use super::signer::{self, Request, Rule};
use super::{Oci, OciError};

/// One request to an OCI service.
pub(crate) struct Call {
    /// The API operation's name, for errors and logs (`GetSecretBundle`).
    pub operation: &'static str,
    pub method: Method,
    pub url: Url,
    /// JSON; POST, PUT and PATCH without one sign (and send) an empty body.
    pub body: Option<Vec<u8>>,
    pub rule: Rule,
}

impl Call {
    pub fn get(operation: &'static str, url: Url) -> Call {
        Call {
            operation,
            method: Method::GET,
            url,
            body: None,
            rule: Rule::Standard,
        }
    }

    pub fn post(operation: &'static str, url: Url, body: &impl serde::Serialize) -> Call {
        let body = serde_json::to_vec(body).expect("request bodies serialize");
        Call {
            operation,
            method: Method::POST,
            url,
            body: Some(body),
            rule: Rule::Standard,
        }
    }
}

/// A 2xx answer.
pub(crate) struct Answer {
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json<T: serde::de::DeserializeOwned>(
        &self,
        operation: &'static str,
    ) -> Result<T, OciError> {
        serde_json::from_slice(&self.body).map_err(|e| OciError::bad(operation, e))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A request id in the SDKs' shape (32 uppercase hex digits).
pub(crate) fn request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string().to_uppercase()
}

/// Sends `call` signed with `credentials`.
pub(crate) async fn send_signed(
    http: &reqwest::Client,
    credentials: &Credentials,
    call: &Call,
) -> Result<Answer, OciError> {
    let signs_body = matches!(call.method, Method::POST | Method::PUT | Method::PATCH);
    let body = call.body.as_deref().unwrap_or_default();
    let date = signer::http_date(SystemTime::now());
    let request = Request {
        method: call.method.as_str(),
        url: &call.url,
        date: &date,
        body,
        content_type: "application/json",
        rule: call.rule,
    };
    let signed = signer::sign(&request, &credentials.key_id, &credentials.key);
    let id = request_id();
    let mut builder = http
        .request(call.method.clone(), call.url.clone())
        .header("opc-request-id", &id)
        .header("accept", "application/json");
    for (name, value) in &signed.headers {
        builder = builder.header(*name, value);
    }
    if call.body.is_some() || signs_body {
        if !signed
            .headers
            .iter()
            .any(|(name, _)| *name == "content-type")
        {
            builder = builder.header("content-type", "application/json");
        }
        builder = builder.body(body.to_vec());
    }
    let response = builder
        .header("authorization", &signed.authorization)
        .send()
        .await
        .map_err(|source| OciError::Transport {
            operation: call.operation,
            source,
        })?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .bytes()
        .await
        .map_err(|source| OciError::Transport {
            operation: call.operation,
            source,
        })?;
    let answered_id = headers
        .get("opc-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(&id)
        .to_owned();
    tracing::debug!(operation = call.operation, status = status.as_u16(), opc_request_id = %answered_id, "OCI call");
    if status.is_success() {
        return Ok(Answer {
            headers,
            body: bytes.to_vec(),
        });
    }
    Err(service_error(
        call.operation,
        status,
        &headers,
        &bytes,
        answered_id,
    ))
}

fn service_error(
    operation: &'static str,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    request_id: String,
) -> OciError {
    #[derive(serde::Deserialize, Default)]
    struct Body {
        #[serde(default)]
        code: String,
        #[serde(default)]
        message: String,
    }
    let parsed: Body = serde_json::from_slice(body).unwrap_or_default();
    let code = if parsed.code.is_empty() {
        status
            .canonical_reason()
            .unwrap_or("Error")
            .replace(' ', "")
    } else {
        parsed.code
    };
    OciError::Service {
        operation,
        status: status.as_u16(),
        code,
        message: parsed.message,
        request_id,
        retry_after: headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(retry_after),
    }
}

/// `retry-after`: seconds, or an HTTP date.
fn retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value.trim()).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

impl Oci {
    /// Sends `call` as this process's principal. A 401 to a security token renews the token
    /// and tries once more (the service may have revoked or rotated it early).
    pub(crate) async fn send(&self, call: Call) -> Result<Answer, OciError> {
        let principal = &self.inner.principal;
        let credentials = principal.credentials().await?;
        match send_signed(&self.inner.http, &credentials, &call).await {
            Err(e) if e.status() == Some(401) && principal.invalidate().await => {
                tracing::info!(
                    operation = call.operation,
                    "OCI refused the security token; renewing it"
                );
                let credentials = principal.credentials().await?;
                send_signed(&self.inner.http, &credentials, &call).await
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_answers_keep_code_message_request_id_and_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "7".parse().unwrap());
        let body = br#"{"code":"TooManyRequests","message":"slow down"}"#;
        let e = service_error(
            "PutMessages",
            StatusCode::TOO_MANY_REQUESTS,
            &headers,
            body,
            "R1".into(),
        );
        assert_eq!(e.code(), Some("TooManyRequests"));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert!(e.is_retryable());
        let e = service_error(
            "GetSecretBundle",
            StatusCode::NOT_FOUND,
            &HeaderMap::new(),
            b"<html>",
            "R2".into(),
        );
        assert_eq!(e.code(), Some("NotFound"));
        assert!(e.to_string().contains("opc-request-id R2"), "{e}");
        assert_eq!(retry_after("soon"), None);
    }
}
