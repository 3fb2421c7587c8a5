//! SQL for who runs each hotel (`hotel_admins`) and who hears about its bookings
//! (`alert_recipients`), on both databases.
use app::model::AlertRecipient;

use crate::store::{Conn, Db, Tx, begin_write, on_conn, on_db, on_tx};

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

/// Assigns the hotel to an admin, who hears about its bookings from the start (they can opt
/// out on the alerts page).
pub async fn assign(
    db: &Db,
    hotel_id: i64,
    customer_id: i64,
    email: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = begin_write(db).await?;
    let sql =
        "INSERT INTO hotel_admins (hotel_id, customer_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(customer_id)
        .execute(c)
        .await
        .map(|_| ()))?;
    let sql = "INSERT INTO alert_recipients (hotel_id, email) VALUES ($1, lower($2)) ON CONFLICT DO NOTHING";
    on_tx!(&mut tx, |c| sqlx::query(sql)
        .bind(hotel_id)
        .bind(email)
        .execute(c)
        .await
        .map(|_| ()))?;
    tx.commit().await
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

pub async fn recipients(db: &Db, hotel_id: i64) -> Result<Vec<AlertRecipient>, sqlx::Error> {
    let sql = "SELECT email, on_booking, on_cancellation FROM alert_recipients WHERE hotel_id = $1 ORDER BY email";
    let rows: Vec<(String, bool, bool)> = on_db!(db, |p| sqlx::query_as(sql)
        .bind(hotel_id)
        .fetch_all(p)
        .await)?;
    Ok(rows
        .into_iter()
        .map(|(email, on_booking, on_cancellation)| AlertRecipient {
            email,
            on_booking,
            on_cancellation,
        })
        .collect())
}

/// The recipients who asked to hear about new bookings (`cancellation` false) or about
/// cancellations, read in the transaction that changed the booking.
pub async fn subscribed(
    conn: Conn<'_>,
    hotel_id: i64,
    cancellation: bool,
) -> Result<Vec<String>, sqlx::Error> {
    let sql = if cancellation {
        "SELECT email FROM alert_recipients WHERE hotel_id = $1 AND on_cancellation ORDER BY email"
    } else {
        "SELECT email FROM alert_recipients WHERE hotel_id = $1 AND on_booking ORDER BY email"
    };
    on_conn!(conn, |c| sqlx::query_scalar(sql)
        .bind(hotel_id)
        .fetch_all(c)
        .await)
}

/// Replaces the hotel's recipients in one transaction.
pub async fn set_recipients(
    db: &Db,
    hotel_id: i64,
    list: &[AlertRecipient],
) -> Result<(), sqlx::Error> {
    let mut tx: Tx = begin_write(db).await?;
    on_tx!(&mut tx, |c| sqlx::query(
        "DELETE FROM alert_recipients WHERE hotel_id = $1"
    )
    .bind(hotel_id)
    .execute(c)
    .await
    .map(|_| ()))?;
    for r in list {
        let sql = "INSERT INTO alert_recipients (hotel_id, email, on_booking, on_cancellation) VALUES ($1, $2, $3, $4)";
        on_tx!(&mut tx, |c| sqlx::query(sql)
            .bind(hotel_id)
            .bind(&r.email)
            .bind(r.on_booking)
            .bind(r.on_cancellation)
            .execute(c)
            .await
            .map(|_| ()))?;
    }
    tx.commit().await
}
