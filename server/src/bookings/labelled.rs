//! A booking read inside its change's transaction with its hotel's and room type's labels: what
//! the change's emails and its event both describe.
use crate::hotels::store::{self as hotels, HotelLabel, RoomLabel};
use crate::store::{Conn, Tx};

use super::row::BookingRow;
use super::store;

/// Booking `id` as `tx` sees it, with its hotel and room type (`RowNotFound` if any is missing).
pub async fn read(
    tx: &mut Tx,
    id: i64,
) -> Result<(BookingRow, HotelLabel, RoomLabel), sqlx::Error> {
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
    Ok((row, hotel, room))
}
