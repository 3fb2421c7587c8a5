//! The two OCI Functions under Fn's harness (`common::fn_agent`): started as Fn starts them,
//! invoked over their unix socket, and held to the REST API's own answers.
mod answers;
mod contract;
mod harness;
mod last_room;
mod packaging;

use axum::body::Bytes;
use axum::http::{Request, Response};
use serde_json::{Value, json};

use crate::common::TestApp;
use crate::common::api::ApiClient;

pub const CREATE_BOOKING: &str = "create-booking";
pub const GET_HOTEL_DETAILS: &str = "get-hotel-details";

/// A booking request body for one guest.
pub fn booking(hotel: &str, room: &str, check_in: &str, check_out: &str) -> Value {
    json!({
        "hotel": hotel, "room_type": room, "check_in": check_in, "check_out": check_out, "guests": 1,
        "guest": {"name": "Ines Costa", "email": "ines@example.pt", "phone": "+351 912 345 678"},
        "special_requests": "High floor, please"
    })
}

/// An access token for a new guest account.
pub async fn guest_token(app: &TestApp, email: &str) -> String {
    ApiClient::new(app.url("")).await.customer(email).await
}

/// `req` sent to the app's REST API instead, for the answer to compare with.
pub async fn rest(app: &TestApp, req: &Request<Bytes>) -> Response<Bytes> {
    let mut call =
        reqwest::Client::new().request(req.method().clone(), app.url(&req.uri().to_string()));
    for (name, value) in req.headers() {
        call = call.header(name, value);
    }
    let res = call
        .body(req.body().clone())
        .send()
        .await
        .expect("the REST API answers");
    let mut out = Response::builder().status(res.status());
    for (name, value) in res.headers() {
        out = out.header(name, value);
    }
    out.body(res.bytes().await.unwrap()).unwrap()
}

/// The function's answer is the REST API's: status, content type, body byte for byte, and the
/// idempotency replay marker.
pub fn assert_same(by_function: &Response<Bytes>, by_rest: &Response<Bytes>, what: &str) {
    let text = |r: &Response<Bytes>| String::from_utf8_lossy(r.body()).into_owned();
    assert_eq!(
        (by_function.status(), text(by_function)),
        (by_rest.status(), text(by_rest)),
        "{what}: the function's answer (left) differs from the REST API's"
    );
    for header in ["content-type", "idempotent-replayed", "allow"] {
        assert_eq!(
            by_function.headers().get(header),
            by_rest.headers().get(header),
            "{what}: {header}"
        );
    }
}

pub fn json_of(res: &Response<Bytes>) -> Value {
    serde_json::from_slice(res.body())
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(res.body())))
}
