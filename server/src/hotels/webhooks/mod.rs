//! Webhook endpoints as hotel admins and platform admins manage them: a hotel's endpoints get
//! that hotel's booking events, platform-wide ones (platform admins only) every hotel's. The
//! URL is checked against the address policy when registered (and again by the deliverer before
//! every try); the secret is made here and shown once, when registered and when rotated.
pub mod api;

use std::collections::HashMap;

use app::model::{
    FieldErrors, NewWebhookEndpoint, WebhookDeliveries, WebhookEndpoint, WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
};

use super::scope::{Admin, Scope};
use super::store as hotels_store;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::outbox::events::EventType;
use crate::outbox::webhooks::endpoint_store::{self, EndpointRow, Fields};
use crate::outbox::webhooks::{Policy, Secret, address, delivery_store, sealing};
use crate::state::App;
use crate::store::{Conn, Db, begin_write, db_fail, retrying};

/// Longest description kept.
pub const MAX_DESCRIPTION: usize = 500;
/// Deliveries listed per endpoint (the newest).
pub const DELIVERIES_LISTED: i64 = 50;

/// The endpoints the admin manages: one hotel's (`hotel`: its slug), or every one in their
/// scope (a platform admin's include the platform-wide ones).
pub async fn list(db: &Db, admin: &Admin, hotel: Option<&str>) -> Result<Vec<WebhookEndpoint>> {
    let rows = match (hotel, &admin.scope) {
        (Some(slug), _) => {
            let (h, _) = admin.hotel(db, slug).await?;
            endpoint_store::list(db, Some(&[h.id]), false).await
        }
        (None, Scope::All) => endpoint_store::list(db, None, true).await,
        (None, Scope::Hotels(ids)) => endpoint_store::list(db, Some(ids), false).await,
    }
    .map_err(internal("cannot read webhook endpoints"))?;
    shown(db, rows).await
}

/// Rows as the API shows them, with their hotels' slugs and names.
async fn shown(db: &Db, rows: Vec<EndpointRow>) -> Result<Vec<WebhookEndpoint>> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|r| r.hotel_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let labels = hotels_store::labels(Conn::Pool(db), &ids, &[])
        .await
        .map_err(internal("cannot read hotels"))?;
    let names: HashMap<i64, (String, String)> = labels
        .hotels
        .into_values()
        .map(|h| (h.id, (h.slug, h.name)))
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| {
            let hotel = r.hotel_id.and_then(|id| names.get(&id).cloned());
            WebhookEndpoint {
                id: r.id,
                event_types: r.types(),
                hotel: hotel.as_ref().map(|h| h.0.clone()),
                hotel_name: hotel.map(|h| h.1),
                url: r.url,
                description: r.description,
                enabled: r.enabled,
                created_by: r.created_by,
                created_at: r.created_at,
                previous_secret_until: r.previous_secret_until,
                pending: r.pending,
                failed: r.failed,
            }
        })
        .collect())
}

async fn one(db: &Db, row: EndpointRow) -> Result<WebhookEndpoint> {
    shown(db, vec![row])
        .await?
        .pop()
        .ok_or(Error::NotFound(Thing::WebhookEndpoint))
}

/// The endpoint when the admin manages it; 404 otherwise, whether it exists or not.
async fn find(db: &Db, admin: &Admin, id: i64) -> Result<EndpointRow> {
    let row = endpoint_store::get(Conn::Pool(db), id)
        .await
        .map_err(internal("cannot read webhook endpoint"))?;
    row.filter(|r| match r.hotel_id {
        Some(h) => admin.scope.allows(h),
        None => admin.scope == Scope::All,
    })
    .ok_or(Error::NotFound(Thing::WebhookEndpoint))
}

pub async fn get(db: &Db, admin: &Admin, id: i64) -> Result<WebhookEndpoint> {
    one(db, find(db, admin, id).await?).await
}

/// A URL that passes the address policy, or the `url` field's error.
async fn checked_url(text: &str, policy: &Policy, errors: &mut FieldErrors) -> String {
    let checked = match address::parse(text, policy.allow_private) {
        Ok(url) => address::resolve(&url, policy.allow_private).await,
        Err(e) => Err(e),
    };
    match checked {
        Ok(c) => c.url.to_string(),
        Err(e) => {
            errors.add("url", &e);
            String::new()
        }
    }
}

/// The subscribed types, each known, without repeats, or the `event_types` field's error.
fn checked_types(types: &[String], errors: &mut FieldErrors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in types {
        // Either spelling (`booking.created` or the CloudEvent type); the CloudEvent type is
        // kept, as receivers see it in `type`.
        match EventType::parse(t.trim()).map(EventType::cloud_type) {
            Some(t) if !out.iter().any(|o| o == t) => out.push(t.to_owned()),
            Some(_) => {}
            None => {
                let known: Vec<&str> = EventType::ALL.iter().map(|t| t.cloud_type()).collect();
                errors.add(
                    "event_types",
                    &format!("Unknown event type {t:?}: use {}.", known.join(", ")),
                );
            }
        }
    }
    if out.is_empty() {
        errors.add("event_types", "Choose at least one event type.");
    }
    out
}

fn checked_description(text: &str, errors: &mut FieldErrors) -> String {
    let text = text.trim();
    if text.chars().count() > MAX_DESCRIPTION {
        errors.add(
            "description",
            &format!("Keep the description to {MAX_DESCRIPTION} characters."),
        );
    }
    text.to_owned()
}

/// Registers an endpoint and shows its new secret, once.
pub async fn create(
    app: &App,
    admin: &Admin,
    input: NewWebhookEndpoint,
) -> Result<WebhookEndpointWithSecret> {
    let hotel_id = match input.hotel.as_deref().map(str::trim) {
        Some(slug) if !slug.is_empty() => Some(admin.hotel(&app.db, slug).await?.0.id),
        _ => {
            admin.platform()?;
            None
        }
    };
    let mut errors = FieldErrors::default();
    let url = checked_url(&input.url, &app.webhooks, &mut errors).await;
    let description = checked_description(&input.description, &mut errors);
    let types = checked_types(&input.event_types, &mut errors);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let secret = Secret::generate();
    let fields = Fields {
        url: &url,
        description: &description,
        event_types: &types,
        enabled: input.enabled,
    };
    let fail = "cannot register webhook endpoint";
    let id = retrying(|| async {
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        let by = &admin.customer.email;
        let id = endpoint_store::insert(
            &mut tx,
            hotel_id,
            &fields,
            &sealing::seal(app.webhooks.sealing.as_deref(), &secret.expose()),
            by,
            app.clock.now(),
        )
        .await
        .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))?;
        Ok(id)
    })
    .await?;
    tracing::info!(
        endpoint = id,
        hotel_id,
        by = admin.customer.id,
        "webhook endpoint registered"
    );
    Ok(WebhookEndpointWithSecret {
        endpoint: get(&app.db, admin, id).await?,
        secret: secret.expose(),
    })
}

/// Changes what the update names; a new URL is checked as a new endpoint's is.
pub async fn update(
    app: &App,
    admin: &Admin,
    id: i64,
    change: WebhookEndpointUpdate,
) -> Result<WebhookEndpoint> {
    let row = find(&app.db, admin, id).await?;
    let mut errors = FieldErrors::default();
    let url = match &change.url {
        Some(u) if u.trim() != row.url => checked_url(u, &app.webhooks, &mut errors).await,
        _ => row.url.clone(),
    };
    let description = match &change.description {
        Some(d) => checked_description(d, &mut errors),
        None => row.description.clone(),
    };
    let types = match &change.event_types {
        Some(t) => checked_types(t, &mut errors),
        None => row.types(),
    };
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    let fields = Fields {
        url: &url,
        description: &description,
        event_types: &types,
        enabled: change.enabled.unwrap_or(row.enabled),
    };
    let fail = "cannot change webhook endpoint";
    retrying(|| async {
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        endpoint_store::update(&mut tx, id, &fields, app.clock.now())
            .await
            .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    if fields.enabled && !row.enabled {
        // Its waiting deliveries are due again.
        app.outbox.wake();
    }
    tracing::info!(
        endpoint = id,
        enabled = fields.enabled,
        by = admin.customer.id,
        "webhook endpoint changed"
    );
    get(&app.db, admin, id).await
}

/// Deletes the endpoint, its deliveries (pending ones are never sent) and their attempts.
pub async fn delete(db: &Db, admin: &Admin, id: i64) -> Result<()> {
    find(db, admin, id).await?;
    let fail = "cannot delete webhook endpoint";
    retrying(|| async {
        let mut tx = begin_write(db).await.map_err(db_fail(fail))?;
        endpoint_store::delete(&mut tx, id)
            .await
            .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    tracing::info!(
        endpoint = id,
        by = admin.customer.id,
        "webhook endpoint deleted"
    );
    Ok(())
}

/// A new secret, shown once; the old one keeps signing beside it for the grace period.
pub async fn rotate(app: &App, admin: &Admin, id: i64) -> Result<WebhookEndpointWithSecret> {
    find(&app.db, admin, id).await?;
    let secret = Secret::generate();
    let fail = "cannot rotate webhook secret";
    retrying(|| async {
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        let grace = app.webhooks.rotation_grace;
        let stored = sealing::seal(app.webhooks.sealing.as_deref(), &secret.expose());
        endpoint_store::rotate(&mut tx, id, &stored, grace, app.clock.now())
            .await
            .map_err(db_fail(fail))?;
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    tracing::info!(
        endpoint = id,
        by = admin.customer.id,
        "webhook secret rotated"
    );
    Ok(WebhookEndpointWithSecret {
        endpoint: get(&app.db, admin, id).await?,
        secret: secret.expose(),
    })
}

/// The endpoint's newest deliveries with their tries.
pub async fn deliveries(db: &Db, admin: &Admin, id: i64) -> Result<WebhookDeliveries> {
    let endpoint = get(db, admin, id).await?;
    let deliveries = delivery_store::list(db, id, DELIVERIES_LISTED)
        .await
        .map_err(internal("cannot read webhook deliveries"))?;
    Ok(WebhookDeliveries {
        endpoint,
        deliveries,
    })
}

/// Tries a failed delivery again, with a fresh round of tries.
pub async fn resend(app: &App, admin: &Admin, id: i64, delivery: i64) -> Result<()> {
    find(&app.db, admin, id).await?;
    let fail = "cannot resend webhook delivery";
    retrying(|| async {
        let mut tx = begin_write(&app.db).await.map_err(db_fail(fail))?;
        match delivery_store::resend(&mut tx, id, delivery)
            .await
            .map_err(db_fail(fail))?
        {
            None => return Err(Error::NotFound(Thing::WebhookDelivery).into()),
            Some(false) => return Err(Rule::DeliveryNotFailed.into()),
            Some(true) => {}
        }
        tx.commit().await.map_err(db_fail(fail))
    })
    .await?;
    app.outbox.wake();
    tracing::info!(
        endpoint = id,
        delivery,
        by = admin.customer.id,
        "webhook delivery resent"
    );
    Ok(())
}
