//! SQL that writes the nights a demo history sold (demo only): one statement per room type.
use chrono::NaiveDate;

use crate::store::{Tx, on_tx, values_rows};

/// Inserts the room type's nights with `allotment` rooms and what each sold. For a room type
/// without rows yet: a night that already has one fails the transaction rather than miscount.
pub async fn insert_sold(
    tx: &mut Tx,
    room_type_id: i64,
    allotment: i64,
    nights: &[(NaiveDate, i64)],
) -> Result<(), sqlx::Error> {
    if nights.is_empty() {
        return Ok(());
    }
    let rows = values_rows(matches!(tx, Tx::Sqlite(_)), nights.len(), 4);
    let sql = format!("INSERT INTO inventory (room_type_id, allotment, night, sold) VALUES {rows}");
    on_tx!(tx, |c| {
        let mut q = sqlx::query(&sql);
        for (night, sold) in nights {
            q = q
                .bind(room_type_id)
                .bind(allotment as i32)
                .bind(*night)
                .bind(*sold as i32);
        }
        q.execute(c).await.map(|_| ())
    })
}
