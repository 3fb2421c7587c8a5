//! A booking as read back from the database: the joined row and what the services use of it.
use app::model::{Booking, BookingStatus, GuestDetails, Policies, Quote};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::types::Json;

/// The booking with its hotel, city and room type, for every read of whole bookings.
pub(super) const BOOKING_SELECT: &str = "SELECT b.id, b.room_type_id, b.reference, b.status, b.check_in, b.check_out, b.guests,
       b.guest_name, b.guest_email, b.guest_phone, b.special_requests, b.price, b.created_at, b.cancelled_at,
       b.cancel_deadline, b.arrival, h.slug AS hotel_slug, h.name AS hotel_name, h.address, h.time_zone, h.policies,
       c.name AS city_name, r.slug AS room_type_slug, r.name AS room_type_name
  FROM bookings b JOIN hotels h ON h.id = b.hotel_id JOIN cities c ON c.slug = h.city_slug
  JOIN room_types r ON r.id = b.room_type_id";

#[derive(sqlx::FromRow)]
pub(super) struct BookingRow {
    id: i64,
    room_type_id: i64,
    reference: String,
    status: String,
    check_in: NaiveDate,
    check_out: NaiveDate,
    guests: i32,
    guest_name: String,
    guest_email: String,
    guest_phone: Option<String>,
    special_requests: Option<String>,
    price: Json<Quote>,
    created_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    cancel_deadline: Option<DateTime<Utc>>,
    arrival: String,
    hotel_slug: String,
    hotel_name: String,
    address: String,
    time_zone: String,
    policies: Json<Policies>,
    city_name: String,
    room_type_slug: String,
    room_type_name: String,
}

/// A stored booking, plus its row id and room type id for updates.
pub struct StoredBooking {
    pub id: i64,
    pub room_type_id: i64,
    /// The front desk has recorded no arrival, check-out or no-show yet.
    pub expected: bool,
    pub booking: Booking,
}

impl From<BookingRow> for StoredBooking {
    fn from(r: BookingRow) -> Self {
        StoredBooking {
            id: r.id,
            room_type_id: r.room_type_id,
            expected: r.arrival == "expected",
            booking: Booking {
                reference: r.reference,
                status: BookingStatus::parse(&r.status).unwrap_or(BookingStatus::Cancelled),
                hotel_slug: r.hotel_slug,
                hotel_name: r.hotel_name,
                city_name: r.city_name,
                address: r.address,
                time_zone: r.time_zone,
                check_in_time: r.policies.0.check_in_time,
                check_out_time: r.policies.0.check_out_time,
                room_type_slug: r.room_type_slug,
                room_type_name: r.room_type_name,
                check_in: r.check_in,
                check_out: r.check_out,
                guests: r.guests.max(0) as u32,
                guest: GuestDetails {
                    name: r.guest_name,
                    email: r.guest_email,
                    phone: r.guest_phone,
                },
                special_requests: r.special_requests,
                price: r.price.0,
                created_at: r.created_at,
                cancelled_at: r.cancelled_at,
                cancel_deadline: r.cancel_deadline,
                cancel_deadline_local: None,
                can_cancel: false,
                upcoming: false,
            },
        }
    }
}
