//! The platform admin's walk through the outbox's parked items: list, retry, retry again (404).
use reqwest::StatusCode;
use serde_json::Value;

use crate::common::TestApp;
use crate::common::api::ApiClient;

pub async fn walk(app: &TestApp, api: &ApiClient, admin: &str, reference: &str) {
    let tok = Some(admin);
    let list = "/api/v1/admin/outbox/parked";
    let r = api.get(list, list, tok).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, Value::Array(vec![]), "nothing parked yet");
    // Parked as the relay parks an event the stream keeps refusing.
    app.exec(&format!(
        "UPDATE booking_events SET stream_status = 'parked', stream_attempts = 12,
             stream_last_error = 'MessageRejected', parked_at = created_at
         WHERE booking_reference = '{reference}'"
    ))
    .await;
    let r = api.get(list, list, tok).await;
    let items = r.body.as_array().unwrap();
    assert!(!items.is_empty());
    assert!(items.iter().all(|i| i["booking_reference"] == reference));
    let id = items[0]["id"].as_i64().unwrap();
    let retry = "/api/v1/admin/outbox/parked/{sink}/{id}/retry";
    let path = format!("/api/v1/admin/outbox/parked/stream/{id}/retry");
    let r = api.post(retry, &path, tok, Value::Null).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body.as_array().unwrap().len(), items.len() - 1);
    let r = api.post(retry, &path, tok, Value::Null).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "no longer parked");
}
