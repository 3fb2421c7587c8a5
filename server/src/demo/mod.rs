//! Demo hotels for a newcomer's first run: loaded into an empty database.
use anyhow::Context;
use serde::Deserialize;

use crate::store::Db;

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
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM hotels")
        .fetch_one(db)
        .await?;
    if existing > 0 {
        return Ok(0);
    }
    load(db).await
}

pub async fn load(db: &Db) -> anyhow::Result<usize> {
    let data = data()?;
    let mut tx = crate::store::begin_write(db).await?;
    for c in &data.cities {
        sqlx::query("INSERT INTO cities (slug, name, country, time_zone, blurb) VALUES (?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING")
            .bind(&c.slug)
            .bind(&c.name)
            .bind(&c.country)
            .bind(&c.time_zone)
            .bind(&c.blurb)
            .execute(&mut *tx)
            .await?;
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
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO hotels (slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, art)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING RETURNING id",
        )
        .bind(&h.slug)
        .bind(&h.name)
        .bind(&h.city)
        .bind(&h.address)
        .bind(i64::from(h.stars))
        .bind(&h.currency)
        .bind(&tz)
        .bind(&h.tagline)
        .bind(&h.description)
        .bind(serde_json::to_string(&h.amenities)?)
        .bind(serde_json::to_string(&h.policies)?)
        .bind(h.art.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { continue };
        added += 1;
        for (position, r) in h.room_types.iter().enumerate() {
            sqlx::query(
                "INSERT INTO room_types (hotel_id, slug, name, description, capacity, beds, size_m2, amenities,
                   nightly_rate_minor, weekend_rate_minor, total_rooms, art, position)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id)
            .bind(&r.slug)
            .bind(&r.name)
            .bind(&r.description)
            .bind(i64::from(r.capacity))
            .bind(&r.beds)
            .bind(i64::from(r.size_m2))
            .bind(serde_json::to_string(&r.amenities)?)
            .bind(r.nightly_rate_minor)
            .bind(r.weekend_rate_minor)
            .bind(r.total_rooms)
            .bind(r.art.to_string())
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(added)
}
