//! SQL for `webhook_endpoints` on both databases: registering, listing, changing, rotating the
//! secret and deleting endpoints. The secret is written here and read only by the delivery
//! claim (`delivery_store`): no read of this file returns it.
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::store::{At, Conn, Db, Ids, Span, Tx, any_of, db_now, db_now_plus, on_conn, on_tx};

/// An endpoint as stored, without its secret.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct EndpointRow {
    pub id: i64,
    pub hotel_id: Option<i64>,
    pub url: String,
    pub description: String,
    /// JSON array of CloudEvent types; read with [`EndpointRow::types`].
    pub event_types: String,
    pub enabled: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    /// Until when the previous secret still signs, while that is in the future.
    pub previous_secret_until: Option<DateTime<Utc>>,
    pub pending: i64,
    pub failed: i64,
}

impl EndpointRow {
    pub fn types(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types).unwrap_or_default()
    }
}

fn select(sqlite: bool) -> String {
    let now = db_now(sqlite);
    format!(
        "SELECT e.id, e.hotel_id, e.url, e.description, e.event_types, e.enabled, e.created_by,
                e.created_at,
                CASE WHEN e.previous_secret_until > {now} THEN e.previous_secret_until END
                    AS previous_secret_until,
                (SELECT COUNT(*) FROM webhook_deliveries d
                  WHERE d.endpoint_id = e.id AND d.status = 'pending') AS pending,
                (SELECT COUNT(*) FROM webhook_deliveries d
                  WHERE d.endpoint_id = e.id AND d.status = 'failed') AS failed
           FROM webhook_endpoints e"
    )
}

/// What an endpoint is given when registered or changed.
pub struct Fields<'a> {
    pub url: &'a str,
    pub description: &'a str,
    pub event_types: &'a [String],
    pub enabled: bool,
}

fn types_json(types: &[String]) -> String {
    serde_json::to_string(types).unwrap_or_else(|_| "[]".into())
}

/// Registers an endpoint of `hotel_id` (`None`: platform-wide) signing with `secret`.
pub async fn insert(
    tx: &mut Tx,
    hotel_id: Option<i64>,
    fields: &Fields<'_>,
    secret: &str,
    created_by: &str,
    now: DateTime<Utc>,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO webhook_endpoints
                   (hotel_id, url, description, event_types, enabled, secret, created_by, created_at, updated_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
    on_tx!(tx, |c| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .bind(fields.url)
        .bind(fields.description)
        .bind(types_json(fields.event_types))
        .bind(fields.enabled)
        .bind(secret)
        .bind(created_by)
        .bind(At(now))
        .fetch_one(c)
        .await)
}

/// One endpoint, read inside `conn`.
pub async fn get(conn: Conn<'_>, id: i64) -> Result<Option<EndpointRow>, sqlx::Error> {
    let sql = format!("{} WHERE e.id = $1", select(conn.is_sqlite()));
    on_conn!(conn, |c| sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(c)
        .await)
}

/// The endpoints of these hotels (`None`: every endpoint), with the platform-wide ones when
/// `platform_wide`; oldest first.
pub async fn list(
    db: &Db,
    hotel_ids: Option<&[i64]>,
    platform_wide: bool,
) -> Result<Vec<EndpointRow>, sqlx::Error> {
    let sqlite = db.is_sqlite();
    let only = match hotel_ids {
        None => "TRUE".to_owned(),
        Some(_) => format!(
            "({} OR ($2 AND e.hotel_id IS NULL))",
            any_of(sqlite, "e.hotel_id", "$1")
        ),
    };
    let sql = format!("{} WHERE {only} ORDER BY e.id", select(sqlite));
    let ids = Ids(hotel_ids.unwrap_or_default());
    crate::store::on_db!(db, |p| {
        let q = sqlx::query_as(&sql);
        let q = if hotel_ids.is_some() {
            q.bind(ids).bind(platform_wide)
        } else {
            q
        };
        q.fetch_all(p).await
    })
}

pub async fn update(
    tx: &mut Tx,
    id: i64,
    fields: &Fields<'_>,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE webhook_endpoints
                  SET url = $2, description = $3, event_types = $4, enabled = $5, updated_at = $6
                WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(fields.url)
        .bind(fields.description)
        .bind(types_json(fields.event_types))
        .bind(fields.enabled)
        .bind(At(now))
        .execute(c)
        .await
        .map(|_| ()))
}

/// Signs with `secret` from now on, and with the secret it replaces for `grace` more (by the
/// database's clock, which the delivery claim reads it by).
pub async fn rotate(
    tx: &mut Tx,
    id: i64,
    secret: &str,
    grace: Duration,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let until = db_now_plus(matches!(tx, Tx::Sqlite(_)), "$3");
    let sql = format!(
        "UPDATE webhook_endpoints
            SET previous_secret = secret, previous_secret_until = {until}, secret = $2, updated_at = $4
          WHERE id = $1"
    );
    on_tx!(tx, |c| sqlx::query(&sql)
        .bind(id)
        .bind(secret)
        .bind(Span(grace))
        .bind(At(now))
        .execute(c)
        .await
        .map(|_| ()))
}

/// Deletes the endpoint with its deliveries and their attempts; false when there was none.
pub async fn delete(tx: &mut Tx, id: i64) -> Result<bool, sqlx::Error> {
    // Children first: SQLite enforces the cascade only with foreign keys on, which every pool
    // sets, but the order keeps this independent of it.
    let attempts = "DELETE FROM webhook_attempts WHERE delivery_id IN
                        (SELECT id FROM webhook_deliveries WHERE endpoint_id = $1)";
    let deliveries = "DELETE FROM webhook_deliveries WHERE endpoint_id = $1";
    let endpoint = "DELETE FROM webhook_endpoints WHERE id = $1";
    on_tx!(tx, |c| {
        sqlx::query(attempts).bind(id).execute(&mut *c).await?;
        sqlx::query(deliveries).bind(id).execute(&mut *c).await?;
        sqlx::query(endpoint)
            .bind(id)
            .execute(&mut *c)
            .await
            .map(|r| r.rows_affected() > 0)
    })
}

/// The enabled endpoints that get `hotel_id`'s events (its own and the platform-wide ones)
/// and their subscribed types, read in the transaction that writes the event.
pub async fn subscribed(tx: &mut Tx, hotel_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let sql = "SELECT id, event_types FROM webhook_endpoints
                WHERE enabled AND (hotel_id = $1 OR hotel_id IS NULL) ORDER BY id";
    on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(c)
        .await)
}
