//! Rules for running hotels: scope checks, creating and editing hotels and room types.
use app::model::*;

use super::{calendar, input, store};
use crate::customers::admins::{self, Scope};
use crate::hotels::service::today_in;
use crate::hotels::store::HotelRow;
use crate::store::{Db, TxFail, begin_write, db_fail, internal, on_tx, retrying};

/// A hotel the caller runs (404 otherwise, whether it exists or not), and whether it is published.
pub async fn scoped(
    db: &Db,
    caller: &Customer,
    slug: &str,
) -> Result<(HotelRow, bool, Scope), AppError> {
    let scope = admins::scope(db, caller).await?;
    let (hotel, published) = store::hotel(db, slug)
        .await
        .map_err(internal("cannot read hotel"))?
        .filter(|(h, _)| scope.allows(h.id))
        .ok_or_else(|| AppError::not_found("Hotel"))?;
    Ok((hotel, published, scope))
}

pub async fn hotels(db: &Db, caller: &Customer) -> Result<Vec<AdminHotelSummary>, AppError> {
    let scope = admins::scope(db, caller).await?;
    store::summaries(db, scope.hotel_ids())
        .await
        .map_err(internal("cannot list hotels"))
}

pub async fn view(db: &Db, hotel: &HotelRow, published: bool) -> Result<AdminHotel, AppError> {
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
        today: today_in(&hotel.time_zone),
    })
}

pub async fn hotel(db: &Db, caller: &Customer, slug: &str) -> Result<AdminHotel, AppError> {
    let (hotel, published, _) = scoped(db, caller, slug).await?;
    view(db, &hotel, published).await
}

/// The slug of the hotel's city, adding the city when it is new (which needs a country).
async fn city_for(db: &Db, h: &HotelInput) -> Result<String, AppError> {
    if let Some(slug) = store::find_city(db, &h.city)
        .await
        .map_err(internal("cannot read city"))?
    {
        return Ok(slug);
    }
    if h.country.trim().chars().count() < 2 {
        return Err(AppError::invalid(
            "country",
            "This city is new to Vision Stays: enter its country too.",
        ));
    }
    let slug = input::slugify(&h.city);
    store::insert_city(db, &slug, &h.city, &h.country, &h.time_zone)
        .await
        .map_err(internal("cannot add city"))?;
    Ok(slug)
}

/// Creates an unpublished hotel (platform admins only); admins publish it once it has rooms.
pub async fn create(db: &Db, caller: &Customer, form: HotelInput) -> Result<AdminHotel, AppError> {
    admins::platform(db, caller).await?;
    let h = input::hotel(form)?;
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
            tracing::info!(hotel = %slug, by = caller.id, "hotel created");
            return hotel(db, caller, &slug).await;
        }
    }
    Err(AppError::invalid(
        "name",
        "Too many hotels share this name; choose another.",
    ))
}

pub async fn update(
    db: &Db,
    caller: &Customer,
    slug: &str,
    form: HotelInput,
) -> Result<AdminHotel, AppError> {
    let (row, published, _) = scoped(db, caller, slug).await?;
    let h = input::hotel(form)?;
    // Rates are stored in minor units of the currency: changing it would re-price every night.
    if h.currency != row.currency
        && (published
            || store::has_bookings(db, row.id)
                .await
                .map_err(internal("cannot read bookings"))?)
    {
        return Err(AppError::invalid(
            "currency",
            &format!(
                "The currency stays {} once the hotel is published or has bookings: its rates and bookings are in {}.",
                row.currency, row.currency
            ),
        ));
    }
    let city = city_for(db, &h).await?;
    store::update_hotel(db, row.id, &city, &h)
        .await
        .map_err(internal("cannot update hotel"))?;
    tracing::info!(hotel = %slug, by = caller.id, "hotel updated");
    hotel(db, caller, slug).await
}

/// Publishing needs a room type on sale: guests should never find a hotel they cannot book.
pub async fn publish(
    db: &Db,
    caller: &Customer,
    slug: &str,
    published: bool,
) -> Result<AdminHotel, AppError> {
    let (row, _, _) = scoped(db, caller, slug).await?;
    if published {
        let rooms = store::rooms(db, row.id)
            .await
            .map_err(internal("cannot read room types"))?;
        if !rooms
            .iter()
            .any(|r| !r.view().retired && r.view().total_rooms > 0)
        {
            return Err(AppError::Conflict(
                "Add a room type with at least one room before publishing.".into(),
            ));
        }
    }
    store::set_published(db, row.id, published)
        .await
        .map_err(internal("cannot publish hotel"))?;
    tracing::info!(hotel = %slug, published, by = caller.id, "hotel visibility changed");
    hotel(db, caller, slug).await
}

pub async fn create_room(
    db: &Db,
    caller: &Customer,
    slug: &str,
    form: RoomTypeInput,
) -> Result<AdminRoomType, AppError> {
    let (row, _, _) = scoped(db, caller, slug).await?;
    let r = input::room_type(form)?;
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
    Err(AppError::invalid(
        "name",
        "Too many room types share this name; choose another.",
    ))
}

async fn room(db: &Db, hotel_id: i64, slug: &str) -> Result<store::RoomRow, AppError> {
    store::room(db, hotel_id, slug)
        .await
        .map_err(internal("cannot read room type"))?
        .ok_or_else(|| AppError::not_found("Room type"))
}

/// Edits a room type. Fewer rooms than already sold on a future night is refused with the
/// nights named; future nights still at the old room count follow the new one.
pub async fn update_room(
    db: &Db,
    caller: &Customer,
    slug: &str,
    room_slug: &str,
    form: RoomTypeInput,
) -> Result<AdminRoomType, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let current = room(db, hotel.id, room_slug).await?;
    let r = input::room_type(form)?;
    let weekend = r.weekend_rate_minor.unwrap_or(r.nightly_rate_minor);
    let today = today_in(&hotel.time_zone);
    let (id, old_total) = (current.id, current.view().total_rooms as i32);
    retrying(|| {
        let r = &r;
        async move {
            let mut tx = begin_write(db).await.map_err(db_fail("cannot begin room type update"))?;
            let new_total = r.total_rooms as i32;
            calendar::lock_nights(&mut tx, id, today, None).await.map_err(db_fail("cannot lock nights"))?;
            // Only nights still at the old total follow the new one; others keep what the calendar set.
            let sql = "SELECT night, sold FROM inventory WHERE room_type_id = $1 AND night >= $2 AND sold > $3 AND allotment = $4
                       ORDER BY night LIMIT 3";
            let over: Vec<(chrono::NaiveDate, i32)> = on_tx!(&mut tx, |c| sqlx::query_as(sql)
                .bind(id).bind(today).bind(new_total).bind(old_total).fetch_all(c).await)
            .map_err(db_fail("cannot read sold rooms"))?;
            if let Some((night, sold)) = over.first() {
                return Err(AppError::invalid("total_rooms", &format!(
                    "{sold} rooms are already sold on {}: keep at least {sold}, or cancel bookings first.",
                    night.format("%a %-d %b %Y")
                )).into());
            }
            let sql = "UPDATE inventory SET allotment = $3 WHERE room_type_id = $1 AND night >= $2 AND allotment = $4";
            on_tx!(&mut tx, |c| sqlx::query(sql).bind(id).bind(today).bind(new_total).bind(old_total).execute(c).await.map(|_| ()))
                .map_err(db_fail("cannot update allotment"))?;
            store::update_room(&mut tx, id, r, weekend).await.map_err(db_fail("cannot update room type"))?;
            tx.commit().await.map_err(db_fail("cannot commit room type update"))?;
            Ok::<_, TxFail>(())
        }
    })
    .await?;
    tracing::info!(hotel = %slug, room_type = %room_slug, "room type updated");
    room(db, hotel.id, room_slug).await.map(|r| r.view())
}

/// Retired room types leave search and booking; their bookings stay as they are.
pub async fn retire_room(
    db: &Db,
    caller: &Customer,
    slug: &str,
    room_slug: &str,
    retired: bool,
) -> Result<AdminRoomType, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let current = room(db, hotel.id, room_slug).await?;
    store::set_retired(db, current.id, retired)
        .await
        .map_err(internal("cannot retire room type"))?;
    tracing::info!(hotel = %slug, room_type = %room_slug, retired, "room type retirement changed");
    room(db, hotel.id, room_slug).await.map(|r| r.view())
}

pub async fn recipients(
    db: &Db,
    caller: &Customer,
    slug: &str,
) -> Result<AlertRecipients, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let recipients = store::recipients(db, hotel.id)
        .await
        .map_err(internal("cannot read alert recipients"))?;
    Ok(AlertRecipients { recipients })
}

pub async fn set_recipients(
    db: &Db,
    caller: &Customer,
    slug: &str,
    list: AlertRecipients,
) -> Result<AlertRecipients, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    let mut errors = FieldErrors::default();
    let mut clean: Vec<AlertRecipient> = Vec::new();
    if list.recipients.len() > 20 {
        errors.add("recipients", "Up to 20 recipients per hotel.");
    }
    for (i, r) in list.recipients.into_iter().enumerate() {
        let email = r.email.trim().to_lowercase();
        if !crate::customers::service::valid_email(&email) {
            errors.add(
                &format!("recipients[{i}].email"),
                "Enter an email address like name@example.com.",
            );
        } else if clean.iter().any(|c| c.email == email) {
            errors.add(
                &format!("recipients[{i}].email"),
                "This address is already on the list.",
            );
        } else {
            clean.push(AlertRecipient { email, ..r });
        }
    }
    errors.into_result()?;
    store::set_recipients(db, hotel.id, &clean)
        .await
        .map_err(internal("cannot save alert recipients"))?;
    tracing::info!(hotel = %slug, recipients = clean.len(), "alert recipients saved");
    Ok(AlertRecipients { recipients: clean })
}

pub async fn admins(db: &Db, caller: &Customer, slug: &str) -> Result<Vec<HotelAdmin>, AppError> {
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    admins::list(db, hotel.id).await
}

pub async fn assign_admin(
    db: &Db,
    caller: &Customer,
    slug: &str,
    email: &str,
) -> Result<HotelAdmin, AppError> {
    admins::platform(db, caller).await?;
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    admins::assign(db, hotel.id, email).await
}

pub async fn unassign_admin(
    db: &Db,
    caller: &Customer,
    slug: &str,
    email: &str,
) -> Result<(), AppError> {
    admins::platform(db, caller).await?;
    let (hotel, _, _) = scoped(db, caller, slug).await?;
    admins::unassign(db, hotel.id, email).await
}
