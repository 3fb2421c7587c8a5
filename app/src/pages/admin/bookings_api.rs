//! Server functions that load the bookings part's admin pages (reads only; the front-desk
//! actions are plain form posts to `server/src/web/admin/bookings.rs`).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::*;

/// The bookings list with its filter as typed, and errors at the fields when it was invalid.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BookingsData {
    pub hotels: Vec<AdminHotelSummary>,
    pub filter: BookingFilter,
    pub errors: FieldErrors,
    /// `None` when the filter was invalid.
    pub list: Option<AdminBookingList>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BookingData {
    pub booking: AdminBooking,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DashboardData {
    pub dashboard: Dashboard,
    pub arrivals: AdminBookingList,
    pub departures: AdminBookingList,
    pub flash: Flash,
}

/// The signed-in admin; signed out, the page prompts to sign in rather than redirecting.
#[cfg(feature = "ssr")]
async fn admin() -> Result<crate::client::Caller, AppError> {
    super::admin_caller(super::SignedOut::Prompt).await
}

/// `defaults` is set when the address had no filter at all: the list then starts at
/// yesterday (UTC), so every hotel's in-house guests and today's departures are on it
/// whatever its time zone, and long-past stays are not.
#[server(prefix = "/_fn", endpoint = "admin_bookings")]
pub async fn load_bookings(
    filter: BookingFilter,
    defaults: bool,
) -> Result<BookingsData, AppError> {
    let mut filter = filter;
    let caller = admin().await?;
    let client = crate::ssr::client();
    let hotels = crate::ssr::or_status(client.admin_hotels(&caller).await)?;
    if defaults {
        let yesterday = chrono::Utc::now().date_naive() - chrono::Duration::days(1);
        filter.from = Some(yesterday.to_string());
    }
    let (list, errors) = match client.admin_bookings(&caller, &filter).await {
        Ok(list) => (Some(list), FieldErrors::default()),
        Err(AppError::Invalid(errors)) => (None, errors),
        // A hotel slug outside the admin's hotels is a mistake in the filter, not a lost page.
        Err(AppError::NotFound(_)) if filter.hotel.is_some() => (
            None,
            FieldErrors::one("hotel", "Choose one of your hotels."),
        ),
        Err(e) => return crate::ssr::or_status(Err(e)),
    };
    if !errors.is_empty() {
        crate::ssr::set_status(422);
    }
    Ok(BookingsData {
        hotels,
        filter,
        errors,
        list,
    })
}

#[server(prefix = "/_fn", endpoint = "admin_booking")]
pub async fn load_booking(reference: String) -> Result<BookingData, AppError> {
    let caller = admin().await?;
    let booking = crate::ssr::client()
        .admin_booking(&caller, &reference)
        .await;
    Ok(BookingData {
        booking: crate::ssr::or_status(booking)?,
        flash: crate::ssr::take_flash(),
    })
}

#[server(prefix = "/_fn", endpoint = "admin_dashboard")]
pub async fn load_dashboard(slug: String) -> Result<DashboardData, AppError> {
    let caller = admin().await?;
    let client = crate::ssr::client();
    let dashboard = crate::ssr::or_status(client.dashboard(&caller, &slug).await)?;
    let today = |which: &str| BookingFilter {
        hotel: Some(slug.clone()),
        today: Some(which.to_owned()),
        ..Default::default()
    };
    let arrivals = client.admin_bookings(&caller, &today("arrivals")).await?;
    let departures = client.admin_bookings(&caller, &today("departures")).await?;
    Ok(DashboardData {
        dashboard,
        arrivals,
        departures,
        flash: crate::ssr::take_flash(),
    })
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EmailsData {
    pub hotels: Vec<AdminHotelSummary>,
    pub hotel: String,
    pub status: String,
    pub emails: Vec<EmailSummary>,
    /// How many the service returned before the status filter (it returns the newest 200).
    pub fetched: usize,
}

/// The newest emails of the admin's hotels (or one), narrowed to one delivery status here.
#[server(prefix = "/_fn", endpoint = "admin_emails")]
pub async fn load_emails(hotel: String, status: String) -> Result<EmailsData, AppError> {
    let caller = admin().await?;
    let client = crate::ssr::client();
    let hotels = crate::ssr::or_status(client.admin_hotels(&caller).await)?;
    let only = Some(hotel.trim()).filter(|h| !h.is_empty());
    let emails = crate::ssr::or_status(client.emails(&caller, only).await)?;
    let fetched = emails.len();
    let wanted = EmailStatus::parse(status.trim());
    let emails = emails
        .into_iter()
        .filter(|e| wanted.is_none_or(|s| e.status == s))
        .collect();
    Ok(EmailsData {
        hotels,
        hotel,
        status,
        emails,
        fetched,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ParkedData {
    pub items: Vec<ParkedItem>,
    pub flash: Flash,
}

/// Booking events and admin alerts parked after their last try (the admin's hotels').
#[server(prefix = "/_fn", endpoint = "admin_parked")]
pub async fn load_parked() -> Result<ParkedData, AppError> {
    let caller = admin().await?;
    let client = crate::ssr::client();
    let items = crate::ssr::or_status(client.parked(&caller).await)?;
    Ok(ParkedData {
        items,
        flash: crate::ssr::take_flash(),
    })
}
