//! Rules for running hotels: creating and editing hotels and room types, publishing, retiring,
//! each within the admin's scope.
use app::model::*;

use super::{input, store};
use crate::checked::Parsed;
use crate::error::{Error, Result, RoomsField, Rule, Thing, internal};
use crate::hotels::scope::Admin;
use crate::hotels::store::HotelRow;
use crate::inventory::store as inventory;
use crate::state::App;
use crate::store::{Db, TxFail, begin_write, db_fail, retrying};

pub async fn hotels(db: &Db, admin: &Admin) -> Result<Vec<AdminHotelSummary>> {
    store::summaries(db, admin.scope.hotel_ids())
        .await
        .map_err(internal("cannot list hotels"))
}

pub async fn view(app: &App, hotel: &HotelRow, published: bool) -> Result<AdminHotel> {
    let db = &app.db;
    let (city_name, country) = store::city(db, &hotel.city_slug)
        .await
        .map_err(internal("cannot read city"))?
        .unwrap_or_default();
    let rooms = store::rooms(db, hotel.id)
        .await
        .map_err(internal("cannot read room types"))?;
    let photos =
        super::photos::list(db, hotel.id, &super::photos::admin_prefix(&hotel.slug)).await?;
    Ok(AdminHotel {
        slug: hotel.slug.clone(),
        name: hotel.name.clone(),
        city_slug: hotel.city_slug.clone(),
        city_name,
        country,
        address: hotel.address.clone(),
        stars: hotel.stars,
        currency: hotel.currency.clone(),
        time_zone: hotel.time_zone.clone(),
        tagline: hotel.tagline.clone(),
        description: hotel.description.clone(),
        amenities: hotel.amenities.clone(),
        policies: hotel.policies.clone(),
        published,
        photos,
        room_types: rooms.iter().map(store::RoomRow::view).collect(),
        today: app.clock.today_in(&hotel.time_zone),
    })
}

pub async fn hotel(app: &App, admin: &Admin, slug: &str) -> Result<AdminHotel> {
    let (hotel, published) = admin.hotel(&app.db, slug).await?;
    view(app, &hotel, published).await
}

/// The slug of the hotel's city, adding the city when it is new (which needs a country).
async fn city_for(db: &Db, h: &HotelInput) -> Result<String> {
    if let Some(slug) = store::find_city(db, &h.city)
        .await
        .map_err(internal("cannot read city"))?
    {
        return Ok(slug);
    }
    if h.country.trim().chars().count() < 2 {
        return Err(Rule::CityNeedsCountry.into());
    }
    let slug = input::slugify(&h.city);
    store::insert_city(db, &slug, &h.city, &h.country, &h.time_zone)
        .await
        .map_err(internal("cannot add city"))?;
    Ok(slug)
}

/// Creates an unpublished hotel (platform admins only); admins publish it once it has rooms.
pub async fn create(app: &App, admin: &Admin, h: Parsed<HotelInput>) -> Result<AdminHotel> {
    admin.platform()?;
    let h = h?;
    let db = &app.db;
    let city = city_for(db, &h).await?;
    let base = input::slugify(&h.name);
    for slug in input::slug_candidates(&base) {
        if store::slug_taken(db, &slug)
            .await
            .map_err(internal("cannot read hotel"))?
        {
            continue;
        }
        if store::insert_hotel(db, &slug, &city, &h)
            .await
            .map_err(internal("cannot insert hotel"))?
            .is_some()
        {
            tracing::info!(hotel = %slug, by = admin.customer.id, "hotel created");
            return hotel(app, admin, &slug).await;
        }
    }
    Err(Rule::NameTaken { room_type: false }.into())
}

pub async fn update(
    app: &App,
    admin: &Admin,
    slug: &str,
    h: Parsed<HotelInput>,
) -> Result<AdminHotel> {
    let db = &app.db;
    let (row, published) = admin.hotel(db, slug).await?;
    let h = h?;
    // Rates are stored in minor units of the currency: changing it would re-price every night.
    if h.currency != row.currency && (published || has_sold(db, row.id).await?) {
        return Err(Rule::CurrencyLocked {
            currency: row.currency.clone(),
        }
        .into());
    }
    let city = city_for(db, &h).await?;
    store::update_hotel(db, row.id, &city, &h)
        .await
        .map_err(internal("cannot update hotel"))?;
    tracing::info!(hotel = %slug, by = admin.customer.id, "hotel updated");
    hotel(app, admin, slug).await
}

/// Whether any night of the hotel's room types has been sold (it has bookings on its books).
async fn has_sold(db: &Db, hotel_id: i64) -> Result<bool> {
    let rooms = store::rooms(db, hotel_id)
        .await
        .map_err(internal("cannot read room types"))?;
    let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    inventory::any_sold(db, &ids)
        .await
        .map_err(internal("cannot read inventory"))
}

/// Publishing needs a room type on sale: guests should never find a hotel they cannot book.
pub async fn publish(app: &App, admin: &Admin, slug: &str, published: bool) -> Result<AdminHotel> {
    let db = &app.db;
    let (row, _) = admin.hotel(db, slug).await?;
    if published {
        let rooms = store::rooms(db, row.id)
            .await
            .map_err(internal("cannot read room types"))?;
        if !rooms
            .iter()
            .any(|r| !r.view().retired && r.view().total_rooms > 0)
        {
            return Err(Rule::NothingToSell.into());
        }
    }
    store::set_published(db, row.id, published)
        .await
        .map_err(internal("cannot publish hotel"))?;
    tracing::info!(hotel = %slug, published, by = admin.customer.id, "hotel visibility changed");
    hotel(app, admin, slug).await
}

pub async fn create_room(
    db: &Db,
    admin: &Admin,
    slug: &str,
    r: Parsed<RoomTypeInput>,
) -> Result<AdminRoomType> {
    let (row, _) = admin.hotel(db, slug).await?;
    let r = r?;
    let weekend = r.weekend_rate_minor.unwrap_or(r.nightly_rate_minor);
    let base = input::slugify(&r.name);
    for room_slug in input::slug_candidates(&base) {
        if let Some(_id) = store::insert_room(db, row.id, &room_slug, &r, weekend)
            .await
            .map_err(internal("cannot insert room type"))?
        {
            tracing::info!(hotel = %slug, room_type = %room_slug, "room type created");
            return room(db, row.id, &room_slug).await.map(|r| r.view());
        }
    }
    Err(Rule::NameTaken { room_type: true }.into())
}

async fn room(db: &Db, hotel_id: i64, slug: &str) -> Result<store::RoomRow> {
    store::room(db, hotel_id, slug)
        .await
        .map_err(internal("cannot read room type"))?
        .ok_or(Error::NotFound(Thing::RoomType))
}

/// Edits a room type. Fewer rooms than already sold on a future night is refused with the
/// night named; future nights still at the old room count follow the new one.
pub async fn update_room(
    app: &App,
    admin: &Admin,
    slug: &str,
    room_slug: &str,
    r: Parsed<RoomTypeInput>,
) -> Result<AdminRoomType> {
    let db = &app.db;
    let (hotel, _) = admin.hotel(db, slug).await?;
    let current = room(db, hotel.id, room_slug).await?;
    let r = r?;
    let weekend = r.weekend_rate_minor.unwrap_or(r.nightly_rate_minor);
    let today = app.clock.today_in(&hotel.time_zone);
    let (id, old_total) = (current.id, current.view().total_rooms as i32);
    let r = &r;
    retrying(|| async move {
        let mut tx = begin_write(db)
            .await
            .map_err(db_fail("cannot begin room type update"))?;
        let new_total = r.total_rooms as i32;
        let followed = inventory::follow_total(&mut tx, id, today, old_total, new_total)
            .await
            .map_err(db_fail("cannot update allotment"))?;
        if let Err(over) = followed
            && let Some((night, sold)) = over.first()
        {
            return Err(Rule::RoomsSold {
                night: *night,
                sold: (*sold).max(0) as u32,
                more: over.len() - 1,
                field: RoomsField::TotalRooms,
            }
            .into());
        }
        store::update_room(&mut tx, id, r, weekend)
            .await
            .map_err(db_fail("cannot update room type"))?;
        tx.commit()
            .await
            .map_err(db_fail("cannot commit room type update"))?;
        Ok::<_, TxFail>(())
    })
    .await?;
    tracing::info!(hotel = %slug, room_type = %room_slug, "room type updated");
    room(db, hotel.id, room_slug).await.map(|r| r.view())
}

/// Retired room types leave search and booking; their bookings stay as they are.
pub async fn retire_room(
    db: &Db,
    admin: &Admin,
    slug: &str,
    room_slug: &str,
    retired: bool,
) -> Result<AdminRoomType> {
    let (hotel, _) = admin.hotel(db, slug).await?;
    let current = room(db, hotel.id, room_slug).await?;
    store::set_retired(db, current.id, retired)
        .await
        .map_err(internal("cannot retire room type"))?;
    tracing::info!(hotel = %slug, room_type = %room_slug, retired, "room type retirement changed");
    room(db, hotel.id, room_slug).await.map(|r| r.view())
}
