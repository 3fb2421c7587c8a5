//! Rules for finding hotels: which cities, which room types fit, what a stay costs.
use std::collections::HashMap;

use app::model::*;
use chrono::NaiveDate;
use chrono_tz::Tz;

use super::pricing::{self, NightState};
use super::store::{self, HotelRow, InventoryMap, RoomTypeRow};
use crate::store::{Db, internal};

/// Today's date on the hotel's own wall calendar.
pub fn today_in(time_zone: &str) -> NaiveDate {
    let tz: Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// Validates stay fields against "today" in `time_zone`.
pub fn parse_stay_params(params: &StayParams, time_zone: &str) -> Result<(Stay, u32), AppError> {
    let stay = parse_stay(&params.check_in, &params.check_out, today_in(time_zone));
    let guests = if params.guests.trim().is_empty() {
        Ok(2)
    } else {
        parse_guests(&params.guests)
    };
    match (stay, guests) {
        (Ok(stay), Ok(guests)) => Ok((stay, guests)),
        (stay, guests) => {
            let mut errors = FieldErrors::default();
            if let Err(e) = stay {
                errors.merge(e);
            }
            if let Err(e) = guests {
                errors.merge(e);
            }
            Err(AppError::Invalid(errors))
        }
    }
}

fn offer(
    room: &RoomTypeRow,
    hotel: &HotelRow,
    stay: Option<&Stay>,
    inv: &InventoryMap,
) -> RoomTypeOffer {
    let empty = HashMap::<NaiveDate, NightState>::new();
    let nights = inv.get(&room.id).unwrap_or(&empty);
    let (quote, rooms_left) = match stay {
        Some(stay) => {
            let quote = pricing::quote(
                stay,
                &room.rates,
                nights,
                &hotel.currency,
                hotel.policies.tax_rate_bp,
            );
            let left = pricing::rooms_left(stay, &room.rates, nights);
            (quote, Some(left as u32))
        }
        None => (None, None),
    };
    RoomTypeOffer {
        slug: room.slug.clone(),
        name: room.name.clone(),
        description: room.description.clone(),
        capacity: room.capacity,
        beds: room.beds.clone(),
        size_m2: room.size_m2,
        amenities: room.amenities.clone(),
        nightly_rate_minor: room.rates.nightly_minor,
        quote,
        rooms_left,
    }
}

fn summary(
    hotel: &HotelRow,
    city: &str,
    rooms: &[&RoomTypeRow],
    best: Option<&RoomTypeOffer>,
) -> HotelSummary {
    HotelSummary {
        slug: hotel.slug.clone(),
        name: hotel.name.clone(),
        city_name: city.to_owned(),
        address: hotel.address.clone(),
        stars: hotel.stars,
        tagline: hotel.tagline.clone(),
        currency: hotel.currency.clone(),
        amenities: hotel.amenities.clone(),
        from_total_minor: best.and_then(|o| o.quote.as_ref()).map(|q| q.total_minor),
        from_nightly_minor: rooms
            .iter()
            .map(|r| r.rates.nightly_minor)
            .min()
            .unwrap_or(0),
        rooms_left: best.and_then(|o| o.rooms_left),
    }
}

pub async fn cities(db: &Db) -> Result<Vec<City>, AppError> {
    store::cities(db)
        .await
        .map_err(internal("cannot list cities"))
}

pub async fn hotels(db: &Db) -> Result<Vec<HotelSummary>, AppError> {
    let cities = cities(db).await?;
    let hotels = store::published_hotels(db, None)
        .await
        .map_err(internal("cannot list hotels"))?;
    let ids: Vec<i64> = hotels.iter().map(|h| h.id).collect();
    let rooms = store::room_types(db, &ids)
        .await
        .map_err(internal("cannot list room types"))?;
    Ok(hotels
        .iter()
        .map(|h| {
            let city = cities
                .iter()
                .find(|c| c.slug == h.city_slug)
                .map(|c| c.name.as_str())
                .unwrap_or("");
            let mine: Vec<_> = rooms.iter().filter(|r| r.hotel_id == h.id).collect();
            summary(h, city, &mine, None)
        })
        .collect())
}

pub fn find_city<'a>(cities: &'a [City], query: &str) -> Result<&'a City, AppError> {
    let q = query.trim();
    if q.is_empty() {
        return Err(AppError::invalid("city", "Enter a destination."));
    }
    // "Lisbon, Portugal" from the suggestion list, or just "lisbon".
    let name = q.split(',').next().unwrap_or(q).trim();
    cities
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name) || c.slug.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            let names: Vec<_> = cities.iter().map(|c| c.name.as_str()).collect();
            let message = format!(
                "We don't have hotels in \"{name}\" yet. Try {}.",
                names.join(", ")
            );
            AppError::invalid("city", &message)
        })
}

pub async fn search(db: &Db, params: &SearchParams) -> Result<SearchResults, AppError> {
    let cities = cities(db).await?;
    let city = find_city(&cities, &params.city);
    let tz = city.as_ref().map(|c| c.time_zone.as_str()).unwrap_or("UTC");
    let stay = parse_stay_params(&params.stay, tz);
    let (city, (stay, guests)) = match (city, stay) {
        (Ok(city), Ok(stay)) => (city.clone(), stay),
        (city, stay) => {
            let mut errors = FieldErrors::default();
            for e in [city.err(), stay.err()].into_iter().flatten() {
                if let AppError::Invalid(fields) = e {
                    errors.merge(fields);
                }
            }
            return Err(AppError::Invalid(errors));
        }
    };
    let hotels = store::published_hotels(db, Some(&city.slug))
        .await
        .map_err(internal("cannot search hotels"))?;
    let ids: Vec<i64> = hotels.iter().map(|h| h.id).collect();
    let rooms = store::room_types(db, &ids)
        .await
        .map_err(internal("cannot list room types"))?;
    let room_ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
    let inv = store::inventory(db, &room_ids, stay.check_in, stay.check_out)
        .await
        .map_err(internal("cannot read inventory"))?;
    let mut found = Vec::new();
    let mut unavailable = 0;
    for hotel in &hotels {
        let mine: Vec<_> = rooms.iter().filter(|r| r.hotel_id == hotel.id).collect();
        let best = mine
            .iter()
            .map(|r| offer(r, hotel, Some(&stay), &inv))
            .filter(|o| o.bookable(guests))
            .min_by_key(|o| o.quote.as_ref().map(|q| q.total_minor));
        match best {
            Some(best) => found.push(summary(hotel, &city.name, &mine, Some(&best))),
            None => unavailable += 1,
        }
    }
    match SearchSort::parse(&params.sort) {
        SearchSort::PriceLow => found.sort_by_key(|h| h.from_total_minor),
        SearchSort::PriceHigh => found.sort_by_key(|h| std::cmp::Reverse(h.from_total_minor)),
        SearchSort::Stars => {
            found.sort_by_key(|h| (std::cmp::Reverse(h.stars), h.from_total_minor));
        }
    }
    Ok(SearchResults {
        city,
        stay,
        guests,
        hotels: found,
        unavailable,
    })
}

pub async fn hotel(
    db: &Db,
    slug: &str,
    params: Option<&StayParams>,
) -> Result<(HotelDetail, Option<(Stay, u32)>), AppError> {
    let hotel = store::hotel_by_slug(db, slug)
        .await
        .map_err(internal("cannot read hotel"))?
        .ok_or_else(|| AppError::not_found("Hotel"))?;
    let stay = params
        .map(|p| parse_stay_params(p, &hotel.time_zone))
        .transpose()?;
    let rooms = store::room_types(db, &[hotel.id])
        .await
        .map_err(internal("cannot list room types"))?;
    let inv = match &stay {
        Some((s, _)) => {
            let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
            store::inventory(db, &ids, s.check_in, s.check_out)
                .await
                .map_err(internal("cannot read inventory"))?
        }
        None => InventoryMap::new(),
    };
    let city = cities(db)
        .await?
        .into_iter()
        .find(|c| c.slug == hotel.city_slug);
    let room_types = rooms
        .iter()
        .map(|r| offer(r, &hotel, stay.as_ref().map(|(s, _)| s), &inv))
        .collect();
    let photos = super::admin::photos::list(db, hotel.id, super::admin::photos::PUBLIC).await?;
    let detail = HotelDetail {
        photos,
        slug: hotel.slug.clone(),
        name: hotel.name.clone(),
        city_slug: hotel.city_slug.clone(),
        city_name: city.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        country: city.map(|c| c.country).unwrap_or_default(),
        address: hotel.address.clone(),
        stars: hotel.stars,
        tagline: hotel.tagline.clone(),
        description: hotel.description.clone(),
        amenities: hotel.amenities.clone(),
        policies: hotel.policies.clone(),
        time_zone: hotel.time_zone.clone(),
        currency: hotel.currency.clone(),
        room_types,
    };
    Ok((detail, stay))
}
