//! A booking read inside its change's transaction with its hotel's and room type's labels: what
//! the change's emails, its event and the answer to the guest all describe, read once.
use std::collections::HashMap;

use crate::hotels::store::{self as hotels, HotelLabel, Labels, RoomLabel};
use crate::store::{Conn, Tx};

use super::row::BookingRow;
use super::store;

/// A booking as its transaction sees it, with its hotel and room type.
pub struct Labelled {
    pub row: BookingRow,
    pub hotel: HotelLabel,
    pub room: RoomLabel,
}

impl Labelled {
    /// The labels of this one booking, as [`BookingRow::present`] takes them.
    pub fn labels(&self) -> Labels {
        Labels {
            hotels: HashMap::from([(self.hotel.id, self.hotel.clone())]),
            rooms: HashMap::from([(self.room.id, self.room.clone())]),
        }
    }
}

/// Booking `id` as `tx` sees it, with its hotel and room type (`RowNotFound` if any is missing).
pub async fn read(tx: &mut Tx, id: i64) -> Result<Labelled, sqlx::Error> {
    let row = store::by_id(tx, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let mut labels = hotels::labels(Conn::Tx(tx), &[row.hotel_id], &[row.room_type_id]).await?;
    let (Some(hotel), Some(room)) = (
        labels.hotels.remove(&row.hotel_id),
        labels.rooms.remove(&row.room_type_id),
    ) else {
        return Err(sqlx::Error::RowNotFound);
    };
    Ok(Labelled { row, hotel, room })
}
