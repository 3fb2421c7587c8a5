//! Webhook endpoints through the API as the platform admin: every operation once (the webhook
//! tests, `tests/it/webhooks/`, deliver to a real receiver). The endpoint stays disabled: a
//! public address is needed without `VS_WEBHOOKS_ALLOW_PRIVATE`, and nothing is sent to it.
use reqwest::StatusCode;
use serde_json::json;

use crate::common::api::ApiClient;

const ENDPOINTS: &str = "/api/v1/admin/webhook-endpoints";
const ENDPOINT: &str = "/api/v1/admin/webhook-endpoints/{id}";

pub async fn walk(api: &ApiClient, admin: &str) {
    let tok = Some(admin);
    let r = api
        .post(
            ENDPOINTS,
            ENDPOINTS,
            tok,
            json!({"hotel": "casa-do-tejo", "url": "https://198.41.0.4/hooks", "enabled": false,
                   "event_types": ["booking.created"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["endpoint"]["id"].as_i64().unwrap();
    let path = format!("{ENDPOINTS}/{id}");
    assert_eq!(
        api.get(ENDPOINTS, ENDPOINTS, tok).await.status,
        StatusCode::OK
    );
    assert_eq!(api.get(ENDPOINT, &path, tok).await.status, StatusCode::OK);
    let r = api
        .put(
            ENDPOINT,
            &path,
            tok,
            json!({"description": "Channel manager"}),
        )
        .await;
    assert_eq!(r.body["description"], "Channel manager");
    let r = api
        .post(
            &format!("{ENDPOINT}/secret"),
            &format!("{path}/secret"),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = api
        .get(
            &format!("{ENDPOINT}/deliveries"),
            &format!("{path}/deliveries"),
            tok,
        )
        .await;
    assert_eq!(r.body["deliveries"], json!([]));
    let r = api
        .post(
            &format!("{ENDPOINT}/deliveries/{{delivery}}/resend"),
            &format!("{path}/deliveries/1/resend"),
            tok,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.delete(ENDPOINT, &path, tok).await.status,
        StatusCode::NO_CONTENT
    );
}
