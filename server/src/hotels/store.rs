//! SQL for cities, hotels, room types and the inventory the hotels service reads.
use std::collections::HashMap;

use app::model::{City, Policies};
use chrono::NaiveDate;
use sqlx::{Row, sqlite::SqliteRow};

use super::pricing::{NightState, Rates};
use crate::store::Db;

#[derive(Clone, Debug)]
pub struct HotelRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub city_slug: String,
    pub address: String,
    pub stars: u8,
    pub currency: String,
    pub time_zone: String,
    pub tagline: String,
    pub description: String,
    pub amenities: Vec<String>,
    pub policies: Policies,
    pub art: serde_json::Value,
}

#[derive(Clone, Debug)]
pub struct RoomTypeRow {
    pub id: i64,
    pub hotel_id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    pub size_m2: u32,
    pub amenities: Vec<String>,
    pub rates: Rates,
    pub art: serde_json::Value,
}

fn json<T: serde::de::DeserializeOwned + Default>(row: &SqliteRow, col: &str) -> T {
    serde_json::from_str(&row.get::<String, _>(col)).unwrap_or_default()
}

const HOTEL_COLS: &str = "id, slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, art";

fn hotel_from(row: &SqliteRow) -> Result<HotelRow, sqlx::Error> {
    let policies: String = row.get("policies");
    Ok(HotelRow {
        id: row.get("id"),
        slug: row.get("slug"),
        name: row.get("name"),
        city_slug: row.get("city_slug"),
        address: row.get("address"),
        stars: row.get::<i64, _>("stars") as u8,
        currency: row.get("currency"),
        time_zone: row.get("time_zone"),
        tagline: row.get("tagline"),
        description: row.get("description"),
        amenities: json(row, "amenities"),
        policies: serde_json::from_str(&policies).map_err(|e| sqlx::Error::Decode(Box::new(e)))?,
        art: json(row, "art"),
    })
}

fn room_type_from(row: &SqliteRow) -> RoomTypeRow {
    RoomTypeRow {
        id: row.get("id"),
        hotel_id: row.get("hotel_id"),
        slug: row.get("slug"),
        name: row.get("name"),
        description: row.get("description"),
        capacity: row.get::<i64, _>("capacity") as u32,
        beds: row.get("beds"),
        size_m2: row.get::<i64, _>("size_m2") as u32,
        amenities: json(row, "amenities"),
        rates: Rates {
            nightly_minor: row.get("nightly_rate_minor"),
            weekend_minor: row.get("weekend_rate_minor"),
            total_rooms: row.get("total_rooms"),
        },
        art: json(row, "art"),
    }
}

pub async fn cities(db: &Db) -> Result<Vec<City>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT slug, name, country, time_zone, blurb FROM cities c
         WHERE EXISTS (SELECT 1 FROM hotels h WHERE h.city_slug = c.slug AND h.published = 1)
         ORDER BY name",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .iter()
        .map(|r| City {
            slug: r.get("slug"),
            name: r.get("name"),
            country: r.get("country"),
            time_zone: r.get("time_zone"),
            blurb: r.get("blurb"),
        })
        .collect())
}

pub async fn published_hotels(
    db: &Db,
    city_slug: Option<&str>,
) -> Result<Vec<HotelRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {HOTEL_COLS} FROM hotels WHERE published = 1 AND (?1 IS NULL OR city_slug = ?1) ORDER BY name"
    );
    let rows = sqlx::query(&sql).bind(city_slug).fetch_all(db).await?;
    rows.iter().map(hotel_from).collect()
}

pub async fn hotel_by_slug(db: &Db, slug: &str) -> Result<Option<HotelRow>, sqlx::Error> {
    let sql = format!("SELECT {HOTEL_COLS} FROM hotels WHERE slug = ? AND published = 1");
    let row = sqlx::query(&sql).bind(slug).fetch_optional(db).await?;
    row.as_ref().map(hotel_from).transpose()
}

/// Room types on sale for the given hotels, in display order.
pub async fn room_types(db: &Db, hotel_ids: &[i64]) -> Result<Vec<RoomTypeRow>, sqlx::Error> {
    if hotel_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(hotel_ids).unwrap_or_default();
    let rows = sqlx::query(
        "SELECT * FROM room_types WHERE retired = 0 AND hotel_id IN (SELECT value FROM json_each(?))
         ORDER BY hotel_id, position, nightly_rate_minor",
    )
    .bind(ids)
    .fetch_all(db)
    .await?;
    Ok(rows.iter().map(room_type_from).collect())
}

pub type InventoryMap = HashMap<i64, HashMap<NaiveDate, NightState>>;

/// Inventory rows for the room types over `[from, to)`, keyed by room type then night.
pub async fn inventory(
    db: &Db,
    room_type_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<InventoryMap, sqlx::Error> {
    let mut map = InventoryMap::new();
    if room_type_ids.is_empty() {
        return Ok(map);
    }
    let ids = serde_json::to_string(room_type_ids).unwrap_or_default();
    let rows = sqlx::query(
        "SELECT room_type_id, night, allotment, sold, rate_minor, closed FROM inventory
         WHERE room_type_id IN (SELECT value FROM json_each(?)) AND night >= ? AND night < ?",
    )
    .bind(ids)
    .bind(from.to_string())
    .bind(to.to_string())
    .fetch_all(db)
    .await?;
    for r in rows {
        let Ok(night) = NaiveDate::parse_from_str(&r.get::<String, _>("night"), "%Y-%m-%d") else {
            continue;
        };
        map.entry(r.get("room_type_id")).or_default().insert(
            night,
            NightState {
                allotment: Some(r.get("allotment")),
                sold: r.get("sold"),
                rate_minor: r.get("rate_minor"),
                closed: r.get::<i64, _>("closed") != 0,
            },
        );
    }
    Ok(map)
}
