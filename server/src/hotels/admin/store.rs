//! SQL for hotel administration on both databases: unpublished hotels and retired room types too.
use app::model::{AdminHotelSummary, AdminRoomType, HotelInput, Policies, RoomTypeInput};
use sqlx::types::Json;

use crate::store::{Db, Tx, on_db, on_tx};

pub async fn city(db: &Db, slug: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    let sql = "SELECT name, country FROM cities WHERE slug = $1";
    on_db!(db, |p| sqlx::query_as(sql)
        .bind(slug)
        .fetch_optional(p)
        .await)
}

/// The city's slug when a city with this name or slug exists.
pub async fn find_city(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    let sql = "SELECT slug FROM cities WHERE lower(name) = lower($1) OR slug = lower($1)";
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(name)
        .fetch_optional(p)
        .await)
}

pub async fn insert_city(
    db: &Db,
    slug: &str,
    name: &str,
    country: &str,
    tz: &str,
) -> Result<(), sqlx::Error> {
    let sql = "INSERT INTO cities (slug, name, country, time_zone) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
    on_db!(db, |p| sqlx::query(sql)
        .bind(slug)
        .bind(name)
        .bind(country)
        .bind(tz)
        .execute(p)
        .await
        .map(|_| ()))
}

pub async fn slug_taken(db: &Db, slug: &str) -> Result<bool, sqlx::Error> {
    let sql = "SELECT COUNT(*) FROM hotels WHERE slug = $1";
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(slug)
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}

pub async fn summaries(
    db: &Db,
    ids: Option<&[i64]>,
) -> Result<Vec<AdminHotelSummary>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        slug: String,
        name: String,
        city_name: String,
        published: bool,
        currency: String,
        time_zone: String,
        room_types: i64,
        total_rooms: i64,
    }
    let sql = "SELECT h.id, h.slug, h.name, c.name AS city_name, h.published, h.currency, h.time_zone,
                 (SELECT COUNT(*) FROM room_types r WHERE r.hotel_id = h.id AND NOT r.retired) AS room_types,
                 (SELECT COALESCE(SUM(r.total_rooms), 0) FROM room_types r WHERE r.hotel_id = h.id AND NOT r.retired) AS total_rooms
               FROM hotels h JOIN cities c ON c.slug = h.city_slug ORDER BY c.name, h.name";
    let sql = match db {
        Db::Sqlite(_) => sql.to_owned(),
        Db::Postgres(_) => sql.replace(
            "COALESCE(SUM(r.total_rooms), 0)",
            "COALESCE(SUM(r.total_rooms), 0)::BIGINT",
        ),
    };
    let rows: Vec<Row> = on_db!(db, |p| sqlx::query_as(&sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter(|r| ids.is_none_or(|ids| ids.contains(&r.id)))
        .map(|r| AdminHotelSummary {
            slug: r.slug,
            name: r.name,
            city_name: r.city_name,
            published: r.published,
            currency: r.currency,
            time_zone: r.time_zone,
            room_types: r.room_types.max(0) as u32,
            total_rooms: r.total_rooms.max(0) as u32,
        })
        .collect())
}

fn policies(input: &HotelInput) -> Policies {
    Policies {
        check_in_time: input.check_in_time.clone(),
        check_out_time: input.check_out_time.clone(),
        free_cancellation_days: input.free_cancellation_days,
        tax_rate_bp: input.tax_rate_bp,
        pets_allowed: input.pets_allowed,
        notes: input.notes.clone(),
    }
}

/// Inserts an unpublished hotel; `None` when the slug is taken.
pub async fn insert_hotel(
    db: &Db,
    slug: &str,
    city_slug: &str,
    h: &HotelInput,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO hotels (slug, name, city_slug, address, stars, currency, time_zone, tagline, description, amenities, policies, published)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, false) ON CONFLICT (slug) DO NOTHING RETURNING id";
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(slug)
        .bind(&h.name)
        .bind(city_slug)
        .bind(&h.address)
        .bind(i32::from(h.stars))
        .bind(&h.currency)
        .bind(&h.time_zone)
        .bind(&h.tagline)
        .bind(&h.description)
        .bind(Json(&h.amenities))
        .bind(Json(policies(h)))
        .fetch_optional(p)
        .await)
}

pub async fn update_hotel(
    db: &Db,
    id: i64,
    city_slug: &str,
    h: &HotelInput,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE hotels SET name = $2, city_slug = $3, address = $4, stars = $5, currency = $6, time_zone = $7,
                 tagline = $8, description = $9, amenities = $10, policies = $11 WHERE id = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(&h.name)
        .bind(city_slug)
        .bind(&h.address)
        .bind(i32::from(h.stars))
        .bind(&h.currency)
        .bind(&h.time_zone)
        .bind(&h.tagline)
        .bind(&h.description)
        .bind(Json(&h.amenities))
        .bind(Json(policies(h)))
        .execute(p)
        .await
        .map(|_| ()))
}

pub async fn set_published(db: &Db, id: i64, published: bool) -> Result<(), sqlx::Error> {
    let sql = "UPDATE hotels SET published = $2 WHERE id = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(published)
        .execute(p)
        .await
        .map(|_| ()))
}

#[derive(sqlx::FromRow)]
pub struct RoomRow {
    pub id: i64,
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
    retired: bool,
}

impl RoomRow {
    pub fn view(&self) -> AdminRoomType {
        AdminRoomType {
            slug: self.slug.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            capacity: self.capacity.max(0) as u32,
            beds: self.beds.clone(),
            size_m2: self.size_m2.max(0) as u32,
            amenities: self.amenities.0.clone(),
            nightly_rate_minor: self.nightly_rate_minor,
            weekend_rate_minor: self.weekend_rate_minor,
            total_rooms: self.total_rooms.max(0) as u32,
            retired: self.retired,
        }
    }
    pub fn rates(&self) -> crate::hotels::pricing::Rates {
        crate::hotels::pricing::Rates {
            nightly_minor: self.nightly_rate_minor,
            weekend_minor: self.weekend_rate_minor,
            total_rooms: i64::from(self.total_rooms),
        }
    }
}

const ROOM_COLS: &str = "id, slug, name, description, capacity, beds, size_m2, amenities, nightly_rate_minor, weekend_rate_minor, total_rooms, retired";

/// Every room type of the hotel, retired ones last.
pub async fn rooms(db: &Db, hotel_id: i64) -> Result<Vec<RoomRow>, sqlx::Error> {
    let sql = format!(
        "SELECT {ROOM_COLS} FROM room_types WHERE hotel_id = $1 ORDER BY retired, position, id"
    );
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)
}

pub async fn room(db: &Db, hotel_id: i64, slug: &str) -> Result<Option<RoomRow>, sqlx::Error> {
    let sql = format!("SELECT {ROOM_COLS} FROM room_types WHERE hotel_id = $1 AND slug = $2");
    on_db!(db, |p| sqlx::query_as(&sql)
        .bind(hotel_id)
        .bind(slug)
        .fetch_optional(p)
        .await)
}

pub async fn room_tx(tx: &mut Tx, room_id: i64) -> Result<RoomRow, sqlx::Error> {
    let sql = format!("SELECT {ROOM_COLS} FROM room_types WHERE id = $1");
    on_tx!(tx, |c| sqlx::query_as(&sql)
        .bind(room_id)
        .fetch_one(c)
        .await)
}

/// Inserts a room type at the end of the list; `None` when the slug is taken in this hotel.
pub async fn insert_room(
    db: &Db,
    hotel_id: i64,
    slug: &str,
    r: &RoomTypeInput,
    weekend: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let sql = "INSERT INTO room_types (hotel_id, slug, name, description, capacity, beds, size_m2, amenities,
                 nightly_rate_minor, weekend_rate_minor, total_rooms, position)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
                 (SELECT COALESCE(MAX(position), 0) + 1 FROM room_types WHERE hotel_id = $1))
               ON CONFLICT (hotel_id, slug) DO NOTHING RETURNING id";
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .bind(slug)
        .bind(&r.name)
        .bind(&r.description)
        .bind(r.capacity as i32)
        .bind(&r.beds)
        .bind(r.size_m2 as i32)
        .bind(Json(&r.amenities))
        .bind(r.nightly_rate_minor)
        .bind(weekend)
        .bind(r.total_rooms as i32)
        .fetch_optional(p)
        .await)
}

pub async fn update_room(
    tx: &mut Tx,
    id: i64,
    r: &RoomTypeInput,
    weekend: i64,
) -> Result<(), sqlx::Error> {
    let sql = "UPDATE room_types SET name = $2, description = $3, capacity = $4, beds = $5, size_m2 = $6, amenities = $7,
                 nightly_rate_minor = $8, weekend_rate_minor = $9, total_rooms = $10 WHERE id = $1";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(id)
        .bind(&r.name)
        .bind(&r.description)
        .bind(r.capacity as i32)
        .bind(&r.beds)
        .bind(r.size_m2 as i32)
        .bind(Json(&r.amenities))
        .bind(r.nightly_rate_minor)
        .bind(weekend)
        .bind(r.total_rooms as i32)
        .execute(c)
        .await
        .map(|_| ()))
}

pub async fn set_retired(db: &Db, id: i64, retired: bool) -> Result<(), sqlx::Error> {
    let sql = "UPDATE room_types SET retired = $2 WHERE id = $1";
    on_db!(db, |p| sqlx::query(sql)
        .bind(id)
        .bind(retired)
        .execute(p)
        .await
        .map(|_| ()))
}
