//! SQL that loads the demo hotels: cities, hotels (published, with artwork) and room types.
use app::model::Policies;
use sqlx::types::Json;

use crate::store::{Tx, on_tx};

pub struct SeedCity<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub country: &'a str,
    pub time_zone: &'a str,
    pub blurb: &'a str,
}

pub struct SeedHotel<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub city_slug: &'a str,
    pub address: &'a str,
    pub stars: u8,
    pub currency: &'a str,
    pub time_zone: &'a str,
    pub tagline: &'a str,
    pub description: &'a str,
    pub amenities: &'a [String],
    pub policies: &'a Policies,
    pub art: &'a serde_json::Value,
}

pub struct SeedRoomType<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub capacity: u32,
    pub beds: &'a str,
    pub size_m2: u32,
    pub amenities: &'a [String],
    pub nightly_rate_minor: i64,
    pub weekend_rate_minor: i64,
    pub total_rooms: i64,
    pub art: &'a serde_json::Value,
}

pub async fn city(tx: &mut Tx, c: &SeedCity<'_>) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO cities (slug, name, country, time_zone, blurb) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";
    on_tx!(tx, |conn| sqlx::query(sql)
        .bind(c.slug)
        .bind(c.name)
        .bind(c.country)
        .bind(c.time_zone)
        .bind(c.blurb)
        .execute(conn)
        .await
        .map(|_| ()))
}

/// Inserts a published hotel; `None` when its slug is taken (it was loaded before).
pub async fn hotel(tx: &mut Tx, h: &SeedHotel<'_>) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO hotels (slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, art)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (slug) DO NOTHING RETURNING id";
    on_tx!(tx, |conn| sqlx::query_scalar(sql)
        .bind(h.slug)
        .bind(h.name)
        .bind(h.city_slug)
        .bind(h.address)
        .bind(i32::from(h.stars))
        .bind(h.currency)
        .bind(h.time_zone)
        .bind(h.tagline)
        .bind(h.description)
        .bind(Json(h.amenities))
        .bind(Json(h.policies))
        .bind(Json(h.art))
        .fetch_optional(conn)
        .await)
}

/// Inserts a room type of a hotel just inserted; its id.
pub async fn room_type(
    tx: &mut Tx,
    hotel_id: i64,
    position: usize,
    r: &SeedRoomType<'_>,
) -> Result<i64, sqlx::Error> {
    let sql = "INSERT INTO room_types (hotel_id, slug, name, description, capacity, beds, size_m2, amenities,
                 nightly_rate_minor, weekend_rate_minor, total_rooms, art, position)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
    on_tx!(tx, |conn| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .bind(r.slug)
        .bind(r.name)
        .bind(r.description)
        .bind(r.capacity as i32)
        .bind(r.beds)
        .bind(r.size_m2 as i32)
        .bind(Json(r.amenities))
        .bind(r.nightly_rate_minor)
        .bind(r.weekend_rate_minor)
        .bind(r.total_rooms as i32)
        .bind(Json(r.art))
        .bind(position as i32)
        .fetch_one(conn)
        .await)
}
