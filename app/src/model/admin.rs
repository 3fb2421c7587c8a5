//! What hotel admins see and send: hotels, room types, the rates calendar, alerts, admins.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Policies;

/// What a signed-in person may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    #[default]
    Guest,
    /// Runs only the hotels assigned to them.
    HotelAdmin,
    /// Runs every hotel, creates hotels and assigns hotel admins.
    PlatformAdmin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Guest => "guest",
            Role::HotelAdmin => "hotel_admin",
            Role::PlatformAdmin => "platform_admin",
        }
    }
    pub fn parse(text: &str) -> Option<Role> {
        Some(match text {
            "guest" => Role::Guest,
            "hotel_admin" => Role::HotelAdmin,
            "platform_admin" => Role::PlatformAdmin,
            _ => return None,
        })
    }
    pub fn is_admin(self) -> bool {
        self != Role::Guest
    }
}

/// A hotel in the admin's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminHotelSummary {
    pub slug: String,
    pub name: String,
    pub city_name: String,
    pub published: bool,
    pub currency: String,
    pub time_zone: String,
    pub room_types: u32,
    pub total_rooms: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Photo {
    pub id: i64,
    /// Served by the app: `/photos/12` to guests once the hotel is published; in the admin API,
    /// `/api/v1/admin/hotels/{slug}/photos/12` (bearer token).
    pub url: String,
    pub caption: String,
    pub width: u32,
    pub height: u32,
    pub content_type: String,
}

impl Photo {
    /// Where the admin pages show it: through the signed-in session, published or not.
    pub fn admin_src(&self, hotel_slug: &str) -> String {
        format!("/admin/hotels/{hotel_slug}/photos/{}", self.id)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminRoomType {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    pub size_m2: u32,
    pub amenities: Vec<String>,
    /// Sunday to Thursday nights.
    pub nightly_rate_minor: i64,
    /// Friday and Saturday nights.
    pub weekend_rate_minor: i64,
    pub total_rooms: u32,
    pub retired: bool,
}

/// Everything an admin edits about one hotel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminHotel {
    pub slug: String,
    pub name: String,
    pub city_slug: String,
    pub city_name: String,
    pub country: String,
    pub address: String,
    pub stars: u8,
    pub currency: String,
    pub time_zone: String,
    pub tagline: String,
    pub description: String,
    pub amenities: Vec<String>,
    pub policies: Policies,
    pub published: bool,
    pub photos: Vec<Photo>,
    pub room_types: Vec<AdminRoomType>,
    /// The hotel's own calendar date now (arrivals and departures are counted on it).
    pub today: NaiveDate,
}

/// A hotel as created or edited (JSON API and admin form alike).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HotelInput {
    pub name: String,
    /// A city already on the platform, by name; a new city also needs `country`.
    pub city: String,
    #[serde(default)]
    pub country: String,
    pub address: String,
    /// IANA time zone, e.g. `Europe/Lisbon`.
    pub time_zone: String,
    pub stars: u8,
    /// ISO 4217 code, e.g. `EUR`.
    pub currency: String,
    #[serde(default)]
    pub tagline: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub amenities: Vec<String>,
    /// `HH:MM`, hotel's local time.
    pub check_in_time: String,
    pub check_out_time: String,
    pub free_cancellation_days: u32,
    /// Basis points of the room subtotal: 750 is 7.5 %.
    pub tax_rate_bp: u32,
    #[serde(default)]
    pub pets_allowed: bool,
    #[serde(default)]
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct PublishInput {
    pub published: bool,
}

/// Takes a room type off sale, or puts it back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RetireInput {
    /// True takes the room type off sale; false puts it back.
    pub retired: bool,
}

/// A room type as created or edited.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoomTypeInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub capacity: u32,
    pub beds: String,
    #[serde(default)]
    pub size_m2: u32,
    #[serde(default)]
    pub amenities: Vec<String>,
    pub nightly_rate_minor: i64,
    /// Defaults to the nightly rate when absent.
    #[serde(default)]
    pub weekend_rate_minor: Option<i64>,
    pub total_rooms: u32,
}

/// One night of one room type in the rates and availability calendar.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CalendarNight {
    pub night: NaiveDate,
    /// What a guest pays for this night before taxes.
    pub rate_minor: i64,
    /// Set when this night's price differs from the room type's base rate.
    pub rate_override: bool,
    /// Rooms for sale this night.
    pub allotment: u32,
    pub sold: u32,
    pub closed: bool,
    pub weekend: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Calendar {
    pub hotel_slug: String,
    pub hotel_name: String,
    pub room_type: AdminRoomType,
    pub currency: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub today: NaiveDate,
    pub nights: Vec<CalendarNight>,
}

/// A change to a range of nights, first to last inclusive. Unset fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CalendarChange {
    pub first_night: NaiveDate,
    pub last_night: NaiveDate,
    /// The price for each of these nights, before taxes.
    #[serde(default)]
    pub rate_minor: Option<i64>,
    /// Back to the room type's base rates.
    #[serde(default)]
    pub reset_rate: bool,
    /// Rooms for sale each night; never fewer than already sold.
    #[serde(default)]
    pub rooms: Option<u32>,
    /// Stop (true) or resume (false) sales on these nights.
    #[serde(default)]
    pub closed: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AlertRecipient {
    pub email: String,
    /// Sent an email for every new booking.
    pub on_booking: bool,
    /// Sent an email for every cancellation.
    pub on_cancellation: bool,
    /// The address confirmed it wants the alerts, by the link emailed to it; until then it gets
    /// none. Ignored on input: a new address always starts unconfirmed.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(read_only))]
    pub confirmed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AlertRecipients {
    pub recipients: Vec<AlertRecipient>,
}

/// One hotel's alert recipient, in the list of every hotel the admin runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HotelAlertRecipient {
    /// The hotel's slug.
    pub hotel: String,
    pub hotel_name: String,
    pub email: String,
    pub on_booking: bool,
    pub on_cancellation: bool,
    /// False while the address has not confirmed by its link (it gets no alerts meanwhile).
    pub confirmed: bool,
}

/// The secret from an alert confirmation link (`/alerts/confirm?token=…`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AlertConfirmation {
    pub token: String,
}

/// An address that now gets a hotel's booking alerts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ConfirmedAlerts {
    pub hotel_name: String,
    pub email: String,
}

/// Someone who runs a hotel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HotelAdmin {
    pub email: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssignAdmin {
    /// The email of an existing account; it becomes a hotel admin.
    pub email: String,
}
