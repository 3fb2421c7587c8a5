//! Handing a request that passed the gateway's policies to its route's back end: an HTTP
//! service (forwarded like OCI does: the backend URL with the path parameters filled in, the
//! client's query string, headers and body) or a function (through `Invoke`).
use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Request, Response, StatusCode, header};

use super::{Invoke, oci_error};

/// Headers about one connection, which a proxy does not pass on (RFC 9110 §7.6.1), and `Host`,
/// which OCI rewrites to the back end's.
const HOP_BY_HOP: [&str; 9] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn end_to_end(headers: &HeaderMap) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
    headers
        .iter()
        .filter(|(name, _)| !HOP_BY_HOP.contains(&name.as_str()) && *name != header::HOST)
}

/// The backend URL with each `${request.path[name]}` replaced by that segment as the client
/// sent it, and the client's query string appended.
pub fn target(url: &str, params: &HashMap<String, String>, query: Option<&str>) -> String {
    let mut out = url.to_owned();
    for (name, value) in params {
        out = out.replace(&format!("${{request.path[{name}]}}"), value);
    }
    assert!(
        !out.contains("${"),
        "{url}: only ${{request.path[…]}} context variables of the route are imitated"
    );
    if let Some(q) = query {
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(q);
    }
    out
}

pub async fn http(
    client: &reqwest::Client,
    url: String,
    timeout: Duration,
    parts: Parts,
    body: Bytes,
    client_ip: IpAddr,
) -> Response<Body> {
    let mut req = client
        .request(parts.method.clone(), &url)
        .timeout(timeout)
        .body(body);
    for (name, value) in end_to_end(&parts.headers) {
        if name != "x-forwarded-for" && name != header::FORWARDED {
            req = req.header(name, value);
        }
    }
    // OCI adds the client's address and appends it to the forwarding chains it was sent.
    let chain = |name: HeaderName, entry: String| {
        let before: Vec<&str> = parts
            .headers
            .get_all(&name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let mut all = before.join(", ");
        if !all.is_empty() {
            all.push_str(", ");
        }
        all + &entry
    };
    req = req
        .header("x-real-ip", client_ip.to_string())
        .header(
            "x-forwarded-for",
            chain(
                HeaderName::from_static("x-forwarded-for"),
                client_ip.to_string(),
            ),
        )
        .header(
            header::FORWARDED,
            chain(
                header::FORWARDED,
                format!("for={}", forwarded_for(client_ip)),
            ),
        );
    match req.send().await {
        Ok(res) => {
            let mut out = Response::builder().status(res.status());
            for (name, value) in end_to_end(res.headers()) {
                out = out.header(name, value);
            }
            match res.bytes().await {
                Ok(bytes) => out.body(Body::from(bytes)).unwrap(),
                Err(e) => failed(e),
            }
        }
        Err(e) => failed(e),
    }
}

fn forwarded_for(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("\"[{v6}]\""),
    }
}

fn failed(e: reqwest::Error) -> Response<Body> {
    if e.is_timeout() {
        oci_error(StatusCode::GATEWAY_TIMEOUT)
    } else {
        oci_error(StatusCode::BAD_GATEWAY)
    }
}

/// The function gets the request as the client sent it: method, path and query (prefix
/// included), every header, the body.
pub async fn function(invoke: &Invoke, id: &str, parts: Parts, body: Bytes) -> Response<Body> {
    let mut req = Request::new(body);
    *req.method_mut() = parts.method;
    *req.uri_mut() = parts.uri.path_and_query().map_or_else(
        || parts.uri.clone(),
        |pq| pq.as_str().parse().expect("a path and query"),
    );
    *req.headers_mut() = parts.headers;
    let res = invoke(id.to_owned(), req).await;
    let (parts, body) = res.into_parts();
    Response::from_parts(parts, Body::from(body))
}
