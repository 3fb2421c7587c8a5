//! SQL for who runs each hotel (`hotel_admins`), on both databases; taking a hotel away also
//! takes the admin's address off its alerts.
use crate::store::{Db, Tx, begin_write, on_db, on_tx};

/// The hotels a hotel admin is assigned to.
pub async fn hotels_of(db: &Db, customer_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT hotel_id FROM hotel_admins WHERE customer_id = $1 ORDER BY hotel_id";
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(customer_id)
        .fetch_all(p)
        .await)
}

/// The accounts assigned to the hotel.
pub async fn admins_of(db: &Db, hotel_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let sql = "SELECT customer_id FROM hotel_admins WHERE hotel_id = $1";
    on_db!(db, |p| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)
}

/// Assigns the hotel to an admin, inside the transaction that also adds their address to
/// the hotel's alerts (they can opt out on the alerts page).
pub async fn assign(tx: &mut Tx, hotel_id: i64, customer_id: i64) -> Result<(), sqlx::Error> {
    let sql =
        "INSERT INTO hotel_admins (hotel_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    on_tx!(tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(customer_id)
        .execute(c)
        .await
        .map(|_| ()))
}

/// Takes the hotel away from an admin, and its alert emails with it (they carry guests'
/// details). False when they were not assigned.
pub async fn unassign(
    db: &Db,
    hotel_id: i64,
    customer_id: i64,
    email: &str,
) -> Result<bool, sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let sql = "DELETE FROM hotel_admins WHERE hotel_id = $1 AND customer_id = $2";
    let done = on_tx!(&mut tx, |t| sqlx::query(sql)
        .bind(hotel_id)
        .bind(customer_id)
        .execute(t)
        .await
        .map(|r| r.rows_affected()))?;
    if done == 0 {
        return Ok(false);
    }
    let sql = "DELETE FROM alert_recipients WHERE hotel_id = $1 AND lower(email) = lower($2)";
    on_tx!(&mut tx, |t| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .execute(t)
        .await
        .map(|_| ()))?;
    tx.commit().await?;
    Ok(true)
}
