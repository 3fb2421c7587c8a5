//! Demo hotels for a newcomer's first run: loaded into an empty database.
use anyhow::Context;
use serde::Deserialize;

use sqlx::types::Json;

use crate::store::{Db, on_db, on_tx};

const HOTELS_JSON: &str = include_str!("hotels.json");

#[derive(Deserialize)]
pub struct DemoData {
    pub cities: Vec<DemoCity>,
    pub hotels: Vec<DemoHotel>,
}

#[derive(Deserialize)]
pub struct DemoCity {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub blurb: String,
}

#[derive(Deserialize)]
pub struct DemoHotel {
    pub slug: String,
    pub name: String,
    pub city: String,
    pub address: String,
    pub stars: u8,
    pub currency: String,
    pub tagline: String,
    pub description: String,
    pub amenities: Vec<String>,
    pub policies: app::model::Policies,
    pub art: serde_json::Value,
    pub room_types: Vec<DemoRoomType>,
}

#[derive(Deserialize)]
pub struct DemoRoomType {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    pub size_m2: u32,
    pub amenities: Vec<String>,
    pub nightly_rate_minor: i64,
    pub weekend_rate_minor: i64,
    pub total_rooms: i64,
    pub art: serde_json::Value,
}

pub fn data() -> anyhow::Result<DemoData> {
    serde_json::from_str(HOTELS_JSON).context("the bundled demo data is not valid")
}

/// Loads the demo hotels when there are no hotels yet; returns how many were added.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<usize> {
    let existing: i64 = on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM hotels")
        .fetch_one(p)
        .await)?;
    if existing > 0 {
        return Ok(0);
    }
    load(db).await
}

pub async fn load(db: &Db) -> anyhow::Result<usize> {
    let data = data()?;
    let mut tx = crate::store::begin_write(db).await?;
    for c in &data.cities {
        let sql = "INSERT INTO cities (slug, name, country, time_zone, blurb) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
        on_tx!(&mut tx, |conn| sqlx::query(sql)
            .bind(&c.slug)
            .bind(&c.name)
            .bind(&c.country)
            .bind(&c.time_zone)
            .bind(&c.blurb)
            .execute(conn)
            .await
            .map(|r| r.rows_affected()))?;
    }
    let mut added = 0;
    for h in &data.hotels {
        let tz = data
            .cities
            .iter()
            .find(|c| c.slug == h.city)
            .map(|c| c.time_zone.clone());
        let tz =
            tz.with_context(|| format!("hotel {} names an unknown city {}", h.slug, h.city))?;
        let sql = "INSERT INTO hotels (slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, art)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO NOTHING RETURNING id";
        let id: Option<i64> = on_tx!(&mut tx, |conn| sqlx::query_scalar(sql)
            .bind(&h.slug)
            .bind(&h.name)
            .bind(&h.city)
            .bind(&h.address)
            .bind(i32::from(h.stars))
            .bind(&h.currency)
            .bind(&tz)
            .bind(&h.tagline)
            .bind(&h.description)
            .bind(Json(&h.amenities))
            .bind(Json(&h.policies))
            .bind(Json(&h.art))
            .fetch_optional(conn)
            .await)?;
        let Some(id) = id else { continue };
        added += 1;
        for (position, r) in h.room_types.iter().enumerate() {
            let sql = "INSERT INTO room_types (hotel_id, slug, name, description, capacity, beds, size_m2, amenities,
                         nightly_rate_minor, weekend_rate_minor, total_rooms, art, position)
                       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)";
            on_tx!(&mut tx, |conn| sqlx::query(sql)
                .bind(id)
                .bind(&r.slug)
                .bind(&r.name)
                .bind(&r.description)
                .bind(r.capacity as i32)
                .bind(&r.beds)
                .bind(r.size_m2 as i32)
                .bind(Json(&r.amenities))
                .bind(r.nightly_rate_minor)
                .bind(r.weekend_rate_minor)
                .bind(r.total_rooms as i32)
                .bind(Json(&r.art))
                .bind(position as i32)
                .execute(conn)
                .await
                .map(|r| r.rows_affected()))?;
        }
    }
    tx.commit().await?;
    admins(db).await?;
    Ok(added)
}

/// The demo admins' shared password: printed on purpose, for a local demo only.
pub const ADMIN_PASSWORD: &str = "vision-stays-demo";
pub const PLATFORM_ADMIN: &str = "admin@visionstays.test";
pub const HOTEL_ADMIN: &str = "manager@casa-do-tejo.test";
pub const HOTEL_ADMIN_HOTEL: &str = "casa-do-tejo";

/// A platform admin and a hotel admin of Casa do Tejo (also its alert recipient), with their
/// sign-in printed to the log.
async fn admins(db: &Db) -> anyhow::Result<()> {
    use crate::customers::admins::create;
    use app::model::Role;
    let fail = |e: app::model::AppError| anyhow::anyhow!("cannot create the demo admins: {e}");
    create(
        db,
        PLATFORM_ADMIN,
        "Platform Admin",
        ADMIN_PASSWORD,
        Role::PlatformAdmin,
        None,
    )
    .await
    .map_err(fail)?;
    create(
        db,
        HOTEL_ADMIN,
        "Marta Duarte",
        ADMIN_PASSWORD,
        Role::HotelAdmin,
        Some(HOTEL_ADMIN_HOTEL),
    )
    .await
    .map_err(fail)?;
    tracing::info!(
        "demo sign-in at /admin: platform admin {PLATFORM_ADMIN}, hotel admin of Casa do Tejo {HOTEL_ADMIN}; password {ADMIN_PASSWORD}"
    );
    Ok(())
}
