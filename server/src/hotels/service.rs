//! Rules for finding hotels: which cities, which room types fit, what a stay costs.
use std::collections::HashMap;

use app::model::*;
use chrono::NaiveDate;

use super::pricing::{self, NightState};
use super::store::{HotelRow, RoomTypeRow};
use crate::checked::Checked;
use crate::error::{Error, Result, Rule, Thing, internal};
use crate::inventory::{InventoryMap, store as inventory};
use crate::state::App;

/// A search as asked: a city named, a stay and party size of the right shape, an order.
#[derive(Clone, Debug)]
pub struct Search {
    pub city: String,
    pub stay: Stay,
    pub guests: u32,
    pub sort: SearchSort,
}

impl Search {
    /// Every field's problem at once.
    pub fn parse(params: &SearchParams) -> std::result::Result<Checked<Search>, FieldErrors> {
        let mut errors = FieldErrors::default();
        let city = params.city.trim();
        if city.is_empty() {
            errors.add("city", "Enter a destination.");
        }
        let stay = params.stay.asked().map_err(|e| errors.merge(e)).ok();
        match stay {
            Some((stay, guests)) if errors.is_empty() => Ok(Checked::new(Search {
                city: city.to_owned(),
                stay,
                guests,
                sort: SearchSort::parse(&params.sort),
            })),
            _ => Err(errors),
        }
    }
}

/// A stay and party size of the right shape, as asked for at one hotel.
pub fn stay_asked(params: &StayParams) -> std::result::Result<Checked<(Stay, u32)>, FieldErrors> {
    params.asked().map(Checked::new)
}

/// The stay may start on the hotel's `today`.
pub fn opens(stay: &Stay, today: NaiveDate) -> Result<()> {
    stay.opens_by(today).map_err(|closed| match closed {
        Closed::Past => Rule::CheckInPast.into(),
        Closed::TooFarAhead => Rule::CheckInTooFar.into(),
    })
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

pub async fn cities(app: &App) -> Result<Vec<City>> {
    Ok(app.catalog.get(&app.db).await?.cities.clone())
}

pub async fn hotels(app: &App) -> Result<Vec<HotelSummary>> {
    let catalog = app.catalog.get(&app.db).await?;
    Ok(catalog
        .hotels
        .iter()
        .map(|h| {
            let city = catalog.city(&h.city_slug).map_or("", |c| c.name.as_str());
            let mine: Vec<_> = catalog.rooms_of(h.id).collect();
            summary(h, city, &mine, None)
        })
        .collect())
}

/// The city a guest named: "Lisbon, Portugal" from the suggestion list, or just "lisbon".
pub fn find_city<'a>(cities: &'a [City], query: &str) -> Result<&'a City> {
    let q = query.trim();
    let name = q.split(',').next().unwrap_or(q).trim();
    cities
        .iter()
        .find(|c| c.name.eq_ignore_ascii_case(name) || c.slug.eq_ignore_ascii_case(name))
        .ok_or_else(|| {
            Rule::UnknownCity {
                name: name.to_owned(),
                known: cities.iter().map(|c| c.name.clone()).collect(),
            }
            .into()
        })
}

pub async fn search(app: &App, q: Checked<Search>) -> Result<SearchResults> {
    let db = &app.db;
    let catalog = app.catalog.get(db).await?;
    let city = find_city(&catalog.cities, &q.city)?.clone();
    opens(&q.stay, app.clock.today_in(&city.time_zone))?;
    let (stay, guests) = (q.stay, q.guests);
    let hotels: Vec<&HotelRow> = catalog
        .hotels
        .iter()
        .filter(|h| h.city_slug == city.slug)
        .collect();
    let room_ids: Vec<i64> = hotels
        .iter()
        .flat_map(|h| catalog.rooms_of(h.id))
        .map(|r| r.id)
        .collect();
    let inv = inventory::nights(db.into(), &room_ids, stay.check_in, stay.check_out)
        .await
        .map_err(internal("cannot read inventory"))?;
    let mut found = Vec::new();
    let mut unavailable = 0;
    for &hotel in &hotels {
        let mine: Vec<_> = catalog.rooms_of(hotel.id).collect();
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
    match q.sort {
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

/// A published hotel; with a stay, its room types carry a quote and the rooms left.
pub async fn hotel(
    app: &App,
    slug: &str,
    stay: Option<Checked<(Stay, u32)>>,
) -> Result<(HotelDetail, Option<(Stay, u32)>)> {
    let db = &app.db;
    let catalog = app.catalog.get(db).await?;
    let hotel = catalog.hotel(slug).ok_or(Error::NotFound(Thing::Hotel))?;
    let stay = stay.map(Checked::into_inner);
    if let Some((s, _)) = &stay {
        opens(s, app.clock.today_in(&hotel.time_zone))?;
    }
    let rooms: Vec<&RoomTypeRow> = catalog.rooms_of(hotel.id).collect();
    let inv = match &stay {
        Some((s, _)) => {
            let ids: Vec<i64> = rooms.iter().map(|r| r.id).collect();
            inventory::nights(db.into(), &ids, s.check_in, s.check_out)
                .await
                .map_err(internal("cannot read inventory"))?
        }
        None => InventoryMap::new(),
    };
    let city = catalog.city(&hotel.city_slug).cloned();
    let room_types = rooms
        .iter()
        .map(|r| offer(r, hotel, stay.as_ref().map(|(s, _)| s), &inv))
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
