//! Bookings as guests see them.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{Quote, Stay};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GuestDetails {
    pub name: String,
    pub email: String,
    pub phone: Option<String>,
}

/// The longest idempotency key a booking request may carry.
pub const MAX_KEY_LEN: usize = 128;

/// A booking as the API takes it (`POST /api/v1/bookings`, with an `Idempotency-Key` header).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewBooking {
    /// Hotel slug.
    pub hotel: String,
    /// Room type slug.
    pub room_type: String,
    /// First night, `YYYY-MM-DD`, hotel's local calendar.
    #[cfg_attr(feature = "ssr", schema(format = Date, example = "2027-05-07"))]
    pub check_in: String,
    /// Departure day (exclusive), `YYYY-MM-DD`.
    #[cfg_attr(feature = "ssr", schema(format = Date, example = "2027-05-10"))]
    pub check_out: String,
    #[cfg_attr(feature = "ssr", schema(minimum = 1, maximum = 8))]
    pub guests: u32,
    #[cfg_attr(feature = "ssr", schema(inline))]
    pub guest: GuestDetails,
    pub special_requests: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum BookingStatus {
    Confirmed,
    Cancelled,
}

impl BookingStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            BookingStatus::Confirmed => "confirmed",
            BookingStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "confirmed" => Some(BookingStatus::Confirmed),
            "cancelled" => Some(BookingStatus::Cancelled),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Booking {
    pub reference: String,
    pub status: BookingStatus,
    pub hotel_slug: String,
    pub hotel_name: String,
    pub city_name: String,
    pub address: String,
    pub time_zone: String,
    pub check_in_time: String,
    pub check_out_time: String,
    pub room_type_slug: String,
    pub room_type_name: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub guests: u32,
    pub guest: GuestDetails,
    pub special_requests: Option<String>,
    pub price: Quote,
    pub created_at: DateTime<Utc>,
    pub cancelled_at: Option<DateTime<Utc>>,
    /// Free cancellation ends at this instant; `None` when the policy never allowed it.
    pub cancel_deadline: Option<DateTime<Utc>>,
    /// The same deadline as the hotel's wall clock reads it, e.g. "Tue 4 Mar 2027, 15:00".
    pub cancel_deadline_local: Option<String>,
    /// Whether the guest may cancel right now (computed when the booking was read).
    pub can_cancel: bool,
    /// The stay has not ended yet, in the hotel's time zone.
    pub upcoming: bool,
}

impl Booking {
    pub fn stay(&self) -> Stay {
        Stay {
            check_in: self.check_in,
            check_out: self.check_out,
        }
    }
    pub fn nights(&self) -> u32 {
        self.stay().nights()
    }
}
