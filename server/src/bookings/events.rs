//! The booking event a change causes, recorded in the change's own transaction as its last
//! write (after its emails): the booking as the event tells it, read back inside the
//! transaction so it shows the change.
use chrono::NaiveDate;

use crate::outbox::events::{
    self, BookingEventData, BookingEventDoc, DepartureData, EventType, GuestsData, HotelData,
    MoneyData, RecordedEvent, RoomTypeData, StayData,
};
use crate::state::App;
use crate::store::Tx;

use super::labelled::Labelled;

/// What changed, with what the event says beyond the booking itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Created,
    Cancelled,
    CheckedIn,
    /// The guest left on `departed` (the hotel's local date), maybe before the booked check-out.
    CheckedOut {
        departed: NaiveDate,
    },
    NoShow,
}

impl Change {
    pub fn event_type(self) -> EventType {
        match self {
            Change::Created => EventType::Created,
            Change::Cancelled => EventType::Cancelled,
            Change::CheckedIn => EventType::CheckedIn,
            Change::CheckedOut { .. } => EventType::CheckedOut,
            Change::NoShow => EventType::NoShow,
        }
    }
}

/// Records the event of `change` to the booking inside `tx`.
pub async fn write(
    app: &App,
    tx: &mut Tx,
    booking: &Labelled,
    change: Change,
) -> Result<RecordedEvent, sqlx::Error> {
    let Labelled { row, hotel, room } = booking;
    let price = row.price();
    let data = BookingEventData {
        reference: row.reference.clone(),
        status: row.status().as_str().to_owned(),
        arrival: row.arrival().to_owned(),
        hotel: HotelData {
            slug: hotel.slug.clone(),
            name: hotel.name.clone(),
            time_zone: hotel.time_zone.clone(),
        },
        room_type: RoomTypeData {
            slug: room.slug.clone(),
            name: room.name.clone(),
        },
        stay: StayData {
            check_in: row.check_in,
            check_out: row.check_out,
            nights: (row.check_out - row.check_in).num_days().max(0) as u32,
        },
        guests: GuestsData {
            total: row.guests(),
        },
        total: MoneyData {
            amount_minor: price.total_minor,
            currency: price.currency.clone(),
        },
        booked_at: row.created_at,
        cancelled_by: match change {
            Change::Cancelled => row.cancelled_by.clone(),
            _ => None,
        },
        departure: match change {
            Change::CheckedOut { departed } => Some(DepartureData {
                date: departed,
                early: departed < row.check_out,
            }),
            _ => None,
        },
    };
    let doc = BookingEventDoc::new(
        app.outbox.public_url(),
        change.event_type(),
        app.clock.now(),
        data,
    );
    events::record(tx, row.hotel_id, Some(row.id), &doc).await
}
