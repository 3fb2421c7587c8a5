//! A booking as stored, and the booking people see: the stored row with its hotel's and room
//! type's names (from the hotels service) and what depends on the hotel's clock.
use app::model::{Booking, BookingStatus, GuestDetails, Quote};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;

use super::policy;
use crate::error::{Error, Result};
use crate::hotels::store::Labels;

/// The columns every read of whole bookings selects.
pub(crate) const BOOKING_COLS: &str =
    "id, customer_id, hotel_id, room_type_id, reference, status, check_in, check_out, guests,
       guest_name, guest_email, guest_phone, special_requests, price, created_at, cancelled_at,
       cancel_deadline, arrival, arrival_at, cancelled_by";

#[derive(Clone, Debug, sqlx::FromRow)]
pub struct BookingRow {
    pub id: i64,
    pub customer_id: i64,
    pub hotel_id: i64,
    pub room_type_id: i64,
    pub reference: String,
    status: String,
    pub check_in: NaiveDate,
    pub check_out: NaiveDate,
    guests: i32,
    guest_name: String,
    guest_email: String,
    guest_phone: Option<String>,
    special_requests: Option<String>,
    price: Json<Quote>,
    pub created_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    cancel_deadline: Option<DateTime<Utc>>,
    arrival: String,
    pub arrival_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<String>,
}

impl BookingRow {
    pub fn status(&self) -> BookingStatus {
        BookingStatus::parse(&self.status).unwrap_or(BookingStatus::Cancelled)
    }

    /// The front desk has recorded no arrival, check-out or no-show yet.
    pub fn expected(&self) -> bool {
        self.arrival == "expected"
    }

    pub fn arrival(&self) -> &str {
        &self.arrival
    }

    pub fn guests(&self) -> u32 {
        self.guests.max(0) as u32
    }

    pub fn guest(&self) -> GuestDetails {
        GuestDetails {
            name: self.guest_name.clone(),
            email: self.guest_email.clone(),
            phone: self.guest_phone.clone(),
        }
    }

    pub fn special_requests(&self) -> Option<&str> {
        self.special_requests.as_deref()
    }

    pub fn price(&self) -> &Quote {
        &self.price.0
    }

    pub fn cancel_deadline(&self) -> Option<DateTime<Utc>> {
        self.cancel_deadline
    }

    pub fn cancelled_at(&self) -> Option<DateTime<Utc>> {
        self.cancelled_at
    }

    /// The booking as its guest sees it at `now`: names from `labels`, and the cancellation
    /// window and "upcoming" on the hotel's clock.
    pub fn present(&self, labels: &Labels, now: DateTime<Utc>) -> Result<Booking> {
        let (Some(hotel), Some(room)) = (
            labels.hotels.get(&self.hotel_id),
            labels.rooms.get(&self.room_type_id),
        ) else {
            tracing::error!(reference = %self.reference, "a booking's hotel or room type is missing");
            return Err(Error::Internal);
        };
        let status = self.status();
        let confirmed = status == BookingStatus::Confirmed;
        let today = app::model::today_at(now, &hotel.time_zone);
        Ok(Booking {
            reference: self.reference.clone(),
            status,
            hotel_slug: hotel.slug.clone(),
            hotel_name: hotel.name.clone(),
            city_name: hotel.city_name.clone(),
            address: hotel.address.clone(),
            time_zone: hotel.time_zone.clone(),
            check_in_time: hotel.policies.check_in_time.clone(),
            check_out_time: hotel.policies.check_out_time.clone(),
            room_type_slug: room.slug.clone(),
            room_type_name: room.name.clone(),
            check_in: self.check_in,
            check_out: self.check_out,
            guests: self.guests(),
            guest: self.guest(),
            special_requests: self.special_requests.clone(),
            price: self.price.0.clone(),
            created_at: self.created_at,
            cancelled_at: self.cancelled_at,
            cancel_deadline: self.cancel_deadline,
            cancel_deadline_local: self
                .cancel_deadline
                .map(|d| policy::wall_clock(d, &hotel.time_zone)),
            can_cancel: policy::can_cancel(confirmed && self.expected(), self.cancel_deadline, now),
            upcoming: confirmed && self.check_out > today,
        })
    }
}
