//! SQL for what guests and other services read of cities, hotels and room types.
use std::collections::HashMap;

use app::model::{City, Policies};
use sqlx::types::Json;

use super::pricing::Rates;
use crate::store::{Conn, Db, Ids, any_of, on_conn, on_db};

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

/// Every published hotel, by name (the catalog filters by city and slug in memory).
pub async fn published_hotels(db: &Db) -> Result<Vec<HotelRow>, sqlx::Error> {
    let sql = format!("SELECT {HOTEL_COLS} FROM hotels WHERE published ORDER BY name");
    on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)
}

/// A hotel by slug whether published or not, with its published flag.
pub async fn any_hotel(db: &Db, slug: &str) -> Result<Option<(HotelRow, bool)>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        hotel: HotelRow,
        published: bool,
    }
    let sql = format!("SELECT {HOTEL_COLS}, published FROM hotels WHERE slug = $1");
    let row: Option<Row> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?;
    Ok(row.map(|r| (r.hotel, r.published)))
}

/// The catalog's version: it moves with every change to cities, hotels and room types (a
/// trigger on each), committed with the change.
pub async fn catalog_version(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, |p| sqlx::query_scalar(
        "SELECT n FROM catalog_version WHERE id = 1"
    )
    .fetch_one(p)
    .await)
}

/// How many hotels there are, published or not.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    on_db!(db, |p| sqlx::query_scalar("SELECT COUNT(*) FROM hotels")
        .fetch_one(p)
        .await)
}

/// Room types on sale for the given hotels, in display order.
pub async fn room_types(db: &Db, hotel_ids: &[i64]) -> Result<Vec<RoomTypeRow>, sqlx::Error> {
    if hotel_ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT {ROOM_COLS} FROM room_types WHERE NOT retired AND {} ORDER BY hotel_id, position, nightly_rate_minor",
        any_of(db.is_sqlite(), "hotel_id", "$1")
    );
    let rows: Vec<RoomTypeDb> = on_db!(db, |p| sqlx::query_as(&sql)
        .bind(Ids(hotel_ids))
        .fetch_all(p)
        .await)?;
    Ok(rows.into_iter().map(RoomTypeRow::from).collect())
}

/// What a booking shows of its hotel.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct HotelLabel {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub address: String,
    pub time_zone: String,
    pub currency: String,
    pub city_name: String,
    #[sqlx(json)]
    pub policies: Policies,
}

/// What a booking shows of its room type.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct RoomLabel {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

/// The hotels and room types that bookings refer to, by id.
#[derive(Clone, Debug, Default)]
pub struct Labels {
    pub hotels: HashMap<i64, HotelLabel>,
    pub rooms: HashMap<i64, RoomLabel>,
}

/// The labels of these hotels and room types (retired or unpublished ones too).
pub async fn labels(
    mut conn: Conn<'_>,
    hotel_ids: &[i64],
    room_type_ids: &[i64],
) -> Result<Labels, sqlx::Error> {
    let sqlite = conn.is_sqlite();
    let sql = format!(
        "SELECT h.id, h.slug, h.name, h.address, h.time_zone, h.currency, c.name AS city_name, h.policies
           FROM hotels h JOIN cities c ON c.slug = h.city_slug WHERE {}",
        any_of(sqlite, "h.id", "$1")
    );
    let hotels: Vec<HotelLabel> = on_conn!(&mut conn, |c| sqlx::query_as(&sql)
        .bind(Ids(hotel_ids))
        .fetch_all(c)
        .await)?;
    let sql = format!(
        "SELECT id, slug, name FROM room_types WHERE {}",
        any_of(sqlite, "id", "$1")
    );
    let rooms: Vec<RoomLabel> = on_conn!(&mut conn, |c| sqlx::query_as(&sql)
        .bind(Ids(room_type_ids))
        .fetch_all(c)
        .await)?;
    Ok(Labels {
        hotels: hotels.into_iter().map(|h| (h.id, h)).collect(),
        rooms: rooms.into_iter().map(|r| (r.id, r)).collect(),
    })
}

/// What the booking transaction knows about the room type it sells.
#[derive(Clone, Debug)]
pub struct Sellable {
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub capacity: u32,
    pub rates: Rates,
}

/// The room type when it is on sale (published hotel, not retired), read inside the booking's
/// transaction.
pub async fn sellable(
    conn: Conn<'_>,
    hotel_slug: &str,
    room_slug: &str,
) -> Result<Option<Sellable>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        hotel_id: i64,
        room_type_id: i64,
        capacity: i32,
        total_rooms: i32,
        nightly_rate_minor: i64,
        weekend_rate_minor: i64,
    }
    let sql = "SELECT h.id AS hotel_id, r.id AS room_type_id, r.capacity, r.total_rooms, r.nightly_rate_minor, r.weekend_rate_minor
               FROM room_types r JOIN hotels h ON h.id = r.hotel_id
               WHERE h.slug = $1 AND r.slug = $2 AND h.published AND NOT r.retired";
    let row: Option<Row> = on_conn!(conn, |c| sqlx::query_as(sql)
        .bind(hotel_slug)
        .bind(room_slug)
        .fetch_optional(c)
        .await)?;
    Ok(row.map(|r| Sellable {
        hotel_id: r.hotel_id,
        room_type_id: r.room_type_id,
        capacity: r.capacity.max(0) as u32,
        rates: Rates {
            nightly_minor: r.nightly_rate_minor,
            weekend_minor: r.weekend_rate_minor,
            total_rooms: i64::from(r.total_rooms),
        },
    }))
}

/// Every hotel's id and time zone (each has its own "today").
pub async fn time_zones(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    on_db!(db, |p| sqlx::query_as("SELECT id, time_zone FROM hotels")
        .fetch_all(p)
        .await)
}

/// A hotel's artwork settings (scene, hue), by slug.
pub async fn hotel_art(db: &Db, slug: &str) -> Result<Option<serde_json::Value>, sqlx::Error> {
    let sql = "SELECT art FROM hotels WHERE slug = $1";
    let art: Option<Json<serde_json::Value>> = on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(slug)
        .fetch_optional(p)
        .await)?;
    Ok(art.map(|a| a.0))
}

/// A room type's artwork settings and its hotel's, by slugs.
pub async fn room_art(
    db: &Db,
    hotel: &str,
    room: &str,
) -> Result<Option<(serde_json::Value, serde_json::Value)>, sqlx::Error> {
    let sql = "SELECT r.art AS room_art, h.art AS hotel_art FROM room_types r JOIN hotels h ON h.id = r.hotel_id
               WHERE h.slug = $1 AND r.slug = $2";
    let row: Option<(Json<serde_json::Value>, Json<serde_json::Value>)> =
        on_db!(db, |p| sqlx::query_as(sql)
            .bind(hotel)
            .bind(room)
            .fetch_optional(p)
            .await)?;
    Ok(row.map(|(r, h)| (r.0, h.0)))
}
