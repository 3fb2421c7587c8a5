//! Server functions that load the webhook pages: the endpoints an admin manages (every one, or
//! one hotel's), and one endpoint with its deliveries and, right after it was registered or
//! rotated, its secret (shown that once).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::*;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WebhooksPage {
    pub endpoints: Vec<WebhookEndpoint>,
    /// The hotels the register form offers.
    pub hotels: Vec<AdminHotelSummary>,
    /// The hotel of a hotel's page (slug, name); `None` on the page of every endpoint.
    pub hotel: Option<(String, String)>,
    /// Platform admins register platform-wide endpoints too.
    pub platform: bool,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct WebhookPage {
    pub endpoint: WebhookEndpoint,
    pub deliveries: Vec<WebhookDelivery>,
    /// The secret, on the answer to registering or rotating only.
    pub secret: Option<String>,
    pub flash: Flash,
}

/// The secret a form post just got from the API: the post renders the endpoint's page itself
/// with it (no redirect, no cookie), so it is shown once and kept nowhere.
#[derive(Clone, Debug)]
pub struct RevealedSecret {
    pub secret: String,
    pub notice: String,
}

#[cfg(feature = "ssr")]
use super::hotels_api::flash;

/// Every endpoint the admin manages, or (`hotel`: a slug) one hotel's.
#[server(prefix = "/_fn", endpoint = "admin-webhooks")]
pub async fn load_webhooks(hotel: Option<String>) -> Result<WebhooksPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let hotel = hotel.filter(|h| !h.is_empty());
    let endpoints =
        crate::ssr::or_status(client.webhook_endpoints(&caller, hotel.as_deref()).await)?;
    let hotels = client.admin_hotels(&caller).await?;
    let hotel = hotel.map(|slug| {
        let name = hotels
            .iter()
            .find(|h| h.slug == slug)
            .map(|h| h.name.clone());
        (slug.clone(), name.unwrap_or(slug))
    });
    Ok(WebhooksPage {
        endpoints,
        hotels,
        hotel,
        platform: caller.customer.role == Role::PlatformAdmin,
        flash: flash(),
    })
}

#[server(prefix = "/_fn", endpoint = "admin-webhook")]
pub async fn load_webhook(id: i64) -> Result<WebhookPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let found = crate::ssr::or_status(client.webhook_deliveries(&caller, id).await)?;
    let revealed = use_context::<RevealedSecret>();
    let flash = match &revealed {
        Some(r) => Flash::notice(&r.notice),
        None => flash(),
    };
    Ok(WebhookPage {
        endpoint: found.endpoint,
        deliveries: found.deliveries,
        secret: revealed.map(|r| r.secret),
        flash,
    })
}
