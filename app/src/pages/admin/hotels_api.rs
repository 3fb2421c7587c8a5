//! Server functions that load the hotels part of the admin: hotels, room types, the calendar,
//! alert recipients and hotel admins (reads only; the forms post to plain handlers).
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::*;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HotelsPage {
    pub hotels: Vec<AdminHotelSummary>,
    /// Platform admins create hotels and assign admins.
    pub platform: bool,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HotelPage {
    /// `None` on the "new hotel" form.
    pub hotel: Option<AdminHotel>,
    /// For the city field's suggestions (and their time zones).
    pub cities: Vec<City>,
    pub platform: bool,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RoomTypePage {
    pub hotel: AdminHotel,
    /// `None` on the "new room type" form.
    pub room: Option<AdminRoomType>,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CalendarPage {
    pub hotel: AdminHotel,
    pub calendar: Calendar,
    pub flash: Flash,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TeamPage {
    pub hotel: AdminHotel,
    pub recipients: Vec<AlertRecipient>,
    pub admins: Vec<HotelAdmin>,
    pub platform: bool,
    pub flash: Flash,
}

/// A failed post that is answered by rendering its page directly (when the typed values are too
/// long for a cookie) leaves its flash here instead.
#[derive(Clone, Debug)]
pub struct PendingFlash(pub Flash);

/// The flash of the request: a failed post's, or the cookie's.
#[cfg(feature = "ssr")]
pub(super) fn flash() -> Flash {
    match use_context::<PendingFlash>() {
        Some(PendingFlash(f)) => {
            crate::ssr::set_status(422);
            f
        }
        None => crate::ssr::take_flash(),
    }
}

#[cfg(feature = "ssr")]
fn platform(caller: &crate::client::Caller) -> bool {
    caller.customer.role == Role::PlatformAdmin
}

#[server(prefix = "/_fn", endpoint = "admin-hotels")]
pub async fn load_admin_hotels() -> Result<HotelsPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let hotels = crate::ssr::or_status(crate::ssr::client().admin_hotels(&caller).await)?;
    Ok(HotelsPage {
        hotels,
        platform: platform(&caller),
        flash: flash(),
    })
}

/// One hotel to edit, or (`slug` empty) the form for a new one, which only platform admins get.
#[server(prefix = "/_fn", endpoint = "admin-hotel")]
pub async fn load_admin_hotel(slug: String) -> Result<HotelPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let hotel = if slug.is_empty() {
        if !platform(&caller) {
            return crate::ssr::or_status(Err(AppError::Forbidden));
        }
        None
    } else {
        Some(crate::ssr::or_status(
            client.admin_hotel(&caller, &slug).await,
        )?)
    };
    Ok(HotelPage {
        hotel,
        cities: client.cities().await?,
        platform: platform(&caller),
        flash: flash(),
    })
}

#[server(prefix = "/_fn", endpoint = "admin-room-type")]
pub async fn load_room_type(slug: String, room: Option<String>) -> Result<RoomTypePage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let hotel = crate::ssr::or_status(crate::ssr::client().admin_hotel(&caller, &slug).await)?;
    let room = match room {
        Some(r) => {
            let found = hotel.room_types.iter().find(|t| t.slug == r).cloned();
            Some(crate::ssr::or_status(
                found.ok_or_else(|| AppError::not_found("Room type")),
            )?)
        }
        None => None,
    };
    Ok(RoomTypePage {
        hotel,
        room,
        flash: flash(),
    })
}

/// Six weeks from the Monday of `from`'s week (today's without it), so rows are whole weeks.
/// Without `room`, the hotel's first room type on sale.
#[server(prefix = "/_fn", endpoint = "admin-calendar")]
pub async fn load_calendar(
    slug: String,
    room: Option<String>,
    from: Option<String>,
) -> Result<CalendarPage, AppError> {
    use chrono::Datelike;
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let hotel = crate::ssr::or_status(client.admin_hotel(&caller, &slug).await)?;
    let room = match room {
        Some(r) => r,
        None => {
            let first = hotel
                .room_types
                .iter()
                .find(|r| !r.retired)
                .or(hotel.room_types.first());
            crate::ssr::or_status(
                first
                    .map(|r| r.slug.clone())
                    .ok_or_else(|| AppError::not_found("Room type")),
            )?
        }
    };
    let from = from
        .and_then(|f| chrono::NaiveDate::parse_from_str(&f, "%Y-%m-%d").ok())
        .unwrap_or(hotel.today);
    let monday = from - chrono::Duration::days(i64::from(from.weekday().num_days_from_monday()));
    let calendar = crate::ssr::or_status(
        client
            .calendar(&caller, &slug, &room, Some(monday), Some(42))
            .await,
    )?;
    Ok(CalendarPage {
        hotel,
        calendar,
        flash: flash(),
    })
}

/// The hotel's alert recipients and admins (one page each, one loader for both).
#[server(prefix = "/_fn", endpoint = "admin-team")]
pub async fn load_team(slug: String) -> Result<TeamPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let hotel = crate::ssr::or_status(client.admin_hotel(&caller, &slug).await)?;
    let recipients = client.alert_recipients(&caller, &slug).await?.recipients;
    let admins = client.hotel_admins(&caller, &slug).await?;
    Ok(TeamPage {
        hotel,
        recipients,
        admins,
        platform: platform(&caller),
        flash: flash(),
    })
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AllAlertsPage {
    pub recipients: Vec<HotelAlertRecipient>,
    /// The hotels in the admin's scope, to show those nobody confirmed for.
    pub hotels: Vec<AdminHotelSummary>,
    pub platform: bool,
    pub flash: Flash,
}

/// Every hotel's alert recipients (the admin's hotels for a hotel admin).
#[server(prefix = "/_fn", endpoint = "admin-all-alerts")]
pub async fn load_all_alerts() -> Result<AllAlertsPage, AppError> {
    let caller = super::admin_caller(super::SignedOut::Redirect).await?;
    let client = crate::ssr::client();
    let recipients = crate::ssr::or_status(client.all_alert_recipients(&caller).await)?;
    let hotels = client.admin_hotels(&caller).await?;
    Ok(AllAlertsPage {
        recipients,
        hotels,
        platform: platform(&caller),
        flash: flash(),
    })
}
