//! Server functions that load each page's data (reads only; forms post to plain handlers).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::*;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HomePage {
    pub cities: Vec<City>,
    pub hotels: Vec<HotelSummary>,
    /// Dates to prefill the search form with: the next Friday, two nights.
    pub suggested: (String, String),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SearchPage {
    pub cities: Vec<City>,
    pub params: SearchParams,
    pub errors: FieldErrors,
    pub results: Option<SearchResults>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HotelPage {
    pub hotel: HotelDetail,
    pub params: StayParams,
    pub stay: Option<(Stay, u32)>,
    pub errors: FieldErrors,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BookPage {
    pub hotel: HotelDetail,
    pub room: RoomTypeOffer,
    pub stay: Stay,
    pub guests: u32,
    pub customer: Option<Customer>,
    pub flash: Flash,
    /// Fresh for each rendering of the form; resubmitting it replays one booking.
    pub idempotency_key: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BookingPage {
    pub booking: Booking,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TripsPage {
    pub customer: Customer,
    pub upcoming: Vec<Booking>,
    pub past: Vec<Booking>,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuthPage {
    pub customer: Option<Customer>,
    pub flash: Flash,
}

#[server(prefix = "/_fn", endpoint = "session")]
pub async fn current_customer() -> Result<Option<Customer>, AppError> {
    crate::ssr::customer().await
}

#[server(prefix = "/_fn", endpoint = "home")]
pub async fn load_home() -> Result<HomePage, AppError> {
    let client = crate::ssr::client();
    let today = chrono::Utc::now().date_naive();
    let (check_in, check_out) = crate::model::suggested_weekend(today);
    Ok(HomePage {
        cities: client.cities().await?,
        hotels: client.hotels().await?,
        suggested: (check_in.to_string(), check_out.to_string()),
    })
}

#[server(prefix = "/_fn", endpoint = "search")]
pub async fn load_search(params: SearchParams) -> Result<SearchPage, AppError> {
    let client = crate::ssr::client();
    let cities = client.cities().await?;
    let (results, errors) = match client.search(&params).await {
        Ok(results) => (Some(results), FieldErrors::default()),
        Err(AppError::Invalid(errors)) => {
            crate::ssr::set_status(422);
            (None, errors)
        }
        Err(e) => return Err(e),
    };
    Ok(SearchPage {
        cities,
        params,
        errors,
        results,
    })
}

#[server(prefix = "/_fn", endpoint = "hotel")]
pub async fn load_hotel(slug: String, params: StayParams) -> Result<HotelPage, AppError> {
    let client = crate::ssr::client();
    let flash = crate::ssr::take_flash();
    if params.is_blank() {
        let (hotel, _) = crate::ssr::or_status(client.hotel(&slug, None).await)?;
        return Ok(HotelPage {
            hotel,
            params,
            stay: None,
            errors: FieldErrors::default(),
            flash,
        });
    }
    match client.hotel(&slug, Some(&params)).await {
        Ok((hotel, stay)) => Ok(HotelPage {
            hotel,
            params,
            stay,
            errors: FieldErrors::default(),
            flash,
        }),
        Err(AppError::Invalid(errors)) => {
            let (hotel, _) = crate::ssr::or_status(client.hotel(&slug, None).await)?;
            crate::ssr::set_status(422);
            Ok(HotelPage {
                hotel,
                params,
                stay: None,
                errors,
                flash,
            })
        }
        Err(e) => crate::ssr::or_status(Err(e)),
    }
}

#[server(prefix = "/_fn", endpoint = "book")]
pub async fn load_book(
    slug: String,
    room_type: String,
    params: StayParams,
) -> Result<BookPage, AppError> {
    let client = crate::ssr::client();
    let (hotel, stay) = crate::ssr::or_status(client.hotel(&slug, Some(&params)).await)?;
    let Some((stay, guests)) = stay else {
        return crate::ssr::or_status(Err(AppError::invalid("check_in", "Choose your dates.")));
    };
    let room = hotel
        .room_types
        .iter()
        .find(|r| r.slug == room_type)
        .cloned();
    let room = crate::ssr::or_status(room.ok_or_else(|| AppError::not_found("Room type")))?;
    Ok(BookPage {
        room,
        stay,
        guests,
        customer: crate::ssr::customer().await?,
        flash: crate::ssr::take_flash(),
        idempotency_key: crate::ssr::new_key(),
        hotel,
    })
}

#[server(prefix = "/_fn", endpoint = "booking")]
pub async fn load_booking(reference: String) -> Result<BookingPage, AppError> {
    let caller = crate::ssr::require_caller().await?;
    let booking = crate::ssr::client().booking(&caller, &reference).await;
    Ok(BookingPage {
        booking: crate::ssr::or_status(booking)?,
        flash: crate::ssr::take_flash(),
    })
}

#[server(prefix = "/_fn", endpoint = "trips")]
pub async fn load_trips() -> Result<TripsPage, AppError> {
    let caller = crate::ssr::require_caller().await?;
    let bookings = crate::ssr::client().bookings(&caller).await?;
    let (upcoming, past) = bookings.into_iter().partition(|b| b.upcoming);
    Ok(TripsPage {
        customer: caller.customer,
        upcoming,
        past,
        flash: crate::ssr::take_flash(),
    })
}

#[server(prefix = "/_fn", endpoint = "auth")]
pub async fn load_auth() -> Result<AuthPage, AppError> {
    Ok(AuthPage {
        customer: crate::ssr::customer().await?,
        flash: crate::ssr::take_flash(),
    })
}
