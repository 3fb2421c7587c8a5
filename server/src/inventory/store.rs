//! SQL for the `inventory` table on both databases: the only code that names it.
use std::collections::HashMap;

use chrono::NaiveDate;

use super::{InventoryMap, NightState, NightsChange};
use crate::store::{Conn, Db, Ids, Tx, any_of, on_conn, on_db, on_tx};

#[derive(sqlx::FromRow)]
struct Row {
    room_type_id: i64,
    night: NaiveDate,
    allotment: i32,
    sold: i32,
    rate_minor: Option<i64>,
    closed: bool,
}

/// The rows of the room types over `[from, to)`, keyed by room type then night.
pub async fn nights(
    conn: Conn<'_>,
    room_type_ids: &[i64],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<InventoryMap, sqlx::Error> {
    let mut map = InventoryMap::new();
    if room_type_ids.is_empty() {
        return Ok(map);
    }
    let sql = format!(
        "SELECT room_type_id, night, allotment, sold, rate_minor, closed FROM inventory
          WHERE {} AND night >= $2 AND night < $3",
        any_of(conn.is_sqlite(), "room_type_id", "$1")
    );
    let rows: Vec<Row> = on_conn!(conn, |c| sqlx::query_as(&sql)
        .bind(Ids(room_type_ids))
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?;
    for r in rows {
        map.entry(r.room_type_id)
            .or_default()
            .insert(r.night, r.state());
    }
    Ok(map)
}

impl Row {
    fn state(&self) -> NightState {
        NightState {
            allotment: Some(i64::from(self.allotment)),
            sold: i64::from(self.sold),
            rate_minor: self.rate_minor,
            closed: self.closed,
        }
    }
}

/// Makes sure a row exists for every night of `[from, to)` (nothing sold, `allotment` rooms).
pub async fn ensure(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
    allotment: i32,
) -> Result<(), sqlx::Error> {
    // Each database's own way to list the nights of the range.
    let sql = if matches!(tx, Tx::Sqlite(_)) {
        "WITH RECURSIVE nights(n) AS (SELECT date($1) UNION ALL SELECT date(n, '+1 day') FROM nights WHERE date(n, '+1 day') < date($2))
         INSERT INTO inventory (room_type_id, night, allotment, sold) SELECT $3, n, $4, 0 FROM nights WHERE true
         ON CONFLICT (room_type_id, night) DO NOTHING"
    } else {
        "INSERT INTO inventory (room_type_id, night, allotment, sold)
         SELECT $3, d::date, $4, 0 FROM generate_series($1::date, $2::date - 1, interval '1 day') AS d
         ON CONFLICT (room_type_id, night) DO NOTHING"
    };
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(from)
        .bind(to)
        .bind(room_type_id)
        .bind(allotment)
        .execute(c)
        .await
        .map(|_| ()))
}

/// Sells one room on each night of `[from, to)` only where `sold + 1 <= allotment` and the night
/// is open (rows are created with `allotment` rooms where missing). Returns the nights that
/// sold, as they stand after the sale (the stay is priced from them): fewer than asked means
/// sold out, and the caller rolls back.
pub async fn sell(
    tx: &mut Tx,
    room_type_id: i64,
    allotment: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<HashMap<NaiveDate, NightState>, sqlx::Error> {
    ensure(tx, room_type_id, from, to, allotment as i32).await?;
    let sql = "UPDATE inventory SET sold = sold + 1
               WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND NOT closed AND sold + 1 <= allotment
               RETURNING room_type_id, night, allotment, sold, rate_minor, closed";
    let rows: Vec<Row> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(to)
        .fetch_all(c)
        .await)?;
    Ok(rows.into_iter().map(|r| (r.night, r.state())).collect())
}

/// Gives back one room on each night of `[from, to)`; returns how many rows changed.
pub async fn release(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<u64, sqlx::Error> {
    let sql = "UPDATE inventory SET sold = sold - 1 WHERE room_type_id = $1 AND night >= $2 AND night < $3 AND sold > 0";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(to)
        .execute(c)
        .await
        .map(|r| r.rows_affected()))
}

/// On PostgreSQL, holds the nights' rows from `first` (to `last`, or on) so no booking sells
/// one between checking `sold` and lowering the rooms for sale; the booking waits, then sees
/// the new number. SQLite's write transaction already excludes every other writer.
pub async fn lock(
    tx: &mut Tx,
    room_type_id: i64,
    first: NaiveDate,
    last: Option<NaiveDate>,
) -> Result<(), sqlx::Error> {
    if let Tx::Postgres(t) = tx {
        let sql = "SELECT night FROM inventory WHERE room_type_id = $1 AND night >= $2
                   AND night <= COALESCE($3, night) FOR UPDATE";
        sqlx::query(sql)
            .bind(room_type_id)
            .bind(first)
            .bind(last)
            .execute(&mut **t)
            .await?;
    }
    Ok(())
}

/// Nights of `[first, last]` that sold more than `rooms`, in order, with what they sold.
pub async fn oversold(
    tx: &mut Tx,
    room_type_id: i64,
    first: NaiveDate,
    last: NaiveDate,
    rooms: u32,
) -> Result<Vec<(NaiveDate, i32)>, sqlx::Error> {
    let sql = "SELECT night, sold FROM inventory WHERE room_type_id = $1 AND night >= $2 AND night <= $3 AND sold > $4 ORDER BY night";
    on_tx!(tx, |t| sqlx::query_as(sql)
        .bind(room_type_id)
        .bind(first)
        .bind(last)
        .bind(rooms as i32)
        .fetch_all(t)
        .await)
}

/// Applies a calendar change to every night of `[first, last]` (rows made by [`ensure`]).
pub async fn change(
    tx: &mut Tx,
    room_type_id: i64,
    (first, last): (NaiveDate, NaiveDate),
    c: &NightsChange,
) -> Result<(), sqlx::Error> {
    // Unset parts of the change keep what each night has.
    let sql = "UPDATE inventory SET allotment = COALESCE($4, allotment),
                 rate_minor = CASE WHEN $5 THEN NULL ELSE COALESCE($6, rate_minor) END,
                 closed = COALESCE($7, closed)
               WHERE room_type_id = $1 AND night >= $2 AND night <= $3";
    on_tx!(tx, |t| sqlx::query(sql)
        .bind(room_type_id)
        .bind(first)
        .bind(last)
        .bind(c.rooms.map(|r| r as i32))
        .bind(c.reset_rate)
        .bind(c.rate_minor)
        .bind(c.closed)
        .execute(t)
        .await
        .map(|_| ()))
}

/// A room type's total changes from `old` to `new`: nights from `from` on still at the old
/// total follow it (others keep what the calendar set). Refused with the first nights that sold
/// more than `new` (at most three).
pub async fn follow_total(
    tx: &mut Tx,
    room_type_id: i64,
    from: NaiveDate,
    old: i32,
    new: i32,
) -> Result<Result<(), Vec<(NaiveDate, i32)>>, sqlx::Error> {
    lock(tx, room_type_id, from, None).await?;
    let sql = "SELECT night, sold FROM inventory WHERE room_type_id = $1 AND night >= $2 AND sold > $3 AND allotment = $4
               ORDER BY night LIMIT 3";
    let over: Vec<(NaiveDate, i32)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(new)
        .bind(old)
        .fetch_all(c)
        .await)?;
    if !over.is_empty() {
        return Ok(Err(over));
    }
    let sql = "UPDATE inventory SET allotment = $3 WHERE room_type_id = $1 AND night >= $2 AND allotment = $4";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(room_type_id)
        .bind(from)
        .bind(new)
        .bind(old)
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(Ok(()))
}

/// Whether any night of these room types has a room sold (past or future).
pub async fn any_sold(db: &Db, room_type_ids: &[i64]) -> Result<bool, sqlx::Error> {
    if room_type_ids.is_empty() {
        return Ok(false);
    }
    let sql = format!(
        "SELECT COUNT(*) FROM inventory WHERE {} AND sold > 0",
        any_of(db.is_sqlite(), "room_type_id", "$1")
    );
    let n: i64 = on_db!(db, |p| sqlx::query_scalar(&sql)
        .bind(Ids(room_type_ids))
        .fetch_one(p)
        .await)?;
    Ok(n > 0)
}
