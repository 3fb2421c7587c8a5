//! One invocation: Fn's `POST /call` turned back into the client's request (`Fn-Http-Method`,
//! `Fn-Http-Request-Url`, `Fn-Http-H-*`), answered by the REST route, and the answer wrapped the
//! way Fn hands it to the gateway (`Fn-Http-Status`, `Fn-Http-H-*`), within `Fn-Deadline`.
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use chrono::{DateTime, Utc};
use tower::ServiceExt;

use super::Function;
use crate::api::problem::Problem;

/// The most a call may carry: OCI Functions' own limit on a request body (6 MB).
const MAX_CALL_BODY: usize = 6 * 1024 * 1024;
/// Fn always sends a deadline; without one, the FDKs allow 30 seconds.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(30);
const HTTP_HEADER_PREFIX: &str = "fn-http-h-";
/// Headers that describe one hop, not the request: never carried across the call.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "content-length",
];

/// The Fn side of the function: `POST /call` in front of the REST route.
pub struct Call {
    function: Function,
    rest: Router,
    frame: Option<LogFrame>,
}

impl Call {
    /// The router Fn talks to; `rest` is the function's REST route with every layer the
    /// service has (problem bodies, security headers, limits, request ids, access log).
    pub fn router(function: Function, rest: Router) -> Router {
        let call = Call {
            function,
            rest,
            frame: LogFrame::from_env(),
        };
        Router::new()
            .route("/call", post(invoke))
            .with_state(Arc::new(call))
    }
}

async fn invoke(State(call): State<Arc<Call>>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    if let Some(frame) = &call.frame {
        frame.write(&parts.headers);
    }
    let left = time_left(&parts.headers, Utc::now());
    if left.is_zero() {
        return deadline_passed(&parts.headers).await;
    }
    let Ok(body) = to_bytes(body, MAX_CALL_BODY).await else {
        let too_big = Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload-too-large",
            "Request too large",
            "A function call carries at most 6 MB.",
        );
        return wrap(too_big.into_response(), StatusCode::OK).await;
    };
    let original = match original_request(call.function, &parts.headers, body) {
        Ok(req) => req,
        Err(problem) => return wrap(problem.into_response(), StatusCode::OK).await,
    };
    match tokio::time::timeout(left, call.rest.clone().oneshot(original)).await {
        Ok(Ok(answer)) => wrap(answer, StatusCode::OK).await,
        Ok(Err(never)) => match never {},
        Err(_) => deadline_passed(&parts.headers).await,
    }
}

/// How long the call may still take: until `Fn-Deadline` (RFC 3339), zero once it has passed.
pub fn time_left(headers: &HeaderMap, now: DateTime<Utc>) -> Duration {
    let deadline = headers
        .get("fn-deadline")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| DateTime::parse_from_rfc3339(v.trim()).ok());
    match deadline {
        Some(at) => (at.with_timezone(&Utc) - now).to_std().unwrap_or_default(),
        None => DEFAULT_DEADLINE,
    }
}

/// The answer when the deadline passes first: Fn's 504, and a problem the client can act on.
/// Work cut short rolls back with its transaction; work that committed is found again by a
/// retry with the same idempotency key.
async fn deadline_passed(headers: &HeaderMap) -> Response {
    let call_id = headers.get("fn-call-id").and_then(|v| v.to_str().ok());
    tracing::warn!(
        call_id,
        "the call's deadline passed before its answer was ready"
    );
    let problem = Problem::new(
        StatusCode::GATEWAY_TIMEOUT,
        "deadline-exceeded",
        "Deadline exceeded",
        "The request's time ran out before it was answered. Retry it (with the same \
         Idempotency-Key for a booking): a booking already made is returned, not made twice.",
    );
    wrap(problem.into_response(), StatusCode::GATEWAY_TIMEOUT).await
}

/// The request the client sent to the gateway, addressed to the function's REST path.
pub fn original_request(
    function: Function,
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Request, Problem> {
    let invalid = |detail: String| {
        Problem::new(
            StatusCode::BAD_REQUEST,
            "bad-request",
            "Bad request",
            detail,
        )
    };
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let method = match text("fn-http-method") {
        Some(m) => Method::from_bytes(m.as_bytes())
            .map_err(|_| invalid(format!("{m:?} is not an HTTP method.")))?,
        None if function == Function::CreateBooking => Method::POST,
        None => Method::GET,
    };
    let url = text("fn-http-request-url").unwrap_or("/");
    let url: Uri = url
        .parse()
        .map_err(|_| invalid("The request URL does not parse.".into()))?;
    let path = function
        .rest_path(url.path())
        .unwrap_or_else(|| url.path().to_owned());
    let uri = match url.query() {
        Some(query) => format!("{path}?{query}"),
        None => path,
    };
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::from(body.clone()))
        .map_err(|_| invalid("The request URL does not parse.".into()))?;
    let original = req.headers_mut();
    for (name, value) in headers {
        let Some(bare) = name.as_str().strip_prefix(HTTP_HEADER_PREFIX) else {
            continue;
        };
        if let Ok(bare) = HeaderName::from_bytes(bare.as_bytes())
            && !HOP_BY_HOP.contains(&bare.as_str())
        {
            original.append(bare, value.clone());
        }
    }
    // Fn passes the body's type unprefixed.
    if let (false, Some(kind)) = (
        original.contains_key(CONTENT_TYPE),
        headers.get(CONTENT_TYPE),
    ) {
        original.insert(CONTENT_TYPE, kind.clone());
    }
    original.insert(CONTENT_LENGTH, HeaderValue::from(body.len()));
    // The call id names the request in the logs when the client sent no request id.
    if let (false, Some(id)) = (
        original.contains_key("x-request-id"),
        headers.get("fn-call-id"),
    ) {
        original.insert("x-request-id", id.clone());
    }
    Ok(req)
}

/// The answer as Fn expects it: the client's status in `Fn-Http-Status`, every header but
/// `Content-Type` as `Fn-Http-H-<name>`, the body as it is; `container` is the status Fn sees.
pub async fn wrap(answer: Response, container: StatusCode) -> Response {
    let (parts, body) = answer.into_parts();
    let body = match to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(e) => {
            tracing::error!(error = %e, "the answer's body could not be read");
            return StatusCode::BAD_GATEWAY.into_response();
        }
    };
    let mut out = Response::new(Body::from(body));
    *out.status_mut() = container;
    let wrapped = out.headers_mut();
    wrapped.insert("fn-http-status", HeaderValue::from(parts.status.as_u16()));
    for (name, value) in &parts.headers {
        if name == CONTENT_TYPE {
            wrapped.append(CONTENT_TYPE, value.clone());
        } else if !HOP_BY_HOP.contains(&name.as_str())
            && let Ok(prefixed) = HeaderName::try_from(format!("{HTTP_HEADER_PREFIX}{name}"))
        {
            wrapped.append(prefixed, value.clone());
        }
    }
    wrapped.insert(
        "fn-fdk-version",
        HeaderValue::from_static(concat!("fdk-vision-stays/", env!("CARGO_PKG_VERSION"))),
    );
    out
}

/// `FN_LOGFRAME_NAME`/`FN_LOGFRAME_HDR`: a line naming the call before its logs, on stdout and
/// stderr, so the platform can tell one call's lines from the next.
struct LogFrame {
    name: String,
    header: HeaderName,
}

impl LogFrame {
    fn from_env() -> Option<LogFrame> {
        let var = |n: &str| std::env::var(n).ok().filter(|v| !v.is_empty());
        Some(LogFrame {
            name: var("FN_LOGFRAME_NAME")?,
            header: HeaderName::from_bytes(var("FN_LOGFRAME_HDR")?.as_bytes()).ok()?,
        })
    }

    fn write(&self, headers: &HeaderMap) {
        let Some(value) = headers.get(&self.header).and_then(|v| v.to_str().ok()) else {
            return;
        };
        let line = format!("\n{}={value}\n", self.name);
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
        let _ = std::io::stdout().lock().write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests;
