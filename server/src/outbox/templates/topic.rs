//! The admin alerts (new booking, cancellation) as OCI Notifications messages: a title and a
//! plain-text body an on-call hotel admin understands at a glance on a phone, with the link to
//! the booking in the admin. The guest's name is there (the topic reaches the hotel's own
//! admins); no contact details, card data or special requests.
use app::model::{EmailKind, format_money};

use super::{BookingFacts, long_date, nights, plural};
use crate::outbox::BookingEvent;

pub struct TopicAlert {
    pub kind: EmailKind,
    pub title: String,
    pub body: String,
}

pub fn render(f: &BookingFacts, event: BookingEvent, public_url: &str) -> TopicAlert {
    let desk = format!(
        "{}/admin/bookings/{}",
        public_url.trim_end_matches('/'),
        f.reference
    );
    let (kind, title, opening) = match event {
        BookingEvent::Confirmed => (
            EmailKind::AdminNewBooking,
            format!("New booking at {}: {}", f.hotel_name, f.reference),
            format!(
                "New booking {} at {} ({}).",
                f.reference, f.hotel_name, f.city_name
            ),
        ),
        BookingEvent::Cancelled => (
            EmailKind::AdminCancellation,
            format!("Booking cancelled at {}: {}", f.hotel_name, f.reference),
            format!(
                "Booking {} at {} ({}) was cancelled{}. Its nights are back on sale.",
                f.reference,
                f.hotel_name,
                f.city_name,
                if f.by_hotel {
                    " by the hotel"
                } else {
                    " by the guest"
                }
            ),
        ),
    };
    let body = format!(
        "{opening}\n\n\
         Guest: {}, {}\n\
         Room type: {}\n\
         Stay: {} to {}, {} (hotel dates)\n\
         Total: {}\n\n\
         Open the booking: {desk}\n",
        f.guest_name,
        plural(f.guests, "guest"),
        f.room_type_name,
        long_date(f.check_in),
        long_date(f.check_out),
        nights(f),
        format_money(f.price.total_minor, &f.price.currency),
    );
    TopicAlert { kind, title, body }
}
