//! The admin's operations on webhook endpoints: register, change, rotate the secret, delete,
//! and read each endpoint's deliveries (resending a failed one).
use serde::Serialize;

use super::{Caller, Client};
use crate::endpoints as ep;
use crate::model::*;

impl Client {
    /// The endpoints the caller manages: one hotel's (`hotel`), or all of them (with the
    /// platform-wide ones for a platform admin).
    pub async fn webhook_endpoints(
        &self,
        c: &Caller,
        hotel: Option<&str>,
    ) -> Result<Vec<WebhookEndpoint>, AppError> {
        #[derive(Serialize)]
        struct Query<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            hotel: Option<&'a str>,
        }
        let call = self.call(ep::WEBHOOK_ENDPOINTS, &[]).caller(c);
        call.query(&Query { hotel }).send().await
    }
    pub async fn create_webhook_endpoint(
        &self,
        c: &Caller,
        input: &NewWebhookEndpoint,
    ) -> Result<WebhookEndpointWithSecret, AppError> {
        let call = self.call(ep::CREATE_WEBHOOK_ENDPOINT, &[]).caller(c);
        call.json(input).send().await
    }
    pub async fn update_webhook_endpoint(
        &self,
        c: &Caller,
        id: i64,
        change: &WebhookEndpointUpdate,
    ) -> Result<WebhookEndpoint, AppError> {
        let id = id.to_string();
        let call = self.call(ep::UPDATE_WEBHOOK_ENDPOINT, &[&id]).caller(c);
        call.json(change).send().await
    }
    pub async fn delete_webhook_endpoint(&self, c: &Caller, id: i64) -> Result<(), AppError> {
        let id = id.to_string();
        let call = self.call(ep::DELETE_WEBHOOK_ENDPOINT, &[&id]).caller(c);
        call.send_empty().await
    }
    pub async fn rotate_webhook_secret(
        &self,
        c: &Caller,
        id: i64,
    ) -> Result<WebhookEndpointWithSecret, AppError> {
        let id = id.to_string();
        let call = self.call(ep::ROTATE_WEBHOOK_SECRET, &[&id]).caller(c);
        call.send().await
    }
    pub async fn webhook_deliveries(
        &self,
        c: &Caller,
        id: i64,
    ) -> Result<WebhookDeliveries, AppError> {
        let id = id.to_string();
        let call = self.call(ep::WEBHOOK_DELIVERIES, &[&id]).caller(c);
        call.send().await
    }
    pub async fn resend_webhook_delivery(
        &self,
        c: &Caller,
        id: i64,
        delivery: i64,
    ) -> Result<(), AppError> {
        let (id, delivery) = (id.to_string(), delivery.to_string());
        let call = self.call(ep::RESEND_WEBHOOK_DELIVERY, &[&id, &delivery]);
        call.caller(c).send_empty().await
    }
}
