//! Hotels, room types and what a stay in them costs.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Stay;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct City {
    pub slug: String,
    pub name: String,
    pub country: String,
    pub time_zone: String,
    pub blurb: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Policies {
    pub check_in_time: String,
    pub check_out_time: String,
    /// Free cancellation until this many days before check-in (at the check-in time, hotel's zone).
    pub free_cancellation_days: u32,
    /// Taxes in basis points of the room subtotal.
    pub tax_rate_bp: u32,
    pub pets_allowed: bool,
    pub notes: Vec<String>,
}

/// The price of one night of a stay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NightPrice {
    pub night: NaiveDate,
    pub rate_minor: i64,
}

/// What a stay costs, night by night; also the price snapshot kept on each booking.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Quote {
    pub currency: String,
    pub nights: Vec<NightPrice>,
    pub subtotal_minor: i64,
    pub tax_rate_bp: u32,
    pub taxes_minor: i64,
    pub total_minor: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HotelSummary {
    pub slug: String,
    pub name: String,
    pub city_name: String,
    pub address: String,
    pub stars: u8,
    pub tagline: String,
    pub currency: String,
    pub amenities: Vec<String>,
    /// Cheapest room type that fits the party for every night, when a stay was given.
    pub from_total_minor: Option<i64>,
    pub from_nightly_minor: i64,
    pub rooms_left: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoomTypeOffer {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    pub size_m2: u32,
    pub amenities: Vec<String>,
    pub nightly_rate_minor: i64,
    /// Present when a stay was asked for and every night is open.
    pub quote: Option<Quote>,
    /// Fewest rooms free on any night of the stay.
    pub rooms_left: Option<u32>,
}

impl RoomTypeOffer {
    pub fn bookable(&self, guests: u32) -> bool {
        self.capacity >= guests && self.quote.is_some() && self.rooms_left.unwrap_or(0) > 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HotelDetail {
    pub slug: String,
    pub name: String,
    pub city_slug: String,
    pub city_name: String,
    pub country: String,
    pub address: String,
    pub stars: u8,
    pub tagline: String,
    pub description: String,
    pub amenities: Vec<String>,
    pub policies: Policies,
    pub time_zone: String,
    pub currency: String,
    pub room_types: Vec<RoomTypeOffer>,
    /// Photos uploaded by the hotel, in their chosen order (the drawn artwork stands in without).
    #[serde(default)]
    pub photos: Vec<super::Photo>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchSort {
    #[default]
    PriceLow,
    PriceHigh,
    Stars,
}

impl SearchSort {
    pub fn parse(value: &str) -> Self {
        match value {
            "price_desc" => SearchSort::PriceHigh,
            "stars" => SearchSort::Stars,
            _ => SearchSort::PriceLow,
        }
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            SearchSort::PriceLow => "price",
            SearchSort::PriceHigh => "price_desc",
            SearchSort::Stars => "stars",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    pub city: String,
    pub stay: Stay,
    pub guests: u32,
    pub sort: SearchSort,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub city: City,
    pub stay: Stay,
    pub guests: u32,
    pub hotels: Vec<HotelSummary>,
    /// Hotels in the city with nothing free for the stay, so the page can say so.
    pub unavailable: u32,
}
