//! What the front desk sees and does: bookings of a hotel, their actions, the dashboard.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Booking;

/// The front desk's record of a booking.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    #[default]
    Expected,
    CheckedIn,
    CheckedOut,
    NoShow,
}

impl Arrival {
    pub fn as_str(self) -> &'static str {
        match self {
            Arrival::Expected => "expected",
            Arrival::CheckedIn => "checked_in",
            Arrival::CheckedOut => "checked_out",
            Arrival::NoShow => "no_show",
        }
    }
    pub fn parse(text: &str) -> Option<Arrival> {
        Some(match text {
            "expected" => Arrival::Expected,
            "checked_in" => Arrival::CheckedIn,
            "checked_out" => Arrival::CheckedOut,
            "no_show" => Arrival::NoShow,
            _ => return None,
        })
    }
    pub fn label(self) -> &'static str {
        match self {
            Arrival::Expected => "Expected",
            Arrival::CheckedIn => "Checked in",
            Arrival::CheckedOut => "Checked out",
            Arrival::NoShow => "No-show",
        }
    }
}

/// Filters for the admin's bookings list; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct BookingFilter {
    /// Hotel slug.
    #[serde(default)]
    pub hotel: Option<String>,
    /// Stays that include a night on or after this date.
    #[serde(default)]
    pub from: Option<String>,
    /// Stays that include a night before this date.
    #[serde(default)]
    pub to: Option<String>,
    /// `confirmed`, `cancelled`, `checked_in`, `checked_out` or `no_show`.
    #[serde(default)]
    pub status: Option<String>,
    /// Reference, guest name or guest email (part of it).
    #[serde(default)]
    pub q: Option<String>,
    /// `arrivals` or `departures` today (in the hotel's zone), or `in_house`.
    #[serde(default)]
    pub today: Option<String>,
    #[serde(default)]
    pub page: Option<u32>,
}

/// One line of the admin's bookings list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminBookingRow {
    pub reference: String,
    pub hotel_slug: String,
    pub hotel_name: String,
    pub room_type_name: String,
    pub guest_name: String,
    pub guest_email: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    pub guests: u32,
    pub status: super::BookingStatus,
    pub arrival: Arrival,
    pub total_minor: i64,
    pub currency: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminBookingList {
    pub bookings: Vec<AdminBookingRow>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

/// A booking as the hotel sees it: the guest's booking plus the front desk's record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AdminBooking {
    pub booking: Booking,
    pub arrival: Arrival,
    pub arrival_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The booking's `created_at` and `cancelled_at` and `arrival_at` as the hotel's wall clock
    /// reads them, e.g. "Sat 21 Nov 2026, 20:14".
    pub booked_local: String,
    pub cancelled_local: Option<String>,
    pub arrival_local: Option<String>,
    /// `guest` or `hotel` when cancelled.
    pub cancelled_by: Option<String>,
    /// The front-desk actions allowed now, e.g. `check_in`, `no_show`, `cancel`.
    pub actions: Vec<String>,
}

/// A front-desk action on a booking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BookingAction {
    Cancel,
    CheckIn,
    CheckOut,
    NoShow,
}

impl BookingAction {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "cancel" => Self::Cancel,
            "check_in" | "check-in" => Self::CheckIn,
            "check_out" | "check-out" => Self::CheckOut,
            "no_show" | "no-show" => Self::NoShow,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cancel => "cancel",
            Self::CheckIn => "check_in",
            Self::CheckOut => "check_out",
            Self::NoShow => "no_show",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DayCount {
    pub day: NaiveDate,
    pub bookings: u32,
    pub cancellations: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NightOccupancy {
    pub night: NaiveDate,
    pub sold: u32,
    pub rooms: u32,
}

/// One hotel at a glance: the next 30 nights, the last 30 days of bookings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub hotel_slug: String,
    pub hotel_name: String,
    pub currency: String,
    pub today: NaiveDate,
    /// Next 30 nights from today.
    pub occupancy: Vec<NightOccupancy>,
    /// Rooms sold over rooms for sale across the next 30 nights, in basis points.
    pub occupancy_bp: u32,
    /// Confirmed bookings made in the last 30 days, their value.
    pub revenue_booked_minor: i64,
    /// Room revenue (before taxes) of confirmed stays over the next 30 nights.
    pub revenue_on_books_minor: i64,
    /// Last 30 days, oldest first.
    pub per_day: Vec<DayCount>,
    pub bookings_30d: u32,
    pub cancellations_30d: u32,
    pub arrivals_today: u32,
    pub departures_today: u32,
    pub in_house: u32,
}
