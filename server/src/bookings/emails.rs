//! The emails a booking change causes, written in the change's own transaction: the booking
//! as its emails describe it, to the guest and to the hotel's confirmed alert recipients
//! subscribed to the event, or, when it has none, to the verified platform admins: every
//! booking alerts somebody.
use crate::customers;
use crate::hotels::alerts;
use crate::outbox::{BookingEvent, BookingFacts, HotelAlerts};
use crate::state::App;
use crate::store::{Conn, Tx};

use super::labelled::Labelled;

/// Renders the emails of `event` for the booking into the outbox, inside `tx`.
pub async fn write(
    app: &App,
    tx: &mut Tx,
    booking: &Labelled,
    event: BookingEvent,
) -> Result<(), sqlx::Error> {
    let Labelled { row, hotel, room } = booking;
    let account = customers::store::by_id(&mut *tx, row.customer_id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let facts = BookingFacts {
        booking_id: row.id,
        hotel_id: row.hotel_id,
        reference: row.reference.clone(),
        hotel_slug: hotel.slug.clone(),
        hotel_name: hotel.name.clone(),
        address: hotel.address.clone(),
        city_name: hotel.city_name.clone(),
        time_zone: hotel.time_zone.clone(),
        policies: hotel.policies.clone(),
        room_type_name: room.name.clone(),
        check_in: row.check_in,
        check_out: row.check_out,
        guests: row.guests(),
        guest_name: row.guest().name,
        guest_email: row.guest().email,
        account_email: account.email,
        guest_phone: row.guest().phone,
        special_requests: row.special_requests().map(str::to_owned),
        price: row.price().clone(),
        cancel_deadline: row.cancel_deadline(),
        created_at: row.created_at,
        cancelled_at: row.cancelled_at(),
        by_hotel: row.cancelled_by.as_deref() == Some("hotel"),
    };
    let cancellation = event == BookingEvent::Cancelled;
    let recipients = alerts::subscribed(Conn::Tx(tx), row.hotel_id, cancellation).await?;
    let alerts = if recipients.is_empty() {
        HotelAlerts::PlatformAdmins(customers::verified_platform_admins(Conn::Tx(tx)).await?)
    } else {
        HotelAlerts::Recipients(recipients)
    };
    app.outbox.booking_emails(tx, &facts, &alerts, event).await
}
