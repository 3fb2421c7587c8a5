//! REST API of the hotels service: search, hotel details, availability.
use app::model::{
    City, FieldErrors, HotelDetail, HotelSummary, Quote, SearchParams, SearchResults, StayParams,
};
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::service::{self, Search, stay_asked};
use crate::api::problem::{ApiQuery, ApiResult, Problem};
use crate::error::Error;
use crate::state::App;
use app::endpoints as ep;
use utoipa_axum::{router::OpenApiRouter, routes};

pub const PAGE_SIZE: usize = 20;
const MAX_PAGE: u32 = 10_000;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HotelsQuery {
    /// City name or slug, e.g. `Lisbon`. Required when dates are given.
    pub city: Option<String>,
    /// First night, `YYYY-MM-DD` in the hotel's local calendar.
    pub check_in: Option<String>,
    /// Departure day (exclusive), `YYYY-MM-DD`.
    pub check_out: Option<String>,
    /// Guests in one room, 1–8 (default 2).
    pub guests: Option<String>,
    /// `price` (default), `price_desc` or `stars`.
    pub sort: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HotelPage {
    pub items: Vec<HotelSummary>,
    /// The next page number, absent on the last page.
    pub next_page: Option<u32>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StayQuery {
    pub check_in: Option<String>,
    pub check_out: Option<String>,
    pub guests: Option<String>,
}

/// The stay fields of a query string as typed; `None` when no date was given.
fn stay_of(
    check_in: &Option<String>,
    check_out: &Option<String>,
    guests: &Option<String>,
) -> Option<StayParams> {
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    let p = StayParams {
        check_in: text(check_in),
        check_out: text(check_out),
        guests: text(guests),
    };
    (!p.is_blank()).then_some(p)
}

impl StayQuery {
    fn params(&self) -> Option<StayParams> {
        stay_of(&self.check_in, &self.check_out, &self.guests)
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AvailabilityQuery {
    /// Hotel slug.
    #[param(required = true)]
    pub hotel: Option<String>,
    pub check_in: Option<String>,
    pub check_out: Option<String>,
    pub guests: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoomAvailability {
    pub room_type: String,
    pub name: String,
    pub capacity: u32,
    /// Fewest rooms free on any night of the stay.
    pub rooms_left: u32,
    /// Fits the party and is free for every night.
    pub bookable: bool,
    /// Absent when a night is closed to sale.
    pub price: Option<Quote>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Availability {
    pub hotel: String,
    pub check_in: String,
    pub check_out: String,
    pub guests: u32,
    pub room_types: Vec<RoomAvailability>,
}

fn paginate(mut items: Vec<HotelSummary>, page: Option<u32>) -> ApiResult<HotelPage> {
    let page = page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(FieldErrors::one("page", "Choose a page from 1 to 10000.").into());
    }
    let start = (page as usize - 1) * PAGE_SIZE;
    let more = items.len() > start + PAGE_SIZE;
    let items = if start < items.len() {
        items
            .drain(start..(start + PAGE_SIZE).min(items.len()))
            .collect()
    } else {
        Vec::new()
    };
    Ok(HotelPage {
        items,
        next_page: more.then_some(page + 1),
    })
}

/// Search hotels.
///
/// All of them, a city's, or those with a room free for every night of a stay (then each
/// carries the price of its cheapest fitting room type for the whole stay).
#[utoipa::path(get, path = ep::HOTELS.path, tag = "hotels", params(HotelsQuery),
    responses(
        (status = 200, description = "A page of hotels; with dates, each carries the price for the stay", body = HotelPage),
        (status = 422, description = "Unknown city or invalid dates", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn list(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<HotelsQuery>,
) -> ApiResult<Json<HotelPage>> {
    let stay = stay_of(&q.check_in, &q.check_out, &q.guests);
    let items = match (
        stay,
        q.city.as_deref().map(str::trim).filter(|c| !c.is_empty()),
    ) {
        (Some(stay), city) => {
            let params = SearchParams {
                city: city.unwrap_or_default().to_owned(),
                stay,
                sort: q.sort.clone().unwrap_or_default(),
            };
            service::search(&app, Search::parse(&params)?).await?.hotels
        }
        (None, Some(city)) => {
            let cities = service::cities(&app).await?;
            let city = service::find_city(&cities, city)?.name.clone();
            service::hotels(&app)
                .await?
                .into_iter()
                .filter(|h| h.city_name == city)
                .collect()
        }
        (None, None) => service::hotels(&app).await?,
    };
    Ok(Json(paginate(items, q.page)?))
}

/// A hotel and its room types.
///
/// With dates, each room type carries its price for the stay and the rooms left.
#[utoipa::path(get, path = ep::HOTEL.path, tag = "hotels",
    params(("slug" = String, Path, description = "Hotel slug"), StayQuery),
    responses(
        (status = 200, description = "The hotel", body = HotelDetail),
        (status = 404, description = "No such hotel", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid dates or guests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn detail(
    State(app): State<App>,
    Path(slug): Path<String>,
    ApiQuery(q): ApiQuery<StayQuery>,
) -> ApiResult<Json<HotelDetail>> {
    let stay = q.params().map(|p| stay_asked(&p)).transpose()?;
    let (hotel, _) = service::hotel(&app, &slug, stay).await?;
    Ok(Json(hotel))
}

/// Availability for a stay.
///
/// Rooms free and prices at one hotel, per room type.
#[utoipa::path(get, path = ep::AVAILABILITY.path, tag = "hotels", params(AvailabilityQuery),
    responses(
        (status = 200, description = "Per room type", body = Availability),
        (status = 404, description = "No such hotel", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing hotel, invalid dates or guests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn availability(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<AvailabilityQuery>,
) -> ApiResult<Json<Availability>> {
    let hotel = q.hotel.as_deref().map(str::trim).filter(|h| !h.is_empty());
    let hotel = hotel.ok_or_else(|| FieldErrors::one("hotel", "Name a hotel by its slug."))?;
    let params = stay_of(&q.check_in, &q.check_out, &q.guests).unwrap_or_default();
    let (detail, stay) = service::hotel(&app, hotel, Some(stay_asked(&params)?)).await?;
    let (stay, guests) = stay.ok_or(Error::Internal)?;
    let room_types = detail
        .room_types
        .iter()
        .map(|r| RoomAvailability {
            room_type: r.slug.clone(),
            name: r.name.clone(),
            capacity: r.capacity,
            rooms_left: r.rooms_left.unwrap_or(0),
            bookable: r.bookable(guests),
            price: r.quote.clone(),
        })
        .collect();
    Ok(Json(Availability {
        hotel: detail.slug,
        check_in: stay.check_in.to_string(),
        check_out: stay.check_out.to_string(),
        guests,
        room_types,
    }))
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// City name or slug, e.g. `Lisbon`.
    #[param(required = true)]
    pub city: Option<String>,
    #[param(required = true)]
    pub check_in: Option<String>,
    #[param(required = true)]
    pub check_out: Option<String>,
    /// Guests in one room, 1–8 (default 2).
    pub guests: Option<String>,
    /// `price` (default), `price_desc` or `stars`.
    pub sort: Option<String>,
}

/// Cities with published hotels.
#[utoipa::path(get, path = ep::CITIES.path, tag = "hotels",
    responses((status = 200, description = "Cities, by name", body = Vec<City>)))]
pub async fn cities(State(app): State<App>) -> ApiResult<Json<Vec<City>>> {
    Ok(Json(service::cities(&app).await?))
}

/// Search a city for a stay.
///
/// Every hotel with a room free for every night, priced for the whole stay, with the city,
/// the validated stay and how many hotels had nothing free (what the search page shows).
#[utoipa::path(get, path = ep::SEARCH.path, tag = "hotels", params(SearchQuery),
    responses(
        (status = 200, description = "The search results", body = SearchResults),
        (status = 422, description = "Unknown city, invalid dates or guests", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn search(
    State(app): State<App>,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    let params = SearchParams {
        city: q.city.unwrap_or_default(),
        stay: stay_of(&q.check_in, &q.check_out, &q.guests).unwrap_or_default(),
        sort: q.sort.unwrap_or_default(),
    };
    Ok(Json(service::search(&app, Search::parse(&params)?).await?))
}

/// Search, hotels and availability for guests.
pub fn routes() -> OpenApiRouter<App> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(availability))
        .routes(routes!(cities))
        .routes(routes!(search))
}
