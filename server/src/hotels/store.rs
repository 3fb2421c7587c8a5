//! SQL for cities, hotels, room types and the inventory the hotels service reads.
use std::collections::HashMap;

use app::model::{City, Policies};
use chrono::NaiveDate;
use sqlx::types::Json;

use super::pricing::{NightState, Rates};
use crate::store::{Db, on_db};

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HotelRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub city_slug: String,
    pub address: String,
    #[sqlx(try_from = "i32")]
    pub stars: u8,
    pub currency: String,
    pub time_zone: String,
    pub tagline: String,
    pub description: String,
    #[sqlx(json)]
    pub amenities: Vec<String>,
    #[sqlx(json)]
    pub policies: Policies,
    #[sqlx(json)]
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

#[derive(sqlx::FromRow)]
struct RoomTypeDb {
    id: i64,
    hotel_id: i64,
    slug: String,
    name: String,
    description: String,
    capacity: i32,
    beds: String,
    size_m2: i32,
    amenities: Json<Vec<String>>,
    nightly_rate_minor: i64,
    weekend_rate_minor: i64,
    total_rooms: i32,
    art: Json<serde_json::Value>,
}

impl From<RoomTypeDb> for RoomTypeRow {
    fn from(r: RoomTypeDb) -> Self {
        RoomTypeRow {
            id: r.id,
            hotel_id: r.hotel_id,
            slug: r.slug,
            name: r.name,
            description: r.description,
            capacity: r.capacity.max(0) as u32,
            beds: r.beds,
            size_m2: r.size_m2.max(0) as u32,
            amenities: r.amenities.0,
            rates: Rates {
                nightly_minor: r.nightly_rate_minor,
                weekend_minor: r.weekend_rate_minor,
                total_rooms: i64::from(r.total_rooms),
            },
            art: r.art.0,
        }
    }
}

#[derive(sqlx::FromRow)]
struct CityRow {
    slug: String,
    name: String,
    country: String,
    time_zone: String,
    blurb: String,
}

const HOTEL_COLS: &str = "id, slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, art";
const ROOM_COLS: &str = "id, hotel_id, slug, name, description, capacity, beds, size_m2, amenities, nightly_rate_minor, weekend_rate_minor, total_rooms, art";

pub async fn cities(db: &Db) -> Result<Vec<City>, sqlx::Error> {
    let sql = "SELECT slug, name, country, time_zone, blurb FROM cities c
               WHERE EXISTS (SELECT 1 FROM hotels h WHERE h.city_slug = c.slug AND h.published)
               ORDER BY name";
    let rows: Vec<CityRow> = on_db!(db, |p| sqlx::query_as(sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|r| City {
            slug: r.slug,
            name: r.name,
            country: r.country,
            time_zone: r.time_zone,
            blurb: r.blurb,
        })
        .collect())
}

pub async fn published_hotels(
    db: &Db,
    city_slug: Option<&str>,
) -> Result<Vec<HotelRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {HOTEL_COLS} FROM hotels WHERE published AND ($1::text IS NULL OR city_slug = $1) ORDER BY name"
    );
    match db {
        // SQLite has no `::` casts; its parameters need none.
        Db::Sqlite(p) => {
            sqlx::query_as(&sql.replace("$1::text", "$1"))
                .bind(city_slug)
                .fetch_all(p)
                .await
        }
        Db::Postgres(p) => sqlx::query_as(&sql).bind(city_slug).fetch_all(p).await,
    }
}

pub async fn hotel_by_slug(db: &Db, slug: &str) -> Result<Option<HotelRow>, sqlx::Error> {
    let sql = format!("SELECT {HOTEL_COLS} FROM hotels WHERE slug = $1 AND published");
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)
}

/// Room types on sale for the given hotels, in display order.
pub async fn room_types(db: &Db, hotel_ids: &[i64]) -> Result<Vec<RoomTypeRow>, sqlx::Error> {
    if hotel_ids.is_empty() {
        return Ok(Vec::new());
    }
    let order = "ORDER BY hotel_id, position, nightly_rate_minor";
    let rows: Vec<RoomTypeDb> = match db {
        Db::Sqlite(p) => {
            let sql = format!(
                "SELECT {ROOM_COLS} FROM room_types WHERE NOT retired AND hotel_id IN (SELECT value FROM json_each($1)) {order}"
            );
            sqlx::query_as(&sql)
                .bind(serde_json::to_string(hotel_ids).unwrap_or_default())
                .fetch_all(p)
                .await?
        }
        Db::Postgres(p) => {
            let sql = format!(
                "SELECT {ROOM_COLS} FROM room_types WHERE NOT retired AND hotel_id = ANY($1) {order}"
            );
            sqlx::query_as(&sql).bind(hotel_ids).fetch_all(p).await?
        }
    };
    Ok(rows.into_iter().map(RoomTypeRow::from).collect())
}

pub type InventoryMap = HashMap<i64, HashMap<NaiveDate, NightState>>;

#[derive(sqlx::FromRow)]
pub struct InventoryRow {
    pub room_type_id: i64,
    pub night: NaiveDate,
    pub allotment: i32,
    pub sold: i32,
    pub rate_minor: Option<i64>,
    pub closed: bool,
}

impl InventoryRow {
    pub fn state(&self) -> NightState {
        NightState {
            allotment: Some(i64::from(self.allotment)),
            sold: i64::from(self.sold),
            rate_minor: self.rate_minor,
            closed: self.closed,
        }
    }
}

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
    let cols = "room_type_id, night, allotment, sold, rate_minor, closed";
    let rows: Vec<InventoryRow> = match db {
        Db::Sqlite(p) => {
            let sql = format!(
                "SELECT {cols} FROM inventory WHERE room_type_id IN (SELECT value FROM json_each($1)) AND night >= $2 AND night < $3"
            );
            let ids = serde_json::to_string(room_type_ids).unwrap_or_default();
            sqlx::query_as(&sql)
                .bind(ids)
                .bind(from)
                .bind(to)
                .fetch_all(p)
                .await?
        }
        Db::Postgres(p) => {
            let sql = format!(
                "SELECT {cols} FROM inventory WHERE room_type_id = ANY($1) AND night >= $2 AND night < $3"
            );
            sqlx::query_as(&sql)
                .bind(room_type_ids)
                .bind(from)
                .bind(to)
                .fetch_all(p)
                .await?
        }
    };
    for r in rows {
        map.entry(r.room_type_id)
            .or_default()
            .insert(r.night, r.state());
    }
    Ok(map)
}
