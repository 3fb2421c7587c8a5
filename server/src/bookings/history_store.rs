//! SQL that writes the demo's booking history (demo only): many bookings per statement, each
//! as it stands after its stay, cancellation or no-show.
use sqlx::types::Json;

use super::history::PastBooking;
use crate::store::{At, Tx, on_tx, values_rows};

const COLUMNS: &str = "reference, customer_id, hotel_id, room_type_id, check_in, check_out, guests,
    guest_name, guest_email, guest_phone, special_requests, status, currency, total_minor, price,
    cancel_deadline, created_at, cancelled_at, cancelled_by, arrival, arrival_at";
const PER_ROW: usize = 21;
/// Rows per statement: well under both databases' limits on bound parameters.
const BATCH: usize = 300;

/// Inserts the bookings; a reference already taken fails the whole transaction.
pub async fn insert(tx: &mut Tx, bookings: &[PastBooking]) -> Result<(), sqlx::Error> {
    for chunk in bookings.chunks(BATCH) {
        let rows = values_rows(matches!(tx, Tx::Sqlite(_)), chunk.len(), PER_ROW);
        let sql = format!("INSERT INTO bookings ({COLUMNS}) VALUES {rows}");
        on_tx!(tx, |c| {
            let mut q = sqlx::query(&sql);
            for b in chunk {
                let (arrival, arrival_at) = b.fate.arrival();
                let cancelled = b.fate.cancelled();
                let status = if cancelled.is_some() {
                    "cancelled"
                } else {
                    "confirmed"
                };
                q = q
                    .bind(&b.reference)
                    .bind(b.customer_id)
                    .bind(b.hotel_id)
                    .bind(b.room_type_id)
                    .bind(b.stay.check_in)
                    .bind(b.stay.check_out)
                    .bind(b.guests as i32)
                    .bind(&b.guest.name)
                    .bind(&b.guest.email)
                    .bind(&b.guest.phone)
                    .bind(&b.special_requests)
                    .bind(status)
                    .bind(&b.price.currency)
                    .bind(b.price.total_minor)
                    .bind(Json(&b.price))
                    .bind(b.cancel_deadline.map(At))
                    .bind(At(b.created_at))
                    .bind(cancelled.map(|(at, _)| At(at)))
                    .bind(cancelled.map(|(_, by)| by))
                    .bind(arrival.as_str())
                    .bind(arrival_at.map(At));
            }
            q.execute(c).await.map(|_| ())
        })?;
    }
    Ok(())
}
